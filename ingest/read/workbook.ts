// Opens an uploaded file as a Workbook: xlsx through exceljs (merged ranges resolved), CSV through papaparse
// after encoding sniffing. Parsers see one uniform row model either way.
import ExcelJS from 'exceljs';
import type { Cell, Sheet, SheetRow, Workbook, WorkbookProbe } from '../types.js';
import { FileRejected } from '../types.js';
import { decodeText, parseDelimited } from './csv.js';

const PROBE_ROWS = 40;

export function sniffKind(bytes: Uint8Array): 'xlsx' | 'csv' | 'xls' | 'unknown' {
  if (bytes.length >= 4 && bytes[0] === 0x50 && bytes[1] === 0x4b && bytes[2] === 0x03 && bytes[3] === 0x04) return 'xlsx';
  if (bytes.length >= 8 && bytes[0] === 0xd0 && bytes[1] === 0xcf && bytes[2] === 0x11 && bytes[3] === 0xe0) return 'xls';
  // Text if the first KB has no NUL bytes and few control characters.
  const head = bytes.subarray(0, 4096);
  let ctrl = 0;
  for (const b of head) {
    if (b === 0) return 'unknown';
    if (b < 9 || (b > 13 && b < 32)) ctrl++;
  }
  return head.length > 0 && ctrl / head.length < 0.01 ? 'csv' : 'unknown';
}

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
  wb.eachSheet((ws) => {
    const rows = new Map<number, Cell[]>();
    ws.eachRow({ includeEmpty: false }, (row, rowNo) => {
      const vals = row.values as unknown[];
      const cells: Cell[] = [];
      for (let i = 1; i < vals.length; i++) cells[i - 1] = normCell(vals[i]);
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
    const ordered = [...rows.entries()].sort((x, y) => x[0] - y[0]);
    sheets.push({
      name: ws.name,
      async *rows(): AsyncIterable<SheetRow> {
        for (const [rowNo, cells] of ordered) yield { rowNo, cells };
      },
    });
  });
  return { fileName, kind: 'xlsx', sheets };
}

function readCsv(bytes: Uint8Array, fileName: string): Workbook {
  const text = decodeText(bytes);
  const rows = parseDelimited(text);
  const name = fileName.replace(/\.[^.]+$/, '');
  return {
    fileName,
    kind: 'csv',
    sheets: [{
      name,
      async *rows(): AsyncIterable<SheetRow> {
        for (let i = 0; i < rows.length; i++) yield { rowNo: i + 1, cells: rows[i]! };
      },
    }],
  };
}

export async function openWorkbook(bytes: Uint8Array, fileName: string): Promise<Workbook> {
  const kind = sniffKind(bytes);
  if (bytes.length === 0) throw new FileRejected(`Файл «${fileName}» пуст (0 байт).`);
  if (kind === 'xlsx') return readXlsx(bytes, fileName);
  if (kind === 'csv') return readCsv(bytes, fileName);
  if (kind === 'xls') throw new FileRejected(`Файл «${fileName}» — книга Excel старого формата (.xls). Откройте его в Excel или LibreOffice и сохраните как .xlsx, затем загрузите снова.`);
  throw new FileRejected(`Файл «${fileName}» не является ни книгой Excel (.xlsx), ни текстовым CSV: формат не распознан.`);
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
