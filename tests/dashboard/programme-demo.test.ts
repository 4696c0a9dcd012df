// The programme pages on the demo municipality (seed passports entered through the template, real marts): every
// programme school shows its passport, a chart per indicator, its whole roadmap with the overdue measures marked and
// its exit criteria; the committee's page lists exactly the programme schools and the district comparison.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DemoLogins } from '../../cli/bootstrap.js';
import { escapeHtml } from '../../dashboard/html/escape.js';
import { closeStore, type Store } from '../../store/db.js';
import { demoStore } from '../helpers/demo-store.js';
import { Client, listen, type Running } from './http.js';

let store: Store, app: Running, logins: DemoLogins, k: Client;
const rows = async (sql: string, params: Record<string, string> = {}) =>
  (await store.conn.runAndReadAll(sql, params)).getRows().map((r) => r.map((v) => (v === null ? null : String(v))));
const count = (text: string, re: RegExp) => (text.match(re) ?? []).length;

beforeAll(async () => {
  ({ store, logins } = await demoStore());
  app = await listen(store);
  k = new Client(app.base);
  expect((await k.login(logins.committee, logins.password)).status).toBe(303);
});

afterAll(async () => {
  await app?.close();
  if (store) await closeStore(store);
});

describe('programmes of the demo municipality', () => {
  it('every programme school: passport, one chart per indicator, the whole roadmap with overdue marked, exit criteria', async () => {
    const progs = await rows('SELECT school_code, programme_name FROM stg_programmes ORDER BY 1');
    expect(progs.length).toBeGreaterThanOrEqual(3);
    for (const [code, name] of progs) {
      const page = await (await k.get(`/schools/${code}/programme`)).text();
      expect(page, code!).toContain(escapeHtml(name));
      const [series] = (
        await rows(
          `SELECT count(DISTINCT (indicator, subject, grade)) FROM mart_programme_progress WHERE school_code = $c`,
          { c: code! },
        )
      )[0]!;
      expect(count(page, /data-chart="programme"/g), code!).toBe(Number(series));
      const [measures, overdue] = (
        await rows(`SELECT count(*), count(*) FILTER (WHERE overdue) FROM mart_roadmap WHERE school_code = $c`, {
          c: code!,
        })
      )[0]!;
      expect(count(page, /<tr id="m-/g), code!).toBe(Number(measures));
      expect(count(page, /<tr id="m-[^"]+" class="overdue"/g), code!).toBe(Number(overdue));
      const [criteria] = (
        await rows(
          `SELECT count(*) FROM mart_programme_exit WHERE school_code = $c AND school_year = (SELECT max(school_year) FROM mart_programme_exit WHERE school_code = $c)`,
          { c: code! },
        )
      )[0]!;
      const exit = /<table class="data exit">[\s\S]*?<\/table>/.exec(page)?.[0] ?? '';
      expect(count(exit, /<tr[\s>]/g) - 1, code!).toBe(Number(criteria));
      // The API behind the charts has a series for every chart, each from the baseline year on.
      const api = (await (await k.get(`/api/schools/${code}/programme`)).json()) as {
        series: Record<string, { status: string }[]>;
      };
      expect(Object.keys(api.series)).toHaveLength(Number(series));
      for (const points of Object.values(api.series)) expect(points[0]!.status).toBe('baseline');
    }
  });

  it('the committee page lists exactly the programme schools, the statuses of the latest year and the district comparison', async () => {
    const page = await (await k.get('/programmes')).text();
    const codes = (await rows('SELECT DISTINCT school_code FROM stg_programmes ORDER BY 1')).map((r) => r[0]!);
    expect(count(page, /<tbody class="school-block">/g)).toBe(codes.length);
    for (const c of codes) expect(page).toContain(`href="/schools/${c}/programme"`);
    const outcomes = (await rows('SELECT DISTINCT outcome FROM mart_programme_effect WHERE school_code IS NULL'))
      .length;
    expect(count(page, /<strong>По муниципалитету:<\/strong>/g)).toBe(outcomes);
    expect(page).toMatch(
      /изменение лучше, чем у похожих школ|не отличается от похожих школ|изменение хуже, чем у похожих школ/,
    );
  });

  it("a head of a programme school sees their programme, never another school's", async () => {
    const [a, b] = (await rows('SELECT DISTINCT school_code FROM stg_programmes ORDER BY 1')).map((r) => r[0]!);
    const h = new Client(app.base);
    expect((await h.login(`school-${a}`, logins.password)).status).toBe(303);
    expect((await h.get(`/schools/${a}/programme`)).status).toBe(200);
    expect((await h.get(`/schools/${b}/programme`)).status).toBe(403);
    const [other] = (await rows('SELECT name FROM schools WHERE school_code = $c', { c: b! }))[0]!;
    expect(await (await h.get(`/schools/${a}/programme`)).text()).not.toContain(other!);
  });
});
