// Opens an uploaded file as a Workbook: xlsx through the streaming reader (xlsx-stream.ts), or through exceljs for
// books that reader leaves alone — both after the zip check (zip-guard.ts), both with merged ranges resolved alike —
// and CSV through papaparse after encoding sniffing. Parsers see one uniform row model either way.
// Whatever else arrives (.xls, encrypted, HTML or XML «Excel» files, documents) is refused with a Russian message.
import ExcelJS from 'exceljs';
import type { Cell, Issue, Sheet, SheetRow, Workbook, WorkbookProbe } from '../types.js';
import { FileRejected } from '../types.js';
import { errorNote, newRemarks, normCell, remark, uncalculatedNote } from './cell-value.js';
import { csvRows, decodeText, markupKind, PROBE_ROWS } from './csv.js';
import { columnLetter } from './values.js';
import { openStreaming } from './xlsx-stream.js';
import { inspectXlsxZip, uncalculatedCells } from './zip-guard.js';

export function sniffKind(bytes: Uint8Array): 'xlsx' | 'csv' | 'xls' | 'unknown' {
  if (bytes.length >= 4 && bytes[0] === 0x50 && bytes[1] === 0x4b && bytes[2] === 0x03 && bytes[3] === 0x04)
    return 'xlsx';
  if (bytes.length >= 8 && bytes[0] === 0xd0 && bytes[1] === 0xcf && bytes[2] === 0x11 && bytes[3] === 0xe0)
    return 'xls';
  if (bytes.length >= 2 && ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff)))
    return 'csv'; // UTF-16 text
  // Text if the first KB has no NUL bytes and few control characters.
  const head = bytes.subarray(0, 4096);
  let ctrl = 0;
  for (const b of head) {
    if (b === 0) return 'unknown';
    if (b < 9 || (b > 13 && b < 32)) ctrl++;
  }
  return head.length > 0 && ctrl / head.length < 0.01 ? 'csv' : 'unknown';
}

/** Reader remarks (formulas without values…) per workbook, reported by the loader as warnings. */
const NOTES = new WeakMap<Workbook, Issue[]>();
export const readerNotes = (book: Workbook): Issue[] => NOTES.get(book) ?? [];

/** Which reader opened an xlsx, and why the streaming one left it to exceljs (for tests and the bench). */
const READER = new WeakMap<Workbook, { reader: 'streaming' } | { reader: 'exceljs'; reason: string }>();
export const xlsxReader = (book: Workbook) => READER.get(book) ?? null;

function decodeAddress(a: string): { r: number; c: number } {
  const m = /^([A-Z]+)(\d+)$/.exec(a)!;
  let c = 0;
  for (const ch of m[1]!) c = c * 26 + (ch.charCodeAt(0) - 64);
  return { r: Number(m[2]), c: c - 1 };
}

/** The exceljs reader: the whole workbook in memory. For books the streaming reader leaves alone (already guarded). */
export async function readXlsxExceljs(bytes: Uint8Array, fileName: string): Promise<Workbook> {
  const wb = new ExcelJS.Workbook();
  try {
    await wb.xlsx.load(bytes as unknown as ArrayBuffer);
  } catch (e) {
    throw new FileRejected(
      `Файл «${fileName}» не удаётся открыть как книгу Excel (.xlsx): файл повреждён или это другой формат (${(e as Error).message.slice(0, 120)}).`,
    );
  }
  const sheets: Sheet[] = [];
  const notes: Issue[] = [];
  const noResult: { sheet: string; refs: string[] }[] = [];
  wb.eachSheet((ws) => {
    const rows = new Map<number, Cell[]>();
    const noValue: string[] = [],
      remarks = newRemarks(ws.name);
    ws.eachRow({ includeEmpty: false }, (row, rowNo) => {
      const vals = row.values as unknown[];
      const cells: Cell[] = [];
      for (let i = 1; i < vals.length; i++) {
        const v = vals[i];
        if (remark(remarks, v, `${columnLetter(i - 1)}${rowNo}`)) noValue.push(`${columnLetter(i - 1)}${rowNo}`);
        cells[i - 1] = normCell(v);
      }
      for (let i = 0; i < cells.length; i++) if (cells[i] === undefined) cells[i] = null;
      rows.set(rowNo, cells);
    });
    const merges: string[] = (ws.model as unknown as { merges?: string[] }).merges ?? [];
    for (const m of merges) {
      const [a, b] = m.split(':');
      if (!a || !b) continue;
      const s = decodeAddress(a),
        e = decodeAddress(b);
      const v = rows.get(s.r)?.[s.c] ?? null;
      if (v === null) continue;
      for (let r = s.r; r <= e.r; r++) {
        let cells = rows.get(r);
        if (!cells) {
          cells = [];
          rows.set(r, cells);
        }
        for (let c = s.c; c <= e.c; c++) cells[c] = v;
        for (let i = 0; i < cells.length; i++) if (cells[i] === undefined) cells[i] = null;
      }
    }
    if (noValue.length > 0) noResult.push({ sheet: ws.name, refs: noValue });
    const err = errorNote(remarks);
    if (err) notes.push(err);
    const ordered = [...rows.entries()].sort((x, y) => x[0] - y[0]);
    sheets.push({
      name: ws.name,
      async *rows(): AsyncIterable<SheetRow> {
        for (const [rowNo, cells] of ordered) yield { rowNo, cells };
      },
    });
  });
  // exceljs shows «=…» calculated to empty text and a formula never calculated alike; the sheet XML tells them apart.
  for (const { sheet, refs } of noResult) {
    const missing = await uncalculatedCells(bytes, sheet, refs);
    const note = uncalculatedNote(
      sheet,
      refs.filter((r) => missing.has(r)),
    );
    if (note) notes.unshift(note);
  }
  const book: Workbook = { fileName, kind: 'xlsx', sheets };
  NOTES.set(book, notes);
  return book;
}

