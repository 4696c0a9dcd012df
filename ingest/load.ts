// Ingest of one file: detect → parse → validate → write in one transaction (or not at all).
// Same bytes twice are a no-op (SHA-256 in the ledger); a corrected file replaces the slices it covers.
import { LIST, VARCHAR, listValue } from '@duckdb/node-api';
import { createHash } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import type { Store } from '../store/db.js';
import { appendRows } from '../store/append.js';
import { runSqlFile } from '../store/sql-file.js';
import { CollectingContext } from './collect.js';
import { openWorkbook, probe } from './read/workbook.js';
import { MAX_ISSUES_IN_REPORT, type IngestReport } from './report.js';
import { VprScaleTable } from './scales.js';
import { FileRejected, type FormatModule, type Issue } from './types.js';
import { writeRecords } from './write.js';

const REPLACE_SQL = fileURLToPath(new URL('./sql/replace_slices.sql', import.meta.url));
const SCHOOL_IDS_SQL = fileURLToPath(new URL('./sql/school_ids.sql', import.meta.url));

export interface IngestInput {
  bytes: Uint8Array;
  fileName: string;
  channel: 'cli' | 'web' | 'inbox' | 'demo';
  user?: string | null;
  onProgress?: (rowsRead: number) => void;
}

export const sha256 = (b: Uint8Array): string => createHash('sha256').update(b).digest('hex');

async function loadScales(store: Store): Promise<VprScaleTable> {
  const rows = (await store.conn.runAndReadAll('SELECT school_year, subject, kim_grade, mark3_min, mark4_min, mark5_min, max_score FROM scale_vpr')).getRows();
  return new VprScaleTable(rows.map((r) => ({ schoolYear: String(r[0]), subject: String(r[1]), kimGrade: Number(r[2]), mark3Min: Number(r[3]), mark4Min: Number(r[4]), mark5Min: Number(r[5]), maxScore: r[6] === null ? null : Number(r[6]) })));
}

async function secret(store: Store): Promise<string> {
  const r = await store.conn.runAndReadAll(`SELECT value FROM settings WHERE key = 'pseudonymisation_key'`);
  return String(r.getRows()[0]![0]);
}

export function detectFormat(formats: FormatModule[], p: Awaited<ReturnType<typeof probe>>): { mod: FormatModule; score: number } | null {
  let best: { mod: FormatModule; score: number } | null = null;
  for (const mod of formats) {
    let score = 0;
    try { score = mod.detect(p); } catch { score = 0; }
    if (!best || score > best.score) best = { mod, score };
  }
  return best && best.score >= 0.5 ? best : null;
}

async function recordLedger(store: Store, input: IngestInput, r: IngestReport): Promise<number> {
  const id = Number((await store.conn.runAndReadAll(`SELECT nextval('upload_seq')`)).getRows()[0]![0]);
  await store.conn.run(
    `INSERT INTO uploads (upload_id, received_at, uploaded_by, channel, file_name, sha256, size_bytes, format, format_title,
       rows_read, rows_loaded, rows_rejected, rows_replaced, warnings, status, message, report)
     VALUES ($id, current_timestamp, $user, $channel, $file, $sha, $size, $format, $title, $read, $loaded, $rejected, $replaced, $warnings, $status, $message, $report)`,
    {
      id, user: input.user ?? null, channel: input.channel, file: r.fileName, sha: r.sha256, size: input.bytes.length,
      format: r.format, title: r.formatTitle, read: r.rowsRead, loaded: r.rowsLoaded, rejected: r.rowsRejected,
      replaced: r.rowsReplaced, warnings: r.issues.filter((i) => i.severity === 'warning').length, status: r.status,
      message: r.message, report: JSON.stringify({ issues: r.issues, issuesTotal: r.issuesTotal, unknownSchools: r.unknownSchools }),
    },
  );
  return id;
}

