// Ingest of one file: open (read/workbook.ts refuses what is not a sane xlsx/CSV) → detect → parse, every record
// checked as it is emitted (validate.ts) → write in one transaction (or not at all). A large CSV of a format with a
// bulk loader is parsed by DuckDB into a staging table instead, with the same checks and messages (bulk/csv.ts).
// Never throws for a bad file: the answer is a report with a Russian message naming the file, and a ledger row.
// Same bytes again are a no-op while the rows of their first load are in the store (SHA-256 in the ledger);
// a corrected file replaces the slices it covers.

import { createHash } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { type DuckDBType, type DuckDBValue, LIST, listValue, VARCHAR } from '@duckdb/node-api';
import { appendRows } from '../store/append.js';
import type { Store } from '../store/db.js';
import { serialize } from '../store/queue.js';
import { resolveSchools } from '../store/school-identity.js';
import { runSqlFile, sqlStatements } from '../store/sql-file.js';
import { dataChanged } from '../store/version.js';
import { bulkCsvHead, stageCsv } from './bulk/csv.js';
import type { CollectingContext } from './collect.js';
import { issueText, rejectionIssue } from './issues.js';
import { PROBE_ROWS } from './read/csv.js';
import { openWorkbook, probe, readerNotes, sniffKind } from './read/workbook.js';
import { type IngestReport, MAX_ISSUES_IN_REPORT, partialMessage } from './report.js';
import { VprScaleTable } from './scales.js';
import { checkSchools } from './school-scope.js';
import { FileRejected, type FormatModule, type Issue, type Workbook } from './types.js';
import { screenText, unknownJournalSubjects, ValidatingContext } from './validate.js';
import { writeRecords } from './write.js';

const REPLACE_SQL = fileURLToPath(new URL('./sql/replace_slices.sql', import.meta.url));
const SCHOOL_IDS_SQL = fileURLToPath(new URL('./sql/school_ids.sql', import.meta.url));

export interface IngestInput {
  /** The file, or how to read it when its turn in the write queue comes (one upload in memory at a time). */
  bytes: Uint8Array | (() => Promise<Uint8Array>);
  fileName: string;
  channel: 'cli' | 'web' | 'inbox' | 'demo';
  user?: string | null;
  onProgress?: (rowsRead: number) => void;
}

export const sha256 = (b: Uint8Array): string => createHash('sha256').update(b).digest('hex');

/**
 * The name to show and store: the last path component of whatever the client sent («../../etc/passwd.xlsx» →
 * «passwd.xlsx», «C:\\Users\\…\\реестр.xlsx» → «реестр.xlsx»), without control characters, at most 200 characters.
 */
export function safeFileName(name: string): string {
  const base = (name.split(/[\\/]/).pop() ?? '').replace(/[\u0000-\u001f\u007f]/g, '').trim();
  const clean = base === '.' || base === '..' ? '' : base;
  if (clean.length <= 200) return clean || 'без имени';
  const ext = /\.[a-z0-9]{1,5}$/i.exec(clean)?.[0] ?? '';
  return clean.slice(0, 200 - ext.length) + ext;
}

/** The extension promises one thing and the content is another: worth a word, though the content wins. */
function extensionNote(bytes: Uint8Array, fileName: string): Issue | null {
  const ext = /\.([a-z0-9]+)$/i.exec(fileName)?.[1]?.toLowerCase() ?? '';
  const kind = sniffKind(bytes);
  const say = (what: string): Issue => ({
    severity: 'warning',
    scope: 'file',
    sheet: null,
    rowNo: null,
    column: null,
    message: `Файл «${fileName}» назван как .${ext}, но ${what}; прочитан по содержимому. Проверьте, что загружен нужный файл.`,
  });
  if (kind === 'csv' && (ext === 'xlsx' || ext === 'xls'))
    return say('на самом деле это текстовый файл с разделителями (CSV)');
  if (kind === 'xlsx' && (ext === 'csv' || ext === 'txt')) return say('на самом деле это книга Excel (.xlsx)');
  return null;
}

