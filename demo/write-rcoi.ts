// РЦОИ result protocols: multi-exam ОГЭ (legacy dense) and ЕГЭ (compact) xlsx,
// and the РИС ГИА-9 CSV export (formats.md §2.1, §2.3).
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { type ExamRow, examResults, part1Mask, part2Mask } from './exam-results.js';
import { type Exam, examDate, exams, examTitle } from './exams.js';
import type { World, YearInfo } from './world.js';
import { type Cell, writeXlsx } from './xlsx.js';

export const OGE_HEADER = [
  '№',
  'Код ОО',
  'Класс',
  'Код ППЭ',
  'Аудитория',
  'Код регистрации',
  'Фамилия',
  'Имя',
  'Отчество',
  'Серия',
  'Номер',
  'Задания с кратким ответом',
  'Задания с развёрнутым ответом',
  'Первичный балл',
  'Оценка',
];
export const EGE_HEADER = [
  '№',
  'Код МСУ',
  'Код ОО',
  'Класс',
  'Код ППЭ',
  'Аудитория',
  'Фамилия',
  'Имя',
  'Отчество',
  'Документ',
  'Код участника',
  'Вариант',
  'Задания с кратким ответом',
  'Задания с развёрнутым ответом',
  'Первичный балл',
  'Тестовый балл',
];
export const GIA9_CSV_HEADER = [
  'SchoolCode',
  'ClassCode',
  'StationCode',
  'AuditoriumCode',
  'GovernmentCell',
  'SurnameCell',
  'NameCell',
  'SecondNameCell',
  'DocumentSeriesCode',
  'DocumentNumberCode',
  'TestResultBCell',
  'TestResultCCell',
  'PrimaryMark',
  'Mark5',
];
const MSU_CODE = 12;

const schoolCell = (row: ExamRow): Cell => (row.codeAsFloat ? `${row.school.rcoiCode}.0` : Number(row.school.rcoiCode));

function ogeBlock(exam: Exam, y: YearInfo, rows: ExamRow[]): Cell[][] {
  const out: Cell[][] = [[examTitle(exam, y.spring)], OGE_HEADER];
  rows.forEach((r, i) => {
    const p = r.e.pupil;
    out.push([
      i + 1,
      schoolCell(r),
      r.e.className,
      r.ppe,
      r.aud,
      r.regCode,
      p.surname,
      p.first,
      p.patronymic,
      r.docSeries,
      r.docNumber,
      part1Mask(exam, r.p1),
      part2Mask(exam, r.p2),
      r.primary,
      r.mark,
    ]);
  });
  return out;
}

function egeBlock(exam: Exam, y: YearInfo, rows: ExamRow[]): Cell[][] {
  const header = exam.testScale ? EGE_HEADER : [...EGE_HEADER.slice(0, -1), 'Оценка'];
  const out: Cell[][] = [[examTitle(exam, y.spring)], header];
  rows.forEach((r, i) => {
    const p = r.e.pupil;
    out.push([
      i + 1,
      MSU_CODE,
      schoolCell(r),
      r.e.className,
      r.ppe,
      r.aud,
      p.surname,
      p.first,
      p.patronymic,
      `${r.docSeries} ${r.docNumber}`,
      r.participant,
      r.variant,
      part1Mask(exam, r.p1),
      exam.part2.length ? part2Mask(exam, r.p2) : null,
      r.primary,
      exam.testScale ? r.test : r.mark,
    ]);
  });
  return out;
}

export interface RcoiOut {
  path: string;
  rows: number;
}

/** ОГЭ of one year; in the last demo year Russian goes to the РИС CSV instead of the workbook. */
export async function writeOge(w: World, y: YearInfo, outDir: string, russianAsCsv: boolean): Promise<RcoiOut[]> {
  const out: RcoiOut[] = [];
  const sheet: Cell[][] = [];
  let n = 0;
  for (const exam of exams().oge) {
    const rows = examResults(w, y, exam);
    if (russianAsCsv && exam.code === '01') {
      out.push(writeGia9Csv(exam, y, rows, outDir));
      continue;
    }
    if (sheet.length) sheet.push([]);
    sheet.push(...ogeBlock(exam, y, rows));
    n += rows.length;
  }
  const path = join(outDir, `ОГЭ ${y.spring} протоколы.xlsx`);
  await writeXlsx(path, [{ name: 'Лист1', rows: sheet }]);
  return [{ path, rows: n }, ...out];
}

function writeGia9Csv(exam: Exam, y: YearInfo, rows: ExamRow[], outDir: string): RcoiOut {
  const lines = [GIA9_CSV_HEADER.join(';')];
  for (const r of rows) {
    const p = r.e.pupil;
    lines.push(
      [
        r.school.rcoiCode,
        r.e.className,
        r.ppe,
        r.aud,
        r.regCode,
        p.surname,
        p.first,
        p.patronymic,
        r.docSeries,
        r.docNumber,
        part1Mask(exam, r.p1),
        part2Mask(exam, r.p2),
        r.primary,
        r.mark ?? '',
      ].join(';'),
    );
  }
  const path = join(outDir, `${exam.code}_${examDate(exam, y.spring)}.csv`);
  writeFileSync(path, '\uFEFF' + lines.join('\r\n') + '\r\n', 'utf8');
  return { path, rows: rows.length };
}

export async function writeEge(w: World, y: YearInfo, outDir: string): Promise<RcoiOut> {
  const sheet: Cell[][] = [];
  let n = 0;
  for (const exam of exams().ege) {
    const rows = examResults(w, y, exam);
    if (sheet.length) sheet.push([]);
    sheet.push(...egeBlock(exam, y, rows));
    n += rows.length;
  }
  const path = join(outDir, `ЕГЭ ${y.spring} протоколы.xlsx`);
  await writeXlsx(path, [{ name: 'Лист1', rows: sheet }]);
  return { path, rows: n };
}
