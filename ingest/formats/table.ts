// The table kit every format parses with: loose header matching (one column definition serves detect and parse),
// the sheet loop, row buffering, code text without float noise, and the one reporter that files an issue with its
// place ({sheet, row, column}) as data — the message text never restates it (ingest/issues.ts words places).

import { rowRef } from '../issues.js';
import { cellText, columnLetter, normText } from '../read/values.js';
import { num } from '../report.js';
import type { Cell, Issue, ParseContext, Sheet, SheetRow, Workbook, WorkbookProbe } from '../types.js';
import { FileRejected } from '../types.js';

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

/** Specs for columns known by their exact header text (open-data exports: `ID`, `EDU_NAME`), case-insensitive. */
export function exactColumns<K extends string>(
  names: Record<K, string>,
  required: readonly NoInfer<K>[] = [],
): ColumnSpec<K>[] {
  return (Object.keys(names) as K[]).map((key) => ({
    key,
    caption: names[key],
    match: new RegExp(`^${normText(names[key]).replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`),
    required: required.includes(key),
  }));
}

/** Column index per key of `specs`, -1 where the header lacks it. */
export function columnIndexes<K extends string>(
  cols: Map<K, number>,
  specs: readonly ColumnSpec<K>[],
): Record<K, number> {
  const out = {} as Record<K, number>;
  for (const s of specs) out[s.key] = cols.get(s.key) ?? -1;
  return out;
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

/** A column as issues name it: its header text and Excel letter, «Отметка (F)»; the letter alone when untitled. */
export function columnCaption(text: string, index: number): string {
  return text ? `${text} (${columnLetter(index)})` : columnLetter(index);
}

/** Column caption of a header cell (see columnCaption). */
export function columnName(header: Cell[], index: number): string {
  return columnCaption(cellText(header[index]), index);
}

/** The `sheet` of an Issue: null for CSV (its one sheet is named after the file). */
export function issueSheet(book: Pick<Workbook, 'kind'>, sheet: string): string | null {
  return book.kind === 'csv' ? null : sheet;
}

/**
 * Files the problems of one sheet against its header. `col` is a header index (worded «Отметка (F)»), a caption
 * already worded, or null; `rowNo` null for a problem of the whole sheet. A row error excludes the row.
 */
export class RowReporter {
  constructor(
    private book: Pick<Workbook, 'kind'>,
    private ctx: Pick<ParseContext, 'issue'>,
    private sheet: string,
    private header: Cell[] = [],
  ) {}

  error(rowNo: number | null, col: number | string | null, text: string): void {
    this.ctx.issue(this.at('error', 'row', rowNo, col, text));
  }
  warning(rowNo: number | null, col: number | string | null, text: string): void {
    this.ctx.issue(this.at('warning', 'row', rowNo, col, text));
  }
  /** A warning about the whole file, placed where it was seen. */
  fileWarning(rowNo: number | null, col: number | string | null, text: string): void {
    this.ctx.issue(this.at('warning', 'file', rowNo, col, text));
  }
  /** The error that rejects the file at this place (`throw rep.rejection(…)`). */
  rejection(rowNo: number | null, col: number | string | null, text: string): FileRejected {
    return new FileRejected(text, issueSheet(this.book, this.sheet), rowNo, this.column(col));
  }

  /** This sheet's row named inside a message (another row, e.g. the first of two duplicates). */
  ref(rowNo: number): string {
    return rowRef(issueSheet(this.book, this.sheet), rowNo);
  }

  at(
    severity: Issue['severity'],
    scope: Issue['scope'],
    rowNo: number | null,
    col: number | string | null,
    text: string,
  ): Issue {
    return {
      severity,
      scope,
      sheet: issueSheet(this.book, this.sheet),
      rowNo,
      column: this.column(col),
      message: text,
    };
  }

  private column(col: number | string | null): string | null {
    return typeof col === 'number' ? columnName(this.header, col) : col;
  }
}

/** A sheet's table: its header row, the columns matched to specs, the reporter and the non-blank rows below. */
export interface Table<K extends string> {
  /** Rows above the header (titles). */
  above: SheetRow[];
  header: Cell[];
  headerRow: number;
  cols: Map<K, number>;
  rep: RowReporter;
  data: SheetRow[];
}

/** Reads a sheet and locates its header by `specs`; null when the sheet holds no such table. */
export async function readTable<K extends string>(
  book: Workbook,
  sheet: Sheet,
  ctx: Pick<ParseContext, 'issue'>,
  specs: readonly ColumnSpec<K>[],
  limit?: number,
): Promise<Table<K> | null> {
  const rows = await readAll(sheet);
  const h = locateHeader(
    rows.map((r) => r.cells),
    specs,
    limit,
  );
  if (!h) return null;
  const header = rows[h.index]!.cells;
  return {
    above: rows.slice(0, h.index),
    header,
    headerRow: rows[h.index]!.rowNo,
    cols: h.cols,
    rep: new RowReporter(book, ctx, sheet.name, header),
    data: rows.slice(h.index + 1).filter((r) => !isBlank(r.cells)),
  };
}

/**
 * Runs `perSheet` over every sheet; it answers whether the sheet held the format's table. A file where no sheet
 * did is rejected with `notFound`.
 */
export async function parseEachSheet(
  book: Workbook,
  perSheet: (sheet: Sheet, index: number) => Promise<boolean>,
  notFound: string,
): Promise<void> {
  let found = false;
  for (let i = 0; i < book.sheets.length; i++) if (await perSheet(book.sheets[i]!, i)) found = true;
  if (!found) throw new FileRejected(notFound);
}

/** `parseEachSheet` over the sheets holding a table of `specs` (header within `limit` rows); others are skipped. */
export async function eachTable<K extends string>(
  book: Workbook,
  ctx: Pick<ParseContext, 'issue'>,
  specs: readonly ColumnSpec<K>[],
  limit: number,
  perTable: (t: Table<K>, sheet: Sheet) => Promise<void>,
  notFound: string,
): Promise<void> {
  await parseEachSheet(
    book,
    async (sheet) => {
      const t = await readTable(book, sheet, ctx, specs, limit);
      if (!t) return false;
      await perTable(t, sheet);
      return true;
    },
    notFound,
  );
}

/** A detect score: the best of `score` over the probed sheets, capped (detection never claims certainty). */
export function bestSheetScore(probe: WorkbookProbe, score: (rows: Cell[][]) => number, cap = 0.95): number {
  let best = 0;
  for (const s of probe.sheets) best = Math.max(best, score(s.rows));
  return Math.min(best, cap);
}

/** Column index of the first header cell matching any of the patterns (string = exact normalised match, RegExp = test). */
export function findColumn(header: Cell[], ...patterns: (string | RegExp)[]): number {
  const texts = header.map(normText);
  for (const p of patterns) {
    const i = texts.findIndex((t) => (typeof p === 'string' ? t === normText(p) : p.test(t)));
    if (i >= 0) return i;
  }
  return -1;
}

/** Russian list of captions: «Код ОО», «Наименование». */
export function captions(list: string[]): string {
  return list.map((c) => `«${c}»`).join(', ');
}

/** A cell value quoted in a message: numbers with a decimal comma (4.5 → «4,5»), text as written. */
export function shown(v: Cell | undefined): string {
  return typeof v === 'number' ? num(v) : cellText(v);
}

/**
 * Rejection text for a header holding the same column twice (the rejection's column names it): the parser would
 * silently read the first one.
 */
export function duplicateColumnText(header: Cell[], first: number, second: number): string {
  return (
    `встречается в шапке дважды — «${columnName(header, first)}» и «${columnName(header, second)}»; ` +
    'неясно, какой из них читать. Оставьте один такой столбец (лишний удалите или переименуйте) и загрузите файл заново.'
  );
}
