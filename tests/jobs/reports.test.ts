// Reports job on the demo municipality: the risk list, one справка per school, and the change digest; a school
// with a very long name, or whose справка cannot be written, does not stop the others.

import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { committeeProgrammesReport } from '../../dashboard/data/programme-export.js';
import { DIGEST_FILE, PROGRAMMES_FILE, runReports, SNAPSHOT_FILE } from '../../jobs/reports.js';
import { JobRunner } from '../../jobs/runner.js';
import { closeStore, type Store } from '../../store/db.js';
import { queryRows } from '../../store/query.js';
import { demoStore } from '../helpers/demo-store.js';
import { jobRuns, ls, removeTempDirs, settingsIn, tempDir } from './helpers.js';

let store: Store;
let copyDir = '';
let root: string;
let latest: string;
const MSK = 'Europe/Moscow';

async function sheets(path: string): Promise<ExcelJS.Worksheet[]> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(readFileSync(path) as unknown as ArrayBuffer);
  return wb.worksheets;
}
const digest = (day: string) => readFileSync(join(root, day, DIGEST_FILE), 'utf8');

beforeAll(async () => {
  ({ store, dir: copyDir } = await demoStore());
  root = tempDir('reports');
  latest = String((await queryRows(store.conn, 'SELECT max(school_year) AS y FROM mart_flags'))[0]!.y);
});
afterAll(async () => {
  await closeStore(store);
  removeTempDirs(copyDir);
});

