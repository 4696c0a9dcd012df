// Runs the dashboard's .sql files (dashboard/queries/NAME.sql, read once) with $name parameters and returns
// plain rows: BIGINT/HUGEINT → number, DECIMAL → number, timestamps/dates → 'YYYY-MM-DD HH:MM:SS' strings.
// Files that read only what a build or an ingest writes (data/reads.ts: no live table) are answered from a cache per
// data version of the store (store/version.ts), so concurrent page loads do not queue on the one read connection.

import { AsyncLocalStorage } from 'node:async_hooks';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { DuckDBConnection, DuckDBValue } from '@duckdb/node-api';
import { dataVersion } from '../../store/version.js';
import { cacheable } from './reads.js';

const DIR = fileURLToPath(new URL('../queries/', import.meta.url));
const cache = new Map<string, { sql: string; cacheable: boolean }>();

export type Cell = string | number | boolean | null | Cell[];
export type Row = Record<string, Cell>;

/** The marts are not built yet (fresh store or failed first build). */
export class NotBuilt extends Error {}

function queryFile(name: string): { sql: string; cacheable: boolean } {
  let f = cache.get(name);
  if (f === undefined) {
    const sql = readFileSync(`${DIR}${name}.sql`, 'utf8');
    f = { sql, cacheable: cacheable(sql) };
    cache.set(name, f);
  }
  return f;
}

export const querySql = (name: string): string => queryFile(name).sql;
/** Whether the answers of a query file are cached (it reads no live table). */
export const isCached = (name: string): boolean => queryFile(name).cacheable;

export function plain(v: DuckDBValue): Cell {
  if (v === null || typeof v === 'string' || typeof v === 'boolean') return v;
  if (typeof v === 'number') return Number.isFinite(v) ? v : null;
  if (typeof v === 'bigint') return Number(v);
  const o = v as unknown as { items?: DuckDBValue[]; toDouble?: () => number };
  if (Array.isArray(o.items)) return o.items.map(plain);
  if (typeof o.toDouble === 'function') return o.toDouble();
  return String(v);
}

const MAX_ENTRIES = 5000;
interface ReaderCache {
  store: object;
  version: number;
  entries: Map<string, Promise<Row[]>>;
}
const readers = new WeakMap<DuckDBConnection, ReaderCache>();

/** Lets `query` cache cacheable files read on this connection, invalidated when the store's data version changes. */
export function cacheReads(conn: DuckDBConnection, store: object): void {
  readers.set(conn, { store, version: dataVersion(store), entries: new Map() });
}

type Params = Record<string, string | number | boolean | null>;

/** Set while a page renders (routes/page-cache.ts): a read of a live table makes that page uncacheable. */
export const renderScope = new AsyncLocalStorage<{ cacheable: boolean }>();

export async function query(conn: DuckDBConnection, name: string, params: Params = {}): Promise<Row[]> {
  const { sql, cacheable: cached } = queryFile(name);
  const used = Object.fromEntries(Object.entries(params).filter(([k]) => new RegExp(`\\$${k}\\b`).test(sql)));
  const cache = cached ? readers.get(conn) : undefined;
  if (!cache) {
    const scope = renderScope.getStore();
    if (scope) scope.cacheable = false;
    return run(conn, sql, used);
  }
  const v = dataVersion(cache.store);
  if (v !== cache.version) {
    cache.version = v;
    cache.entries.clear();
  }
  const key = `${name}\u0000${JSON.stringify(used)}`;
  let hit = cache.entries.get(key);
  if (!hit) {
    if (cache.entries.size >= MAX_ENTRIES) cache.entries.clear();
    hit = run(conn, sql, used);
    cache.entries.set(key, hit);
    // A failed query (e.g. marts not built yet) is not remembered.
    hit.catch(() => {
      if (cache.entries.get(key) === hit) cache.entries.delete(key);
    });
  }
  // Callers may adjust the rows they get; the cached ones stay as read.
  return (await hit).map((r) => ({ ...r }));
}

async function run(conn: DuckDBConnection, sql: string, used: Params): Promise<Row[]> {
  try {
    const r = await conn.runAndReadAll(sql, used);
    const cols = r.columnNames();
    return r.getRows().map((row) => Object.fromEntries(cols.map((c, i) => [c, plain(row[i]!)])));
  } catch (e) {
    const msg = (e as Error).message;
    if (/Catalog Error: (Table|Macro|Scalar Function) with name (mart_|cfg|int_|stg_|wilson)/i.test(msg))
      throw new NotBuilt(msg);
    throw e;
  }
}

// Typed accessors for row cells.
export const num = (v: Cell | undefined): number | null => (typeof v === 'number' ? v : null);
export const str = (v: Cell | undefined): string | null => (v === null || v === undefined ? null : String(v));
export const bool = (v: Cell | undefined): boolean => v === true;
