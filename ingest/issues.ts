// The one way an ingest problem is worded. An issue carries its place as data ({sheet, row, column}); its message
// never restates it. Whoever shows an issue on its own (report line, ledger, inbox, upload page) composes both here,
// so every format names places the same way: «Лист «X», строка 5, столбец «Отметка (F)»: …», and for a CSV, which
// has no sheets (issues carry sheet = null), «Строка 5, столбец «Отметка (F)»: …».

import type { FileRejected, Issue } from './types.js';

export type Place = Pick<Issue, 'sheet' | 'rowNo' | 'column'>;

const upperFirst = (s: string): string => (s[0] ? s[0].toUpperCase() + s.slice(1) : s);
// An acronym («ВПР», «ОО») keeps its case.
const lowerFirst = (s: string): string => (/^\p{Lu}\p{Ll}/u.test(s) ? s[0]!.toLowerCase() + s.slice(1) : s);

/** «лист «X», строка 5, столбец «Y»» with whatever parts are known (and the file first, when given); '' when none. */
export function placeText(p: Place, fileName?: string): string {
  const parts: string[] = [];
  if (fileName !== undefined) parts.push(`файл «${fileName}»`);
  if (p.sheet !== null) parts.push(`лист «${p.sheet}»`);
  if (p.rowNo !== null) parts.push(`строка ${p.rowNo}`);
  if (p.column !== null) parts.push(`столбец «${p.column}»`);
  return parts.join(', ');
}

/**
 * The self-contained text of an issue: its place, then its message. With `fileName` the place starts with the file
 * (unless the message names it already); `inline` for use inside a sentence («первая ошибка — лист «X», …»).
 */
export function issueText(i: Issue, opts: { fileName?: string; inline?: boolean } = {}): string {
  const file = opts.fileName !== undefined && !i.message.includes(`«${opts.fileName}»`) ? opts.fileName : undefined;
  const where = placeText(i, file);
  const text = where ? `${where}: ${i.message}` : i.message;
  return opts.inline ? lowerFirst(text) : upperFirst(text);
}

/** A file rejection as the issue of the whole file, at the place it names. */
export const rejectionIssue = (e: FileRejected): Issue => ({
  severity: 'error',
  scope: 'file',
  sheet: e.sheet,
  rowNo: e.rowNo,
  column: e.column,
  message: e.message,
});

/** The message of a row error: what is wrong, and that the row was left out. */
export const excludedRow = (what: string): string => `${what} — строка исключена.`;

/** Another row named inside a message («уже задана (лист «X», строка 5)»); `sheet` null for a CSV. */
export function rowRef(sheet: string | null, rowNo: number): string {
  return sheet === null ? `строка ${rowNo}` : `лист «${sheet}», строка ${rowNo}`;
}
