// The seeds' indicators computed by hand on a small school (issue #13): ГИА confirmation of annual marks, the
// low-achiever subgroup confirming ВПР, ВПР mean by grade band (spring sitting only), ОГЭ mean against previous
// years, retakes, «неуспевающие по итогам четверти, года»; marks-based shares NULL where nobody has a mark; the ЕГЭ
// minimum of the table valid in the year.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closeStore, openStore, type Store } from '../../store/db.js';
import { queryRows } from '../../store/query.js';
import { resolveSchools } from '../../store/school-identity.js';
import { build } from '../../transforms/runner.js';

type Row = Record<string, number | string | boolean | null>;
// [work_no, assessment, school_year, subject, kim_grade, grade, date, session]
const WORKS: [number, string, string, string, number, number, string | null, string | null][] = [
  [0, 'ВПР', '2023/24', 'Математика', 4, 4, null, 'весна'],
  [1, 'ВПР', '2023/24', 'Математика', 6, 6, null, 'весна'],
  [2, 'ВПР', '2020/21', 'Математика', 5, 6, null, 'осень'], // autumn 2020: grade 6 writes КИМ 5
  [3, 'ВПР', '2020/21', 'Математика', 6, 6, null, 'весна'],
  [4, 'ОГЭ', '2022/23', 'Математика', 9, 9, '2023-06-06', null],
  [5, 'ОГЭ', '2023/24', 'Математика', 9, 9, '2024-06-07', null],
  [6, 'ОГЭ', '2023/24', 'Математика', 9, 9, '2024-09-05', null], // September retake
  [7, 'ЕГЭ', '2023/24', 'Физика', 11, 11, '2024-06-11', null], // scored in test points only: no marks
  [8, 'ЕГЭ', '2024/25', 'Физика', 11, 11, '2025-06-11', null],
];
const VPR4 = [5, 4, 3];
const VPR6 = [4, 3, 2, 5];
const VPR6_JOURNAL = [4, 3, 3, 2];
const AUTUMN = [2, 2];
const SPRING_2021 = [5, 5];
const OGE_PREV: Array<number | null> = [3, 3, 4, 4, null]; // the fifth pupil has a primary score but no mark
// 2023/24 ОГЭ: K1..K4 first attempts; K2 retakes in September.
const OGE: Record<string, number> = { K1: 4, K2: 3, K3: 3, K4: 5 };
// Annual journal marks in grade 9, 2023/24 (K4 has no journal rows); term marks add a «2» for K2 and «н/а» for K3.
const JOURNAL: Array<[string, string, string, number | null, number | null, string]> = [
  ['K1', 'Математика', 'год', null, 4, '4'],
  ['K2', 'Алгебра', 'год', null, 4, '4'],
  ['K2', 'Геометрия', 'четверть', 1, 2, '2'],
  ['K2', 'Геометрия', 'год', null, 3, '3'],
  ['K3', 'Математика', 'год', null, 3, '3'],
  ['K3', 'Алгебра', 'год', null, 5, '5'],
  ['K3', 'Физика', 'четверть', 2, null, 'н/а'],
];

let store: Store;
const rows = async (sql: string): Promise<Row[]> => (await queryRows(store.conn, sql)) as Row[];
const indicator = async (id: string, year: string): Promise<Row> => {
  const r = await rows(
    `SELECT actual, n FROM mart_school_indicators WHERE school_code = 'A' AND indicator = '${id}' AND school_year = '${year}' AND subject IS NULL AND grade IS NULL`,
  );
  expect(r, `${id} ${year}`).toHaveLength(1);
  return r[0]!;
};
const mean = (xs: number[]): number => xs.reduce((a, b) => a + b, 0) / xs.length;

beforeAll(async () => {
  store = await openStore(':memory:');
  const c = store.conn;
  await c.run(`INSERT INTO schools (school_code, name, short_name, municipality, school_type, settlement_type) VALUES
    ('A', 'МБОУ «СОШ А»', 'СОШ А', 'Тестовый район', 'СОШ', 'город')`);
  await c.run(`INSERT INTO school_ids VALUES ('a', 'registry', 'A')`);
  // An older minimum-score table: ЕГЭ физика 40 from 2015/16 (the store's own table starts in 2024/25 with 36).
  await c.run(`INSERT INTO min_scores VALUES ('2015/16', 'ЕГЭ', 'Физика', 40, 'вуз', 'тест')`);
  for (const [no, a, y, s, kim, g, d, session] of WORKS) {
    await c.run(
      `INSERT INTO works (upload_id, work_no, assessment, school_year, subject, kim_grade, grade, exam_date, max_score, task_labels, task_max, session)
                 VALUES (1, $no, $a, $y, $s, $kim, $g, $d::DATE, 31, [], [], $session)`,
      { no, a, y, s, kim, g, d, session },
    );
  }
  let n = 0;
  const pupil = (work: number, mark: number | null, o: { key?: string; journal?: number; test?: number } = {}) =>
    c.run(
      `INSERT INTO pupil_results (upload_id, work_no, row_no, school_ref, participant_code, pupil_key, status, primary_score, mark, test_score, journal_mark, task_scores)
           VALUES (1, $w, $r, 'A', $code, $key, 'present', 10, $m, $t, $j, [])`,
      { w: work, r: ++n, code: o.key ?? `P${n}`, key: o.key ?? null, m: mark, t: o.test ?? null, j: o.journal ?? null },
    );
  for (const m of VPR4) await pupil(0, m);
  for (const [i, m] of VPR6.entries()) await pupil(1, m, { journal: VPR6_JOURNAL[i]! });
  for (const m of AUTUMN) await pupil(2, m);
  for (const m of SPRING_2021) await pupil(3, m);
  for (const m of OGE_PREV) await pupil(4, m);
  for (const [key, m] of Object.entries(OGE)) await pupil(5, m, { key });
  await pupil(6, 4, { key: 'K2' });
  for (const t of [38, 50]) await pupil(7, null, { test: t });
  await pupil(8, null, { test: 38 });
  for (const [key, subject, kind, no, mark, text] of JOURNAL) {
    await c.run(
      `INSERT INTO journal_marks VALUES (2, 'Лист', $r, 'A', '2023/24', '9А', 9, $k, $s, $kind, $no, $m, $t, NULL, NULL)`,
      { r: ++n, k: key, s: subject, kind, no, m: mark, t: text },
    );
  }
  await resolveSchools(store.conn); // rows written directly, as ingest would resolve them
  const b = await build(store);
  expect(b.failures).toEqual([]);
  expect(b.ok).toBe(true);
});
afterAll(async () => closeStore(store));

