// The web app over real HTTP against a working store holding the demo's data (workStoreCopy: uploads of regional
// files belong to a working store; a demo store refuses them, tests/store/demo-guard.test.ts): login/logout, role
// redirects, access rules (pages, API, exports), CSRF, throttling, escaping, exports, uploads with the NDJSON progress
// stream, error pages.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DemoLogins } from '../../cli/bootstrap.js';
import type { Store } from '../../store/db.js';
import { onDataChanged } from '../../store/version.js';
import { demoFiles, workStoreCopy } from '../helpers/demo-store.js';
import { Client, listen, ndjson, type Running } from './http.js';

let store: Store, logins: DemoLogins, app: Running;
let A: string, B: string;
const jobs: string[] = [];
let rebuilds = 0;

async function auditActions(): Promise<string[]> {
  return (await store.conn.runAndReadAll('SELECT action FROM audit_log')).getRows().map((r) => String(r[0]));
}

beforeAll(async () => {
  ({ store, logins } = await workStoreCopy());
  A = logins.schools[0]!.schoolCode;
  B = logins.schools[1]!.schoolCode;
  await store.conn.run(`INSERT INTO schools (school_code, name, short_name, school_type, settlement_type, enrolment)
    VALUES ('9999', '<script>alert(1)</script>', '<img src=x onerror=alert(2)>', 'СОШ', 'город', 500)`);
  // What the server root answers with a rebuild (cli/start.ts): every committed data change but the demo's own.
  onDataChanged(store, (c) => {
    if (c !== 'demo') rebuilds++;
  });
  app = await listen(store, {
    runJob: async (name, user) => {
      jobs.push(`${name}:${user}`);
      return { ok: true, message: `Задание «${name}» выполнено.` };
    },
    mount: (a) =>
      a.get('/boom', () => {
        throw new Error('secret internal detail');
      }),
  });
});

afterAll(async () => {
  await app?.close();
});

const committee = async () => {
  const c = new Client(app.base);
  expect((await c.login(logins.committee, logins.password)).status).toBe(303);
  return c;
};
const head = async (i = 0) => {
  const c = new Client(app.base);
  expect((await c.login(logins.schools[i]!.login, logins.password)).status).toBe(303);
  return c;
};

describe('authentication', () => {
  it('sends anonymous visitors to the login page and answers 401 on the API', async () => {
    const c = new Client(app.base);
    const r = await c.get('/');
    expect(r.status).toBe(303);
    expect(r.headers.get('location')).toBe('/login?next=%2F');
    const api = await c.get('/api/overview');
    expect(api.status).toBe(401);
    expect(((await api.json()) as { error: string }).error).toMatch(/вход/);
    expect((await c.get(`/export/flags.csv`)).status).toBe(303);
  });

  it('logs the committee in to the overview and a school head to their school', async () => {
    const c = new Client(app.base);
    const r = await c.login(logins.committee, logins.password);
    expect(r.headers.get('location')).toBe('/');
    const cookie = r.headers.getSetCookie().find((x) => x.startsWith('orientir_sid='))!;
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/SameSite=Lax/);
    expect(cookie).toMatch(/Max-Age=\d+/);
    const h = new Client(app.base);
    expect((await h.login(logins.schools[0]!.login, logins.password)).headers.get('location')).toBe(`/schools/${A}`);
    expect((await h.get('/')).headers.get('location')).toBe(`/schools/${A}`);
    expect(await auditActions()).toContain('login');
  });

  it('rejects a wrong password and a login form without its CSRF token', async () => {
    const c = new Client(app.base);
    const r = await c.login(logins.committee, 'wrong-password');
    expect(r.status).toBe(401);
    expect(await r.text()).toContain('Неверный логин или пароль');
    expect(await auditActions()).toContain('login.failed');
    const forged = await new Client(app.base).form('/login', { login: logins.committee, password: logins.password });
    expect(forged.status).toBe(403);
    expect(await forged.text()).toContain('CSRF');
  });

  it('locks a login after 5 failures from the same address', async () => {
    const c = new Client(app.base);
    const victim = logins.schools[5]!.login;
    for (let i = 0; i < 5; i++) expect((await c.login(victim, 'nope-nope')).status).toBe(401);
    const locked = await c.login(victim, logins.password);
    expect(locked.status).toBe(429);
    expect(await locked.text()).toContain('Слишком много неудачных попыток');
  });

  it('logout needs the CSRF token and invalidates the session cookie', async () => {
    const c = await committee();
    const stolen = c.header();
    expect((await c.form('/logout', {})).status).toBe(403);
    expect((await c.get('/')).status).toBe(200);
    expect((await c.form('/logout', { _csrf: c.csrf })).headers.get('location')).toBe('/login');
    const replay = await fetch(app.base + '/', { headers: { cookie: stolen }, redirect: 'manual' });
    expect(replay.status).toBe(303);
    expect(replay.headers.get('location')).toMatch(/^\/login/);
  });

  it('rejects a forged session cookie', async () => {
    const r = await fetch(app.base + '/', { headers: { cookie: 'orientir_sid=abc.def' }, redirect: 'manual' });
    expect(r.status).toBe(303);
  });
});

