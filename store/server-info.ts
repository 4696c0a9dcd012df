// While the server owns the store it advertises itself in <db>.server.json (port + a random token), so CLI
// commands can hand their work to it over loopback instead of failing on DuckDB's file lock.
import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';

export interface ServerInfo {
  pid: number;
  port: number;
  token: string;
}

export const infoPath = (dbPath: string): string => `${dbPath}.server.json`;

export function advertise(dbPath: string, port: number): ServerInfo {
  const info = { pid: process.pid, port, token: randomBytes(24).toString('hex') };
  writeFileSync(infoPath(dbPath), JSON.stringify(info), { mode: 0o600 });
  return info;
}

export function withdraw(dbPath: string): void {
  rmSync(infoPath(dbPath), { force: true });
}

export function runningServer(dbPath: string): ServerInfo | null {
  if (!existsSync(infoPath(dbPath))) return null;
  try {
    const info = JSON.parse(readFileSync(infoPath(dbPath), 'utf8')) as ServerInfo;
    process.kill(info.pid, 0); // throws when the process is gone
    return info;
  } catch {
    return null;
  }
}
