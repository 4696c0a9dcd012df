// Several municipalities in one store (issue #14): every relative rule compares a school with its reference area
// (config reference_areas, municipality by default). A second municipality added to the demo store leaves the first
// one's percentiles, cuts, reference shares, BH families and lists exactly as they were; with «registry» areas the
// same rules pool both municipalities.
import { rmSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig, type MethodologyConfig } from '../../domain/methodology.js';
import { closeStore, type Store } from '../../store/db.js';
import { queryRows } from '../../store/query.js';
import { build } from '../../transforms/runner.js';
import { demoStore } from '../helpers/demo-store.js';
import { fingerprints } from '../helpers/mart-fingerprints.js';
import { addSecondMunicipality, FIRST, SECOND } from '../helpers/second-municipality.js';

/** Marts of the first municipality's schools: what its committee's lists and percentiles are made of. */
const FIRST_MARTS = [
  'mart_index',
  'mart_shnor_years',
  'mart_flags',
  'mart_objectivity',
  'mart_bunching',
  'mart_task_difficulty',
  'mart_cohort',
  'mart_risk_profile',
  'mart_programme_exit',
  'mart_score_distribution',
  'mart_school_series',
]
  .map((t) => `SELECT * FROM ${t} WHERE school_code NOT LIKE 'B%'`)
  .concat([
    `SELECT * FROM mart_school_metrics WHERE municipality IS DISTINCT FROM '${SECOND}' AND coalesce(school_code, '') NOT LIKE 'B%'`,
    `SELECT * FROM mart_series_reference WHERE ref_area <> '${SECOND}'`,
  ]);

let store: Store;
let dir = '';
let before: string[][] = [];
const rows = async (sql: string) => queryRows(store.conn, sql);
const marts = () => fingerprints(store.conn, FIRST_MARTS);
const withAreas = (area: 'municipality' | 'registry'): MethodologyConfig => {
  const cfg = loadConfig();
  return {
    ...cfg,
    reference_areas: {
      ...cfg.reference_areas,
      rules: Object.fromEntries(Object.entries(cfg.reference_areas.rules).map(([k, a]) => [k, { ...a, value: area }])),
    },
  };
};

beforeAll(async () => {
  ({ store, dir } = await demoStore());
  before = await marts();
  await addSecondMunicipality(store);
  const b = await build(store);
  expect(b.failures).toEqual([]);
}, 300_000);
afterAll(async () => {
  await closeStore(store);
  rmSync(dir, { recursive: true, force: true });
});

describe('several municipalities in one store', () => {
  it('the second municipality has its own reference area, percentiles and municipal rows', async () => {
    const areas = await rows(`SELECT index_area, count(*) AS n FROM mart_school_areas GROUP BY ALL ORDER BY 1`);
    expect(areas.map((a) => a.index_area)).toEqual([SECOND, FIRST]);
    const [b] = await rows(`SELECT max(schools_in_year) AS n, count(DISTINCT school_code) AS schools FROM mart_index
      WHERE ref_area = '${SECOND}' AND school_year = '2025/26'`);
    expect(Number(b!.n)).toBe(Number(b!.schools));
    expect(Number(b!.n)).toBeLessThan(Number(areas[1]!.n));
    const mun = await rows(
      `SELECT DISTINCT area_name FROM mart_school_metrics WHERE area_level = 'municipality' ORDER BY 1`,
    );
    expect(mun.map((r) => r.area_name)).toEqual([SECOND, FIRST]);
  });

  it('leaves every mart of the first municipality exactly as it was', async () => {
    expect(await marts()).toEqual(before);
  });

  it("counts the schools a rule selects within the school's own municipality", async () => {
    const f = await rows(
      `SELECT DISTINCT municipality, eligible_schools FROM mart_flags WHERE school_year = '2025/26' ORDER BY 1`,
    );
    const idx = await rows(
      `SELECT ref_area, count(*) AS n FROM mart_index WHERE school_year = '2025/26' GROUP BY ALL ORDER BY 1`,
    );
    expect(f.map((r) => [r.municipality, Number(r.eligible_schools)])).toEqual(
      idx.map((r) => [r.ref_area, Number(r.n)]),
    );
  });

  it('with «registry» reference areas the rules pool both municipalities', async () => {
    const r = await build(store, withAreas('registry'));
    expect(r.failures).toEqual([]);
    const [one] = await rows(
      `SELECT count(DISTINCT ref_area) AS areas, count(*) AS n, max(schools_in_year) AS pooled FROM mart_index WHERE school_year = '2025/26'`,
    );
    expect(Number(one!.areas)).toBe(1);
    expect(Number(one!.pooled)).toBe(Number(one!.n));
    const reasons = await rows(`SELECT reason FROM mart_flags WHERE flag = 'ШНОР' AND reason LIKE '%процентил%'`);
    expect(reasons.length).toBeGreaterThan(0);
    expect(reasons.every((x) => /всех ОО реестра/.test(String(x.reason)))).toBe(true);
    expect(await marts()).not.toEqual(before);
    // Back to the default: the first municipality's marts are what they were.
    expect((await build(store, withAreas('municipality'))).failures).toEqual([]);
    expect(await marts()).toEqual(before);
  });
});
