// Web uploads. POST /api/uploads (multipart, X-CSRF-Token) answers with an NDJSON stream per file:
// received → queued? → progress {rows} … → report; then done. The client shows transfer progress from XHR
// upload events and processing progress from this stream. Also the ledger as JSON and report downloads.
import type { Express } from 'express';
import { formatReport, type IngestReport } from '../../ingest/index.js';
import { requireCommittee, requireLogin } from '../auth/access.js';
import { requireCsrf } from '../auth/csrf.js';
import type { AppContext } from '../context.js';
import { num, query } from '../data/sql.js';
import { datesInText, fmtDateTime } from '../format/dates.js';
import { fileSize } from '../format/numbers.js';
import { sendError } from '../html/errors.js';
import { unknownSchoolRoutes } from '../routes/unknown-schools.js';
import { streamUploads } from './upload-stream.js';

export function uploadsApi(app: Express, ctx: AppContext): void {
  const guard = [requireLogin, requireCommittee];

  app.post('/api/uploads', ...guard, requireCsrf, (req, res) => streamUploads(ctx, req, res, { action: 'upload' }));
  unknownSchoolRoutes(app, ctx); // «Неизвестные ОО»: link a source identifier to a registry school, undo it

  app.get('/api/uploads', ...guard, async (_req, res) => {
    res.json(await query(ctx.reader, 'uploads-ledger', { limit: 500, offset: 0 }));
  });

  app.get('/uploads/:id/report.txt', ...guard, async (req, res) => {
    // Ledger numbers are BIGINT: a longer «number» is simply not one of them (and must not reach the query).
    const raw = String(req.params.id ?? ''),
      id = Number(raw);
    const r = /^\d{1,15}$/.test(raw) ? (await query(ctx.reader, 'upload-report', { id }))[0] : undefined;
    if (!r) return sendError(req, res, 404, 'Загрузка с таким номером не найдена.');
    let rep: Partial<IngestReport> = {};
    try {
      rep = JSON.parse(String(r.report ?? '{}')) as Partial<IngestReport>;
    } catch {
      /* keep empty */
    }
    const text = formatReport({
      uploadId: id,
      fileName: String(r.file_name),
      sha256: '',
      format: null,
      formatTitle: r.format_title === null ? null : String(r.format_title),
      status: String(r.status) as IngestReport['status'],
      rowsRead: num(r.rows_read) ?? 0,
      rowsLoaded: num(r.rows_loaded) ?? 0,
      rowsRejected: num(r.rows_rejected) ?? 0,
      rowsReplaced: num(r.rows_replaced) ?? 0,
      message: datesInText(String(r.message ?? '')),
      issues: rep.issues ?? [],
      issuesTotal: rep.issuesTotal ?? 0,
      unknownSchools: rep.unknownSchools ?? [],
    });
    const head = `Ориентир: отчёт о загрузке № ${id}\nПолучен: ${fmtDateTime(r.received_at as string | null)}; загрузил: ${r.uploaded_by ?? '—'}; канал: ${r.channel}; размер файла: ${fileSize(num(r.size_bytes) ?? 0)}\n\n`;
    res.set(
      'Content-Disposition',
      `attachment; filename="upload-${id}-report.txt"; filename*=UTF-8''${encodeURIComponent(`отчёт-загрузки-${id}.txt`)}`,
    );
    res.type('text/plain; charset=utf-8').send(head + text + '\n');
  });
}
