// «Неизвестные ОО» on the uploads page: the section (rendered by GET /uploads, routes/admin.ts) and the committee's
// link / unlink forms (POST, session CSRF token). Each change is audited and starts a rebuild the way an upload does.
import express, { type Express, type Request } from 'express';
import { requireCommittee, requireLogin } from '../auth/access.js';
import { requireCsrf } from '../auth/csrf.js';
import { type AppContext, auditLog } from '../context.js';
import { linkSchool, loadUnknownSchools, searchText, unlinkSchool } from '../data/unknown-schools.js';
import type { Html } from '../html/escape.js';
import { LINK_ACTION, UNLINK_ACTION, unknownSchoolsSection } from '../pages/unknown-schools.js';
import { Flash } from './flash.js';

const form = express.urlencoded({ extended: false, limit: '16kb' });
const BACK = '/uploads#unknown-schools';
const flash = new Flash(); // keyed by session id, so one per process is enough

const field = (req: Request, key: string): string => {
  const v = (req.body as Record<string, unknown> | undefined)?.[key];
  return typeof v === 'string' ? v : '';
};

/** The section for GET /uploads (?unknown= filters the list); shows the outcome of the last link or unlink once. */
export async function unknownSchoolsPart(ctx: AppContext, req: Request): Promise<Html> {
  const d = await loadUnknownSchools(ctx.reader, searchText(req.query.unknown));
  return unknownSchoolsSection(d, req.session!.csrf, flash.take(req));
}

export function unknownSchoolRoutes(app: Express, ctx: AppContext): void {
  const guard = [form, requireLogin, requireCommittee, requireCsrf];

  app.post(LINK_ACTION, ...guard, async (req, res) => {
    const user = req.session!.user.login;
    const family = field(req, 'family'),
      ref = field(req, 'ref'),
      school = field(req, 'school');
    const r = await linkSchool(ctx.store, { family, ref, school, user });
    if (r.ok) {
      await auditLog(ctx, user, 'school.link', `${family}:${ref}`, {
        id_value: r.link.idValue,
        id_kind: r.link.kind,
        school: r.link.school,
      });
    }
    flash.say(req, r.ok, r.message);
    res.redirect(303, BACK);
  });

  app.post(UNLINK_ACTION, ...guard, async (req, res) => {
    const user = req.session!.user.login;
    const r = await unlinkSchool(ctx.store, { idValue: field(req, 'id_value'), kind: field(req, 'kind') });
    if (r.ok) {
      await auditLog(ctx, user, 'school.unlink', `${r.link.kind}:${r.link.idValue}`, { school: r.link.school });
    }
    flash.say(req, r.ok, r.message);
    res.redirect(303, BACK);
  });
}
