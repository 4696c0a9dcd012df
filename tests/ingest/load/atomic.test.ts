// Idempotency, replacement of slices and atomicity of ingestFile; folder ingest order of ingestPaths.
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ingestPaths } from '../../../ingest/files.js';
import { FORMATS } from '../../../ingest/formats/index.js';
import { ingestFile } from '../../../ingest/load.js';
import type { FormatModule, ParseContext, PupilResult } from '../../../ingest/types.js';
import { closeStore, openStore, type Store } from '../../../store/db.js';
import { VPR21_HEADER } from '../../fixtures/bad/make.js';
import { samplePath } from '../../helpers/parse.js';
import { checksums, ledger, one, q, tempDir, uploadRows } from './store-state.js';

const FRENCH = 'fisoko_vpr2021_altai_export_french11.xlsx';
const SLICE = `SELECT count(*) FROM pupil_results p JOIN works w USING (upload_id, work_no) WHERE w.subject = 'Французский язык' AND w.kim_grade = 11 AND w.school_year = '2020/21'`;

/** The French sample with pupil 1003's task 1 lowered from 3 to 2 and the total from 23 to 22 (cells stay text). */
async function correctedFrench(): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(samplePath(FRENCH));
  const ws = wb.worksheets[0]!;
  expect([ws.getCell('D2').value, ws.getCell('I2').value, ws.getCell('J2').value]).toEqual(['1003', '23', '3']);
  ws.getCell('I2').value = '22';
  ws.getCell('J2').value = '2';
  return Buffer.from(await wb.xlsx.writeBuffer());
}

const ingest = (store: Store, bytes: Uint8Array, fileName: string, formats: FormatModule[] = FORMATS) =>
  ingestFile(store, formats, { bytes, fileName, channel: 'cli', user: 'test' });
const primaryOf = (store: Store, code: string) =>
  one(store, `SELECT primary_score FROM pupil_results WHERE participant_code = $c AND school_ref = 'sch220164'`, {
    c: code,
  });

describe('same bytes, corrected files, other slices', () => {
  let store: Store;
  beforeAll(async () => {
    store = await openStore(':memory:');
    expect(
      (await ingest(store, readFileSync(samplePath('fisoko_school_logins_altai_sch22xxxx.xlsx')), 'логины ОО.xlsx'))
        .status,
    ).toBe('loaded');
  });
  afterAll(async () => closeStore(store));
  const original = readFileSync(samplePath(FRENCH));

  it('the same bytes again are a duplicate: no new rows, one more ledger row', async () => {
    const first = await ingest(store, original, FRENCH);
    expect([first.status, first.rowsLoaded]).toEqual(['loaded', 14]);
    const before = await checksums(store);
    const again = await ingest(store, original, 'другое имя.xlsx');
    expect(again.status).toBe('duplicate');
    expect(again.message).toMatch(new RegExp(`уже загружен ранее \\(загрузка № ${first.uploadId}, «${FRENCH}»`));
    expect(await checksums(store)).toEqual(before);
    expect((await ledger(store)).slice(-2).map((r) => r.status)).toEqual(['loaded', 'duplicate']);
  });

  it('a corrected file for the same slice replaces it exactly', async () => {
    const before = await checksums(store);
    const r = await ingest(store, await correctedFrench(), FRENCH);
    expect([r.status, r.rowsLoaded, r.rowsReplaced, r.rowsRejected]).toEqual(['loaded', 14, 14, 0]);
    expect(Number(await one(store, SLICE))).toBe(14);
    expect(Number(await one(store, `SELECT count(*) FROM works WHERE subject = 'Французский язык'`))).toBe(1);
    expect(await primaryOf(store, '1003')).toBe(22);
    expect(await primaryOf(store, '1015')).toBe(23);
    // Nothing else moved: the registry and every other table are as before.
    const after = await checksums(store);
    for (const t of Object.keys(before).filter((t) => !['pupil_results', 'works'].includes(t)))
      expect(after[t], t).toBe(before[t]);
    expect((await ledger(store)).at(-1)).toMatchObject({ status: 'loaded', rows_replaced: 14, rows_loaded: 14 });
  });

  it('the original, superseded by the correction, can be loaded again and restores its values', async () => {
    const r = await ingest(store, original, FRENCH);
    expect([r.status, r.rowsLoaded, r.rowsReplaced]).toEqual(['loaded', 14, 14]);
    expect(await primaryOf(store, '1003')).toBe(23);
    expect(Number(await one(store, SLICE))).toBe(14);
    // …and now it is live again, so a third time is a duplicate.
    expect((await ingest(store, original, FRENCH)).status).toBe('duplicate');
  });

  it('a file covering a different slice adds to the store', async () => {
    const r = await ingest(
      store,
      readFileSync(samplePath('fisoko_vpr2022_altai_export_geography10.xlsx')),
      'fisoko_vpr2022_altai_export_geography10.xlsx',
    );
    expect([r.status, r.rowsLoaded, r.rowsReplaced]).toEqual(['loaded', 274, 0]);
    expect(Number(await one(store, 'SELECT count(*) FROM pupil_results'))).toBe(14 + 274);
    expect(Number(await one(store, 'SELECT count(*) FROM works'))).toBe(2);
  });
});