async function loadScales(store: Store): Promise<VprScaleTable> {
  const rows = (
    await store.conn.runAndReadAll(
      'SELECT school_year, subject, kim_grade, mark3_min, mark4_min, mark5_min, max_score FROM scale_vpr',
    )
  ).getRows();
  return new VprScaleTable(
    rows.map((r) => ({
      schoolYear: String(r[0]),
      subject: String(r[1]),
      kimGrade: Number(r[2]),
      mark3Min: Number(r[3]),
      mark4Min: Number(r[4]),
      mark5Min: Number(r[5]),
      maxScore: r[6] === null ? null : Number(r[6]),
    })),
  );
}

async function secret(store: Store): Promise<string> {
  const r = await store.conn.runAndReadAll(`SELECT value FROM settings WHERE key = 'pseudonymisation_key'`);
  return String(r.getRows()[0]![0]);
}

export function detectFormat(
  formats: FormatModule[],
  p: Awaited<ReturnType<typeof probe>>,
): { mod: FormatModule; score: number } | null {
  let best: { mod: FormatModule; score: number } | null = null;
  for (const mod of formats) {
    let score = 0;
    try {
      score = mod.detect(p);
    } catch {
      score = 0;
    }
    if (!best || score > best.score) best = { mod, score };
  }
  return best && best.score >= 0.5 ? best : null;
}

