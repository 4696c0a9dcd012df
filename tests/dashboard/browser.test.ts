// Browser tests: Debian Chromium driven by playwright-core against the app on a working store holding the demo's
// data (workStoreCopy: a demo store refuses regional files) — drag-and-drop upload with progress and reports,
// rendered chart marks and tooltips, client-side sort/filter, a school head's 403s, and the A4 print layout.
// Screenshots and a PDF go to tests/artifacts/.
import { mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DemoLogins } from '../../cli/bootstrap.js';
import { demoFiles, workStoreCopy } from '../helpers/demo-store.js';
import { BrowserSession } from './browser-session.js';
import { listen, type Running } from './http.js';

const ART = 'tests/artifacts';
let app: Running, logins: DemoLogins, browser: BrowserSession;
let page: Page;
let A: string, B: string;

const login = (name: string) => browser.login(name, logins.password);
const chartsReady = () => browser.chartsReady();

beforeAll(async () => {
  mkdirSync(ART, { recursive: true });
  const demo = await workStoreCopy();
  ({ logins } = demo);
  A = logins.schools[0]!.schoolCode;
  B = logins.schools[1]!.schoolCode;
  app = await listen(demo.store);
  browser = await BrowserSession.open(app.base);
  ({ page } = browser);
});

afterAll(async () => {
  await browser?.close();
  await app?.close();
});

