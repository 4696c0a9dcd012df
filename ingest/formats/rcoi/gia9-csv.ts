// РИС ГИА-9 export (formats.md §2.3): UTF-8 with BOM, `;`, English headers (SchoolCode … PrimaryMark, Mark5).
// The exam is not in the content: it comes from the file name `NN_YYYY.MM.DD.*` (`02_2024.06.07.csv`).

import { cellText, normText } from '../../read/values.js';
import { OGE_CODES } from '../../subjects.js';
import type { Cell, FormatModule, WorkbookProbe } from '../../types.js';
import { FileRejected } from '../../types.js';
import { findColumn, issueSheet } from '../table.js';
import { type ExamMeta, examSchoolYear, isoDate, majority } from './exam.js';
import { type Columns, cellOf, classGrade, emitExam, type Field, type RawRow } from './pupil-rows.js';

const HEADERS: [Field | null, string][] = [
  ['school', 'SchoolCode'],
  ['className', 'ClassCode'],
  [null, 'StationCode'],
  [null, 'AuditoriumCode'],
  [null, 'GovernmentCell'],
  ['surname', 'SurnameCell'],
  ['name', 'NameCell'],
  ['patronymic', 'SecondNameCell'],
  [null, 'DocumentSeriesCode'],
  [null, 'DocumentNumberCode'],
  ['part1', 'TestResultBCell'],
  ['part2', 'TestResultCCell'],
  ['primary', 'PrimaryMark'],
  ['mark', 'Mark5'],
];
const KNOWN = new Set(HEADERS.map(([, h]) => normText(h)));
const knownCount = (cells: Cell[]): number => cells.filter((c) => KNOWN.has(normText(c))).length;

const NAME_RULE =
  'Имя файла выгрузки РИС ГИА-9 должно начинаться с кода экзамена и даты: «NN_ГГГГ.ММ.ДД», например «02_2024.06.07.csv» (02 — математика).';

/** Exam code and date from the file name. */
export function examFromFileName(fileName: string): { code: string; date: string; subject: string } {
  const m = /^(\d{1,2})_(\d{4})\.(\d{2})\.(\d{2})(?=$|[._\s-])/.exec(fileName);
  if (!m) throw new FileRejected(`Файл «${fileName}»: по имени нельзя определить экзамен. ${NAME_RULE}`);
  const code = m[1]!.padStart(2, '0');
  const date = isoDate(m[2]!, m[3]!, m[4]!);
  if (!date)
    throw new FileRejected(
      `Файл «${fileName}»: дата «${m[2]}.${m[3]}.${m[4]}» в имени файла не существует. ${NAME_RULE}`,
    );
  const subject = OGE_CODES[code];
  if (!subject)
    throw new FileRejected(
      `Файл «${fileName}»: код экзамена «${m[1]}» не входит в коды ОГЭ (01 — русский язык, 02 — математика, … 14 — испанский, 18 — родной язык). ${NAME_RULE}`,
    );
  return { code, date, subject };
}

export const rcoiGia9Csv: FormatModule = {
  id: 'rcoi-gia9-csv',
  title: 'РЦОИ: выгрузка результатов ОГЭ из РИС ГИА-9 (CSV)',
  detect(probe: WorkbookProbe): number {
    let best = 0;
    for (const s of probe.sheets) for (const r of s.rows.slice(0, 5)) best = Math.max(best, knownCount(r));
    return best >= 6 ? 0.95 : best >= 3 ? 0.7 : 0;
  },
  async parse(book, ctx) {
    const exam = examFromFileName(book.fileName);
    let emitted = 0,
      headerSeen = false;
    for (const sheet of book.sheets) {
      let cols: Columns | null = null;
      let headerRow = 0;
      const rows: RawRow[] = [];
      for await (const { rowNo, cells } of sheet.rows()) {
        if (!cols) {
          if (knownCount(cells) < 3) continue;
          headerSeen = true;
          headerRow = rowNo;
          cols = {};
          for (const [field, h] of HEADERS) {
            const i = findColumn(cells, h);
            if (field && i >= 0) cols[field] = { index: i, caption: h };
          }
          const missing = (['school', 'surname', 'name', 'primary'] as const)
            .filter((f) => !cols![f])
            .map((f) => HEADERS.find(([x]) => x === f)![1]);
          if (missing.length)
            throw new FileRejected(
              `в выгрузке РИС ГИА-9 нет столбцов ${missing.map((m) => `«${m}»`).join(', ')}.`,
              issueSheet(book, sheet.name),
              rowNo,
              null,
            );
          continue;
        }
        if (cells.some((c) => cellText(c) !== '')) rows.push({ rowNo, cells });
      }
      if (!cols) continue;
      if (rows.length === 0) {
        ctx.issue({
          severity: 'warning',
          scope: 'file',
          sheet: issueSheet(book, sheet.name),
          rowNo: headerRow,
          column: null,
          message: 'после шапки нет ни одной строки с результатами.',
        });
        continue;
      }
      const grades = rows.map((r) => classGrade(cellOf(cols!, r, 'className'))).filter((g): g is number => g !== null);
      const meta: ExamMeta = {
        assessment: 'ОГЭ',
        subject: exam.subject,
        kimGrade: 9,
        grade: majority(grades) ?? 9,
        schoolYear: examSchoolYear(exam.date),
        examDate: exam.date,
        examCode: exam.code,
      };
      emitted += emitExam(ctx, book, sheet.name, meta, cols, rows);
      ctx.progress(rows.length);
    }
    if (!headerSeen)
      throw new FileRejected('Не найдена шапка выгрузки РИС ГИА-9 (SchoolCode; ClassCode; … PrimaryMark; Mark5).');
    if (emitted === 0) throw new FileRejected('В выгрузке нет ни одной строки с результатами, прошедшей проверку.');
  },
};
