// Builds by school year (transforms/year-build.ts): after rows of one year change, the build recomputes that year
// and gives the marts a whole build gives; unchanged inputs change nothing; models, config or registry changed
// rebuild everything.
import { copyFileSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../domain/methodology.js';
import { closeStore, openStore, type Store } from '../../store/db.js';
import { queryRows } from '../../store/query.js';
import { YEAR_TABLES } from '../../transforms/build-inputs.js';
import { loadModels } from '../../transforms/model-graph.js';
import { type BuildResult, build } from '../../transforms/runner.js';
import { restrictInputs } from '../../transforms/year-build.js';
import { demoStore } from '../helpers/demo-store.js';

const ROOT = join(import.meta.dirname, '..', '..');
const TABLES = loadModels()
  .filter((m) => m.kind === 'TABLE')
  .map((m) => m.name);
/** Each table model as a digest of its sorted rows, doubles rounded to 1e-8 (parallel sums vary in the last bits). */
async function everyTable(s: Store): Promise<string[]> {
  const out: string[] = [];
  for (const t of TABLES) {
    const cols = await queryRows(
      s.conn,
      `SELECT column_name, data_type FROM duckdb_columns() WHERE table_name = '${t}'`,
    );
    const row = cols
      .map((c) =>
        /DOUBLE|FLOAT|DECIMAL/.test(String(c.data_type)) ? `round("${c.column_name}", 8)` : `"${c.column_name}"`,
      )
      .join(', ');
    const [d] = await queryRows(
      s.conn,
      `SELECT count(*)::BIGINT AS n, md5(coalesce(string_agg(r, '|' ORDER BY r), '')) AS h FROM (SELECT (${row})::VARCHAR AS r FROM ${t})`,
    );
    out.push(`${t}: ${d!.n} rows, ${d!.h}`);
  }
  return out;
}

/**
 * The tables whose rows differ between two stores. A digest first; where it differs — a double on a rounding boundary
 * can flip its 8th decimal with the last bit — the rows are compared with a tolerance of 1e-9.
 */
async function differingTables(a: Store, b: Store): Promise<string[]> {
  const [da, db] = [await everyTable(a), await everyTable(b)];
  const out: string[] = [];
  for (const [i, t] of TABLES.entries()) {
    if (da[i] === db[i]) continue;
    const key = (r: Record<string, unknown>) =>
      JSON.stringify(Object.values(r).map((v) => (typeof v === 'number' ? Math.round(v * 1e6) / 1e6 : v)));
    const [ra, rb] = [a, b].map(async (s) =>
      (await queryRows(s.conn, `SELECT * FROM ${t}`)).sort((x, y) => key(x).localeCompare(key(y))),
    );
    const [xa, xb] = [await ra!, await rb!];
    const close = (x: unknown, y: unknown) =>
      typeof x === 'number' && typeof y === 'number' ? Math.abs(x - y) <= 1e-9 * Math.max(1, Math.abs(x)) : x === y;
    const same =
      xa.length === xb.length && xa.every((r, j) => Object.entries(r).every(([k, v]) => close(v, xb[j]![k])));
    if (!same) out.push(t);
  }
  return out;
}

let store: Store;
let dir = '';

/** Builds the store by year and a copy of it whole; the tables must agree. */
async function buildBesideWhole(): Promise<BuildResult> {
  const twinPath = join(dir, 'twin.duckdb');
  rmSync(twinPath, { force: true });
  await store.conn.run('CHECKPOINT');
  copyFileSync(store.path, twinPath);
  const r = await build(store);
  expect(r.ok, r.failures.join('\n')).toBe(true);
  const twin = await openStore(twinPath);
  try {
    const full = await build(twin, loadConfig(), { full: true });
    expect(full.ok, full.failures.join('\n')).toBe(true);
    expect(full.years).toBeNull();
    expect(await differingTables(store, twin)).toEqual([]);
  } finally {
    await closeStore(twin);
  }
  return r;
}
let years: string[] = [];

beforeAll(async () => {
  ({ store, dir } = await demoStore());
  years = (await queryRows(store.conn, 'SELECT DISTINCT school_year FROM works ORDER BY 1')).map((r) =>
    String(r.school_year),
  );
});
afterAll(async () => {
  await closeStore(store);
  rmSync(dir, { recursive: true, force: true });
});

describe('build by school year', () => {
  it('the demo has years before and after the one changed below', () => {
    expect(years.length).toBeGreaterThanOrEqual(3);
  });

  it('unchanged inputs: nothing recomputed, marts as they were', async () => {
    const before = await everyTable(store);
    const r = await build(store);
    expect(r.ok).toBe(true);
    expect(r.years).toEqual([]);
    expect(await everyTable(store)).toEqual(before);
  });

  it('rows of one year changed: that year recomputed, the marts equal a whole build of the same data', async () => {
    const year = years[Math.floor(years.length / 2)]!; // a middle year: the next year's ИОР change depends on it
    const before = await everyTable(store);
    // As a corrected file would: one school's ВПР results and another school's journal marks of the year go away.
    const [vpr] = await queryRows(
      store.conn,
      `SELECT p.school_code FROM pupil_results p JOIN works w USING (upload_id, work_no)
       WHERE w.school_year = '${year}' AND w.assessment = 'ВПР' AND p.school_code IS NOT NULL ORDER BY 1 LIMIT 1`,
    );
    await store.conn.run(
      `DELETE FROM pupil_results p USING works w WHERE p.upload_id = w.upload_id AND p.work_no = w.work_no
       AND w.school_year = '${year}' AND w.assessment = 'ВПР' AND p.school_code = '${vpr!.school_code}'`,
    );
    await store.conn.run(
      `DELETE FROM journal_marks WHERE school_year = '${year}' AND school_code = (
         SELECT max(school_code) FROM journal_marks WHERE school_year = '${year}')`,
    );
    const r = await buildBesideWhole();
    expect(r.years).toEqual([year]);
    expect(await everyTable(store)).not.toEqual(before); // the change reached the marts
    const [run] = await queryRows(store.conn, `SELECT message FROM build_runs WHERE build_id = ${r.buildId}`);
    expect(String(run!.message)).toContain(`Витрины пересчитаны за учебные годы ${year}: моделей`);
  });

  it('a change of one source recomputes only the models that read it', async () => {
    const year = years[years.length - 1]!;
    await store.conn.run(
      `DELETE FROM journal_marks WHERE school_year = '${year}' AND school_code = (
         SELECT min(school_code) FROM journal_marks WHERE school_year = '${year}')`,
    );
    const r = await buildBesideWhole();
    expect(r.years).toEqual([year]);
    expect(r.models).toEqual(
      expect.arrayContaining(['int_journal_pupils', 'mart_journal_quality', 'int_group_counts']),
    );
    // Models of ВПР and ГИА results only are left as they are.
    for (const m of ['int_all_results', 'mart_bunching', 'mart_task_difficulty', 'mart_score_distribution'])
      expect(r.models).not.toContain(m);
  });

  it('a registry change rebuilds everything', async () => {
    await store.conn.run(
      `UPDATE schools SET short_name = short_name || ' ' WHERE school_code = (SELECT min(school_code) FROM schools)`,
    );
    const r = await build(store);
    expect(r.ok).toBe(true);
    expect(r.years).toBeNull();
  });

  it('a config change takes the whole build (which keeps the tables it does not touch)', async () => {
    const cfg = loadConfig();
    cfg.params.min_n = { ...cfg.params.min_n!, value: cfg.params.min_n!.value + 1 };
    const r = await build(store, cfg);
    expect(r.ok).toBe(true);
    expect(r.years).toBeNull();
  });

  it('a failed build keeps the previous fingerprints: the next build redoes the work', async () => {
    const cfg = loadConfig();
    await store.conn.run(`DELETE FROM journal_marks WHERE school_year = '${years[0]}' AND mark = 5`);
    const broken = loadConfig();
    broken.params.min_n = { ...broken.params.min_n!, value: Number.NaN };
    expect((await build(store, broken)).ok).toBe(false);
    const r = await build(store, cfg);
    expect(r.ok).toBe(true);
    expect(r.years).toBeNull(); // the last successful build had another config: everything, including the change
  });
});

describe('the rules the build by year relies on', () => {
  it('restricts each named input, not longer names or qualified columns', () => {
    const sql = 'SELECT r.a, int_results.b FROM int_results r JOIN int_all_results x USING (k) JOIN my_int_results y';
    const out = restrictInputs(sql, ['int_results'], new Set(['2023/24', "a'b"]));
    expect(out).toBe(
      "SELECT r.a, int_results.b FROM (SELECT * FROM int_results WHERE school_year IN ('2023/24', 'a''b')) r JOIN int_all_results x USING (k) JOIN my_int_results y",
    );
  });

  it('every input a by-year table reads for a year has a school_year column', () => {
    const models = loadModels();
    const byName = new Map(models.map((m) => [m.name, m]));
    const yearData = new Set<string>();
    for (const m of models.filter((x) => x.name.startsWith('stg_')))
      if (YEAR_TABLES.some((t) => new RegExp(`\\b${t}\\b`).test(m.sql.replace(/--.*$/gm, '')))) yearData.add(m.name);
    let grew = true;
    while (grew) {
      grew = false;
      for (const m of models)
        if (!yearData.has(m.name) && m.deps.some((d) => yearData.has(d))) grew = yearData.add(m.name).size > 0;
    }
    const missing = models
      .filter((m) => m.kind === 'TABLE' && m.spec?.by_year)
      .flatMap((m) => m.deps.filter((d) => yearData.has(d)).map((d) => [m.name, d] as const))
      .filter(([, d]) => !byName.get(d)!.spec?.columns.some((c) => c.name === 'school_year'));
    expect(missing).toEqual([]);
    expect(models.filter((m) => m.spec?.by_year).length).toBeGreaterThan(10);
  });

  it('no code rewrites year-keyed rows other than re-pointing their school (what the fingerprints hash)', () => {
    const files: string[] = [];
    const walk = (d: string) => {
      for (const e of readdirSync(d, { withFileTypes: true })) {
        if (e.isDirectory()) walk(join(d, e.name));
        // Migrations change the schema version, which the global fingerprint holds: a whole build follows them.
        else if (/\.(ts|sql)$/.test(e.name) && !d.endsWith('migrations')) files.push(join(d, e.name));
      }
    };
    for (const d of ['ingest', 'store', 'transforms', 'dashboard', 'jobs', 'cli']) walk(join(ROOT, d));
    const updates = files.flatMap((f) =>
      [
        ...readFileSync(f, 'utf8').matchAll(
          new RegExp(`UPDATE\\s+(${YEAR_TABLES.join('|')})\\b[^;]*?\\bSET\\s+(\\w+)`, 'gi'),
        ),
      ].map((m) => `${f.slice(ROOT.length)}: ${m[1]}.${m[2]}`),
    );
    expect(updates.length).toBeGreaterThan(0);
    expect(updates.filter((u) => !/\.(school_code|school_ref)$/.test(u))).toEqual([]);
  });
});
