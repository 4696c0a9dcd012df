// One baseline per programme indicator, on the two-school hand fixture plus a second ВПР year of school A and a
// programme whose passport baselines are on another scale than Ориентир's measures. Every value below is computed
// by hand from the marks written here and in tests/transforms/fixture.ts.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closeStore, openStore, type Store } from '../../store/db.js';
import { queryRows } from '../../store/query.js';
import { resolveSchools } from '../../store/school-identity.js';
import { build } from '../../transforms/runner.js';
import { loadHandFixture } from './fixture.js';

let store: Store;
type R = Record<string, unknown>;
let rows: R[] = [];
const row = (indicator: string, year: string) => {
  const r = rows.find((x) => x.indicator === indicator && x.school_year === year && x.subject === null);
  if (!r) throw new Error(`no row ${indicator} ${year}`);
  return r;
};
// ВПР Математика 5 кл. of school A in 2024/25: 12 pupils, one «2» (pass share 11/12), marks summing to 44 (mean 3,67).
const V_A_2025 = [5, 5, 4, 4, 4, 4, 4, 3, 3, 3, 3, 2];

beforeAll(async () => {
  expect(V_A_2025.reduce((a, b) => a + b, 0)).toBe(44);
  store = await openStore(':memory:');
  await loadHandFixture(store);
  const c = store.conn;
  await c.run(`INSERT INTO works (upload_id, work_no, assessment, school_year, subject, kim_grade, grade, exam_date, max_score, task_labels, task_max)
               VALUES (9, 0, 'ВПР', '2024/25', 'Математика', 5, 5, NULL, 20, [], [])`);
  let k = 0;
  for (const m of V_A_2025)
    await c.run(
      `INSERT INTO pupil_results (upload_id, work_no, row_no, school_ref, participant_code, status, primary_score, mark, journal_mark, task_scores)
                 VALUES (9, 0, $r, 'A', $p, 'present', 10, $m, NULL, [])`,
      { r: ++k, p: `Q${k}`, m },
    );
  await c.run(
    `INSERT INTO programmes (upload_id, school_ref, name, start_year, end_year, goal) VALUES (9, 'A', 'Программа А', '2024/25', '2025/26', 'Цель')`,
  );
  // Passport baselines of the region's scale: pass share 95 % (Ориентир: 10/12), mean mark 4,00 (Ориентир: 3,50), official ИОР 0,400.
  await c.run(`INSERT INTO program_targets (upload_id, school_ref, school_year, indicator, subject, grade, baseline, planned, baseline_year) VALUES
    (9, 'A', '2024/25', 'vpr_pass_share', NULL, NULL, 0.95, 0.98, '2023/24'),
    (9, 'A', '2024/25', 'vpr_mean', NULL, NULL, 4.0, 4.2, '2023/24'),
    (9, 'A', '2024/25', 'vpr_confirmed', NULL, NULL, 0.60, 0.70, '2023/24'),
    (9, 'A', '2024/25', 'ior_official', NULL, NULL, 0.40, 0.438, '2023/24')`);
  // The school reports the official ИОР: 0,45 in the baseline year, 0,41 for 2024/25; a value for the computed «ior» is not taken.
  await c.run(`INSERT INTO reported_values (upload_id, school_ref, school_year, term, indicator, value) VALUES
    (9, 'A', '2023/24', NULL, 'ior_official', 0.45), (9, 'A', '2024/25', NULL, 'ior_official', 0.41), (9, 'A', '2024/25', NULL, 'ior', 0.99)`);
  await resolveSchools(store.conn); // rows written directly, as ingest would resolve them
  const r = await build(store);
  expect(r.failures).toEqual([]);
  rows = await queryRows(
    store.conn,
    `SELECT * FROM mart_programme_progress WHERE school_code = 'A' ORDER BY indicator, school_year`,
  );
});
afterAll(async () => closeStore(store));

