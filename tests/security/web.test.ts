// Web protections over real HTTP: CSRF on every state-changing route (enumerated from the router), session
// expiry and logout invalidation, login lockout, security headers, and escaping of uploaded names on every page
// and export (HTML escaped; csv/xlsx cells that a spreadsheet could run as a formula neutralised). The store is a
// working store holding the demo's data (workStoreCopy): the uploads here are real files, which a demo store refuses.
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import type { DemoLogins } from '../../cli/bootstrap.js';
import { mountLocalApi } from '../../cli/local-api.js';
import { closeStore, type Store } from '../../store/db.js';
import { serialize } from '../../store/queue.js';
import { DATASETS } from '../../transforms/export.js';
import { build } from '../../transforms/runner.js';
import { Client, ndjson } from '../dashboard/http.js';
import { workStoreCopy } from '../helpers/demo-store.js';
import { enumerateRoutes, formulaLike, type Got, loginAs, read, routeId, type Started, start } from './helpers.js';

const A = '1006';
const LOCAL_TOKEN = 'web-test-local-token-0123456789ab';
const IMG = '<img src=x onerror=alert(1)>';
const FORMULA = '=HYPERLINK("http://x")';
/** Two schools without journal files referenced by name, renamed through an uploaded registry. */
const HOSTILE: Record<string, string> = { 1020: IMG, 1018: FORMULA };

let store: Store, logins: DemoLogins, main: Started;
const ran: string[] = [];

const ledgerCount = async () =>
  Number((await store.conn.runAndReadAll('SELECT count(*) FROM uploads')).getRows()[0]![0]);
const committee = () => loginAs(main.base, logins.committee, logins.password);

beforeAll(async () => {
  ({ store, logins } = await workStoreCopy());
  main = await start(store, {
    runJob: async (name, user) => {
      ran.push(`${name}:${user}`);
      return { ok: true, message: `Задание «${name}» выполнено.` };
    },
    mount: (a) =>
      mountLocalApi(
        a,
        store,
        () => LOCAL_TOKEN,
        async () => ({ ok: true, message: 'ok' }),
      ),
  });
}, 300_000);

afterAll(async () => {
  await main?.close();
  if (store) await closeStore(store);
});

afterEach(() => {
  vi.useRealTimers();
});

