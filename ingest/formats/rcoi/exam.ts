// Which exam a РЦОИ block is: title row «2 - Математика профильного уровня 2023.06.01», ОГЭ vs ЕГЭ, subject, year.

import { cellText, normText, yearLabel } from '../../read/values.js';
import { canonicalSubject, EGE_CODES, KNOWN_SUBJECTS, OGE_CODES } from '../../subjects.js';
import type { Assessment, Cell } from '../../types.js';
import { FileRejected } from '../../types.js';
import { columnCaption } from '../table.js';

export const TITLE_RE = /^(\d+)\s*-\s*(.+?)\s+(\d{4})\.(\d{2})\.(\d{2})$/;

export interface ExamTitle {
  code: string;
  caption: string;
  date: string;
  text: string;
  column: number; // index of the cell holding it
}

/** The exam title in the first non-empty cell of a row, or null. */
export function examTitle(cells: Cell[]): ExamTitle | null {
  const column = cells.findIndex((c) => cellText(c) !== '');
  const text = cellText(cells[column]).replace(/\s+/g, ' ');
  const m = TITLE_RE.exec(text);
  if (!m) return null;
  const date = isoDate(m[3]!, m[4]!, m[5]!);
  return date ? { code: m[1]!, caption: m[2]!.trim(), date, text, column } : null;
}

export function isoDate(y: string, mo: string, d: string): string | null {
  const dt = new Date(Date.UTC(Number(y), Number(mo) - 1, Number(d)));
  if (dt.getUTCFullYear() !== Number(y) || dt.getUTCMonth() !== Number(mo) - 1 || dt.getUTCDate() !== Number(d))
    return null;
  return `${y}-${mo}-${d}`;
}

/** ГИА runs May–September (the September period retakes the year just ended): Y-05-30 → '(Y-1)/Y'. */
export function examSchoolYear(iso: string): string {
  const y = Number(iso.slice(0, 4)),
    m = Number(iso.slice(5, 7));
  return m <= 9 ? yearLabel(y - 1) : yearLabel(y);
}

/** Evidence a block gives about its assessment. */
export interface ExamEvidence {
  title: ExamTitle;
  hasTest: boolean;
  hasMark: boolean;
  classGrades: number[];
}

export function egeHint(e: ExamEvidence): boolean {
  const t = normText(e.title.text);
  const canon = canonicalSubject(e.title.caption);
  return (
    /(^|[^а-я])егэ([^а-я]|$)/.test(t) || e.hasTest || canon === 'Математика (профиль)' || canon === 'Математика (база)'
  );
}
export function ogeHint(e: ExamEvidence): boolean {
  return /(^|[^а-я])(огэ|гиа-9|гве-9)([^а-я]|$)/.test(normText(e.title.text));
}

/** The most frequent value (first seen wins ties), null for an empty list. */
export const majority = (xs: number[]): number | null => {
  const counts = new Map<number, number>();
  for (const x of xs) counts.set(x, (counts.get(x) ?? 0) + 1);
  let best: number | null = null,
    n = 0;
  for (const [x, c] of counts)
    if (c > n) {
      best = x;
      n = c;
    }
  return best;
};

export interface ExamMeta {
  assessment: Assessment;
  subject: string;
  kimGrade: number;
  grade: number;
  schoolYear: string;
  examDate: string;
  examCode: string;
}

/** Decides ОГЭ/ЕГЭ and the subject of a block; `fileIsEge` = some block of the file is clearly ЕГЭ. */
export function decideExam(e: ExamEvidence, fileIsEge: boolean, sheet: string, rowNo: number): ExamMeta {
  const code = String(Number(e.title.code));
  const ogeCode = code.padStart(2, '0');
  const canon = canonicalSubject(e.title.caption);
  const grade = majority(e.classGrades);
  let assessment: Assessment;
  if (ogeHint(e)) assessment = 'ОГЭ';
  else if (egeHint(e)) assessment = 'ЕГЭ';
  // Base maths ЕГЭ looks like ОГЭ (5-point mark, no test score): code 22 or a maths block in an ЕГЭ file.
  else if (fileIsEge && (code === '22' || canon === 'Математика')) assessment = 'ЕГЭ';
  else if (code === '22' && !OGE_CODES[ogeCode]) assessment = 'ЕГЭ';
  else if (grade !== null && grade >= 10) assessment = 'ЕГЭ';
  else assessment = 'ОГЭ';

  let subject: string | null = canon;
  if (assessment === 'ЕГЭ') {
    if (subject === 'Математика' || subject === null) {
      if (code === '22' || (subject === 'Математика' && !e.hasTest && e.hasMark)) subject = 'Математика (база)';
      else if (subject === 'Математика' || code === '2') subject = 'Математика (профиль)';
      else subject = EGE_CODES[code] ?? null;
    }
  } else {
    subject ??= OGE_CODES[ogeCode] ?? null;
  }
  if (!subject) {
    throw new FileRejected(
      `предмет экзамена «${e.title.text}» не распознан ни по названию, ни по коду ${e.title.code}. Ориентир знает предметы ${KNOWN_SUBJECTS}.`,
      sheet,
      rowNo,
      columnCaption('Заголовок экзамена', e.title.column),
    );
  }
  const kimGrade = assessment === 'ЕГЭ' ? 11 : 9;
  return {
    assessment,
    subject,
    kimGrade,
    grade: grade ?? kimGrade,
    schoolYear: examSchoolYear(e.title.date),
    examDate: e.title.date,
    examCode: assessment === 'ОГЭ' ? ogeCode : code,
  };
}
