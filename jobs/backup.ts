// Backup: DuckDB EXPORT DATABASE to Parquet in a dated folder; the last N copies are kept.
// Restore imports such a folder into an empty store.
import { DuckDBInstance } from '@duckdb/node-api';
import { existsSync, mkdirSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import type { Store } from '../store/db.js';
import { sqlString } from '../store/seed.js';

export async function backupTo(store: Store, dir: string): Promise<string> {
  mkdirSync(dir, { recursive: true });
  await store.conn.run(`EXPORT DATABASE ${sqlString(dir)} (FORMAT parquet)`);
  return dir;
}

export async function runBackup(store: Store, root: string, keep: number, now = new Date()): Promise<{ dir: string; removed: number }> {
  const stamp = now.toISOString().replace(/[:T]/g, '-').slice(0, 19);
  const dir = await backupTo(store, join(root, `orientir-${stamp}`));
  const all = readdirSync(root).filter((f) => f.startsWith('orientir-')).sort();
  const old = all.slice(0, Math.max(0, all.length - keep));
  for (const f of old) rmSync(join(root, f), { recursive: true, force: true });
  return { dir, removed: old.length };
}

/** Restores a backup folder into a new store file (the file must not exist yet). */
export async function restoreInto(dbPath: string, dir: string): Promise<void> {
  if (existsSync(dbPath)) throw new Error(`Файл хранилища ${dbPath} уже существует: восстановление выполняется в новый файл (--db НОВЫЙ_ПУТЬ).`);
  const inst = await DuckDBInstance.create(dbPath, { autoinstall_known_extensions: 'false', autoload_known_extensions: 'false' });
  const conn = await inst.connect();
  try {
    await conn.run(`IMPORT DATABASE ${sqlString(dir)}`);
  } finally {
    conn.closeSync();
    inst.closeSync();
  }
}
