// Builds the marts: loads the config, orders models by their references, rebuilds them in one transaction,
// runs the data tests, and commits only if every test passes — otherwise the previous marts stay.
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { INDICATORS } from '../domain/indicators.js';
import { loadConfig, type MethodologyConfig } from '../domain/methodology.js';
import type { Store } from '../store/db.js';
import { liveRuns, markInterrupted } from '../store/live-runs.js';
import { sqlStatements } from '../store/sql-file.js';
import { bumpDataVersion } from '../store/version.js';
import { dataTests } from './data-tests.js';
import { type ModelSpec, readSpec } from './model-spec.js';

const DIR = fileURLToPath(new URL('./', import.meta.url));

export interface Model {
  name: string;
  sql: string;
  deps: string[];
  kind: 'VIEW' | 'TABLE';
  spec: ModelSpec | null;
}
export interface BuildResult {
  ok: boolean;
  buildId: number;
  models: string[];
  failures: string[];
  rows: Record<string, number>;
  ms: number;
}

export function loadModels(): Model[] {
  const files = readdirSync(DIR + 'models').filter((f) => f.endsWith('.sql'));
  const names = new Set(files.map((f) => f.replace(/\.sql$/, '')));
  return files.map((f) => {
    const name = f.replace(/\.sql$/, '');
    const sql = readFileSync(DIR + 'models/' + f, 'utf8');
    const deps = [...new Set(sql.match(/\b(?:stg|int|mart)_\w+/g) ?? [])].filter((d) => d !== name && names.has(d));
    const spec = readSpec(DIR + `models/${name}.yml`);
    const kind = (spec?.materialized ?? (name.startsWith('stg_') ? 'view' : 'table')) === 'view' ? 'VIEW' : 'TABLE';
    return { name, sql, deps, kind, spec };
  });
}

export function orderModels(models: Model[]): Model[] {
  const byName = new Map(models.map((m) => [m.name, m]));
  const out: Model[] = [];
  const state = new Map<string, 'visiting' | 'done'>();
  const visit = (m: Model, path: string[]) => {
    if (state.get(m.name) === 'done') return;
    if (state.get(m.name) === 'visiting')
      throw new Error(`Циклическая зависимость моделей: ${[...path, m.name].join(' → ')}`);
    state.set(m.name, 'visiting');
    for (const d of m.deps) visit(byName.get(d)!, [...path, m.name]);
    state.set(m.name, 'done');
    out.push(m);
  };
  for (const m of [...models].sort((a, b) => a.name.localeCompare(b.name))) visit(m, []);
  return out;
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

/** Inlines cfg('key') as a numeric literal: DuckDB needs constants in places such as quantile fractions. */
export function inlineConfig(sql: string, cfg: MethodologyConfig, model: string): string {
  return sql.replace(/cfg\('(\w+)'\)/g, (_, key: string) => {
    const p = cfg.params[key];
    if (!p) throw new Error(`модель ${model}: параметр «${key}» отсутствует в config/methodology.json`);
    return `(${p.value}::DOUBLE)`;
  });
}

/** The config tables, the macros and the models in order (the caller owns the transaction); rows of each table model. */
export async function createModels(
  store: Store,
  cfg: MethodologyConfig,
  models: Model[],
): Promise<Record<string, number>> {
  const conn = store.conn;
  const rows: Record<string, number> = {};
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
      await conn.run(`CREATE ${m.kind} ${m.name} AS\n${inlineConfig(m.sql, cfg, m.name)}`);
    } catch (e) {
      throw new Error(`модель ${m.name}: ${(e as Error).message}`);
    }
    if (m.kind === 'TABLE')
      rows[m.name] = Number((await conn.runAndReadAll(`SELECT count(*) FROM ${m.name}`)).getRows()[0]![0]);
  }
  return rows;
}

/** A model and every model it reads, directly or not, in build order. */
export function withUpstream(name: string, models = loadModels()): Model[] {
  const byName = new Map(models.map((m) => [m.name, m]));
  const need = new Set<string>();
  const visit = (n: string) => {
    if (need.has(n)) return;
    need.add(n);
    for (const d of byName.get(n)?.deps ?? []) visit(d);
  };
  visit(name);
  return orderModels(models.filter((m) => need.has(m.name)));
}

export const BUILD_INTERRUPTED =
  'Сборка витрин прервана: процесс остановлен до завершения; незавершённые изменения отменены хранилищем, прежние витрины сохранены.';

export async function build(store: Store, cfg = loadConfig()): Promise<BuildResult> {
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
    return await buildMarts(store, cfg, buildId, t0);
  } finally {
    live.delete(buildId);
  }
}

async function buildMarts(store: Store, cfg: MethodologyConfig, buildId: number, t0: number): Promise<BuildResult> {
  const conn = store.conn;
  const models = orderModels(loadModels());
  const rows: Record<string, number> = {};
  let failures: string[] = [];
  await conn.run('BEGIN TRANSACTION');
  try {
    Object.assign(rows, await createModels(store, cfg, models));
    failures = await dataTests(conn, models, DIR);
    if (failures.length > 0) throw new Error(`не пройдены проверки данных (${failures.length})`);
    await conn.run('COMMIT');
    bumpDataVersion(store);
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
      failures: [message, ...failures],
      rows,
      ms: Date.now() - t0,
    };
  }
  await conn.run(
    `UPDATE build_runs SET finished_at = current_timestamp, outcome = 'ok', message = $m, tests = '[]' WHERE build_id = $id`,
    { id: buildId, m: `Собрано моделей: ${models.length}` },
  );
  return { ok: true, buildId, models: models.map((m) => m.name), failures: [], rows, ms: Date.now() - t0 };
}