describe('in the browser', () => {
  it('committee uploads files by drag and drop and sees progress reach 100 % and the reports', async () => {
    await login(logins.committee);
    await page.goto(`${app.base}/uploads`);
    const vpr = readdirSync(demoFiles()).find((f) => /ВПР.*\.xlsx$/.test(f))!;
    const files = [
      { name: vpr, b64: readFileSync(join(demoFiles(), vpr)).toString('base64') },
      {
        name: 'fisoko_vpr2021_altai_export_geography10.xlsx',
        b64: readFileSync('tests/fixtures/samples/fisoko_vpr2021_altai_export_geography10.xlsx').toString('base64'),
      },
    ];
    const dt = await page.evaluateHandle((list) => {
      const d = new DataTransfer();
      for (const f of list) d.items.add(new File([Uint8Array.from(atob(f.b64), (c) => c.charCodeAt(0))], f.name));
      return d;
    }, files);
    await page.dispatchEvent('[data-dropzone]', 'drop', { dataTransfer: dt });
    await page.waitForFunction(() => document.querySelectorAll('.upload-item[data-state="done"]').length === 2, null, {
      timeout: 45_000,
    });
    const items = await page.locator('.upload-item').evaluateAll((els) =>
      els.map((el) => ({
        bars: [...el.querySelectorAll('progress')].map((p) => (p as HTMLProgressElement).value),
        texts: [...el.querySelectorAll('.bar-text')].map((t) => t.textContent ?? ''),
        report: el.querySelector('.report')?.textContent ?? '',
      })),
    );
    expect(items).toHaveLength(2);
    for (const it of items) {
      expect(it.bars).toEqual([100, 100]);
      expect(it.texts[0]).toBe('100 %');
      expect(it.texts[1]).toMatch(/^100 %/);
    }
    expect(items[0]!.report).toMatch(/^Повтор: уже загружен ранее/);
    expect(items[1]!.report).toMatch(/^(Загружен|Отклонён)/);
    expect(items[1]!.report).toMatch(/Формат: ФИС ОКО|Отклонён/);
    await page.locator('section.upload').screenshot({ path: `${ART}/uploads.png` });
  });

  it('overview draws the grid, heat map and sparklines; tooltips, sorting and filters work', async () => {
    await page.goto(`${app.base}/`);
    await chartsReady();
    expect(await page.locator('#status-grid svg g[aria-label="cell"] rect').count()).toBe(25);
    expect(await page.locator('#heatmap svg g[aria-label="cell"] rect').count()).toBeGreaterThan(100);
    expect(await page.locator('.spark svg path').count()).toBeGreaterThanOrEqual(15);
    const cell = page.locator('#status-grid svg g[aria-label="cell"] rect').nth(12);
    await cell.hover();
    await expect.poll(() => page.locator('#status-grid g[aria-label="tip"] text').count()).toBeGreaterThan(0);
    const th = page.locator('table.schools th', { hasText: 'ИОР' }).first();
    await th.click();
    expect(await th.getAttribute('aria-sort')).toBe('ascending');
    const iors = await page
      .locator('table.schools tbody tr td:nth-child(4)')
      .evaluateAll((tds) =>
        tds.map((t) => Number((t as HTMLElement).dataset.sort ?? NaN)).filter((x) => !Number.isNaN(x)),
      );
    expect(iors).toEqual([...iors].sort((a, b) => a - b));
    await page.selectOption('select[data-filter="settlement"]', 'село');
    const shown = await page.locator('table.schools tbody tr:not([hidden])').count();
    const all = await page.locator('table.schools tbody tr').count();
    expect(shown).toBeGreaterThan(0);
    expect(shown).toBeLessThan(all);
    await expect.poll(() => page.locator('[data-filter-count]').textContent()).toContain(`${shown} из ${all}`);
    await page.selectOption('select[data-filter="settlement"]', '');
    await page.screenshot({ path: `${ART}/overview.png`, fullPage: true });
  });

  it('school page draws timeline, objectivity and histogram marks', async () => {
    await page.goto(`${app.base}/schools/${A}`);
    await chartsReady();
    expect(await page.locator('#timeline-vpr_ku svg g.school-dot circle').count()).toBeGreaterThan(0);
    expect(await page.locator('#timeline-vpr_ku svg g.iqr path').count()).toBe(1);
    expect(await page.locator('#objectivity svg g[aria-label="bar"] rect').count()).toBeGreaterThanOrEqual(3);
    expect(await page.locator('#mark-matrix svg g[aria-label="cell"] rect').count()).toBe(16);
    // Each timeline is drawn at its slot's width up to the kind's widest (720 px; client/charts.ts reads every width
    // before drawing).
    const fits = await page
      .locator('[data-chart="timeline"]')
      .evaluateAll((els) => els.map((el) => [el.clientWidth, Number(el.querySelector('svg')?.getAttribute('width'))]));
    expect(fits.length).toBeGreaterThan(1);
    for (const [slot, svg] of fits) expect(svg).toBe(Math.min(slot!, 720));
    // The histograms of the collapsed section are drawn when it opens, each at its slot's width (up to 640 px).
    const hists = page.locator('details.hists [data-chart="histogram"]');
    const n = await hists.count();
    expect(n).toBeGreaterThan(4); // more than 4: the section starts closed
    expect(await page.locator('body').getAttribute('data-charts-waiting')).toBe(String(n));
    expect(await hists.locator('svg').count()).toBe(0);
    await page.locator('details.hists > summary').click();
    await page.waitForSelector('body[data-charts-waiting="0"]');
    expect(await page.locator('[id^="hist-"] svg g.cut line').count()).toBeGreaterThanOrEqual(3);
    const histFits = await hists.evaluateAll((els) =>
      els.map((el) => [el.clientWidth, Number(el.querySelector('svg')?.getAttribute('width'))]),
    );
    expect(histFits).toHaveLength(n);
    for (const [slot, svg] of histFits) expect(svg).toBe(Math.min(slot!, 640));
    await page.screenshot({ path: `${ART}/school.png`, fullPage: true });
  });

  it('the A4 print layout renders charts on the server and prints to PDF', async () => {
    await page.goto(`${app.base}/schools/${A}?print=1`);
    expect(await page.locator('[data-chart]').count()).toBe(0);
    expect(await page.locator('main svg').count()).toBeGreaterThan(5);
    expect(await page.locator('h1').textContent()).toContain('Аналитическая справка');
    await page.emulateMedia({ media: 'print' });
    await page.screenshot({ path: `${ART}/school-print.png`, fullPage: true });
    const pdf = await page.pdf({ format: 'A4', path: `${ART}/school-print.pdf`, printBackground: true });
    expect(pdf.subarray(0, 4).toString()).toBe('%PDF');
    await page.emulateMedia({ media: 'screen' });
  });

  it("a school head gets 403 on another school's page, API and export", async () => {
    await login(logins.schools[0]!.login);
    expect(new URL(page.url()).pathname).toBe(`/schools/${A}`);
    const r = await page.goto(`${app.base}/schools/${B}`);
    expect(r?.status()).toBe(403);
    expect(await page.locator('h1').textContent()).toBe('Доступ запрещён');
    await page.screenshot({ path: `${ART}/school-head-403.png` });
    expect((await page.request.get(`${app.base}/api/schools/${B}/timeline`)).status()).toBe(403);
    expect((await page.request.get(`${app.base}/export/school-metrics.csv?school=${B}`)).status()).toBe(403);
    expect((await page.request.get(`${app.base}/api/schools/${A}/timeline`)).status()).toBe(200);
    await page.goto(`${app.base}/schools/${A}/similar`);
    await chartsReady();
    // Small groups are not shown even as aggregates; otherwise the chart has no other school's name.
    if (await page.locator('.notice').count())
      expect(await page.locator('.notice').textContent()).toContain('не показываются');
    else expect(await page.locator('#similar svg').count()).toBe(1);
    for (const other of logins.schools.slice(1)) expect(await page.content()).not.toContain(other.name);
  });
});
