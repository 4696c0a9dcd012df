// Browser test of the programme pages (Debian Chromium via playwright-core) on the demo municipality: a school head
// opens the «Программа» tab from the school page, every indicator's plan vs actual chart is drawn with status marks
// and tooltips, a roadmap status edit round-trips through the form (CSRF, redirect, shown, stored, audited), and the
// committee's traffic-light matrix and comparison charts render. Screenshots go to tests/artifacts/.
import { mkdirSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DemoLogins } from '../../cli/bootstrap.js';
import { closeStore, type Store } from '../../store/db.js';
import { demoStore } from '../helpers/demo-store.js';
import { BrowserSession } from './browser-session.js';
import { listen, type Running } from './http.js';

const ART = 'tests/artifacts';
let store: Store, app: Running, logins: DemoLogins, browser: BrowserSession;
let page: Page;
let code: string, series: number, measure: string, schools: number, outcomes: number;

const one = async (sql: string, params: Record<string, string> = {}) =>
  (await store.conn.runAndReadAll(sql, params)).getRows()[0]!;

const login = (name: string) => browser.login(name, logins.password);
const chartsReady = () => browser.chartsReady();

beforeAll(async () => {
  mkdirSync(ART, { recursive: true });
  ({ store, logins } = await demoStore());
  code = String((await one('SELECT min(school_code) FROM stg_programmes'))[0]);
  series = Number(
    (
      await one(
        `SELECT count(DISTINCT (indicator, subject, grade)) FROM mart_programme_progress WHERE school_code = $c`,
        { c: code },
      )
    )[0],
  );
  measure = String(
    (
      await one(`SELECT min(measure_id) FROM stg_roadmap WHERE school_code = $c AND status = 'planned'`, { c: code })
    )[0],
  );
  schools = Number((await one('SELECT count(DISTINCT school_code) FROM stg_programmes'))[0]);
  outcomes = Number((await one('SELECT count(DISTINCT outcome) FROM mart_programme_effect'))[0]);
  app = await listen(store);
  browser = await BrowserSession.open(app.base);
  ({ page } = browser);
});

afterAll(async () => {
  await browser?.close();
  await app?.close();
  if (store) await closeStore(store);
});

describe('programme pages in the browser (demo municipality)', () => {
  it('the «Программа» tab draws plan vs actual for every indicator, with status marks and tooltips', async () => {
    expect(series).toBeGreaterThan(3);
    await login(`school-${code}`);
    expect(new URL(page.url()).pathname).toBe(`/schools/${code}`);
    await Promise.all([
      page.waitForURL((u) => u.pathname === `/schools/${code}/programme`),
      page.click('.tabs a:has-text("Программа")'),
    ]);
    await chartsReady();
    expect(await page.locator('.tabs [aria-current="page"]').textContent()).toBe('Программа');
    expect(await page.locator('[data-chart="programme"][data-rendered="1"] svg').count()).toBe(series);
    expect(await page.locator('[data-chart="programme"] svg g.plan path').count()).toBe(series);
    const marks = page.locator('[data-chart="programme"] svg :is(g.st-on_track, g.st-at_risk, g.st-off_track) > *');
    expect(await marks.count()).toBeGreaterThan(series);
    await marks.first().hover();
    await expect
      .poll(() =>
        page
          .locator('[data-chart="programme"] g[aria-label="tip"]')
          .allTextContents()
          .then((t) => t.join(' ')),
      )
      .toMatch(/в графике|под угрозой|отстаёт/);
    await page.screenshot({ path: `${ART}/programme.png`, fullPage: true });
  });

  it('a roadmap status edit round-trips: form → saved → shown, stored and audited', async () => {
    const row = page.locator(`tr#m-${measure}`);
    expect(await row.locator('.status-cell').textContent()).toBe('запланировано');
    await row.locator('details.edit > summary').click();
    await row.locator('select[name=status]').selectOption('in_progress');
    await row.locator('textarea[name=evidence]').fill('Рабочая группа создана, приказ № 41');
    await Promise.all([page.waitForURL((u) => u.hash === `#m-${measure}`), row.locator('button[type=submit]').click()]);
    expect(await page.locator('.notice.ok').textContent()).toContain('статус «выполняется»');
    expect(await page.locator(`tr#m-${measure} .status-cell`).textContent()).toBe('выполняется');
    expect(await page.locator(`tr#m-${measure}`).textContent()).toContain('Рабочая группа создана, приказ № 41');
    const stored = (
      await store.conn.runAndReadAll(
        `SELECT status, evidence, updated_by FROM roadmap_measures WHERE measure_id = $id`,
        { id: measure },
      )
    ).getRows()[0];
    expect(stored).toEqual(['in_progress', 'Рабочая группа создана, приказ № 41', `school-${code}`]);
    const audited = (
      await store.conn.runAndReadAll(`SELECT count(*) FROM audit_log WHERE action = 'roadmap.update' AND target = $t`, {
        t: `${code}/${measure}`,
      })
    ).getRows()[0]![0];
    expect(Number(audited)).toBe(1);
    await page.locator(`tr#m-${measure}`).screenshot({ path: `${ART}/programme-roadmap.png` });
  });

  it("the committee's matrix shows words and colours per school and year; the comparison charts draw estimates with intervals", async () => {
    await login(logins.committee);
    await page.click('nav.nav a:has-text("Программы")');
    await chartsReady();
    expect(await page.locator('table.matrix tbody.school-block').count()).toBe(schools);
    for (const st of ['on_track', 'off_track']) {
      const cell = page.locator(`table.matrix td.tl-${st}`).first();
      expect(await cell.locator('.tl-word').textContent()).toBe(st === 'on_track' ? 'в графике' : 'отстаёт');
      expect(await cell.evaluate((td) => getComputedStyle(td).backgroundColor)).not.toMatch(
        /rgba\(0, 0, 0, 0\)|rgb\(255, 255, 255\)/,
      );
    }
    expect(await page.locator('[data-chart="programme-effect"][data-rendered="1"]').count()).toBe(outcomes);
    expect(await page.locator('[data-chart="programme-effect"] svg g.effect > *').count()).toBeGreaterThanOrEqual(
      outcomes * 2,
    );
    expect(await page.locator('[data-chart="programme-effect"] svg g.ci line').count()).toBeGreaterThan(0);
    await page.screenshot({ path: `${ART}/programmes.png`, fullPage: true });
  });
});
