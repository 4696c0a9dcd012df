// Web uploads. POST /api/uploads (multipart, X-CSRF-Token) answers with an NDJSON stream per file:
// received → queued? → progress {rows} … → report; then done. The client shows transfer progress from XHR
// upload events and processing progress from this stream. Also the ledger as JSON and report downloads.
import type { Express } from 'express';
import { FORMATS } from '../../ingest/formats/index.js';
import { ingestFile } from '../../ingest/load.js';
import { formatReport, issueLine, type IngestReport } from '../../ingest/report.js';
import { queueDepth, serialize } from '../../store/queue.js';
import { requireCommittee, requireLogin } from '../auth/access.js';
import { requireCsrf } from '../auth/csrf.js';
import { auditLog, type AppContext } from '../context.js';
import { num, query } from '../data/sql.js';
import { sendError } from '../html/errors.js';
import { readFiles } from './multipart.js';

export const sizeText = (bytes: number): string => `${Math.round(bytes / 1024 / 1024)} МБ`;

function summary(r: IngestReport) {
  return {
    uploadId: r.uploadId, fileName: r.fileName, format: r.format, formatTitle: r.formatTitle, status: r.status, message: r.message,
    rowsRead: r.rowsRead, rowsLoaded: r.rowsLoaded, rowsRejected: r.rowsRejected, rowsReplaced: r.rowsReplaced,
    issuesTotal: r.issuesTotal, unknownSchools: r.unknownSchools.slice(0, 50),
    lines: r.issues.slice(0, 200).map((i) => issueLine(r.fileName, i)),
  };
}

export function uploadsApi(app: Express, ctx: AppContext): void {
  const guard = [requireLogin, requireCommittee];

  app.post('/api/uploads', ...guard, requireCsrf, async (req, res) => {
    const limit = ctx.maxUploadBytes;
    const declared = Number(req.headers['content-length'] ?? 0);
    if (declared > limit * 1.05 + 1024 * 1024 * 2) {
      res.set('Connection', 'close');
      return sendError(req, res, 413, `Загрузка слишком большая: файл должен быть не больше ${sizeText(limit)}. Разделите данные на несколько файлов.`);
    }
    if (!/^multipart\/form-data/i.test(req.get('content-type') ?? '')) return sendError(req, res, 400, 'Ожидается отправка файлов (multipart/form-data).');
    const files = await readFiles(req, limit);
    if (files.length === 0) return sendError(req, res, 400, 'Файлы не выбраны.');
    const user = req.session!.user.login;
    res.status(200).set({ 'Content-Type': 'application/x-ndjson; charset=utf-8', 'Cache-Control': 'no-store', 'X-Accel-Buffering': 'no' });
    res.flushHeaders();
    const send = (o: Record<string, unknown>) => { if (!res.writableEnded) res.write(JSON.stringify(o) + '\n'); };
    let loaded = 0;
    for (const f of files) {
      send({ type: 'received', file: f.name, bytes: f.bytes.length });
      if (f.tooLarge) {
        const message = `Файл больше допустимого размера (${sizeText(limit)}) и не загружен. Разделите данные на несколько файлов.`;
        send({ type: 'report', file: f.name, report: { fileName: f.name, status: 'rejected', message, rowsRead: 0, rowsLoaded: 0, rowsRejected: 0, rowsReplaced: 0, issuesTotal: 1, lines: [`${f.name} — ошибка файла: ${message}`], unknownSchools: [] } });
        await auditLog(ctx, user, 'upload.rejected', f.name, { reason: 'too_large' });
        continue;
      }
      if (queueDepth() > 0) send({ type: 'queued', file: f.name });
      let last = 0;
      try {
        const report = await serialize(() => ingestFile(ctx.store, FORMATS, {
          bytes: f.bytes, fileName: f.name, channel: 'web', user,
          onProgress: (rows) => { const now = Date.now(); if (now - last >= 100) { last = now; send({ type: 'progress', file: f.name, rows }); } },
        }));
        send({ type: 'progress', file: f.name, rows: report.rowsRead });
        send({ type: 'report', file: f.name, report: summary(report) });
        await auditLog(ctx, user, 'upload', f.name, { uploadId: report.uploadId, status: report.status, format: report.format, rowsLoaded: report.rowsLoaded, rowsRejected: report.rowsRejected });
        if (report.status === 'loaded') loaded++;
      } catch (e) {
        console.error('upload failed', e);
        send({ type: 'report', file: f.name, report: { fileName: f.name, status: 'rejected', message: 'Файл не обработан из-за внутренней ошибки; изменения не внесены.', rowsRead: 0, rowsLoaded: 0, rowsRejected: 0, rowsReplaced: 0, issuesTotal: 0, lines: [], unknownSchools: [] } });
      }
    }
    send({ type: 'done', loaded });
    res.end();
    if (loaded > 0) ctx.opts.afterUpload?.();
  });

  app.get('/api/uploads', ...guard, async (_req, res) => {
    res.json(await query(ctx.reader, 'uploads-ledger', { limit: 500 }));
  });

  app.get('/uploads/:id/report.txt', ...guard, async (req, res) => {
    const id = Number(req.params.id);
    const r = Number.isInteger(id) ? (await query(ctx.reader, 'upload-report', { id }))[0] : undefined;
    if (!r) return sendError(req, res, 404, 'Загрузка с таким номером не найдена.');
    let rep: Partial<IngestReport> = {};
    try { rep = JSON.parse(String(r.report ?? '{}')) as Partial<IngestReport>; } catch { /* keep empty */ }
    const text = formatReport({
      uploadId: id, fileName: String(r.file_name), sha256: '', format: null, formatTitle: r.format_title === null ? null : String(r.format_title),
      status: String(r.status) as IngestReport['status'], rowsRead: num(r.rows_read) ?? 0, rowsLoaded: num(r.rows_loaded) ?? 0,
      rowsRejected: num(r.rows_rejected) ?? 0, rowsReplaced: num(r.rows_replaced) ?? 0, message: String(r.message ?? ''),
      issues: rep.issues ?? [], issuesTotal: rep.issuesTotal ?? 0, unknownSchools: rep.unknownSchools ?? [],
    });
    const head = `Ориентир: отчёт о загрузке № ${id}\nПолучен: ${String(r.received_at)}; загрузил: ${r.uploaded_by ?? '—'}; канал: ${r.channel}\n\n`;
    res.set('Content-Disposition', `attachment; filename="upload-${id}-report.txt"; filename*=UTF-8''${encodeURIComponent(`отчёт-загрузки-${id}.txt`)}`);
    res.type('text/plain; charset=utf-8').send(head + text + '\n');
  });
}