describe('access rules', () => {
  it("gives a school head 403 on another school's page, API and export", async () => {
    const h = await head(0);
    for (const path of [`/schools/${B}`, `/schools/${B}/similar`, `/schools/${B}?print=1`]) {
      const r = await h.get(path);
      expect(r.status, path).toBe(403);
      expect(await r.text()).toContain('Доступ запрещён');
    }
    for (const path of [
      `/api/schools/${B}`,
      `/api/schools/${B}/timeline`,
      `/api/schools/${B}/objectivity`,
      `/api/schools/${B}/pupils`,
      '/api/overview',
      '/api/uploads',
    ]) {
      const r = await h.get(path);
      expect(r.status, path).toBe(403);
      expect(((await r.json()) as { error: string }).error).toMatch(/доступ/i);
    }
    expect((await h.get(`/export/school-metrics.csv?school=${B}`)).status).toBe(403);
    for (const path of ['/uploads', '/jobs']) expect((await h.get(path)).status, path).toBe(403);
  });

  it('lets a school head see their own school, API and export (own rows + benchmarks only)', async () => {
    const h = await head(0);
    const page = await h.get(`/schools/${A}`);
    expect(page.status).toBe(200);
    const text = await page.text();
    expect(text).toContain('Динамика результатов');
    expect(text).toContain('Обучающиеся в зоне риска');
    // The risk profile: the legend states the configured threshold (P75 by default), every row has its level badge.
    expect(text).toMatch(/«высокий» — не ниже 75-го процентиля/);
    const risk = (await (await h.get(`/api/schools/${A}/risk`)).json()) as { rows: { risk_level: string }[] };
    expect(risk.rows.length).toBeGreaterThan(0);
    for (const r of risk.rows) expect(['высокий', 'средний', 'низкий', 'нет данных']).toContain(r.risk_level);
    expect((await h.get(`/api/schools/${A}/timeline`)).status).toBe(200);
    const csv = Buffer.from(await (await h.get('/export/school-metrics.csv')).arrayBuffer()).toString('utf8');
    const lines = csv
      .replace(/^\uFEFF/, '')
      .trim()
      .split('\r\n');
    const codeCol = lines[0]!.split(';').indexOf('school_code');
    const codes = new Set(lines.slice(1).map((l) => l.split(';')[codeCol]));
    expect([...codes].every((c) => c === A || c === '')).toBe(true);
    expect(codes.has(A)).toBe(true);
  });

  it('shows other schools to a school head only as anonymous aggregates', async () => {
    const h = await head(0);
    const json = (await (await h.get(`/api/schools/${A}/similar`)).json()) as {
      anonymous: boolean;
      peers: unknown[];
      table: { code: string }[];
    };
    expect(json.anonymous).toBe(true);
    expect(json.peers).toEqual([]);
    expect(json.table.every((r) => r.code === A)).toBe(true);
    const page = await (await h.get(`/schools/${A}/similar`)).text();
    for (const other of logins.schools.slice(1)) expect(page).not.toContain(`/schools/${other.schoolCode}"`);
    // A school in a large group (a city СОШ) sees the group's median and IQR, still without names.
    const big = String(
      (
        await store.conn.runAndReadAll(
          `SELECT school_code FROM schools WHERE school_type = 'СОШ' AND settlement_type = 'город' AND enrolment BETWEEN 500 AND 999 ORDER BY school_code LIMIT 1`,
        )
      ).getRows()[0]![0],
    );
    const i = logins.schools.findIndex((s) => s.schoolCode === big);
    const hb = await head(i);
    const agg = (await (await hb.get(`/api/schools/${big}/similar`)).json()) as {
      suppressed: boolean;
      stats: { median: number | null }[];
      peers: unknown[];
      group: { others: number };
    };
    expect(agg.group.others).toBeGreaterThanOrEqual(3);
    expect(agg.suppressed).toBe(false);
    expect(agg.stats.some((x) => x.median !== null)).toBe(true);
    expect(agg.peers).toEqual([]);
    const page2 = await (await hb.get(`/schools/${big}/similar`)).text();
    expect(page2).toContain('Медиана группы');
    for (const other of logins.schools.filter((s) => s.schoolCode !== big))
      expect(page2).not.toContain(`/schools/${other.schoolCode}`);
    const c = await committee();
    const named = (await (await c.get(`/api/schools/${A}/similar`)).json()) as { anonymous: boolean };
    expect(named.anonymous).toBe(false);
  });
});

