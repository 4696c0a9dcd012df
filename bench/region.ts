// Synthetic regions for the build benchmark, shaped like the demo municipality:
// - the demo store (bootstrapDemo: real layouts through the real ingest, 20 schools × 5 years) is built once and
//   cached in bench/.cache/ (keyed by a hash of the demo generator, store schema and seeds);
// - a region of N schools clones each demo school N/20 times in SQL: every source row (pupil_results,
//   journal_marks and the programme tables) is copied with its school identifier suffixed « #k», the registry and the
//   identifier map get the matching clone rows, ВПР primary scores of a clone are shifted by −1/0/+1 (marks
//   re-derived from the scale) so schools are not exact copies; clones are grouped into municipalities of
//   100 schools. Works and uploads are shared (a clone's rows belong to the same files).
// - an aggregate-only region (country scale) has only the registry and aggregate_results (ФИС ОКО mark
//   statistics and mark comparison per school × work), as the federal reports give them.
import { createHash } from 'node:crypto';
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { DuckDBConnection } from '@duckdb/node-api';
import { bootstrapDemo } from '../cli/bootstrap.js';
import { closeStore, openStore } from '../store/db.js';
import { resolveSchools } from '../store/school-identity.js';
import { now } from './measure.js';
import { CACHE_DIR } from './paths.js';

const ROOT = fileURLToPath(new URL('../', import.meta.url));
const DEMO_SCHOOLS = 20;
export const SOURCE_TABLES = ['pupil_results', 'journal_marks', 'aggregate_results'] as const;

// The cache key covers what shapes the source tables: the demo generator and the store schema and seeds.
// Parser, ingest or transform edits do not invalidate it (delete bench/.cache/ to force a rebuild).
function sourceHash(): string {
  const h = createHash('sha256').update('bench-region-v1');
  const walk = (dir: string) => {
    for (const f of readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
      const p = join(dir, f.name);
      if (f.isDirectory()) walk(p);
      else if (/\.(ts|sql|csv|json)$/.test(f.name)) h.update(relative(ROOT, p)).update(readFileSync(p));
    }
  };
  for (const d of ['demo', 'store/migrations', 'store/seeds']) walk(join(ROOT, d));
  h.update(readFileSync(join(ROOT, 'store/seed.sql')));
  return h.digest('hex').slice(0, 12);
}

const templateKey = (): string => `demo-${sourceHash()}`;

export interface DemoTemplate {
  path: string;
  seconds: number | null;
  logins: { committee: string; password: string; schools: { login: string; schoolCode: string }[] };
}

/** The cached demo store (generated and loaded through the real ingest on first use; ~2 minutes). */
export async function demoTemplate(): Promise<DemoTemplate> {
  const dir = join(CACHE_DIR, templateKey());
  const path = join(dir, 'store.duckdb');
  const meta = join(dir, 'logins.json');
  if (existsSync(path) && existsSync(meta))
    return { path, seconds: null, logins: JSON.parse(readFileSync(meta, 'utf8')) as DemoTemplate['logins'] };
  rmSync(dir, { recursive: true, force: true });
  const work = `${dir}.partial-${process.pid}`;
  rmSync(work, { recursive: true, force: true });
  mkdirSync(work, { recursive: true });
  const t0 = now();
  let logins: DemoTemplate['logins'];
  try {
    const store = await openStore(join(work, 'store.duckdb'));
    logins = await bootstrapDemo(store, work);
    const rejected = Number(
      (await store.conn.runAndReadAll(`SELECT count(*) FROM uploads WHERE status = 'rejected'`)).getRows()[0]![0],
    );
    if (rejected > 0) console.error(`demo store: ${rejected} demo files were rejected by the ingest`);
    await store.conn.run('CHECKPOINT');
    await closeStore(store);
    rmSync(join(work, 'demo'), { recursive: true, force: true });
    writeFileSync(join(work, 'logins.json'), JSON.stringify(logins));
    renameSync(work, dir);
  } catch (e) {
    rmSync(work, { recursive: true, force: true });
    throw e;
  }
  return { path, seconds: (now() - t0) / 1000, logins };
}

