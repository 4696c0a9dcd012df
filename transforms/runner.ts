// Builds the marts: loads the config, orders models by their references, rebuilds them all under shadow names
// (shadow-build.ts) — or, after loads of some school years only, those years in one transaction (year-build.ts) —
// runs the data tests, and commits only if every test passes — otherwise the previous marts stay.
import { fileURLToPath } from 'node:url';
import { loadConfig, type MethodologyConfig } from '../domain/methodology.js';
import type { Store } from '../store/db.js';
import { liveRuns, markInterrupted } from '../store/live-runs.js';
import { sqlString } from '../store/seed.js';
import { sqlStatements } from '../store/sql-file.js';
import { bumpDataVersion } from '../store/version.js';
import {
  type BuildInputs,
  type Changes,
  changedSlices,
  changedYearList,
  lastModelPrints,
  readInputs,
  saveInputs,
  sourceRows,
  sourceYears,
} from './build-inputs.js';
import { CONFIG_TABLES, loadConfigTables } from './config-tables.js';
import { dataTests, type TestScope } from './data-tests.js';
import { inlineConfig, loadModels, type Model, orderModels } from './model-graph.js';
import { dropRelation, dropShadow, SHADOW, shadowMacros, shadowSql, swapIn } from './shadow-build.js';
import { restrictInputs, updateYears, yearKeyedModels } from './year-build.js';

const DIR = fileURLToPath(new URL('./', import.meta.url));
const MACROS = DIR + 'macros.sql';
/** Rows of the year-keyed sources from which by-year tables are built year after year (createModels); ~400 ОО × 5 лет. */
const PER_YEAR_FROM_ROWS = 5_000_000;

export interface BuildResult {
  ok: boolean;
  buildId: number;
  /**
   * The models recomputed: in a whole build those whose fingerprint changed (all of them with `full`), in a build by
   * year those of the changed years.
   */
  models: string[];
  failures: string[];
  /** The school years recomputed; null when the whole build ran (first build, changed models, config or registry). */
  years: string[] | null;
  rows: Record<string, number>;
  ms: number;
}

/**
 * The config tables, the macros and the models in order (the caller owns the transaction). `shadow`: a whole build
 * under the shadow names, views and macros TEMP (shadow-build.ts), each statement committed on its own.
 *
 * A by-year table is stored year after year: a later build by year then deletes whole row groups, which the store
 * drops at checkpoint, instead of rows scattered through all of them, which it rewrites (5.6 s against ~2 s at 1000 ОО).
 * `years` given (large stores, perYearFrom): each year is computed from its inputs of that year, as a build by year
 * does; else the table is sorted by year — faster while it is small (demo 3.4 s against 5.6 s, 100 ОО 5.8 s against
 * 9.4 s), but at 1000 ОО the sorts took 1.8 GB against 0.94 GB in the same time, and at 5000 ОО the build by years
 * took 176 s and 3.2 GB (sorted, in one transaction: 328 s, 8.3 GB).
 */
