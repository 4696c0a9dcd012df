// Chart data travel inside the page (html/chart.ts): loading the overview, school pages, similar schools and the
// programme pages in Debian Chromium makes no request to /api/ — only the document and the two assets — and every
// chart slot is still drawn as SVG. Each page embeds one JSON block per data source, and what a chart reads from it
// is what the same path of the public API answer holds.
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DemoLogins } from '../../cli/bootstrap.js';
import { pick } from '../../dashboard/charts/index.js';
import { closeStore, type Store } from '../../store/db.js';
import { demoStore } from '../helpers/demo-store.js';
import { BrowserSession } from './browser-session.js';
import { listen, type Running } from './http.js';

let store: Store, app: Running, logins: DemoLogins, browser: BrowserSession, page: Page;
let A: string, P: string;

beforeAll(async () => {
  ({ store, logins } = await demoStore());
  A = logins.schools[0]!.schoolCode;
  P = String((await store.conn.runAndReadAll('SELECT min(school_code) FROM mart_programme_progress')).getRows()[0]![0]); // a school with a programme
  app = await listen(store);
  browser = await BrowserSession.open(app.base);
  page = browser.page;
});

afterAll(async () => {
  await browser?.close();
  await app?.close();
  if (store) await closeStore(store);
});

/**
 * Opens `path`, opens its collapsed sections and waits until every chart is drawn and the network is quiet. Returns
 * the paths the page requested and the number of chart slots, after checking that each slot holds a drawn SVG and
 * reads an embedded block.
 */
async function load(path: string): Promise<{ requests: string[]; slots: number }> {
  const requests: string[] = [];
  const seen = (r: { url: () => string }) => {
    const u = new URL(r.url());
    if (u.origin === app.base) requests.push(u.pathname + u.search);
  };
  page.on('request', seen);
  try {
    await page.goto(`${app.base}${path}`);
    await browser.chartsReady();
    // Charts of collapsed sections are drawn when they open (client/charts.ts): open them all.
    await page.locator('details:not([open])').evaluateAll((ds) => {
      for (const d of ds) (d as HTMLDetailsElement).open = true;
    });
    await page.waitForSelector('body[data-charts-waiting="0"]');
    await page.waitForLoadState('networkidle');
  } finally {
    page.off('request', seen);
  }
  const slots = await page.locator('[data-chart]').count();
  expect(await page.locator('[data-chart][data-rendered="1"]:has(svg)').count(), path).toBe(slots);
  const blocks = await page.locator('script[type="application/json"]').evaluateAll((els) => els.map((e) => e.id));
  const used = await page
    .locator('[data-chart]')
    .evaluateAll((els) => [...new Set(els.map((e) => (e as HTMLElement).dataset.json ?? ''))]);
  expect(blocks.sort(), path).toEqual(used.sort()); // one block per source, each read by a slot
  return { requests, slots };
}

/** Each slot's data in the page equals the same path of the API answer named by its block's data-src. */
async function sameAsApi(path: string): Promise<number> {
  const slots = await page.locator('[data-chart]').evaluateAll((els) =>
    els.map((e) => {
      const el = e as HTMLElement,
        block = document.getElementById(el.dataset.json ?? '')!;
      return {
        path: el.dataset.path ?? '',
        src: block.dataset.src ?? '',
        json: JSON.parse(block.textContent ?? 'null') as unknown,
      };
    }),
  );
  const api = new Map<string, unknown>();
  for (const s of slots) {
    if (!api.has(s.src)) {
      expect(s.src, path).toMatch(/^\/api\//);
      const r = await page.request.get(`${app.base}${s.src}`);
      expect(r.status(), s.src).toBe(200);
      api.set(s.src, await r.json());
    }
    const embedded = pick(s.json, s.path);
    expect(embedded, `${path} ${s.path}`).toBeDefined();
    expect(embedded, `${path} ${s.path}`).toEqual(pick(api.get(s.src), s.path));
  }
  return slots.length;
}

const onlyPageAndAssets = (requests: string[], path: string) => {
  expect(
    requests.filter((r) => r.startsWith('/api/')),
    path,
  ).toEqual([]);
  expect(
    requests.filter((r) => !r.startsWith('/assets/')),
    path,
  ).toEqual([path]);
};

describe('chart data embedded in the page', () => {
  it('overview: no request to /api/; grid, heat map and every sparkline drawn (also when the page comes from the page cache)', async () => {
    await browser.login(logins.committee, logins.password);
    for (const round of [1, 2]) {
      const { requests, slots } = await load('/');
      onlyPageAndAssets(requests, '/');
      expect(await page.locator('#status-grid svg g[aria-label="cell"] rect').count(), `round ${round}`).toBe(25);
      expect(await page.locator('#heatmap svg g[aria-label="cell"] rect').count()).toBeGreaterThan(100);
      expect(await page.locator('.spark svg path').count()).toBeGreaterThanOrEqual(15);
      expect(await page.locator('.spark[data-chart]').count()).toBe(slots - 2);
      expect(await page.locator('script[type="application/json"]').count()).toBe(1); // every sparkline reads trends.<code> of one block
    }
    expect(await sameAsApi('/')).toBeGreaterThan(15);
  });

  it('school page: no request to /api/; timeline, objectivity, mark matrix, histograms and programme targets drawn', async () => {
    const { requests } = await load(`/schools/${A}`);
    onlyPageAndAssets(requests, `/schools/${A}`);
    expect(await page.locator('#timeline-vpr_ku svg g.school-dot circle').count()).toBeGreaterThan(0);
    expect(await page.locator('#timeline-vpr_ku svg g.iqr path').count()).toBe(1);
    expect(await page.locator('#objectivity svg g[aria-label="bar"] rect').count()).toBeGreaterThanOrEqual(3);
    expect(await page.locator('#mark-matrix svg g[aria-label="cell"] rect').count()).toBe(16);
    expect(await page.locator('[id^="hist-"] svg g.cut line').count()).toBeGreaterThanOrEqual(3);
    expect(await sameAsApi(`/schools/${A}`)).toBeGreaterThan(10);

    const withTargets = await load(`/schools/${P}`);
    onlyPageAndAssets(withTargets.requests, `/schools/${P}`);
    expect(await page.locator('[data-chart="targets"] svg').count()).toBeGreaterThan(0);
    expect(await page.locator('script[type="application/json"]').count()).toBe(3); // timeline, objectivity, targets
    await sameAsApi(`/schools/${P}`);
  });

  it('similar schools, the «Программа» tab and /programmes: no request to /api/, every chart drawn', async () => {
    for (const path of [`/schools/${A}/similar`, `/schools/${P}/programme`, '/programmes']) {
      const { requests, slots } = await load(path);
      onlyPageAndAssets(requests, path);
      expect(slots, path).toBeGreaterThan(0);
      await sameAsApi(path);
    }
  });

  it("a school head's own page: no request to /api/, every chart drawn; print pages embed nothing", async () => {
    const head = logins.schools.find((s) => s.schoolCode === P)!;
    await browser.login(head.login, logins.password);
    const { requests, slots } = await load(`/schools/${P}`);
    onlyPageAndAssets(requests, `/schools/${P}`);
    expect(slots).toBeGreaterThan(10);
    await sameAsApi(`/schools/${P}`);
    await page.goto(`${app.base}/schools/${P}?print=1`);
    expect(await page.locator('script[type="application/json"]').count()).toBe(0);
    expect(await page.locator('main svg').count()).toBeGreaterThan(5);
  });
});