export async function scalar(conn: DuckDBConnection, sql: string): Promise<number> {
  return Number((await conn.runAndReadAll(sql)).getRows()[0]![0]);
}

/** Drops the built layer (stg_/int_/mart_/cfg_ objects) so the next build starts from sources only. */
async function dropBuilt(conn: DuckDBConnection): Promise<void> {
  const views = (
    await conn.runAndReadAll(
      `SELECT view_name FROM duckdb_views() WHERE NOT internal AND regexp_matches(view_name, '^(stg|int|mart|cfg)_')`,
    )
  ).getRows();
  for (const [v] of views) await conn.run(`DROP VIEW IF EXISTS ${String(v)} CASCADE`);
  const tables = (
    await conn.runAndReadAll(
      `SELECT table_name FROM duckdb_tables() WHERE regexp_matches(table_name, '^(stg|int|mart|cfg)_')`,
    )
  ).getRows();
  for (const [t] of tables) await conn.run(`DROP TABLE IF EXISTS ${String(t)} CASCADE`);
}

export interface RegionInfo {
  path: string;
  schools: number;
  rows: Record<string, number>;
  genSeconds: number;
  fileMb: number;
  cached: boolean;
}

async function sourceCounts(conn: DuckDBConnection): Promise<Record<string, number>> {
  const rows: Record<string, number> = {};
  for (const t of [...SOURCE_TABLES, 'schools', 'works', 'program_targets'])
    rows[t] = await scalar(conn, `SELECT count(*) FROM ${t}`);
  return rows;
}

