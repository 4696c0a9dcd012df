// ГИА retakes (methodology §1): every ГИА metric and the ИОР read the pupil's first sitting of the subject in the
// year; later sittings (reserve days, September) are kept in the store and counted apart as `retakes`.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closeStore, openStore, type Store } from '../../store/db.js';
import { queryRows } from '../../store/query.js';
import { resolveSchools } from '../../store/school-identity.js';
import { build } from '../../transforms/runner.js';
import { demoStore } from '../helpers/demo-store.js';

type Row = Record<string, number | string | boolean | null>;
interface Sitting {
  school: string;
  key: string | null;
  work: number;
  primary: number | null;
  test?: number;
}

const YEAR = '2023/24';
const OGE_MAX = 31;
const EGE_MIN = 24; // min_scores: ЕГЭ Русский язык, for the attestat
// Works: 0 ОГЭ Математика main day, 1 its reserve day, 2 its September day; 3 ЕГЭ Русский язык main day, 4 its September day.
const WORKS: [number, string, string, string, number][] = [
  [0, 'ОГЭ', 'Математика', '2024-06-07', 9],
  [1, 'ОГЭ', 'Математика', '2024-06-25', 9],
  [2, 'ОГЭ', 'Математика', '2024-09-05', 9],
  [3, 'ЕГЭ', 'Русский язык', '2024-05-31', 11],
  [4, 'ЕГЭ', 'Русский язык', '2024-09-04', 11],
];
const ogeMark = (p: number): number => (p >= 22 ? 5 : p >= 15 ? 4 : p >= 8 ? 3 : 2); // «3»/«4»/«5» from 8/15/22 points

// School A: ten pupils in June, four «2»; three of those retake in September and get «3», the fourth retakes on a
// reserve day and gets «2» again.
const A_JUNE = [6, 6, 7, 7, 8, 8, 9, 9, 15, 22];
const A_OGE: Sitting[] = [
  ...A_JUNE.map((p, i) => ({ school: 'A', key: `A${i + 1}`, work: 0, primary: p })),
  { school: 'A', key: 'A1', work: 2, primary: 8 },
  { school: 'A', key: 'A2', work: 2, primary: 9 },
  { school: 'A', key: 'A3', work: 2, primary: 8 },
  { school: 'A', key: 'A4', work: 1, primary: 7 },
];
// School B: protocols without names — nothing to match, every row is a first attempt (two of them in September).
const B_OGE: Sitting[] = [
  ...[6, 7, 8, 9, 9, 10, 12, 14, 16, 18].map((p) => ({ school: 'B', key: null, work: 0, primary: p })),
  { school: 'B', key: null, work: 2, primary: 8 },
  { school: 'B', key: null, work: 2, primary: 5 },
];
// School C: C1 sits in June and again in September; two namesakes (one key) sit on the same June day;
// C3 sits only in September (missed the main period) — a first attempt.
const C_OGE: Sitting[] = [
  { school: 'C', key: 'C1', work: 0, primary: 10 },
  { school: 'C', key: 'C1', work: 2, primary: 12 },
  { school: 'C', key: 'C-twin', work: 0, primary: 9 },
  { school: 'C', key: 'C-twin', work: 0, primary: 16 },
  { school: 'C', key: 'C3', work: 2, primary: 15 },
];
// School A, ЕГЭ Русский язык: two below the minimum in June retake in September; one passes, one does not.
const E_JUNE = [20, 22, 40, 55, 60, 65, 70, 72, 80, 90];
const A_EGE: Sitting[] = [
  ...E_JUNE.map((t, i) => ({ school: 'A', key: `E${i + 1}`, work: 3, primary: null, test: t })),
  { school: 'A', key: 'E1', work: 4, primary: null, test: 45 },
  { school: 'A', key: 'E2', work: 4, primary: null, test: 23 },
];