async function recordLedger(store: Store, input: ReadInput, r: IngestReport): Promise<number> {
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

function fileIssue(e: unknown, fileName: string): Issue {
  if (e instanceof FileRejected) return rejectionIssue(e);
  const err = e as Error;
  const huge =
    err instanceof RangeError ||
    /allocation failed|heap out of memory|Invalid string length|Array buffer allocation/i.test(String(err?.message));
  return {
    severity: 'error',
    scope: 'file',
    sheet: null,
    rowNo: null,
    column: null,
    message: huge
      ? `Файл «${fileName}» слишком большой или повреждён: при чтении не хватило памяти (${String(err?.message).slice(0, 120)}). Разделите данные на несколько файлов.`
      : `Файл «${fileName}» не удалось разобрать из-за внутренней ошибки (${String(err?.message ?? e).slice(0, 200)}); данные не загружены. Сообщите администратору.`,
  };
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
const LIVE_DUPLICATE = `SELECT u.upload_id, u.file_name, u.received_at::VARCHAR FROM uploads u WHERE u.sha256 = $s AND u.status = 'loaded'
  AND (${DATA_TABLES.map((t) => `EXISTS (SELECT 1 FROM ${t} x WHERE x.upload_id = u.upload_id)`).join(' OR ')})
  ORDER BY u.upload_id DESC LIMIT 1`;

/** One grouped line for the schools outside the registry: the count, the first few ids, «и ещё N». */
function unknownSchoolsMessage(refs: string[], shown = 5): string {
  const head = refs
    .slice(0, shown)
    .map((r) => `«${r}»`)
    .join(', ');
  const more = refs.length > shown ? ` и ещё ${refs.length - shown}` : '';
  return (
    `${refs.length} ОО нет в реестре: ${head}${more}. Их результаты сохранены, но не входят в показатели и списки ` +
    'муниципалитета (поимённые результаты ОО региона показываются строками «Регион …» для сравнения). Чтобы учитывать ОО в ' +
    'муниципалитете, добавьте её в реестр (с логином ФИС ОКО или кодом РЦОИ из этого файла) — данные свяжутся при следующей сборке.'
  );
}

async function unknownSchoolRefs(store: Store, ctx: CollectingContext, format: string): Promise<string[]> {
  const refs = new Set<string>();
  for (const p of ctx.pupils) refs.add(p.schoolRef);
  for (const j of ctx.journal) refs.add(j.schoolRef);
  for (const s of ctx.staged?.schools ?? []) refs.add(s.ref);
  for (const a of ctx.aggregates) if (a.level === 'school' && a.schoolRef) refs.add(a.schoolRef);
  for (const t of ctx.targets) refs.add(t.schoolRef);
  if (refs.size === 0) return [];
  // The same normalisation and namespaces as staging (norm_id, ref_family, ref_kind_rank); schools registered by this very file count as known.
  const rows = await store.conn.runAndReadAll(
    `SELECT r FROM unnest($refs) t(r) WHERE r <> '' AND norm_id(r) NOT IN (SELECT id_value FROM school_ids WHERE ref_kind_rank(coalesce(ref_family($format), 'other'), id_kind) IS NOT NULL)
       AND norm_id(r) NOT IN (SELECT norm_id(unnest($own))) ORDER BY r`,
    {
      refs: listValue([...refs]),
      format,
      own: listValue(
        ctx.schools.flatMap((s) =>
          [s.schoolCode, s.name, s.shortName, s.fisokoLogin, s.fisokoLoginOld, s.rcoiCode].filter(
            (x): x is string => !!x,
          ),
        ),
      ),
    },
    { refs: LIST(VARCHAR), format: VARCHAR, own: LIST(VARCHAR) },
  );
  return rows.getRows().map((r) => String(r[0]));
}

/**
 * Replacement SQL statement by statement: rows of earlier uploads removed, not counting emptied works or the
 * roadmap carry-over (`keep`: measures imported without a status, which keep the stored one).
 */
async function replaceSlices(conn: Store['conn'], uploadId: number, keep: string[]): Promise<number> {
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

export interface IngestOptions {
  /** Restrictions for uploads by a school head: only these formats, only rows of this school (registry code). */
  onlySchool?: string | null;
  formats?: string[] | null;
  /**
   * A reason to refuse the file unread, checked in the same turn of the write queue (no write comes between the
   * check and the load), e.g. a demo store takes only demo files. A refusal throws IngestRefused: no ledger row.
   */
  refuse?: (bytes: Uint8Array) => Promise<string | null>;
}

/** The input once its bytes are read. */
type ReadInput = IngestInput & { bytes: Uint8Array };

/** The file was refused before it was read (IngestOptions.refuse): nothing is recorded. */
export class IngestRefused extends Error {}

/**
 * Loads one file: detection, parsing, the loader's checks and one transaction, in its own turn of the store's write
 * queue (web uploads, the inbox and the CLI never interleave); a committed load is announced by dataChanged.
 */
export function ingestFile(
  store: Store,
  formats: FormatModule[],
  input: IngestInput,
  options: IngestOptions = {},
): Promise<IngestReport> {
  return serialize(async () => {
    const bytes = typeof input.bytes === 'function' ? await input.bytes() : input.bytes;
    const why = (await options.refuse?.(bytes)) ?? null;
    if (why !== null) throw new IngestRefused(why);
    return ingestTurn(store, formats, { ...input, bytes, fileName: safeFileName(input.fileName) }, options);
  });
}

async function ingestTurn(
  store: Store,
  formats: FormatModule[],
  input: ReadInput,
  options: IngestOptions,
): Promise<IngestReport> {
  const fileName = input.fileName;
  const report: IngestReport = {
    uploadId: null,
    fileName,
    sha256: sha256(input.bytes),
    format: null,
    formatTitle: null,
    status: 'rejected',
    rowsRead: 0,
    rowsLoaded: 0,
    rowsRejected: 0,
    rowsReplaced: 0,
    message: '',
    issues: [],
    issuesTotal: 0,
    unknownSchools: [],
  };
  /** The same bytes already loaded: a no-op, with the earlier load named. */
  const duplicate = async (): Promise<IngestReport | null> => {
    const dup = (await store.conn.runAndReadAll(LIVE_DUPLICATE, { s: report.sha256 })).getRows()[0];
    if (!dup) return null;
    report.status = 'duplicate';
    report.message = `уже загружен ранее (загрузка № ${dup[0]}, «${dup[1]}», ${String(dup[2]).slice(0, 16)}) — повторная загрузка ничего не меняет.`;
    report.issues = [];
    report.issuesTotal = 0;
    report.rowsRejected = 0;
    report.uploadId = await recordLedger(store, input, report);
    return report;
  };
  // A restricted upload (a school head's) is checked for format and school first: naming an earlier load of the
  // same bytes would tell them about another school's file.
  const restricted = !!(options.onlySchool || options.formats);
  if (!restricted) {
    const d = await duplicate();
    if (d) return d;
  }

  const ctx = new ValidatingContext(await secret(store), await loadScales(store), input.onProgress);
  try {
    return await ingestParsed(store, formats, input, options, ctx, report, restricted, duplicate);
  } finally {
    await ctx.staged?.dispose(); // a bulk CSV load's staging table (written by now, or not at all)
  }
}

/** The rest of ingestFile once a context exists: parse, checks, the transaction. */
async function ingestParsed(
  store: Store,
  formats: FormatModule[],
  input: ReadInput,
  options: IngestOptions,
  ctx: ValidatingContext,
  report: IngestReport,
  restricted: boolean,
  duplicate: () => Promise<IngestReport | null>,
): Promise<IngestReport> {
  const fileName = input.fileName;
  const finish = async (status: IngestReport['status'], message: string) => {
    report.status = status;
    report.message = message;
    report.issuesTotal = ctx.issuesTotal;
    report.issues = ctx.issues.slice(0, MAX_ISSUES_IN_REPORT);
    if (status === 'rejected') report.rowsLoaded = 0;
    report.uploadId = await recordLedger(store, input, report);
    return report;
  };
  const reject = (e: unknown) => {
    const issue = ctx.placed(fileIssue(e, fileName));
    report.rowsRejected = ctx.rejectedRows;
    ctx.issue(issue);
    return finish('rejected', `отклонён: ${issueText(issue, { fileName })}`);
  };

  try {
    // A CSV has no sheets to name in messages: the reader names its one sheet after the file (set before it reads, for its own errors).
    if (sniffKind(input.bytes) === 'csv') ctx.sheetless = fileName.replace(/\.[^.]+$/, '') || fileName;
    // A CSV of a format with a bulk loader is staged by DuckDB's reader (ingest/bulk/csv.ts), detected on its head
    // exactly as on the whole file; any other file, or one the bulk loader leaves alone, is read row by row.
    let book: Workbook | null = null;
    let found: ReturnType<typeof detectFormat> = null;
    const head = ctx.sheetless !== null ? bulkCsvHead(input.bytes) : null;
    if (head) {
      const headProbe = {
        fileName,
        kind: 'csv' as const,
        sheets: [{ name: ctx.sheetless!, rows: head.rows.slice(0, PROBE_ROWS).map((r) => r.cells) }],
      };
      const f = detectFormat(formats, headProbe);
      if (
        f &&
        (!options.formats || options.formats.includes(f.mod.id)) &&
        (await stageCsv(store, f.mod, head, input.bytes, ctx.sheetless!, ctx))
      )
        found = f;
    }
    if (!found) {
      book = await openWorkbook(input.bytes, fileName);
      found = detectFormat(formats, await probe(book));
    }
    if (!found) {
      throw new FileRejected(
        `формат не распознан — ни одна из известных форм (ФИС ОКО, РЦОИ, электронный журнал, реестр ОО, шкалы, целевые показатели, программа ОО) не совпала по заголовкам. Проверьте, что это выгрузка без ручных правок заголовков.`,
      );
    }
    report.format = found.mod.id;
    report.formatTitle = found.mod.title;
    if (options.formats && !options.formats.includes(found.mod.id)) {
      const allowed = formats
        .filter((f) => options.formats!.includes(f.id))
        .map((f) => `«${f.title}»`)
        .join(', ');
      throw new FileRejected(
        `распознан как «${found.mod.title}», а здесь можно загрузить только ${allowed || 'файлы другого вида'}.`,
      );
    }
    if (book) await found.mod.parse(book, ctx);
    const note = extensionNote(input.bytes, fileName);
    for (const i of [
      ...(note ? [note] : []),
      ...(book ? readerNotes(book) : []),
      ...screenText(ctx, fileName),
      ...unknownJournalSubjects(ctx),
    ])
      ctx.issue(i);
  } catch (e) {
    return reject(e);
  }

  try {
    const rowErrors = ctx.rejectedRows;
    report.rowsRejected = rowErrors;
    report.rowsRead = ctx.recordCount + rowErrors;
    if (ctx.pupils.some((p) => !p.schoolRef) || ctx.journal.some((j) => !j.schoolRef))
      ctx.issue({
        severity: 'error',
        scope: 'file',
        sheet: null,
        rowNo: null,
        column: null,
        message: `Файл «${fileName}»: не удалось определить ОО — в файле нет логина или кода ОО. Укажите логин ФИС ОКО в имени файла (например, «… sch220150.xlsx») или загрузите выгрузку, где ОО указана.`,
      });
    const fileErrors = ctx.issues.filter((i) => i.severity === 'error' && i.scope === 'file');
    if (fileErrors.length > 0) return await finish('rejected', `отклонён: ${issueText(fileErrors[0]!, { fileName })}`);
    if (ctx.recordCount === 0) {
      const firstRow = ctx.issues.find((i) => i.severity === 'error' && i.scope === 'row');
      const message = firstRow
        ? `Файл «${fileName}»: ни одна строка не прошла проверку (исключено строк: ${rowErrors}); первая ошибка — ${issueText(firstRow, { inline: true })}`
        : `Файл «${fileName}»: в файле нет ни одной строки с данными — только заголовки или пустые строки.`;
      ctx.issue({
        severity: 'error',
        scope: 'file',
        sheet: null,
        rowNo: null,
        column: null,
        message,
      });
      return await finish('rejected', `отклонён: ${message}`);
    }

    await checkSchools(store, ctx, report.format!, options.onlySchool ?? null);
    if (restricted) {
      const d = await duplicate();
      if (d) return d;
    }
    report.unknownSchools = await unknownSchoolRefs(store, ctx, report.format!);
    if (report.unknownSchools.length > 0)
      ctx.issue({
        severity: 'warning',
        scope: 'file',
        sheet: null,
        rowNo: null,
        column: null,
        message: unknownSchoolsMessage(report.unknownSchools),
      });
  } catch (e) {
    return reject(e);
  }

  const conn = store.conn;
  const id = Number((await conn.runAndReadAll(`SELECT nextval('upload_seq')`)).getRows()[0]![0]);
  await conn.run('BEGIN TRANSACTION');
  try {
    // The ledger row goes first so replacement SQL can see this upload's format.
    await conn.run(
      `INSERT INTO uploads (upload_id, received_at, uploaded_by, channel, file_name, sha256, size_bytes, format, format_title, status)
       VALUES ($id, current_timestamp, $user, $channel, $file, $sha, $size, $format, $title, 'loaded')`,
      {
        id,
        user: input.user ?? null,
        channel: input.channel,
        file: fileName,
        sha: report.sha256,
        size: input.bytes.length,
        format: report.format,
        title: report.formatTitle,
      },
    );
    const written = await writeRecords(conn, id, ctx, appendRows);
    report.rowsLoaded = written.loaded;
    // School identity before replacement: a corrected file replaces the slices of the same registry school however
    // it spells the school. A registry file changes what every stored reference means; any other file needs only its
    // own rows resolved.
    const registry = ctx.schools.length > 0;
    if (registry) await runSqlFile(conn, SCHOOL_IDS_SQL);
    await resolveSchools(conn, registry ? null : id);
    report.rowsReplaced =
      written.replaced +
      (await replaceSlices(
        conn,
        id,
        ctx.measures.filter((m) => m.status === null).map((m) => m.measureId),
      ));
    report.issuesTotal = ctx.issuesTotal;
    report.issues = ctx.issues.slice(0, MAX_ISSUES_IN_REPORT);
    report.status = 'loaded';
    report.message = report.rowsRejected > 0 ? partialMessage(report.rowsRejected) : 'загружен.';
    await conn.run(
      `UPDATE uploads SET rows_read = $read, rows_loaded = $loaded, rows_rejected = $rejected, rows_replaced = $replaced,
         warnings = $warnings, message = $message, report = $report WHERE upload_id = $id`,
      {
        id,
        read: report.rowsRead,
        loaded: report.rowsLoaded,
        rejected: report.rowsRejected,
        replaced: report.rowsReplaced,
        warnings: report.issues.filter((i) => i.severity === 'warning').length,
        message: report.message,
        report: JSON.stringify({
          issues: report.issues,
          issuesTotal: report.issuesTotal,
          unknownSchools: report.unknownSchools,
        }),
      },
    );
    await conn.run('COMMIT');
    dataChanged(store, input.channel);
    report.uploadId = id;
    return report;
  } catch (e) {
    await conn.run('ROLLBACK');
    report.rowsReplaced = 0;
    ctx.issue({
      severity: 'error',
      scope: 'file',
      sheet: null,
      rowNo: null,
      column: null,
      message: `Файл «${fileName}»: запись в хранилище не выполнена, изменения отменены (${String((e as Error)?.message ?? e).slice(0, 300)}).`,
    });
    return finish(
      'rejected',
      `отклонён: файл «${fileName}» не записан в хранилище из-за ошибки записи, изменения отменены.`,
    );
  }
}
