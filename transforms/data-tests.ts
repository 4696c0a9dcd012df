// Data tests after every build (dbt-style generic tests from tests.json plus reconciliation SQL).
// Each returns a Russian failure line; an empty list means the build may be committed.
import type { DuckDBConnection } from '@duckdb/node-api';
import { readFileSync } from 'node:fs';

interface ModelTests {
  unique?: string[][];
  not_null?: string[];
  accepted_values?: Record<string, string[]>;
  range?: Record<string, [number, number]>;
}

const lit = (s: string) => `'${s.replace(/'/g, "''")}'`;

async function count(conn: DuckDBConnection, sql: string): Promise<number> {
  return Number((await conn.runAndReadAll(sql)).getRows()[0]![0]);
}

export async function dataTests(conn: DuckDBConnection, dir: string): Promise<string[]> {
  const spec = JSON.parse(readFileSync(dir + 'tests.json', 'utf8')) as Record<string, ModelTests>;
  const failures: string[] = [];
  for (const [model, t] of Object.entries(spec)) {
    for (const cols of t.unique ?? []) {
      const n = await count(conn, `SELECT count(*) FROM (SELECT ${cols.join(', ')} FROM ${model} GROUP BY ALL HAVING count(*) > 1)`);
      if (n > 0) failures.push(`${model}: ${n} повторяющихся ключей (${cols.join(', ')})`);
    }
    for (const c of t.not_null ?? []) {
      const n = await count(conn, `SELECT count(*) FROM ${model} WHERE ${c} IS NULL`);
      if (n > 0) failures.push(`${model}.${c}: ${n} пустых значений`);
    }
    for (const [c, values] of Object.entries(t.accepted_values ?? {})) {
      const n = await count(conn, `SELECT count(*) FROM ${model} WHERE ${c} NOT IN (${values.map(lit).join(', ')})`);
      if (n > 0) failures.push(`${model}.${c}: ${n} недопустимых значений`);
    }
    for (const [c, [lo, hi]] of Object.entries(t.range ?? {})) {
      const n = await count(conn, `SELECT count(*) FROM ${model} WHERE ${c} < ${lo} - 1e-9 OR ${c} > ${hi} + 1e-9`);
      if (n > 0) failures.push(`${model}.${c}: ${n} значений вне [${lo}; ${hi}]`);
    }
  }
  const rec = (await conn.runAndReadAll(readFileSync(dir + 'reconcile.sql', 'utf8'))).getRows();
  for (const r of rec) failures.push(String(r[0]));
  return failures;
}
