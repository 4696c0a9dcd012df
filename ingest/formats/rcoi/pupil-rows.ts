// Turns the raw rows of one РЦОИ exam (xlsx block or ГИА-9 CSV) into a Work and PupilResults. Cells that are not
// numbers exclude the row here; ranges (marks 2–5, scores within the maximum, test scores 0–100) are the loader's
// checks (ingest/validate.ts), named by the work's column captions. Names are used only to build the keyed pupil
// hash; they never leave this module.

import { excludedRow } from '../../issues.js';
import { cellText, normText, toCode, toNumber } from '../../read/values.js';
import type { Cell, ParseContext, PupilResult, Workbook } from '../../types.js';
import { columnCaption, issueSheet, shown } from '../table.js';
import type { ExamMeta } from './exam.js';
import { parsePart1, parsePart2, planTasks, rowScores } from './masks.js';

export type Field =
  | 'school'
  | 'className'
  | 'surname'
  | 'name'
  | 'patronymic'
  | 'fullName'
  | 'participant'
  | 'part1'
  | 'part2'
  | 'primary'
  | 'test'
  | 'mark';
export type Columns = Partial<Record<Field, { index: number; caption: string }>>;
export interface RawRow {
  rowNo: number;
  cells: Cell[];
}

const ABSENT = /^(не\s*явил[а-я]*|неявка|н\/я|отсутств[а-я]*|не\s*явка)$/;

export function cellOf(cols: Columns, row: RawRow, f: Field): Cell {
  const c = cols[f];
  return c ? (row.cells[c.index] ?? null) : null;
}

function colLabel(cols: Columns, f: Field): string {
  const c = cols[f]!;
  return columnCaption(c.caption, c.index);
}

/** Emits one exam; returns the number of pupils emitted. `book.kind` decides the issues' sheet (CSV: none). */
export function emitExam(
  ctx: ParseContext,
  book: Pick<Workbook, 'kind'>,
  sheet: string,
  meta: ExamMeta,
  cols: Columns,
  rows: RawRow[],
): number {
  const masks = rows.map((r) => ({
    part1: parsePart1(cellOf(cols, r, 'part1')),
    part2: parsePart2(cellOf(cols, r, 'part2')),
  }));
  const plan = planTasks(masks);
  const examName = `${meta.assessment} «${meta.subject}» ${meta.examDate}`;
  if (plan.inconsistent) {
    ctx.issue({
      severity: 'warning',
      scope: 'row',
      sheet: issueSheet(book, sheet),
      rowNo: rows[0]?.rowNo ?? null,
      column: cols.part2 ? colLabel(cols, 'part2') : null,
      message: `${examName}: максимальные баллы заданий части 2 различаются между строками; взят наибольший.`,
    });
  }
  const label = (f: Field): string | null => (cols[f] ? colLabel(cols, f) : null);
  const err = (row: RawRow, f: Field, what: string): void => {
    ctx.issue({
      severity: 'error',
      scope: 'row',
      sheet: issueSheet(book, sheet),
      rowNo: row.rowNo,
      column: label(f),
      message: excludedRow(`${examName}: ${what}`),
    });
  };
  const out: PupilResult[] = [];
  rows.forEach((row, i) => {
    const schoolRef = toCode(cellOf(cols, row, 'school'));
    if (!schoolRef) return err(row, 'school', 'не указан код ОО');
    const fullName = cols.fullName
      ? cellText(cellOf(cols, row, 'fullName'))
      : (['surname', 'name', 'patronymic'] as const)
          .map((f) => cellText(cellOf(cols, row, f)))
          .filter(Boolean)
          .join(' ');
    const code = toCode(cellOf(cols, row, 'participant'));
    if (!fullName && !code)
      return err(row, cols.fullName ? 'fullName' : 'surname', 'нет ни фамилии и имени, ни кода участника');
    const pupilKey = fullName ? ctx.pseudonymize(fullName) : null;

    const primaryCell = cellOf(cols, row, 'primary');
    const absent = ABSENT.test(normText(primaryCell)) || ABSENT.test(normText(cellOf(cols, row, 'mark')));
    const primary = toNumber(primaryCell);
    if (!absent && cellText(primaryCell) !== '' && primary === null)
      return err(row, 'primary', `первичный балл «${shown(primaryCell)}» не является числом`);

    let mark: number | null = null;
    const markCell = cellOf(cols, row, 'mark');
    if (cols.mark && !absent && cellText(markCell) !== '') {
      mark = toNumber(markCell);
      if (mark === null) return err(row, 'mark', `отметка «${shown(markCell)}» не является числом`);
    }
    let testScore: number | null = null;
    const testCell = cellOf(cols, row, 'test');
    if (meta.assessment === 'ЕГЭ' && cols.test && !absent && cellText(testCell) !== '') {
      testScore = toNumber(testCell);
      if (testScore === null) return err(row, 'test', `тестовый балл «${shown(testCell)}» не является числом`);
    }
    const m = masks[i]!;
    const empty =
      primary === null && mark === null && testScore === null && m.part1.length === 0 && m.part2.length === 0;
    const status = absent || empty ? 'absent' : 'present';
    const className = cellText(cellOf(cols, row, 'className')).replace(/\s+/g, '') || null;
    out.push({
      work: -1,
      sheet,
      rowNo: row.rowNo,
      schoolRef,
      schoolName: null,
      municipality: null,
      participantCode: code || pupilKey!,
      pupilKey,
      className,
      variant: null,
      status,
      sex: null,
      primaryScore: status === 'absent' ? null : primary,
      mark,
      markFromScale: false,
      testScore,
      journalMark: null,
      taskScores: status === 'absent' ? plan.labels.map(() => null) : rowScores(plan, m.part1, m.part2),
    });
  });
  if (out.length === 0) return 0;
  const work = ctx.emitWork({
    assessment: meta.assessment,
    schoolYear: meta.schoolYear,
    subject: meta.subject,
    kimGrade: meta.kimGrade,
    grade: meta.grade,
    examDate: meta.examDate,
    maxScore: plan.maxScore,
    taskLabels: plan.labels,
    taskMax: plan.max,
    examCode: meta.examCode,
    columns: {
      primaryScore: label('primary'),
      mark: label('mark'),
      testScore: label('test'),
      tasks: plan.labels.map((_, i) => label(i < plan.k1 ? 'part1' : 'part2')),
    },
  });
  return out.filter((p) => ctx.emitPupil({ ...p, work })).length;
}

/** Whole-number grade of a class cell ('9А' → 9). */
export function classGrade(v: Cell): number | null {
  const m = /^\s*(\d{1,2})/.exec(cellText(v));
  const g = m ? Number(m[1]) : null;
  return g !== null && g >= 1 && g <= 12 ? g : null;
}