function fileIssue(e: unknown): Issue {
  if (e instanceof FileRejected) return { severity: 'error', scope: 'file', sheet: e.sheet, rowNo: e.rowNo, column: e.column, message: e.message };
  return { severity: 'error', scope: 'file', sheet: null, rowNo: null, column: null, message: `Файл не удалось разобрать: ${(e as Error).message}` };
}

async function unknownSchoolRefs(store: Store, ctx: CollectingContext): Promise<string[]> {
  const refs = new Set<string>();
  for (const p of ctx.pupils) refs.add(p.schoolRef);
  for (const j of ctx.journal) refs.add(j.schoolRef);
  for (const a of ctx.aggregates) if (a.level === 'school' && a.schoolRef) refs.add(a.schoolRef);
  for (const t of ctx.targets) refs.add(t.schoolRef);
  if (refs.size === 0) return [];
  // The same normalisation as staging (norm_id macro); schools registered by this very file count as known.
  const rows = await store.conn.runAndReadAll(
    `SELECT r FROM unnest($refs) t(r) WHERE r <> '' AND norm_id(r) NOT IN (SELECT id_value FROM school_ids) AND norm_id(r) NOT IN (SELECT norm_id(unnest($own))) ORDER BY r`,
    { refs: listValue([...refs]), own: listValue(ctx.schools.flatMap((s) => [s.schoolCode, s.name, s.shortName, s.fisokoLogin, s.fisokoLoginOld, s.rcoiCode].filter((x): x is string => !!x))) },
    { refs: LIST(VARCHAR), own: LIST(VARCHAR) });
  return rows.getRows().map((r) => String(r[0]));
}

