// The whole build under shadow names (transforms/shadow-build.ts): the same marts as a build in one transaction,
// nothing of the shadows left after a success, a failure or a stopped build, and the previous marts and config kept
// whenever the build fails.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../domain/methodology.js';
import { closeStore, openStore, type Store } from '../../store/db.js';
import { queryRows } from '../../store/query.js';
import { exportLake } from '../../transforms/export.js';
import { loadModels, orderModels } from '../../transforms/model-graph.js';
import { build, createModels } from '../../transforms/runner.js';
import { SHADOW, shadowSql } from '../../transforms/shadow-build.js';
import { demoStore } from '../helpers/demo-store.js';
import { checksums, fingerprintDiff, fingerprints, tableNames, viewNames } from '../reliability/checks.js';
import { loadHandFixture } from './fixture.js';

let store: Store;
const models = orderModels(loadModels());
const tableModels = models.filter((m) => m.kind === 'TABLE').map((m) => m.name);
const viewModels = models.filter((m) => m.kind === 'VIEW').map((m) => m.name);

/** Every object of a shadow build still in the store or the connection: tables, views, TEMP macros. */
async function shadowLeft(s: Store): Promise<string[]> {
  const rows = await queryRows(
    s.conn,
    `SELECT table_name AS n FROM duckdb_tables() WHERE table_name LIKE '%\\_\\_next' ESCAPE '\\'
     UNION ALL SELECT view_name FROM duckdb_views() WHERE view_name LIKE '%\\_\\_next' ESCAPE '\\'
     UNION ALL SELECT DISTINCT function_name FROM duckdb_functions() WHERE database_name = 'temp' AND function_type = 'macro'`,
  );
  return rows.map((r) => String(r.n));
}

const cfgVersion = async (s: Store) =>
  String((await queryRows(s.conn, `SELECT value_text AS v FROM cfg_meta WHERE key = 'version'`))[0]!.v);

beforeAll(async () => {
  store = await openStore(':memory:');
  await loadHandFixture(store);
  const r = await build(store);
  expect(r.failures).toEqual([]);
});
afterAll(async () => closeStore(store));

