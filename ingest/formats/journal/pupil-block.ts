// Per-pupil block context of journal reports («Учебный год:», «Класс:», «Период:», «Ученик:» lines)
// and the school name from the title rows above the first block.

import { normText, parseSchoolYear } from '../../read/values.js';
import type { Cell, ParseContext } from '../../types.js';
import { FileRejected } from '../../types.js';
import { firstText, gradeOfClass, labelledValue, where } from './common.js';

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
        throw new FileRejected(
          `${cap(where(sheet, rowNo))}: учебный год «${value}» не распознан (ожидается вида «2024/2025»).`,
          sheet,
          rowNo,
          'A',
        );
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
          `${cap(where(sheet, rowNo))}: строка «Ученик:» без имени — блок ученика не может быть сопоставлен.`,
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
      `${cap(where(sheet, rowNo))}: строка с отметками стоит вне блока ученика (нет строки «Ученик: …» выше).`,
      sheet,
      rowNo,
      null,
    );
  if (!block.schoolYear)
    throw new FileRejected(
      `${cap(where(sheet, rowNo))}: в блоке ученика (с строки ${block.startRow}) нет строки «Учебный год: …».`,
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

export const cap = (s: string): string => s.charAt(0).toUpperCase() + s.slice(1);