export async function createModels(
  store: Store,
  cfg: MethodologyConfig,
  models: Model[],
  { shadow = false, years = [] as string[], keep = new Set<string>() } = {},
): Promise<void> {
  const conn = store.conn;
  const built = models.filter((m) => !keep.has(m.name));
  // Models kept as they are are read under their stored names.
  const names = [...CONFIG_TABLES, ...built.map((m) => m.name)];
  const suffix = shadow ? SHADOW : '';
  const named = (sql: string) => (shadow ? shadowSql(sql, names) : sql);
  const keyed = yearKeyedModels(models);
  await loadConfigTables(store, cfg, suffix);
  for (const stmt of shadow ? shadowMacros(MACROS, names) : sqlStatements(MACROS)) await conn.run(stmt);
  for (const m of built) {
    const name = m.name + suffix;
    const sql = inlineConfig(m.sql, cfg, m.name); // its message names the model
    try {
      if (!shadow) await dropRelation(conn, name); // a shadow build starts with none (dropShadow)
      const byYear = m.kind === 'TABLE' && m.spec?.by_year;
      if (byYear && years.length > 0) {
        // A large by-year table year after year, each from its inputs of that year, as a build by year computes it.
        const inputs = m.deps.filter((d) => keyed.has(d));
        const part = (y: string) =>
          named(`SELECT * FROM (${restrictInputs(sql, inputs, new Set([y]))}\n) WHERE school_year = ${sqlString(y)}`);
        await conn.run(`CREATE TABLE ${name} AS\n${part(years[0]!)}`);
        for (const y of years.slice(1)) await conn.run(`INSERT INTO ${name} BY NAME\n${part(y)}`);
      } else if (byYear)
        await conn.run(`CREATE TABLE ${name} AS\nSELECT * FROM (${named(sql)}\n) ORDER BY school_year`);
      else await conn.run(`CREATE ${shadow && m.kind === 'VIEW' ? 'TEMP VIEW' : m.kind} ${name} AS\n${named(sql)}`);
    } catch (e) {
      throw new Error(`модель ${m.name}: ${(e as Error).message}`);
    }
  }
}

function whatWasBuilt(years: string[] | null): string {
  if (years === null) return 'Витрины собраны';
  if (years.length === 0) return 'Исходные данные не менялись с прошлой сборки, витрины прежние';
  return `Витрины пересчитаны за учебные годы ${years.join(', ')}`;
}

/** What a successful build did, for the CLI and the jobs page: «Витрины собраны за 3,2 с» and the like. */
export function buildSummary(r: BuildResult): string {
  return `${whatWasBuilt(r.years)} за ${(r.ms / 1000).toFixed(1).replace('.', ',')} с`;
}

export const BUILD_INTERRUPTED =
  'Сборка витрин прервана: процесс остановлен до завершения; незавершённые изменения отменены хранилищем, прежние витрины сохранены.';

export interface BuildOptions {
  /** Rebuild every model whatever changed (the CLI's `build --full`). */
  full?: boolean;
  /** Source rows from which a whole build computes by-year tables year after year (createModels). */
  perYearFrom?: number;
}

export async function build(store: Store, cfg = loadConfig(), opts: BuildOptions = {}): Promise<BuildResult> {
  const t0 = Date.now();
  const conn = store.conn;
  const live = liveRuns('build_runs', store.path);
  await markInterrupted(conn, 'build_runs', 'build_id', store.path, BUILD_INTERRUPTED);
  const buildId = Number((await conn.runAndReadAll(`SELECT nextval('build_seq')`)).getRows()[0]![0]);
  await conn.run(`INSERT INTO build_runs (build_id, started_at, outcome) VALUES ($id, current_timestamp, 'running')`, {
    id: buildId,
  });
  live.add(buildId);
  try {
    return await buildMarts(store, cfg, buildId, t0, opts);
  } finally {
    live.delete(buildId);
  }
}

/** The tables stored in the database (not the temporary ones of this connection). */
async function storedTables(conn: Store['conn']): Promise<Set<string>> {
  const r = await conn.runAndReadAll(
    `SELECT table_name FROM duckdb_tables() WHERE schema_name = 'main' AND NOT temporary`,
  );
  return new Set(r.getRows().map((x) => String(x[0])));
}

/** What to recompute, or null for the whole build: asked for, first build, changed models/config/registry, or a mart missing. */
async function changesToBuild(conn: Store['conn'], inputs: BuildInputs, models: Model[], full: boolean) {
  if (full) return null;
  const tables = await storedTables(conn);
  if (models.some((m) => m.kind === 'TABLE' && !tables.has(m.name))) return null;
  return changedSlices(conn, inputs);
}

/** The stored tables whose fingerprint is that of the last build: a whole build keeps them as they are. */
async function unchangedTables(conn: Store['conn'], models: Model[], inputs: BuildInputs): Promise<Set<string>> {
  const last = await lastModelPrints(conn);
  const stored = await storedTables(conn);
  return new Set(
    models
      .filter((m) => m.kind === 'TABLE' && stored.has(m.name) && last.get(m.name) === inputs.models.get(m.name))
      .map((m) => m.name),
  );
}

