// Browser cold load: Debian Chromium (playwright-core) opens a school page in a fresh context (empty cache,
// session cookie only) and waits until every chart shown is drawn (`body[data-charts-ready]`, set by the client
// bundle), then opens the collapsed sections and waits for their charts. Reference in the same run: the same cold
// context loading the login page to its `load` event.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { login } from './http-load.js';
import { median } from './measure.js';
import { startServer } from './server-proc.js';

export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export interface BrowserMeasure {
  schoolMs: number[];
  loginMs: number[];
  schoolMedian: number;
  loginMedian: number;
  /** Navigation timing of the last school load: server answer, DOMContentLoaded, load (ms from navigation start). */
  nav: { responseEnd: number; domContentLoaded: number; load: number };
  /** Main-thread work of the last school load (Chromium's Performance metrics): all tasks, scripts, layout, style. */
  work: { taskMs: number; scriptMs: number; layoutMs: number; styleMs: number; layouts: number };
  /** Charts drawn on load (the shown ones; those of collapsed sections wait until they open). */
  charts: number;
  /** Opening the collapsed sections after the load: their charts, and the median time until all are drawn. */
  collapsed: { charts: number; medianMs: number };
  errors: number;
  serverPeakRssMb: number;
}

export async function browserColdLoad(a: {
  store: string;
  user: string;
  password: string;
  schools: string[];
  runs: number;
  chromium: string;
}): Promise<BrowserMeasure> {
  const srv = await startServer(a.store);
  const profile = mkdtempSync(join(tmpdir(), 'orientir-bench-chromium-'));
  const browser = await chromium.launch({ executablePath: a.chromium, headless: true, args: CHROMIUM_ARGS });
  try {
    const cookie = await login(srv.base, a.user, a.password);
    const cookies = cookie.split('; ').map((c) => {
      const i = c.indexOf('=');
      return { name: c.slice(0, i), value: c.slice(i + 1), url: srv.base };
    });
    const schoolMs: number[] = [],
      loginMs: number[] = [];
    let nav = { responseEnd: NaN, domContentLoaded: NaN, load: NaN };
    let work = { taskMs: NaN, scriptMs: NaN, layoutMs: NaN, styleMs: NaN, layouts: NaN };
    let charts = 0,
      errors = 0,
      collapsedCharts = 0;
    const openMs: number[] = [];
    // One untimed pass warms the server (first query plans, the esbuild bundle) so runs measure the client.
    for (let i = -1; i < a.runs; i++) {
      const code = a.schools[(i + a.schools.length) % a.schools.length]!;
      {
        const ctx = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'ru-RU' });
        const page = await ctx.newPage();
        const t0 = performance.now();
        await page.goto(`${srv.base}/login`, { waitUntil: 'load' });
        if (i >= 0) loginMs.push(performance.now() - t0);
        await ctx.close();
      }
      const ctx = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'ru-RU' });
      await ctx.addCookies(cookies);
      const page = await ctx.newPage();
      const cdp = await ctx.newCDPSession(page);
      await cdp.send('Performance.enable');
      const t0 = performance.now();
      // The bundle is a deferred script that draws every chart synchronously, so they are drawn by DOMContentLoaded;
      // the selector then answers at once (polling it during the load cost the page ~50 ms of its main thread).
      await page.goto(`${srv.base}/schools/${code}`, { waitUntil: 'domcontentloaded' });
      await page.waitForSelector('body[data-charts-ready]', { timeout: 60_000 });
      const ms = performance.now() - t0;
      if (i >= 0) {
        schoolMs.push(ms);
        charts = await page.locator('[data-rendered]').count();
        errors = await page.locator('[data-rendered="error"]').count();
        await page.waitForLoadState('load');
        nav = await page.evaluate(() => {
          const n = performance.getEntriesByType('navigation')[0] as PerformanceNavigationTiming;
          return { responseEnd: n.responseEnd, domContentLoaded: n.domContentLoadedEventEnd, load: n.loadEventEnd };
        });
        const metric = new Map((await cdp.send('Performance.getMetrics')).metrics.map((x) => [x.name, x.value]));
        const msOf = (name: string) => 1000 * (metric.get(name) ?? NaN); // the metrics are in seconds
        work = {
          taskMs: msOf('TaskDuration'),
          scriptMs: msOf('ScriptDuration'),
          layoutMs: msOf('LayoutDuration'),
          styleMs: msOf('RecalcStyleDuration'),
          layouts: metric.get('LayoutCount') ?? NaN,
        };
        // What a user waits for on opening the collapsed sections (the school page's histograms).
        const t1 = performance.now();
        await page.locator('details:not([open]):has([data-chart])').evaluateAll((ds) => {
          for (const d of ds) (d as HTMLDetailsElement).open = true;
        });
        await page.waitForSelector('body[data-charts-waiting="0"]', { timeout: 60_000 });
        openMs.push(performance.now() - t1);
        collapsedCharts = (await page.locator('[data-rendered]').count()) - charts;
        errors = await page.locator('[data-rendered="error"]').count();
      }
      await ctx.close();
    }
    return {
      schoolMs,
      loginMs,
      schoolMedian: median(schoolMs),
      loginMedian: median(loginMs),
      nav,
      work,
      charts,
      collapsed: { charts: collapsedCharts, medianMs: median(openMs) },
      errors,
      serverPeakRssMb: srv.peakRssMb(),
    };
  } finally {
    await browser.close();
    rmSync(profile, { recursive: true, force: true });
    await srv.stop();
  }
}
