// Where the server listens (HOST, default 127.0.0.1 — behind a reverse proxy or on one machine) and the process's
// last resort: an error no request handler caught is logged and the server keeps serving the others.

import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Express } from 'express';

export const DEFAULT_HOST = '127.0.0.1';
const WILDCARD = new Set(['0.0.0.0', '::', '']);
const LOOPBACK = new Set(['127.0.0.1', '::1', 'localhost']);

function listenOn(app: Express, port: number, host: string): Promise<Server> {
  return new Promise((resolve, reject) => {
    const server = app.listen(port, host);
    server.once('listening', () => resolve(server));
    server.once('error', reject);
  });
}

export interface Listening {
  servers: Server[];
  port: number;
  url: string;
}

/**
 * Listens on `host`; a specific non-loopback address (one network card) gets a loopback listener too, so the
 * CLI on this machine still reaches the server (its endpoint accepts loopback connections only).
 */
export async function listenAt(app: Express, port: number, host: string): Promise<Listening> {
  const main = await listenOn(app, port, host);
  const actual = (main.address() as AddressInfo).port;
  const servers = [main];
  if (!WILDCARD.has(host) && !LOOPBACK.has(host)) servers.push(await listenOn(app, actual, '127.0.0.1'));
  const shown = WILDCARD.has(host) ? 'localhost' : host.includes(':') ? `[${host}]` : host;
  return { servers, port: actual, url: `http://${shown}:${actual}` };
}

let installed = false;
/** An uncaught error or rejection is logged, not fatal: one bad request must not end every session. */
export function keepServing(log: (message: string, e: unknown) => void = (m, e) => console.error(m, e)): void {
  if (installed) return;
  installed = true;
  process.on('uncaughtException', (e) => log('Необработанная ошибка; сервер продолжает работу:', e));
  process.on('unhandledRejection', (e) => log('Необработанный отказ промиса; сервер продолжает работу:', e));
}