describe('reports job', () => {
  it('writes the risk list xlsx, one справка per school and a first digest listing every zone', async () => {
    const r = await runReports(store, root, new Date('2026-03-01T22:00:00Z'), MSK, {
      programmes: committeeProgrammesReport,
    }); // 01:00 on 2 March in Moscow
    expect(r.dir).toBe(join(root, '2026-03-02'));
    const schools = await queryRows(store.conn, 'SELECT school_code, short_name FROM schools ORDER BY 1');
    expect(r.schools).toBe(schools.length);

    const files = ls(r.dir);
    const list = `Перечень зон внимания ${latest.replace('/', '-')}.xlsx`;
    expect(files).toContain(list);
    expect(files).toContain(DIGEST_FILE);
    expect(files.filter((f) => f.startsWith('Справка '))).toEqual(
      schools.map((s) => `Справка ${s.school_code} ${s.short_name}.xlsx`).sort(),
    );

    const flags = await queryRows(store.conn, 'SELECT count(*) AS n FROM mart_flags WHERE school_year = $y', {
      y: latest,
    });
    const [risk] = await sheets(join(r.dir, list));
    expect(risk!.name).toBe('Зоны внимания и сигналы');
    expect(risk!.actualRowCount).toBe(Number(flags[0]!.n) + 1);

    const first = schools[0]!;
    const book = await sheets(join(r.dir, `Справка ${first.school_code} ${first.short_name}.xlsx`));
    expect(book.map((w) => w.name)).toEqual([
      'Показатели',
      'ВПР и журнал',
      'Признаки',
      'Рисковый профиль',
      'Целевые показатели',
    ]);
    for (const w of book)
      w.eachRow((row, i) => {
        if (i > 1) expect(row.getCell(1).value).toBe(first.school_code);
      });
    expect(book[0]!.actualRowCount).toBeGreaterThan(1);

    // The programmes report for meetings: every school under a programme is in its first sheet.
    const supported = await queryRows(store.conn, 'SELECT DISTINCT school_code FROM stg_programmes ORDER BY 1');
    expect(supported.length).toBeGreaterThan(0);
    const prog = await sheets(join(r.dir, PROGRAMMES_FILE));
    expect(prog.length).toBeGreaterThanOrEqual(5);
    const cells: string[] = [];
    prog[0]!.eachRow((row) =>
      row.eachCell((c) => {
        cells.push(String(c.value));
      }),
    );
    for (const s of supported)
      expect(
        cells.some((c) => c.includes(String(s.school_code))),
        String(s.school_code),
      ).toBe(true);

    const zones = await queryRows(
      store.conn,
      `SELECT school_code, flag FROM mart_flags WHERE school_year = $y AND flag_level = 'зона внимания' ORDER BY 1, 2`,
      { y: latest },
    );
    expect(zones.length).toBeGreaterThan(0);
    expect(r.entered).toEqual(zones.map((z) => `${z.school_code}|${z.flag}`));
    expect(r.left).toEqual([]);
    const text = digest('2026-03-02');
    expect(text).toContain('(первый отчёт)');
    expect(text).toContain(`Вошли в зону внимания (${zones.length}):`);
    expect(text).toContain('Вышли из зоны внимания (0):');
  });

  it('the second run lists exactly the zones entered and left since the previous report', async () => {
    const zone = (
      await queryRows(
        store.conn,
        `SELECT f.school_code, f.flag, s.short_name FROM mart_flags f JOIN schools s USING (school_code) WHERE school_year = $y AND flag_level = 'зона внимания' ORDER BY 1, 2 LIMIT 1`,
        { y: latest },
      )
    )[0]!;
    const signal = (
      await queryRows(
        store.conn,
        `SELECT f.school_code, f.flag, s.short_name FROM mart_flags f JOIN schools s USING (school_code) WHERE school_year = $y AND flag_level = 'сигнал'
        AND NOT EXISTS (SELECT 1 FROM mart_flags z WHERE z.school_year = f.school_year AND z.school_code = f.school_code AND z.flag = f.flag AND z.flag_level = 'зона внимания') ORDER BY 1, 2 LIMIT 1`,
        { y: latest },
      )
    )[0]!;
    await store.conn.run(
      `UPDATE mart_flags SET flag_level = 'сигнал' WHERE school_year = $y AND school_code = $c AND flag = $f`,
      { y: latest, c: zone.school_code as string, f: zone.flag as string },
    );
    await store.conn.run(
      `UPDATE mart_flags SET flag_level = 'зона внимания' WHERE school_year = $y AND school_code = $c AND flag = $f`,
      { y: latest, c: signal.school_code as string, f: signal.flag as string },
    );

    const r = await runReports(store, root, new Date('2026-03-09T07:00:00Z'), MSK);
    expect(r.entered).toEqual([`${signal.school_code}|${signal.flag}`]);
    expect(r.left).toEqual([`${zone.school_code}|${zone.flag}`]);
    const text = digest('2026-03-09');
    expect(text.split('\n').slice(0, 5)).toEqual([
      `Изменения зон внимания на 2026-03-09 по сравнению с отчётом от 2026-03-02, учебный год ${latest}:`,
      'Вошли в зону внимания (1):',
      `  + ${signal.school_code} ${signal.short_name}: ${signal.flag}`,
      'Вышли из зоны внимания (1):',
      `  − ${zone.school_code} ${zone.short_name}: ${zone.flag}`,
    ]);
    // The earlier digest is kept in its own day folder.
    expect(digest('2026-03-02')).toContain('(первый отчёт)');

    const again = await runReports(store, root, new Date('2026-03-16T07:00:00Z'), MSK);
    expect([again.entered, again.left]).toEqual([[], []]);
    expect(digest('2026-03-16')).toContain('Вошли в зону внимания (0):\n  нет\nВышли из зоны внимания (0):\n  нет');
  });

  it('a damaged snapshot does not break the job: the digest starts over', async () => {
    writeFileSync(join(root, SNAPSHOT_FILE), '{"date": "2026-03-1');
    const r = await runReports(store, root, new Date('2026-03-23T07:00:00Z'), MSK);
    expect(r.left).toEqual([]);
    expect(digest('2026-03-23')).toContain('(первый отчёт)');
    expect(JSON.parse(readFileSync(join(root, SNAPSHOT_FILE), 'utf8')).date).toBe('2026-03-23');
  });

  it('runs as a job through the JobRunner into the configured reports folder', async () => {
    const s = settingsIn(tempDir('reports-job'));
    const runner = new JobRunner(store, s, {}, { programmes: committeeProgrammesReport });
    const r = await runner.run('reports', 'тест');
    await runner.close();
    expect(r).toMatchObject({ ok: true });
    expect(r.message).toMatch(/^Отчёты: \d+ справок в /);
    expect(ls(s.reports)).toHaveLength(2); // the day folder and the snapshot
    const day = ls(s.reports).find((f) => f !== SNAPSHOT_FILE)!;
    expect(ls(join(s.reports, day))).toContain(PROGRAMMES_FILE); // the writer the root hands in is used
    expect((await jobRuns(store, 'reports')).map((x) => x.outcome)).toEqual(['ok']);
  });

  it('the job reads committed marts only: a rebuild half-done on the store connection is not seen', async () => {
    const s = settingsIn(tempDir('reports-iso'));
    const runner = new JobRunner(store, s);
    await store.conn.run('BEGIN TRANSACTION'); // as build() does: drop and re-create the marts in one transaction
    await store.conn.run('DROP TABLE mart_flags CASCADE');
    try {
      const r = await runner.run('reports', 'тест');
      expect(r.ok, r.message).toBe(true);
      expect(Number((r.counts as { entered: number }).entered)).toBeGreaterThan(0); // the committed zones, all «entered» in a new folder
    } finally {
      await store.conn.run('ROLLBACK');
      await runner.close();
    }
  });

  it('a school with a 227-character official name and no short name gets its справка (name within 255 bytes), apart from another with the same name; digest and snapshot are written', async () => {
    const long =
      'Муниципальное бюджетное общеобразовательное учреждение «Средняя общеобразовательная школа № 12 с углублённым изучением отдельных предметов имени Героя Советского Союза генерал-майора Ивана Петровича Кузнецова» городского округа';
    expect(long.length).toBe(227);
    const schools = await queryRows(store.conn, 'SELECT school_code, name, short_name FROM schools ORDER BY 1');
    const [a, b] = schools as { school_code: string; name: string; short_name: string | null }[];
    const dirRoot = tempDir('reports-long');
    await store.conn.run('UPDATE schools SET name = $n, short_name = NULL WHERE school_code IN ($a, $b)', {
      n: long,
      a: a!.school_code,
      b: b!.school_code,
    });
    let r: Awaited<ReturnType<typeof runReports>>;
    try {
      r = await runReports(store, dirRoot, new Date('2026-03-30T07:00:00Z'), MSK);
    } finally {
      for (const x of [a!, b!])
        await store.conn.run('UPDATE schools SET name = $n, short_name = $s WHERE school_code = $c', {
          n: x.name,
          s: x.short_name,
          c: x.school_code,
        });
    }
    expect(r.failed).toEqual([]);
    expect(r.schools).toBe(schools.length);
    const files = ls(r.dir).filter((f) => f.startsWith('Справка '));
    expect(files).toHaveLength(schools.length);
    for (const x of [a!, b!]) {
      const mine = files.filter((f) => f.startsWith(`Справка ${x.school_code} Муниципальное бюджетное`));
      expect(mine, x.school_code).toHaveLength(1);
      expect(Buffer.byteLength(mine[0]!)).toBeLessThanOrEqual(255);
      expect(mine[0]!).toMatch(/…\.xlsx$/);
      expect((await sheets(join(r.dir, mine[0]!))).map((w) => w.name)).toContain('Показатели');
    }
    expect(existsSync(join(r.dir, DIGEST_FILE))).toBe(true);
    expect(JSON.parse(readFileSync(join(dirRoot, SNAPSHOT_FILE), 'utf8')).date).toBe('2026-03-30');
  });

  it('a справка that cannot be written (a folder in its place) fails alone: the other справки, the digest and the snapshot are written, the failure is reported', async () => {
    const schools = await queryRows(store.conn, 'SELECT school_code, short_name FROM schools ORDER BY 1');
    const first = schools[0]!;
    const dirRoot = tempDir('reports-fail');
    const blocked = `Справка ${first.school_code} ${first.short_name}.xlsx`;
    mkdirSync(join(dirRoot, '2026-04-06', blocked), { recursive: true }); // writeFileSync there throws EISDIR

    const r = await runReports(store, dirRoot, new Date('2026-04-06T07:00:00Z'), MSK);
    expect(r.failed).toHaveLength(1);
    expect(r.failed[0]!.code).toBe(first.school_code);
    expect(r.failed[0]!.message).toMatch(/^EISDIR/);
    expect(r.failed[0]!.message).not.toContain(dirRoot); // no server paths in what users read
    expect(r.schools).toBe(schools.length - 1);
    for (const x of schools.slice(1))
      expect(existsSync(join(r.dir, `Справка ${x.school_code} ${x.short_name}.xlsx`)), String(x.school_code)).toBe(
        true,
      );
    expect(readFileSync(join(dirRoot, '2026-04-06', DIGEST_FILE), 'utf8')).toContain(
      `Не удалось сформировать справки (1 из ${schools.length}):\n  ${first.school_code} ${first.short_name}: EISDIR`,
    );
    expect(JSON.parse(readFileSync(join(dirRoot, SNAPSHOT_FILE), 'utf8')).date).toBe('2026-04-06');
  });
});