describe('one baseline per programme indicator', () => {
  it('a computed share: judged from the measured baseline, the plan is the passport change from it, status follows the measured direction', () => {
    const b = row('vpr_pass_share', '2023/24');
    expect(b.measured_baseline as number).toBeCloseTo(10 / 12, 9); // V_A: two «2» of 12
    expect(b).toMatchObject({
      passport_baseline: 0.95,
      baseline_origin: 'measured',
      baseline_differs: true,
      status: 'baseline',
    }); // 11,7 п.п. > 5 п.п.
    expect(b.baseline as number).toBeCloseTo(10 / 12, 9);
    expect(String(b.status_reason)).toMatch(
      /Базовый год: 83,3% \(по данным Ориентира; по паспорту 95,0%\)\. .*расходятся больше допустимого/,
    );
    const r = row('vpr_pass_share', '2024/25');
    expect(r.actual as number).toBeCloseTo(11 / 12, 9);
    expect(r.planned_passport as number).toBeCloseTo(0.98, 9);
    expect(r.planned as number).toBeCloseTo(10 / 12 + 0.03, 9); // 83,3 % + (98 % − 95 %)
    expect(r.planned_adjusted).toBe(true);
    // Against the passport's 95 % the rise 83,3 % → 91,7 % would read «в обратную сторону»; against its own base it meets the plan.
    expect(r.status).toBe('on_track');
    expect(r.progress as number).toBeCloseTo((11 / 12 - 10 / 12) / 0.03, 6);
  });

  it('a computed mark: relative tolerance, a partial rise is «под угрозой», not «отстаёт»', () => {
    const b = row('vpr_mean', '2023/24');
    expect(b).toMatchObject({
      passport_baseline: 4,
      measured_baseline: 3.5,
      baseline: 3.5,
      baseline_origin: 'measured',
    });
    expect(b.baseline_differs).toBe(true); // |4,00 − 3,50| = 0,50 > 10 % of 4,00
    const r = row('vpr_mean', '2024/25');
    expect(r.actual as number).toBeCloseTo(44 / 12, 9);
    expect(r.planned as number).toBeCloseTo(3.7, 9); // 3,50 + (4,20 − 4,00)
    expect(r.progress as number).toBeCloseTo((44 / 12 - 3.5) / 0.2, 6); // 0,83
    expect(r.status).toBe('at_risk');
    expect(String(r.status_reason)).toMatch(
      /Факт 3,67 при плане 3,70 и базе 3,50 по данным Ориентира: лучше базы \(\+0,17\), но достигнуто 83% планового изменения/,
    );
    expect(String(r.status_reason)).toMatch(
      /План — изменение по паспорту \(\+0,20 к базе паспорта 4,00\) от базы по данным Ориентира 3,50\./,
    );
  });

  it('within the tolerance the measured baseline counts without a note', () => {
    const b = row('vpr_confirmed', '2023/24');
    expect(b.measured_baseline as number).toBeCloseTo(0.5833333333333334, 9); // the fixture's 7 of 12 confirmed
    expect(b).toMatchObject({ baseline_origin: 'measured', baseline_differs: false }); // 1,7 п.п. ≤ 5 п.п.
    expect(String(b.status_reason)).not.toMatch(/расходятся/);
    expect(row('vpr_confirmed', '2024/25').planned as number).toBeCloseTo(7 / 12 + 0.1, 9);
  });

  it("the official ИОР is reportable: the reported value is kept, the passport baseline stands, Ориентир's ИОР [R] is beside it", async () => {
    const b = row('ior_official', '2023/24');
    expect(b).toMatchObject({
      origin: 'reported',
      baseline: 0.4,
      passport_baseline: 0.4,
      measured_baseline: 0.45,
      baseline_origin: 'passport',
      baseline_differs: true,
    });
    const r = row('ior_official', '2024/25');
    expect(r).toMatchObject({ actual: 0.41, planned: 0.438, planned_adjusted: false, status: 'off_track' });
    expect(r.progress as number).toBeCloseTo(0.01 / 0.038, 9);
    const ior = await queryRows(
      store.conn,
      `SELECT school_year, ior FROM mart_index WHERE school_code = 'A' ORDER BY 1`,
    );
    expect(ior.map((x) => x.school_year)).toEqual(['2023/24', '2024/25']);
    expect([b.orientir_ior, r.orientir_ior]).toEqual(ior.map((x) => x.ior));
    const kept = await queryRows(
      store.conn,
      `SELECT indicator, actual, origin FROM mart_school_indicators WHERE school_code = 'A' AND school_year = '2024/25' AND indicator IN ('ior', 'ior_official') ORDER BY 1`,
    );
    // The reported 0,99 for the computed ИОР is not taken: its value is Ориентир's own.
    expect(kept).toEqual([
      { indicator: 'ior', actual: ior[1]!.ior, origin: 'computed' },
      { indicator: 'ior_official', actual: 0.41, origin: 'reported' },
    ]);
    expect(ior[1]!.ior).not.toBe(0.99);
  });
});
