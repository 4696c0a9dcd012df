// The uploads ledger: the row every load leaves, the check for the same bytes still loaded, and the replacement of
// earlier uploads' slices by a corrected file (sql/replace_slices.sql).
import { fileURLToPath } from 'node:url';
import { type DuckDBType, type DuckDBValue, LIST, listValue, VARCHAR } from '@duckdb/node-api';
import type { Store } from '../store/db.js';
import { sqlStatements } from '../store/sql-file.js';
import type { IngestReport } from './report.js';

const REPLACE_SQL = fileURLToPath(new URL('./sql/replace_slices.sql', import.meta.url));

/** What the ledger keeps of the input besides the report. */
interface LedgerInput {
  user?: string | null;
  channel: string;
  bytes: Uint8Array;
}

export async function recordLedger(store: Store, input: LedgerInput, r: IngestReport): Promise<number> {
  const id = Number((await store.conn.runAndReadAll(`SELECT nextval('upload_seq')`)).getRows()[0]![0]);
  await store.conn.run(
    `INSERT INTO uploads (upload_id, received_at, uploaded_by, channel, file_name, sha256, size_bytes, format, format_title,
       rows_read, rows_loaded, rows_rejected, rows_replaced, warnings, status, message, report)
     VALUES ($id, current_timestamp, $user, $channel, $file, $sha, $size, $format, $title, $read, $loaded, $rejected, $replaced, $warnings, $status, $message, $report)`,
    {
      id,
      user: input.user ?? null,
      channel: input.channel,
      file: r.fileName,
      sha: r.sha256,
      size: input.bytes.length,
      format: r.format,
      title: r.formatTitle,
      read: r.rowsRead,
      loaded: r.rowsLoaded,
      rejected: r.rowsRejected,
      replaced: r.rowsReplaced,
      warnings: r.issues.filter((i) => i.severity === 'warning').length,
      status: r.status,
      message: r.message,
      report: JSON.stringify({ issues: r.issues, issuesTotal: r.issuesTotal, unknownSchools: r.unknownSchools }),
    },
  );
  return id;
}

const DATA_TABLES = [
  'pupil_results',
  'journal_marks',
  'aggregate_results',
  'schools',
  'scale_vpr',
  'program_targets',
  'task_info',
  'code_dictionary',
  'programmes',
  'programme_indicators',
  'reported_values',
  'roadmap_measures',
];
/** Earlier loads of the same bytes whose rows are still in the store (a load fully replaced by a correction is not). */
export const LIVE_DUPLICATE = `SELECT u.upload_id, u.file_name, u.received_at::VARCHAR FROM uploads u WHERE u.sha256 = $s AND u.status = 'loaded'
  AND (${DATA_TABLES.map((t) => `EXISTS (SELECT 1 FROM ${t} x WHERE x.upload_id = u.upload_id)`).join(' OR ')})
  ORDER BY u.upload_id DESC LIMIT 1`;

/**
 * Replacement SQL statement by statement: rows of earlier uploads removed, not counting emptied works or the
 * roadmap carry-over (`keep`: measures imported without a status, which keep the stored one).
 */
export async function replaceSlices(conn: Store['conn'], uploadId: number, keep: string[]): Promise<number> {
  let replaced = 0;
  for (const stmt of sqlStatements(REPLACE_SQL)) {
    const params: Record<string, DuckDBValue> = {};
    const types: Record<string, DuckDBType> = {};
    if (/\$upload_id\b/.test(stmt)) params.upload_id = uploadId;
    if (/\$keep\b/.test(stmt)) {
      params.keep = listValue(keep);
      types.keep = LIST(VARCHAR);
    }
    const r = await conn.run(stmt, params, types);
    if (!/^(DELETE FROM works\b|UPDATE\b)/.test(stmt)) replaced += Number(r.rowsChanged ?? 0);
  }
  return replaced;
}
