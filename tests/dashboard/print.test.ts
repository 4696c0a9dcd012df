// Printed справки as a meeting uses them (Debian Chromium via playwright-core, demo municipality): every school's
// справка prints to 2–4 A4 pages, the municipal one and each programme's to at most 6; in print media no table is
// wider than the printable A4 line and nothing scrolls sideways; the PDFs carry no links. And the school head's
// «Целевые показатели»: Russian captions from the catalogue, values in the indicator's unit, distinct axis ticks,
// the page's year. PDFs go to tests/artifacts/.
import { mkdirSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DemoLogins } from '../../cli/bootstrap.js';
import { unitAxis } from '../../dashboard/charts/targets.js';
import { INDICATORS } from '../../domain/indicators.js';
import { closeStore, type Store } from '../../store/db.js';
import { demoStore } from '../helpers/demo-store.js';
import { BrowserSession } from './browser-session.js';
import { listen, type Running } from './http.js';

const ART = 'tests/artifacts';
/** The printable width of A4 in CSS px: 210 mm minus the 12 mm side margins of `@page` in dashboard/public/style.css. */
const A4_LINE_PX = Math.floor(((210 - 2 * 12) / 25.4) * 96);
/** A raw identifier: what a catalogue id or a column name looks like (ege_below_min_share, teachers_trained_share). */
const RAW_ID = /\b[a-z]+_[a-z_]+\b/g;

let store: Store, app: Running, logins: DemoLogins, browser: BrowserSession, page: Page;
let schools: string[], programmes: string[];

const column = async (sql: string): Promise<string[]> =>
  (await store.conn.runAndReadAll(sql)).getRows().map((r) => String(r[0]));

beforeAll(async () => {
  mkdirSync(ART, { recursive: true });
  ({ store, logins } = await demoStore());
  schools = logins.schools.map((s) => s.schoolCode);
  programmes = await column('SELECT DISTINCT school_code FROM mart_programme_progress ORDER BY 1');
  app = await listen(store);
  browser = await BrowserSession.open(app.base);
  page = browser.page;
});

afterAll(async () => {
  await browser?.close();
  await app?.close();
  if (store) await closeStore(store);
});

interface Printed {
  pages: number;
  links: number;
  wide: string[];
  scroll: number;
  urls: string[];
}

