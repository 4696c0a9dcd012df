// Server-rendered pages: overview, school, similar schools, methodology.
import type { Express, Response } from 'express';
import { homeOf, requireCommittee, requireLogin, requireSchool } from '../auth/access.js';
import type { AppContext } from '../context.js';
import { loadMethodology } from '../data/methodology.js';
import { loadOverview, loadYears } from '../data/overview.js';
import {
  loadAreas,
  loadFlags,
  loadObjectivity,
  loadPupils,
  loadRisk,
  loadSchoolInfo,
  loadSchoolYears,
  loadTargets,
  loadTimeline,
  pickSchoolYear,
} from '../data/school.js';
import { loadSimilar } from '../data/similar.js';
import { sendError } from '../html/errors.js';
import { methodologyPage } from '../pages/methodology.js';
import { overviewPage } from '../pages/overview.js';
import { type SchoolPageData, schoolPage } from '../pages/school.js';
import { similarPage } from '../pages/similar.js';
import { type PageBody, PageCache } from './page-cache.js';
import { codeParam, isPrint, moParam, yearParam } from './params.js';

export async function loadSchoolPage(ctx: AppContext, code: string, wanted?: string): Promise<SchoolPageData | null> {
  const c = ctx.reader;
  const info = await loadSchoolInfo(c, code);
  if (!info) return null;
  const years = await loadSchoolYears(c, code);
  const { year, missingYear } = pickSchoolYear(years, wanted);
  const [flags, timeline, targets] = await Promise.all([
    loadFlags(c, code),
    loadTimeline(c, code),
    loadTargets(c, code),
  ]);
  if (!year)
    return {
      info,
      years,
      year,
      missingYear,
      flags,
      timeline,
      objectivity: null,
      risk: [],
      targets,
      pupils: [],
      areas: [],
    };
  const [objectivity, risk, pupils, areas] = await Promise.all([
    loadObjectivity(c, code, year),
    loadRisk(c, code, year),
    loadPupils(c, code, year),
    loadAreas(c, code, year),
  ]);
  return { info, years, year, missingYear, flags, timeline, objectivity, risk, targets, pupils, areas };
}

function sendPage(res: Response, page: PageBody): void {
  res.type('html').vary('Accept-Encoding');
  if (page.gzip) res.set('Content-Encoding', 'gzip');
  res.send(page.body);
}

export function pageRoutes(app: Express, ctx: AppContext): void {
  const pages = new PageCache(ctx.store);

  app.get('/', requireLogin, async (req, res) => {
    const s = req.session!;
    if (s.user.role !== 'committee') return res.redirect(303, homeOf(s));
    const print = isPrint(req); // print pages carry the time they were made: never cached
    const render = async (shell: typeof s) =>
      overviewPage(await loadOverview(ctx.reader, yearParam(req), moParam(req)), shell, print);
    if (print) return res.type('html').send(await render(s));
    sendPage(res, (await pages.get(req, `overview|${yearParam(req) ?? ''}|${moParam(req) ?? ''}`, render))!);
  });

  app.get('/schools', requireLogin, requireCommittee, (_req, res) => res.redirect(303, '/'));

  app.get('/schools/:code', requireLogin, requireSchool, async (req, res) => {
    const print = isPrint(req);
    const render = async (shell: NonNullable<typeof req.session>) => {
      const d = await loadSchoolPage(ctx, codeParam(req), yearParam(req));
      return d ? schoolPage(d, shell, print) : null;
    };
    const body = print
      ? await render(req.session!)
      : await pages.get(req, `school|${codeParam(req)}|${yearParam(req) ?? ''}`, render);
    if (body === null) return sendError(req, res, 404, 'Образовательная организация с таким кодом не найдена.');
    if (typeof body === 'string') return res.type('html').send(body);
    sendPage(res, body);
  });

  app.get('/schools/:code/similar', requireLogin, requireSchool, async (req, res) => {
    const code = codeParam(req);
    const info = await loadSchoolInfo(ctx.reader, code);
    const d = info ? await loadSimilar(ctx.reader, code, req.session!.user.role !== 'committee', yearParam(req)) : null;
    if (!info || !d)
      return sendError(
        req,
        res,
        404,
        'Образовательная организация не найдена в реестре: группу похожих школ определить нельзя.',
      );
    res.type('html').send(similarPage(info, d, await loadYears(ctx.reader), req.session!));
  });

  app.get('/methodology', requireLogin, async (req, res) => {
    res.type('html').send(methodologyPage(await loadMethodology(ctx.reader), req.session!));
  });
}
