// A requested year without data (issue #14): the overview says «За 1999/00 учебный год данных нет; показан …» and
// lists the years that have data, instead of silently showing another year (status stays 200). A working store with
// empty marts shows the «start here» state. The school page renders the same notice when given the missing year.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DemoLogins } from '../../cli/bootstrap.js';
import type { Session } from '../../dashboard/auth/session.js';
import { loadYears } from '../../dashboard/data/overview.js';
import { pickSchoolYear } from '../../dashboard/data/school.js';
import { type SchoolPageData, schoolPage } from '../../dashboard/pages/school.js';
import { closeStore, openStore, type Store } from '../../store/db.js';
import { addUser } from '../../store/users.js';
import { build } from '../../transforms/runner.js';
import { demoStore } from '../helpers/demo-store.js';
import { Client, listen, type Running } from './http.js';

let store: Store, logins: DemoLogins, app: Running, years: string[];

beforeAll(async () => {
  ({ store, logins } = await demoStore());
  app = await listen(store);
  years = await loadYears(store.conn);
});

afterAll(async () => {
  await app?.close();
  await closeStore(store);
});

const committee = async (base = app.base, login = logins.committee, password = logins.password) => {
  const c = new Client(base);
  expect((await c.login(login, password)).status).toBe(303);
  return c;
};

describe('overview: a requested year without data', () => {
  it('says so, names the year shown and links the years with data (status 200)', async () => {
    expect(years.length).toBeGreaterThan(1);
    expect(years).not.toContain('1999/00');
    const last = years[years.length - 1]!;
    const c = await committee();
    const r = await c.get('/?year=1999%2F00');
    expect(r.status).toBe(200);
    const body = await r.text();
    expect(body).toContain(`<strong>За 1999/00 учебный год данных нет</strong>; показан ${last}.`);
    expect(body).toContain(`Обзор муниципалитета, ${last} учебный год`);
    for (const y of years) expect(body).toContain(`<a href="/?year=${encodeURIComponent(y)}">${y}</a>`);
  });

  it('a year with data shows that year and no notice', async () => {
    const first = years[0]!;
    const c = await committee();
    const body = await (await c.get(`/?year=${encodeURIComponent(first)}`)).text();
    expect(body).toContain(`Обзор муниципалитета, ${first} учебный год`);
    expect(body).not.toContain('data-missing-year');
    expect(body).not.toContain('данных нет');
  });

  it('the справка (print) and the JSON say it too', async () => {
    const c = await committee();
    const print = await (await c.get('/?year=1999%2F00&print=1')).text();
    expect(print).toContain('За 1999/00 учебный год данных нет');
    const api = (await (await c.get('/api/overview?year=1999%2F00')).json()) as {
      year: string;
      missingYear: string | null;
    };
    expect(api).toMatchObject({ year: years[years.length - 1], missingYear: '1999/00' });
    const ok = (await (await c.get(`/api/overview?year=${encodeURIComponent(years[0]!)}`)).json()) as {
      year: string;
      missingYear: string | null;
    };
    expect(ok).toMatchObject({ year: years[0], missingYear: null });
  });
});

describe('a working store with empty marts', () => {
  it('the overview shows where to start, and a requested year says there is no year with data', async () => {
    const empty = await openStore(':memory:');
    const running = await (async () => {
      await addUser(empty, 'admin', 'committee', null, 'пароль-комитета-1', 'test');
      expect((await build(empty)).ok).toBe(true);
      return listen(empty);
    })();
    try {
      const c = await committee(running.base, 'admin', 'пароль-комитета-1');
      const home = await c.get('/');
      expect(home.status).toBe(200);
      const body = await home.text();
      expect(body).toContain('В витринах показателей пока нет результатов. С чего начать');
      expect(body).toContain('Загрузите реестр ОО');
      expect(body).toContain('href="/uploads"');
      const asked = await (await c.get('/?year=2019%2F20')).text();
      expect(asked).toContain('За 2019/20 учебный год данных нет');
      expect(asked).toContain('данных нет ни за один учебный год');
    } finally {
      await running.close();
      await closeStore(empty);
    }
  });
});

describe('school page: the year notice', () => {
  const session: Session = {
    id: 'x',
    csrf: 'x',
    expires: Date.now() + 60_000,
    user: { login: 'admin', role: 'committee', schoolCode: null },
  };
  const data = (missingYear: string | null): SchoolPageData => ({
    info: {
      code: '1001',
      name: 'СОШ № 1',
      short_name: 'СОШ № 1',
      school_type: null,
      settlement_type: null,
      enrolment: null,
      municipality: null,
      ovz_share: null,
      nonnative_share: null,
    },
    years: ['2025/26', '2024/25'],
    year: '2025/26',
    missingYear,
    flags: [],
    timeline: { metrics: [], series: {} },
    objectivity: null,
    risk: [],
    targets: [],
    pupils: [],
  });

  it('pickSchoolYear keeps a year with data and reports one without', () => {
    expect(pickSchoolYear(['2025/26', '2024/25'], '2024/25')).toEqual({ year: '2024/25', missingYear: null });
    expect(pickSchoolYear(['2025/26', '2024/25'], '2019/20')).toEqual({ year: '2025/26', missingYear: '2019/20' });
    expect(pickSchoolYear(['2025/26'])).toEqual({ year: '2025/26', missingYear: null });
    expect(pickSchoolYear([], '2019/20')).toEqual({ year: null, missingYear: '2019/20' });
  });

  it('renders «За 2019/20 … данных нет; показан 2025/26» with links to the school years, and nothing without a missing year', () => {
    const html = schoolPage(data('2019/20'), session, false);
    expect(html).toContain('<strong>За 2019/20 учебный год данных нет</strong>; показан 2025/26.');
    expect(html).toContain('<a href="/schools/1001?year=2024%2F25">2024/25</a>');
    expect(schoolPage(data(null), session, false)).not.toContain('данных нет');
  });
});
