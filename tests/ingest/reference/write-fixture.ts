// Writes small xlsx/CSV fixtures into a temp dir (exceljs), with merged ranges when asked.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import iconv from 'iconv-lite';

export type FixtureCell = string | number | null;
export interface FixtureSheet {
  name: string;
  rows: FixtureCell[][];
  merges?: string[];
}

export function tempDir(prefix: string): string {
  return mkdtempSync(join(tmpdir(), `orientir-${prefix}-`));
}

export async function writeXlsx(dir: string, fileName: string, sheets: FixtureSheet[]): Promise<string> {
  const wb = new ExcelJS.Workbook();
  for (const s of sheets) {
    const ws = wb.addWorksheet(s.name);
    s.rows.forEach((r, i) =>
      r.forEach((v, j) => {
        if (v !== null) ws.getCell(i + 1, j + 1).value = v;
      }),
    );
    for (const m of s.merges ?? []) ws.mergeCells(m);
  }
  const path = join(dir, fileName);
  await wb.xlsx.writeFile(path);
  return path;
}

/** `;`-separated CSV; cp1251 when asked (old Russian Excel exports). */
export function writeCsv(
  dir: string,
  fileName: string,
  rows: FixtureCell[][],
  encoding: 'utf8' | 'cp1251' = 'utf8',
): string {
  const text =
    rows
      .map((r) =>
        r
          .map((v) => (v === null ? '' : /[;"\n]/.test(String(v)) ? `"${String(v).replace(/"/g, '""')}"` : String(v)))
          .join(';'),
      )
      .join('\r\n') + '\r\n';
  const path = join(dir, fileName);
  writeFileSync(path, encoding === 'utf8' ? text : iconv.encode(text, 'win1251'));
  return path;
}
