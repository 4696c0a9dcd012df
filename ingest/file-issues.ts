// File-level issues of a load: a name whose extension contradicts the content, and a file that could not be read.
import { rejectionIssue } from './issues.js';
import { sniffKind } from './read/workbook.js';
import { FileRejected, type Issue } from './types.js';

/** The extension promises one thing and the content is another: worth a word, though the content wins. */
export function extensionNote(bytes: Uint8Array, fileName: string): Issue | null {
  const ext = /\.([a-z0-9]+)$/i.exec(fileName)?.[1]?.toLowerCase() ?? '';
  const kind = sniffKind(bytes);
  const say = (what: string): Issue => ({
    severity: 'warning',
    scope: 'file',
    sheet: null,
    rowNo: null,
    column: null,
    message: `Файл «${fileName}» назван как .${ext}, но ${what}; прочитан по содержимому. Проверьте, что загружен нужный файл.`,
  });
  if (kind === 'csv' && (ext === 'xlsx' || ext === 'xls'))
    return say('на самом деле это текстовый файл с разделителями (CSV)');
  if (kind === 'xlsx' && (ext === 'csv' || ext === 'txt')) return say('на самом деле это книга Excel (.xlsx)');
  return null;
}

export function fileIssue(e: unknown, fileName: string): Issue {
  if (e instanceof FileRejected) return rejectionIssue(e);
  const err = e as Error;
  const huge =
    err instanceof RangeError ||
    /allocation failed|heap out of memory|Invalid string length|Array buffer allocation/i.test(String(err?.message));
  return {
    severity: 'error',
    scope: 'file',
    sheet: null,
    rowNo: null,
    column: null,
    message: huge
      ? `Файл «${fileName}» слишком большой или повреждён: при чтении не хватило памяти (${String(err?.message).slice(0, 120)}). Разделите данные на несколько файлов.`
      : `Файл «${fileName}» не удалось разобрать из-за внутренней ошибки (${String(err?.message ?? e).slice(0, 200)}); данные не загружены. Сообщите администратору.`,
  };
}
