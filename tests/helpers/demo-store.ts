// A private copy of the demo municipality store built once per run by tests/setup/global.ts
// (generated in the real source layouts, ingested through the real path, built).
import { copyFileSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { DemoLogins } from '../../cli/bootstrap.js';
import { openStore, type Store } from '../../store/db.js';
import { markWorkStore } from '../../store/demo-guard.js';

export function demoCache(): string {
  const dir = process.env.ORIENTIR_DEMO_CACHE;
  if (!dir) throw new Error('The demo store is built by tests/setup/global.ts (vitest globalSetup).');
  return dir;
}

import type { Truth } from '../../demo/truth.js';

export type { Truth };
export const demoTruth = (): Truth => JSON.parse(readFileSync(join(demoCache(), 'demo', 'truth.json'), 'utf8'));
export const demoFiles = (): string => join(demoCache(), 'demo');

export async function demoStore(): Promise<{ store: Store; dir: string; logins: DemoLogins; path: string }> {
  const dir = mkdtempSync(join(tmpdir(), 'orientir-demo-'));
  const path = join(dir, 'store.duckdb');
  copyFileSync(join(demoCache(), 'store.duckdb'), path);
  const store = await openStore(path);
  return { store, dir, logins: JSON.parse(process.env.ORIENTIR_DEMO_LOGINS ?? 'null'), path };
}

/**
 * A working store with the demo's data: what a committee's own store looks like after it loaded the same files. A
 * store that holds the demo takes no other file through the web or the inbox (store/demo-guard.ts), so tests of
 * uploading real (regional) files use this. Test setup, not a product path: the copy's demo uploads are re-labelled
 * as loaded from the command line (channel 'cli' instead of 'demo' — the only thing demoInStore looks at besides a
 * pending demo load), and the store is marked a working store as `start --no-demo` does. Rows, users (with the demo
 * logins and password, so tests still log in) and marts are the demo's.
 */
export async function workStoreCopy(): Promise<{ store: Store; dir: string; logins: DemoLogins; path: string }> {
  const copy = await demoStore();
  await copy.store.conn.run(`UPDATE uploads SET channel = 'cli' WHERE channel = 'demo'`);
  await markWorkStore(copy.store);
  return copy;
}
