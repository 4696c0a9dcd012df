// Mutations of real sample files for property-based fuzzing: cell-level edits written back as xlsx,
// and byte-level damage (flips, truncation) of the original bytes.
import ExcelJS from 'exceljs';
import fc from 'fast-check';
import { openWorkbook } from '../../ingest/read/workbook.js';
import type { Cell } from '../../ingest/types.js';

export type CellEdit = { sheet: number; row: number; col: number; value: Cell };

export const cellValue: fc.Arbitrary<Cell> = fc.oneof(
  fc.constant(null),
  fc.integer({ min: -5, max: 200 }),
  fc.double({ noNaN: true, min: -1e6, max: 1e6 }),
  fc.constantFrom(
    'X',
    'Х',
    'не пройд.',
    'отсутствовал',
    'нет отметки',
    'н/а',
    '=1+1',
    '<script>',
    '7',
    '3,5',
    '',
    'sch220150',
    '2024/25',
    '01.01.2099',
  ),
  fc.string({ maxLength: 12 }),
);

export const cellEdits = fc.array(fc.record({ sheet: fc.nat(3), row: fc.nat(60), col: fc.nat(40), value: cellValue }), {
  minLength: 1,
  maxLength: 25,
});

/** Applies cell edits to every sheet's grid (rows past the end are added) and writes an xlsx. */
export async function mutateCells(
  bytes: Uint8Array,
  name: string,
  edits: CellEdit[],
  dropRows: number[],
): Promise<Buffer> {
  const book = await openWorkbook(bytes, name);
  const wb = new ExcelJS.Workbook();
  for (const [si, sheet] of book.sheets.entries()) {
    const grid: Cell[][] = [];
    for await (const r of sheet.rows()) grid[r.rowNo - 1] = [...r.cells];
    for (const e of edits.filter((x) => x.sheet % book.sheets.length === si)) {
      (grid[e.row] ??= [])[e.col] = e.value;
    }
    for (const d of dropRows) if (grid.length > 2) grid.splice(1 + (d % (grid.length - 1)), 1);
    const ws = wb.addWorksheet(sheet.name);
    for (const row of grid) ws.addRow((row ?? []).map((v) => (v === undefined ? null : v)));
  }
  return Buffer.from(await wb.xlsx.writeBuffer());
}

export function damageBytes(bytes: Uint8Array, flips: { at: number; value: number }[], cut: number | null): Buffer {
  const b = Buffer.from(bytes);
  for (const f of flips) b[f.at % b.length] = f.value & 0xff;
  return cut === null ? b : b.subarray(0, Math.max(1, cut % b.length));
}
