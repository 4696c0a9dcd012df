// What a build reads, as fingerprints compared with those of the last successful build (table build_inputs):
// 'global' — the models' SQL, the macros, the config, the schema version and every small table the models read — and
// one per school year of the year-keyed sources (build-inputs.sql). Same global and some years changed: only those
// years are recomputed (transforms/year-build.ts); anything else: the whole build. In a whole build, a table model
// whose own fingerprint (its SQL with the config inlined, what it reads) is that of the last build is kept as it is:
// a changed threshold recomputes the models that read it and those downstream.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { DuckDBConnection } from '@duckdb/node-api';
import { INDICATORS } from '../domain/indicators.js';
import type { MethodologyConfig } from '../domain/methodology.js';
import { inlineConfig, type Model, sqlCode } from './model-graph.js';

const DIR = fileURLToPath(new URL('./', import.meta.url));

/** The sources keyed by school year; every other table a model reads counts as global. */
export const YEAR_TABLES = ['pupil_results', 'works', 'journal_marks', 'aggregate_results'];

export interface BuildInputs {
  global: string;
  /** Per year-keyed table × school year («journal_marks 2025/26»): the fingerprint of its rows. */
  slices: Map<string, string>;
  /** Per model: everything but the config values it does not read, its SQL and what it reads upstream. */
  models: Map<string, string>;
}
/** What changed since the last build: per year-keyed table, the school years whose rows did. */
export type Changes = Map<string, Set<string>>;

const GLOBAL = 'global';
const MODEL = 'model:';
export const reads = (sql: string, table: string) => new RegExp(`\\b${table}\\b`).test(sqlCode(sql));

async function rows(conn: DuckDBConnection, sql: string): Promise<string[][]> {
  return (await conn.runAndReadAll(sql)).getRows().map((r) => r.map(String));
}

export async function readInputs(
  conn: DuckDBConnection,
  cfg: MethodologyConfig,
  models: Model[],
): Promise<BuildInputs> {
  const macros = readFileSync(DIR + 'macros.sql', 'utf8');
  const text = models.map((m) => m.sql).join('\n') + macros;
  const names = new Set(models.map((m) => m.name));
  const tables = (
    await rows(
      conn,
      `SELECT table_name FROM duckdb_tables() WHERE schema_name = 'main' AND NOT internal AND NOT temporary`,
    )
  )
    .map((r) => r[0]!)
    .filter((t) => !names.has(t) && !YEAR_TABLES.includes(t) && !t.startsWith('cfg_') && reads(text, t))
    .sort();
  // What every model reads besides its SQL and the config values in it: macros (and the parameters they read), the rest
  // of the config, the indicator catalogue, the schema and the small tables.
  const macroParams = Object.fromEntries(
    [...macros.matchAll(/cfg\('(\w+)'\)/g)].map((m) => [m[1]!, cfg.params[m[1]!]?.value ?? null]),
  );
  const base = createHash('sha256');
  base.update(
    JSON.stringify({
      macros,
      macroParams,
      cfg: { ...cfg, params: undefined },
      indicators: INDICATORS,
      schema: await rows(conn, 'SELECT max(version) FROM schema_migrations'),
      slices: 'table year', // how build_inputs names a slice: another naming is another build
    }),
  );
  for (const t of tables)
    base.update(JSON.stringify([t, await rows(conn, `SELECT count(*), sum(hash(t)) FROM ${t} t`)]));
  const baseHash = base.digest('hex');
  const global = createHash('sha256')
    .update(
      JSON.stringify([baseHash, models.map((m) => [m.name, m.kind, m.sql, m.spec?.by_year ?? false]), cfg.params]),
    )
    .digest('hex');
  const slices = new Map(
    (await rows(conn, readFileSync(DIR + 'build-inputs.sql', 'utf8'))).map((r) => [`${r[0]} ${r[1]}`, r[2]!] as const),
  );
  return { global, slices, models: modelPrints(models, cfg, baseHash, slices) };
}

/** Each model's fingerprint, in build order (`models` ordered): the shared part, the data, its SQL, its inputs'. */
function modelPrints(
  models: Model[],
  cfg: MethodologyConfig,
  baseHash: string,
  slices: Map<string, string>,
): Map<string, string> {
  const data = createHash('sha256')
    .update(JSON.stringify([...slices].sort()))
    .digest('hex');
  const prints = new Map<string, string>();
  for (const m of models) {
    let sql = m.sql;
    try {
      sql = inlineConfig(m.sql, cfg, m.name);
    } catch {
      // A parameter missing from the config: the build of this model fails and says so.
    }
    const inputs = m.deps.map((d) => [d, prints.get(d) ?? null]);
    const print = JSON.stringify([baseHash, data, m.name, m.kind, m.spec?.by_year ?? false, sql, inputs]);
    prints.set(m.name, createHash('sha256').update(print).digest('hex'));
  }
  return prints;
}

/** The models' fingerprints of the last successful build. */
export async function lastModelPrints(conn: DuckDBConnection): Promise<Map<string, string>> {
  const r = await rows(conn, `SELECT scope, fingerprint FROM build_inputs WHERE starts_with(scope, '${MODEL}')`);
  return new Map(r.map(([scope, f]) => [scope!.slice(MODEL.length), f!]));
}

/** The slices changed since the last build, or null when the whole build is needed. */
export async function changedSlices(conn: DuckDBConnection, now: BuildInputs): Promise<Changes | null> {
  const last = new Map((await rows(conn, 'SELECT scope, fingerprint FROM build_inputs')).map((r) => [r[0]!, r[1]!]));
  if (last.get(GLOBAL) !== now.global) return null;
  last.delete(GLOBAL);
  for (const k of last.keys()) if (k.startsWith(MODEL)) last.delete(k);
  const changes: Changes = new Map();
  for (const slice of new Set([...last.keys(), ...now.slices.keys()])) {
    if (last.get(slice) === now.slices.get(slice)) continue;
    const [table, year] = slice.split(' ') as [string, string];
    changes.set(table, (changes.get(table) ?? new Set()).add(year));
  }
  return changes;
}

/** Rows in the year-keyed sources (each fingerprint starts with its count). */
export const sourceRows = (now: BuildInputs) =>
  [...now.slices.values()].reduce((n, f) => n + Number(f.split(':')[0]), 0);

/** The school years of the year-keyed sources, sorted. */
export const sourceYears = (now: BuildInputs) =>
  [...new Set([...now.slices.keys()].map((k) => k.split(' ')[1]!))].sort();

/** The school years of the changes, sorted. */
export const changedYearList = (changes: Changes) => [...new Set([...changes.values()].flatMap((y) => [...y]))].sort();

export async function saveInputs(conn: DuckDBConnection, now: BuildInputs): Promise<void> {
  await conn.run('DELETE FROM build_inputs');
  const models = [...now.models].map(([m, f]) => [MODEL + m, f] as const);
  for (const [scope, fingerprint] of [[GLOBAL, now.global] as const, ...now.slices, ...models])
    await conn.run('INSERT INTO build_inputs VALUES ($s, $f)', { s: scope, f: fingerprint });
}
