// Read-back helpers for the demo tests: xlsx through exceljs, CSV through iconv.
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import ExcelJS from 'exceljs';

export type Value = string | number | null;

export interface SheetData {
  name: string;
  rows: Value[][];
  merges: string[];
}

function norm(v: unknown): Value {
  if (v === null || v === undefined) return null;
  if (typeof v === 'string' || typeof v === 'number') return v;
  if (typeof v === 'object' && v !== null && 'richText' in v)
    return (v as { richText: { text: string }[] }).richText.map((t) => t.text).join('');
  return String(v);
}

/** All sheets with cell values (1-based Excel rows → 0-based arrays) and merged ranges. */
export async function readBook(path: string): Promise<SheetData[]> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(path);
  return wb.worksheets.map((ws) => {
    const rows: Value[][] = [];
    ws.eachRow({ includeEmpty: false }, (row, n) => {
      const vals = Array.from((row.values as unknown[]).slice(1), norm);
      rows[n - 1] = vals;
    });
    for (let i = 0; i < rows.length; i++) rows[i] ??= [];
    const merges = ((ws.model as unknown as { merges?: string[] }).merges ?? []).slice().sort();
    return { name: ws.name, rows, merges };
  });
}

export const fileName = (p: string): string => basename(p);

/** Rows of a `;` CSV (no quoting in demo files). */
export function csvRows(text: string): string[][] {
  return text
    .replace(/^\uFEFF/, '')
    .split(/\r?\n/)
    .filter((l) => l.length > 0)
    .map((l) => l.split(';'));
}

export const readText = (p: string, enc: BufferEncoding = 'utf8'): string => readFileSync(p, enc);

/** Column index by exact header caption. */
export function col(header: Value[], caption: string): number {
  const i = header.indexOf(caption);
  if (i < 0) throw new Error(`no column «${caption}» in ${JSON.stringify(header)}`);
  return i;
}
