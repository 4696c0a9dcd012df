// A real regional file in the demo municipality (issue #14): the registry defines the municipality, so schools outside
// it land as the region reference — municipal rows, percentiles, lists unchanged; region rows in mart_school_metrics and
// the export; the unknown schools named once, grouped; an open-data id equal to a registry code is not that school.
import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadAreas } from '../../dashboard/data/school.js';
import { areasSection } from '../../dashboard/pages/school-sections.js';
import { FORMATS } from '../../ingest/formats/index.js';
import { ingestFile } from '../../ingest/load.js';
import type { IngestReport } from '../../ingest/report.js';
import { closeStore, type Store } from '../../store/db.js';
import { queryRows } from '../../store/query.js';
import { build } from '../../transforms/runner.js';
import { demoStore } from '../helpers/demo-store.js';
import { fingerprints } from '../helpers/mart-fingerprints.js';

const SAMPLES = join(import.meta.dirname, '..', 'fixtures', 'samples');
const REGIONAL = ['fisoko_vpr2021_altai_export_geography10.xlsx', 'fisoko_vpr2022_altai_export_geography10.xlsx'];
const OPEN_DATA = 'moscow_ege_by_school_2015-2016__data-9722-2016-10-31.csv';
/** Municipal marts: what the committee's lists, percentiles and benchmarks are made of. */
const MUNICIPAL = [
  `SELECT * FROM mart_school_metrics WHERE area_level <> 'region'`,
  'SELECT * FROM mart_index',
  'SELECT * FROM mart_flags',
  'SELECT * FROM mart_objectivity',
  'SELECT * FROM mart_bunching',
  'SELECT * FROM mart_task_difficulty',
  'SELECT * FROM mart_cohort',
];

let store: Store;
let dir = '';
let before: string[][] = [];
const reports: IngestReport[] = [];
const rows = async (sql: string) => queryRows(store.conn, sql);
const marts = () => fingerprints(store.conn, MUNICIPAL);

beforeAll(async () => {
  ({ store, dir } = await demoStore());
  before = await marts();
  for (const f of [...REGIONAL, OPEN_DATA]) {
    reports.push(
      await ingestFile(store, FORMATS, { bytes: readFileSync(join(SAMPLES, f)), fileName: f, channel: 'cli' }),
    );
  }
  const b = await build(store);
  expect(b.failures).toEqual([]);
}, 240_000);
afterAll(async () => {
  await closeStore(store);
  rmSync(dir, { recursive: true, force: true });
});