describe('pages and API', () => {
  it('renders the overview with flags, counts, thresholds and chart slots', async () => {
    const c = await committee();
    const html = await (await c.get('/')).text();
    expect(html).toContain('Обзор муниципалитета');
    expect(html).toContain('Уровень × динамика');
    expect(html).toMatch(/Пороги\.<\/strong> Уровень ИОР/);
    expect(html).toMatch(/<strong>\d+<\/strong> из \d+/);
    expect(html).toContain('data-chart="heatmap"');
    expect(html).toContain('data-sortable');
    expect(html).not.toMatch(/рейтинг школ|худш|лучш/i);
    const api = (await (await c.get('/api/overview')).json()) as { schools: unknown[]; heat: { cells: unknown[] } };
    expect(api.schools.length).toBeGreaterThanOrEqual(20);
    expect(api.heat.cells.length).toBeGreaterThan(0);
  });

  it('renders the school page, its JSON and the A4 print layout with server-side SVG', async () => {
    const c = await committee();
    const page = await (await c.get(`/schools/${B}`)).text();
    const printLink = /href="([^"]*print=1)"/.exec(page)![1]!.replace(/&amp;/g, '&');
    expect(printLink).toMatch(new RegExp(`^/schools/${B}\\?year=\\d{4}%2F\\d{2}&print=1$`));
    expect(await (await c.get(printLink)).text()).toContain('Аналитическая справка');
    const t = (await (await c.get(`/api/schools/${B}/timeline`)).json()) as {
      metrics: { key: string }[];
      series: Record<string, unknown[]>;
    };
    expect(t.metrics.length).toBeGreaterThan(0);
    const print = await (await c.get(`/schools/${B}?print=1`)).text();
    expect(print).toContain('аналитическая справка');
    expect(print).toContain('<svg');
    expect(print).not.toContain('data-chart=');
    const ov = await (await c.get('/?print=1')).text();
    expect((ov.match(/<svg/g) ?? []).length).toBeGreaterThan(5);
    expect((await c.get('/schools/no-such-school')).status).toBe(404);
  });

  it('shows the methodology with statuses and the [R] statement', async () => {
    const h = await head(0);
    const html = await (await h.get('/methodology')).text();
    expect(html).toContain('[R]');
    expect(html).toContain('[S]');
    expect(html).toContain('реконструкция по открытым источникам, а не официальн');
    expect(html).toContain('min_n');
  });

  it('lists jobs and runs one by hand through opts.runJob (CSRF-protected)', async () => {
    const c = await committee();
    expect(await (await c.get('/jobs')).text()).toContain('Последние запуски');
    expect((await c.form('/jobs/run', { job: 'rebuild' })).status).toBe(403);
    const r = await c.form('/jobs/run', { job: 'rebuild', _csrf: c.csrf });
    expect(r.status).toBe(303);
    expect(jobs).toContain(`rebuild:${logins.committee}`);
    expect(await (await c.get(r.headers.get('location')!)).text()).toContain('Задание «rebuild» выполнено.');
  });

  it('escapes school names from uploaded data everywhere', async () => {
    const c = await committee();
    for (const path of ['/', '/schools/9999', '/schools/9999/similar', '/?print=1']) {
      const html = await (await c.get(path)).text();
      expect(html, path).not.toContain('<script>alert(1)</script>');
      expect(html, path).not.toContain('<img src=x');
    }
    expect(await (await c.get('/schools/9999')).text()).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
  });

  it('sets security headers and hides internals on errors', async () => {
    const c = await committee();
    const r = await c.get('/');
    expect(r.headers.get('content-security-policy')).toMatch(/script-src 'self'/);
    expect(r.headers.get('x-content-type-options')).toBe('nosniff');
    expect(r.headers.get('x-frame-options')).toBeTruthy();
    const nf = await c.get('/no/such/page');
    expect(nf.status).toBe(404);
    expect(await nf.text()).toContain('Страница не найдена');
    const boom = await c.get('/boom');
    expect(boom.status).toBe(500);
    const body = await boom.text();
    expect(body).toContain('Внутренняя ошибка');
    expect(body).not.toContain('secret internal detail');
    expect(body).not.toMatch(/at .*\.ts:\d+/);
  });
});

