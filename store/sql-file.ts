// Runs a .sql file statement by statement (statements end with ';' at the end of a line), with named parameters.

import { readFileSync } from 'node:fs';
import type { DuckDBConnection, DuckDBValue } from '@duckdb/node-api';

const cache = new Map<string, string[]>();

export function sqlStatements(path: string): string[] {
  let s = cache.get(path);
  if (!s) {
    const text = readFileSync(path, 'utf8')
      .split('\n')
      .filter((l) => !l.trim().startsWith('--'))
      .join('\n');
    s = text
      .split(/;\s*$/m)
      .map((x) => x.trim())
      .filter(Boolean);
    cache.set(path, s);
  }
  return s;
}

/** Runs every statement; parameters are passed only to statements that mention them. Returns rows changed in total. */
export async function runSqlFile(
  conn: DuckDBConnection,
  path: string,
  params: Record<string, DuckDBValue> = {},
): Promise<number> {
  let changed = 0;
  for (const stmt of sqlStatements(path)) {
    const used = Object.fromEntries(Object.entries(params).filter(([k]) => new RegExp(`\\$${k}\\b`).test(stmt)));
    const r = await conn.run(stmt, used);
    changed += Number(r.rowsChanged ?? 0);
  }
  return changed;
}
