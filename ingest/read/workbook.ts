// Opens an uploaded file as a Workbook: xlsx through exceljs (merged ranges resolved) after a zip check
// (zip-guard.ts), CSV through papaparse after encoding sniffing. Parsers see one uniform row model either way.
// Whatever else arrives (.xls, encrypted, HTML or XML «Excel» files, documents) is refused with a Russian message.
import ExcelJS from 'exceljs';
import type { Cell, Issue, Sheet, SheetRow, Workbook, WorkbookProbe } from '../types.js';
import { FileRejected } from '../types.js';
import { csvRows, decodeText } from './csv.js';
import { plural } from '../report.js';
import { columnLetter } from './values.js';
import { inspectXlsxZip, uncalculatedCells } from './zip-guard.js';

const PROBE_ROWS = 40;

export function sniffKind(bytes: Uint8Array): 'xlsx' | 'csv' | 'xls' | 'unknown' {
  if (bytes.length >= 4 && bytes[0] === 0x50 && bytes[1] === 0x4b && bytes[2] === 0x03 && bytes[3] === 0x04) return 'xlsx';
  if (bytes.length >= 8 && bytes[0] === 0xd0 && bytes[1] === 0xcf && bytes[2] === 0x11 && bytes[3] === 0xe0) return 'xls';
  if (bytes.length >= 2 && ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff))) return 'csv'; // UTF-16 text
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

/** A formula cell exceljs read without a cached result (the file was written by a program that never calculated it). */
function uncalculated(v: unknown): boolean {
  if (v === null || typeof v !== 'object' || v instanceof Date) return false;
  const o = v as Record<string, unknown>;
  return ('formula' in o || 'sharedFormula' in o) && (o.result === undefined || o.result === null);
}
const formulaError = (v: unknown): string | null => {
  if (v === null || typeof v !== 'object' || v instanceof Date) return null;
  const o = v as Record<string, unknown>;
  const e = ('formula' in o || 'sharedFormula' in o) && o.result && typeof o.result === 'object' ? (o.result as Record<string, unknown>).error : o.error;
  return typeof e === 'string' ? e : null;
};

function normCell(v: unknown): Cell {
  if (v === null || v === undefined) return null;
  if (typeof v === 'string') { const t = v.trim(); return t === '' ? null : t; }
  if (typeof v === 'number' || typeof v === 'boolean') return v;
  if (v instanceof Date) return v;
  if (typeof v === 'object') {
    const o = v as Record<string, unknown>;
    if (Array.isArray(o.richText)) return normCell((o.richText as { text: string }[]).map((r) => r.text).join(''));
    if ('formula' in o || 'sharedFormula' in o) return normCell(o.result ?? null);
    if ('text' in o) return normCell(o.text);
    if ('error' in o) return null;
  }
  return String(v);
}

function decodeAddress(a: string): { r: number; c: number } {
  const m = /^([A-Z]+)(\d+)$/.exec(a)!;
  let c = 0;
  for (const ch of m[1]!) c = c * 26 + (ch.charCodeAt(0) - 64);
  return { r: Number(m[2]), c: c - 1 };
}

