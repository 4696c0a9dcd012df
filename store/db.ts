// The store: one DuckDB file owned by one process. Opening it applies pending migrations
// (store/migrations/NNN_name.sql, each in its own transaction, recorded in schema_migrations) and seeds.

import { chmodSync, existsSync, mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type DuckDBConnection, DuckDBInstance } from '@duckdb/node-api';
import { DEFAULT_DB } from '../domain/job-settings.js';
import { APP_TIMEZONE } from '../domain/timezone.js';
import { resolveSchools } from './school-identity.js';
import { seedReferenceTables } from './seed.js';

const MIGRATIONS_DIR = fileURLToPath(new URL('./migrations/', import.meta.url));
/** Data steps a migration needs beyond its SQL, run in the same transaction. */
const AFTER_MIGRATION: Record<number, (conn: DuckDBConnection) => Promise<void>> = {
  8: (conn) => resolveSchools(conn), // rows written before identity was stored with them
};

export interface Store {
  path: string;
  instance: DuckDBInstance;
  conn: DuckDBConnection;
}

export function defaultDbPath(): string {
  return resolve(process.env.ORIENTIR_DB ?? DEFAULT_DB);
}

export function listMigrations(): { version: number; name: string; sql: string }[] {
  return readdirSync(MIGRATIONS_DIR)
    .filter((f) => /^\d{3}_.+\.sql$/.test(f))
    .sort()
    .map((f) => ({
      version: Number(f.slice(0, 3)),
      name: f.replace(/\.sql$/, ''),
      sql: readFileSync(MIGRATIONS_DIR + f, 'utf8'),
    }));
}

export async function migrate(conn: DuckDBConnection): Promise<number[]> {
  await conn.run(
    `CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name VARCHAR NOT NULL, applied_at TIMESTAMP NOT NULL DEFAULT current_timestamp)`,
  );
  const done = new Set(
    (await conn.runAndReadAll('SELECT version FROM schema_migrations')).getRows().map((r) => Number(r[0])),
  );
  const applied: number[] = [];
  for (const m of listMigrations()) {
    if (done.has(m.version)) continue;
    await conn.run('BEGIN TRANSACTION');
    try {
      await conn.run(m.sql);
      await AFTER_MIGRATION[m.version]?.(conn);
      await conn.run('INSERT INTO schema_migrations (version, name) VALUES ($v, $n)', { v: m.version, n: m.name });
      await conn.run('COMMIT');
    } catch (e) {
      await conn.run('ROLLBACK');
      throw new Error(`Миграция хранилища ${m.name} не применена: ${(e as Error).message}`);
    }
    applied.push(m.version);
  }
  return applied;
}

/**
 * The store holds the pseudonymisation key and every school's results: whatever this process creates from here on
 * (the store, its WAL, backups, reports, temporary uploads) is readable by its owner only. A store made by an
 * earlier version with wider rights is narrowed.
 */
function keepPrivate(path: string): void {
  try {
    process.umask(0o077);
  } catch {
    /* worker threads cannot set it; the chmod below still applies */
  }
  for (const f of [path, `${path}.wal`]) if (existsSync(f)) chmodSync(f, 0o600);
}

export async function openStore(path = defaultDbPath()): Promise<Store> {
  if (path !== ':memory:') {
    mkdirSync(dirname(path), { recursive: true });
    keepPrivate(path);
  }
  let instance: DuckDBInstance;
  try {
    instance = await DuckDBInstance.fromCache(path, {
      autoinstall_known_extensions: 'false',
      autoload_known_extensions: 'false',
    });
  } catch (e) {
    const msg = (e as Error).message;
    if (/lock/i.test(msg))
      throw new Error(
        `Хранилище ${path} занято другим процессом (вероятно, запущен сервер Ориентира). Команды CLI передаются работающему серверу автоматически; если сервер не отвечает, остановите его.`,
      );
    throw e;
  }
  const conn = await instance.connect();
  // Timestamps (current_timestamp into TIMESTAMP columns) in the committee's zone, for every connection of the store.
  await conn.run(`SET GLOBAL TimeZone = '${APP_TIMEZONE.replace(/'/g, "''")}'`);
  await migrate(conn);
  await seedReferenceTables(conn);
  return { path, instance, conn };
}

export async function closeStore(store: Store): Promise<void> {
  store.conn.closeSync();
  store.instance.closeSync();
}
