// Child-side ingest measurements: end-to-end `ingestFile` into a fresh store, the xlsx reader alone, and the
// references measured on the same input (exceljs streaming read, raw inflate floor, DuckDB read_csv).

import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import ExcelJS from 'exceljs';
import { lastBulkCsv } from '../ingest/bulk/csv.js';
import { FORMATS } from '../ingest/formats/index.js';
import { ingestFile } from '../ingest/load.js';
import { openWorkbook, xlsxReader } from '../ingest/read/workbook.js';
import { closeStore, openStore } from '../store/db.js';
import { now, peakRssMb } from './measure.js';
import { inflateEntry, listEntries, RowCounter } from './zip.js';

export interface IngestMeasure {
  ms: number;
  rows: number;
  rssMb: number;
  status?: string;
  message?: string;
  /** Approximate phases from the parser's progress callbacks: until the first progress call (file opened and
   * probed), until the last one (parsed and validated), and the rest (ledger, appender, replacement SQL, commit).
   * A CSV on the bulk way (ingest/bulk/csv.ts): head and detection / copy and DuckDB staging / the transaction. */
  phases?: { openMs: number; parseMs: number; writeMs: number };
  issues?: number;
  extra?: Record<string, number | string>;
}

export async function ingestE2E(a: { path: string; readOnly?: boolean }): Promise<IngestMeasure> {
  if (a.readOnly) return xlsxRead(a);
  const dir = mkdtempSync(join(tmpdir(), 'orientir-bench-store-'));
  try {
    const store = await openStore(join(dir, 'store.duckdb'));
    const baseRss = peakRssMb();
    let first = 0,
      last = 0;
    const t0 = now();
    const bytes = readFileSync(a.path);
    const report = await ingestFile(store, FORMATS, {
      bytes,
      fileName: basename(a.path),
      channel: 'cli',
      user: 'bench',
      onProgress: () => {
        const t = now();
        if (!first) first = t;
        last = t;
      },
    });
    const t1 = now();
    await closeStore(store);
    return {
      ms: t1 - t0,
      rows: report.rowsLoaded,
      rssMb: peakRssMb(),
      status: report.status,
      message: report.message.slice(0, 300),
      phases: first ? { openMs: first - t0, parseMs: last - first, writeMs: t1 - last } : undefined,
      issues: report.issuesTotal,
      extra: {
        storeOpenRssMb: Math.round(baseRss),
        fileMb: Math.round(bytes.length / 1e5) / 10,
        ...(/\.(csv|txt)$/i.test(a.path)
          ? { csvWay: lastBulkCsv().bulk ? 'bulk' : `row by row: ${lastBulkCsv().reason}` }
          : {}),
      },
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * The product's reader alone (`ingest-e2e` with `readOnly`): openWorkbook with its zip guard, then every row of
 * every sheet as the parsers get them — no parser, no store. `extra.reader` says which xlsx reader took the file.
 */
export async function xlsxRead(a: { path: string }): Promise<IngestMeasure> {
  const t0 = now();
  const book = await openWorkbook(readFileSync(a.path), basename(a.path));
  let rows = 0,
    cells = 0;
  for (const s of book.sheets)
    for await (const r of s.rows()) {
      rows++;
      cells += r.cells.length;
    }
  const reader = xlsxReader(book);
  return {
    ms: now() - t0,
    rows,
    rssMb: peakRssMb(),
    extra: { cells, reader: reader ? reader.reader + ('reason' in reader ? `: ${reader.reason}` : '') : book.kind },
  };
}

/** exceljs streaming reader over the same file: every row's values are materialised (what a parser needs). */
export async function xlsxExceljsStream(a: { path: string }): Promise<IngestMeasure> {
  const t0 = now();
  const reader = new ExcelJS.stream.xlsx.WorkbookReader(a.path, {
    entries: 'emit',
    sharedStrings: 'cache',
    hyperlinks: 'ignore',
    styles: 'ignore',
    worksheets: 'emit',
  });
  let rows = 0,
    cells = 0;
  for await (const ws of reader) {
    for await (const row of ws as unknown as AsyncIterable<ExcelJS.Row>) {
      rows++;
      const v = row.values as unknown[];
      cells += v.length;
    }
  }
  return { ms: now() - t0, rows, rssMb: peakRssMb(), extra: { cells } };
}

/** The floor: inflate the worksheet XML (and the shared strings every reader must also inflate), count `<row`. */
export async function xlsxFloor(a: { path: string }): Promise<IngestMeasure> {
  const t0 = now();
  const entries = listEntries(a.path);
  let rows = 0,
    bytes = 0;
  for (const e of entries) {
    if (/^xl\/worksheets\/[^/]+\.xml$/.test(e.name)) {
      const c = new RowCounter();
      bytes += await inflateEntry(a.path, e, (b) => c.push(b));
      rows += c.count;
    } else if (e.name === 'xl/sharedStrings.xml') {
      bytes += await inflateEntry(a.path, e, () => {});
    }
  }
  return { ms: now() - t0, rows, rssMb: peakRssMb(), extra: { xmlMb: Math.round(bytes / 1e5) / 10 } };
}

/** DuckDB's CSV reader loading the same content (UTF-8) into a table of a fresh file database. */
export async function duckdbReadCsv(a: { path: string; threads?: number }): Promise<IngestMeasure> {
  const dir = mkdtempSync(join(tmpdir(), 'orientir-bench-duck-'));
  try {
    const inst = await DuckDBInstance.create(join(dir, 'ref.duckdb'), a.threads ? { threads: String(a.threads) } : {});
    const conn = await inst.connect();
    const t0 = now();
    await conn.run(
      `CREATE TABLE marks AS SELECT * FROM read_csv('${a.path.replace(/'/g, "''")}', delim = ';', header = true, decimal_separator = ',')`,
    );
    const ms = now() - t0;
    const rows = Number((await conn.runAndReadAll('SELECT count(*) FROM marks')).getRows()[0]![0]);
    const types = (
      await conn.runAndReadAll(
        `SELECT string_agg(column_name || ':' || data_type, ', ') FROM duckdb_columns() WHERE table_name = 'marks'`,
      )
    ).getRows()[0]![0];
    conn.closeSync();
    inst.closeSync();
    return { ms, rows, rssMb: peakRssMb(), extra: { types: String(types) } };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
