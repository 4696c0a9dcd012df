// GET /api/overview — the committee overview as JSON (the overview's charts read it).
import type { Express } from 'express';
import { requireCommittee, requireLogin } from '../auth/access.js';
import type { AppContext } from '../context.js';
import { loadOverview } from '../data/overview.js';
import { overviewJson } from '../pages/overview.js';
import { moParam, yearParam } from '../routes/params.js';

export function overviewApi(app: Express, ctx: AppContext): void {
  app.get('/api/overview', requireLogin, requireCommittee, async (req, res) => {
    res.json(overviewJson(await loadOverview(ctx.reader, yearParam(req), moParam(req))));
  });
}
