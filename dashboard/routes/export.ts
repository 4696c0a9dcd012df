// Exports: /export/<dataset>.csv|xlsx[?school=CODE]. A school head gets only their own school's rows plus the
// benchmark rows (municipality, region); asking for another school is 403. Every export is audited.
import type { Express } from 'express';
import { DATASETS, type Dataset, datasetRows, toCsv, toXlsx } from '../../transforms/export.js';
import { canSeeSchool, requireLogin } from '../auth/access.js';
import { type AppContext, auditLog } from '../context.js';
import { sendError } from '../html/errors.js';

export function exportRoutes(app: Express, ctx: AppContext): void {
  app.get('/export/:file', requireLogin, async (req, res) => {
    const m = /^([a-z-]+)\.(csv|xlsx)$/.exec(String(req.params.file));
    if (!m || !(DATASETS as readonly string[]).includes(m[1]!)) return sendError(req, res, 404, 'Такой выгрузки нет.');
    const dataset = m[1] as Dataset,
      ext = m[2] as 'csv' | 'xlsx';
    const s = req.session!;
    const asked = typeof req.query.school === 'string' && req.query.school ? req.query.school : null;
    if (asked && !canSeeSchool(s, asked))
      return sendError(
        req,
        res,
        403,
        'Нет доступа: выгрузка данных другой образовательной организации недоступна для вашей учётной записи.',
      );
    const school = s.user.role === 'committee' ? asked : s.user.schoolCode;
    if (s.user.role !== 'committee' && !school) return sendError(req, res, 403, 'Учётная запись не привязана к ОО.');
    const { columns, rows } = await datasetRows({ ...ctx.store, conn: ctx.reader }, dataset, school);
    const body = ext === 'csv' ? toCsv(columns, rows) : await toXlsx(dataset, columns, rows);
    await auditLog(ctx, s.user.login, 'export', `${dataset}.${ext}`, { school, rows: rows.length });
    const name = `orientir-${dataset}${school ? `-${school}` : ''}.${ext}`.replace(/[^\w.-]/g, '_');
    res.set('Content-Disposition', `attachment; filename="${name}"`);
    res
      .type(
        ext === 'csv' ? 'text/csv; charset=utf-8' : 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
      )
      .send(body);
  });
}
