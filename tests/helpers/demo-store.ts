// A private copy of the demo municipality store built once per run by tests/setup/global.ts
// (generated in the real source layouts, ingested through the real path, built).
import { copyFileSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { DemoLogins } from '../../cli/bootstrap.js';
import { openStore, type Store } from '../../store/db.js';

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
