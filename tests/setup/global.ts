// Builds the demo municipality store once per test run (generate → ingest → build); test files copy it.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { bootstrapDemo } from '../../cli/bootstrap.js';
import { closeStore, openStore } from '../../store/db.js';

export default async function setup(): Promise<() => void> {
  // A folder of this run only: several runs may overlap on one machine.
  const DEMO_CACHE = mkdtempSync(join(tmpdir(), 'orientir-demo-cache-'));
  const store = await openStore(join(DEMO_CACHE, 'store.duckdb'));
  const logins = await bootstrapDemo(store, DEMO_CACHE);
  await store.conn.run('CHECKPOINT');
  await closeStore(store);
  process.env.ORIENTIR_DEMO_CACHE = DEMO_CACHE;
  process.env.ORIENTIR_DEMO_LOGINS = JSON.stringify(logins);
  return () => rmSync(DEMO_CACHE, { recursive: true, force: true });
}