const mean = (xs: number[]): number => xs.reduce((a, b) => a + b, 0) / xs.length;
const count = (xs: number[], f: (x: number) => boolean): number => xs.filter(f).length;
/** First attempts of keyed pupils: the earliest work date per key (works are numbered in date order per exam). */
const firstAttempts = (rows: Sitting[]): Sitting[] =>
  rows.filter(
    (r) =>
      r.key === null ||
      !rows.some(
        (o) => o.key === r.key && WORKS[o.work]![1] === WORKS[r.work]![1] && WORKS[o.work]![3] < WORKS[r.work]![3],
      ),
  );

let store: Store;
const rows = async (sql: string): Promise<Row[]> => (await queryRows(store.conn, sql)) as Row[];
const one = async (sql: string): Promise<Row> => {
  const r = await rows(sql);
  expect(r).toHaveLength(1);
  return r[0]!;
};
const metrics = (school: string, assessment: string): Promise<Row> =>
  one(
    `SELECT * FROM mart_school_metrics WHERE area_level = 'school' AND school_code = '${school}' AND assessment = '${assessment}'`,
  );

beforeAll(async () => {
  store = await openStore(':memory:');
  const c = store.conn;
  await c.run(`INSERT INTO schools (school_code, name, short_name, municipality, school_type, settlement_type) VALUES
    ('A', 'МБОУ «СОШ А»', 'СОШ А', 'Тестовый район', 'СОШ', 'город'), ('B', 'МБОУ «СОШ Б»', 'СОШ Б', 'Тестовый район', 'СОШ', 'город'),
    ('C', 'МБОУ «СОШ В»', 'СОШ В', 'Тестовый район', 'СОШ', 'город')`);
  await c.run(`INSERT INTO school_ids VALUES ('a', 'registry', 'A'), ('b', 'registry', 'B'), ('c', 'registry', 'C')`);
  for (const [no, assessment, subject, date, grade] of WORKS) {
    await c.run(
      `INSERT INTO works (upload_id, work_no, assessment, school_year, subject, kim_grade, grade, exam_date, max_score, task_labels, task_max)
                 VALUES (1, $no, $a, $y, $s, $g, $g, $d::DATE, $max, [], [])`,
      { no, a: assessment, y: YEAR, s: subject, g: grade, d: date, max: assessment === 'ОГЭ' ? OGE_MAX : 100 },
    );
  }
  let rowNo = 0;
  for (const r of [...A_OGE, ...B_OGE, ...C_OGE, ...A_EGE]) {
    rowNo++;
    const oge = WORKS[r.work]![1] === 'ОГЭ';
    await c.run(
      `INSERT INTO pupil_results (upload_id, work_no, row_no, school_ref, participant_code, pupil_key, status, primary_score, mark, test_score, task_scores)
                 VALUES (1, $w, $n, $s, $code, $key, 'present', $p, $m, $t, [])`,
      {
        w: r.work,
        n: rowNo,
        s: r.school,
        code: r.key ?? `P${rowNo}`,
        key: r.key,
        p: r.primary,
        m: oge ? ogeMark(r.primary!) : null,
        t: r.test ?? null,
      },
    );
  }
  await resolveSchools(store.conn); // rows written directly, as ingest would resolve them
  const b = await build(store);
  expect(b.failures).toEqual([]); // includes the reconciliation: participants + retake sittings = loaded rows
  expect(b.ok).toBe(true);
});
afterAll(async () => closeStore(store));

