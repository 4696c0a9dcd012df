// The rules against the demo municipality's planted signals: every planted signal is flagged with the right
// reason in the latest year, and no clean school with enough pupils is ever in an attention zone.
import { listValue } from '@duckdb/node-api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closeStore, type Store } from '../../store/db.js';
import { queryRows } from '../../store/query.js';
import { demoStore, demoTruth, type Truth } from '../helpers/demo-store.js';

let store: Store;
let truth: Truth;
let latest: string;
const EXPECTED: Record<string, { flag: string; flag_level: string; reason: RegExp }> = {
  low: { flag: 'ШНОР', flag_level: 'зона внимания', reason: /ИОР \d,\d\d/ },
  inflated: {
    flag: 'Объективность: ВПР и журнал',
    flag_level: 'зона внимания',
    reason: /понизили \d+% при ожидаемых \d+% \(превышение \+\d+,\d п\.п\., 95% ДИ .+, q = 0,\d{3}\)/,
  },
  bunching: {
    flag: 'Скопление баллов у порогов (ОГЭ)',
    flag_level: 'зона внимания',
    reason: /порог \d+: у порога \d+ из \d+/,
  },
  improving: {
    flag: 'Положительная динамика',
    flag_level: 'информация',
    reason: /ИОР растёт: .*тренд \+\d,\d\d в год/,
  },
};

beforeAll(async () => {
  ({ store } = await demoStore());
  truth = demoTruth();
  latest = String((await queryRows(store.conn, 'SELECT max(school_year) AS y FROM mart_index'))[0]!.y);
});
afterAll(async () => closeStore(store));

describe('planted signals of the demo municipality', () => {
  it('recall: every planted signal is flagged in the latest year with a reason naming the numbers', async () => {
    const planted = truth.schools.flatMap((s) => s.planted.map((p) => ({ code: s.school_code, p })));
    expect(planted.length).toBeGreaterThanOrEqual(7);
    let found = 0;
    for (const { code, p } of planted) {
      const e = EXPECTED[p]!;
      const rows = await queryRows(
        store.conn,
        `SELECT reason FROM mart_flags WHERE school_code = $c AND school_year = $y AND flag = $f AND flag_level = $l`,
        { c: code, y: latest, f: e.flag, l: e.flag_level },
      );
      expect(rows.length, `${code} ${p}`).toBe(1);
      expect(String(rows[0]!.reason)).toMatch(e.reason);
      found++;
    }
    expect(found / planted.length).toBe(1);
  });

  it('no clean school with n ≥ 20 is ever in an attention zone', async () => {
    const clean = truth.schools.filter((s) => s.planted.length === 0).map((s) => s.school_code);
    expect(clean.length).toBeGreaterThanOrEqual(10);
    const falseFlags = await queryRows(
      store.conn,
      `
      SELECT f.school_code, f.school_year, f.flag FROM mart_flags f
      WHERE f.flag_level = 'зона внимания' AND list_contains($clean, f.school_code)
        AND (SELECT sum(participants) FROM mart_school_metrics m WHERE m.area_level = 'school' AND m.school_code = f.school_code AND m.school_year = f.school_year AND m.assessment = 'ВПР') >= 20`,
      { clean: listValue(clean) },
    );
    expect(falseFlags).toEqual([]);
  });

  it('every flag list states how many schools it selects out of how many eligible', async () => {
    const rows = await queryRows(
      store.conn,
      `SELECT DISTINCT school_year, flag, flag_level, selected_schools, eligible_schools FROM mart_flags WHERE flag_level = 'зона внимания'`,
    );
    expect(rows.length).toBeGreaterThan(0);
    for (const r of rows) expect(Number(r.selected_schools)).toBeLessThanOrEqual(Number(r.eligible_schools));
  });

  it('every reason says its rule is a reconstruction [R], not an official norm', async () => {
    const rows = await queryRows(store.conn, `SELECT rule_id, reason FROM mart_flags`);
    expect(rows.length).toBeGreaterThan(0);
    for (const r of rows) expect(String(r.reason), String(r.rule_id)).toMatch(/\(правило \[R\]\)$/);
  });
});
