// Helpers for the loader tests: the real samples with their expected row counts, a store preloaded with them,
// checksums of every data table and the ledger.
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { FORMATS } from '../../../ingest/formats/index.js';
import { ingestFile } from '../../../ingest/load.js';
import type { IngestReport } from '../../../ingest/report.js';
import { openStore, type Store } from '../../../store/db.js';
import { type Plain, queryRows } from '../../../store/query.js';
import { samplePath } from '../../helpers/parse.js';

export const FORM_NAME = 'Проведение работы по математике, 4 класс. ВПР 2021 sch220150.xlsx';
export const FORM_SAMPLE = 'fisoko_vpr_school_protocol_form_example__base_form.xlsx';

export type DataTable =
  | 'pupil_results'
  | 'journal_marks'
  | 'aggregate_results'
  | 'schools'
  | 'program_targets'
  | 'task_info'
  | 'code_dictionary';

/** A real sample and what it loads (counts from the per-format tests under tests/ingest/*). */
export interface Sample {
  file: string;
  name?: string;
  format: string;
  table: DataTable;
  rows: number;
  works?: number;
  replaced?: number;
}

// In load order: the logins list first (registry), the attendance report before the табель, whose 4th quarter
// covers the same pupil × subject × period slice and so replaces the report's 474 marks.
export const SAMPLES: Sample[] = [
  { file: 'fisoko_school_logins_altai_sch22xxxx.xlsx', format: 'fisoko-logins', table: 'schools', rows: 692 },
  {
    file: 'fisoko_vpr2020_altai_raw_export_french7.xlsx',
    format: 'fisoko-vpr-2020',
    table: 'pupil_results',
    rows: 15,
    works: 1,
  },
  {
    file: 'fisoko_vpr2021_altai_export_french11.xlsx',
    format: 'fisoko-vpr-2021',
    table: 'pupil_results',
    rows: 14,
    works: 1,
  },
  {
    file: 'fisoko_vpr2021_altai_export_geography10.xlsx',
    format: 'fisoko-vpr-2021',
    table: 'pupil_results',
    rows: 1161,
    works: 1,
  },
  {
    file: 'fisoko_vpr2022_altai_export_geography10.xlsx',
    format: 'fisoko-vpr-2022',
    table: 'pupil_results',
    rows: 274,
    works: 1,
  },
  {
    file: 'fisoko_vpr2022_altai_export_german11.xlsx',
    format: 'fisoko-vpr-2022',
    table: 'pupil_results',
    rows: 342,
    works: 1,
  },
  {
    file: FORM_SAMPLE,
    name: FORM_NAME,
    format: 'fisoko-vpr-protocol-form',
    table: 'pupil_results',
    rows: 20,
    works: 1,
  },
  {
    file: 'moscow_ege_by_school_2015-2016__data-9722-2016-10-31.csv',
    format: 'moscow-ege-9722',
    table: 'aggregate_results',
    rows: 626,
  },
  {
    file: 'moscow_gia9_oge_2015_by_exam__data.xlsx',
    format: 'moscow-gia9-2015',
    table: 'aggregate_results',
    rows: 7471,
  },
  {
    file: 'ejournal_otchet_uspevaemost_poseshchaemost_8A_2024-25_PSEUDONYMISED.xlsx',
    format: 'journal-attendance-report',
    table: 'journal_marks',
    rows: 474,
  },
  {
    file: 'ejournal_tabel_uspevaemosti_8A_2024-25_PSEUDONYMISED.xlsx',
    format: 'journal-tabel',
    table: 'journal_marks',
    rows: 2345,
    replaced: 474,
  },
  {
    file: 'fisoko_vpr_task_description_math4/ALL.xlsx',
    format: 'fisoko-task-description',
    table: 'task_info',
    rows: 15,
  },
  {
    file: 'fisoko_vpr_task_description_math4/KS.xlsx',
    format: 'fisoko-code-dictionary',
    table: 'code_dictionary',
    rows: 4,
  },
  {
    file: 'fisoko_vpr_task_description_math4/KT.xlsx',
    format: 'fisoko-code-dictionary',
    table: 'code_dictionary',
    rows: 8,
  },
];

export const tempDir = (): string => mkdtempSync(join(tmpdir(), 'orientir-load-'));

export async function ingestSample(store: Store, s: Sample): Promise<IngestReport> {
  return ingestFile(store, FORMATS, {
    bytes: readFileSync(samplePath(s.file)),
    fileName: s.name ?? basename(s.file),
    channel: 'cli',
    user: 'test',
  });
}

/** A fresh in-memory store with every real sample loaded. */
export async function preloadedStore(): Promise<Store> {
  const store = await openStore(':memory:');
  for (const s of SAMPLES) {
    const r = await ingestSample(store, s);
    if (r.status !== 'loaded') throw new Error(`${s.file}: ${r.status} ${r.message}`);
  }
  return store;
}

export const q = (
  store: Store,
  sql: string,
  params: Record<string, string | number> = {},
): Promise<Record<string, Plain>[]> => queryRows(store.conn, sql, params);
export const one = async (store: Store, sql: string, params: Record<string, string | number> = {}): Promise<Plain> =>
  Object.values((await q(store, sql, params))[0]!)[0]!;

/** Every base table except the ledger and the audit log. */
export async function dataTables(store: Store): Promise<{ name: string; hasUpload: boolean }[]> {
  const rows = await q(
    store,
    `SELECT t.table_name AS name, bool_or(c.column_name = 'upload_id') AS has_upload
    FROM duckdb_tables() t JOIN duckdb_columns() c ON c.table_oid = t.table_oid
    WHERE t.schema_name = 'main' AND t.table_name NOT IN ('uploads', 'audit_log') GROUP BY ALL ORDER BY 1`,
  );
  return rows.map((r) => ({ name: String(r.name), hasUpload: r.has_upload === true }));
}

/** count and sum of row hashes per data table; with `exceptUpload`, rows of that upload are left out. */
export async function checksums(
  store: Store,
  exceptUpload: number | null = null,
  skip: string[] = [],
): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const t of await dataTables(store)) {
    if (skip.includes(t.name)) continue;
    const where =
      exceptUpload !== null && t.hasUpload ? ` WHERE t.upload_id IS DISTINCT FROM ${Number(exceptUpload)}` : '';
    const r = (
      await q(store, `SELECT count(*) AS n, coalesce(sum(hash(t)), 0)::VARCHAR AS h FROM "${t.name}" t${where}`)
    )[0]!;
    out[t.name] = `${r.n}:${r.h}`;
  }
  return out;
}

export const ledger = (store: Store): Promise<Record<string, Plain>[]> =>
  q(
    store,
    'SELECT upload_id, file_name, status, format, rows_read, rows_loaded, rows_rejected, rows_replaced, message FROM uploads ORDER BY upload_id',
  );

export const uploadRows = async (store: Store, table: string, uploadId: number): Promise<number> =>
  Number(await one(store, `SELECT count(*) FROM ${table} WHERE upload_id = $id`, { id: uploadId }));