describe('ГИА retakes: first attempts in every metric, retakes counted apart', () => {
  it('ОГЭ КУ, ОУ, доля «2» of school A come from the ten June results; retakes = 4 pupils, 3 of them passed', async () => {
    const m = await metrics('A', 'ОГЭ');
    const n = A_JUNE.length;
    const marks = A_JUNE.map(ogeMark);
    expect(m.participants).toBe(n);
    expect(m.n2).toBe(count(marks, (x) => x === 2));
    expect(m.ku as number).toBeCloseTo(count(marks, (x) => x >= 4) / n, 9);
    expect(m.ou as number).toBeCloseTo(count(marks, (x) => x >= 3) / n, 9);
    expect(m.share_2 as number).toBeCloseTo(count(marks, (x) => x === 2) / n, 9);
    expect(m.mean_primary_pct as number).toBeCloseTo(mean(A_JUNE) / OGE_MAX, 9);
    const retakes = A_OGE.filter((r) => r.work !== 0);
    expect(m.retakes).toBe(new Set(retakes.map((r) => r.key)).size);
    expect(m.retake_passed).toBe(new Set(retakes.filter((r) => ogeMark(r.primary!) >= 3).map((r) => r.key)).size);
  });

  it('retake sittings stay in int_results with attempt 2, the first sitting has attempt 1', async () => {
    const a = await rows(
      `SELECT pupil_key, exam_date::VARCHAR AS d, attempt FROM int_results WHERE school_code = 'A' AND assessment = 'ОГЭ' AND attempt > 1 ORDER BY pupil_key`,
    );
    expect(a).toEqual([
      { pupil_key: 'A1', d: '2024-09-05', attempt: 2 },
      { pupil_key: 'A2', d: '2024-09-05', attempt: 2 },
      { pupil_key: 'A3', d: '2024-09-05', attempt: 2 },
      { pupil_key: 'A4', d: '2024-06-25', attempt: 2 },
    ]);
    const first = await one(
      `SELECT exam_date::VARCHAR AS d, attempt FROM int_results WHERE pupil_key = 'A1' AND attempt = 1`,
    );
    expect(first).toEqual({ d: '2024-06-07', attempt: 1 });
  });

  it('rows without a pupil key cannot be matched: each is a first attempt, none a retake', async () => {
    const m = await metrics('B', 'ОГЭ');
    const marks = B_OGE.map((r) => ogeMark(r.primary!));
    expect(m.participants).toBe(B_OGE.length);
    expect(m.share_2 as number).toBeCloseTo(count(marks, (x) => x === 2) / B_OGE.length, 9);
    expect(m.retakes).toBe(0);
    expect(m.retake_passed).toBe(0);
  });

  it('a pupil whose only sitting is in September is a first attempt; namesakes on one day are both first attempts', async () => {
    const m = await metrics('C', 'ОГЭ');
    const first = firstAttempts(C_OGE);
    expect(first.map((r) => r.key).sort()).toEqual(['C-twin', 'C-twin', 'C1', 'C3']);
    expect(m.participants).toBe(first.length);
    expect(m.mean_primary_pct as number).toBeCloseTo(mean(first.map((r) => r.primary!)) / OGE_MAX, 9);
    const retakes = C_OGE.filter((r) => !first.includes(r));
    expect(retakes.map((r) => r.key)).toEqual(['C1']);
    expect(m.retakes).toBe(retakes.length);
    expect(m.retake_passed).toBe(
      count(
        retakes.map((r) => ogeMark(r.primary!)),
        (x) => x >= 3,
      ),
    );
    const c3 = await one(`SELECT attempt, exam_date::VARCHAR AS d FROM int_results WHERE pupil_key = 'C3'`);
    expect(c3).toEqual({ attempt: 1, d: '2024-09-05' });
  });

  it("the municipality row sums the schools' first attempts and retakes", async () => {
    const m = await one(`SELECT * FROM mart_school_metrics WHERE area_level = 'municipality' AND assessment = 'ОГЭ'`);
    const all = [...A_OGE, ...B_OGE, ...C_OGE];
    const first = firstAttempts(all);
    expect(m.participants).toBe(first.length);
    expect(m.n2).toBe(
      count(
        first.map((r) => ogeMark(r.primary!)),
        (x) => x === 2,
      ),
    );
    expect(m.retakes).toBe(new Set(all.filter((r) => !first.includes(r)).map((r) => r.key)).size);
  });

  it('ЕГЭ: mean test score and share below the minimum from June; retakes = 2, passed = 1', async () => {
    const m = await metrics('A', 'ЕГЭ');
    expect(m.participants).toBe(E_JUNE.length);
    expect(m.mean_test_score as number).toBeCloseTo(mean(E_JUNE), 9);
    expect(m.share_below_min as number).toBeCloseTo(count(E_JUNE, (t) => t < EGE_MIN) / E_JUNE.length, 9);
    const retakes = A_EGE.filter((r) => r.work === 4);
    expect(m.retakes).toBe(retakes.length);
    expect(m.retake_passed).toBe(
      count(
        retakes.map((r) => r.test!),
        (t) => t >= EGE_MIN,
      ),
    );
  });

  it('ИОР: the ОГЭ and ЕГЭ components of school A use first attempts only', async () => {
    const i = await one(`SELECT * FROM mart_index WHERE school_code = 'A'`);
    expect(i.oge_fail as number).toBeCloseTo(count(A_JUNE, (p) => ogeMark(p) === 2) / A_JUNE.length, 9);
    expect(i.oge_pct as number).toBeCloseTo(mean(A_JUNE) / OGE_MAX, 9);
    expect(i.ege_score as number).toBeCloseTo(mean(E_JUNE), 9);
    expect(i.ege_fail as number).toBeCloseTo(count(E_JUNE, (t) => t < EGE_MIN) / E_JUNE.length, 9);
    const n = await one(`SELECT n FROM int_ior_components WHERE school_code = 'A' AND component = 'oge_fail'`);
    expect(n.n).toBe(A_JUNE.length);
  });

  it('programme indicators, the risk profile and threshold bunching read first attempts', async () => {
    const fail = count(A_JUNE, (p) => ogeMark(p) === 2) / A_JUNE.length;
    const ind = await one(
      `SELECT actual, n FROM mart_school_indicators WHERE school_code = 'A' AND indicator = 'oge_below_min_share' AND subject = 'Математика'`,
    );
    expect(ind.actual as number).toBeCloseTo(fail, 9);
    expect(ind.n).toBe(A_JUNE.length);
    const ege = await one(
      `SELECT actual FROM mart_school_indicators WHERE school_code = 'A' AND indicator = 'ege_mean' AND subject = 'Русский язык'`,
    );
    expect(ege.actual as number).toBeCloseTo(mean(E_JUNE), 9);
    const risk = await one(
      `SELECT value FROM mart_risk_profile WHERE school_code = 'A' AND indicator = 'Доля результатов ОГЭ ниже минимума'`,
    );
    expect(risk.value as number).toBeCloseTo(fail, 9);
    const cut = Number(
      (await one(`SELECT mark3_min FROM scale_oge WHERE school_year = '${YEAR}' AND subject = 'Математика'`)).mark3_min,
    );
    const b = await one(
      `SELECT k, m FROM mart_bunching WHERE school_code = 'A' AND assessment = 'ОГЭ' AND cut = ${cut}`,
    );
    expect([b.k, b.m]).toEqual([
      count(A_JUNE, (p) => p >= cut && p <= cut + 1),
      count(A_JUNE, (p) => p >= cut - 2 && p <= cut + 1),
    ]);
  });
});

describe('the demo municipality', () => {
  it('has one sitting per pupil, subject and year, so no row of it is a retake', async () => {
    const { store: demo } = await demoStore();
    try {
      const r = (
        await queryRows(
          demo.conn,
          `SELECT count(*) FILTER (attempt > 1)::INTEGER AS retakes, count(*) FILTER (pupil_key IS NOT NULL)::INTEGER AS keyed,
        count(DISTINCT pupil_key)::INTEGER AS pupils FROM int_results WHERE assessment IN ('ОГЭ', 'ЕГЭ')`,
        )
      )[0]!;
      expect(r.keyed as number).toBeGreaterThan(r.pupils as number); // pupils sit several subjects: the key alone would repeat
      expect(r.retakes).toBe(0);
    } finally {
      await closeStore(demo);
    }
  });
});
