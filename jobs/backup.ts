// Backup: DuckDB EXPORT DATABASE to Parquet in a dated folder; the last N copies are kept.
// Restore imports such a folder into an empty store.
// The pseudonymisation key never goes into a copy: settings.parquet is rewritten with a non-secret check value
// instead, and the key is kept in a key file beside the store (<db>.key, mode 0600). Restoring needs the key
// (ORIENTIR_KEY, ORIENTIR_KEY_FILE, <new db>.key or the source store's key file); a wrong key is refused.

import { createHmac } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import { type DuckDBConnection, DuckDBInstance } from '@duckdb/node-api';
import type { Store } from '../store/db.js';
import { sqlString } from '../store/seed.js';
import { localStamp } from './dates.js';

const COPY = /^orientir-\d{4}-\d{2}-\d{2}-\d{2}-\d{2}-\d{2}(-\d+)?$/;

export const KEY_SETTING = 'pseudonymisation_key';
/** Backup-only settings rows: an HMAC of a constant under the key, and where the source store kept its key file. */
export const KEY_CHECK_SETTING = 'pseudonymisation_key_check';
export const KEY_FILE_SETTING = 'pseudonymisation_key_file';

/** Identifies the right key at restore time without revealing it (HMAC-SHA-256 of a constant under the key). */
export const keyCheck = (key: string): string =>
  createHmac('sha256', key).update('orientir:backup-key-check').digest('hex');
export const keyFileOf = (dbPath: string): string => resolve(`${dbPath}.key`);

function readKeyFile(file: string | undefined): string | null {
  if (!file) return null;
  try {
    return readFileSync(file, 'utf8').trim() || null;
  } catch {
    return null;
  }
}

/** Keeps the store's key in <db>.key (0600); a different key already there is moved aside, never overwritten. */
function keepKeyFile(store: Store, key: string): string | null {
  if (!store.path || store.path === ':memory:') return null;
  const file = keyFileOf(store.path);
  const existing = readKeyFile(file);
  if (existing === key) return file;
  if (existing !== null) renameSync(file, `${file}.${Date.now()}.old`);
  writeFileSync(file, `${key}\n`, { mode: 0o600 });
  return file;
}

export async function backupTo(store: Store, dir: string): Promise<string> {
  mkdirSync(dir, { recursive: true });
  await store.conn.run(`EXPORT DATABASE ${sqlString(dir)} (FORMAT parquet)`);
  const key = (
    await store.conn.runAndReadAll(`SELECT value FROM settings WHERE key = ${sqlString(KEY_SETTING)}`)
  ).getRows()[0]?.[0];
  if (key === undefined || key === null) return dir;
  const keyFile = keepKeyFile(store, String(key));
  // The exported settings file, as named by load.sql; rewritten without the key.
  const load = existsSync(join(dir, 'load.sql')) ? readFileSync(join(dir, 'load.sql'), 'utf8') : '';
  const named = /^COPY\s+"?settings"?\s+FROM\s+'((?:[^']|'')+)'/im.exec(load)?.[1]?.replace(/''/g, "'");
  const file = join(dir, named ? basename(named) : 'settings.parquet');
  const extra = [`SELECT ${sqlString(KEY_CHECK_SETTING)}, ${sqlString(keyCheck(String(key)))}`];
  if (keyFile) extra.push(`SELECT ${sqlString(KEY_FILE_SETTING)}, ${sqlString(keyFile)}`);
  const secretRows = [KEY_SETTING, KEY_CHECK_SETTING, KEY_FILE_SETTING].map(sqlString).join(', ');
  await store.conn.run(`COPY (SELECT key, value FROM settings WHERE key NOT IN (${secretRows}) UNION ALL ${extra.join(' UNION ALL ')})
    TO ${sqlString(file)} (FORMAT parquet)`);
  return dir;
}

/** Puts the key back after IMPORT DATABASE: the first candidate whose check matches the copy's check value. */
async function restoreKey(conn: DuckDBConnection, dbPath: string, opts: RestoreOptions): Promise<void> {
  const rows = new Map(
    (await conn.runAndReadAll('SELECT key, value FROM settings')).getRows().map((r) => [String(r[0]), String(r[1])]),
  );
  if (rows.has(KEY_SETTING) || !rows.has(KEY_CHECK_SETTING)) return; // a copy made before the key was excluded
  const env = opts.env ?? process.env;
  const given = [opts.key, env.ORIENTIR_KEY, readKeyFile(env.ORIENTIR_KEY_FILE)]
    .filter((k): k is string => !!k?.trim())
    .map((k) => k.trim());
  const found = [readKeyFile(keyFileOf(dbPath)), readKeyFile(rows.get(KEY_FILE_SETTING))].filter(
    (k): k is string => !!k,
  );
  const key = [...given, ...found].find((k) => keyCheck(k) === rows.get(KEY_CHECK_SETTING));
  if (!key) {
    throw new Error(
      given.length > 0
        ? 'Указанный ключ псевдонимизации не подходит к этой резервной копии (она сделана из хранилища с другим ключом). Укажите ключ исходного хранилища.'
        : 'Резервная копия не содержит ключ псевдонимизации (он намеренно не копируется). Укажите ключ исходного хранилища: переменная ORIENTIR_KEY=<ключ> или ORIENTIR_KEY_FILE=<путь к файлу ключа, например orientir.duckdb.key>.',
    );
  }
  await conn.run(`DELETE FROM settings WHERE key IN (${sqlString(KEY_CHECK_SETTING)}, ${sqlString(KEY_FILE_SETTING)})`);
  await conn.run(`INSERT INTO settings VALUES (${sqlString(KEY_SETTING)}, ${sqlString(key)})`);
}

