import { rmSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CollectingContext } from '../../../ingest/collect.js';
import { rcoiGia9Csv, rcoiProtocolXlsx } from '../../../ingest/formats/rcoi/index.js';
import { issueText } from '../../../ingest/issues.js';
import { FileRejected } from '../../../ingest/types.js';
import { parseWith } from '../../helpers/parse.js';
import {
  ALL_NAME_PARTS,
  DOCUMENT_NUMBERS,
  egeCompact,
  egeSparse,
  gia9Csv,
  ogeDense,
  ogeWithoutTitle,
  PROFILE_MAX,
  tempDir,
} from './build-fixtures.js';

let dir: string;
const files: Record<string, string> = {};

beforeAll(async () => {
  dir = tempDir();
  files.oge = await ogeDense(dir);
  files.ogeBad = await ogeDense(dir, { name: 'ОГЭ_с_ошибками.xlsx', badRows: true });
  files.ogeNoPrimary = await ogeDense(dir, { name: 'ОГЭ_без_первичного.xlsx', dropPrimary: true });
  files.ogeNoHeader = await ogeDense(dir, { name: 'ОГЭ_без_шапки.xlsx', noHeader: true });
  files.ogeNoTitle = await ogeWithoutTitle(dir);
  files.egeCompact = await egeCompact(dir);
  files.egeSparse = await egeSparse(dir);
  files.gia = gia9Csv(dir);
  files.giaBadName = gia9Csv(dir, 'results_oge.csv');
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Names and passport data must never leave the parser, in any field of any record or message. */
function expectNoPersonalData(ctx: CollectingContext): void {
  const dump = JSON.stringify([ctx.works, ctx.pupils, ctx.journal, ctx.issues]);
  for (const part of [...ALL_NAME_PARTS, 'Пётр', 'Петр ']) expect(dump).not.toContain(part);
  for (const doc of DOCUMENT_NUMBERS) expect(dump).not.toContain(`"${doc}"`);
}

describe('РЦОИ xlsx: ОГЭ, плотная раскладка, два экзамена', () => {
  it('emits both exams with marks, masks and normalised school codes', async () => {
    const ctx = await parseWith(rcoiProtocolXlsx, files.oge!);
    expect(ctx.issues).toEqual([]);
    expect(
      ctx.works.map((w) => [
        w.assessment,
        w.subject,
        w.examDate,
        w.schoolYear,
        w.kimGrade,
        w.grade,
        w.examCode,
        w.maxScore,
      ]),
    ).toEqual([
      ['ОГЭ', 'Математика', '2024-06-07', '2023/24', 9, 9, '02', 31],
      ['ОГЭ', 'Русский язык', '2024-06-03', '2023/24', 9, 9, '01', 7 + 20],
    ]);
    const math = ctx.works[0]!;
    expect(math.taskLabels).toEqual([
      ...Array.from({ length: 19 }, (_, i) => String(i + 1)),
      'C1',
      'C2',
      'C3',
      'C4',
      'C5',
      'C6',
    ]);
    expect(math.taskMax).toEqual([...Array(19).fill(1), 2, 2, 2, 2, 2, 2]);
    expect(ctx.pupils).toHaveLength(7);
    const m = ctx.pupils.filter((p) => p.work === 0);
    expect(m.map((p) => p.mark)).toEqual([4, 5, 2, 3]);
    expect(m.map((p) => p.primaryScore)).toEqual([20, 27, 6, 13]);
    expect(m.map((p) => p.schoolRef)).toEqual(['1003', '1003', '1003', '1017']);
    expect(m.map((p) => p.className)).toEqual(['9А', '9А', '9Б', '9А']);
    expect(m[0]!.taskScores).toEqual([...Array(15).fill(1), ...Array(4).fill(0), 2, 1, 2, 0, 0, 0]);
    expect(m.every((p) => p.testScore === null && p.status === 'present' && !p.markFromScale)).toBe(true);
    // No participant code in the file: the pupil key stands in for it.
    expect(m.every((p) => p.pupilKey && p.participantCode === p.pupilKey)).toBe(true);
    // The same pupil in two exams of one file links by key.
    const rus = ctx.pupils.filter((p) => p.work === 1);
    expect(rus[0]!.pupilKey).toBe(m[0]!.pupilKey);
    expect(new Set(ctx.pupils.map((p) => p.pupilKey)).size).toBe(4);
    expectNoPersonalData(ctx);
  });

  it('falls back to the fixed dense layout when the header row is missing, with a warning', async () => {
    const ctx = await parseWith(rcoiProtocolXlsx, files.ogeNoHeader!);
    expect(ctx.works.map((w) => w.subject)).toEqual(['Математика', 'Русский язык']);
    expect(ctx.pupils.filter((p) => p.work === 0).map((p) => [p.schoolRef, p.primaryScore, p.mark])).toEqual([
      ['1003', 20, 4],
      ['1003', 27, 5],
      ['1003', 6, 2],
      ['1017', 13, 3],
    ]);
    expect(ctx.issues.some((i) => i.severity === 'warning' && /ОГЭ, плотный/.test(i.message))).toBe(true);
  });

  it('excludes rows with mark 7, a negative score and a score above the maximum, naming row and column', async () => {
    const ctx = await parseWith(rcoiProtocolXlsx, files.ogeBad!);
    expect(ctx.pupils.filter((p) => p.work === 0)).toHaveLength(4);
    const errs = ctx.issues.filter((i) => i.severity === 'error' && i.scope === 'row');
    expect(errs).toHaveLength(3);
    // Title row 1, header row 2, pupils from row 3: the bad ones are rows 7, 8, 9.
    expect(errs.map((e) => e.rowNo)).toEqual([7, 8, 9]);
    expect(errs[0]!.column).toBe('Оценка (O)');
    expect(issueText(errs[0]!)).toMatch(
      /строка 7, столбец «Оценка \(O\)»: отметка 7 вне диапазона 2–5 — строка исключена\.$/,
    );
    expect(issueText(errs[1]!)).toMatch(/строка 8, столбец «Первичный балл \(N\)».*отрицательный/);
    expect(issueText(errs[2]!)).toMatch(
      /строка 9, столбец «Первичный балл \(N\)»: первичный балл 40 больше максимального для работы \(31\)/,
    );
    expectNoPersonalData(ctx);
  });

  it('rejects a protocol without «Первичный балл»', async () => {
    await expect(parseWith(rcoiProtocolXlsx, files.ogeNoPrimary!)).rejects.toThrow(FileRejected);
    await expect(parseWith(rcoiProtocolXlsx, files.ogeNoPrimary!)).rejects.toThrow(/нет столбца «Первичный балл»/);
  });

  it('rejects results without the exam title row (subject and date unknown)', async () => {
    const err = await parseWith(rcoiProtocolXlsx, files.ogeNoTitle!).then(
      () => null,
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(FileRejected);
    expect((err as FileRejected).message).toMatch(/^строки с результатами стоят без строки-заголовка экзамена/);
    const e = err as FileRejected;
    expect([e.sheet, e.rowNo, e.column]).toEqual(['Протокол', 2, null]);
  });
});

describe('РЦОИ xlsx: ЕГЭ', () => {
  it('compact layout: profile maths with test scores, code 22 → base maths with 5-point marks', async () => {
    const ctx = await parseWith(rcoiProtocolXlsx, files.egeCompact!);
    expect(ctx.issues).toEqual([]);
    expect(
      ctx.works.map((w) => [w.assessment, w.subject, w.examCode, w.schoolYear, w.kimGrade, w.grade, w.maxScore]),
    ).toEqual([
      ['ЕГЭ', 'Математика (профиль)', '2', '2023/24', 11, 11, 32],
      ['ЕГЭ', 'Математика (база)', '22', '2023/24', 11, 11, 21],
    ]);
    expect(ctx.works[0]!.taskMax.slice(12)).toEqual(PROFILE_MAX);
    const prof = ctx.pupils.filter((p) => p.work === 0);
    expect(prof.map((p) => [p.primaryScore, p.testScore, p.mark, p.participantCode])).toEqual([
      [21, 76, null, '2200001'],
      [10, 52, null, '2200011'],
      [4, 22, null, '2200021'],
    ]);
    expect(prof.every((p) => p.pupilKey !== null && p.pupilKey !== p.participantCode)).toBe(true);
    const base = ctx.pupils.filter((p) => p.work === 1);
    expect(base.map((p) => [p.schoolRef, p.primaryScore, p.mark, p.testScore, p.className])).toEqual([
      ['1017', 17, 5, null, '11Б'],
      ['1017', 8, 3, null, '11Б'],
    ]);
    expectNoPersonalData(ctx);
  });

  it('sparse regional layout with merged two-row header and empty columns', async () => {
    const ctx = await parseWith(rcoiProtocolXlsx, files.egeSparse!);
    expect(ctx.issues).toEqual([]);
    expect(ctx.works).toHaveLength(1);
    const w = ctx.works[0]!;
    expect([w.assessment, w.subject, w.examDate, w.schoolYear]).toEqual([
      'ЕГЭ',
      'Русский язык',
      '2024-05-30',
      '2023/24',
    ]);
    expect(w.taskLabels).toHaveLength(26 + 12);
    // Part 1 uses digits (multi-point tasks): their maxima are unknown, so is the total.
    expect(w.taskMax.slice(0, 26).every((m) => m === null)).toBe(true);
    expect(w.taskMax.slice(26)).toEqual([1, 3, 2, 1, 3, 1, 3, 1, 1, 2, 2, 2]);
    expect(w.maxScore).toBeNull();
    expect(ctx.pupils.map((p) => [p.schoolRef, p.className, p.primaryScore, p.testScore])).toEqual([
      ['1003', '11А', 44, 80],
      ['1003', '11А', 31, 61],
    ]);
    expect(ctx.pupils[0]!.taskScores.slice(0, 3)).toEqual([2, 2, 1]);
    expectNoPersonalData(ctx);
  });
});

describe('РИС ГИА-9 CSV', () => {
  it('takes the exam from the file name and links pupils with the xlsx protocol of the same school', async () => {
    const ctx = await parseWith(rcoiGia9Csv, files.gia!);
    expect(ctx.issues).toEqual([]);
    expect(
      ctx.works.map((w) => [w.assessment, w.subject, w.examDate, w.schoolYear, w.examCode, w.grade, w.maxScore]),
    ).toEqual([['ОГЭ', 'Обществознание', '2024-06-04', '2023/24', '09', 9, 16 + 17]]);
    expect(ctx.pupils.map((p) => [p.schoolRef, p.className, p.primaryScore, p.mark, p.rowNo])).toEqual([
      ['1003', '9А', 25, 4, 2],
      ['1003', '9Б', 8, 2, 3],
      ['1017', '9А', 21, 3, 4],
    ]);
    const oge = await parseWith(rcoiProtocolXlsx, files.oge!);
    const key = (c: CollectingContext, school: string, primary: number) =>
      c.pupils.find((p) => p.schoolRef === school && p.primaryScore === primary)!.pupilKey;
    // Петров П. П., school 1003: same key in both files (and «Пётр» = «Петр» after normalisation).
    expect(key(ctx, '1003', 25)).toBe(key(oge, '1003', 20));
    // Волкова Д. И. of school 1017 too; Кузнецов of 1003 also.
    expect(key(ctx, '1017', 21)).toBe(key(oge, '1017', 13));
    expect(key(ctx, '1003', 8)).toBe(key(oge, '1003', 6));
    expectNoPersonalData(ctx);
  });

  it('rejects a file whose name does not encode the exam', async () => {
    await expect(parseWith(rcoiGia9Csv, files.giaBadName!)).rejects.toThrow(FileRejected);
    await expect(parseWith(rcoiGia9Csv, files.giaBadName!)).rejects.toThrow(/«NN_ГГГГ\.ММ\.ДД».*02_2024\.06\.07\.csv/);
  });
});
