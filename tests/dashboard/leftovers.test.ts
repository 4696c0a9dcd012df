// Leftovers (#16 «Done when»): every page a committee methodist or a school head opens — Debian Chromium at 1366×768 on
// the demo municipality, every <details> opened — (a) shows no raw identifier or English leftover in its visible text
// (document.body.innerText): snake_case config keys, indicator ids and column names, rule codes (SHNOR-LOW-2of3),
// English words (California, undefined, NaN, true…), cron expressions, ISO timestamps, a hyphen for a minus sign;
// (b) does not scroll sideways. Also: a roadmap edit and a failed add, jobs run by hand, and the printed /programmes
// carries no links.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DemoLogins } from '../../cli/bootstrap.js';
import { loadJobSettings } from '../../domain/job-settings.js';
import { JobRunner } from '../../jobs/runner.js';
import { closeStore, type Store } from '../../store/db.js';
import { demoStore } from '../helpers/demo-store.js';
import { BrowserSession } from './browser-session.js';
import { listen, type Running } from './http.js';

const VIEWPORT = { width: 1366, height: 768 };

/** What must never reach a reader. Each is a regex over the visible text; a match is reported with its page. */
const LEFTOVERS: [string, RegExp][] = [
  ['identifier', /\b[a-z][a-z0-9]*_[a-z0-9_]*[a-z0-9]\b/g], // config keys, indicator ids, column names, on_track
  ['rule code', /\b[A-Z]{2,}(?:-[A-Za-z0-9]+)+\b/g], // SHNOR-LOW-2of3, OBJ-F2
  ['English', /\b(?:California|Dashboard|undefined|null|NaN|Infinity|true|false|Invalid Date)\b/g],
  ['object', /\[object \w+\]/g],
  ['cron', /(?<!\S)(?:[\d*/,-]+ ){4,5}[\d*/,-]+(?!\S)/g], // kept only if it has a «*» (below): «0 */5 * * * *»
  ['ISO timestamp', /\b\d{4}-\d\d-\d\d(?:T\d\d|\s\d\d:\d\d)/g],
  ['hyphen for minus', /(?<![\p{L}\p{N}])-\d/gu], // «-0,5»; «ВПР-8» and «2025-26» are not numbers
];

/**
 * Text allowed on a page although it matches. Kept minimal:
 * - /methodology: the small «Ключ в файле (для администратора)» column — the administrator edits config/methodology.json
 *   by these keys (dashboard/pages/methodology.ts); the keys appear nowhere else.
 */
const ALLOWED_HIDDEN: [RegExp, string][] = [[/^\/methodology/, 'table.data td > code.small.muted']];

let store: Store,
  app: Running,
  logins: DemoLogins,
  browser: BrowserSession,
  page: Page,
  runner: JobRunner,
  jobsDir: string;
let S: string, N: string, years: string[];

beforeAll(async () => {
  ({ store, logins } = await demoStore());
  const one = async (sql: string) => (await store.conn.runAndReadAll(sql)).getRows().map((r) => String(r[0]));
  // A programme school with ШНОР flags (the richest school page) and a school without a programme (the empty tab).
  S = (
    await one(
      `SELECT min(school_code) FROM mart_flags WHERE rule_id LIKE 'SHNOR%' AND school_code IN (SELECT school_code FROM mart_programme_progress)`,
    )
  )[0]!;
  N = (
    await one(
      `SELECT min(school_code) FROM schools WHERE school_code NOT IN (SELECT school_code FROM mart_programme_progress)`,
    )
  )[0]!;
  years = await one(`SELECT DISTINCT school_year FROM mart_index WHERE school_code = '${S}' ORDER BY 1`);
  jobsDir = mkdtempSync(join(tmpdir(), 'orientir-leftovers-jobs-'));
  runner = new JobRunner(
    store,
    loadJobSettings({
      ORIENTIR_INBOX: join(jobsDir, 'inbox'),
      ORIENTIR_BACKUPS: join(jobsDir, 'backups'),
      ORIENTIR_REPORTS: join(jobsDir, 'reports'),
    }),
  );
  app = await listen(store, {
    runJob: async (name, user) =>
      runner.isJob(name) ? runner.run(name, `вручную (${user})`) : { ok: false, message: name },
  });
  browser = await BrowserSession.open(app.base);
  page = browser.page;
  await page.setViewportSize(VIEWPORT);
});

afterAll(async () => {
  await browser?.close();
  await app?.close();
  await runner?.close();
  if (store) await closeStore(store);
  if (jobsDir) rmSync(jobsDir, { recursive: true, force: true });
});

interface Seen {
  text: string;
  scroll: number;
  width: number;
  wide: string[];
}

/** The page now in the browser: every <details> open, charts drawn; its width, then its text without the allowed parts. */
async function seen(path: string): Promise<Seen> {
  await browser.chartsReady();
  const hide = ALLOWED_HIDDEN.filter(([p]) => p.test(path)).map(([, sel]) => sel);
  return page.evaluate((hidden) => {
    document.querySelectorAll('details').forEach((d) => {
      d.open = true;
    });
    const root = document.documentElement;
    const width = root.clientWidth;
    const wide = [...document.querySelectorAll('main *')]
      .filter((e) => e.getBoundingClientRect().right > width + 1)
      .slice(0, 3)
      .map(
        (e) =>
          `${e.tagName.toLowerCase()}.${[...e.classList].join('.')} → ${Math.round(e.getBoundingClientRect().right)}px`,
      );
    const scroll = root.scrollWidth;
    for (const sel of hidden)
      document.querySelectorAll<HTMLElement>(sel).forEach((e) => {
        e.style.display = 'none';
      });
    return { text: `${document.title}\n${document.body.innerText}`, scroll, width, wide };
  }, hide);
}