describe('CSRF', () => {
  const upload = (c: Client, headers: Record<string, string>) => {
    const fd = new FormData();
    fd.append(
      'files',
      new Blob([new Uint8Array(Buffer.from('Код ОО;Наименование\n9001;Школа для проверки CSRF\n'))]),
      'реестр.csv',
    );
    return c.req('/api/uploads', { method: 'POST', body: fd, headers });
  };
  /** How to send each state-changing route with a given token (undefined: none), and what must not have happened. */
  const STATE: Record<
    string,
    { send: (c: Client, token: string | undefined) => Promise<Response>; untouched: (c: Client) => Promise<void> }
  > = {
    'POST /login': {
      send: (c, token) =>
        c.form('/login', {
          login: logins.committee,
          password: logins.password,
          ...(token === undefined ? {} : { _csrf: token }),
        }),
      untouched: async (c) => {
        expect([...c.cookies.keys()]).not.toContain('orientir_sid');
      },
    },
    'POST /logout': {
      send: (c, token) => c.form('/logout', token === undefined ? {} : { _csrf: token }),
      untouched: async (c) => {
        expect((await c.get('/')).status).toBe(200);
      },
    },
    'POST /jobs/run': {
      send: (c, token) => c.form('/jobs/run', { job: 'rebuild', ...(token === undefined ? {} : { _csrf: token }) }),
      untouched: async () => {
        expect(ran).toEqual([]);
      },
    },
    'POST /api/uploads': {
      send: (c, token) => upload(c, token === undefined ? {} : { 'x-csrf-token': token }),
      untouched: async () => {
        expect(await ledgerCount()).toBe(ledgerBefore);
      },
    },
    'POST /api/local/cli': {
      // Not a browser route: it takes a loopback token instead of a session; a session's CSRF token is not enough.
      send: (c, token) =>
        c.req('/api/local/cli', {
          method: 'POST',
          body: JSON.stringify({ command: 'build', sub: null, positionals: [], values: {} }),
          headers: { 'content-type': 'application/json', ...(token === undefined ? {} : { 'x-csrf-token': token }) },
        }),
      untouched: async () => {
        expect(ran).toEqual([]);
      },
    },
  };
  let ledgerBefore = 0;
  const measureOfA = 'm_web_test_a';
  const roadmapState = async () =>
    (
      await store.conn.runAndReadAll(
        'SELECT measure_id, status, evidence, updated_by FROM roadmap_measures ORDER BY measure_id',
      )
    )
      .getRows()
      .map(String);
  let roadmapBefore: string[] = [];
  const programmeUpload = (c: Client, token: string | undefined) => {
    const fd = new FormData();
    fd.append('files', new Blob([new Uint8Array(Buffer.from('это не таблица'))]), 'программа.xlsx');
    return c.req(`/api/schools/${A}/programme/uploads`, {
      method: 'POST',
      body: fd,
      headers: token === undefined ? {} : { 'x-csrf-token': token },
    });
  };
  Object.assign(STATE, {
    'POST /schools/:code/programme/roadmap': {
      send: (c: Client, token: string | undefined) =>
        c.form(`/schools/${A}/programme/roadmap`, {
          title: 'Мероприятие без токена',
          status: 'planned',
          ...(token === undefined ? {} : { _csrf: token }),
        }),
      untouched: async () => {
        expect(await roadmapState()).toEqual(roadmapBefore);
      },
    },
    'POST /schools/:code/programme/roadmap/:id': {
      send: (c: Client, token: string | undefined) =>
        c.form(`/schools/${A}/programme/roadmap/${measureOfA}`, {
          status: 'done',
          evidence: 'без токена',
          ...(token === undefined ? {} : { _csrf: token }),
        }),
      untouched: async () => {
        expect(await roadmapState()).toEqual(roadmapBefore);
      },
    },
    'POST /api/schools/:code/programme/uploads': {
      send: programmeUpload,
      untouched: async () => {
        expect(await ledgerCount()).toBe(ledgerBefore);
      },
    },
    // Linking a source id to a registry school (uploads page, «Неизвестные ОО») and undoing it: no link appears or goes.
    'POST /uploads/unknown-schools/link': {
      send: (c: Client, token: string | undefined) =>
        c.form('/uploads/unknown-schools/link', {
          family: 'fisoko',
          ref: 'sch229999',
          school: A,
          ...(token === undefined ? {} : { _csrf: token }),
        }),
      untouched: async () => {
        expect(await linkCount()).toBe(0);
      },
    },
    'POST /uploads/unknown-schools/unlink': {
      send: (c: Client, token: string | undefined) =>
        c.form('/uploads/unknown-schools/unlink', {
          id_value: 'sch229999',
          kind: 'fisoko_login',
          ...(token === undefined ? {} : { _csrf: token }),
        }),
      untouched: async () => {
        expect(await linkCount()).toBe(0);
      },
    },
  } satisfies typeof STATE);
  const linkCount = async () =>
    Number(
      (
        await store.conn.runAndReadAll(
          `SELECT (SELECT count(*) FROM school_links) + (SELECT count(*) FROM school_ids WHERE id_value = 'sch229999')`,
        )
      ).getRows()[0]![0],
    );

  it('every state-changing route refuses a request without a valid token, and nothing changes', async () => {
    const changing = enumerateRoutes(main.app)
      .routes.filter((r) => !['GET', 'HEAD', 'OPTIONS'].includes(r.method))
      .map(routeId);
    expect(
      changing.filter((r) => !(r in STATE)),
      'state-changing routes without a CSRF case',
    ).toEqual([]);
    expect(changing.length).toBeGreaterThanOrEqual(5);
    ledgerBefore = await ledgerCount();
    await store.conn.run(
      `INSERT INTO roadmap_measures (measure_id, school_ref, title, status) VALUES ($id, $a, 'Мероприятие для проверки CSRF', 'planned')`,
      { id: measureOfA, a: A },
    );
    roadmapBefore = await roadmapState();
    const other = await loginAs(main.base, `school-${A}`, logins.password);
    for (const route of changing) {
      const c = route === 'POST /login' ? new Client(main.base) : await committee();
      if (route === 'POST /login') await c.get('/login'); // the pre-session cookie is there; only the token is missing
      const variants: [string, string | undefined][] = [
        ['no token', undefined],
        ['empty token', ''],
        ['forged token', 'x'.repeat(32)],
        ["another session's token", other.csrf],
        ...(route === 'POST /login'
          ? []
          : [
              ['a token one character off', c.csrf.slice(0, -1) + (c.csrf.endsWith('A') ? 'B' : 'A')] as [
                string,
                string,
              ],
            ]),
      ];
      for (const [what, token] of variants) {
        const r = await STATE[route]!.send(c, token);
        expect(r.status, `${route} with ${what}`).toBe(403);
        const body = await r.text();
        if (route !== 'POST /api/local/cli') expect(body, `${route} with ${what}`).toContain('CSRF');
        await STATE[route]!.untouched(c);
      }
      // A token in the query string is not read either.
      const q = await c.req(`${route.split(' ')[1]}?_csrf=${encodeURIComponent(c.csrf)}`, {
        method: 'POST',
        body: new URLSearchParams({ job: 'rebuild' }),
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
      });
      expect(q.status, `${route} with the token in the URL`).toBe(403);
      await STATE[route]!.untouched(c);
    }
  });

  it('the same requests with the right token go through (the check is not a blanket refusal)', async () => {
    const c = await committee();
    expect((await STATE['POST /jobs/run']!.send(c, c.csrf)).status).toBe(303);
    expect(ran).toEqual([`rebuild:${logins.committee}`]);
    ran.length = 0;
    const up = await STATE['POST /api/uploads']!.send(c, c.csrf);
    expect(up.status).toBe(200);
    expect(ndjson(await up.text()).at(-1)).toMatchObject({ type: 'done' });
    expect((await STATE['POST /logout']!.send(c, c.csrf)).status).toBe(303);
  });
});