/** A region of `schools` schools (a multiple of 20) cloned from the demo store; cached by size. */
export async function generateRegion(a: { schools: number }): Promise<RegionInfo> {
  const k = Math.max(1, Math.round(a.schools / DEMO_SCHOOLS));
  const dir = join(CACHE_DIR, `region-${templateKey()}-${k * DEMO_SCHOOLS}`);
  const path = join(dir, 'store.duckdb');
  if (existsSync(path) && existsSync(join(dir, 'info.json')))
    return { ...(JSON.parse(readFileSync(join(dir, 'info.json'), 'utf8')) as RegionInfo), path, cached: true };
  const tpl = await demoTemplate();
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  const tmp = join(dir, `partial-${process.pid}.duckdb`);
  copyFileSync(tpl.path, tmp);
  const t0 = now();
  const store = await openStore(tmp);
  const c = store.conn;
  await dropBuilt(c);
  if (k > 1) {
    const clones = `range(1, ${k}) t(k)`;
    const sfx = `' #' || k`;
    await c.run('BEGIN TRANSACTION');
    // Municipality of clone k: groups of 5 clones × 20 schools = 100 schools; clone 0 keeps the demo's.
    await c.run(`INSERT INTO schools SELECT school_code || '-' || k, name || ${sfx}, short_name || ${sfx}, fisoko_login || ${sfx},
        fisoko_login_old || ${sfx}, rcoi_code || ${sfx}, 'Муниципалитет № ' || (k // 5 + 1), school_type, settlement_type,
        enrolment, ovz_share, nonnative_share, upload_id FROM schools, ${clones}`);
    await c.run(`INSERT INTO school_ids SELECT id_value || ${sfx}, id_kind, school_code || '-' || k FROM school_ids, ${clones}
        UNION ALL SELECT norm_id(school_code || '-' || k), 'registry', school_code || '-' || k FROM (SELECT DISTINCT school_code FROM school_ids), ${clones}`);
    await c.run(`INSERT INTO pupil_results
      SELECT upload_id, work_no, sheet, row_no, school_ref || ${sfx}, school_name, municipality, participant_code, pupil_key, class_name,
             variant, status, sex, ps, CASE WHEN shifted AND mark_from_scale AND mark5_min IS NOT NULL
               THEN CASE WHEN ps >= mark5_min THEN 5 WHEN ps >= mark4_min THEN 4 WHEN ps >= mark3_min THEN 3 ELSE 2 END ELSE mark END,
             mark_from_scale, test_score, journal_mark, task_scores, NULL
      FROM (
        SELECT p.*, t.k, w.assessment = 'ВПР' AND p.primary_score IS NOT NULL AS shifted, sc.mark3_min, sc.mark4_min, sc.mark5_min,
               CASE WHEN w.assessment = 'ВПР' AND p.primary_score IS NOT NULL
                    THEN greatest(0, least(coalesce(sc.max_score, list_sum(w.task_max), p.primary_score),
                                           p.primary_score + (hash(p.school_ref, t.k) % 3)::INTEGER - 1))
                    ELSE p.primary_score END AS ps
        FROM pupil_results p JOIN works w USING (upload_id, work_no)
        LEFT JOIN scale_vpr sc ON sc.school_year = w.school_year AND sc.subject = w.subject AND sc.kim_grade = w.kim_grade,
        ${clones}
      )`);
    await c.run(`INSERT INTO journal_marks SELECT upload_id, sheet, row_no, school_ref || ${sfx}, school_year, class_name, grade, pupil_key,
        subject, period_kind, period_no, mark, mark_text, avg_mark, NULL FROM journal_marks, ${clones}`);
    // Programme tables: the same rows under the clone's school reference (roadmap measures keep unique ids).
    for (const t of ['program_targets', 'programmes', 'programme_indicators', 'reported_values'])
      await c.run(
        `INSERT INTO ${t} SELECT * EXCLUDE (k) REPLACE (school_ref || ${sfx} AS school_ref, NULL AS school_code) FROM ${t}, ${clones}`,
      );
    await c.run(`INSERT INTO roadmap_measures SELECT * EXCLUDE (k) REPLACE (school_ref || ${sfx} AS school_ref, measure_id || '-' || k AS measure_id, NULL AS school_code)
        FROM roadmap_measures, ${clones}`);
    await resolveSchools(c); // written directly, resolved as ingest would
    await c.run('COMMIT');
  }
  // Every clone reference must resolve to a registry code, as the demo's do.
  const unresolved = await scalar(
    c,
    `SELECT count(*) FROM (SELECT school_code FROM pupil_results UNION ALL SELECT school_code FROM journal_marks)
      WHERE school_code IS NULL`,
  );
  if (unresolved > 0) throw new Error(`region: ${unresolved} school references do not resolve`);
  await c.run('CHECKPOINT');
  const rows = await sourceCounts(c);
  await closeStore(store);
  renameSync(tmp, path);
  const info: RegionInfo = {
    path,
    schools: k * DEMO_SCHOOLS,
    rows,
    genSeconds: (now() - t0) / 1000,
    fileMb: statSync(path).size / 1e6,
    cached: false,
  };
  writeFileSync(join(dir, 'info.json'), JSON.stringify(info));
  return info;
}

/**
 * Country scale at aggregate level: `schools` schools in municipalities of ~20 and regions of ~500, `years`
 * years; per school and year the ВПР works of grades 4–8 (13 works, mark statistics + mark comparison) and
 * ОГЭ/ЕГЭ in Russian and mathematics (4 rows). Counts are drawn from a per-school level so percentiles differ.
 */
