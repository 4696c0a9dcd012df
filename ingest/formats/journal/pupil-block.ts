// Per-pupil block context of journal reports («Учебный год:», «Класс:», «Период:», «Ученик:» lines)
// and the school name from the title rows above the first block.

import { normText, parseSchoolYear } from '../../read/values.js';
import type { Cell, FormatModule, Issue, ParseContext, SheetRow, WorkbookProbe } from '../../types.js';
import { FileRejected } from '../../types.js';
import { bestSheetScore, columnCaption, parseEachSheet, readAll, shown } from '../table.js';
import { firstText, gradeOfClass, labelledValue } from './common.js';

export interface PupilBlock {
  schoolYear: string | null;
  className: string | null;
  grade: number | null;
  period: string | null; // raw «с dd.mm.yy по dd.mm.yy»
  periodRow: number | null;
  pupilKey: string | null;
  startRow: number;
}

const LABELS = ['учебный год', 'класс', 'период', 'ученик', 'учащийся'] as const;

/** Applies a labelled line to the block state; returns the (possibly new) block, or undefined when the row is not such a line. */
export function applyBlockLine(
  cells: Cell[],
  rowNo: number,
  sheet: string,
  block: PupilBlock | null,
  _school: string,
  ctx: ParseContext,
): PupilBlock | undefined {
  for (const label of LABELS) {
    const value = labelledValue(cells, label);
    if (value === null) continue;
    if (label === 'учебный год') {
      const schoolYear = parseSchoolYear(value);
      if (!schoolYear)
        throw new FileRejected(`учебный год «${value}» не распознан (ожидается вида «2024/2025»).`, sheet, rowNo, 'A');
      return {
        schoolYear,
        className: null,
        grade: null,
        period: null,
        periodRow: null,
        pupilKey: null,
        startRow: rowNo,
      };
    }
    const b: PupilBlock = block ?? {
      schoolYear: null,
      className: null,
      grade: null,
      period: null,
      periodRow: null,
      pupilKey: null,
      startRow: rowNo,
    };
    if (label === 'класс') {
      b.className = value.replace(/\s+/g, '') || null;
      b.grade = gradeOfClass(b.className);
    } else if (label === 'период') {
      b.period = value;
      b.periodRow = rowNo;
    } else {
      if (!value)
        throw new FileRejected(
          'строка «Ученик:» без имени — блок ученика не может быть сопоставлен.',
          sheet,
          rowNo,
          'A',
        );
      // The name goes nowhere but the keyed hash.
      b.pupilKey = ctx.pseudonymize(value);
    }
    return b;
  }
  return undefined;
}

/** Checks that a block has everything a mark needs; throws FileRejected naming the block otherwise. */
export function requireBlock(
  block: PupilBlock | null,
  sheet: string,
  rowNo: number,
): asserts block is PupilBlock & { schoolYear: string; pupilKey: string } {
  if (!block?.pupilKey)
    throw new FileRejected(
      'строка с отметками стоит вне блока ученика (нет строки «Ученик: …» выше).',
      sheet,
      rowNo,
      null,
    );
  if (!block.schoolYear)
    throw new FileRejected(
      `в блоке ученика (со строки ${block.startRow}) нет строки «Учебный год: …».`,
      sheet,
      rowNo,
      null,
    );
}

/**
 * The school name: the first title row above the first block that is not the report caption itself.
 * `reportTitle` is a normalised prefix like 'табель успеваемости'.
 */
export function schoolFromTitle(rows: Cell[][], reportTitle: string): string | null {
  for (const cells of rows) {
    const t = firstText(cells);
    if (!t) continue;
    const n = normText(t);
    if (LABELS.some((l) => n.startsWith(l + ':'))) return null;
    if (n.startsWith(reportTitle)) continue;
    return t.replace(/\s+/g, ' ');
  }
  return null;
}

/** A class-wide e-journal report (табель, отчёт об успеваемости): how to find, score and word it. */
export interface BlockReport {
  /** Normalised prefix of the report caption, e.g. 'табель успеваемости'. */
  title: string;
  /** A row showing that the sheet holds this report's pupil blocks. */
  holds: (cells: Cell[]) => boolean;
  /** Detect score of one probed sheet (texts are its normalised cells). */
  score: (texts: string[]) => number;
  /** Rejection when a sheet's title rows name no school. */
  noSchool: string;
  /** Rejection when no sheet gave a single mark. */
  noMarks: string;
  parseSheet: (name: string, rows: SheetRow[], school: string, ctx: ParseContext) => Promise<number>;
}

/** The format module of a class-wide report: detect by its score, parse sheet by sheet against the title's school. */
export function blockReportFormat(id: string, title: string, r: BlockReport): FormatModule {
  return {
    id,
    title,
    detect: (probe: WorkbookProbe) => bestSheetScore(probe, (rows) => r.score(rows.flatMap((x) => x.map(normText)))),
    async parse(book, ctx) {
      let read = 0;
      await parseEachSheet(
        book,
        async (sheet) => {
          const rows = await readAll(sheet);
          read += rows.length;
          if (!rows.some((x) => r.holds(x.cells))) return false;
          const school = schoolFromTitle(
            rows.map((x) => x.cells),
            r.title,
          );
          if (!school) throw new FileRejected(r.noSchool, sheet.name, 1, 'A');
          const n = await r.parseSheet(sheet.name, rows, school, ctx);
          ctx.progress(read);
          return n > 0;
        },
        r.noMarks,
      );
    },
  };
}

/** The warning for a final-mark cell that is not a mark: the value is skipped, the row's other marks load. */
export function notAMark(sheet: string, rowNo: number, col: number, caption: string, subject: string, v: Cell): Issue {
  return {
    severity: 'warning',
    scope: 'row',
    sheet,
    rowNo,
    column: columnCaption(caption, col),
    message: `предмет «${subject}»: «${shown(v)}» не является отметкой (2–5, н/а, зач, осв) — значение пропущено.`,
  };
}
