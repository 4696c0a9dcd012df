// The two ВПР sittings of 2020/21 kept apart end to end: autumn 2020 (grade N+1 wrote the КИМ of grade N, Sept–Oct)
// and spring 2021. Generated files of both sittings load without replacing each other, take their marks from their
// own КИМ's scale, and the marts and the school page hold a row per sitting. Every expectation is counted from the
// plans the files are written from.
import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadObjectivity } from '../../dashboard/data/school.js';
import { FORMATS } from '../../ingest/formats/index.js';
import { ingestFile } from '../../ingest/load.js';
import type { IngestReport } from '../../ingest/report.js';
import { closeStore, migrate, openStore, type Store } from '../../store/db.js';
import { queryRows } from '../../store/query.js';
import { resolveSchools } from '../../store/school-identity.js';
import { build } from '../../transforms/runner.js';
import { VPR21_HEADER } from '../fixtures/bad/make.js';
import { tempDir } from '../ingest/fisoko/build-fixtures.js';

type Cuts = readonly [number, number, number];
// Scales written into the store before loading: ВПР-2020 КИМ 5 (the autumn sitting's, school year 2019/20) differs
// from ВПР-2021 КИМ 5 (2020/21) — a total of 4–6 is «3» in autumn and «2» in spring.
const AUTUMN_CUTS: Cuts = [4, 8, 12],
  AUTUMN_MAX = 16;
const SPRING5_CUTS: Cuts = [7, 11, 15],
  SPRING6_CUTS: Cuts = [6, 10, 14];
const markOf = (c: Cuts, total: number): number => (total >= c[2] ? 5 : total >= c[1] ? 4 : total >= c[0] ? 3 : 2);

interface Pupil {
  school: 'A' | 'B';
  total: number;
  journal: number;
}
const LOGIN = { A: 'sch229001', B: 'sch229002' } as const;
/** n pupils of a school: totals spread over 0..max by a stride, journal marks 2–5 by another. */
const plan = (school: 'A' | 'B', n: number, max: number, stride: number, shift: number): Pupil[] =>
  Array.from({ length: n }, (_, i) => ({
    school,
    total: (i * stride + shift) % (max + 1),
    journal: 2 + ((i * 3 + shift) % 4),
  }));

const AUTUMN = [...plan('A', 12, AUTUMN_MAX, 5, 1), ...plan('B', 10, AUTUMN_MAX, 3, 2)];
const AUTUMN_FIX_A = plan('A', 11, AUTUMN_MAX, 7, 3); // a corrected autumn file of school A
const SPRING5 = [...plan('A', 9, 20, 7, 2), ...plan('B', 11, 20, 3, 5)];
const SPRING6 = [...plan('A', 14, 20, 3, 1), ...plan('B', 8, 20, 9, 4)];

/** Task scores (each up to its maximum, filled in order) adding up to the total. */
const split = (total: number, maxima: number[]): number[] =>
  maxima.map((m) => {
    const s = Math.min(m, total);
    total -= s;
    return s;
  });

/** ВПР-2020 raw regional export (the real autumn-2020 layout): ФИС ОКО group tags, `otc` = journal mark, 8 tasks of 2. */
async function vpr2020(path: string, pupils: Pupil[], codeBase: number): Promise<void> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('Sheet1');
  ws.addRow([
    'groups',
    'user',
    'id',
    'code',
    'otc',
    'gender',
    'klass',
    'var-1',
    'var-2',
    'sum',
    ...Array.from({ length: 8 }, (_, i) => `a-${i + 1}-grade`),
  ]);
  pupils.forEach((p, i) =>
    ws.addRow([
      'active_reg22,uchastniki_vpr2020,vpr2020.ma5',
      LOGIN[p.school],
      i + 1,
      codeBase + i,
      p.journal,
      i % 2 ? 'ж' : 'м',
      'А',
      (i % 2) + 1,
      null,
      p.total,
      ...split(p.total, Array(8).fill(2)),
    ]),
  );
  await wb.xlsx.writeFile(path);
}

/** ВПР-2021 regional export (every cell text), 16 tasks: 12 of 1 point, 4 of 2. */
async function vpr2021(path: string, pupils: Pupil[], codeBase: number): Promise<void> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('Sheet');
  ws.addRow(VPR21_HEADER);
  const maxima = [...Array(12).fill(1), 2, 2, 2, 2];
  pupils.forEach((p, i) =>
    ws.addRow([
      LOGIN[p.school],
      'Энский район',
      String(i + 1),
      String(codeBase + i),
      String(p.journal),
      i % 2 ? 'ж' : 'м',
      'А',
      String((i % 2) + 1),
      String(p.total),
      ...split(p.total, maxima).map(String),
      '',
      '',
      '',
    ]),
  );
  await wb.xlsx.writeFile(path);
}

