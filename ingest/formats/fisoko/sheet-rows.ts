// Small helpers over Workbook sheets and probes shared by the ФИС ОКО layouts.

import { normText } from '../../read/values.js';
import type { Cell, WorkbookProbe } from '../../types.js';

// All rows of a sheet in memory (ВПР files are one region × one work at most: tens of thousands of rows).
export { readAll } from '../table.js';

/** Normalised texts of a row. */
export const texts = (row: Cell[]): string[] => row.map(normText);

/** Index of the first of the first `limit` rows satisfying `test`; -1 if none. */
export function findRow(rows: Cell[][], test: (t: string[]) => boolean, limit = 40): number {
  for (let i = 0; i < Math.min(rows.length, limit); i++) if (test(texts(rows[i]!))) return i;
  return -1;
}

/** Best score over the sheets of a probe. */
export function bestSheet(probe: WorkbookProbe, score: (name: string, rows: Cell[][]) => number): number {
  return probe.sheets.reduce((best, s) => Math.max(best, score(s.name, s.rows)), 0);
}
