// Roadmap (#16 item 8): «Мероприятий: N», the numbering and the filter's «Показано мероприятий: k из N» count the same
// thing — measures, not the section headings (which used to be table rows of their own).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DemoLogins } from '../../cli/bootstrap.js';
import { closeStore, type Store } from '../../store/db.js';
import { demoStore } from '../helpers/demo-store.js';
import { BrowserSession } from './browser-session.js';
import { Client, listen, type Running } from './http.js';

let store: Store,
  logins: DemoLogins,
  app: Running,
  code: string,
  measures = 0,
  sections = 0;

beforeAll(async () => {
  ({ store, logins } = await demoStore());
  const r = (
    await store.conn.runAndReadAll(
      `SELECT school_code, count(*), count(DISTINCT section) FROM stg_roadmap GROUP BY 1 ORDER BY 3 DESC, 1 LIMIT 1`,
    )
  ).getRows()[0]!;
  code = String(r[0]);
  measures = Number(r[1]);
  sections = Number(r[2]);
  app = await listen(store);
});
afterAll(async () => {
  await app?.close();
  await closeStore(store);
});

describe('the roadmap of a school', () => {
  it('has one table row per measure, numbered 1…N, and the summary says N', async () => {
    expect(sections).toBeGreaterThan(1);
    const c = new Client(app.base);
    expect((await c.login(logins.committee, logins.password)).status).toBe(303);
    const page = await (await c.get(`/schools/${code}/programme`)).text();
    expect(page).toContain(`Мероприятий: ${measures};`);
    const tbody = /<table class="data roadmap">[\s\S]*?<tbody>([\s\S]*?)<\/tbody>/.exec(page)![1]!;
    expect(tbody.split('<tr').length - 1).toBe(measures);
    expect(tbody).not.toContain('section-row');
    expect((tbody.match(/class="roadmap-section"/g) ?? []).length).toBe(sections);
    expect(tbody).toContain(`<td class="num">${measures}</td>`);
    expect(tbody).not.toContain(`<td class="num">${measures + 1}</td>`);
  });

  it('the filter counts measures in the browser: «Показано мероприятий: N из N»', async () => {
    const b = await BrowserSession.open(app.base);
    try {
      await b.login(logins.committee, logins.password);
      await b.page.goto(`${app.base}/schools/${code}/programme`);
      expect(await b.page.locator('[data-filter-count]').textContent()).toBe(
        `Показано мероприятий: ${measures} из ${measures}`,
      );
      await b.page.selectOption('select[data-filter="status"]', { label: 'выполнено' });
      const done = Number(
        (
          await store.conn.runAndReadAll(
            `SELECT count(*) FROM stg_roadmap WHERE school_code = '${code}' AND status = 'done'`,
          )
        ).getRows()[0]![0],
      );
      expect(await b.page.locator('[data-filter-count]').textContent()).toBe(
        `Показано мероприятий: ${done} из ${measures}`,
      );
    } finally {
      await b.close();
    }
  });
});