let store: Store, dir: string;
const reports: Record<string, IngestReport> = {};
const rows = (sql: string) => queryRows(store.conn, sql);
const load = async (key: string, name: string) => {
  reports[key] = await ingestFile(store, FORMATS, {
    bytes: readFileSync(join(dir, name)),
    fileName: name,
    channel: 'cli',
    user: 'test',
  });
};
const FILES = {
  autumn: 'fisoko_vpr2020_export_math5.xlsx',
  autumnFix: 'fisoko_vpr2020_export_math5_v2.xlsx',
  spring5: 'Проведение работы по математике, 5 класс. ВПР 2021.xlsx',
  spring6: 'Проведение работы по математике, 6 класс. ВПР 2021.xlsx',
};

// The store after every load: school A's autumn rows are those of the corrected file.
const FINAL = {
  autumn: [...AUTUMN_FIX_A, ...AUTUMN.filter((p) => p.school === 'B')],
  spring5: SPRING5,
  spring6: SPRING6,
};
const WORKS = [
  { key: 'autumn', grade: 6, kim: 5, session: 'осень', cuts: AUTUMN_CUTS },
  { key: 'spring5', grade: 5, kim: 5, session: 'весна', cuts: SPRING5_CUTS },
  { key: 'spring6', grade: 6, kim: 6, session: 'весна', cuts: SPRING6_CUTS },
] as const;

beforeAll(async () => {
  dir = tempDir();
  store = await openStore(':memory:');
  const c = store.conn;
  await c.run(`INSERT INTO schools (school_code, name, short_name, fisoko_login, municipality) VALUES
    ('A', 'МБОУ «СОШ А»', 'СОШ А', 'sch229001', 'Энский район'), ('B', 'МБОУ «СОШ Б»', 'СОШ Б', 'sch229002', 'Энский район')`);
  await c.run(`INSERT INTO school_ids VALUES ('sch229001', 'fisoko_login', 'A'), ('sch229002', 'fisoko_login', 'B')`);
  for (const [year, kim, cuts, max] of [
    ['2019/20', 5, AUTUMN_CUTS, AUTUMN_MAX],
    ['2020/21', 5, SPRING5_CUTS, 20],
    ['2020/21', 6, SPRING6_CUTS, 20],
  ] as const)
    await c.run(`INSERT OR REPLACE INTO scale_vpr VALUES ($y, 'Математика', $k, $c3, $c4, $c5, $m, 'test', NULL)`, {
      y: year,
      k: kim,
      c3: cuts[0],
      c4: cuts[1],
      c5: cuts[2],
      m: max,
    });
  await vpr2020(join(dir, FILES.autumn), AUTUMN, 80001);
  await vpr2020(join(dir, FILES.autumnFix), AUTUMN_FIX_A, 81001);
  await vpr2021(join(dir, FILES.spring5), SPRING5, 50001);
  await vpr2021(join(dir, FILES.spring6), SPRING6, 60001);
  await load('autumn', FILES.autumn);
  await load('spring5', FILES.spring5);
  await load('spring6', FILES.spring6);
  await load('autumnFix', FILES.autumnFix);
  await resolveSchools(store.conn); // rows written directly, as ingest would resolve them
  const r = await build(store);
  expect(r.failures).toEqual([]);
});
afterAll(async () => {
  await closeStore(store);
  rmSync(dir, { recursive: true, force: true });
});