describe('whole build under shadow names', () => {
  it('gives the marts and views of a build in one transaction, and leaves no shadow behind', async () => {
    const ref = await openStore(':memory:');
    try {
      await loadHandFixture(ref);
      await ref.conn.run('BEGIN TRANSACTION');
      await createModels(ref, loadConfig(), models);
      await ref.conn.run('COMMIT');
      expect(await shadowLeft(store)).toEqual([]);
      expect(await tableNames(store)).toEqual(await tableNames(ref));
      expect(await viewNames(store)).toEqual(await viewNames(ref));
      // Views are compared by their rows too: they were stored anew from the models' SQL by the swap.
      const all = [...tableModels, ...viewModels, 'cfg_params', 'cfg_areas', 'cfg_meta', 'cfg_indicators'];
      expect(await checksums(store, all)).toEqual(await checksums(ref, all));
      expect((await checksums(store, ['mart_school_metrics'])).mart_school_metrics).not.toMatch(/^0\|/);
    } finally {
      await closeStore(ref);
    }
  });

  it('a model failing mid-build keeps the previous marts and config, and drops the shadows', async () => {
    const before = await checksums(store, ['mart_school_metrics', 'mart_flags', 'cfg_params']);
    const version = await cfgVersion(store);
    const cfg = loadConfig();
    cfg.version = `${version}-broken`;
    // A parameter the flags read is gone: the models before mart_flags are written under shadow names, then it fails.
    delete cfg.params.shnor_years_window;
    const r = await build(store, cfg, { full: true });
    expect(r.ok).toBe(false);
    expect(r.failures[0]).toMatch(
      /^Сборка витрин не выполнена, прежние витрины сохранены: модель mart_flags: параметр «shnor_years_window» отсутствует/,
    );
    expect(await checksums(store, ['mart_school_metrics', 'mart_flags', 'cfg_params'])).toEqual(before);
    expect(await cfgVersion(store)).toBe(version);
    expect(await shadowLeft(store)).toEqual([]);
  });

  it('tables a stopped build left are dropped by the next build, which succeeds', async () => {
    await store.conn.run(`CREATE TABLE mart_flags${SHADOW} AS SELECT 1 AS stale`);
    await store.conn.run(`CREATE TABLE cfg_params${SHADOW} AS SELECT 1 AS stale`);
    await store.conn.run(`CREATE TABLE mart_retired${SHADOW} AS SELECT 1 AS stale`); // a model a later version dropped
    // Until then they are no data: the lake export leaves them out.
    const dir = mkdtempSync(join(tmpdir(), 'orientir-shadow-'));
    try {
      const exported = (await exportLake(store, dir)).map((e) => e.relation);
      expect(exported).toContain('mart_flags');
      expect(exported.filter((r) => r.endsWith(SHADOW))).toEqual([]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
    const r = await build(store, loadConfig(), { full: true });
    expect(r.failures).toEqual([]);
    expect(await shadowLeft(store)).toEqual([]);
    expect(Number((await queryRows(store.conn, 'SELECT count(*) AS n FROM cfg_params'))[0]!.n)).toBeGreaterThan(10);
  });
});

describe('whole build of the demo (several school years)', () => {
  it('by-year tables built year after year equal the same models computed whole', async () => {
    const demo = await demoStore();
    try {
      const years = await queryRows(demo.store.conn, 'SELECT DISTINCT school_year FROM works');
      expect(years.length).toBeGreaterThanOrEqual(3);
      const r = await build(demo.store, loadConfig(), { full: true, perYearFrom: 0 }); // the demo is small: year after year all the same
      expect(r.failures).toEqual([]);
      const byYear = models.filter((m) => m.kind === 'TABLE' && m.spec?.by_year).map((m) => m.name);
      expect(byYear.length).toBeGreaterThanOrEqual(10);
      const built = await fingerprints(demo.store, tableModels);
      expect(built.mart_school_metrics!.rows).toBeGreaterThan(1000);
      await demo.store.conn.run('BEGIN TRANSACTION');
      await createModels(demo.store, loadConfig(), models); // each model in one statement over all years
      const whole = await fingerprints(demo.store, tableModels);
      await demo.store.conn.run('ROLLBACK');
      expect(fingerprintDiff(built, whole)).toEqual([]);
    } finally {
      await closeStore(demo.store);
      rmSync(demo.dir, { recursive: true, force: true });
    }
  }, 120_000);
});

describe('whole build after a config change', () => {
  /** The models that read a parameter and every model after them, and the views (always stored anew). */
  function affected(param: string): Set<string> {
    const hit = new Set<string>();
    for (const m of models) if (m.sql.includes(`cfg('${param}')`) || m.deps.some((d) => hit.has(d))) hit.add(m.name);
    return new Set([...hit, ...viewModels]);
  }

  it('recomputes the models that read a changed threshold and those downstream; the marts equal a full build', async () => {
    const demo = await demoStore();
    try {
      expect((await build(demo.store, loadConfig(), { full: true })).failures).toEqual([]);
      const cfg = loadConfig();
      cfg.params.cohort_q!.value = 0.2;
      const r = await build(demo.store, cfg);
      expect(r.failures).toEqual([]);
      expect(r.years).toBeNull();
      expect(new Set(r.models)).toEqual(affected('cohort_q'));
      expect(r.models).toContain('mart_cohort');
      expect(r.models).toContain('mart_programme_exit'); // reads mart_flags, which reads mart_cohort
      expect(r.models).not.toContain('int_all_results');
      const last = await queryRows(demo.store.conn, 'SELECT message FROM build_runs ORDER BY build_id DESC LIMIT 1');
      expect(String(last[0]!.message)).toMatch(/^Пересчитано моделей: \d+ из \d+, остальные не зависят от изменений$/);
      const partial = await fingerprints(demo.store, tableModels);
      expect((await build(demo.store, cfg, { full: true })).models.length).toBe(models.length);
      expect(fingerprintDiff(partial, await fingerprints(demo.store, tableModels))).toEqual([]);
      // A parameter the macros read (the confidence level of every interval): everything.
      cfg.params.ci_z!.value = 1.6;
      expect((await build(demo.store, cfg)).models.length).toBe(models.length);
    } finally {
      await closeStore(demo.store);
      rmSync(demo.dir, { recursive: true, force: true });
    }
  }, 180_000);
});

describe('shadowSql', () => {
  it('renames whole, unqualified names only', () => {
    const sql = `SELECT * FROM int_results r JOIN int_results_x x USING (a) JOIN main.int_results m USING (a)
      WHERE cfg('k') > 0 AND x.int_results IS NULL -- int_results
      UNION ALL SELECT * FROM cfg_params`;
    expect(shadowSql(sql, ['int_results', 'cfg_params'])).toBe(
      `SELECT * FROM int_results__next r JOIN int_results_x x USING (a) JOIN main.int_results m USING (a)
      WHERE cfg('k') > 0 AND x.int_results IS NULL -- int_results__next
      UNION ALL SELECT * FROM cfg_params__next`,
    );
  });
});
