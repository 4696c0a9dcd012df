// Helpers for the reader comparison tests: both xlsx readers over the same bytes, rows and remarks in a form where
// every difference shows (number vs text, -0, NaN, invalid dates), and a minimal xlsx writer from raw XML parts.
import { crc32, deflateRawSync } from 'node:zlib';
import { openWorkbook, readerNotes, xlsxReader } from '../../../ingest/read/workbook.js';
import type { Cell, Workbook } from '../../../ingest/types.js';

const tag = (c: Cell): string | null => {
  if (c === null) return null;
  if (c instanceof Date) return `D:${c.getTime()}`;
  if (typeof c === 'number') return `N:${Object.is(c, -0) ? '-0' : String(c)}`;
  if (typeof c === 'boolean') return `B:${c}`;
  return `S:${c}`;
};

export async function dump(book: Workbook): Promise<{ sheet: string; rows: [number, (string | null)[]][] }[]> {
  const out = [];
  for (const s of book.sheets) {
    const rows: [number, (string | null)[]][] = [];
    for await (const r of s.rows()) rows.push([r.rowNo, r.cells.map(tag)]);
    out.push({ sheet: s.name, rows });
  }
  return out;
}

export type Side = { error: string } | { book: Workbook; reader: string };

/** The old path (ORIENTIR_XLSX_READER=exceljs: the zip guard, then exceljs) and the default path (streaming, or exceljs when it declines). */
export async function bothReaders(bytes: Uint8Array, name: string): Promise<{ old: Side; now: Side }> {
  const attempt = async (f: () => Promise<Workbook>): Promise<Side> => {
    try {
      const book = await f();
      return { book, reader: xlsxReader(book)?.reader ?? book.kind };
    } catch (e) {
      return { error: (e as Error).message };
    }
  };
  const old = await attempt(async () => {
    process.env.ORIENTIR_XLSX_READER = 'exceljs';
    try {
      return await openWorkbook(bytes, name);
    } finally {
      delete process.env.ORIENTIR_XLSX_READER;
    }
  });
  const now = await attempt(() => openWorkbook(bytes, name));
  return { old, now };
}

export async function view(side: Side): Promise<unknown> {
  if ('error' in side) return { error: side.error };
  return { sheets: await dump(side.book), notes: readerNotes(side.book) };
}

// ------------------------------------------------------------------ a minimal xlsx from raw parts

const NS = 'http://schemas.openxmlformats.org/spreadsheetml/2006/main';
const R_NS = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';
const XML = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n';

export interface RawSheet {
  name: string;
  data: string;
  tail?: string;
  head?: string;
}
export interface RawBook {
  sheets: RawSheet[];
  shared?: string[] | string;
  numFmts?: string;
  cellXfs?: string[];
  date1904?: boolean;
  workbookXml?: string;
}

/** An xlsx from sheet XML fragments: `data` goes inside sheetData, `tail` after it (mergeCells…), `head` before it. */
export const rawXlsx = (book: RawBook): Buffer => zip(rawParts(book));

export function rawParts(book: RawBook): [string, Buffer][] {
  const parts: [string, string][] = [];
  const sheets = book.sheets;
  parts.push([
    '[Content_Types].xml',
    `${XML}<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/></Types>`,
  ]);
  parts.push([
    '_rels/.rels',
    `${XML}<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="${R_NS}/officeDocument" Target="xl/workbook.xml"/></Relationships>`,
  ]);
  parts.push([
    'xl/workbook.xml',
    book.workbookXml ??
      `${XML}<workbook xmlns="${NS}" xmlns:r="${R_NS}">${book.date1904 ? '<workbookPr date1904="1"/>' : ''}<sheets>${sheets.map((s, i) => `<sheet name="${s.name}" sheetId="${i + 1}" r:id="rId${i + 1}"/>`).join('')}</sheets></workbook>`,
  ]);
  parts.push([
    'xl/_rels/workbook.xml.rels',
    `${XML}<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">${sheets.map((_, i) => `<Relationship Id="rId${i + 1}" Type="${R_NS}/worksheet" Target="worksheets/sheet${i + 1}.xml"/>`).join('')}<Relationship Id="rId99" Type="${R_NS}/styles" Target="styles.xml"/></Relationships>`,
  ]);
  const xfs = book.cellXfs ?? ['<xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>'];
  parts.push([
    'xl/styles.xml',
    `${XML}<styleSheet xmlns="${NS}">${book.numFmts ?? ''}<fonts count="1"><font><sz val="11"/><name val="Calibri"/></font></fonts><fills count="1"><fill><patternFill patternType="none"/></fill></fills><borders count="1"><border/></borders><cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs><cellXfs count="${xfs.length}">${xfs.join('')}</cellXfs></styleSheet>`,
  ]);
  if (book.shared !== undefined) {
    const body = typeof book.shared === 'string' ? book.shared : book.shared.map((s) => `<si>${s}</si>`).join('');
    parts.push(['xl/sharedStrings.xml', `${XML}<sst xmlns="${NS}">${body}</sst>`]);
  }
  sheets.forEach((s, i) =>
    parts.push([
      `xl/worksheets/sheet${i + 1}.xml`,
      `${XML}<worksheet xmlns="${NS}" xmlns:r="${R_NS}">${s.head ?? ''}<sheetData>${s.data}</sheetData>${s.tail ?? ''}</worksheet>`,
    ]),
  );
  return parts.map(([n, t]) => [n, Buffer.from(t, 'utf8')]);
}

export function zip(entries: [string, Buffer][]): Buffer {
  const locals: Buffer[] = [],
    centrals: Buffer[] = [];
  let offset = 0;
  for (const [name, content] of entries) {
    const data = deflateRawSync(content),
      crc = crc32(content) >>> 0,
      fname = Buffer.from(name, 'utf8');
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(0x0800, 6);
    local.writeUInt16LE(8, 8);
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(data.length, 18);
    local.writeUInt32LE(content.length, 22);
    local.writeUInt16LE(fname.length, 26);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(0x0800, 8);
    central.writeUInt16LE(8, 10);
    central.writeUInt32LE(crc, 16);
    central.writeUInt32LE(data.length, 20);
    central.writeUInt32LE(content.length, 24);
    central.writeUInt16LE(fname.length, 28);
    central.writeUInt32LE(offset, 42);
    locals.push(local, fname, data);
    centrals.push(central, fname);
    offset += 30 + fname.length + data.length;
  }
  const cd = Buffer.concat(centrals),
    eocd = Buffer.alloc(22);
  eocd.writeUInt32LE(0x06054b50, 0);
  eocd.writeUInt16LE(entries.length, 8);
  eocd.writeUInt16LE(entries.length, 10);
  eocd.writeUInt32LE(cd.length, 12);
  eocd.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, cd, eocd]);
}
