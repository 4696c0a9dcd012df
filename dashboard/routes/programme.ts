// Programme monitoring: the «Программа» tab (page, JSON, roadmap edits, uploads of the school's programme workbook),
// the committee's /programmes (page, JSON), the meeting export and the template. A school head reaches only their
// own school: every :code route is guarded by requireSchool, and the writes check the measure's school again.
import express, { type Express, type Request, type Response } from 'express';
import { STATUS_CAPTION } from '../../domain/measure-statuses.js';
import { PROGRAMME_TEMPLATE_FILE, programmeTemplateBuffer } from '../../ingest/index.js';
import { streamUploads } from '../api/upload-stream.js';
import { canSeeSchool, requireCommittee, requireLogin, requireSchool } from '../auth/access.js';
import { requireCsrf } from '../auth/csrf.js';
import type { Session } from '../auth/session.js';
import { type AppContext, auditLog } from '../context.js';
import { loadSchoolProgramme, MIN_ANONYMOUS_CONTROLS, programmeJson, type SchoolProgramme } from '../data/programme.js';
import { programmesWorkbook } from '../data/programme-export.js';
import { templateOptions } from '../data/programme-template.js';
import { loadProgrammes, programmesJson } from '../data/programmes.js';
import { addMeasure, parseEdit, parseNew, updateMeasure } from '../data/roadmap.js';
import { loadSchoolInfo } from '../data/school.js';
import { sendError } from '../html/errors.js';
import { programmePage } from '../pages/programme.js';
import { programmesPage } from '../pages/programmes.js';
import { Flash } from './flash.js';
import { codeParam, isPrint, yearParam } from './params.js';

const form = express.urlencoded({ extended: false, limit: '32kb' });
const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const NOT_FOUND = 'Образовательная организация с таким кодом не найдена.';

/** For a school head, comparisons built on fewer than 3 other schools lose their numbers (as on the page). */
function privateEffect(p: SchoolProgramme, s: Session): SchoolProgramme['effect'] {
  if (s.user.role === 'committee') return p.effect;
  return p.effect.map((e) =>
    (e.n_controls ?? 0) < MIN_ANONYMOUS_CONTROLS
      ? {
          ...e,
          control_change: null,
          effect: null,
          se: null,
          ci_lo: null,
          ci_hi: null,
          evidence: '',
          evidence_text: '',
        }
      : e,
  );
}

const attachment = (res: Response, ascii: string, utf8: string) =>
  res.set('Content-Disposition', `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(utf8)}`);

