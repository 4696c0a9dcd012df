// xlsx writer with fixed document dates (content is seed-deterministic). Large flat
// sheets go through the streaming writer; sheets with merges use the in-memory one.
import ExcelJS from 'exceljs';

export type Cell = string | number | null;

export interface SheetSpec {
  name: string;
  rows: Iterable<Cell[]>;
  merges?: string[];
  widths?: number[];
  /** Optional per-row styling hook (row number is 1-based). */
  style?: (row: ExcelJS.Row, rowNo: number) => void;
}

export const FIXED_DATE = new Date(Date.UTC(2026, 5, 30, 9, 0, 0));

type AnyBook = ExcelJS.Workbook | ExcelJS.stream.xlsx.WorkbookWriter;

function fill(wb: AnyBook, spec: SheetSpec, streaming: boolean): number {
  const ws = wb.addWorksheet(spec.name);
  if (spec.widths) ws.columns = spec.widths.map((w) => ({ width: w }));
  let n = 0;
  for (const cells of spec.rows) {
    n++;
    const row = ws.getRow(n);
    cells.forEach((v, i) => {
      if (v !== null && v !== undefined) row.getCell(i + 1).value = v;
    });
    spec.style?.(row, n);
    if (streaming) row.commit();
  }
  for (const m of spec.merges ?? []) ws.mergeCells(m);
  if (streaming) (ws as unknown as { commit(): void }).commit();
  return n;
}

/** Writes the sheets and returns the number of rows written per sheet. */
export async function writeXlsx(path: string, sheets: SheetSpec[], useStyles = false): Promise<number[]> {
  const meta = { created: FIXED_DATE, modified: FIXED_DATE, creator: 'Ориентир (демо)' };
  if (sheets.every((s) => !s.merges?.length)) {
    const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: path, useSharedStrings: true, useStyles });
    Object.assign(wb, meta);
    const counts = sheets.map((s) => fill(wb, s, true));
    await wb.commit();
    return counts;
  }
  const wb = new ExcelJS.Workbook();
  Object.assign(wb, meta, { lastModifiedBy: meta.creator });
  const counts = sheets.map((s) => fill(wb, s, false));
  await wb.xlsx.writeFile(path);
  return counts;
}