describe('sessions', () => {
  it('expire after sessionTtlMs: pages send to login, the API answers 401, forms are refused', async () => {
    vi.useFakeTimers({ toFake: ['Date'], now: Date.now() });
    const short = await start(store, {
      sessionTtlMs: 1000,
      runJob: async () => {
        ran.push('short');
        return { ok: true, message: '' };
      },
    });
    try {
      const h = new Client(short.base);
      const r = await h.login(`school-${A}`, logins.password);
      expect(r.headers.getSetCookie().find((x) => x.startsWith('orientir_sid='))).toMatch(/Max-Age=1(;|$)/);
      expect((await h.get(`/schools/${A}`)).status).toBe(200);
      vi.setSystemTime(Date.now() + 999);
      expect((await h.get('/methodology')).status).toBe(200);
      vi.setSystemTime(Date.now() + 2);
      const page = await h.get(`/schools/${A}`);
      expect(page.status).toBe(303);
      expect(page.headers.get('location')).toBe(`/login?next=${encodeURIComponent(`/schools/${A}`)}`);
      expect((await h.get(`/api/schools/${A}`)).status).toBe(401);
      const c = new Client(short.base);
      await c.login(logins.committee, logins.password);
      vi.setSystemTime(Date.now() + 1001);
      expect((await c.form('/jobs/run', { job: 'rebuild', _csrf: c.csrf })).status).toBe(401);
      expect(ran).not.toContain('short');
    } finally {
      await short.close();
    }
  });

  it('logout ends the session on the server: the old cookie and CSRF token stop working at once', async () => {
    const c = await committee();
    const other = await committee();
    const stolen = c.header(),
      token = c.csrf;
    const out = await c.form('/logout', { _csrf: c.csrf });
    expect(out.status).toBe(303);
    expect(out.headers.getSetCookie().join('\n')).toMatch(/orientir_sid=;.*Max-Age=0/);
    const replay = (path: string, init: RequestInit = {}) =>
      fetch(main.base + path, {
        ...init,
        headers: { ...(init.headers as Record<string, string>), cookie: stolen },
        redirect: 'manual',
      });
    expect((await replay('/')).status).toBe(303);
    expect((await replay('/api/overview')).status).toBe(401);
    expect((await replay('/export/index.csv')).status).toBe(303);
    expect(
      (
        await replay('/jobs/run', {
          method: 'POST',
          body: new URLSearchParams({ job: 'rebuild', _csrf: token }),
          headers: { 'content-type': 'application/x-www-form-urlencoded' },
        })
      ).status,
    ).toBe(401);
    expect(ran).toEqual([]);
    // Another session of the same user is not affected.
    expect((await other.get('/')).status).toBe(200);
  });

  it('a new session id is issued at every login (no fixation), and cookies are HttpOnly, SameSite=Lax', async () => {
    const c = await committee();
    const d = new Client(main.base);
    d.cookies.set('orientir_sid', 'planted-by-attacker.c2lnbmF0dXJl');
    const r = await d.login(logins.committee, logins.password);
    expect(r.status).toBe(303);
    expect(d.cookies.get('orientir_sid')).not.toBe('planted-by-attacker.c2lnbmF0dXJl');
    expect(d.cookies.get('orientir_sid')).not.toBe(c.cookies.get('orientir_sid'));
    expect(d.csrf).not.toBe(c.csrf);
    for (const cookie of r.headers.getSetCookie()) {
      expect(cookie).toMatch(/HttpOnly/);
      expect(cookie).toMatch(/SameSite=Lax/);
    }
  });
});