async function tableRows(conn: Store['conn'], models: Model[]): Promise<Record<string, number>> {
  const rows: Record<string, number> = {};
  for (const m of models)
    if (m.kind === 'TABLE')
      rows[m.name] = Number((await conn.runAndReadAll(`SELECT count(*) FROM ${m.name}`)).getRows()[0]![0]);
  return rows;
}

function outcomeText(models: Model[], years: string[] | null, recomputed: string[]): string {
  if (years === null)
    return recomputed.length === models.length
      ? `Собрано моделей: ${models.length}`
      : `Пересчитано моделей: ${recomputed.length} из ${models.length}, остальные не зависят от изменений`;
  return years.length === 0
    ? whatWasBuilt(years)
    : `${whatWasBuilt(years)}: моделей ${recomputed.length} из ${models.length}`;
}

async function buildMarts(
  store: Store,
  cfg: MethodologyConfig,
  buildId: number,
  t0: number,
  { full = false, perYearFrom = PER_YEAR_FROM_ROWS }: BuildOptions,
): Promise<BuildResult> {
  const conn = store.conn;
  const models = orderModels(loadModels());
  const rows: Record<string, number> = {};
  let failures: string[] = [];
  let years: string[] | null = null;
  let recomputed: string[] = [];
  let scope: TestScope | undefined;
  let open = false;
  const begin = async () => {
    await conn.run('BEGIN TRANSACTION');
    open = true;
  };
  try {
    await dropShadow(conn, MACROS); // what a stopped build left
    const inputs = await readInputs(conn, cfg, models);
    const changes: Changes | null = await changesToBuild(conn, inputs, models, full);
    years = changes && changedYearList(changes);
    if (changes === null) {
      const keep = full ? new Set<string>() : await unchangedTables(conn, models, inputs);
      const built = models.filter((m) => !keep.has(m.name));
      const large = sourceRows(inputs) >= perYearFrom;
      await createModels(store, cfg, models, { shadow: true, years: large ? sourceYears(inputs) : [], keep });
      await begin();
      await swapIn(conn, cfg, built, MACROS);
      recomputed = built.map((m) => m.name);
    } else {
      await begin();
      ({ recomputed, changed: scope } = await updateYears(conn, cfg, models, changes));
    }
    Object.assign(rows, await tableRows(conn, models));
    // Unchanged inputs leave the marts that passed the last build's tests.
    if (years === null || years.length > 0) failures = await dataTests(conn, models, DIR, scope);
    if (failures.length > 0) throw new Error(`не пройдены проверки данных (${failures.length})`);
    await saveInputs(conn, inputs);
    await conn.run('COMMIT');
    if (years === null || years.length > 0) bumpDataVersion(store);
  } catch (e) {
    if (open) await conn.run('ROLLBACK');
    await dropShadow(conn, MACROS);
    const message = `Сборка витрин не выполнена, прежние витрины сохранены: ${(e as Error).message}`;
    await conn.run(
      `UPDATE build_runs SET finished_at = current_timestamp, outcome = 'failed', message = $m, tests = $t WHERE build_id = $id`,
      { id: buildId, m: message, t: JSON.stringify(failures) },
    );
    return {
      ok: false,
      buildId,
      models: models.map((m) => m.name),
      years,
      failures: [message, ...failures],
      rows,
      ms: Date.now() - t0,
    };
  }
  await conn.run(
    `UPDATE build_runs SET finished_at = current_timestamp, outcome = 'ok', message = $m, tests = '[]' WHERE build_id = $id`,
    { id: buildId, m: outcomeText(models, years, recomputed) },
  );
  return { ok: true, buildId, models: recomputed, years, failures: [], rows, ms: Date.now() - t0 };
}
