// Shared helpers for flat reference tables (registry, scales, targets, dictionaries): loose header matching,
// row buffering, code text without float noise and Russian row messages.

import { cellText, columnLetter, normText } from '../../read/values.js';
import type { Cell, ParseContext, Sheet, SheetRow, Workbook } from '../../types.js';
import { issueSheet, place } from '../where.js';

export { place, placeInline } from '../where.js';

/** One expected column: `match` is tested against the normalised header text (lower-case, ё→е). */
export interface ColumnSpec<K extends string> {
  key: K;
  caption: string;
  match: RegExp;
  required?: boolean;
}

export interface HeaderMatch<K extends string> {
  index: number;
  cols: Map<K, number>;
}

/** Assigns header cells to specs in spec order (put specific specs first); every cell is claimed at most once. */
export function matchColumns<K extends string>(header: Cell[], specs: readonly ColumnSpec<K>[]): Map<K, number> {
  const texts = header.map(normText);
  const claimed = new Set<number>();
  const cols = new Map<K, number>();
  for (const s of specs) {
    const i = texts.findIndex((t, j) => t !== '' && !claimed.has(j) && s.match.test(t));
    if (i >= 0) {
      cols.set(s.key, i);
      claimed.add(i);
    }
  }
  return cols;
}

/**
 * A recognised column whose header text (normalised) appears again in the same header: reading only the first
 * of them would be a silent guess. Returns the spec and both column indexes.
 */
export function duplicatedColumn<K extends string>(
  header: Cell[],
  specs: readonly ColumnSpec<K>[],
  cols: Map<K, number>,
): { spec: ColumnSpec<K>; first: number; second: number } | null {
  const texts = header.map(normText);
  for (const s of specs) {
    const i = cols.get(s.key);
    if (i === undefined) continue;
    const j = texts.findIndex((t, k) => k !== i && t === texts[i]);
    if (j >= 0) return { spec: s, first: Math.min(i, j), second: Math.max(i, j) };
  }
  return null;
}

/** First row (within `limit`) where every required spec finds a column. */
export function locateHeader<K extends string>(
  rows: Cell[][],
  specs: readonly ColumnSpec<K>[],
  limit = 30,
): HeaderMatch<K> | null {
  for (let i = 0; i < Math.min(rows.length, limit); i++) {
    const cols = matchColumns(rows[i]!, specs);
    if (specs.every((s) => !s.required || cols.has(s.key))) return { index: i, cols };
  }
  return null;
}

/** Best count of matched specs in any row of any probed sheet, with the required ones all present (else 0). */
export function headerHits<K extends string>(
  sheets: { rows: Cell[][] }[],
  specs: readonly ColumnSpec<K>[],
  limit = 30,
): number {
  let best = 0;
  for (const s of sheets) {
    for (const row of s.rows.slice(0, limit)) {
      const cols = matchColumns(row, specs);
      if (specs.every((x) => !x.required || cols.has(x.key))) best = Math.max(best, cols.size);
    }
  }
  return best;
}

export async function readAll(sheet: Sheet): Promise<SheetRow[]> {
  const out: SheetRow[] = [];
  for await (const r of sheet.rows()) out.push(r);
  return out;
}

export function isBlank(cells: Cell[]): boolean {
  return cells.every((c) => cellText(c) === '');
}

/** Code cells as text: '2.1' stays '2.1'; a number typed into Excel (2.1, 2.0999999999999996, 3) loses float noise. */
export function codeText(v: Cell | undefined): string {
  if (typeof v === 'number') return Number.isFinite(v) ? String(Number(v.toPrecision(12))) : '';
  return cellText(v).replace(/\s+/g, ' ');
}

/** Column caption for messages: the header text and the Excel letter. */
export function columnName(header: Cell[], index: number): string {
  const t = cellText(header[index]);
  return t ? `${t} (${columnLetter(index)})` : columnLetter(index);
}

/** Reports row problems against a header; an error excludes the row from loading. */
export class RowReporter {
  constructor(
    private book: Workbook,
    private ctx: ParseContext,
    private sheet: string,
    private header: Cell[],
  ) {}

  error(rowNo: number, col: number | null, text: string): void {
    this.report('error', rowNo, col, text);
  }
  warning(rowNo: number, col: number | null, text: string): void {
    this.report('warning', rowNo, col, text);
  }

  private report(severity: 'error' | 'warning', rowNo: number, col: number | null, text: string): void {
    const column = col === null ? null : columnName(this.header, col);
    const where = `${place(this.book, this.sheet, rowNo)}${column ? `, столбец «${column}»` : ''}`;
    this.ctx.issue({
      severity,
      scope: 'row',
      sheet: issueSheet(this.book, this.sheet),
      rowNo,
      column,
      message: `${where}: ${text}`,
    });
  }
}

/** Russian list of captions: «Код ОО», «Наименование». */
export function captions(list: string[]): string {
  return list.map((c) => `«${c}»`).join(', ');
}