/** Complete copies under `root`, oldest first. */
export function listBackups(root: string): string[] {
  return existsSync(root)
    ? readdirSync(root)
        .filter((f) => COPY.test(f))
        .sort()
    : [];
}

export async function runBackup(
  store: Store,
  root: string,
  keep: number,
  now = new Date(),
  timeZone = 'Europe/Moscow',
): Promise<{ dir: string; removed: number }> {
  if (!Number.isInteger(keep) || keep < 1)
    throw new Error(`Число хранимых резервных копий должно быть не меньше 1 (получено ${keep}).`);
  mkdirSync(root, { recursive: true });
  const stamp = `orientir-${localStamp(now, timeZone)}`;
  let name = stamp;
  for (let i = 1; existsSync(join(root, name)); i++) name = `${stamp}-${i}`;
  // Exported into a temporary folder and renamed when complete: a failed or killed export never counts as a
  // copy and never pushes a good copy out of the last N.
  const tmp = join(root, `.${name}.partial`);
  rmSync(tmp, { recursive: true, force: true });
  try {
    await backupTo(store, tmp);
  } catch (e) {
    rmSync(tmp, { recursive: true, force: true });
    throw e;
  }
  const dir = join(root, name);
  renameSync(tmp, dir);
  const all = listBackups(root);
  const old = all.slice(0, Math.max(0, all.length - keep));
  for (const f of old) rmSync(join(root, f), { recursive: true, force: true });
  return { dir, removed: old.length };
}

/**
 * IMPORT DATABASE, with the schema in dependency order: EXPORT writes macros alphabetically, so a macro that
 * calls a later one (norm_cdf → norm_sf) fails to bind on import. Statements that fail are retried after the
 * others until none succeeds any more (then the first real error is reported); the data are loaded after.
 */
async function importCopy(conn: DuckDBConnection, dir: string): Promise<void> {
  // EXPORT writes one statement per line, each ending with ';'.
  const statements = (file: string) =>
    readFileSync(join(dir, file), 'utf8')
      .split(/;\s*$/m)
      .map((x) => x.trim())
      .filter(Boolean);
  let pending = statements('schema.sql');
  while (pending.length > 0) {
    const failed: Array<{ sql: string; error: unknown }> = [];
    for (const sql of pending) {
      try {
        await conn.run(sql);
      } catch (error) {
        failed.push({ sql, error });
      }
    }
    if (failed.length === pending.length) throw failed[0]!.error;
    pending = failed.map((f) => f.sql);
  }
  // load.sql names the files where they were exported (the temporary folder); they are read from `dir`.
  const here = (sql: string) =>
    sql.replace(
      /FROM\s+'((?:[^']|'')+)'/i,
      (_m, f: string) => `FROM ${sqlString(join(dir, basename(f.replace(/''/g, "'"))))}`,
    );
  for (const sql of statements('load.sql')) await conn.run(here(sql));
}

export interface RestoreOptions {
  key?: string;
  env?: NodeJS.ProcessEnv;
}

/** Restores a backup folder into a new store file (the file must not exist yet). */
export async function restoreInto(dbPath: string, dir: string, opts: RestoreOptions = {}): Promise<void> {
  if (existsSync(dbPath))
    throw new Error(
      `Файл хранилища ${dbPath} уже существует: восстановление выполняется в новый файл (--db НОВЫЙ_ПУТЬ).`,
    );
  if (!existsSync(join(dir, 'schema.sql')))
    throw new Error(`В папке ${dir} нет резервной копии Ориентира (не найден schema.sql).`);
  const inst = await DuckDBInstance.create(dbPath, {
    autoinstall_known_extensions: 'false',
    autoload_known_extensions: 'false',
  });
  const conn = await inst.connect();
  let ok = false;
  try {
    await importCopy(conn, dir);
    await restoreKey(conn, dbPath, opts);
    await conn.run('CHECKPOINT');
    ok = true;
  } finally {
    conn.closeSync();
    inst.closeSync();
    // A half-restored file would block the next attempt and could be mistaken for a good store.
    if (!ok) for (const f of [dbPath, `${dbPath}.wal`]) rmSync(f, { force: true });
  }
}
