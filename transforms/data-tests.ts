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

interface TestQuery {
  /** A count of offending rows: 0 when the test passes. */
  sql: string;
  /** When `sql` is a quick check that can err on the side of failing: the exact count to confirm a failure. */
  exact?: string;
  failure: (n: number) => string;
}

/** The SQL of each test of a model and the failure line when its count is not 0. */
export function testQueries(model: string, spec: ModelSpec, from = model): TestQuery[] {
  const out: TestQuery[] = [];
  for (const cols of spec.unique ?? [])
    out.push({
      // Distinct 64-bit hashes of the key first: 3–4 times faster than grouping by the key's columns on millions of
      // rows; a hash collision only sends the test to the exact count.
      sql: `SELECT count(*) - count(DISTINCT hash(${cols.join(', ')})) FROM ${from}`,
      exact: `SELECT count(*) FROM (SELECT ${cols.join(', ')} FROM ${from} GROUP BY ALL HAVING count(*) > 1)`,
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

/** The failure line of a test, or null when it passes. */
export async function runTest(conn: DuckDBConnection, q: TestQuery): Promise<string | null> {
  let n = await count(conn, q.sql);
  if (n > 0 && q.exact) n = await count(conn, q.exact);
  return n > 0 ? q.failure(n) : null;
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
      const failure = await runTest(conn, q);
      if (failure) failures.push(failure);
    }
  }
  const rec = (await conn.runAndReadAll(readFileSync(dir + 'reconcile.sql', 'utf8'))).getRows();
  for (const r of rec) failures.push(String(r[0]));
  return failures;
}