export async function ingestFile(store: Store, formats: FormatModule[], input: IngestInput): Promise<IngestReport> {
  const report: IngestReport = {
    uploadId: null, fileName: input.fileName, sha256: sha256(input.bytes), format: null, formatTitle: null, status: 'rejected',
    rowsRead: 0, rowsLoaded: 0, rowsRejected: 0, rowsReplaced: 0, message: '', issues: [], issuesTotal: 0, unknownSchools: [],
  };
  const dup = (await store.conn.runAndReadAll(`SELECT upload_id, file_name, received_at::VARCHAR FROM uploads WHERE sha256 = $s AND status = 'loaded' LIMIT 1`, { s: report.sha256 })).getRows()[0];
  if (dup) {
    report.status = 'duplicate';
    report.message = `уже загружен ранее (загрузка № ${dup[0]}, «${dup[1]}», ${String(dup[2]).slice(0, 16)}) — повторная загрузка ничего не меняет.`;
    report.uploadId = await recordLedger(store, input, report);
    return report;
  }

  const ctx = new CollectingContext(await secret(store), await loadScales(store), input.onProgress);
  const finish = async (status: IngestReport['status'], message: string) => {
    report.status = status;
    report.message = message;
    report.issuesTotal = ctx.issues.length;
    report.issues = ctx.issues.slice(0, MAX_ISSUES_IN_REPORT);
    if (status === 'rejected') report.rowsLoaded = 0;
    report.uploadId = await recordLedger(store, input, report);
    return report;
  };

  let mod: FormatModule;
  try {
    const book = await openWorkbook(input.bytes, input.fileName);
    const found = detectFormat(formats, await probe(book));
    if (!found) {
      throw new FileRejected(`Формат файла не распознан: ни одна из известных форм (ФИС ОКО, РЦОИ, электронный журнал, реестр ОО, шкалы, целевые показатели) не совпала по заголовкам. Проверьте, что это выгрузка без ручных правок заголовков.`);
    }
    mod = found.mod;
    report.format = mod.id;
    report.formatTitle = mod.title;
    await mod.parse(book, ctx);
  } catch (e) {
    ctx.issue(fileIssue(e));
    return finish('rejected', `отклонён: ${fileIssue(e).message}`);
  }

  const rowErrors = new Set(ctx.issues.filter((i) => i.severity === 'error' && i.scope === 'row').map((i) => `${i.sheet}|${i.rowNo}`));
  report.rowsRejected = rowErrors.size;
  report.rowsRead = ctx.recordCount + rowErrors.size;
  if (ctx.pupils.some((p) => !p.schoolRef) || ctx.journal.some((j) => !j.schoolRef))
    ctx.issue({ severity: 'error', scope: 'file', sheet: null, rowNo: null, column: null,
      message: 'Не удалось определить ОО: в файле нет логина или кода ОО. Укажите логин ФИС ОКО в имени файла (например, «… sch220150.xlsx») или загрузите выгрузку, где ОО указана.' });
  const fileErrors = ctx.issues.filter((i) => i.severity === 'error' && i.scope === 'file');
  if (fileErrors.length > 0) return finish('rejected', `отклонён: ${fileErrors[0]!.message}`);
  if (ctx.recordCount === 0) {
    ctx.issue({ severity: 'error', scope: 'file', sheet: null, rowNo: null, column: null, message: 'В файле нет ни одной строки данных, прошедшей проверку.' });
    return finish('rejected', 'отклонён: нет ни одной корректной строки данных.');
  }

  report.unknownSchools = await unknownSchoolRefs(store, ctx);
  for (const ref of report.unknownSchools.slice(0, 50))
    ctx.issue({ severity: 'warning', scope: 'row', sheet: null, rowNo: null, column: null, message: `ОО «${ref}» нет в реестре: результаты загружены и будут показаны под этим идентификатором; добавьте ОО в реестр, чтобы связать данные.` });

  const conn = store.conn;
  const id = Number((await conn.runAndReadAll(`SELECT nextval('upload_seq')`)).getRows()[0]![0]);
  await conn.run('BEGIN TRANSACTION');
  try {
    // The ledger row goes first so replacement SQL can see this upload's format.
    await conn.run(
      `INSERT INTO uploads (upload_id, received_at, uploaded_by, channel, file_name, sha256, size_bytes, format, format_title, status)
       VALUES ($id, current_timestamp, $user, $channel, $file, $sha, $size, $format, $title, 'loaded')`,
      { id, user: input.user ?? null, channel: input.channel, file: input.fileName, sha: report.sha256, size: input.bytes.length, format: report.format, title: report.formatTitle },
    );
    report.rowsLoaded = await writeRecords(conn, id, ctx, appendRows);
    report.rowsReplaced = await runSqlFile(conn, REPLACE_SQL, { upload_id: id });
    if (ctx.schools.length > 0) await runSqlFile(conn, SCHOOL_IDS_SQL);
    report.issuesTotal = ctx.issues.length;
    report.issues = ctx.issues.slice(0, MAX_ISSUES_IN_REPORT);
    report.status = 'loaded';
    report.message = report.rowsRejected > 0 ? `загружен частично: ${report.rowsRejected} строк исключено (см. замечания).` : 'загружен.';
    await conn.run(
      `UPDATE uploads SET rows_read = $read, rows_loaded = $loaded, rows_rejected = $rejected, rows_replaced = $replaced,
         warnings = $warnings, message = $message, report = $report WHERE upload_id = $id`,
      { id, read: report.rowsRead, loaded: report.rowsLoaded, rejected: report.rowsRejected, replaced: report.rowsReplaced,
        warnings: report.issues.filter((i) => i.severity === 'warning').length, message: report.message,
        report: JSON.stringify({ issues: report.issues, issuesTotal: report.issuesTotal, unknownSchools: report.unknownSchools }) },
    );
    await conn.run('COMMIT');
    report.uploadId = id;
    return report;
  } catch (e) {
    await conn.run('ROLLBACK');
    ctx.issue({ severity: 'error', scope: 'file', sheet: null, rowNo: null, column: null, message: `Запись в хранилище не выполнена, изменения отменены: ${(e as Error).message}` });
    return finish('rejected', 'отклонён: ошибка записи в хранилище, изменения отменены.');
  }
}
