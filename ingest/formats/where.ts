// How parsers word places and values in Russian messages. A CSV file has no sheets (the reader names its only
// sheet after the file): there a place is just «строка N», and issues carry sheet = null.

import { cellText, columnLetter } from '../read/values.js';
import { num } from '../report.js';
import type { Cell, Workbook } from '../types.js';

type Book = Pick<Workbook, 'kind'>;

/** «Лист «X», строка 5» for workbooks, «Строка 5» for CSV. */
export function place(book: Book, sheet: string, rowNo: number): string {
  return book.kind === 'csv' ? `Строка ${rowNo}` : `Лист «${sheet}», строка ${rowNo}`;
}

/** The same place in the middle of a sentence: «лист «X», строка 5» / «строка 5». */
export function placeInline(book: Book, sheet: string, rowNo: number): string {
  return book.kind === 'csv' ? `строка ${rowNo}` : `лист «${sheet}», строка ${rowNo}`;
}

/** A file-level place naming the file: «Файл «a.xlsx», лист «X», строка 1» / «Файл «a.csv», строка 1». */
export function filePlace(book: Pick<Workbook, 'kind' | 'fileName'>, sheet: string, rowNo: number): string {
  return `Файл «${book.fileName}», ${placeInline(book, sheet, rowNo)}`;
}

/** The `sheet` of an Issue: null for CSV. */
export function issueSheet(book: Book, sheet: string): string | null {
  return book.kind === 'csv' ? null : sheet;
}

/** A cell value quoted in a message: numbers with a decimal comma (4.5 → «4,5»), text as written. */
export function shown(v: Cell | undefined): string {
  return typeof v === 'number' ? num(v) : cellText(v);
}

/** «Отметка» (F) — a header cell and its Excel letter. */
export function headerCell(header: Cell[], index: number): string {
  return `«${cellText(header[index])}» (${columnLetter(index)})`;
}

/**
 * Rejection text for a header holding the same column twice: the parser would silently read the first one.
 * `what` names the column as the format knows it («Код ОО»).
 */
export function duplicateColumnMessage(
  book: Pick<Workbook, 'kind' | 'fileName'>,
  sheet: string,
  rowNo: number,
  what: string,
  header: Cell[],
  first: number,
  second: number,
): string {
  return (
    `${filePlace(book, sheet, rowNo)}: столбец «${what}» встречается в шапке дважды — ${headerCell(header, first)} и ${headerCell(header, second)}; ` +
    'неясно, какой из них читать. Оставьте один такой столбец (лишний удалите или переименуйте) и загрузите файл заново.'
  );
}
