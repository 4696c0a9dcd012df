// Store checks shared by the crash tests: table checksums, readability, ledger consistency.
import type { Store } from '../../store/db.js';

/** Tables that hold ingested data (everything an upload writes, plus the registry map derived from it). */
export const DATA_TABLES = [
  'schools',
  'school_ids',
  'works',
  'pupil_results',
  'journal_marks',
  'aggregate_results',
  'scale_vpr',
  'program_targets',
  'task_info',
  'code_dictionary',
] as const;
/** Data tables whose rows carry the upload that wrote them. */
export const UPLOAD_TABLES = [
  'schools',
  'works',
  'pupil_results',
  'journal_marks',
  'aggregate_results',
  'scale_vpr',
  'program_targets',
  'task_info',
  'code_dictionary',
] as const;

async function scalar(store: Store, sql: string): Promise<unknown> {
  return (await store.conn.runAndReadAll(sql)).getRows()[0]![0];
}

export async function tableNames(store: Store, like = '%'): Promise<string[]> {
  const rows = (
    await store.conn.runAndReadAll(
      `SELECT table_name FROM duckdb_tables() WHERE NOT internal AND table_name LIKE $p ORDER BY table_name`,
      { p: like },
    )
  ).getRows();
  return rows.map((r) => String(r[0]));
}

export async function viewNames(store: Store): Promise<string[]> {
  const rows = (
    await store.conn.runAndReadAll(`SELECT view_name FROM duckdb_views() WHERE NOT internal ORDER BY view_name`)
  ).getRows();
  return rows.map((r) => String(r[0]));
}

/**
 * "count|sum of row hashes" over every column except upload ids and timestamps (they differ between runs by
 * construction). Order-independent, so two tables with the same multiset of rows give the same string.
 */
export async function checksum(store: Store, table: string): Promise<string> {
  const cols = (
    await store.conn.runAndReadAll(
      `SELECT column_name FROM duckdb_columns() WHERE table_name = $t AND column_name NOT IN ('upload_id', 'build_id')
       AND data_type NOT LIKE 'TIMESTAMP%' ORDER BY column_index`,
      { t: table },
    )
  )
    .getRows()
    .map((r) => `"${String(r[0])}"`);
  if (cols.length === 0) throw new Error(`no columns to hash in ${table}`);
  const r = (
    await store.conn.runAndReadAll(
      `SELECT count(*)::VARCHAR, coalesce(sum(hash(${cols.join(', ')})), 0)::VARCHAR FROM "${table}"`,
    )
  ).getRows()[0]!;
  return `${String(r[0])}|${String(r[1])}`;
}

export async function checksums(store: Store, tables: readonly string[]): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const t of tables) out[t] = await checksum(store, t);
  return out;
}

/**
 * The integrity checks DuckDB offers short of a PRAGMA: a checkpoint succeeds (writes the replayed WAL into the
 * file), and every table and view can be read in full (count and a hash of every column of every row).
 */
export async function assertReadable(store: Store): Promise<void> {
  await store.conn.run('CHECKPOINT');
  for (const t of await tableNames(store)) {
    const cols = (
      await store.conn.runAndReadAll(`SELECT column_name FROM duckdb_columns() WHERE table_name = $t`, { t })
    )
      .getRows()
      .map((r) => `"${String(r[0])}"`);
    await scalar(store, `SELECT count(*) FROM "${t}"`);
    await scalar(store, `SELECT sum(hash(${cols.join(', ')})) FROM "${t}"`);
  }
  for (const v of await viewNames(store)) await scalar(store, `SELECT count(*) FROM "${v}"`);
}

export interface Ledger {
  uploadId: number;
  fileName: string;
  status: string;
}

export async function ledger(store: Store): Promise<Ledger[]> {
  const rows = (
    await store.conn.runAndReadAll(`SELECT upload_id, file_name, status FROM uploads ORDER BY upload_id`)
  ).getRows();
  return rows.map((r) => ({ uploadId: Number(r[0]), fileName: String(r[1]), status: String(r[2]) }));
}

/** Rows per data table of each loaded upload, keyed by file name: {file: {table: n}} (tables with 0 rows left out). */
export async function rowsPerFile(store: Store): Promise<Record<string, Record<string, number>>> {
  const out: Record<string, Record<string, number>> = {};
  for (const t of UPLOAD_TABLES) {
    const rows = (
      await store.conn.runAndReadAll(
        `SELECT u.file_name, count(*) FROM ${t} x JOIN uploads u USING (upload_id) WHERE u.status = 'loaded' GROUP BY ALL`,
      )
    ).getRows();
    for (const [f, n] of rows) (out[String(f)] ??= {})[t] = Number(n);
  }
  return out;
}