describe('a regional file in a municipality', () => {
  it('loads every file; the schools outside the registry are named once, grouped, with «и ещё N»', () => {
    for (const r of reports) expect(r.status, r.fileName).toBe('loaded');
    const vpr = reports[0]!;
    expect(vpr.unknownSchools.length).toBeGreaterThan(50); // the region's schools in the sample
    const lines = vpr.issues.filter((i) => /нет в реестре/.test(i.message));
    expect(lines).toHaveLength(1);
    expect(lines[0]!.message).toMatch(
      new RegExp(
        `^${vpr.unknownSchools.length} ОО нет в реестре: «sch22\\d{4}», .* и ещё ${vpr.unknownSchools.length - 5}\\. Их результаты сохранены, но не входят в показатели и списки`,
      ),
    );
  });

  it('leaves the municipal marts exactly as they were (rows, percentiles, lists)', async () => {
    const after = await marts();
    expect(after).toEqual(before);
  });

  it('keeps the region as a reference: region rows from the file, schools of the region counted, no school pages for them', async () => {
    const region = await rows(`SELECT school_year, subject, grade, participants FROM mart_school_metrics
      WHERE area_level = 'region' AND area_name = 'Регион 22' AND assessment = 'ВПР' ORDER BY school_year`);
    expect(region.map((r) => r.school_year)).toEqual(['2020/21', '2021/22']);
    const loaded =
      await rows(`SELECT w.school_year, count(*) AS n FROM pupil_results p JOIN works w USING (upload_id, work_no)
      JOIN uploads u USING (upload_id) WHERE u.format LIKE 'fisoko-%' AND p.status = 'present' AND regexp_full_match(lower(p.school_ref), '(sch|edu)22\\d{4}') GROUP BY ALL ORDER BY 1`);
    expect(region.map((r) => Number(r.participants))).toEqual(loaded.map((r) => Number(r.n)));
    expect(await rows(`SELECT DISTINCT school_code FROM mart_school_metrics WHERE school_code LIKE 'sch%'`)).toEqual(
      [],
    );
    expect(
      await rows(
        `SELECT DISTINCT school_code FROM mart_index WHERE school_code NOT IN (SELECT school_code FROM schools)`,
      ),
    ).toEqual([]);
  });

  it('an open-data school id equal to a registry code does not attach to that school', async () => {
    const clash = await rows(`SELECT count(*) AS n FROM aggregate_results a JOIN uploads u USING (upload_id)
      WHERE u.format LIKE 'moscow-%' AND a.school_ref IN (SELECT school_code FROM schools)`);
    expect(Number(clash[0]!.n)).toBeGreaterThan(0); // the sample does hold ids equal to demo registry codes
    const attached = await rows(
      `SELECT count(*) AS n FROM stg_aggregates s JOIN uploads u USING (upload_id) WHERE u.format LIKE 'moscow-%' AND s.in_registry`,
    );
    expect(Number(attached[0]!.n)).toBe(0);
    expect(reports[2]!.unknownSchools.length).toBeGreaterThan(0);
  });

  it('a school page puts the school beside its municipality and region, work by work', async () => {
    const [w] =
      await rows(`SELECT school_code FROM mart_school_metrics WHERE area_level = 'school' AND school_year = '2021/22'
      AND assessment = 'ВПР' AND subject = 'География' AND grade = 10 ORDER BY school_code LIMIT 1`);
    const code = String(w!.school_code);
    const areas = await loadAreas(store.conn, code, '2021/22');
    const geo = areas.find((a) => a.subject === 'География' && a.grade === 10)!;
    const [mun] = await rows(
      `SELECT ku, participants FROM mart_school_metrics WHERE area_level = 'municipality' AND school_year = '2021/22' AND assessment = 'ВПР' AND subject = 'География' AND grade = 10`,
    );
    const [reg] =
      await rows(`SELECT area_name, ku, participants FROM mart_school_metrics WHERE area_level = 'region' AND area_name = 'Регион 22'
      AND school_year = '2021/22' AND assessment = 'ВПР' AND subject = 'География' AND grade = 10`);
    expect(geo.mun_ku).toBeCloseTo(Number(mun!.ku), 9);
    expect(geo.region_name).toBe('Регион 22');
    expect(geo.region_ku).toBeCloseTo(Number(reg!.ku), 9);
    expect(geo.region_participants).toBe(Number(reg!.participants));
    // Works the regional files do not cover have no region and are left out of the table.
    expect(areas.filter((a) => a.subject !== 'География').every((a) => a.region_ku === null)).toBe(true);
    const section = String(areasSection(areas, '2021/22'));
    expect(section).toMatch(/ВПР: ОО, муниципалитет и регион, 2021\/22/);
    expect(section).toContain('География, 10 кл.');
    expect(section).not.toContain('Русский язык');
    expect(
      String(
        areasSection(
          areas.map((a) => ({ ...a, region_ku: null, region_share_2: null })),
          '2021/22',
        ),
      ),
    ).toBe('');
  });

  it('the year of the regional file is selectable', async () => {
    const years = (
      await queryRows(
        store.conn,
        readFileSync(join(import.meta.dirname, '..', '..', 'dashboard', 'queries', 'overview-years.sql'), 'utf8'),
      )
    ).map((r) => r.school_year);
    expect(years).toContain('2020/21');
  });
});
