// Does the help work: difference in differences on a generated municipality of 80 schools whose programmes have a
// known effect (the demo's latent ability model: +0,5 θ for every other programme school, none for the rest), checked
// against the truth and against an independent re-computation; plus the exit criteria's distances.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { World } from '../../demo/world.js';
import { loadConfig } from '../../domain/methodology.js';
import { closeStore, openStore, type Store } from '../../store/db.js';
import { queryRows } from '../../store/query.js';
import { build } from '../../transforms/runner.js';
import { loadWorld } from './programme-world.js';

type R = Record<string, unknown>;
let store: Store;
let world: World;
let effect: R[] = [];
const cfg = loadConfig().params;
const MIN_CONTROLS = cfg.programme_min_controls!.value,
  PRE = cfg.programme_did_pre_years!.value;

beforeAll(async () => {
  store = await openStore(':memory:');
  world = await loadWorld(store, { seed: 2, schools: 80, effect: 0.5 });
  const r = await build(store);
  expect(r.failures).toEqual([]);
  effect = await queryRows(store.conn, `SELECT * FROM mart_programme_effect ORDER BY outcome, school_code NULLS LAST`);
});
afterAll(async () => closeStore(store));

const programmeSchools = () => world.schools.filter((s) => s.programme);
const of = (code: string | null, outcome = 'vpr_mean') =>
  effect.find((r) => r.school_code === code && r.outcome === outcome)!;

/**
 * The rows of mart_programme_effect (vpr_mean) re-computed independently for a minimum of similar schools; returns
 * the control groups used (1 — same size band, 2 — same type and settlement, 3 — all).
 */
async function expectIndependent(rows: R[], minControls: number): Promise<Set<number>> {
  const row = (code: string | null) => rows.find((r) => r.school_code === code && r.outcome === 'vpr_mean')!;
  const levels = new Set<number>();
  const vals = await queryRows(
    store.conn,
    `SELECT i.school_code, left(i.school_year, 4)::INTEGER AS y, i.actual, s.school_type, s.settlement_type, s.enrolment
    FROM mart_school_indicators i JOIN stg_schools s USING (school_code) WHERE i.indicator = 'vpr_mean' AND i.subject IS NULL AND i.grade IS NULL`,
  );
  const band = (e: number) => (e < 200 ? 0 : e < 500 ? 1 : e < 1000 ? 2 : 3);
  const treated = new Set(programmeSchools().map((s) => s.code));
  const start = Number(world.years[programmeSchools()[0]!.programme!.startIdx]!.label.slice(0, 4));
  const change = (code: string) => {
    const v = vals.filter((x) => x.school_code === code);
    const mean = (xs: R[]) => xs.reduce((a, x) => a + (x.actual as number), 0) / xs.length;
    return (
      mean(v.filter((x) => (x.y as number) >= start)) -
      mean(v.filter((x) => (x.y as number) < start && (x.y as number) >= start - PRE))
    );
  };
  const info = new Map(vals.map((x) => [x.school_code as string, x]));
  const used = new Set<string>();
  for (const s of programmeSchools()) {
    const me = info.get(s.code)!;
    const others = [...info.values()].filter((x) => !treated.has(x.school_code as string));
    const kind = others.filter((x) => x.school_type === me.school_type && x.settlement_type === me.settlement_type);
    const size = kind.filter((x) => band(x.enrolment as number) === band(me.enrolment as number));
    const controls = size.length >= minControls ? size : kind.length >= minControls ? kind : others;
    const d = controls.map((x) => change(x.school_code as string));
    const m = d.reduce((a, b) => a + b, 0) / d.length;
    const sd = Math.sqrt(d.reduce((a, b) => a + (b - m) ** 2, 0) / (d.length - 1));
    const r = row(s.code);
    expect(r.n_controls).toBe(d.length);
    expect(r.treated_change as number).toBeCloseTo(change(s.code), 9);
    expect(r.control_change as number).toBeCloseTo(m, 9);
    expect(r.effect as number).toBeCloseTo(change(s.code) - m, 9);
    expect(r.se as number).toBeCloseTo(sd * Math.sqrt(1 + 1 / d.length), 9);
    const level = controls === size ? 1 : controls === kind ? 2 : 3;
    levels.add(level);
    expect(String(r.control_group)).toBe(
      [
        'тот же тип ОО, тип поселения и размер',
        `тот же тип ОО и тип поселения (похожих по размеру меньше ${minControls})`,
        `все ОО без программы (похожих меньше ${minControls})`,
      ][level - 1],
    );
    for (const c of controls) used.add(c.school_code as string);
  }
  // The district row pools the programme schools against the union of their controls (Welch).
  const dist = row(null);
  const t = programmeSchools().map((s) => change(s.code));
  const c = [...used].map(change);
  const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
  const v = (xs: number[]) => xs.reduce((a, b) => a + (b - mean(xs)) ** 2, 0) / (xs.length - 1);
  expect([dist.n_treated, dist.n_controls, dist.school_code]).toEqual([4, used.size, null]);
  expect(dist.treated_change as number).toBeCloseTo(mean(t), 9);
  expect(dist.control_change as number).toBeCloseTo(mean(c), 9);
  expect(dist.se as number).toBeCloseTo(Math.sqrt(v(t) / t.length + v(c) / c.length), 9);
  expect(dist.ci_lo as number).toBeLessThan(dist.effect as number);
  expect(String(dist.evidence_text)).toMatch(/в среднем по 4 ОО/);
  return levels;
}

