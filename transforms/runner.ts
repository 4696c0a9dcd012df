// Builds the marts: loads the config, orders models by their references, rebuilds them — or, after loads of some
// school years only, those years (year-build.ts) — in one transaction,
// runs the data tests, and commits only if every test passes — otherwise the previous marts stay.
import { fileURLToPath } from 'node:url';
import { INDICATORS } from '../domain/indicators.js';
import { loadConfig, type MethodologyConfig } from '../domain/methodology.js';
import type { Store } from '../store/db.js';
import { liveRuns, markInterrupted } from '../store/live-runs.js';
import { sqlStatements } from '../store/sql-file.js';
import { bumpDataVersion } from '../store/version.js';
import {
  type BuildInputs,
  type Changes,
  changedSlices,
  changedYearList,
  readInputs,
  saveInputs,
} from './build-inputs.js';
import { dataTests, type TestScope } from './data-tests.js';
import { inlineConfig, loadModels, type Model, orderModels } from './model-graph.js';
import { updateYears } from './year-build.js';

const DIR = fileURLToPath(new URL('./', import.meta.url));

export interface BuildResult {
  ok: boolean;
  buildId: number;
  /** The models built: all of them in a whole build, those recomputed in a build by year. */
  models: string[];
  failures: string[];
  /** The school years recomputed; null when the whole build ran (first build, changed models, config or registry). */
  years: string[] | null;
  rows: Record<string, number>;
  ms: number;
}

async function loadConfigTables(store: Store, cfg: MethodologyConfig): Promise<void> {
  await store.conn.run(
    'CREATE OR REPLACE TABLE cfg_params (key VARCHAR PRIMARY KEY, value DOUBLE NOT NULL, status VARCHAR, title VARCHAR, text VARCHAR)',
  );
  for (const [key, p] of Object.entries(cfg.params))
    await store.conn.run('INSERT INTO cfg_params VALUES ($k, $v, $s, $t, $x)', {
      k: key,
      v: p.value,
      s: p.status,
      t: p.title,
      x: p.text,
    });
  await store.conn.run(
    'CREATE OR REPLACE TABLE cfg_areas (rule VARCHAR PRIMARY KEY, area VARCHAR NOT NULL, title VARCHAR, text VARCHAR)',
  );
  for (const [rule, a] of Object.entries(cfg.reference_areas?.rules ?? {}))
    await store.conn.run('INSERT INTO cfg_areas VALUES ($r, $a, $t, $x)', {
      r: rule,
      a: a.value,
      t: a.title,
      x: a.text,
    });
  await store.conn.run('CREATE OR REPLACE TABLE cfg_meta (key VARCHAR PRIMARY KEY, value_text VARCHAR)');
  await store.conn.run(`INSERT INTO cfg_meta VALUES ('version', $v), ('note', $n)`, { v: cfg.version, n: cfg.note });
  await store.conn.run(`CREATE OR REPLACE TABLE cfg_indicators (id VARCHAR PRIMARY KEY, caption VARCHAR NOT NULL, unit VARCHAR NOT NULL,
    direction VARCHAR NOT NULL, origin VARCHAR NOT NULL, by_subject BOOLEAN NOT NULL, by_grade BOOLEAN NOT NULL, text VARCHAR)`);
  // The catalogue as the parser reads it (config/indicators.json via ingest), so ids and units agree.
  for (const i of INDICATORS)
    await store.conn.run('INSERT INTO cfg_indicators VALUES ($id, $c, $u, $d, $s, $bs, $bg, $t)', {
      id: i.id,
      c: i.caption,
      u: i.unit,
      d: i.direction,
      s: i.origin,
      bs: i.bySubject,
      bg: i.byGrade,
      t: i.text,
    });
}