describe('the seeds’ indicators', () => {
  it('ГИА confirms the annual mark: ОГЭ against «Математика», else «Алгебра»; pupils without a journal mark are not compared', async () => {
    // K1 4=4 ✓; K2 3 vs Алгебра 4 ✗; K3 3 vs Математика 3 ✓ (not Алгебра 5); K4 has no journal mark.
    expect(await indicator('gia_confirmed', '2023/24')).toEqual({ actual: 2 / 3, n: 3 });
  });

  it('low achievers confirming ВПР: journal «2» or «3» and the same ВПР mark', async () => {
    const low = VPR6.map((v, i) => [v, VPR6_JOURNAL[i]!] as const).filter(([, j]) => j <= 3);
    expect(await indicator('vpr_confirmed_low', '2023/24')).toEqual({
      actual: low.filter(([v, j]) => v === j).length / low.length,
      n: low.length,
    });
  });

  it('ВПР mean by grade band; the autumn 2020 sitting is not counted in the year', async () => {
    expect((await indicator('vpr_mean_4', '2023/24')).actual).toBeCloseTo(mean(VPR4), 9);
    expect((await indicator('vpr_mean_5_8', '2023/24')).actual).toBeCloseTo(mean(VPR6), 9);
    expect((await indicator('vpr_mean_5_8', '2020/21')).actual).toBeCloseTo(mean(SPRING_2021), 9);
    expect((await indicator('vpr_mean', '2020/21')).actual).toBeCloseTo(mean(SPRING_2021), 9);
  });

  it('ОГЭ mean against the previous years’ mean (first attempts, marked results)', async () => {
    const prev = mean(OGE_PREV.filter((m): m is number => m !== null));
    expect((await indicator('oge_mean_vs_prev', '2023/24')).actual).toBeCloseTo(mean(Object.values(OGE)) - prev, 9);
    expect(
      await rows(
        `SELECT * FROM mart_school_indicators WHERE indicator = 'oge_mean_vs_prev' AND school_year = '2022/23'`,
      ),
    ).toEqual([]);
  });

  it('retakes: pupils who sat ОГЭ/ЕГЭ again in the year; 0 in a year without retakes', async () => {
    expect((await indicator('gia_retakes', '2023/24')).actual).toBe(1);
    expect((await indicator('gia_retakes', '2022/23')).actual).toBe(0);
  });

  it('«неуспевающие по итогам четверти, года»: a «2» or «н/а» in any period; one definition for the share and the risk profile', async () => {
    expect(await indicator('failing_pupils', '2023/24')).toEqual({ actual: 2, n: 3 });
    expect(await indicator('at_risk_share', '2023/24')).toEqual({ actual: 2 / 3, n: 3 });
    const risk = await rows(
      `SELECT value FROM mart_risk_profile WHERE school_code = 'A' AND school_year = '2023/24' AND indicator LIKE 'Доля обучающихся с «2» или «н/а»%'`,
    );
    expect(risk).toEqual([{ value: 2 / 3 }]);
  });

  it('КУ, ОУ, СОУ, доля «2» and their intervals are shares of marked results: NULL without marks, not diluted by rows without a mark', async () => {
    const ege = (
      await rows(
        `SELECT * FROM mart_school_metrics WHERE area_level = 'school' AND assessment = 'ЕГЭ' AND school_year = '2023/24'`,
      )
    )[0]!;
    expect(ege.participants).toBe(2);
    expect(ege.marked).toBe(0);
    for (const k of ['ku', 'ku_lo', 'ku_hi', 'ou', 'ou_lo', 'ou_hi', 'sou', 'share_2', 'share_2_lo', 'share_2_hi'])
      expect(ege[k], k).toBeNull();
    const oge = (
      await rows(
        `SELECT * FROM mart_school_metrics WHERE area_level = 'school' AND assessment = 'ОГЭ' AND school_year = '2022/23'`,
      )
    )[0]!;
    expect([oge.participants, oge.marked]).toEqual([5, 4]);
    expect(oge.ku as number).toBeCloseTo(2 / 4, 9);
    expect(oge.ou as number).toBeCloseTo(1, 9);
  });

  it('ЕГЭ «ниже минимума» by the minimum-score table valid in the year', async () => {
    const below = await rows(
      `SELECT school_year, test_score, below_min FROM int_results WHERE assessment = 'ЕГЭ' ORDER BY school_year, test_score`,
    );
    expect(below).toEqual([
      { school_year: '2023/24', test_score: 38, below_min: true }, // the 2015/16 table: 40
      { school_year: '2023/24', test_score: 50, below_min: false },
      { school_year: '2024/25', test_score: 38, below_min: false }, // the 2024/25 table: 36
    ]);
  });
});