describe('ВПР 2020/21: autumn 2020 and spring 2021 sittings of mathematics', () => {
  it('store both sittings: the spring КИМ 5 file replaces nothing of the autumn КИМ 5 one (same year, subject and КИМ)', async () => {
    for (const k of ['autumn', 'spring5', 'spring6', 'autumnFix'])
      expect([k, reports[k]!.status, reports[k]!.rowsRejected]).toEqual([k, 'loaded', 0]);
    expect([reports.autumn!.rowsLoaded, reports.spring5!.rowsLoaded, reports.spring6!.rowsLoaded]).toEqual([
      AUTUMN.length,
      SPRING5.length,
      SPRING6.length,
    ]);
    expect([reports.spring5!.rowsReplaced, reports.spring6!.rowsReplaced]).toEqual([0, 0]);
    const works = await rows(`SELECT w.upload_id, w.school_year, w.kim_grade, w.grade, w.session, count(p.row_no) AS n
      FROM works w LEFT JOIN pupil_results p USING (upload_id, work_no) GROUP BY ALL ORDER BY w.upload_id`);
    expect(works).toEqual([
      {
        upload_id: reports.autumn!.uploadId,
        school_year: '2020/21',
        kim_grade: 5,
        grade: 6,
        session: 'осень',
        n: AUTUMN.filter((p) => p.school === 'B').length,
      },
      {
        upload_id: reports.spring5!.uploadId,
        school_year: '2020/21',
        kim_grade: 5,
        grade: 5,
        session: 'весна',
        n: SPRING5.length,
      },
      {
        upload_id: reports.spring6!.uploadId,
        school_year: '2020/21',
        kim_grade: 6,
        grade: 6,
        session: 'весна',
        n: SPRING6.length,
      },
      {
        upload_id: reports.autumnFix!.uploadId,
        school_year: '2020/21',
        kim_grade: 5,
        grade: 6,
        session: 'осень',
        n: AUTUMN_FIX_A.length,
      },
    ]);
  });

  it('a corrected autumn file replaces the autumn rows of its school only', () => {
    expect(reports.autumnFix!.rowsReplaced).toBe(AUTUMN.filter((p) => p.school === 'A').length);
  });

  it('marks each sitting by the scale of its own КИМ: autumn 2020 by ВПР-2020 (2019/20), spring by ВПР-2021', async () => {
    for (const w of WORKS) {
      const got =
        await rows(`SELECT p.primary_score, p.mark, p.mark_from_scale FROM pupil_results p JOIN works w USING (upload_id, work_no)
        WHERE w.session = '${w.session}' AND w.kim_grade = ${w.kim} ORDER BY p.school_ref, p.participant_code`);
      const want = [...FINAL[w.key]]
        .sort((a, b) => a.school.localeCompare(b.school))
        .map((p) => ({ primary_score: p.total, mark: markOf(w.cuts, p.total), mark_from_scale: true }));
      expect(got.length, w.key).toBe(want.length);
      expect(got.map((r) => [r.primary_score, r.mark, r.mark_from_scale]).sort(), w.key).toEqual(
        want.map((r) => [r.primary_score, r.mark, r.mark_from_scale]).sort(),
      );
    }
    // The scales disagree on some of the autumn totals: otherwise this would not tell them apart.
    expect(FINAL.autumn.some((p) => markOf(AUTUMN_CUTS, p.total) !== markOf(SPRING5_CUTS, p.total))).toBe(true);
    // The work maximum comes from the same scale (the files give no task maxima).
    expect(
      await rows(`SELECT DISTINCT session, kim_grade, max_score FROM int_pupil_results ORDER BY session, kim_grade`),
    ).toEqual([
      { session: 'весна', kim_grade: 5, max_score: 20 },
      { session: 'весна', kim_grade: 6, max_score: 20 },
      { session: 'осень', kim_grade: 5, max_score: AUTUMN_MAX },
    ]);
  });

  it("mart_school_metrics: a row per school × grade × sitting with each file's pupils, and municipality rows likewise", async () => {
    const want: unknown[] = [];
    for (const w of WORKS) {
      for (const school of ['A', 'B', null] as const) {
        const ps = FINAL[w.key].filter((p) => school === null || p.school === school);
        want.push({
          area_level: school ? 'school' : 'municipality',
          school_code: school,
          grade: w.grade,
          session: w.session,
          participants: ps.length,
          good: ps.filter((p) => markOf(w.cuts, p.total) >= 4).length,
          n2: ps.filter((p) => markOf(w.cuts, p.total) === 2).length,
        });
      }
    }
    const got =
      await rows(`SELECT area_level, school_code, grade, session, participants, n4 + n5 AS good, n2 FROM mart_school_metrics
      WHERE assessment = 'ВПР' AND school_year = '2020/21' AND subject = 'Математика'`);
    const key = (r: unknown) => JSON.stringify(r);
    expect(got.map(key).sort()).toEqual(want.map(key).sort());
  });

  it('mart_objectivity: ВПР vs journal per school × grade × sitting', async () => {
    const want: unknown[] = [];
    for (const w of WORKS) {
      for (const school of ['A', 'B'] as const) {
        const ps = FINAL[w.key]
          .filter((p) => p.school === school)
          .map((p) => ({ v: markOf(w.cuts, p.total), j: p.journal }));
        want.push({
          school_code: school,
          grade: w.grade,
          session: w.session,
          compared: ps.length,
          lowered: ps.filter((p) => p.v < p.j).length,
          confirmed: ps.filter((p) => p.v === p.j).length,
          raised: ps.filter((p) => p.v > p.j).length,
        });
      }
    }
    const got =
      await rows(`SELECT school_code, grade, session, compared, lowered, confirmed, raised FROM mart_objectivity
      WHERE school_year = '2020/21' AND subject = 'Математика'`);
    const key = (r: unknown) => JSON.stringify(r);
    expect(got.map(key).sort()).toEqual(want.map(key).sort());
  });

  it('the school page names the autumn work «осень 2020» and keeps its histogram and cuts apart', async () => {
    const d = await loadObjectivity(store.conn, 'A', '2020/21');
    const autumnName = 'Математика, 6 кл. (КИМ 5 кл., осень 2020)';
    expect(d.works.map((w) => [w.work, w.compared]).sort()).toEqual(
      [
        ['Математика, 5 кл.', SPRING5.filter((p) => p.school === 'A').length],
        ['Математика, 6 кл.', SPRING6.filter((p) => p.school === 'A').length],
        [autumnName, AUTUMN_FIX_A.length],
      ].sort(),
    );
    const autumn = d.histogramsByWork[autumnName]!;
    expect(autumn.bins.reduce((a, b) => a + b.n, 0)).toBe(AUTUMN_FIX_A.length);
    expect(autumn.cuts).toEqual({
      mark3_min: AUTUMN_CUTS[0],
      mark4_min: AUTUMN_CUTS[1],
      mark5_min: AUTUMN_CUTS[2],
      max_score: AUTUMN_MAX,
    });
    expect(d.histogramsByWork['Математика, 6 кл.']!.cuts).toEqual({
      mark3_min: SPRING6_CUTS[0],
      mark4_min: SPRING6_CUTS[1],
      mark5_min: SPRING6_CUTS[2],
      max_score: 20,
    });
  });
});

