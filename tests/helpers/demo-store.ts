// A store holding the demo municipality (generated, ingested through the real path, built), in a temp folder.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { bootstrapDemo, type DemoLogins } from '../../cli/bootstrap.js';
import { openStore, type Store } from '../../store/db.js';

export async function demoStore(seed = 42): Promise<{ store: Store; dir: string; logins: DemoLogins }> {
  const dir = mkdtempSync(join(tmpdir(), 'orientir-demo-'));
  const store = await openStore(join(dir, 'store.duckdb'));
  const logins = await bootstrapDemo(store, dir, () => {}, seed);
  return { store, dir, logins };
}
