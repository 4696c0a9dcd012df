// JSON of one school: /api/schools/:code[/timeline|/objectivity|/targets|/risk|/pupils|/similar]. Same access
// rules as the pages: the committee sees every school, a school head only their own.
import type { Express, Request, Response } from 'express';
import { requireLogin, requireSchool } from '../auth/access.js';
import type { AppContext } from '../context.js';
import {
  loadFlags,
  loadObjectivity,
  loadPupils,
  loadRisk,
  loadSchoolInfo,
  loadSchoolYears,
  loadTargets,
  loadTimeline,
  targetsJson,
} from '../data/school.js';
import { loadSimilar } from '../data/similar.js';
import { sendError } from '../html/errors.js';
import { codeParam, yearParam } from '../routes/params.js';

export function schoolsApi(app: Express, ctx: AppContext): void {
  const c = ctx.reader;
  const guard = [requireLogin, requireSchool];

  /** Resolves the school and year or answers 404; null means the response is sent. */
  async function yearOf(req: Request, res: Response): Promise<string | null> {
    const code = codeParam(req);
    const info = await loadSchoolInfo(c, code);
    if (!info) {
      sendError(req, res, 404, 'ОО не найдена.');
      return null;
    }
    const years = await loadSchoolYears(c, code);
    const wanted = yearParam(req);
    const y = wanted && years.includes(wanted) ? wanted : years[0];
    if (!y) {
      res.json(null);
      return null;
    }
    return y;
  }

  app.get('/api/schools/:code', ...guard, async (req, res) => {
    const code = codeParam(req);
    const info = await loadSchoolInfo(c, code);
    if (!info) return sendError(req, res, 404, 'ОО не найдена.');
    res.json({ info, years: await loadSchoolYears(c, code), flags: await loadFlags(c, code) });
  });

  app.get('/api/schools/:code/timeline', ...guard, async (req, res) => {
    res.json(await loadTimeline(c, codeParam(req)));
  });

  app.get('/api/schools/:code/targets', ...guard, async (req, res) => {
    res.json(targetsJson(await loadTargets(c, codeParam(req))));
  });

  app.get('/api/schools/:code/objectivity', ...guard, async (req, res) => {
    const y = await yearOf(req, res);
    if (y) res.json(await loadObjectivity(c, codeParam(req), y));
  });

  app.get('/api/schools/:code/risk', ...guard, async (req, res) => {
    const y = await yearOf(req, res);
    if (y) res.json({ year: y, rows: await loadRisk(c, codeParam(req), y) });
  });

  app.get('/api/schools/:code/pupils', ...guard, async (req, res) => {
    const y = await yearOf(req, res);
    if (y) res.json({ year: y, rows: await loadPupils(c, codeParam(req), y) });
  });

  app.get('/api/schools/:code/similar', ...guard, async (req, res) => {
    const d = await loadSimilar(c, codeParam(req), req.session!.user.role !== 'committee', yearParam(req));
    if (!d) return sendError(req, res, 404, 'ОО не найдена в реестре.');
    res.json(d);
  });
}
