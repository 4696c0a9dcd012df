// Plan vs actual on a small store: the two-school hand fixture plus a programme of school A written straight into
// the programme tables; every planned value, progress share and status below is computed by hand.
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
  const r = rows.find((x) => x.indicator === indicator && x.school_year === year);
  if (!r) throw new Error(`no row ${indicator} ${year}`);
  return r;
};
const OWN = 'c_0123456789';

beforeAll(async () => {
  store = await openStore(':memory:');
  await loadHandFixture(store);
  const c = store.conn;
  await c.run(
    `INSERT INTO programmes (upload_id, school_ref, name, start_year, end_year, goal) VALUES (9, 'A', 'Программа А', '2024/25', '2026/27', 'Цель')`,
  );
  await c.run(`INSERT INTO programme_indicators (upload_id, school_ref, indicator, caption, unit, direction)
               VALUES (9, 'A', '${OWN}', 'Количество неуспевающих', 'count', 'lower-better')`);
  await c.run(`INSERT INTO program_targets (upload_id, school_ref, school_year, indicator, subject, grade, baseline, planned, baseline_year) VALUES
    (9, 'A', '2025/26', 'iom_share', NULL, NULL, 0.30, 0.70, '2023/24'),
    (9, 'A', '2026/27', 'iom_share', NULL, NULL, 0.30, 1.00, '2023/24'),
    (9, 'A', '2024/25', '${OWN}', NULL, NULL, 10, 4, '2023/24'),
    (9, 'A', '2024/25', 'parents_reached_share', NULL, NULL, NULL, 0.60, '2023/24'),
    (9, 'A', '2023/24', 'vpr_mean', 'Математика', 5, 3.2, 3.6, '2022/23')`);
  await c.run(`INSERT INTO reported_values (upload_id, school_ref, school_year, term, indicator, value) VALUES
    (9, 'A', '2024/25', 1, 'iom_share', 0.35), (9, 'A', '2024/25', 2, 'iom_share', 0.45),
    (9, 'A', '2025/26', 4, 'iom_share', 0.60), (9, 'A', '2025/26', NULL, 'iom_share', 0.72),
    (9, 'A', '2024/25', 2, '${OWN}', 8), (9, 'A', '2025/26', 1, '${OWN}', 3),
    (9, 'A', '2023/24', NULL, 'parents_reached_share', 0.20), (9, 'A', '2024/25', 3, 'parents_reached_share', 0.50)`);
  await resolveSchools(store.conn); // rows written directly, as ingest would resolve them
  const r = await build(store);
  expect(r.failures).toEqual([]);
  rows = await queryRows(
    store.conn,
    `SELECT * FROM mart_programme_progress WHERE school_code = 'A' ORDER BY indicator, school_year`,
  );
});
afterAll(async () => closeStore(store));

