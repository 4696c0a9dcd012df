// Runs the dashboard's .sql files (dashboard/queries/NAME.sql, read once) with $name parameters and returns
// plain rows: BIGINT/HUGEINT → number, DECIMAL → number, timestamps/dates → 'YYYY-MM-DD HH:MM:SS' strings.
import type { DuckDBConnection, DuckDBValue } from '@duckdb/node-api';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const DIR = fileURLToPath(new URL('../queries/', import.meta.url));
const cache = new Map<string, string>();

export type Cell = string | number | boolean | null | Cell[];
export type Row = Record<string, Cell>;

/** The marts are not built yet (fresh store or failed first build). */
export class NotBuilt extends Error {}

export function querySql(name: string): string {
  let sql = cache.get(name);
  if (sql === undefined) {
    sql = readFileSync(`${DIR}${name}.sql`, 'utf8');
    cache.set(name, sql);
  }
  return sql;
}

export function plain(v: DuckDBValue): Cell {
  if (v === null || typeof v === 'string' || typeof v === 'boolean') return v;
  if (typeof v === 'number') return Number.isFinite(v) ? v : null;
  if (typeof v === 'bigint') return Number(v);
  const o = v as unknown as { items?: DuckDBValue[]; toDouble?: () => number };
  if (Array.isArray(o.items)) return o.items.map(plain);
  if (typeof o.toDouble === 'function') return o.toDouble();
  return String(v);
}

export async function query(conn: DuckDBConnection, name: string, params: Record<string, string | number | boolean | null> = {}): Promise<Row[]> {
  const sql = querySql(name);
  const used = Object.fromEntries(Object.entries(params).filter(([k]) => new RegExp(`\\$${k}\\b`).test(sql)));
  try {
    const r = await conn.runAndReadAll(sql, used);
    const cols = r.columnNames();
    return r.getRows().map((row) => Object.fromEntries(cols.map((c, i) => [c, plain(row[i]!)])));
  } catch (e) {
    const msg = (e as Error).message;
    if (/Catalog Error: (Table|Macro|Scalar Function) with name (mart_|cfg|int_|stg_|wilson)/i.test(msg)) throw new NotBuilt(msg);
    throw e;
  }
}

// Typed accessors for row cells.
export const num = (v: Cell | undefined): number | null => (typeof v === 'number' ? v : null);
export const str = (v: Cell | undefined): string | null => (v === null || v === undefined ? null : String(v));
export const bool = (v: Cell | undefined): boolean => v === true;