function readCsv(bytes: Uint8Array, fileName: string): Workbook {
  const text = decodeText(bytes);
  const f = `Файл «${fileName}»`;
  const markup = markupKind(text);
  const resave = 'Откройте его в Excel, выберите «Сохранить как» → «Книга Excel (.xlsx)» и загрузите сохранённый файл.';
  if (markup === 'html')
    throw new FileRejected(
      `${f} — веб-страница (HTML-таблица), сохранённая с расширением таблицы; так «выгружают в Excel» многие системы. ${resave}`,
    );
  if (markup === 'spreadsheetml')
    throw new FileRejected(`${f} — таблица в формате «XML-таблица 2003» (SpreadsheetML). ${resave}`);
  if (markup === 'xml')
    throw new FileRejected(`${f} — XML-документ, а не таблица. Загрузите выгрузку в формате Excel (.xlsx) или CSV.`);
  const name = fileName.replace(/\.[^.]+$/, '') || fileName;
  const table = csvRows(text, name);
  if (table.count === 0) throw new FileRejected(`${f}: в файле нет данных — только пустые строки и разделители.`);
  return {
    fileName,
    kind: 'csv',
    sheets: [
      {
        name,
        async *rows(): AsyncIterable<SheetRow> {
          yield* table.rows();
        },
      },
    ],
  };
}

/** OLE2 compound files: a password-protected xlsx, a legacy .xls or some other Office document. */
function ole2Message(bytes: Uint8Array, fileName: string): string {
  const b = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const has = (name: string) => b.indexOf(Buffer.from(name, 'utf16le')) >= 0;
  const f = `Файл «${fileName}»`;
  if (has('EncryptedPackage') || has('EncryptionInfo'))
    return `${f} защищён паролем (зашифрован), его содержимое прочитать нельзя. Откройте файл в Excel, снимите пароль («Файл» → «Сведения» → «Защитить книгу» → «Зашифровать с использованием пароля», очистите поле), сохраните и загрузите снова.`;
  if (has('WordDocument'))
    return `${f} — документ Word старого формата (.doc), а не таблица. Загрузите выгрузку в формате Excel (.xlsx) или CSV.`;
  return `${f} — книга Excel старого формата (.xls). Откройте его в Excel или LibreOffice и сохраните как .xlsx, затем загрузите снова.`;
}

export async function openWorkbook(bytes: Uint8Array, fileName: string): Promise<Workbook> {
  if (bytes.length === 0) throw new FileRejected(`Файл «${fileName}» пуст (0 байт).`);
  const kind = sniffKind(bytes);
  if (kind === 'xlsx') {
    // ORIENTIR_XLSX_READER=exceljs: every book through exceljs (an escape hatch; the cell cap then applies to all).
    if (process.env.ORIENTIR_XLSX_READER === 'exceljs') {
      await inspectXlsxZip(bytes, fileName);
      const book = await readXlsxExceljs(bytes, fileName);
      READER.set(book, { reader: 'exceljs', reason: 'ORIENTIR_XLSX_READER=exceljs' });
      return book;
    }
    const fast = await openStreaming(bytes, fileName);
    if ('book' in fast) {
      NOTES.set(fast.book, fast.notes);
      READER.set(fast.book, { reader: 'streaming' });
      return fast.book;
    }
    const book = await readXlsxExceljs(bytes, fileName);
    READER.set(book, { reader: 'exceljs', reason: fast.fallback });
    return book;
  }
  if (kind === 'csv') return readCsv(bytes, fileName);
  if (kind === 'xls') throw new FileRejected(ole2Message(bytes, fileName));
  throw new FileRejected(
    `Файл «${fileName}» не является ни книгой Excel (.xlsx), ни текстовым CSV: внутри двоичные данные неизвестного формата.`,
  );
}

export async function probe(book: Workbook): Promise<WorkbookProbe> {
  const sheets: WorkbookProbe['sheets'] = [];
  for (const s of book.sheets) {
    const rows: Cell[][] = [];
    for await (const r of s.rows()) {
      if (rows.length >= PROBE_ROWS) break;
      rows.push(r.cells);
    }
    sheets.push({ name: s.name, rows });
  }
  return { fileName: book.fileName, kind: book.kind, sheets };
}
