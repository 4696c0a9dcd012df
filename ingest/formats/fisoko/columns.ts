// Header columns of ВПР tables: named columns and task columns («1 (1б)», «17К1 (2б)», «балл за 3», «a-3-grade»).

import { cellText, normText } from '../../read/values.js';
import type { Cell, WorkColumns } from '../../types.js';
import { FileRejected } from '../../types.js';
import { columnCaption, findColumn } from '../table.js';

export interface Col {
  idx: number;
  header: string;
}
export interface TaskCol extends Col {
  label: string;
  max: number | null;
}

// formats.md §0, applied to normalised (lower-case) header text.
const PROTOCOL_TASK = /^(\d+(?:[.,(]\d+\)?)?(?:\s*[кk]\s*\d+)?)\s*\(\s*(\d+)\s*б\.?\s*\)$/;
const BALL_ZA = /^балл за (\d+(?:[.,]\d+)?)$/;
const A_GRADE = /^a-(\d+)-grade$/;

/** '11.3 k1' → '11.3К1', '17к1' → '17К1', '5,1' → '5.1'. */
const taskLabel = (raw: string): string => raw.replace(/\s+/g, '').replace(/,/g, '.').replace(/[кk]/g, 'К');

/** Task columns in header order, any of the three header styles. */
export function taskColumns(header: Cell[]): TaskCol[] {
  const out: TaskCol[] = [];
  header.forEach((h, idx) => {
    const t = normText(h);
    let m = PROTOCOL_TASK.exec(t);
    if (m) {
      out.push({ idx, header: cellText(h), label: taskLabel(m[1]!), max: Number(m[2]) });
      return;
    }
    m = BALL_ZA.exec(t) ?? A_GRADE.exec(t);
    if (m) out.push({ idx, header: cellText(h), label: taskLabel(m[1]!), max: null });
  });
  return out;
}

/** Some normalised header text is a protocol-style task column («1 (1б)», «17к1 (2б)»). */
export const hasProtocolTasks = (texts: string[]): boolean => texts.some((t) => PROTOCOL_TASK.test(t));

/** An optional column: first header cell matching a pattern (string = exact normalised text). */
export function col(header: Cell[], ...patterns: (string | RegExp)[]): Col | null {
  const idx = findColumn(header, ...patterns);
  return idx < 0 ? null : { idx, header: cellText(header[idx]) };
}

/** A required column, or FileRejected naming the header that is missing. */
export function need(
  header: Cell[],
  sheet: string,
  rowNo: number,
  display: string,
  ...patterns: (string | RegExp)[]
): Col {
  const c = col(header, ...patterns);
  if (c) return c;
  throw new FileRejected(
    `в строке заголовков нет обязательного столбца «${display}». Проверьте, что файл выгружен без ручных правок заголовков.`,
    sheet,
    rowNo,
    display,
  );
}

export function needTasks(header: Cell[], sheet: string, rowNo: number, example: string): TaskCol[] {
  const tasks = taskColumns(header);
  if (tasks.length > 0) return tasks;
  throw new FileRejected(
    `в строке заголовков нет столбцов с баллами за задания (вида «${example}»).`,
    sheet,
    rowNo,
    null,
  );
}

/** The column as issues name it: «header (letter)». */
export const colLabel = (c: Col): string => columnCaption(c.header, c.idx);

/** The columns of a work's scores and marks. */
export interface ScoreColumns {
  tasks: TaskCol[];
  total: Col | null;
  journal: Col | null;
  mark?: Col | null; // ВПР mark written in the file (reports)
}

/** Their captions, for the loader's range checks (ingest/validate.ts). */
export const workColumns = (c: ScoreColumns): WorkColumns => {
  const label = (x: Col | null | undefined) => (x ? colLabel(x) : null);
  return {
    primaryScore: label(c.total),
    mark: label(c.mark),
    journalMark: label(c.journal),
    tasks: c.tasks.map(colLabel),
  };
};