describe('login throttling', () => {
  it('locks a login after 5 failures from one address, even for the right password; other logins go on; it ends after 15 minutes', async () => {
    vi.useFakeTimers({ toFake: ['Date'], now: Date.now() });
    const app = await start(store);
    try {
      const victim = 'school-1010';
      const c = new Client(app.base);
      for (let i = 0; i < 5; i++) expect((await c.login(victim, `wrong-${i}-password`)).status).toBe(401);
      const locked = await c.login(victim, logins.password);
      expect(locked.status).toBe(429);
      expect(await locked.text()).toContain('Слишком много неудачных попыток');
      // The same login in other letter case is the same login.
      expect((await new Client(app.base).login(victim.toUpperCase(), logins.password)).status).toBe(429);
      expect((await new Client(app.base).login(`school-${A}`, logins.password)).status).toBe(303);
      vi.setSystemTime(Date.now() + 15 * 60_000 + 1000);
      expect((await new Client(app.base).login(victim, logins.password)).status).toBe(303);
      const actions = (await store.conn.runAndReadAll(`SELECT action FROM audit_log WHERE target = $t`, { t: victim }))
        .getRows()
        .map((r) => String(r[0]));
      expect(actions.filter((a) => a === 'login.failed').length).toBeGreaterThanOrEqual(5);
      expect(actions).toContain('login.locked');
    } finally {
      await app.close();
    }
  });
});

describe('security headers', () => {
  it('every kind of response carries CSP with frame-ancestors, nosniff, X-Frame-Options, Referrer-Policy and no-store', async () => {
    const c = await committee();
    const anon = new Client(main.base);
    const cases: [string, Response][] = [
      ['page', await c.get('/')],
      ['school page', await c.get(`/schools/${A}`)],
      ['login page', await anon.get('/login')],
      ['JSON', await c.get('/api/overview')],
      ['401 JSON', await anon.get('/api/overview')],
      ['404 page', await c.get('/no/such')],
      ['csv export', await c.get('/export/flags.csv')],
      ['xlsx export', await c.get('/export/flags.xlsx')],
      ['report', await c.get('/uploads/1/report.txt')],
      ['redirect', await anon.get('/')],
      ['script', await anon.get('/assets/app.js')],
      ['CSRF refusal', await c.form('/jobs/run', { job: 'rebuild' })],
    ];
    for (const [what, r] of cases) {
      const csp = r.headers.get('content-security-policy') ?? '';
      expect(csp, what).toMatch(/default-src 'self'/);
      expect(csp, what).toMatch(/script-src 'self'(;|$)/);
      expect(csp, what).toMatch(/frame-ancestors 'none'/);
      expect(csp, what).toMatch(/object-src 'none'/);
      expect(csp, what).toMatch(/base-uri 'self'/);
      expect(csp, what).toMatch(/form-action 'self'/);
      expect(r.headers.get('x-content-type-options'), what).toBe('nosniff');
      expect(r.headers.get('x-frame-options'), what).toBe('DENY');
      expect(r.headers.get('referrer-policy'), what).toBe('no-referrer');
      expect(r.headers.get('x-powered-by'), what).toBeNull();
      if (what !== 'script') expect(r.headers.get('cache-control'), what).toBe('no-store');
      await r.arrayBuffer();
    }
  });
});

