// Bulk loading of large CSV files (issue #17). The row-by-row way (ingest/read/csv.ts → a format's parse → records in
// memory → appender) spends JS work and objects on every cell; here DuckDB's reader parses the file and the format's
// checks run as SQL over a staging table, while JS evaluates each *distinct* value once, with the row-by-row parser's
// own functions and messages. Steps:
//   1. the head of the file is read as the whole-file reader reads it (csvHead): same probe, same detection, same header;
//   2. the records after the header are copied in UTF-8, row number in front, to a private temporary file
//      (csv-records.ts transcodes a single-byte code page on the way);
//   3. DuckDB reads that copy, every column as text: one pass collects each column's distinct values, which become an
//      ENUM per column; the format (e.g. ./vedomost.ts) works out what each value means and stages the rows as codes,
//      with the first failing check per row;
//   4. the loader's transaction inserts the staged rows (ingest/write.ts), or the staging is dropped.
// Only formats listed in BULK take this way, and only files both readers read alike; anything else — and any surprise
// on the way (a DuckDB reader error included) — goes the row-by-row way. Nothing is written before the loader's
// transaction, so falling back is always safe.

import { closeSync, mkdtempSync, openSync, readdirSync, rmSync, statSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { DuckDBConnection, DuckDBType, DuckDBValue } from '@duckdb/node-api';
import type { Store } from '../../store/db.js';
import { type CsvHead, csvHead } from '../read/csv.js';
import { copyRecords, utf8Table } from '../read/csv-records.js';
import type { Cell, FormatModule } from '../types.js';
import type { ValidatingContext } from '../validate.js';
import { namedStatements } from './sql.js';
import { vedomostBulk } from './vedomost.js';

const VALUES_SQL = fileURLToPath(new URL('../sql/bulk_csv.sql', import.meta.url));

/** A format's bulk loader: from the head, which columns to read (or null: not this file); then the staging. */
export interface BulkCsvFormat {
  plan(head: CsvHead, sheet: string): BulkPlan | null;
}
export interface BulkPlan {
  /** Records up to and including the header (not staged). */
  skip: number;
  /** The columns to read: name → 0-based field, or null for a column the file lacks (read as ''). */
  columns: Record<string, number | null>;
  stage(csv: StagingCsv, ctx: ValidatingContext): Promise<void>;
}

const BULK: Record<string, BulkCsvFormat> = { 'journal-vedomost': vedomostBulk };

/** What a format's staging works with: the distinct values of each column, the coded rows, SQL with names filled in. */
export interface StagingCsv {
  conn: DuckDBConnection;
  /** Distinct raw values of each column in code order (code 0 is the first), untrimmed; '' for an empty or absent cell. */
  values: Record<string, string[]>;
  /** A raw value as the whole-file reader gives its cell: trimmed, empty → null. */
  cell(raw: string): Cell;
  /** Temporary names of this load: {coded} (row_no and each column's 0-based code, as narrow as the ENUM); {rows} for the format's staged table. */
  names: Record<string, string>;
  /** Runs a statement with {names} filled in and only the parameters it mentions bound. */
  run(sql: string, params?: Record<string, DuckDBValue>, types?: Record<string, DuckDBType>): Promise<unknown[][]>;
  /** Drops the reader's view, the ENUMs and the temporary copy (the staged table stays until `dispose`). */
  release(): Promise<void>;
  dispose(): Promise<void>;
}

/** Smaller files go row by row: the bulk way's fixed cost (a few dozen statements) is not worth it below ~14 000 rows. */
export const BULK_MIN_BYTES = 1 << 20;

/**
 * The head of a CSV file that should try the bulk way (ingest/read/csv.ts csvHead), or null. ORIENTIR_CSV_BULK=0
 * turns the bulk way off, =1 tries it whatever the size (tests, comparisons); unset: files of BULK_MIN_BYTES and more.
 */
export function bulkCsvHead(bytes: Uint8Array): CsvHead | null {
  const mode = process.env.ORIENTIR_CSV_BULK;
  if (mode === '0') {
    last = { bulk: false, reason: 'ORIENTIR_CSV_BULK=0' };
    return null;
  }
  if (mode !== '1' && bytes.byteLength < BULK_MIN_BYTES) {
    last = { bulk: false, reason: 'smaller than BULK_MIN_BYTES' };
    return null;
  }
  const head = csvHead(bytes);
  if (!head)
    last = {
      bulk: false,
      reason: 'the head of the file could read differently from the whole (UTF-16, markup, a short or broken head)',
    };
  return head;
}

/** How the last CSV load went (for tests and the bench): bulk, or row by row and why. */
export interface BulkOutcome {
  bulk: boolean;
  reason: string;
}
let last: BulkOutcome = { bulk: false, reason: 'no CSV loaded yet' };
export const lastBulkCsv = (): BulkOutcome => last;

let seq = 0;
const COPY_PREFIX = 'orientir-csv-';
/** A copy left by a process killed mid-load (it holds pupils' names) is removed by the next bulk load after an hour. */
const STALE_COPY_MS = 60 * 60 * 1000;
let swept = false;

function sweepStaleCopies(): void {
  if (swept) return;
  swept = true;
  try {
    for (const f of readdirSync(tmpdir())) {
      if (!f.startsWith(COPY_PREFIX)) continue;
      const p = join(tmpdir(), f);
      try {
        if (Date.now() - statSync(p).mtimeMs > STALE_COPY_MS) rmSync(p, { recursive: true, force: true });
      } catch {
        /* another user's, or gone */
      }
    }
  } catch {
    /* no temporary folder to read */
  }
}
/** DuckDB's reader buffer: smaller than its 32 MB default, which costs memory and no time here. */
const READ_BUFFER = 1 << 22;
const sqlText = (s: string) => `'${s.replace(/'/g, "''")}'`;
const ident = (s: string) => `"${s.replace(/"/g, '""')}"`;

/**
 * Stages a CSV file of a format with a bulk loader and leaves the staged records in `ctx.staged`; false when the file
 * goes the row-by-row way instead (nothing is left behind then).
 */
export async function stageCsv(
  store: Store,
  mod: FormatModule,
  head: CsvHead,
  bytes: Uint8Array,
  sheet: string,
  ctx: ValidatingContext,
): Promise<boolean> {
  const no = (reason: string) => {
    last = { bulk: false, reason };
    return false;
  };
  const format = BULK[mod.id];
  if (!format) return no(`no bulk loader for ${mod.id}`);
  const plan = format.plan(head, sheet);
  if (!plan) return no('header not in the head of the file, or the header is rejected');
  if (head.newline === '\r' || head.delimiter.length !== 1) return no(`line break ${JSON.stringify(head.newline)}`);

  const id = ++seq;
  const names: Record<string, string> = {
    raw: `ingest_csv_raw_${id}`,
    coded: `ingest_csv_coded_${id}`,
    values: `ingest_csv_values_${id}`,
    rows: `ingest_csv_rows_${id}`,
  };
  const keys = Object.keys(plan.columns);
  const enumOf = (k: string) => `ingest_csv_${id}_${k}`;
  sweepStaleCopies();
  const dir = mkdtempSync(join(tmpdir(), COPY_PREFIX));
  const conn = store.conn;
  let released = false;
  const release = async () => {
    if (released) return;
    released = true;
    for (const stmt of [
      `DROP VIEW IF EXISTS ${names.coded}`,
      `DROP VIEW IF EXISTS ${names.raw}`,
      `DROP TABLE IF EXISTS ${names.values}`,
      ...keys.map((k) => `DROP TYPE IF EXISTS ${enumOf(k)}`),
    ])
      await conn.run(stmt).catch(() => undefined);
    rmSync(dir, { recursive: true, force: true });
  };
  const dispose = async () => {
    await release();
    await conn.run(`DROP TABLE IF EXISTS ${names.rows}`).catch(() => undefined);
  };
  const fill = (sql: string) => sql.replace(/\{(\w+)\}/g, (m, k: string) => names[k] ?? m);
  const run = async (sql: string, params: Record<string, DuckDBValue> = {}, types: Record<string, DuckDBType> = {}) => {
    const text = fill(sql);
    const used = Object.keys(params).filter((k) => new RegExp(`\\$${k}\\b`).test(text));
    const r = await conn.runAndReadAll(
      text,
      Object.fromEntries(used.map((k) => [k, params[k]!])),
      Object.fromEntries(used.filter((k) => types[k]).map((k) => [k, types[k]!])),
    );
    return r.getRows();
  };

  const issuesBefore = ctx.issues.length,
    uncountedBefore = ctx.uncountedRowErrors;
  try {
    // 2. The copy: records after the header, numbered.
    ctx.progress(plan.skip); // the head is read
    const path = join(dir, 'records.csv');
    const fd = openSync(path, 'w', 0o600);
    let copy: ReturnType<typeof copyRecords>;
    try {
      copy = copyRecords(bytes, {
        start: head.bom,
        delimiter: head.delimiter.charCodeAt(0),
        newline: head.newline,
        skip: plan.skip,
        trailing: head.trailing,
        transcode: head.encoding === 'utf-8' ? null : utf8Table(head.encoding),
        write: (b) => {
          writeSync(fd, b);
        },
        progress: (n) => ctx.progress(n),
      });
    } finally {
      closeSync(fd);
    }
    if (!copy) {
      await dispose();
      return no('the file has quoting or line breaks the two readers could read differently');
    }

    // 3. DuckDB's reader over the copy: the row number, then the file's fields (a few spare columns, padded).
    const width = head.widest + 4;
    const columns = [`'r': 'INTEGER'`, ...Array.from({ length: width }, (_, i) => `'c${i}': 'VARCHAR'`)].join(', ');
    const reader = `read_csv(${sqlText(path)}, delim = ${sqlText(head.delimiter)}, quote = '"', escape = '"', header = false, auto_detect = false,
      new_line = '\\n', columns = {${columns}}, null_padding = true, encoding = 'utf-8', parallel = ${copy.quotedNewline ? 'false' : 'true'}, buffer_size = ${READ_BUFFER})`;
    const field = (k: string) => {
      const f = plan.columns[k];
      return f === null || f === undefined ? `''` : `coalesce(c${f}, '')`;
    };
    await conn.run(
      `CREATE TEMP VIEW ${names.raw} AS SELECT r AS row_no, ${keys.map((k) => `${field(k)} AS ${ident(k)}`).join(', ')} FROM ${reader}`,
    );
    const cols = keys.map(ident).join(', ');
    await run(
      namedStatements(VALUES_SQL)
        .values!.replaceAll('{columns}', cols)
        .replace('{sets}', keys.map((k) => `(${ident(k)})`).join(', ')),
    );
    const values: Record<string, string[]> = {};
    for (const [i, k] of keys.entries()) {
      const g = (1 << keys.length) - 1 - (1 << (keys.length - 1 - i)); // grouping_id of the set (k): every other column's bit set
      await conn.run(
        `CREATE TEMP TYPE ${enumOf(k)} AS ENUM (SELECT value FROM ${names.values} WHERE g = ${g} ORDER BY value)`,
      );
      values[k] = (await run(`SELECT unnest(enum_range(NULL::${enumOf(k)}))::VARCHAR`)).map((r) => String(r[0]));
    }
    await conn.run(
      `CREATE TEMP VIEW ${names.coded} AS SELECT row_no, ${keys.map((k) => `enum_code(${ident(k)}::${enumOf(k)}) AS ${ident(k)}`).join(', ')} FROM ${names.raw}`,
    );

    const cell = (raw: string): Cell => {
      const t = raw.trim();
      return t === '' ? null : t;
    }; // as csv.ts makes cells
    await plan.stage({ conn, values, cell, names, run, release, dispose }, ctx);
    await release();
    ctx.progress(copy.records);
    last = { bulk: true, reason: `${copy.copied} records staged` };
    return true;
  } catch (e) {
    // The row-by-row way starts from a clean context.
    ctx.staged = null;
    ctx.issues.length = issuesBefore;
    ctx.uncountedRowErrors = uncountedBefore;
    await dispose();
    return no(
      `bulk staging failed: ${String((e as Error)?.message ?? e)
        .split('\n')[0]!
        .slice(0, 200)}`,
    );
  }
}
