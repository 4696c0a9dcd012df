// Query helper: rows as plain objects with BIGINT → number, DATE/TIMESTAMP → ISO text, lists → arrays.
import type { DuckDBConnection, DuckDBValue } from '@duckdb/node-api';

export type Plain = string | number | boolean | null | Plain[];

function plain(v: unknown): Plain {
  if (v === null || v === undefined) return null;
  if (typeof v === 'bigint') return Number(v);
  if (typeof v === 'number' || typeof v === 'string' || typeof v === 'boolean') return v;
  if (Array.isArray(v)) return v.map(plain);
  if (v instanceof Date) {
    const iso = v.toISOString();
    return iso.endsWith('T00:00:00.000Z') ? iso.slice(0, 10) : iso.slice(0, 19).replace('T', ' ');
  }
  return String(v);
}

export async function queryRows(
  conn: DuckDBConnection,
  sql: string,
  params: Record<string, DuckDBValue> = {},
): Promise<Record<string, Plain>[]> {
  const r = await conn.runAndReadAll(sql, params);
  const names = r.columnNames();
  return r.getRowsJS().map((row) => Object.fromEntries(row.map((v, i) => [names[i]!, plain(v)])));
}
