import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closeStore, openStore, type Store } from '../../store/db.js';
import { queryRows } from '../../store/query.js';
import { resolveSchools } from '../../store/school-identity.js';
import { build } from '../../transforms/runner.js';
import { loadHandFixture } from './fixture.js';

let store: Store;
const one = async (sql: string) => (await queryRows(store.conn, sql))[0] as Record<string, number | string | boolean>;

beforeAll(async () => {
  store = await openStore(':memory:');
  await loadHandFixture(store);
  await resolveSchools(store.conn); // rows written directly, as ingest would resolve them
  const r = await build(store);
  expect(r.failures).toEqual([]);
  expect(r.ok).toBe(true);
});
afterAll(async () => closeStore(store));

describe('hand-computed marts', () => {
  it('КУ, ОУ, СОУ and the Wilson interval of КУ', async () => {
    const m = await one(
      `SELECT * FROM mart_school_metrics WHERE area_level = 'school' AND school_code = 'A' AND assessment = 'ВПР'`,
    );
    expect(m.participants).toBe(12);
    expect(m.ku as number).toBeCloseTo(6 / 12, 9); // 2×«5» + 4×«4»
    expect(m.ou as number).toBeCloseTo(10 / 12, 9);
    expect(m.sou as number).toBeCloseTo((100 * 2 + 64 * 4 + 36 * 4 + 16 * 2) / 12 / 100, 9);
    // Wilson, k = 6, n = 12, z = 1.959964: centre (0.5 + z²/24)/(1 + z²/12) = 0.5, half-width 0.24621840383747606
    expect(m.ku_lo as number).toBeCloseTo(0.25378159616252394, 9);
    expect(m.ku_hi as number).toBeCloseTo(0.7462184038374761, 9);
    expect(m.insufficient).toBe(false);
  });

  it('municipality rows sum both schools', async () => {
    const m = await one(`SELECT * FROM mart_school_metrics WHERE area_level = 'municipality' AND assessment = 'ВПР'`);
    expect(m.participants).toBe(24);
    expect(m.ku as number).toBeCloseTo(6 / 24, 9);
  });

  it('ВПР vs journal: понизили/подтвердили/повысили, NI, G, κw', async () => {
    const o = await one(`SELECT * FROM mart_objectivity WHERE school_code = 'A'`);
    expect([o.compared, o.lowered, o.confirmed, o.raised]).toEqual([12, 5, 7, 0]);
    expect(o.ni as number).toBeCloseTo(5 / 12, 9);
    expect(o.mean_gap as number).toBeCloseTo(5 / 12, 9);
    expect(o.g2 as number).toBeCloseTo(0, 9);
    // quadratic-weighted κ from the 4×4 agreement table: 1 − Σw·O / Σw·E = 0.75
    expect(o.kappa_w as number).toBeCloseTo(0.75, 9);
  });

  it('A3 bunching: binomial tail and Benjamini–Hochberg', async () => {
    const b = await one(`SELECT * FROM mart_bunching WHERE school_code = 'A' AND assessment = 'ОГЭ' AND cut = 8`);
    expect([b.k, b.m]).toEqual([8, 10]); // 8 of 10 scores in [8, 9]; window [6, 9]
    expect(b.q as number).toBeCloseTo(0.5, 9); // school B: 10 of 20
    expect(b.p_value as number).toBeCloseTo(56 / 1024, 9); // P(X ≥ 8 | 10, 0.5) = (45 + 10 + 1)/1024
    expect(b.q_value as number).toBeCloseTo(0.109375, 9); // family of 2: min(p·2/1, p_B·2/2)
  });

  it('ИОР: winsorised min–max per component, equal block weights', async () => {
    const a = await one(`SELECT * FROM mart_index WHERE school_code = 'A'`);
    const b = await one(`SELECT * FROM mart_index WHERE school_code = 'B'`);
    // ВПР block: A best on КУ (1) and worst on «2» share (0) → 0.5; B the reverse → 0.5.
    // ОГЭ block: A better on mean % (7.9 vs 7.5 of 31) and on «2» share (0.2 vs 0.5) → 1; B → 0.
    expect(a.block_vpr as number).toBeCloseTo(0.5, 9);
    expect(a.block_oge as number).toBeCloseTo(1, 9);
    expect(a.ior as number).toBeCloseTo(0.75, 9);
    expect(b.ior as number).toBeCloseTo(0.25, 9);
    expect(a.oge_pct as number).toBeCloseTo(7.9 / 31, 9);
  });

  it('a failing data test rolls the build back and keeps the previous marts', async () => {
    const before = await one(`SELECT count(*)::INTEGER AS n FROM mart_school_metrics`);
    await store.conn.run(
      `INSERT INTO pupil_results (upload_id, work_no, row_no, school_ref, participant_code, status, mark) VALUES (1, 0, 999, 'A', 'BAD', 'present', 7)`,
    );
    await resolveSchools(store.conn); // rows written directly, as ingest would resolve them
    const r = await build(store);
    expect(r.ok).toBe(false);
    expect(r.failures.join('\n')).toMatch(/int_results.mark: 1 значений вне \[2; 5\]/);
    const after = await one(`SELECT count(*)::INTEGER AS n FROM mart_school_metrics`);
    expect(after.n).toBe(before.n);
    const last = await one(`SELECT outcome FROM build_runs ORDER BY build_id DESC LIMIT 1`);
    expect(last.outcome).toBe('failed');
    await store.conn.run(`DELETE FROM pupil_results WHERE participant_code = 'BAD'`);
  });
});
