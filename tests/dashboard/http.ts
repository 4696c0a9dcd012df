// Test helpers: start the app on an ephemeral port and talk to it with fetch, keeping cookies per client.
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { type AppOptions, createApp } from '../../dashboard/app.js';
import type { Store } from '../../store/db.js';

export interface Running {
  base: string;
  close: () => Promise<void>;
}

export async function listen(store: Store, opts: AppOptions = {}): Promise<Running> {
  const app = await createApp(store, { sessionSecret: 'test-secret', ...opts });
  const server: Server = await new Promise((resolve) => {
    const s = app.listen(0, '127.0.0.1', () => resolve(s));
  });
  const { port } = server.address() as AddressInfo;
  return {
    base: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise((r) => {
        server.closeAllConnections();
        server.close(() => r());
      }),
  };
}

export class Client {
  cookies = new Map<string, string>();
  csrf = '';
  constructor(readonly base: string) {}

  private keep(res: Response): void {
    for (const c of res.headers.getSetCookie()) {
      const [pair] = c.split(';');
      const i = pair!.indexOf('=');
      const name = pair!.slice(0, i),
        value = pair!.slice(i + 1);
      if (/Max-Age=0/i.test(c)) this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
  }

  header(): string {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
  }

  async req(path: string, init: RequestInit = {}): Promise<Response> {
    const headers = new Headers(init.headers);
    if (this.cookies.size) headers.set('cookie', this.header());
    const res = await fetch(this.base + path, { ...init, headers, redirect: 'manual' });
    this.keep(res);
    return res;
  }

  get(path: string): Promise<Response> {
    return this.req(path);
  }

  form(path: string, fields: Record<string, string>): Promise<Response> {
    return this.req(path, {
      method: 'POST',
      body: new URLSearchParams(fields),
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    });
  }

  /** Logs in through the form (with its CSRF token); returns the POST response. */
  async login(login: string, password: string): Promise<Response> {
    const page = await (await this.get('/login')).text();
    const token = /name="_csrf" value="([^"]+)"/.exec(page)?.[1] ?? '';
    const res = await this.form('/login', { _csrf: token, login, password });
    if (res.status === 303) {
      const home = await (await this.get(res.headers.get('location')!.replace(this.base, ''))).text();
      this.csrf = /name="csrf-token" content="([^"]+)"/.exec(home)?.[1] ?? '';
    }
    return res;
  }
}

/** Parses an NDJSON body into events. */
export const ndjson = (text: string): Record<string, unknown>[] =>
  text
    .split('\n')
    .filter((l) => l.trim())
    .map((l) => JSON.parse(l) as Record<string, unknown>);