describe('atomicity: a failure in the middle of writing leaves nothing behind', () => {
  let store: Store;
  beforeAll(async () => {
    store = await openStore(':memory:');
    await ingest(store, readFileSync(samplePath('fisoko_school_logins_altai_sch22xxxx.xlsx')), 'логины ОО.xlsx');
    await ingest(store, readFileSync(samplePath(FRENCH)), FRENCH);
  });
  afterAll(async () => closeStore(store));

  const pupil = (i: number): PupilResult => ({
    work: 0,
    sheet: 'Лист1',
    rowNo: i + 2,
    schoolRef: 'sch224145',
    schoolName: null,
    municipality: null,
    participantCode: String(70000 + i),
    pupilKey: null,
    className: '6А',
    variant: '1',
    status: 'present',
    sex: null,
    primaryScore: i % 21,
    mark: 2 + (i % 4),
    markFromScale: false,
    testScore: null,
    journalMark: null,
    taskScores: [i % 21],
  });

  /** A format that emits thousands of good records into every table, replacing a registry school and a scale, then one bad record. */
  function exploding(badAt: 'pupils' | 'targets' | null): FormatModule {
    return {
      id: 'test-exploding',
      title: 'Тест: сбой посреди записи',
      detect: (p) => (p.fileName.startsWith('atomic-') ? 1 : 0),
      async parse(_book, ctx: ParseContext) {
        ctx.emitWork({
          assessment: 'ВПР',
          schoolYear: '2020/21',
          subject: 'Математика',
          kimGrade: 6,
          grade: 6,
          examDate: null,
          maxScore: 20,
          taskLabels: ['1'],
          taskMax: [20],
        });
        for (let i = 0; i < 5000; i++) ctx.emitPupil(pupil(i));
        // NOT NULL «status»: the appender fails at the very end of pupil_results, after `works` was written.
        if (badAt === 'pupils') ctx.emitPupil({ ...pupil(5000), status: null as unknown as 'present' });
        for (let i = 0; i < 1000; i++) {
          ctx.emitJournal({
            sheet: 'Лист1',
            rowNo: i + 2,
            schoolRef: 'sch224145',
            schoolYear: '2024/25',
            className: '6А',
            grade: 6,
            pupilKey: `k${i}`,
            subject: 'Математика',
            periodKind: 'год',
            periodNo: null,
            mark: 2 + (i % 4),
            markText: null,
            avgMark: null,
          });
        }
        ctx.emitSchool({
          sheet: 'Лист1',
          rowNo: 2,
          schoolCode: 'sch224145',
          name: 'ПОДМЕНЁННАЯ ШКОЛА',
          shortName: null,
          fisokoLogin: 'sch224145',
          fisokoLoginOld: null,
          rcoiCode: null,
          municipality: null,
          schoolType: null,
          settlementType: null,
          enrolment: null,
          ovzShare: null,
          nonNativeShare: null,
        });
        ctx.emitScale({
          sheet: 'Лист1',
          rowNo: 2,
          schoolYear: '2020/21',
          subject: 'Математика',
          kimGrade: 5,
          mark3Min: 1,
          mark4Min: 2,
          mark5Min: 3,
          maxScore: 20,
        });
        // NOT NULL «planned»: program_targets is the last table written, after the school and the scale replaced theirs.
        ctx.emitTarget({
          sheet: 'Лист1',
          rowNo: 2,
          schoolRef: 'sch224145',
          schoolYear: '2024/25',
          indicator: 'ou',
          subject: null,
          grade: null,
          planned: badAt === 'targets' ? (null as unknown as number) : 0.9,
          baseline: null,
        });
      },
    };
  }

  for (const badAt of ['pupils', 'targets'] as const) {
    it(`bad record at the end of ${badAt}: all tables as before, the ledger says rejected`, async () => {
      const before = await checksums(store);
      const uploads = (await ledger(store)).length;
      const r = await ingest(store, Buffer.from(`atomic;${badAt}\r\n1;2\r\n`), `atomic-${badAt}.csv`, [
        ...FORMATS,
        exploding(badAt),
      ]);
      expect(r.status).toBe('rejected');
      expect(r.message).toMatch(
        /^отклонён: файл «atomic-.*» не записан в хранилище из-за ошибки записи, изменения отменены/,
      );
      expect(r.issues.at(-1)!.message).toMatch(
        /запись в хранилище не выполнена, изменения отменены \(.*NOT NULL constraint failed/,
      );
      expect([r.rowsLoaded, r.rowsReplaced]).toEqual([0, 0]);
      expect(await checksums(store)).toEqual(before);
      expect(await one(store, `SELECT name FROM schools WHERE school_code = 'sch224145'`)).toBe('МБОУ СОШ №7');
      expect(
        await one(
          store,
          `SELECT mark3_min FROM scale_vpr WHERE school_year = '2020/21' AND subject = 'Математика' AND kim_grade = 5`,
        ),
      ).toBe(7);
      const rows = await ledger(store);
      expect(rows).toHaveLength(uploads + 1);
      expect(rows.at(-1)).toMatchObject({ status: 'rejected', file_name: `atomic-${badAt}.csv`, rows_loaded: 0 });
      expect(Number(await one(store, 'SELECT count(*) FROM uploads WHERE status = $s', { s: 'loaded' }))).toBe(2);
    });
  }

  it('the same module without the bad record loads everything (the failure above was the bad record)', async () => {
    const r = await ingest(store, Buffer.from('atomic;ok\r\n1;2\r\n'), 'atomic-ok.csv', [...FORMATS, exploding(null)]);
    expect(r.status, JSON.stringify(r.issues.at(-1))).toBe('loaded');
    expect(await uploadRows(store, 'pupil_results', r.uploadId!)).toBe(5000);
    expect(await uploadRows(store, 'journal_marks', r.uploadId!)).toBe(1000);
    expect(await one(store, `SELECT name FROM schools WHERE school_code = 'sch224145'`)).toBe('ПОДМЕНЁННАЯ ШКОЛА');
    expect(r.rowsReplaced).toBe(2); // the registry school and the scale
  });
});

describe('ingestPaths on a folder', () => {
  let dir: string;
  let store: Store;
  beforeAll(async () => {
    dir = tempDir();
    store = await openStore(':memory:');
    writeFileSync(join(dir, 'логины ОО.xlsx'), readFileSync(samplePath('fisoko_school_logins_altai_sch22xxxx.xlsx')));
    // A ВПР work without a seeded scale: it loads only if the scale file comes first.
    writeFileSync(
      join(dir, 'шкалы ВПР 2021.csv'),
      'school_year,subject,kim_grade,mark2_max,mark3_min,mark3_max,mark4_min,mark4_max,mark5_min,max_score\n2020/21,Информатика,7,4,5,9,10,14,15,19\n',
    );
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('Sheet');
    const header = VPR21_HEADER.filter((h) => !/^балл за (\d+)$/.test(h) || Number(/\d+/.exec(h)![0]) <= 6);
    ws.addRow(header);
    [3, 7, 12, 16, 19].forEach((total, i) => {
      const scores = [0, 1, 2, 3, 4, 5].map((k) => String(Math.floor(total / 6) + (k < total % 6 ? 1 : 0)));
      ws.addRow([
        'sch224145',
        'г. Алейск',
        String(i + 1),
        String(30001 + i),
        '4',
        'м',
        'А',
        '1',
        String(total),
        ...scores,
        '',
        '',
        '',
      ]);
    });
    await wb.xlsx.writeFile(join(dir, 'Проведение работы по информатике, 7 класс. ВПР 2021.xlsx'));
    const t = new ExcelJS.Workbook();
    t.addWorksheet('Цели').addRows([
      ['Код ОО', 'Учебный год', 'Показатель', 'Предмет', 'Класс', 'Базовое значение', 'Плановое значение'],
      ['sch224145', '2024/2025', 'ОУ, %', null, null, 95, 98],
    ]);
    await t.xlsx.writeFile(join(dir, 'целевые показатели.xlsx'));
    writeFileSync(join(dir, '~$логины ОО.xlsx'), Buffer.alloc(165, 1)); // Excel's owner file while the book is open
    writeFileSync(join(dir, '.DS_Store'), Buffer.alloc(64));
  });
  afterAll(async () => {
    await closeStore(store);
    rmSync(dir, { recursive: true, force: true });
  });

  it('loads registry and scales first, targets last, and skips lock and hidden files', async () => {
    const seen: string[] = [];
    const reports = await ingestPaths(store, [dir], 'cli', 'test', (f) => seen.push(f.split('/').pop()!));
    const order = [
      'логины ОО.xlsx',
      'шкалы ВПР 2021.csv',
      'Проведение работы по информатике, 7 класс. ВПР 2021.xlsx',
      'целевые показатели.xlsx',
    ];
    expect(seen).toEqual(order);
    expect(reports.map((r) => [r.fileName, r.status])).toEqual(order.map((f) => [f, 'loaded']));
    // Marks from the uploaded scale (5 / 10 / 15): totals 3, 7, 12, 16, 19.
    const marks = await q(
      store,
      `SELECT primary_score, mark FROM pupil_results p JOIN works w USING (upload_id, work_no) WHERE w.subject = 'Информатика' ORDER BY 1`,
    );
    expect(marks).toEqual(
      [
        [3, 2],
        [7, 3],
        [12, 4],
        [16, 5],
        [19, 5],
      ].map(([p, m]) => ({ primary_score: p, mark: m })),
    );
    expect(reports[2]!.unknownSchools).toEqual([]);
  });
});