async function readXlsx(bytes: Uint8Array, fileName: string): Promise<Workbook> {
  const wb = new ExcelJS.Workbook();
  try {
    await wb.xlsx.load(bytes as unknown as ArrayBuffer);
  } catch (e) {
    throw new FileRejected(`Файл «${fileName}» не удаётся открыть как книгу Excel (.xlsx): файл повреждён или это другой формат (${(e as Error).message.slice(0, 120)}).`);
  }
  const sheets: Sheet[] = [];
  const notes: Issue[] = [];
  const noResult: { sheet: string; refs: string[] }[] = [];
  wb.eachSheet((ws) => {
    const rows = new Map<number, Cell[]>();
    const noValue: string[] = [], errors = { n: 0, first: '', value: '' };
    ws.eachRow({ includeEmpty: false }, (row, rowNo) => {
      const vals = row.values as unknown[];
      const cells: Cell[] = [];
      for (let i = 1; i < vals.length; i++) {
        const v = vals[i];
        if (uncalculated(v)) noValue.push(`${columnLetter(i - 1)}${rowNo}`);
        else { const e = formulaError(v); if (e !== null && errors.n++ === 0) { errors.first = `${columnLetter(i - 1)}${rowNo}`; errors.value = e; } }
        cells[i - 1] = normCell(v);
      }
      for (let i = 0; i < cells.length; i++) if (cells[i] === undefined) cells[i] = null;
      rows.set(rowNo, cells);
    });
    const merges: string[] = ((ws.model as unknown as { merges?: string[] }).merges) ?? [];
    for (const m of merges) {
      const [a, b] = m.split(':');
      if (!a || !b) continue;
      const s = decodeAddress(a), e = decodeAddress(b);
      const v = rows.get(s.r)?.[s.c] ?? null;
      if (v === null) continue;
      for (let r = s.r; r <= e.r; r++) {
        let cells = rows.get(r);
        if (!cells) { cells = []; rows.set(r, cells); }
        for (let c = s.c; c <= e.c; c++) cells[c] = v;
        for (let i = 0; i < cells.length; i++) if (cells[i] === undefined) cells[i] = null;
      }
    }
    const at = (a: string) => ({ sheet: ws.name, rowNo: Number(/\d+$/.exec(a)![0]), column: a.replace(/\d+$/, '') });
    if (noValue.length > 0) noResult.push({ sheet: ws.name, refs: noValue });
    if (errors.n > 0) notes.push({ severity: 'warning', scope: 'file', ...at(errors.first),
      message: `Файл «${fileName}», лист «${ws.name}»: ${errors.n} ${plural(errors.n, ['ячейка', 'ячейки', 'ячеек'])} с ошибкой формулы (первая — ${errors.first}: ${errors.value}); они прочитаны как пустые.` });
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
    const list = refs.filter((r) => missing.has(r));
    if (list.length === 0) continue;
    const first = list[0]!;
    notes.unshift({ severity: 'warning', scope: 'file', sheet, rowNo: Number(/\d+$/.exec(first)![0]), column: first.replace(/\d+$/, ''),
      message: `Файл «${fileName}», лист «${sheet}»: ${list.length} ${plural(list.length, ['ячейка', 'ячейки', 'ячеек'])} с формулами без вычисленного значения (первая — ${first}); они прочитаны как пустые. Откройте файл в Excel, дождитесь пересчёта, сохраните и загрузите снова.` });
  }
  const book: Workbook = { fileName, kind: 'xlsx', sheets };
  NOTES.set(book, notes);
  return book;
}

/** Text that is markup rather than delimited values: HTML tables and XML spreadsheets saved with an Excel extension. */
function markupKind(text: string): 'html' | 'spreadsheetml' | 'xml' | null {
  const head = text.slice(0, 4096).trimStart().toLowerCase();
  if (!head.startsWith('<')) return null;
  if (/urn:schemas-microsoft-com:office:spreadsheet/.test(head)) return 'spreadsheetml';
  if (/<(!doctype html|html|table|body|head)[\s>]/.test(head)) return 'html';
  if (head.startsWith('<?xml')) return 'xml';
  return null;
}

function readCsv(bytes: Uint8Array, fileName: string): Workbook {
  const text = decodeText(bytes);
  const f = `Файл «${fileName}»`;
  const markup = markupKind(text);
  const resave = 'Откройте его в Excel, выберите «Сохранить как» → «Книга Excel (.xlsx)» и загрузите сохранённый файл.';
  if (markup === 'html') throw new FileRejected(`${f} — веб-страница (HTML-таблица), сохранённая с расширением таблицы; так «выгружают в Excel» многие системы. ${resave}`);
  if (markup === 'spreadsheetml') throw new FileRejected(`${f} — таблица в формате «XML-таблица 2003» (SpreadsheetML). ${resave}`);
  if (markup === 'xml') throw new FileRejected(`${f} — XML-документ, а не таблица. Загрузите выгрузку в формате Excel (.xlsx) или CSV.`);
  const name = fileName.replace(/\.[^.]+$/, '') || fileName;
  const table = csvRows(text, name);
  if (table.count === 0) throw new FileRejected(`${f}: в файле нет данных — только пустые строки и разделители.`);
  return {
    fileName,
    kind: 'csv',
    sheets: [{
      name,
      async *rows(): AsyncIterable<SheetRow> {
        yield* table.rows();
      },
    }],
  };
}

/** OLE2 compound files: a password-protected xlsx, a legacy .xls or some other Office document. */
function ole2Message(bytes: Uint8Array, fileName: string): string {
  const b = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const has = (name: string) => b.indexOf(Buffer.from(name, 'utf16le')) >= 0;
  const f = `Файл «${fileName}»`;
  if (has('EncryptedPackage') || has('EncryptionInfo')) return `${f} защищён паролем (зашифрован), его содержимое прочитать нельзя. Откройте файл в Excel, снимите пароль («Файл» → «Сведения» → «Защитить книгу» → «Зашифровать с использованием пароля», очистите поле), сохраните и загрузите снова.`;
  if (has('WordDocument')) return `${f} — документ Word старого формата (.doc), а не таблица. Загрузите выгрузку в формате Excel (.xlsx) или CSV.`;
  return `${f} — книга Excel старого формата (.xls). Откройте его в Excel или LibreOffice и сохраните как .xlsx, затем загрузите снова.`;
}

export async function openWorkbook(bytes: Uint8Array, fileName: string): Promise<Workbook> {
  if (bytes.length === 0) throw new FileRejected(`Файл «${fileName}» пуст (0 байт).`);
  const kind = sniffKind(bytes);
  if (kind === 'xlsx') {
    await inspectXlsxZip(bytes, fileName);
    return readXlsx(bytes, fileName);
  }
  if (kind === 'csv') return readCsv(bytes, fileName);
  if (kind === 'xls') throw new FileRejected(ole2Message(bytes, fileName));
  throw new FileRejected(`Файл «${fileName}» не является ни книгой Excel (.xlsx), ни текстовым CSV: внутри двоичные данные неизвестного формата.`);
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