export async function generateAggregateRegion(a: { schools: number; years: number }): Promise<RegionInfo> {
  const dir = join(CACHE_DIR, `aggregate-v1-${a.schools}x${a.years}`);
  const path = join(dir, 'store.duckdb');
  if (existsSync(path) && existsSync(join(dir, 'info.json')))
    return { ...(JSON.parse(readFileSync(join(dir, 'info.json'), 'utf8')) as RegionInfo), path, cached: true };
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  const tmp = join(dir, `partial-${process.pid}.duckdb`);
  const t0 = now();
  const store = await openStore(tmp);
  const c = store.conn;
  await c.run('BEGIN TRANSACTION');
  await c.run(`INSERT INTO uploads (upload_id, received_at, channel, file_name, sha256, size_bytes, format, status)
      VALUES (nextval('upload_seq'), current_timestamp, 'cli', 'bench-aggregate', 'bench', 0, 'fisoko-mark-stats', 'loaded')`);
  await c.run(`INSERT INTO schools SELECT printf('%06d', i), 'Школа № ' || i, 'Школа № ' || i, 'sch' || printf('%06d', i), NULL, NULL,
      'Регион ' || (i // 500 + 1) || ', муниципалитет ' || (i // 20 + 1), CASE WHEN i % 4 = 0 THEN 'ООШ' ELSE 'СОШ' END,
      CASE WHEN i % 3 = 0 THEN 'село' ELSE 'город' END, 200 + i % 900, (i % 13) / 100.0, (i % 7) / 100.0, 1
      FROM range(${a.schools}) t(i)`);
  await c.run(`INSERT INTO school_ids SELECT norm_id(school_code), 'registry', school_code FROM schools
      UNION ALL SELECT norm_id(fisoko_login), 'fisoko_login', school_code FROM schools`);
  const works = `(VALUES ('ВПР','Русский язык',4),('ВПР','Математика',4),('ВПР','Окружающий мир',4),('ВПР','Русский язык',5),('ВПР','Математика',5),
      ('ВПР','Русский язык',6),('ВПР','Математика',6),('ВПР','Русский язык',7),('ВПР','Математика',7),('ВПР','Русский язык',8),('ВПР','Математика',8),
      ('ВПР','История',5),('ВПР','Биология',6),('ОГЭ','Русский язык',9),('ОГЭ','Математика',9),('ЕГЭ','Русский язык',11),('ЕГЭ','Математика (профиль)',11)) w(assessment, subject, grade)`;
  // Participants 20–80 per work; the mark distribution follows a school level (hash) and a yearly wobble.
  await c.run(`INSERT INTO aggregate_results
      SELECT 1, 'Sheet', 0, 'school', 'sch' || printf('%06d', i), 'Школа № ' || i, assessment,
             (2025 - y)::VARCHAR || '/' || right((2026 - y)::VARCHAR, 2), subject, grade, NULL,
             n, NULL, n2, n - n2 - n4 - n5, n4, n5, false, (2 * n2 + 3 * (n - n2 - n4 - n5) + 4 * n4 + 5 * n5) / n, NULL,
             NULL, NULL, NULL, NULL, NULL, NULL
      FROM (
        SELECT i, y, assessment, subject, grade, n, round(n * (0.02 + 0.12 * (1 - lvl))) AS n2, round(n * (0.05 + 0.25 * lvl)) AS n5,
               round(n * (0.30 + 0.05 * wob)) AS n4
        FROM (SELECT i, (hash(i) % 1000) / 1000.0 AS lvl FROM range(${a.schools}) t(i)), range(${a.years}) yy(y), ${works},
             LATERAL (SELECT (20 + hash(i, y, subject, grade) % 61)::DOUBLE AS n, (hash(i, y) % 100) / 100.0 AS wob)
      )`);
  // ФИС ОКО «сравнение отметок с отметками по журналу» for the ВПР works.
  await c.run(`INSERT INTO aggregate_results
      SELECT 1, 'Sheet', 0, 'school', school_ref, name, assessment, school_year, subject, grade, NULL, participants, NULL,
             NULL, NULL, NULL, NULL, false, NULL, NULL,
             round(participants * lo), participants - round(participants * lo) - round(participants * 0.04), round(participants * 0.04), participants, NULL, NULL
      FROM (SELECT *, 0.10 + 0.25 * ((hash(school_ref, school_year) % 100) / 100.0) AS lo FROM aggregate_results WHERE assessment = 'ВПР')`);
  await resolveSchools(c);
  await c.run('COMMIT');
  await c.run('CHECKPOINT');
  const rows = await sourceCounts(c);
  await closeStore(store);
  renameSync(tmp, path);
  const info: RegionInfo = {
    path,
    schools: a.schools,
    rows,
    genSeconds: (now() - t0) / 1000,
    fileMb: statSync(path).size / 1e6,
    cached: false,
  };
  writeFileSync(join(dir, 'info.json'), JSON.stringify(info));
  return info;
}
