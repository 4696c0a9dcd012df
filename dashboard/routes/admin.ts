// Committee-only operational pages: uploads (page) and jobs (page, manual run, JSON).
import express, { type Express } from 'express';
import { JOB_NAMES, loadJobSettings } from '../../domain/job-settings.js';
import { FORMATS } from '../../ingest/index.js';
import { demoInStore } from '../../store/demo-guard.js';
import { requireCommittee, requireLogin } from '../auth/access.js';
import { requireCsrf } from '../auth/csrf.js';
import { type AppContext, auditLog } from '../context.js';
import { query } from '../data/sql.js';
import { withoutPaths } from '../format/paths.js';
import { jobsPage } from '../pages/jobs.js';
import { uploadsPage } from '../pages/uploads.js';
import { Flash } from './flash.js';
import { unknownSchoolsPart } from './unknown-schools.js';

const form = express.urlencoded({ extended: false, limit: '16kb' });

/** Uploads per page of the ledger. */
export const LEDGER_PAGE = 50;

function schedules(): Record<string, string> {
  try {
    return { ...loadJobSettings().schedules };
  } catch {
    return Object.fromEntries(JOB_NAMES.map((j) => [j, '—']));
  }
}

export function adminRoutes(app: Express, ctx: AppContext): void {
  const guard = [requireLogin, requireCommittee];
  const flash = new Flash(); // the outcome of a manual run, on the next /jobs page

  // The ledger by pages of LEDGER_PAGE, newest first (?page=N); a page past the end goes to the last one.
  app.get('/uploads', ...guard, async (req, res) => {
    const raw = String(req.query.page ?? '1');
    const wanted = /^\d{1,6}$/.test(raw) && Number(raw) >= 1 ? Number(raw) : 1;
    const ledger = await query(ctx.reader, 'uploads-ledger', {
      limit: LEDGER_PAGE,
      offset: (wanted - 1) * LEDGER_PAGE,
    });
    if (ledger.length === 0 && wanted > 1) {
      const total = Number((await query(ctx.reader, 'uploads-ledger', { limit: 1, offset: 0 }))[0]?.total ?? 0);
      return res.redirect(303, `/uploads${total > 0 ? `?page=${Math.ceil(total / LEDGER_PAGE)}` : ''}`);
    }
    const total = Number(ledger[0]?.total ?? 0);
    res.type('html').send(
      uploadsPage(
        {
          ledger,
          page: wanted,
          perPage: LEDGER_PAGE,
          total,
          maxBytes: ctx.maxUploadBytes,
          formats: [...new Set(FORMATS.map((f) => f.title))],
          unknown: await unknownSchoolsPart(ctx, req),
          // The same test as the upload refuses by (store/demo-guard.ts), on the live ledger.
          demo: await demoInStore(ctx.reader),
        },
        req.session!,
      ),
    );
  });

  const shown = (rows: Awaited<ReturnType<typeof query>>) =>
    rows.map((r) => (typeof r.message === 'string' ? { ...r, message: withoutPaths(r.message) } : r));
  const jobsData = async () => ({
    runs: shown(await query(ctx.reader, 'jobs-runs', { limit: 100 })),
    builds: shown(await query(ctx.reader, 'jobs-builds', { limit: 20 })),
  });

  app.get('/jobs', ...guard, async (req, res) => {
    const message = flash.take(req);
    res
      .type('html')
      .send(
        jobsPage({ ...(await jobsData()), schedules: schedules(), canRun: !!ctx.opts.runJob, message }, req.session!),
      );
  });

  app.get('/api/jobs', ...guard, async (_req, res) => {
    res.json({ ...(await jobsData()), schedules: schedules() });
  });

  app.post('/jobs/run', form, ...guard, requireCsrf, async (req, res) => {
    const job = String((req.body as Record<string, unknown>)?.job ?? '');
    const user = req.session!.user.login;
    let r: { ok: boolean; message: string };
    if (!ctx.opts.runJob)
      r = { ok: false, message: 'Запуск заданий вручную недоступен: сервер запущен без планировщика.' };
    else if (!(JOB_NAMES as readonly string[]).includes(job)) r = { ok: false, message: `Нет задания «${job}».` };
    else {
      await auditLog(ctx, user, 'job.run', job);
      try {
        r = await ctx.opts.runJob(job, user);
      } catch (e) {
        console.error('job failed', e);
        r = { ok: false, message: 'Задание завершилось с ошибкой; подробности — в журнале сервера.' };
      }
    }
    flash.say(req, r.ok, withoutPaths(r.message));
    res.redirect(303, '/jobs');
  });
}