// Task-level marts need the task maxima, which the regional exports above do not give: two works of grade 6 written
// straight into the source tables — autumn КИМ 5 (8 tasks) and spring КИМ 6 (10 tasks), two schools each.
describe('task difficulty, threshold bunching and the pupils list by sitting', () => {
  let s2: Store;
  const TASKS = { осень: 8, весна: 10 } as const;
  // Autumn totals 2–5 sit around the autumn «3» cut (4); spring totals 4–7 around the spring КИМ 6 «3» cut (6).
  const PUPILS = { осень: { n: 12, totals: [2, 3, 4, 5] }, весна: { n: 10, totals: [4, 5, 6, 7] } } as const;
  const total = (session: 'осень' | 'весна', i: number) => PUPILS[session].totals[i % 4]!;
  const q = (sql: string) => queryRows(s2.conn, sql);

  beforeAll(async () => {
    s2 = await openStore(':memory:');
    const c = s2.conn;
    await c.run(
      `INSERT INTO schools (school_code, name, short_name, municipality) VALUES ('A', 'СОШ А', 'СОШ А', 'Район'), ('B', 'СОШ Б', 'СОШ Б', 'Район')`,
    );
    await c.run(`INSERT INTO school_ids VALUES ('a', 'registry', 'A'), ('b', 'registry', 'B')`);
    await c.run(
      `INSERT OR REPLACE INTO scale_vpr VALUES ('2019/20', 'Математика', 5, $a3, $a4, $a5, $am, 'test', NULL), ('2020/21', 'Математика', 6, $s3, $s4, $s5, 20, 'test', NULL)`,
      {
        a3: AUTUMN_CUTS[0],
        a4: AUTUMN_CUTS[1],
        a5: AUTUMN_CUTS[2],
        am: AUTUMN_MAX,
        s3: SPRING6_CUTS[0],
        s4: SPRING6_CUTS[1],
        s5: SPRING6_CUTS[2],
      },
    );
    const works = [
      { no: 0, session: 'осень', kim: 5, max: AUTUMN_MAX, cuts: AUTUMN_CUTS },
      { no: 1, session: 'весна', kim: 6, max: 20, cuts: SPRING6_CUTS },
    ] as const;
    let row = 0;
    for (const w of works) {
      const n = TASKS[w.session];
      await c.run(`INSERT INTO works (upload_id, work_no, assessment, school_year, subject, kim_grade, grade, max_score, task_labels, task_max, session)
        VALUES (1, ${w.no}, 'ВПР', '2020/21', 'Математика', ${w.kim}, 6, ${w.max}, [${Array.from({ length: n }, (_, i) => `'${i + 1}'`).join(', ')}], [${Array(n).fill(2).join(', ')}], '${w.session}')`);
      for (const school of ['A', 'B']) {
        for (let i = 0; i < PUPILS[w.session].n; i++) {
          const t = total(w.session, i);
          await c.run(`INSERT INTO pupil_results (upload_id, work_no, row_no, school_ref, participant_code, status, primary_score, mark, task_scores)
            VALUES (1, ${w.no}, ${++row}, '${school.toLowerCase()}', 'P${row}', 'present', ${t}, ${markOf(w.cuts, t)}, [${split(t, Array(n).fill(2)).join(', ')}])`);
        }
      }
    }
    await resolveSchools(s2.conn); // rows written directly, as ingest would resolve them
    const r = await build(s2);
    expect(r.failures).toEqual([]);
  });
  afterAll(async () => closeStore(s2));

  it("mart_task_difficulty: one row per school × sitting, with that work's tasks and pupils", async () => {
    expect(
      await q(
        `SELECT school_code, session, tasks, participants FROM mart_task_difficulty ORDER BY school_code, session`,
      ),
    ).toEqual(
      ['A', 'B'].flatMap((school) =>
        (['весна', 'осень'] as const).map((session) => ({
          school_code: school,
          session,
          tasks: TASKS[session],
          participants: PUPILS[session].n,
        })),
      ),
    );
  });

  it('mart_bunching: each sitting is tested at the cuts of its own scale', async () => {
    // Only the «3» cut has scores within [cut − 2, cut + 1]: all of the work's pupils.
    expect(
      await q(`SELECT school_code, session, cut, m FROM mart_bunching ORDER BY school_code, session, cut`),
    ).toEqual(
      ['A', 'B'].flatMap((school) => [
        { school_code: school, session: 'весна', cut: SPRING6_CUTS[0], m: PUPILS.весна.n },
        { school_code: school, session: 'осень', cut: AUTUMN_CUTS[0], m: PUPILS.осень.n },
      ]),
    );
  });

  it('the pupils list names the autumn work «осень 2020»', async () => {
    const reasons = (await q(`SELECT school_code, reasons FROM mart_pupils_at_risk WHERE school_code = 'A'`)).map((r) =>
      String(r.reasons),
    );
    const twos = (session: 'осень' | 'весна', cuts: Cuts) =>
      Array.from({ length: PUPILS[session].n }, (_, i) => total(session, i)).filter((t) => markOf(cuts, t) === 2)
        .length;
    expect(reasons.filter((r) => r === 'ВПР Математика, 6 кл. (осень 2020): «2»').length).toBe(
      twos('осень', AUTUMN_CUTS),
    );
    expect(reasons.filter((r) => r === 'ВПР Математика, 6 кл.: «2»').length).toBe(twos('весна', SPRING6_CUTS));
    expect(twos('осень', AUTUMN_CUTS)).toBeGreaterThan(0);
  });
});

describe('store migration 005: works loaded before get their sitting', () => {
  it('an autumn work (grade = КИМ grade + 1) becomes «осень», other ВПР works «весна», ГИА none', async () => {
    const s3 = await openStore(':memory:');
    try {
      const c = s3.conn;
      // Back to the schema before 005, with works as the earlier loader wrote them.
      await c.run('ALTER TABLE works DROP COLUMN session');
      await c.run('DELETE FROM schema_migrations WHERE version = 5');
      await c.run(`INSERT INTO works (upload_id, work_no, assessment, school_year, subject, kim_grade, grade) VALUES
        (1, 0, 'ВПР', '2020/21', 'Математика', 5, 6), (1, 1, 'ВПР', '2020/21', 'Математика', 5, 5), (1, 2, 'ВПР', '2020/21', 'Математика', 6, 6),
        (1, 3, 'ОГЭ', '2020/21', 'Математика', 9, 9)`);
      expect(await migrate(c)).toEqual([5]);
      expect((await queryRows(c, 'SELECT work_no, session FROM works ORDER BY work_no')).map((r) => r.session)).toEqual(
        ['осень', 'весна', 'весна', null],
      );
    } finally {
      await closeStore(s3);
    }
  });
});