describe('programme progress (plan vs actual)', () => {
  it('a row per year from the baseline year to the programme end, with the catalogue caption and unit', () => {
    const iom = rows.filter((r) => r.indicator === 'iom_share');
    expect(iom.map((r) => r.school_year)).toEqual(['2023/24', '2024/25', '2025/26', '2026/27']);
    expect(iom[0]).toMatchObject({
      unit: 'share',
      direction: 'higher-better',
      origin: 'reported',
      baseline_year: '2023/24',
      status: 'baseline',
      planned: null,
    });
    expect(String(iom[0]!.caption)).toMatch(/ИОМ|маршрут/);
  });

  it('planned: linear between the baseline and the next target; at risk when at least half of the planned change is made', () => {
    const r = row('iom_share', '2024/25');
    expect(r.planned as number).toBeCloseTo(0.5, 9); // 0,30 + (0,70 − 0,30)·1/2
    expect(r.planned_explicit).toBe(false);
    expect(r.actual as number).toBeCloseTo(0.45, 9); // the latest term
    expect(r.progress as number).toBeCloseTo(0.75, 9); // (0,45 − 0,30)/(0,50 − 0,30)
    expect(r.status).toBe('at_risk');
    expect(String(r.status_reason)).toMatch(
      /факт 45,0% при плане 50,0% и базе 30,0%: лучше базы \(\+15,0 п\.п\.\), но достигнуто 75% планового изменения \(не меньше 50%\)/i,
    );
  });

  it('the year value wins over the terms; reaching the plan is «on track»; a future year has no data', () => {
    const r = row('iom_share', '2025/26');
    expect([r.actual, r.planned, r.planned_explicit, r.status]).toEqual([0.72, 0.7, true, 'on_track']);
    expect(String(r.status_reason)).toMatch(/план достигнут \(больше — лучше\)/);
    expect(row('iom_share', '2026/27')).toMatchObject({ status: 'no_data', planned: 1, actual: null });
  });

  it('lower-is-better own indicator: a third of the planned fall is «off track», after the last target the target holds', () => {
    const r = row(OWN, '2024/25');
    expect(r).toMatchObject({
      caption: 'Количество неуспевающих',
      unit: 'count',
      direction: 'lower-better',
      actual: 8,
      planned: 4,
      status: 'off_track',
    });
    expect(r.progress as number).toBeCloseTo(1 / 3, 9); // (8 − 10)/(4 − 10)
    expect(String(r.status_reason)).toMatch(
      /Факт 8 при плане 4 и базе 10: лучше базы \(−2\), но достигнуто 33% .* отстаёт от плана/,
    );
    expect(r.improving).toBe(true); // 10 → 8 is better for a lower-is-better indicator, though behind the plan
    const hold = row(OWN, '2025/26');
    expect([hold.planned, hold.planned_explicit, hold.actual, hold.status]).toEqual([4, false, 3, 'on_track']);
  });

  it('without a baseline in the passport the value measured in the baseline year is used, and said so', () => {
    expect(row('parents_reached_share', '2023/24')).toMatchObject({ baseline: 0.2, status: 'baseline' });
    expect(String(row('parents_reached_share', '2023/24').status_reason)).toMatch(/измерено/);
    const r = row('parents_reached_share', '2024/25');
    expect(r.progress as number).toBeCloseTo(0.75, 9); // (0,50 − 0,20)/(0,60 − 0,20)
    expect(r.status).toBe('at_risk');
  });

  it('a computed indicator by subject and grade takes its actual and n from the ingested results', () => {
    const r = row('vpr_mean', '2023/24');
    expect(r).toMatchObject({ subject: 'Математика', grade: 5, n: 12, baseline_year: '2022/23', origin: 'computed' });
    // Nothing measured in 2022/23: the passport's baseline stands and the plan is the passport's.
    expect(r).toMatchObject({
      baseline: 3.2,
      passport_baseline: 3.2,
      measured_baseline: null,
      baseline_origin: 'passport',
      baseline_differs: false,
      planned: 3.6,
      planned_adjusted: false,
    });
    expect(r.actual as number).toBeCloseTo(42 / 12, 9); // 2×5 + 4×4 + 4×3 + 2×2
    expect(r.progress as number).toBeCloseTo((3.5 - 3.2) / (3.6 - 3.2), 9);
    expect(r.status).toBe('at_risk');
  });

  it('mart_targets keeps its columns and judges the own lower-is-better indicator by its direction', async () => {
    const t = await queryRows(
      store.conn,
      `SELECT * FROM mart_targets WHERE school_code = 'A' AND indicator = '${OWN}'`,
    );
    expect(Object.keys(t[0]!)).toEqual([
      'school_code',
      'school_year',
      'indicator',
      'subject',
      'grade',
      'baseline',
      'planned',
      'actual',
      'achieved',
      'gap',
      'caption',
      'unit',
      'direction',
    ]);
    expect(t[0]).toMatchObject({ actual: 8, planned: 4, achieved: false, direction: 'lower-better' });
    expect(t[0]!.caption).not.toBe(OWN); // the school's own wording, not the id
  });

  it('the catalogue is loaded into cfg_indicators', async () => {
    const c = await queryRows(
      store.conn,
      `SELECT * FROM cfg_indicators WHERE id IN ('ku', 'at_risk_share') ORDER BY id`,
    );
    expect(c.map((x) => [x.id, x.unit, x.direction, x.origin])).toEqual([
      ['at_risk_share', 'share', 'lower-better', 'computed'],
      ['ku', 'share', 'higher-better', 'computed'],
    ]);
  });
});
