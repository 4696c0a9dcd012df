// «Индивидуальные результаты» (formats.md §1.4): no real download is available, so a realistic report is
// generated (merged title, label rows, difficulty row, header, 15 pupils, footer). Expectations are computed
// from the generator's own pupil list, not from the parser.
import { rmSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fisokoIndividualResults } from '../../../ingest/formats/fisoko/index.js';
import { futureReportDate, isoDay } from '../../../ingest/formats/fisoko/report-meta.js';
import { issueText } from '../../../ingest/issues.js';
import { VprScaleTable } from '../../../ingest/scales.js';
import { FileRejected } from '../../../ingest/types.js';
import { parseWith } from '../../helpers/parse.js';
import { IR_MAX, IR_NAMES, IR_TASKS, individualResults, irPupils, tempDir } from './build-fixtures.js';

let dir: string;
const files: Record<string, string> = {};
const pupils = irPupils();
const present = pupils.filter((p) => p.variant !== 'отсутствовал');

beforeAll(async () => {
  dir = tempDir();
  files.ok = await individualResults(dir);
  files.noPrimary = await individualResults(dir, { name: 'ir_no_primary.xlsx', dropHeader: 'Первичный балл' });
  files.mark7 = await individualResults(dir, {
    name: 'ir_mark7.xlsx',
    pupils: pupils.map((p, i) => (i === 2 ? { ...p, mark: 7 } : p)),
  });
  files.noMarks = await individualResults(dir, { name: 'ir_no_marks.xlsx', noMarks: true });
  files.names = await individualResults(dir, { name: 'ir_names.xlsx', withNames: true });
  files.future = await individualResults(dir, { name: 'ir_future.xlsx', date: '16.04.2099' });
  files.astronomy = await individualResults(dir, { name: 'ir_astronomy.xlsx', subject: 'Астрономия' });
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('«Индивидуальные результаты», ВПР 2025, математика 5', () => {
  it('takes subject, grade, year, date and maximum from the title block', async () => {
    const ctx = await parseWith(fisokoIndividualResults, files.ok!);
    expect(ctx.works).toEqual([
      {
        assessment: 'ВПР',
        schoolYear: '2024/25',
        subject: 'Математика',
        kimGrade: 5,
        grade: 5,
        examDate: '2025-04-15',
        session: 'весна',
        maxScore: IR_MAX,
        taskLabels: IR_TASKS.map((t) => t[0]),
        taskMax: IR_TASKS.map((t) => t[1]),
        // What the loader's range checks name: the file's header and column letter.
        columns: {
          primaryScore: 'Первичный балл (U)',
          mark: 'Отметка (V)',
          journalMark: 'Отметка по журналу (W)',
          tasks: IR_TASKS.map((t, i) => `${t[0]} (${t[1]}б) (${String.fromCharCode(71 + i)})`),
        },
      },
    ]);
    expect(ctx.issues).toEqual([]);
  });

  it("emits 15 pupils with the file's marks, journal marks and school", async () => {
    const ctx = await parseWith(fisokoIndividualResults, files.ok!);
    const p = ctx.pupils;
    expect(p).toHaveLength(15);
    expect(p.filter((x) => x.status === 'present')).toHaveLength(14);
    expect(p.filter((x) => x.status === 'absent').map((x) => x.participantCode)).toEqual(['50007']);
    expect(new Set(p.map((x) => x.schoolRef))).toEqual(new Set(['edu220150']));
    expect(p[0]).toMatchObject({
      rowNo: 9,
      schoolName: 'МБОУ "СОШ № 7"',
      municipality: 'город Бийск',
      className: '5А',
      variant: '1',
      markFromScale: false,
    });
    const expected = [2, 3, 4, 5].map((m) => present.filter((x) => x.mark === m).length);
    expect([2, 3, 4, 5].map((m) => p.filter((x) => x.mark === m).length)).toEqual(expected);
    expect(expected).toEqual([4, 1, 4, 5]); // read off the generated sheet by hand
    expect(p.filter((x) => x.journalMark !== null)).toHaveLength(14);
    expect(p.filter((x) => x.journalMark !== null)).toHaveLength(pupils.filter((x) => x.journal !== null).length);
    // Scores: X → null; primary = the file's «Первичный балл».
    const first = present[0]!;
    expect(p[0]!.taskScores).toEqual(first.scores.map((s) => (s === 'X' ? null : s)));
    expect(p[0]!.primaryScore).toBe(first.scores.reduce<number>((a, s) => a + (s === 'X' ? 0 : s), 0));
  });

  it('rejects a report without «Первичный балл», naming the column', async () => {
    const err = await parseWith(fisokoIndividualResults, files.noPrimary!).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(FileRejected);
    expect((err as Error).message).toContain('нет обязательного столбца «Первичный балл»');
  });

  it('excludes a row whose ВПР mark is 7', async () => {
    const ctx = await parseWith(fisokoIndividualResults, files.mark7!);
    expect(ctx.issues).toEqual([
      expect.objectContaining({
        severity: 'error',
        scope: 'row',
        sheet: 'Индивидуальные результаты',
        rowNo: 11,
        column: expect.stringMatching(/^Отметка \([A-Z]+\)$/),
        message: expect.stringMatching(/^отметка за ВПР «7»/),
      }),
    ]);
    expect(issueText(ctx.issues[0]!)).toMatch(
      /^Лист «Индивидуальные результаты», строка 11, столбец «Отметка \([A-Z]+\)»: отметка за ВПР «7»/,
    );
    expect(ctx.pupils).toHaveLength(14);
  });

  it('computes marks from the scale when the report has none, and rejects without a scale', async () => {
    const scales = new VprScaleTable([
      {
        schoolYear: '2024/25',
        subject: 'Математика',
        kimGrade: 5,
        mark3Min: 7,
        mark4Min: 11,
        mark5Min: 15,
        maxScore: 20,
      },
    ]);
    const ctx = await parseWith(fisokoIndividualResults, files.noMarks!, scales);
    expect(ctx.pupils.filter((x) => x.status === 'present').every((x) => x.markFromScale)).toBe(true);
    // The generator's marks follow the same 7/11/15 scale.
    expect(ctx.pupils.filter((x) => x.status === 'present').map((x) => x.mark)).toEqual(present.map((x) => x.mark));
    const err = await parseWith(fisokoIndividualResults, files.noMarks!).catch((e: unknown) => e);
    expect((err as Error).message).toMatch(
      /^Нет шкалы перевода первичных баллов в отметки для ВПР «Математика», 5 класс/,
    );
  });

  it('a «ФИО» column only yields a keyed pupil hash; names never leave the parser', async () => {
    const ctx = await parseWith(fisokoIndividualResults, files.names!);
    expect(ctx.pupils).toHaveLength(15);
    expect(ctx.pupils.every((x) => x.pupilKey !== null && /^[0-9a-f]{20}$/.test(x.pupilKey))).toBe(true);
    expect(new Set(ctx.pupils.map((x) => x.pupilKey)).size).toBe(3);
    const dump = JSON.stringify([ctx.works, ctx.pupils, ctx.issues]);
    for (const part of IR_NAMES.flatMap((n) => n.split(' '))) expect(dump).not.toContain(part);
  });
});

describe('«Индивидуальные результаты»: what the title block must not say', () => {
  it('a «Дата» later than today rejects the report at its sheet and row', async () => {
    const err = await parseWith(fisokoIndividualResults, files.future!).then(
      () => null,
      (e: unknown) => e as FileRejected,
    );
    expect(err).toBeInstanceOf(FileRejected);
    expect(err!.message).toMatch(
      /^в заголовке отчёта ФИС ОКО дата проведения 16\.04\.2099 — она ещё не наступила \(сегодня \d\d\.\d\d\.20\d\d\)/,
    );
    expect([err!.sheet, err!.rowNo]).toEqual(['Индивидуальные результаты', 4]);
  });

  it('«today» is injectable and local: the report day itself passes, the day before it does not', () => {
    expect(isoDay(new Date(2025, 3, 15, 0, 30))).toBe('2025-04-15');
    expect(futureReportDate('2025-04-15', new Date(2025, 3, 15, 0, 30))).toBeNull();
    expect(futureReportDate(null, new Date(2000, 0, 1))).toBeNull();
    expect(futureReportDate('2025-04-15', new Date(2025, 3, 14, 23, 59))).toMatch(
      /^в заголовке отчёта ФИС ОКО дата проведения 15\.04\.2025 — она ещё не наступила \(сегодня 14\.04\.2025\)/,
    );
  });

  it('an unknown subject in the title (and none in the file name) is named, with the known subjects listed', async () => {
    const err = await parseWith(fisokoIndividualResults, files.astronomy!).then(
      () => null,
      (e: unknown) => e as FileRejected,
    );
    expect(err).toBeInstanceOf(FileRejected);
    expect(err!.message).toMatch(
      /^Файл «ir_astronomy\.xlsx» \(заголовок отчёта\): предмет «Астрономия» не распознан — Ориентир знает предметы «Русский язык», «Математика», .*«Родной язык»\./,
    );
  });
});