describe('programme effect: difference in differences against similar schools', () => {
  it('the effective programmes are better than similar schools with a CI above 0; the null ones do not differ', () => {
    const progs = programmeSchools();
    expect(progs.map((s) => s.programme!.effect)).toEqual([0.5, 0, 0.5, 0]);
    for (const s of progs) {
      const r = of(s.code);
      if (s.programme!.effect > 0) {
        expect(r.effect as number, s.code).toBeGreaterThan(0);
        expect(r.ci_lo as number, s.code).toBeGreaterThan(0);
        expect(r.evidence).toBe('изменение лучше, чем у похожих школ');
      } else {
        expect(r.ci_lo as number, s.code).toBeLessThan(0);
        expect(r.ci_hi as number, s.code).toBeGreaterThan(0);
        expect(r.evidence).toBe('не отличается от похожих школ');
      }
      expect(String(r.evidence_text)).toMatch(
        /^Изменение с начала программы: [+−]\d,\d\d, у \d+ ОО без программы — [+−]\d,\d\d; разница .*95% интервал от .* Это оценка, а не вывод/,
      );
    }
  });

  it('per school: effect, SE and controls re-computed independently (same type, settlement and size band, relaxed below the minimum)', async () => {
    await expectIndependent(effect, MIN_CONTROLS);
  });

  it('the same at every level of the control group: minimum of similar schools 1, 8, 30', async () => {
    const levels = new Set<number>();
    try {
      for (const min of [1, 8, 30]) {
        const c = loadConfig();
        c.params.programme_min_controls!.value = min;
        expect((await build(store, c)).failures).toEqual([]);
        const rows = await queryRows(store.conn, 'SELECT * FROM mart_programme_effect');
        for (const l of await expectIndependent(rows, min)) levels.add(l);
      }
    } finally {
      expect((await build(store)).failures).toEqual([]);
    }
    expect([...levels].sort()).toEqual([1, 2, 3]);
  });

  it('every programme school has a row per outcome, with the years compared named', () => {
    for (const s of programmeSchools()) {
      expect(effect.filter((r) => r.school_code === s.code).map((r) => r.outcome)).toEqual([
        'at_risk_share',
        'ior',
        'vpr_mean',
        'vpr_pass_share',
      ]);
      const r = of(s.code);
      expect([r.pre_years, r.post_years]).toEqual(['2021/22, 2022/23, 2023/24', '2024/25, 2025/26']);
    }
    // No journal data in this municipality: the at-risk share cannot be compared, and the row says so.
    expect(of(programmeSchools()[0]!.code, 'at_risk_share')).toMatchObject({
      evidence: 'недостаточно данных для сравнения',
      effect: null,
    });
  });
});

describe('programme exit criteria', () => {
  it('distance to each criterion in its unit, 0 when met; the not-low streak counts consecutive years', async () => {
    const exit = await queryRows(
      store.conn,
      `SELECT e.*, s.ior, s.ior_cut, s.median_cut, s.vpr_fail, s.fail_cut, s.is_low FROM mart_programme_exit e
      JOIN mart_shnor_years s USING (school_code, school_year) ORDER BY school_code, school_year, criterion_no`,
    );
    const codes = new Set(exit.map((r) => r.school_code));
    expect(codes).toEqual(new Set(programmeSchools().map((s) => s.code)));
    let streak = 0,
      prev = '';
    for (const r of exit) {
      const ior = r.ior as number,
        vf = r.vpr_fail as number;
      if (r.criterion_id === 'ior_above_shnor_cut') {
        const need = Math.max((r.ior_cut as number) + 1e-9, r.median_cut as number);
        expect(r.distance as number).toBeCloseTo(Math.max(0, need - ior), 9);
        expect(r.met).toBe(ior > (r.ior_cut as number) && ior >= (r.median_cut as number));
      }
      if (r.criterion_id === 'vpr_fail_below_shnor_cut') {
        const low = vf >= (r.fail_cut as number) && vf > 0;
        expect(r.distance as number).toBeCloseTo(low ? vf - (r.fail_cut as number) : 0, 9);
        expect(r.met).toBe(!low);
      }
      if (r.criterion_id === 'not_low_years') {
        streak = r.school_code === prev ? (r.is_low ? 0 : streak + 1) : r.is_low ? 0 : 1;
        prev = r.school_code as string;
        expect([r.value, r.distance, r.met]).toEqual([streak, Math.max(0, 2 - streak), streak >= 2]);
      }
      if ((r.met as boolean) === true) expect(r.distance).toBe(0);
    }
    // The low schools stay low: in the latest year none has met the streak criterion.
    const latest = exit.filter((r) => r.school_year === '2025/26' && r.criterion_id === 'not_low_years');
    expect(latest.filter((r) => r.met === false).length).toBeGreaterThanOrEqual(2);
  });
});