/** Opens a print page, checks its layout in print media at the A4 line width, and prints it to an A4 PDF. */
async function printed(path: string, artifact?: string): Promise<Printed> {
  await page.setViewportSize({ width: A4_LINE_PX, height: 1000 });
  await page.goto(`${app.base}${path}`);
  await page.emulateMedia({ media: 'print' });
  const layout = await page.evaluate(
    (line) => ({
      wide: [...document.querySelectorAll('main table')].flatMap((t) => {
        const r = t.getBoundingClientRect();
        const over = t.scrollWidth > t.clientWidth + 1 || r.right > line + 1 || r.left < -1;
        return over ? [`${t.querySelector('th')?.textContent?.trim() ?? '?'}: ${t.scrollWidth}px`] : [];
      }),
      scroll: document.documentElement.scrollWidth,
      urls: document.body.innerText.match(/https?:\/\/\S+|\/schools\/\S+|\/export\/\S+/g) ?? [],
    }),
    A4_LINE_PX,
  );
  const pdf = await page.pdf({
    format: 'A4',
    printBackground: true,
    ...(artifact ? { path: `${ART}/${artifact}` } : {}),
  });
  await page.emulateMedia({ media: 'screen' });
  await page.setViewportSize({ width: 1280, height: 900 });
  const text = pdf.toString('latin1');
  expect(text.startsWith('%PDF')).toBe(true);
  return {
    pages: (text.match(/\/Type\s*\/Page(?![s\w])/g) ?? []).length,
    links: (text.match(/\/URI\s*\(/g) ?? []).length,
    ...layout,
  };
}

describe('printed справки (A4)', () => {
  it('every school: 2–4 pages, tables within the A4 line, no links or URLs', async () => {
    await browser.login(logins.committee, logins.password);
    const pages: Record<string, number> = {};
    for (const [i, code] of schools.entries()) {
      const p = await printed(`/schools/${encodeURIComponent(code)}?print=1`, i === 0 ? 'print-school.pdf' : undefined);
      pages[code] = p.pages;
      expect(p.wide, code).toEqual([]);
      expect(p.scroll, code).toBeLessThanOrEqual(A4_LINE_PX);
      expect(p.links, code).toBe(0);
      expect(p.urls, code).toEqual([]);
    }
    expect(Object.keys(pages)).toHaveLength(20);
    for (const [code, n] of Object.entries(pages)) {
      expect(n, `справка ${code}: ${n} pages`).toBeGreaterThanOrEqual(2);
      expect(n, `справка ${code}: ${n} pages`).toBeLessThanOrEqual(4);
    }
  }, 240_000);

  it('the municipal overview: at most 6 pages, the schools table whole («Участников ВПР», «Отметки и причины»), no links', async () => {
    await browser.login(logins.committee, logins.password);
    const p = await printed('/?print=1', 'print-overview.pdf');
    expect(p.pages).toBeGreaterThanOrEqual(2);
    expect(p.pages).toBeLessThanOrEqual(6);
    expect(p.wide).toEqual([]);
    expect(p.scroll).toBeLessThanOrEqual(A4_LINE_PX);
    expect(p.links).toBe(0);
    expect(p.urls).toEqual([]);
    // The last columns are on the page, and the flags carry their reasons.
    await page.setViewportSize({ width: A4_LINE_PX, height: 1000 });
    await page.emulateMedia({ media: 'print' });
    const cols = await page.locator('table.schools thead th').evaluateAll((ths) =>
      ths.map((th) => ({
        text: th.textContent?.trim(),
        right: th.getBoundingClientRect().right,
        shown: (th as HTMLElement).offsetWidth > 0,
      })),
    );
    for (const name of ['Участников ВПР', 'Признаки и причины']) {
      const c = cols.find((x) => x.text === name);
      expect(c?.shown, name).toBe(true);
      expect(c!.right, name).toBeLessThanOrEqual(A4_LINE_PX + 1);
    }
    const flagged = await page.locator('table.schools .flag-print').allInnerTexts();
    expect(flagged.length).toBeGreaterThan(0);
    for (const f of flagged) expect(f).toMatch(/\(правило /);
    await page.emulateMedia({ media: 'screen' });
    await page.setViewportSize({ width: 1280, height: 900 });
  }, 60_000);

  it('each programme: at most 6 pages, tables within the A4 line, no links', async () => {
    expect(programmes.length).toBeGreaterThan(0);
    await browser.login(logins.committee, logins.password);
    for (const [i, code] of programmes.entries()) {
      const p = await printed(
        `/schools/${encodeURIComponent(code)}/programme?print=1`,
        i === 0 ? 'print-programme.pdf' : undefined,
      );
      expect(p.pages, code).toBeGreaterThanOrEqual(2);
      expect(p.pages, code).toBeLessThanOrEqual(6);
      expect(p.wide, code).toEqual([]);
      expect(p.scroll, code).toBeLessThanOrEqual(A4_LINE_PX);
      expect(p.links, code).toBe(0);
    }
  }, 120_000);
});

describe("the school head's «Целевые показатели»", () => {
  it('Russian captions from the catalogue, values in the unit (shares in %), distinct ticks, the page year', async () => {
    const code = programmes[0]!;
    const head = logins.schools.find((s) => s.schoolCode === code)!;
    await browser.login(head.login, logins.password);
    expect(new URL(page.url()).pathname).toBe(`/schools/${code}`);
    await browser.chartsReady();
    const year = (await page.locator('nav.years strong[aria-current]').textContent())!.trim();
    const section = page.locator('section.targets');
    expect(await section.locator('h2').textContent()).toContain(year);
    const text = await section.innerText();
    expect(text.match(RAW_ID) ?? []).toEqual([]);

    const units = Object.fromEntries(INDICATORS.map((i) => [i.caption, i.unit]));
    const rows = await section
      .locator('table.targets-summary tbody tr')
      .evaluateAll((trs) =>
        trs.map((tr) => [...tr.querySelectorAll('td')].map((td) => (td as HTMLElement).innerText.trim())),
      );
    expect(rows.length).toBeGreaterThan(3);
    let shares = 0;
    for (const [caption, base, y, planned, actual] of rows as string[][]) {
      const unit = units[caption!.split(': ')[0]!];
      expect(unit, `${caption} is a catalogue caption`).toBeDefined();
      expect(y! <= year, `${caption}: ${y} after ${year}`).toBe(true);
      if (unit === 'share') {
        shares++;
        for (const v of [base!.split('\n')[0]!, planned!, actual!])
          if (v !== '—') expect(v, caption).toMatch(/^\d{1,3},\d %$/);
      }
      if (unit === 'index')
        for (const v of [planned!, actual!]) if (v !== '—') expect(v, caption).toMatch(/^\d,\d{3}$/);
    }
    expect(shares).toBeGreaterThan(0);
    // The page's year is shown (the demo programmes run into the latest year).
    expect(rows.some((r) => r[2] === year)).toBe(true);

    // One chart per target, titled with the caption; ticks distinct; rows up to the page's year only.
    const figures = await section.locator('figure.chart').evaluateAll((fs) =>
      fs.map((f) => ({
        title: f.querySelector('figcaption')?.textContent?.trim() ?? '',
        ticks: [...f.querySelectorAll('g[aria-label="x-axis tick label"] text')].map((t) => t.textContent ?? ''),
        years: [...f.querySelectorAll('g[aria-label="y-axis tick label"] text')].map((t) => t.textContent ?? ''),
        rendered: f.querySelector('[data-rendered="1"] svg') !== null,
      })),
    );
    expect(figures).toHaveLength(rows.length);
    for (const f of figures) {
      expect(f.rendered, f.title).toBe(true);
      expect(units[f.title.split(': ')[0]!], f.title).toBeDefined();
      expect(f.ticks.length, f.title).toBeGreaterThanOrEqual(2);
      expect(new Set(f.ticks).size, `${f.title}: ${f.ticks.join(' | ')}`).toBe(f.ticks.length);
      if (units[f.title.split(': ')[0]!] === 'share') for (const t of f.ticks) expect(t, f.title).toMatch(/ %$/);
      expect(
        f.years.some((y) => y.startsWith(year)),
        f.title,
      ).toBe(true);
      for (const y of f.years) expect(y.slice(0, 7) <= year, `${f.title}: ${y}`).toBe(true);
    }
    await section.screenshot({ path: `${ART}/school-targets.png` });
  }, 60_000);
});

describe('target axes (pure)', () => {
  it('label every tick distinctly in the unit, at the precision the step needs', () => {
    const labels = (values: number[], unit: string) => {
      const a = unitAxis(values, unit);
      return a.ticks.map(a.format);
    };
    // A narrow share range: whole percents would read «20 %, 20 %, 21 %».
    const narrow = labels([0.1985, 0.2, 0.2035], 'share');
    expect(new Set(narrow).size).toBe(narrow.length);
    expect(narrow.every((t) => /^\d+,\d %$/.test(t))).toBe(true);
    expect(labels([0, 0.074, 0.104], 'share')).toEqual(['0 %', '5 %', '10 %', '15 %']);
    expect(labels([0.4, 0.438, 0.44], 'index')).toEqual(['0,40', '0,41', '0,42', '0,43', '0,44']);
    expect(labels([2, 3, 5], 'count').every((t) => /^\d+$/.test(t))).toBe(true);
    expect(labels([-0.2, 0.1], 'score')[0]).toBe('−0,2');
    // One value: a range around it, shares kept within 0…100 %.
    const one = unitAxis([1], 'share');
    expect(one.domain[1]).toBeLessThanOrEqual(1);
    expect(one.ticks.length).toBeGreaterThanOrEqual(2);
  });
});
