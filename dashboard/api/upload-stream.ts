// The NDJSON upload stream shared by /api/uploads (committee, any format) and a school's programme uploads
// (only that school's programme workbook): received → queued? → progress {rows} … → report per file; then done.
// A store that holds the demo takes only the demo's own files (store/demo-guard.ts): any other file of the committee's
// upload is refused unparsed, like a file over the size limit (a report, an audit entry, no ledger row, nothing
// loaded). A demo school head's programme workbook stays allowed: it is restricted to that demo school (onlySchool),
// and filling in the programme is part of trying the demo.

import { readFile } from 'node:fs/promises';
import type { Request, Response } from 'express';
import { FORMATS, IngestRefused, type IngestReport, ingestFile, issueLine } from '../../ingest/index.js';
import { refuseIntoDemo } from '../../store/demo-guard.js';
import { queueDepth } from '../../store/queue.js';
import { type AppContext, auditLog } from '../context.js';
import { fileSize } from '../format/numbers.js';
import { sendError } from '../html/errors.js';
import { type Received, readFiles, UploadError, type UploadedFile } from './multipart.js';

function summary(r: IngestReport) {
  return {
    uploadId: r.uploadId,
    fileName: r.fileName,
    format: r.format,
    formatTitle: r.formatTitle,
    status: r.status,
    message: r.message,
    rowsRead: r.rowsRead,
    rowsLoaded: r.rowsLoaded,
    rowsRejected: r.rowsRejected,
    rowsReplaced: r.rowsReplaced,
    issuesTotal: r.issuesTotal,
    unknownSchools: r.unknownSchools.slice(0, 50),
    lines: r.issues.slice(0, 200).map((i) => issueLine(r.fileName, i)),
  };
}

const rejected = (fileName: string, message: string, lines: string[] = []) => ({
  fileName,
  status: 'rejected',
  message,
  rowsRead: 0,
  rowsLoaded: 0,
  rowsRejected: 0,
  rowsReplaced: 0,
  issuesTotal: lines.length,
  lines,
  unknownSchools: [],
});

export interface StreamOptions {
  /** Passed to ingestFile: restrict to one school's records and to some formats. */
  ingest?: { onlySchool?: string | null; formats?: string[] | null };
  /** Audit action of a processed file ('upload', 'programme.upload'). */
  action: string;
  maxFiles?: number;
}

/** Uploads a user may have in flight at once: a third tab waits instead of holding more of the disk and the queue. */
export const MAX_UPLOADS_PER_USER = 2;

export async function streamUploads(ctx: AppContext, req: Request, res: Response, o: StreamOptions): Promise<void> {
  const limit = ctx.maxUploadBytes,
    total = ctx.maxRequestBytes;
  // Refused before the body is read; the connection closes so the rest of the body is not waited for.
  const refuse = (status: number, message: string) => {
    res.set('Connection', 'close');
    sendError(req, res, status, message);
  };
  if (Number(req.headers['content-length'] ?? 0) > total) {
    return refuse(
      413,
      `Загрузка слишком большая: файл должен быть не больше ${fileSize(limit)}, а все файлы одной загрузки — не больше ${fileSize(total)}. Разделите данные на несколько файлов.`,
    );
  }
  if (!/^multipart\/form-data/i.test(req.get('content-type') ?? ''))
    return refuse(400, 'Ожидается отправка файлов (multipart/form-data).');
  const user = req.session!.user.login;
  const busy = ctx.uploadsInFlight.get(user) ?? 0;
  if (busy >= MAX_UPLOADS_PER_USER)
    return refuse(
      429,
      `У вас уже идёт ${busy === 1 ? 'загрузка' : `${busy} загрузки`}: дождитесь окончания и повторите.`,
    );
  ctx.uploadsInFlight.set(user, busy + 1);
  let received: Received | null = null;
  try {
    received = await readFiles(req, ctx.uploadTmp, { fileBytes: limit, requestBytes: total, files: o.maxFiles ?? 50 });
    await processFiles(ctx, req, res, o, received.files);
  } catch (e) {
    if (!(e instanceof UploadError)) throw e;
    refuse(e.status, e.message);
  } finally {
    received?.dispose();
    const left = (ctx.uploadsInFlight.get(user) ?? 1) - 1;
    if (left > 0) ctx.uploadsInFlight.set(user, left);
    else ctx.uploadsInFlight.delete(user);
  }
}

async function processFiles(
  ctx: AppContext,
  req: Request,
  res: Response,
  o: StreamOptions,
  files: UploadedFile[],
): Promise<void> {
  const limit = ctx.maxUploadBytes;
  if (files.length === 0) return sendError(req, res, 400, 'Файлы не выбраны.');
  const user = req.session!.user.login;
  res.status(200).set({
    'Content-Type': 'application/x-ndjson; charset=utf-8',
    'Cache-Control': 'no-store',
    'X-Accel-Buffering': 'no',
  });
  res.flushHeaders();
  const send = (x: Record<string, unknown>) => {
    if (!res.writableEnded) res.write(JSON.stringify(x) + '\n');
  };
  let loaded = 0;
  /** A file refused unparsed (too large, or a demo store): its report, and the reason in the audit log (no ledger row). */
  const refused = async (f: UploadedFile, message: string, reason: string) => {
    send({ type: 'report', file: f.name, report: rejected(f.name, message, [`${f.name} — ошибка файла: ${message}`]) });
    await auditLog(ctx, user, `${o.action}.rejected`, f.name, {
      reason,
      ...(o.ingest?.onlySchool ? { school: o.ingest.onlySchool } : {}),
    });
  };
  for (const f of files) {
    send({ type: 'received', file: f.name, bytes: f.bytes });
    if (f.tooLarge) {
      await refused(
        f,
        `Файл больше допустимого размера (${fileSize(limit)}) и не загружен. Разделите данные на несколько файлов.`,
        'too_large',
      );
      continue;
    }
    if (queueDepth() > 0) send({ type: 'queued', file: f.name });
    let last = 0;
    try {
      // Read from its temporary file only when its turn in the write queue comes: one file in memory at a time. The
      // demo check is in the same turn, so no write comes between it and the ingest.
      const report = await ingestFile(
        ctx.store,
        FORMATS,
        {
          bytes: () => readFile(f.path),
          fileName: f.name,
          channel: 'web',
          user,
          onProgress: (rows) => {
            const now = Date.now();
            if (now - last >= 100) {
              last = now;
              send({ type: 'progress', file: f.name, rows });
            }
          },
        },
        {
          ...o.ingest,
          // A school head's programme workbook is restricted to the demo school and stays allowed in a demo store.
          refuse: o.ingest?.onlySchool ? undefined : refuseIntoDemo(ctx.store),
        },
      );
      send({ type: 'progress', file: f.name, rows: report.rowsRead });
      send({ type: 'report', file: f.name, report: summary(report) });
      await auditLog(ctx, user, o.action, f.name, {
        uploadId: report.uploadId,
        status: report.status,
        format: report.format,
        rowsLoaded: report.rowsLoaded,
        rowsRejected: report.rowsRejected,
        ...(o.ingest?.onlySchool ? { school: o.ingest.onlySchool } : {}),
      });
      if (report.status === 'loaded') loaded++;
    } catch (e) {
      if (e instanceof IngestRefused) {
        await refused(f, e.message, 'demo_store');
        continue;
      }
      console.error('upload failed', e);
      send({
        type: 'report',
        file: f.name,
        report: rejected(f.name, 'Файл не обработан из-за внутренней ошибки; изменения не внесены.'),
      });
    }
  }
  send({ type: 'done', loaded });
  res.end();
}
