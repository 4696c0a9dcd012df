// Common parts of the ФИС ОКО analytical reports (formats.md §1.4): the title block above the table and the
// hierarchy of group rows «Вся выборка» → region → municipality → school.

import { cellText, normText, schoolYearOfDate, yearLabel } from '../../read/values.js';
import { canonicalSubject, unknownSubject } from '../../subjects.js';
import type { AggregateLevel, Cell, ParseContext, Sheet, SheetRow, Workbook } from '../../types.js';
import { FileRejected } from '../../types.js';
import { futureReportDate } from '../fisoko/report-meta.js';
import { issueSheet, parseEachSheet } from '../table.js';
import { isoFromDotted, readAll } from './common.js';

export interface ReportTitle {
  schoolYear: string;
  subject: string;
  grade: number | null;
  examDate: string | null;
  maxScore: number | null;
  notes: string[]; // Russian warnings about what had to be assumed
}

const TITLE = /всероссийск\p{L}* проверочн\p{L}* работ\p{L}*\s*[-–—]?\s*(\d{4})(?:\s*\((\d{1,2})\s*класс\p{L}*\))?/u;
const VPR_SHORT = /^впр\s*(\d{4})(?:.*?(\d{1,2})\s*класс)?/u;

/** Distinct non-empty texts of a row joined by spaces (merged title cells repeat their value). */
export function rowText(cells: Cell[]): string {
  return [...new Set(cells.map(cellText).filter((t) => t !== ''))].join(' ');
}

/** True when `keywords` appear in the title rows (first ~12 rows) of any probed sheet. */
export function titleHas(rows: Cell[][], re: RegExp): boolean {
  return rows.slice(0, 12).some((r) => re.test(normText(rowText(r))));
}

/**
 * Reads the title block above the header (rows before `headerIndex`). A date later than `today` (injectable for
 * tests) rejects the file: the report cannot describe a work not yet written.
 */
export function readTitle(
  book: Pick<Workbook, 'kind' | 'fileName'>,
  sheet: string,
  rows: SheetRow[],
  headerIndex: number,
  today = new Date(),
): ReportTitle {
  let year: number | null = null,
    grade: number | null = null,
    examDate: string | null = null,
    maxScore: number | null = null;
  let subjectText = '',
    dateRow = 0;
  for (const r of rows.slice(0, headerIndex)) {
    const raw = rowText(r.cells).replace(/\s+/g, ' ').trim();
    const t = normText(raw);
    const m = TITLE.exec(t) ?? VPR_SHORT.exec(t);
    if (m) {
      year = Number(m[1]);
      if (m[2]) grade = Number(m[2]);
    }
    const d = /дата[^:]*:\s*(\d{1,2}\.\d{1,2}\.\d{4})/.exec(t);
    if (d) {
      examDate = isoFromDotted(d[1]!);
      dateRow = r.rowNo;
    }
    const s = /^предмет\s*:?\s*(.+)$/i.exec(raw);
    if (s) subjectText = s[1]!.trim();
    const mx = /максимальн\p{L}* первичн\p{L}* балл\s*:?\s*(\d+)/u.exec(t);
    if (mx) maxScore = Number(mx[1]);
    const g = /(?:^|\s)(\d{1,2})\s*класс/.exec(t);
    if (grade === null && g && !m) grade = Number(g[1]);
  }
  const at = issueSheet(book, sheet);
  if (year === null && examDate === null)
    throw new FileRejected(
      `в заголовке отчёта ФИС ОКО нет строки «Всероссийские проверочные работы ГГГГ (N класс)» и даты — нельзя определить учебный год.`,
      at,
      null,
      null,
    );
  const future = futureReportDate(examDate, today);
  if (future) throw new FileRejected(future, at, dateRow, null);
  const subject = canonicalSubject(subjectText);
  if (!subject)
    throw new FileRejected(
      `${subjectText ? `в заголовке отчёта ${unknownSubject(subjectText)}` : 'в заголовке отчёта нет строки «Предмет: …»'} — результаты нельзя отнести к предмету.`,
      at,
      null,
      null,
    );
  const notes: string[] = [];
  if (grade === null)
    notes.push(
      `класс в заголовке отчёта не найден («Всероссийские проверочные работы ГГГГ (N класс)»); результаты загружены без класса.`,
    );
  let schoolYear: string;
  if (examDate) schoolYear = schoolYearOfDate(examDate);
  else {
    schoolYear = yearLabel(year! - 1);
    notes.push(`в заголовке нет даты проведения; ВПР ${year} отнесены к весенней сессии, ${schoolYear} учебный год.`);
  }
  return { schoolYear, subject, grade, examDate, maxScore, notes };
}

const LOGIN = /\(\s*((?:sch|ksh|edu)\d{6})\s*\)/i;
const CODED = /^(reg\d+(?:_m\d+)?)\s*\|\s*(.+)$/i;

export interface GroupRow {
  level: AggregateLevel;
  schoolRef: string | null;
  name: string;
}

/**
 * Levels of group rows. ФИС ОКО marks them only by order and indentation: «Вся выборка» first, then the region,
 * then municipalities, each followed by its schools «(sch220150) Name» or «Name (edu223843)». A caption with a
 * ФИС ОКО code («reg220000 | …», «reg22_m045 | …») is classified by the code.
 */
export class GroupLevels {
  private regionSeen = false;

  classify(caption: string): GroupRow {
    const text = caption.replace(/\s+/g, ' ').trim();
    const login = LOGIN.exec(text);
    if (login)
      return {
        level: 'school',
        schoolRef: login[1]!.toLowerCase(),
        name: text.replace(LOGIN, ' ').replace(/\s+/g, ' ').trim(),
      };
    if (/^вся выборка/.test(normText(text))) return { level: 'all', schoolRef: null, name: text };
    const coded = CODED.exec(text);
    if (coded) {
      const level: AggregateLevel = /_m\d+$/i.test(coded[1]!) ? 'municipality' : 'region';
      if (level === 'region') this.regionSeen = true;
      return { level, schoolRef: null, name: coded[2]!.trim() };
    }
    if (!this.regionSeen) {
      this.regionSeen = true;
      return { level: 'region', schoolRef: null, name: text };
    }
    return { level: 'municipality', schoolRef: null, name: text };
  }
}

/** A note row: every non-empty cell repeats the caption (a merged line of text, not data). */
export function isNoteRow(cells: Cell[], caption: string): boolean {
  return cells.every((c) => {
    const t = cellText(c);
    return t === '' || t === caption;
  });
}

/**
 * The sheets of a report that carry its table: all rows, the header row index and the title block (its notes are
 * reported as warnings), handed to `perSheet`. Rejects the file with `missing` when no sheet has the header.
 */
export async function eachReportSheet(
  book: Workbook,
  ctx: ParseContext,
  headerIndex: (rows: Cell[][]) => number,
  missing: string,
  perSheet: (table: { sheet: Sheet; rows: SheetRow[]; hi: number; title: ReportTitle }) => Promise<void>,
  today = new Date(),
): Promise<void> {
  await parseEachSheet(
    book,
    async (sheet) => {
      const rows = await readAll(sheet);
      const hi = headerIndex(rows.slice(0, 40).map((r) => r.cells));
      if (hi < 0) return false;
      const title = readTitle(book, sheet.name, rows, hi, today);
      for (const note of title.notes)
        ctx.issue({
          severity: 'warning',
          scope: 'file',
          sheet: issueSheet(book, sheet.name),
          rowNo: null,
          column: null,
          message: note,
        });
      await perSheet({ sheet, rows, hi, title });
      return true;
    },
    missing,
  );
}