/** The config tables, the macros and the models in order (the caller owns the transaction). */
export async function createModels(store: Store, cfg: MethodologyConfig, models: Model[]): Promise<void> {
  const conn = store.conn;
  await loadConfigTables(store, cfg);
  for (const stmt of sqlStatements(DIR + 'macros.sql')) await conn.run(stmt);
  for (const m of models) {
    try {
      const existing = (
        await conn.runAndReadAll(
          `SELECT 'VIEW' FROM duckdb_views() WHERE view_name = $n AND NOT internal UNION ALL SELECT 'TABLE' FROM duckdb_tables() WHERE table_name = $n`,
          { n: m.name },
        )
      ).getRows()[0];
      if (existing) await conn.run(`DROP ${String(existing[0])} ${m.name} CASCADE`);
      const sql = inlineConfig(m.sql, cfg, m.name);
      // A by-year table stored year after year: a later build by year deletes whole row groups, which the store drops
      // at checkpoint, instead of rows scattered through all of them, which it rewrites (5.6 s against ~2 s at 1000 ОО).
      const clustered = m.kind === 'TABLE' && m.spec?.by_year;
      await conn.run(
        `CREATE ${m.kind} ${m.name} AS\n${clustered ? `SELECT * FROM (${sql}\n) ORDER BY school_year` : sql}`,
      );
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

/** `full`: rebuild every model whatever changed (the CLI's `build --full`). */
export async function build(store: Store, cfg = loadConfig(), { full = false } = {}): Promise<BuildResult> {
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
    return await buildMarts(store, cfg, buildId, t0, full);
  } finally {
    live.delete(buildId);
  }
}

/** What to recompute, or null for the whole build: asked for, first build, changed models/config/registry, or a mart missing. */
async function changesToBuild(conn: Store['conn'], inputs: BuildInputs, models: Model[], full: boolean) {
  if (full) return null;
  const tables = new Set(
    (await conn.runAndReadAll(`SELECT table_name FROM duckdb_tables() WHERE schema_name = 'main'`))
      .getRows()
      .map((r) => String(r[0])),
  );
  if (models.some((m) => m.kind === 'TABLE' && !tables.has(m.name))) return null;
  return changedSlices(conn, inputs);
}

async function tableRows(conn: Store['conn'], models: Model[]): Promise<Record<string, number>> {
  const rows: Record<string, number> = {};
  for (const m of models)
    if (m.kind === 'TABLE')
      rows[m.name] = Number((await conn.runAndReadAll(`SELECT count(*) FROM ${m.name}`)).getRows()[0]![0]);
  return rows;
}

function outcomeText(models: Model[], years: string[] | null, recomputed: string[]): string {
  if (years === null) return `Собрано моделей: ${models.length}`;
  return years.length === 0
    ? whatWasBuilt(years)
    : `${whatWasBuilt(years)}: моделей ${recomputed.length} из ${models.length}`;
}

async function buildMarts(
  store: Store,
  cfg: MethodologyConfig,
  buildId: number,
  t0: number,
  full: boolean,
): Promise<BuildResult> {
  const conn = store.conn;
  const models = orderModels(loadModels());
  const rows: Record<string, number> = {};
  let failures: string[] = [];
  let years: string[] | null = null;
  let recomputed: string[] = [];
  let scope: TestScope | undefined;
  await conn.run('BEGIN TRANSACTION');
  try {
    const inputs = await readInputs(conn, cfg, models);
    const changes: Changes | null = await changesToBuild(conn, inputs, models, full);
    years = changes && changedYearList(changes);
    if (changes === null) await createModels(store, cfg, models);
    else ({ recomputed, changed: scope } = await updateYears(conn, cfg, models, changes));
    Object.assign(rows, await tableRows(conn, models));
    // Unchanged inputs leave the marts that passed the last build's tests.
    if (years === null || years.length > 0) failures = await dataTests(conn, models, DIR, scope);
    if (failures.length > 0) throw new Error(`не пройдены проверки данных (${failures.length})`);
    await saveInputs(conn, inputs);
    await conn.run('COMMIT');
    if (years === null || years.length > 0) bumpDataVersion(store);
  } catch (e) {
    await conn.run('ROLLBACK');
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
  const built = years === null ? models.map((m) => m.name) : recomputed;
  return { ok: true, buildId, models: built, years, failures: [], rows, ms: Date.now() - t0 };
}
