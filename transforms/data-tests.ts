// Data tests after every build: the dbt-style tests of each model's YAML (transforms/models/<name>.yml: unique keys,
// not_null, accepted_values, range) plus reconciliation SQL. Each failure is a Russian line; none means the build may
// be committed.

import { readFileSync } from 'node:fs';
import type { DuckDBConnection } from '@duckdb/node-api';
import type { ModelSpec } from './model-spec.js';
import { forYears } from './year-build.js';

const lit = (s: string) => `'${s.replace(/'/g, "''")}'`;

async function count(conn: DuckDBConnection, sql: string): Promise<number> {
  return Number((await conn.runAndReadAll(sql)).getRows()[0]![0]);
}

/** The SQL of each test of a model: a count of offending rows, and the failure line when it is not 0. */
export function testQueries(
  model: string,
  spec: ModelSpec,
  from = model,
): { sql: string; failure: (n: number) => string }[] {
  const out: { sql: string; failure: (n: number) => string }[] = [];
  for (const cols of spec.unique ?? [])
    out.push({
      sql: `SELECT count(*) FROM (SELECT ${cols.join(', ')} FROM ${from} GROUP BY ALL HAVING count(*) > 1)`,
      failure: (n) => `${model}: ${n} повторяющихся ключей (${cols.join(', ')})`,
    });
  for (const c of spec.columns) {
    for (const t of c.tests ?? []) {
      if (t === 'not_null')
        out.push({
          sql: `SELECT count(*) FROM ${from} WHERE ${c.name} IS NULL`,
          failure: (n) => `${model}.${c.name}: ${n} пустых значений`,
        });
      else if ('accepted_values' in t)
        out.push({
          sql: `SELECT count(*) FROM ${from} WHERE ${c.name} NOT IN (${t.accepted_values.map(lit).join(', ')})`,
          failure: (n) => `${model}.${c.name}: ${n} недопустимых значений`,
        });
      else {
        const [lo, hi] = t.range;
        out.push({
          sql: `SELECT count(*) FROM ${from} WHERE ${c.name} < ${lo} - 1e-9 OR ${c.name} > ${hi} + 1e-9`,
          failure: (n) => `${model}.${c.name}: ${n} значений вне [${lo}; ${hi}]`,
        });
      }
    }
  }
  return out;
}

/**
 * What a build by year changed (transforms/year-build.ts): per model, the school years recomputed or 'all'. The rest
 * is as the last build left it, which passed these tests, so only the changed rows are tested again.
 */
export type TestScope = Map<string, Set<string> | 'all'>;

/** The rows of a model to test: all of them, those of the changed years, or none (null). */
function testedRows(name: string, spec: ModelSpec, scope?: TestScope): string | null {
  if (!scope) return name;
  const years = scope.get(name);
  if (years === undefined) return null;
  // A key without the year could repeat across a changed and an unchanged year: such a model is tested whole.
  const yearKeyed =
    spec.columns.some((c) => c.name === 'school_year') && (spec.unique ?? []).every((k) => k.includes('school_year'));
  if (years === 'all' || !yearKeyed) return name;
  if (years.size === 0) return null;
  return `${forYears(name, years)} AS ${name}`;
}

export async function dataTests(
  conn: DuckDBConnection,
  models: { name: string; spec: ModelSpec | null }[],
  dir: string,
  scope?: TestScope,
): Promise<string[]> {
  const failures: string[] = [];
  for (const m of models) {
    if (!m.spec) continue;
    const from = testedRows(m.name, m.spec, scope);
    if (from === null) continue;
    for (const q of testQueries(m.name, m.spec, from)) {
      const n = await count(conn, q.sql);
      if (n > 0) failures.push(q.failure(n));
    }
  }
  const rec = (await conn.runAndReadAll(readFileSync(dir + 'reconcile.sql', 'utf8'))).getRows();
  for (const r of rec) failures.push(String(r[0]));
  return failures;
}
