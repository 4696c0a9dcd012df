// Ingest of one file: open (read/workbook.ts refuses what is not a sane xlsx/CSV) → detect → parse, every record
// checked as it is emitted (validate.ts) → write in one transaction (or not at all). A large CSV of a format with a
// bulk loader is parsed by DuckDB into a staging table instead, with the same checks and messages (bulk/csv.ts).
// Never throws for a bad file: the answer is a report with a Russian message naming the file, and a ledger row.
// Same bytes again are a no-op while the rows of their first load are in the store (SHA-256 in the ledger);
// a corrected file replaces the slices it covers.

import { createHash } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { appendRows } from '../store/append.js';
import type { Store } from '../store/db.js';
import { serialize } from '../store/queue.js';
import { resolveSchools } from '../store/school-identity.js';
import { runSqlFile } from '../store/sql-file.js';
import { dataChanged } from '../store/version.js';
import { bulkCsvHead, stageCsv } from './bulk/csv.js';
import { extensionNote, fileIssue } from './file-issues.js';
import { issueText } from './issues.js';
import { LIVE_DUPLICATE, recordLedger, replaceSlices } from './ledger.js';
import { PROBE_ROWS } from './read/csv.js';
import { openWorkbook, probe, readerNotes, sniffKind } from './read/workbook.js';
import { type IngestReport, MAX_ISSUES_IN_REPORT, partialMessage } from './report.js';
import { VprScaleTable } from './scales.js';
import { checkSchools } from './school-scope.js';
import { FileRejected, type FormatModule, type Workbook } from './types.js';
import { unknownSchoolRefs, unknownSchoolsMessage } from './unknown-schools.js';
import { screenText, unknownJournalSubjects, ValidatingContext } from './validate.js';
import { writeRecords } from './write.js';

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