/** Data rows whose upload is not a loaded ledger row (a half-visible upload would leave some). */
export async function orphanRows(store: Store): Promise<Record<string, number>> {
  const out: Record<string, number> = {};
  for (const t of UPLOAD_TABLES) {
    const n = Number(
      await scalar(
        store,
        `SELECT count(*) FROM ${t} WHERE upload_id IS NOT NULL
      AND upload_id NOT IN (SELECT upload_id FROM uploads WHERE status = 'loaded')`,
      ),
    );
    if (n > 0) out[t] = n;
  }
  return out;
}

/**
 * A fingerprint of a derived table that tolerates the last bits of floating-point results: DuckDB aggregates
 * in parallel, so sums and averages of DOUBLE (the order of additions) differ in the last ulp or so between two
 * builds of the same inputs. Every other column is hashed exactly; each DOUBLE column contributes its count of
 * finite values, their sum and the sum of their absolute values (compared with a relative tolerance), and an
 * exact hash of its non-finite / NULL pattern.
 */
export interface Fingerprint {
  rows: number;
  exact: string;
  floats: Record<string, [number, number, number, string]>;
}

/**
 * Text built with string_agg(…) without ORDER BY (transforms/models/mart_flags.sql: obj_year, bunch_year, a2_year):
 * the order of the items differs between two builds of the same inputs, so these columns are hashed as the
 * sorted list of their pieces.
 */
export const UNORDERED_TEXT: Record<string, string[]> = { mart_flags: ['reason'] };

export async function fingerprint(store: Store, table: string): Promise<Fingerprint> {
  const unordered = new Set(UNORDERED_TEXT[table] ?? []);
  const cols = (
    await store.conn.runAndReadAll(
      `SELECT column_name, data_type FROM duckdb_columns() WHERE table_name = $t AND data_type NOT LIKE 'TIMESTAMP%' ORDER BY column_index`,
      { t: table },
    )
  )
    .getRows()
    .map((r) => ({ col: String(r[0]), name: `"${String(r[0])}"`, float: r[1] === 'DOUBLE' || r[1] === 'FLOAT' }));
  const exact = cols
    .filter((c) => !c.float)
    .map((c) => (unordered.has(c.col) ? `list_sort(regexp_split_to_array(${c.name}, '\\s*[:;—]\\s+'))` : c.name));
  const floats = cols.filter((c) => c.float).map((c) => c.name);
  const parts = [
    `count(*)::VARCHAR`,
    exact.length > 0 ? `coalesce(sum(hash(${exact.join(', ')})), 0)::VARCHAR` : `'0'`,
  ];
  for (const f of floats)
    parts.push(
      `count(*) FILTER (isfinite(${f}))::DOUBLE`,
      `coalesce(sum(${f}) FILTER (isfinite(${f})), 0)`,
      `coalesce(sum(abs(${f})) FILTER (isfinite(${f})), 0)`,
      `coalesce(sum(hash(CASE WHEN ${f} IS NULL THEN 'null' WHEN isfinite(${f}) THEN 'finite' ELSE ${f}::VARCHAR END)), 0)::VARCHAR`,
    );
  const r = (await store.conn.runAndReadAll(`SELECT ${parts.join(', ')} FROM "${table}"`)).getRows()[0]!;
  const out: Fingerprint = { rows: Number(r[0]), exact: String(r[1]), floats: {} };
  floats.forEach((f, i) => {
    const at = 2 + i * 4;
    out.floats[f] = [Number(r[at]), Number(r[at + 1]), Number(r[at + 2]), String(r[at + 3])];
  });
  return out;
}

export async function fingerprints(store: Store, tables: readonly string[]): Promise<Record<string, Fingerprint>> {
  const out: Record<string, Fingerprint> = {};
  for (const t of tables) out[t] = await fingerprint(store, t);
  return out;
}

/** Differences between two sets of fingerprints, one line each ([] when equal within float tolerance). */
export function fingerprintDiff(
  actual: Record<string, Fingerprint>,
  expected: Record<string, Fingerprint>,
  rel = 1e-9,
): string[] {
  const out: string[] = [];
  for (const t of new Set([...Object.keys(actual), ...Object.keys(expected)])) {
    const a = actual[t],
      e = expected[t];
    if (!a || !e) {
      out.push(`${t}: ${a ? 'unexpected' : 'missing'}`);
      continue;
    }
    if (a.rows !== e.rows) out.push(`${t}: ${a.rows} rows, expected ${e.rows}`);
    if (a.exact !== e.exact) out.push(`${t}: non-float columns differ`);
    for (const c of new Set([...Object.keys(a.floats), ...Object.keys(e.floats)])) {
      const x = a.floats[c],
        y = e.floats[c];
      if (!x || !y) {
        out.push(`${t}.${c}: column ${x ? 'unexpected' : 'missing'}`);
        continue;
      }
      const tol = rel * Math.max(x[2], y[2], 1e-300);
      if (x[0] !== y[0] || x[3] !== y[3] || Math.abs(x[1] - y[1]) > tol || Math.abs(x[2] - y[2]) > tol)
        out.push(`${t}.${c}: [${x.slice(0, 3).join(', ')}] vs [${y.slice(0, 3).join(', ')}]`);
    }
  }
  return out;
}
