// Bench timing of the mart build on a copy of a cached region (bench/region.ts): the whole build, and the build by
// year that follows a corrected file.
import { copyFileSync, mkdirSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { loadConfig } from '../domain/methodology.js';
import { closeStore, openStore, type Store } from '../store/db.js';
import { build } from '../transforms/runner.js';
import { now, peakRssMb } from './measure.js';
import { CACHE_DIR } from './paths.js';
import { SOURCE_TABLES, scalar } from './region.js';

export interface BuildMeasure {
  ok: boolean;
  failures: string[];
  ms: number;
  rssAfterFirstMb: number;
  rebuildMs: number | null;
  rssMb: number;
  sourceRows: number;
  martRows: Record<string, number>;
  /** The slowest statements of the first build (model creations, data tests, commit). */
  slowest: { ms: number; sql: string }[];
  /** The built copy, when asked to keep it (for timeYearBuild). */
  copyPath: string | null;
}

/** Wraps the store's connection to time every statement the runner issues (no change to the runner). */
function timed(store: Store, log: { ms: number; sql: string }[]): Store {
  const conn = new Proxy(store.conn, {
    get(target, prop) {
      const v = Reflect.get(target, prop) as unknown;
      if (typeof v !== 'function') return v;
      if (prop !== 'run' && prop !== 'runAndReadAll') return (v as (...a: unknown[]) => unknown).bind(target);
      return async (...args: unknown[]) => {
        const t0 = now();
        try {
          return await (v as (...a: unknown[]) => Promise<unknown>).apply(target, args);
        } finally {
          log.push({ ms: now() - t0, sql: String(args[0]).replace(/\s+/g, ' ').slice(0, 80) });
        }
      };
    },
  });
  return { ...store, conn };
}

/**
 * Times a whole `build()` on a copy of the given store (the copy keeps the cached region pristine); `keepCopy` leaves
 * the built copy for timeYearBuild and returns its path.
 */
export async function timeBuild(a: {
  path: string;
  rebuild?: boolean;
  memoryLimit?: string;
  keepCopy?: boolean;
}): Promise<BuildMeasure> {
  const work = join(CACHE_DIR, `build-${process.pid}`);
  mkdirSync(work, { recursive: true });
  const copy = join(work, 'store.duckdb');
  try {
    copyFileSync(a.path, copy);
    const store = await openStore(copy);
    if (a.memoryLimit) await store.conn.run(`SET memory_limit = '${a.memoryLimit}'`);
    let sourceRows = 0;
    for (const t of SOURCE_TABLES) sourceRows += await scalar(store.conn, `SELECT count(*) FROM ${t}`);
    const log: { ms: number; sql: string }[] = [];
    const t0 = now();
    const r = await build(timed(store, log), loadConfig(), { full: true });
    const ms = now() - t0;
    const rssAfterFirstMb = peakRssMb();
    let rebuildMs: number | null = null;
    if (a.rebuild && r.ok) {
      const t1 = now();
      await build(store, loadConfig(), { full: true });
      rebuildMs = now() - t1;
    }
    await closeStore(store);
    return {
      ok: r.ok,
      failures: r.failures.slice(0, 5),
      ms,
      rssAfterFirstMb,
      rebuildMs,
      rssMb: peakRssMb(),
      sourceRows,
      martRows: r.rows,
      slowest: slowest(log),
      copyPath: a.keepCopy && r.ok ? copy : null,
    };
  } finally {
    if (!a.keepCopy) rmSync(work, { recursive: true, force: true });
  }
}

const slowest = (log: { ms: number; sql: string }[]) =>
  log
    .sort((x, y) => y.ms - x.ms)
    .slice(0, Number(process.env.BENCH_SLOWEST ?? 8))
    .map((x) => ({ ms: Math.round(x.ms), sql: x.sql }));

export interface YearBuildMeasure {
  ok: boolean;
  failures: string[];
  ms: number;
  rssMb: number;
  year: string;
  years: string[] | null;
  replacedRows: number;
  slowest: { ms: number; sql: string }[];
}

/**
 * The build a committee waits for after a load: on a store built by timeBuild (`keepCopy`), one school's ВПР results
 * of the latest year are replaced (what a corrected file does: its rows go, new ones come under a new upload), then
 * `build()` recomputes that year only. Its own process, so the peak memory is this build's. Removes the copy.
 */
export async function timeYearBuild(a: { copyPath: string }): Promise<YearBuildMeasure> {
  try {
    const store = await openStore(a.copyPath);
    const year = String(
      (await store.conn.runAndReadAll(`SELECT max(school_year) FROM works WHERE assessment = 'ВПР'`)).getRows()[0]![0],
    );
    const school = `(SELECT min(p.school_code) FROM pupil_results p JOIN works w USING (upload_id, work_no)
      WHERE w.school_year = '${year}' AND w.assessment = 'ВПР')`;
    const slice = `FROM pupil_results p USING works w WHERE p.upload_id = w.upload_id AND p.work_no = w.work_no
      AND w.school_year = '${year}' AND w.assessment = 'ВПР' AND p.school_code = ${school}`;
    await store.conn.run(
      `CREATE TEMP TABLE corrected AS SELECT p.* ${slice.replace('USING works w WHERE', ', works w WHERE')}`,
    );
    const replacedRows = await scalar(store.conn, 'SELECT count(*) FROM corrected');
    const id = await scalar(store.conn, 'SELECT max(upload_id) + 1 FROM works');
    // The corrected file's works: those of the replaced rows, numbered anew under the new upload.
    await store.conn.run(`CREATE TEMP TABLE renumbered AS SELECT upload_id, work_no, (row_number() OVER (ORDER BY upload_id, work_no) - 1)::INTEGER AS new_no
      FROM (SELECT DISTINCT upload_id, work_no FROM corrected)`);
    await store.conn.run(
      `INSERT INTO works SELECT w.* REPLACE (${id} AS upload_id, n.new_no AS work_no) FROM works w JOIN renumbered n USING (upload_id, work_no)`,
    );
    await store.conn.run(`DELETE ${slice}`);
    await store.conn.run(
      `UPDATE corrected c SET upload_id = ${id}, work_no = n.new_no FROM renumbered n WHERE n.upload_id = c.upload_id AND n.work_no = c.work_no`,
    );
    await store.conn.run('INSERT INTO pupil_results SELECT * FROM corrected');
    const log: { ms: number; sql: string }[] = [];
    const t0 = now();
    const r = await build(timed(store, log));
    const ms = now() - t0;
    await closeStore(store);
    return {
      ok: r.ok,
      failures: r.failures.slice(0, 5),
      ms,
      rssMb: peakRssMb(),
      year,
      years: r.years,
      replacedRows,
      slowest: slowest(log),
    };
  } finally {
    rmSync(dirname(a.copyPath), { recursive: true, force: true });
  }
}