describe('escaping of uploaded names', () => {
  let got: { url: string; got: Got }[] = [];

  it('a registry with hostile school names and a hostile file name loads through the web upload and the marts rebuild', async () => {
    const c = await committee();
    const rows = (
      await store.conn.runAndReadAll(`SELECT school_code, fisoko_login, rcoi_code, municipality, school_type, settlement_type, enrolment, ovz_share, nonnative_share
      FROM schools WHERE school_code IN ('1018', '1020') ORDER BY 1`)
    ).getRows();
    const q = (v: unknown) => `"${String(v ?? '').replace(/"/g, '""')}"`;
    const pct = (v: unknown) => (v === null ? '' : `${Math.round(Number(v) * 1000) / 10}%`);
    const csv = [
      'Код ОО;Наименование;Краткое наименование;Логин ФИС ОКО;Код ОО РЦОИ;Муниципалитет;Тип ОО;Тип населённого пункта;Численность обучающихся;Доля обучающихся с ОВЗ, %;Доля обучающихся, для которых русский язык не родной, %',
      ...rows.map((r) =>
        [r[0], HOSTILE[String(r[0])], HOSTILE[String(r[0])], r[1], r[2], r[3], r[4], r[5], r[6]]
          .map(q)
          .concat([pct(r[7]), pct(r[8])])
          .join(';'),
      ),
    ].join('\r\n');
    const fd = new FormData();
    fd.append(
      'files',
      new Blob([new Uint8Array(Buffer.from('\uFEFF' + csv + '\r\n', 'utf8'))]),
      `${IMG} @SUM(1+1).csv`,
    );
    const res = await c.req('/api/uploads', { method: 'POST', body: fd, headers: { 'x-csrf-token': c.csrf } });
    const report = ndjson(await res.text()).find((e) => e.type === 'report')!.report as {
      status: string;
      rowsLoaded: number;
      message: string;
    };
    expect(report, report.message).toMatchObject({ status: 'loaded', rowsLoaded: 2 });
    const names = (
      await store.conn.runAndReadAll(
        `SELECT school_code, name, short_name FROM schools WHERE school_code IN ('1018', '1020') ORDER BY 1`,
      )
    )
      .getRows()
      .map((r) => r.map(String));
    expect(names).toEqual([
      ['1018', FORMULA, FORMULA],
      ['1020', IMG, IMG],
    ]);
    const file = (
      await store.conn.runAndReadAll('SELECT file_name FROM uploads ORDER BY upload_id DESC LIMIT 1')
    ).getRows()[0]![0];
    expect(file).toBe(`${IMG} @SUM(1+1).csv`);
    const b = await serialize(() => build(store));
    expect(b.ok, b.failures.join('\n')).toBe(true);
  }, 180000);

  it('every GET page, JSON answer and export is requested as the committee', async () => {
    const c = await committee();
    const lastUpload = Number((await store.conn.runAndReadAll('SELECT max(upload_id) FROM uploads')).getRows()[0]![0]);
    const expand = (pattern: string): string[] => {
      const params = pattern.match(/:\w+/g) ?? [];
      let urls = [pattern];
      for (const p of params) {
        const values =
          p === ':code'
            ? [...Object.keys(HOSTILE), A]
            : p === ':id'
              ? [String(lastUpload)]
              : p === ':file'
                ? DATASETS.flatMap((d) => [`${d}.csv`, `${d}.xlsx`])
                : null;
        if (!values) throw new Error(`no values for ${p} in ${pattern}: extend expand()`);
        urls = urls.flatMap((u) => values.map((v) => u.replace(p, encodeURIComponent(v))));
      }
      return urls;
    };
    const gets = enumerateRoutes(main.app)
      .routes.filter((r) => r.method === 'GET')
      .flatMap((r) => expand(r.path));
    const extra = [
      '/?print=1',
      ...Object.keys(HOSTILE).map((k) => `/schools/${k}?print=1`),
      `/jobs?ok=1&msg=${encodeURIComponent(IMG)}`,
      ...Object.keys(HOSTILE).flatMap((k) =>
        DATASETS.flatMap((d) => [`/export/${d}.csv?school=${k}`, `/export/${d}.xlsx?school=${k}`]),
      ),
    ];
    got = [];
    for (const url of [...gets, ...extra]) got.push({ url, got: await read(await c.get(url)) });
    const anon = new Client(main.base);
    got.push({
      url: 'anon /login?next=',
      got: await read(await anon.get(`/login?next=${encodeURIComponent(`/${IMG}`)}`)),
    });
    got.push({
      url: 'anon /login POST',
      got: await read(
        await anon.form('/login', {
          _csrf: /name="_csrf" value="([^"]+)"/.exec(got.at(-1)!.got.text)![1]!,
          login: IMG,
          password: 'x',
          next: `/${IMG}`,
        }),
      ),
    });
    const bad = got.filter((x) => x.got.status >= 500 || (x.got.status >= 400 && !x.url.startsWith('anon')));
    expect(bad.map((x) => `${x.url}: ${x.got.status}`)).toEqual([]);
    expect(got.length).toBeGreaterThan(40);
  }, 300000);

  it('HTML never contains the raw markup; the escaped name is shown instead', () => {
    const pages = got.filter((x) => x.got.type.startsWith('text/html'));
    expect(pages.length).toBeGreaterThan(10);
    for (const { url, got: g } of pages) {
      expect(g.text, url).not.toContain('<img src=x');
      expect(g.text, url).not.toMatch(/<script>alert/i);
    }
    const shown = pages.filter((x) => x.got.text.includes('&lt;img src=x onerror=alert(1)&gt;')).map((x) => x.url);
    expect(shown).toEqual(
      expect.arrayContaining([
        '/',
        '/?print=1',
        '/schools/1020',
        '/schools/1020/similar',
        '/schools/1020?print=1',
        '/uploads',
        'anon /login?next=',
        'anon /login POST',
      ]),
    );
    // The message parameter of /jobs is not echoed at all (no reflected text).
    expect(got.find((x) => x.url.startsWith('/jobs?'))!.got.text).not.toContain('img src');
    expect(pages.some((x) => x.got.text.includes('=HYPERLINK(&quot;http://x&quot;)'))).toBe(true);
  });

  it('JSON answers are served as JSON with nosniff (names in them are data, not markup)', () => {
    const api = got.filter((x) => x.url.startsWith('/api/'));
    expect(api.length).toBeGreaterThan(10);
    for (const { url, got: g } of api) {
      expect(g.type, url).toMatch(/^application\/json/);
      expect(g.headers.get('x-content-type-options'), url).toBe('nosniff');
    }
    expect(api.some((x) => x.got.text.includes(JSON.stringify(IMG).slice(1, -1)))).toBe(true);
  });

  it('csv and xlsx exports: no cell a spreadsheet would run as a formula; the hostile names are there, neutralised', () => {
    const exports = got.filter((x) => x.got.cells);
    expect(exports.length).toBe(DATASETS.length * 2 * 3 + 2); // + the programme report and the programme template
    for (const { url, got: g } of exports) {
      expect(g.cells!.filter(formulaLike), url).toEqual([]);
      expect(
        g.cells!.filter((c) => c.startsWith('=')),
        url,
      ).toEqual([]);
    }
    const cells = exports.flatMap((x) => x.got.cells!);
    expect(cells).toContain(`'${FORMULA}`);
    expect(cells).toContain(IMG);
    for (const kind of ['.csv', '.xlsx'])
      expect(
        exports.some((x) => x.url.includes(kind) && x.got.cells!.includes(`'${FORMULA}`)),
        kind,
      ).toBe(true);
    expect(formulaLike('-0,25')).toBe(false);
    expect(formulaLike('-1+1')).toBe(true);
    expect(formulaLike('@SUM(A1)')).toBe(true);
  });

  it('the upload report download is plain text, an attachment, with a safe file name', () => {
    const r = got.find((x) => /^\/uploads\/\d+\/report\.txt$/.test(x.url))!.got;
    expect(r.type).toMatch(/^text\/plain/);
    expect(r.headers.get('content-disposition')).toMatch(/^attachment; filename="upload-\d+-report\.txt"/);
  });
});
