// What a set of queries returns, as comparable text: every row with doubles rounded to 1e-8 (DuckDB sums doubles in
// parallel, so the last bits vary between builds), rows sorted. Two builds that agree give equal fingerprints.
import type { DuckDBConnection } from '@duckdb/node-api';
import { queryRows } from '../../store/query.js';

const norm = (v: unknown): unknown => (typeof v === 'number' && !Number.isInteger(v) ? Math.round(v * 1e8) / 1e8 : v);

export const fingerprints = (conn: DuckDBConnection, queries: string[]): Promise<string[][]> =>
  Promise.all(
    queries.map(async (q) => [
      q,
      ...(await queryRows(conn, q)).map((r) => JSON.stringify(Object.entries(r).map(([k, v]) => [k, norm(v)]))).sort(),
    ]),
  );