describe('exports', () => {
  it('CSV starts with a BOM and uses «;»; xlsx is a workbook; both are audited', async () => {
    const c = await committee();
    const r = await c.get('/export/index.csv');
    expect(r.headers.get('content-type')).toMatch(/text\/csv/);
    const bytes = Buffer.from(await r.arrayBuffer());
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const header = bytes.toString('utf8').slice(1).split('\r\n')[0]!;
    expect(header.split(';').length).toBeGreaterThan(3);
    const x = Buffer.from(await (await c.get('/export/flags.xlsx')).arrayBuffer());
    expect(x.subarray(0, 2).toString()).toBe('PK');
    expect((await c.get('/export/secrets.csv')).status).toBe(404);
    expect(await auditActions()).toContain('export');
  });
});

describe('uploads', () => {
  const demoFile = () => {
    const name = readdirSync(demoFiles()).find((f) => /ВПР.*\.xlsx$/.test(f))!;
    return { name, bytes: readFileSync(join(demoFiles(), name)) };
  };
  const post = (c: Client, files: { name: string; bytes: Buffer }[], csrf = c.csrf) => {
    const fd = new FormData();
    for (const f of files) fd.append('files', new Blob([new Uint8Array(f.bytes)]), f.name);
    return c.req('/api/uploads', { method: 'POST', body: fd, headers: csrf ? { 'x-csrf-token': csrf } : {} });
  };

  it('rejects an upload without the CSRF header', async () => {
    const c = await committee();
    expect((await post(c, [demoFile()], '')).status).toBe(403);
  });

  it('streams progress and the validation report per file and records the ledger', async () => {
    const c = await committee();
    const sample = {
      name: 'fisoko_vpr2022_altai_export_geography10.xlsx',
      bytes: readFileSync('tests/fixtures/samples/fisoko_vpr2022_altai_export_geography10.xlsx'),
    };
    const r = await post(c, [demoFile(), sample]);
    expect(r.status).toBe(200);
    expect(r.headers.get('content-type')).toMatch(/ndjson/);
    const events = ndjson(await r.text());
    const reports = events
      .filter((e) => e.type === 'report')
      .map((e) => e.report as { status: string; message: string; fileName: string; lines: string[] });
    expect(reports).toHaveLength(2);
    expect(reports[0]!.status).toBe('duplicate');
    expect(['loaded', 'rejected']).toContain(reports[1]!.status);
    expect(events.filter((e) => e.type === 'received')).toHaveLength(2);
    expect(events.some((e) => e.type === 'progress')).toBe(true);
    expect(events[events.length - 1]!.type).toBe('done');
    if (reports[1]!.status === 'loaded') expect(rebuilds).toBeGreaterThan(0);
    const ledger = await (await c.get('/uploads')).text();
    expect(ledger).toContain('fisoko_vpr2022_altai_export_geography10.xlsx');
    const id = /\/uploads\/(\d+)\/report\.txt/.exec(ledger)![1];
    const rep = await c.get(`/uploads/${id}/report.txt`);
    expect(rep.headers.get('content-disposition')).toMatch(/attachment/);
    expect(await rep.text()).toContain('Файл «');
    expect(await auditActions()).toContain('upload');
  });

  it('refuses files over the size limit with a Russian message', async () => {
    const small = await listen(store, { maxUploadBytes: 2048 });
    try {
      const c = new Client(small.base);
      await c.login(logins.committee, logins.password);
      const events = ndjson(await (await post(c, [{ name: 'big.xlsx', bytes: Buffer.alloc(4096, 1) }])).text());
      const rep = events.find((e) => e.type === 'report')!.report as { status: string; message: string };
      expect(rep.status).toBe('rejected');
      expect(rep.message).toContain('больше допустимого размера');
      const huge = await post(c, [{ name: 'huge.xlsx', bytes: Buffer.alloc(3 * 1024 * 1024, 1) }]);
      expect(huge.status).toBe(413);
      expect(((await huge.json()) as { error: string }).error).toContain('не больше');
    } finally {
      await small.close();
    }
  });
});