export function programmeRoutes(app: Express, ctx: AppContext): void {
  const c = ctx.reader;
  const flash = new Flash(); // the outcome of an edit, on the next programme page
  const say = (req: Request, ok: boolean, text: string) => flash.say(req, ok, text);
  const back = (code: string, anchor = 'roadmap') => `/schools/${encodeURIComponent(code)}/programme#${anchor}`;
  const span = (p: SchoolProgramme) => ({
    startYear: p.passports[0]?.start_year ?? null,
    endYear: p.passports[0]?.end_year ?? null,
  });

  app.get('/schools/:code/programme', requireLogin, requireSchool, async (req, res) => {
    const code = codeParam(req);
    const info = await loadSchoolInfo(c, code);
    if (!info) return sendError(req, res, 404, NOT_FOUND);
    const p = await loadSchoolProgramme(c, code);
    const message = flash.take(req);
    res
      .type('html')
      .send(
        programmePage(
          { info, p: { ...p, effect: privateEffect(p, req.session!) }, maxBytes: ctx.maxUploadBytes, message },
          req.session!,
          isPrint(req),
        ),
      );
  });

  app.get('/api/schools/:code/programme', requireLogin, requireSchool, async (req, res) => {
    const code = codeParam(req);
    if (!(await loadSchoolInfo(c, code))) return sendError(req, res, 404, 'ОО не найдена.');
    const p = await loadSchoolProgramme(c, code);
    res.json({
      ...programmeJson(p),
      passports: p.passports,
      roadmap: p.roadmap,
      exit: p.exit,
      effect: privateEffect(p, req.session!),
      dataYear: p.dataYear,
    });
  });

  app.post('/schools/:code/programme/roadmap', form, requireLogin, requireSchool, requireCsrf, async (req, res) => {
    const code = codeParam(req);
    if (!(await loadSchoolInfo(c, code))) return sendError(req, res, 404, NOT_FOUND);
    const parsed = parseNew((req.body ?? {}) as Record<string, unknown>, span(await loadSchoolProgramme(c, code)));
    if (!parsed.ok) {
      say(req, false, `Мероприятие не добавлено: ${parsed.message}`);
      return res.redirect(303, back(code));
    }
    const user = req.session!.user.login;
    const r = await addMeasure(ctx.store, code, parsed.value, user);
    if (!r.ok) {
      say(req, false, `Мероприятие не добавлено: ${r.message}`);
      return res.redirect(303, back(code));
    }
    await auditLog(ctx, user, 'roadmap.add', `${code}/${r.id}`, {
      title: parsed.value.title,
      section: parsed.value.section,
      status: parsed.value.status,
      deadline: parsed.value.deadline,
    });
    say(req, true, `Мероприятие «${parsed.value.title}» добавлено в дорожную карту.`);
    res.redirect(303, back(code, `m-${r.id}`));
  });

  app.post('/schools/:code/programme/roadmap/:id', form, requireLogin, requireSchool, requireCsrf, async (req, res) => {
    const code = codeParam(req),
      id = String(req.params.id ?? '');
    if (!(await loadSchoolInfo(c, code))) return sendError(req, res, 404, NOT_FOUND);
    const parsed = parseEdit((req.body ?? {}) as Record<string, unknown>, span(await loadSchoolProgramme(c, code)));
    if (!parsed.ok) {
      say(req, false, `Изменения не сохранены: ${parsed.message}`);
      return res.redirect(303, back(code, `m-${id}`));
    }
    const user = req.session!.user.login;
    const r = await updateMeasure(ctx.store, code, id, parsed.value, user);
    if (r.outcome === 'missing')
      return sendError(
        req,
        res,
        404,
        'Мероприятие не найдено: возможно, дорожная карта была загружена заново. Обновите страницу.',
      );
    if (r.outcome === 'other-school') {
      await auditLog(ctx, user, 'roadmap.denied', `${code}/${id}`, { reason: 'measure of another school' });
      return sendError(
        req,
        res,
        403,
        'Нет доступа: это мероприятие дорожной карты другой образовательной организации.',
      );
    }
    const after = {
      status: parsed.value.status,
      deadline: parsed.value.deadline,
      responsible: parsed.value.responsible,
      evidence: parsed.value.evidence,
    };
    await auditLog(ctx, user, 'roadmap.update', `${code}/${id}`, { before: r.before, after });
    say(req, true, `Изменения сохранены: статус «${STATUS_CAPTION[parsed.value.status]}».`);
    res.redirect(303, back(code, `m-${id}`));
  });

  app.post('/api/schools/:code/programme/uploads', requireLogin, requireSchool, requireCsrf, async (req, res) => {
    const code = codeParam(req);
    if (!(await loadSchoolInfo(c, code))) return sendError(req, res, 404, 'ОО не найдена.');
    await streamUploads(ctx, req, res, {
      action: 'programme.upload',
      maxFiles: 5,
      ingest: { onlySchool: code, formats: ['programme-workbook'] },
    });
  });

  app.get('/programmes', requireLogin, requireCommittee, async (req, res) => {
    res.type('html').send(programmesPage(await loadProgrammes(c), req.session!, isPrint(req)));
  });

  app.get('/api/programmes', requireLogin, requireCommittee, async (_req, res) => {
    res.json(programmesJson(await loadProgrammes(c)));
  });

  // Registered before /export/:file. A school head gets their own school only; asking for another is 403.
  app.get('/export/programmes.xlsx', requireLogin, async (req, res) => {
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
    const { buffer, rows } = await programmesWorkbook(c, {
      school,
      year: yearParam(req),
      anonymous: s.user.role !== 'committee',
    });
    await auditLog(ctx, s.user.login, 'export', 'programmes.xlsx', { school, rows });
    attachment(
      res,
      `orientir-programmes${school ? `-${school}` : ''}.xlsx`.replace(/[^\w.-]/g, '_'),
      `Ориентир — программы${school ? ` ${school}` : ''}.xlsx`,
    );
    res.type(XLSX).send(buffer);
  });

  // The template; pre-filled with the school's current programme when a school is given (a head: always their own).
  app.get('/templates/programme.xlsx', requireLogin, async (req, res) => {
    const s = req.session!;
    const asked = typeof req.query.school === 'string' && req.query.school ? req.query.school : null;
    if (asked && !canSeeSchool(s, asked))
      return sendError(
        req,
        res,
        403,
        'Нет доступа: шаблон с данными другой образовательной организации недоступен для вашей учётной записи.',
      );
    const school = s.user.role === 'committee' ? asked : s.user.schoolCode;
    let buffer: Buffer;
    if (school) {
      const info = await loadSchoolInfo(c, school);
      if (!info) return sendError(req, res, 404, NOT_FOUND);
      buffer = await programmeTemplateBuffer(templateOptions(info, await loadSchoolProgramme(c, school)));
    } else buffer = await programmeTemplateBuffer();
    await auditLog(ctx, s.user.login, 'template', 'programme.xlsx', { school });
    attachment(
      res,
      `programme-template${school ? `-${school}` : ''}.xlsx`.replace(/[^\w.-]/g, '_'),
      school ? PROGRAMME_TEMPLATE_FILE.replace('.xlsx', ` ${school}.xlsx`) : PROGRAMME_TEMPLATE_FILE,
    );
    res.type(XLSX).send(buffer);
  });
}