/** Leftovers of one page as «path — kind: match» lines; the horizontal scroll as one more line. */
function problems(path: string, s: Seen): string[] {
  const text = s.text;
  const out: string[] = [];
  for (const [kind, re] of LEFTOVERS) {
    const hits = [...new Set(text.match(re) ?? [])].filter((m) => kind !== 'cron' || m.includes('*'));
    if (hits.length)
      out.push(
        `${path} — ${kind}: ${hits
          .slice(0, 8)
          .map((h) => `«${h}»`)
          .join(', ')}`,
      );
  }
  if (s.scroll > s.width + 1)
    out.push(`${path} — scrolls sideways: ${s.scroll}px in ${s.width}px (${s.wide.join('; ')})`);
  return out;
}

async function visit(path: string): Promise<string[]> {
  const r = await page.goto(`${app.base}${path}`);
  expect(r?.status(), path).toBe(200);
  return problems(path, await seen(path));
}

describe('no leftovers, no sideways scroll (1366×768)', () => {
  it('committee: overview, a school with every tab and year, programmes, methodology, uploads, jobs, the справки', async () => {
    await browser.login(logins.committee, logins.password);
    const s = encodeURIComponent(S);
    const paths = [
      '/',
      `/schools/${s}`,
      `/schools/${s}?year=${encodeURIComponent(years[0]!)}`,
      `/schools/${s}/similar`,
      `/schools/${s}/programme`,
      `/schools/${encodeURIComponent(N)}/programme`,
      `/schools/${encodeURIComponent(N)}/similar`,
      '/programmes',
      '/methodology',
      '/uploads',
      '/jobs',
      '/?print=1',
      `/schools/${s}?print=1`,
      `/schools/${s}/programme?print=1`,
      '/programmes?print=1',
    ];
    const found: string[] = [];
    for (const p of paths) found.push(...(await visit(p)));
    expect(found).toEqual([]);
  }, 240_000);

  it('jobs run by hand: the runs, the outcome and the message in words', async () => {
    await browser.login(logins.committee, logins.password);
    const found: string[] = [];
    for (const job of ['freshness', 'backup', 'reports']) {
      await page.goto(`${app.base}/jobs`);
      await Promise.all([
        page.waitForURL(/\/jobs$/),
        page.locator(`form:has(input[name="job"][value="${job}"]) button`).click(),
      ]);
      expect(await page.locator('.notice[role="status"]').count(), job).toBe(1);
      found.push(...problems(`/jobs (после запуска «${job}»)`, await seen('/jobs')));
    }
    expect(
      await page.locator('xpath=//h2[.="Последние запуски"]/following-sibling::table[1]/tbody/tr').count(),
    ).toBeGreaterThanOrEqual(3);
    expect(found).toEqual([]);
  }, 180_000);

  it('school head: own school, programme, similar schools, methodology; a roadmap edit and a refused addition', async () => {
    const head = logins.schools.find((x) => x.schoolCode === S)!;
    await browser.login(head.login, logins.password);
    const s = encodeURIComponent(S);
    const found: string[] = [];
    for (const p of [`/schools/${s}`, `/schools/${s}/similar`, '/methodology', `/schools/${s}/programme`])
      found.push(...(await visit(p)));

    // The roadmap: change a measure's status with evidence, then try to add one with an impossible deadline.
    const row = page.locator('table.roadmap tbody tr').first();
    await row.locator('details.edit').evaluate((d) => {
      (d as HTMLDetailsElement).open = true;
    });
    await row.locator('select[name="status"]').selectOption({ index: 1 });
    await row.locator('textarea[name="evidence"]').fill('Приказ № 12 от 1 сентября, протокол педсовета');
    await Promise.all([page.waitForURL(/\/programme/), row.locator('button[type="submit"]').click()]);
    expect(await page.locator('.notice.ok[role="status"]').count()).toBe(1);
    found.push(...problems(`/schools/${s}/programme (после изменения)`, await seen(`/schools/${s}/programme`)));
    const add = page.locator('details.add-measure');
    await add.evaluate((d) => {
      (d as HTMLDetailsElement).open = true;
    });
    await add.locator('input[name="title"]').fill('Семинар для педагогов');
    await add.locator('input[name="deadline"]').fill('31.02.2020');
    await Promise.all([page.waitForURL(/\/programme/), add.locator('button[type="submit"]').click()]);
    expect(await page.locator('.notice[role="status"]').count()).toBe(1);
    found.push(...problems(`/schools/${s}/programme (после добавления)`, await seen(`/schools/${s}/programme`)));
    expect(found).toEqual([]);
  }, 180_000);
});

describe('the printed /programmes', () => {
  it('has no links in the PDF and no URL in its text', async () => {
    await browser.login(logins.committee, logins.password);
    await page.goto(`${app.base}/programmes?print=1`);
    await page.emulateMedia({ media: 'print' });
    const urls = await page.evaluate(
      () => document.body.innerText.match(/https?:\/\/\S+|\/schools\/\S+|\/export\/\S+/g) ?? [],
    );
    const pdf = (await page.pdf({ format: 'A4', printBackground: true })).toString('latin1');
    await page.emulateMedia({ media: 'screen' });
    expect(pdf.startsWith('%PDF')).toBe(true);
    expect(urls).toEqual([]);
    expect((pdf.match(/\/URI\s*\(/g) ?? []).length).toBe(0);
  }, 60_000);
});
