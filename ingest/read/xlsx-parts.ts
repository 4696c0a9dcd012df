// The book-level parts the streaming reader needs before any sheet: the sheet list (workbook.xml and its
// relationships, resolved as exceljs resolves them), the date styles and the shared strings. The small parts are
// parsed by exceljs's own xforms so that names, number formats and rich text come out exactly as in exceljs; the
// shared strings of a plain export take a fast path checked to give the same strings.
import { createRequire } from 'node:module';
import { Readable } from 'node:stream';
import type { Cell } from '../types.js';
import { normCell } from './cell-value.js';
import type { BookContext } from './cell-xml.js';
import { unescapeX, xmlText } from './xml-text.js';
import type { GuardedZip } from './zip-guard.js';

interface Xform {
  parseStream(s: Readable): Promise<unknown>;
  model: unknown;
}
type XformClass = new () => Xform;
interface Internals {
  WorkbookXform: XformClass;
  RelationshipsXform: XformClass;
  StylesXform: XformClass;
  SharedStringsXform: XformClass;
  utils: { isDateFmt(f: unknown): boolean; excelToDate(v: unknown, d1904: boolean): Date };
}

/** exceljs's own parsers, loaded on first use; null if a future exceljs moved them (every book then goes to exceljs). */
let internals: Internals | null | undefined;
function exceljsInternals(): Internals | null {
  if (internals !== undefined) return internals;
  try {
    const require = createRequire(import.meta.url);
    const lib = (path: string): unknown => require(`exceljs/lib/${path}`);
    internals = {
      WorkbookXform: lib('xlsx/xform/book/workbook-xform.js') as XformClass,
      RelationshipsXform: lib('xlsx/xform/core/relationships-xform.js') as XformClass,
      StylesXform: lib('xlsx/xform/style/styles-xform.js') as XformClass,
      SharedStringsXform: lib('xlsx/xform/strings/shared-strings-xform.js') as XformClass,
      utils: lib('utils/utils.js') as Internals['utils'],
    };
  } catch {
    internals = null;
  }
  return internals;
}

const parse = async (X: XformClass, xml: Buffer): Promise<{ result: unknown; xform: Xform }> => {
  const xform = new X();
  const result = await xform.parseStream(Readable.from([xml.toString('utf8')]));
  return { result, xform };
};

/** exceljs's worksheet entries: the loader matches this (unanchored) pattern against every entry name. */
export const EXCELJS_SHEET = /xl\/worksheets\/sheet(\d+)[.]xml/;

export interface BookSheet {
  name: string;
  part: string;
}
export interface BookParts {
  sheets: BookSheet[];
  ctx: BookContext;
}

/** Checks exceljs's Worksheet name setter would accept (else exceljs throws or renames: leave that to exceljs). */
function validName(name: unknown, seen: Set<string>): name is string {
  if (typeof name !== 'string' || name === '' || name === 'History' || name.length > 31) return false;
  if (/[*?:/\\[\]]/.test(name) || /(^')|('$)/.test(name) || seen.has(name.toLowerCase())) return false;
  seen.add(name.toLowerCase());
  return true;
}

/** Shared strings as exceljs's SharedStringsXform yields them (strings, or rich-text objects), fast for plain `<t>`. */
async function sharedStrings(xml: Buffer, SharedStringsXform: XformClass): Promise<unknown[] | string> {
  const text = xml.toString('utf8');
  const start = text.indexOf('<si');
  if (start >= 0 && /^\s*(?:<\?xml[^?]*\?>)?\s*<sst\b[^>]*>\s*$/.test(text.slice(0, start))) {
    const SI = /\s*<si><t(?:\s+xml:space="preserve")?>([^<]*)<\/t><\/si>|\s*<si><t\/><\/si>/y;
    const out: unknown[] = [];
    let at = start;
    SI.lastIndex = start;
    for (let m = SI.exec(text); m; m = SI.exec(text)) {
      const raw = m[1] ?? '';
      const s = /[&\x00-\x1f]/.test(raw) ? xmlText(raw) : raw;
      if (s === null) return 'неверная ссылка на символ в общих строках';
      out.push(unescapeX(s));
      at = SI.lastIndex;
    }
    if (/^\s*<\/sst>\s*$/.test(text.slice(at))) return out;
  }
  const { xform } = await parse(SharedStringsXform, xml);
  return (xform.model as { values: unknown[] }).values;
}

/** The sheet list and cell context of a book, or a reason to leave the book to exceljs. */
export async function bookParts(zip: GuardedZip): Promise<BookParts | string> {
  const x = exceljsInternals();
  if (!x) return 'внутренние модули exceljs не найдены';
  const { WorkbookXform, RelationshipsXform, StylesXform, SharedStringsXform, utils } = x;
  const names = zip.entries.map((e) => e.name);
  if (
    names.some((n) => n.startsWith('/') || (EXCELJS_SHEET.test(n) && !/^xl\/worksheets\/sheet\d+\.xml$/.test(n))) ||
    zip.byName.size !== names.length
  )
    return 'нестандартные имена частей';
  const [wbXml, relsXml, stylesXml, sstXml] = [
    await zip.readPart('xl/workbook.xml'),
    await zip.readPart('xl/_rels/workbook.xml.rels'),
    await zip.readPart('xl/styles.xml'),
    await zip.readPart('xl/sharedStrings.xml'),
  ];
  if (!wbXml || !relsXml || !stylesXml) return 'нет описания книги, связей или стилей';
  try {
    const wb = (await parse(WorkbookXform, wbXml)).result as {
      sheets?: { name: unknown; id: number; rId: string }[];
      properties?: { date1904?: boolean };
    };
    const rels = new Map(
      (((await parse(RelationshipsXform, relsXml)).result as { Id: string; Target: string }[]) ?? []).map((r) => [
        r.Id,
        r,
      ]),
    );
    const sheets: BookSheet[] = [];
    const seen = new Set<string>(),
      ids = new Set<number>(),
      parts = new Set<string>();
    for (const s of wb.sheets ?? []) {
      const rel = rels.get(s.rId);
      if (!rel) continue;
      const part = `xl/${rel.Target.replace(/^(\s|\/xl\/)+/, '')}`;
      if (!zip.byName.has(part) || !EXCELJS_SHEET.test(part)) continue;
      if (!validName(s.name, seen) || !(s.id > 0) || ids.has(s.id) || parts.has(part))
        return 'необычные имена или номера листов';
      ids.add(s.id);
      parts.add(part);
      sheets.push({ name: s.name, part });
    }
    const styles = (await parse(StylesXform, stylesXml)).xform as unknown as {
      getStyleModel(id: number): { numFmt?: unknown } | null;
      model: { styles?: unknown[] };
    };
    const n = styles.model?.styles?.length ?? 0;
    const dates = new Uint8Array(n);
    for (let id = 1; id < n; id++) dates[id] = utils.isDateFmt(styles.getStyleModel(id)?.numFmt) ? 1 : 0;
    const raw = sstXml ? await sharedStrings(sstXml, SharedStringsXform) : null;
    if (typeof raw === 'string') return raw;
    const shared: Cell[] | null = raw ? raw.map(normCell) : null;
    const date1904 = wb.properties?.date1904 === true;
    return {
      sheets,
      ctx: { shared, isDate: (id) => dates[id] === 1, toDate: (v) => utils.excelToDate(v, date1904) },
    };
  } catch (e) {
    return `exceljs не разбирает части книги (${(e as Error).message.slice(0, 80)})`;
  }
}
