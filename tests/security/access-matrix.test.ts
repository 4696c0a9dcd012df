// The access matrix: every route registered on the app (read from the Express router stack, so a new route
// cannot escape) × {anonymous, head of school A, head of school B, committee} → expected status. Then, by content:
// nothing of school B (name, code in data, logins, its pupils' codes) appears in any response to school A
// (pages, JSON, error pages, csv and xlsx exports), and the reverse. The loopback CLI endpoint needs its token.

import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import type { Express } from 'express';
import Papa from 'papaparse';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DemoLogins } from '../../cli/bootstrap.js';
import { mountLocalApi } from '../../cli/local-api.js';
import { closeStore, type Store } from '../../store/db.js';
import { addUser } from '../../store/users.js';
import { DATASETS } from '../../transforms/export.js';
import { Client } from '../dashboard/http.js';
import { demoFiles, demoStore } from '../helpers/demo-store.js';
import {
  enumerateRoutes,
  type Got,
  loginAs,
  type RouteKey,
  read,
  routeId,
  type Started,
  start,
  WHO,
  type Who,
  xlsxRows,
} from './helpers.js';

const CAPTIONS = JSON.parse(
  readFileSync(new URL('../../transforms/exports/captions.json', import.meta.url), 'utf8'),
) as Record<string, string>;

const A = '1006',
  B = '1014';
const LOCAL_TOKEN = 'local-token-for-tests-0123456789';

let store: Store, logins: DemoLogins, app: Express, started: Started, base: string;
let uploadId: number;
const clients = {} as Record<Who, Client>;
const responses: Record<Who, { label: string; got: Got }[]> = { anon: [], A: [], B: [], committee: [] };

type Expect = Record<Who, number>;
interface Probe {
  label: string;
  expect: Expect;
  send: (c: Client, who: Who) => Promise<Response>;
}

const all = (s: number, anon = s): Expect => ({ anon, A: s, B: s, committee: s });
const committeeOnly = (ok: number, anon: number): Expect => ({ anon, A: 403, B: 403, committee: ok });
/** A route about one school: its head and the committee get `ok`, the other head 403. */
const ofSchool = (owner: string, ok: number, anon: number): Expect => ({
  anon,
  A: owner === A ? ok : 403,
  B: owner === B ? ok : 403,
  committee: ok,
});
const get = (url: string, expect: Expect): Probe => ({ label: `GET ${url}`, expect, send: (c) => c.get(url) });

/** Roadmap measures of A and B put into the store for the edit probes. */
const MEASURE = { A: 'm_access_matrix_a', B: 'm_access_matrix_b' } as const;
const notAWorkbook = () => {
  const fd = new FormData();
  fd.append('files', new Blob([new Uint8Array(Buffer.from('это не таблица'))]), 'программа.xlsx');
  return fd;
};
const roadmapEdit = (code: string, id: string, expect: Expect): Probe => ({
  label: `POST /schools/${code}/programme/roadmap/${id}`,
  expect,
  send: (c) =>
    c.form(`/schools/${code}/programme/roadmap/${id}`, {
      _csrf: c.csrf,
      status: 'in_progress',
      evidence: 'проверка доступа',
    }),
});

const demoFile = () => {
  const name = readdirSync(demoFiles()).find((f) => /ВПР.*\.xlsx$/.test(f))!;
  return { name, bytes: readFileSync(join(demoFiles(), name)) };
};

/** Per-school probes: A's code, B's code and a code that does not exist. */
function schoolProbes(pattern: string, ok: number, anon: number, missing: number): Probe[] {
  const url = (code: string) => pattern.replace(':code', code);
  return [
    get(url(A), ofSchool(A, ok, anon)),
    get(url(B), ofSchool(B, ok, anon)),
    get(url('0000'), { anon, A: 403, B: 403, committee: missing }),
  ];
}

/** Expectations for every route; the key is «METHOD pattern» exactly as registered. */
const MATRIX: Record<string, () => Probe[]> = {
  'GET /assets/app.js': () => [get('/assets/app.js', all(200))],
  'GET /assets/style.css': () => [get('/assets/style.css', all(200))],
  'GET /login': () => [get('/login', { anon: 200, A: 303, B: 303, committee: 303 })],
  'POST /login': () => [
    {
      // Anonymous: a real form token, a wrong password. Signed in: the session's CSRF token is not a login token.
      label: 'POST /login',
      expect: { anon: 401, A: 403, B: 403, committee: 403 },
      send: async (c, who) => {
        if (who !== 'anon')
          return c.form('/login', { _csrf: c.csrf, login: 'nobody-matrix', password: 'wrong-password' });
        const page = await (await c.get('/login')).text();
        const token = /name="_csrf" value="([^"]+)"/.exec(page)![1]!;
        return c.form('/login', { _csrf: token, login: 'nobody-matrix', password: 'wrong-password' });
      },
    },
  ],
  'POST /logout': () => [
    {
      // A separate session per role, so the shared clients stay signed in.
      label: 'POST /logout',
      expect: { anon: 401, A: 303, B: 303, committee: 303 },
      send: async (c, who) => {
        if (who === 'anon') return c.form('/logout', {});
        const own = await loginAs(
          base,
          who === 'committee' ? logins.committee : `school-${who === 'A' ? A : B}`,
          logins.password,
        );
        return own.form('/logout', { _csrf: own.csrf });
      },
    },
  ],
  'GET /': () => [
    get('/', { anon: 303, A: 303, B: 303, committee: 200 }),
    get('/?print=1&year=2023%2F24', { anon: 303, A: 303, B: 303, committee: 200 }),
  ],
  'GET /schools': () => [get('/schools', { anon: 303, A: 403, B: 403, committee: 303 })],
  'GET /schools/:code': () => [
    ...schoolProbes('/schools/:code', 200, 303, 404),
    get(`/schools/${A}?print=1`, ofSchool(A, 200, 303)),
    get(`/schools/${B}?print=1`, ofSchool(B, 200, 303)),
  ],
  'GET /schools/:code/similar': () => schoolProbes('/schools/:code/similar', 200, 303, 404),
  'GET /schools/:code/programme': () => [
    ...schoolProbes('/schools/:code/programme', 200, 303, 404),
    get(`/schools/${A}/programme?print=1`, ofSchool(A, 200, 303)),
  ],
  'GET /api/schools/:code/programme': () => schoolProbes('/api/schools/:code/programme', 200, 401, 404),
  'POST /schools/:code/programme/roadmap': () =>
    [A, B, '0000'].map((code) => ({
      label: `POST /schools/${code}/programme/roadmap`,
      expect: code === '0000' ? { anon: 401, A: 403, B: 403, committee: 404 } : ofSchool(code, 303, 401),
      send: (c: Client, who: Who) =>
        c.form(`/schools/${code}/programme/roadmap`, {
          _csrf: c.csrf,
          title: `Проверка доступа (${who})`,
          status: 'planned',
        }),
    })),
  'POST /schools/:code/programme/roadmap/:id': () => [
    roadmapEdit(A, MEASURE.A, ofSchool(A, 303, 401)),
    roadmapEdit(B, MEASURE.B, ofSchool(B, 303, 401)),
    // A school's URL with a measure of the other school: refused for everyone, the committee included.
    roadmapEdit(A, MEASURE.B, { anon: 401, A: 403, B: 403, committee: 403 }),
    roadmapEdit(B, MEASURE.A, { anon: 401, A: 403, B: 403, committee: 403 }),
    roadmapEdit(A, 'm_no_such_measure', ofSchool(A, 404, 401)),
  ],
  'POST /api/schools/:code/programme/uploads': () =>
    [A, B].map((code) => ({
      // Not a workbook (and a demo store refuses any file but its own, store/demo-guard.ts): the probe changes nothing;
      // the status shows who may upload.
      label: `POST /api/schools/${code}/programme/uploads`,
      expect: ofSchool(code, 200, 401),
      send: (c: Client) =>
        c.req(`/api/schools/${code}/programme/uploads`, {
          method: 'POST',
          body: notAWorkbook(),
          headers: c.csrf ? { 'x-csrf-token': c.csrf } : {},
        }),
    })),
  'GET /programmes': () => [
    get('/programmes', committeeOnly(200, 303)),
    get('/programmes?print=1', committeeOnly(200, 303)),
  ],
  'GET /api/programmes': () => [get('/api/programmes', committeeOnly(200, 401))],
  'GET /export/programmes.xlsx': () => [
    get('/export/programmes.xlsx', all(200, 303)),
    get(`/export/programmes.xlsx?school=${A}`, ofSchool(A, 200, 303)),
    get(`/export/programmes.xlsx?school=${B}`, ofSchool(B, 200, 303)),
  ],
  'GET /templates/programme.xlsx': () => [
    get('/templates/programme.xlsx', all(200, 303)),
    get(`/templates/programme.xlsx?school=${A}`, ofSchool(A, 200, 303)),
    get(`/templates/programme.xlsx?school=${B}`, ofSchool(B, 200, 303)),
  ],
  'GET /methodology': () => [get('/methodology', all(200, 303))],
  'GET /uploads': () => [get('/uploads', committeeOnly(200, 303))],
  'GET /jobs': () => [get('/jobs', committeeOnly(200, 303))],
  'GET /api/jobs': () => [get('/api/jobs', committeeOnly(200, 401))],
  'POST /jobs/run': () => [
    {
      label: 'POST /jobs/run',
      expect: committeeOnly(303, 401),
      send: (c) => c.form('/jobs/run', { job: 'freshness', _csrf: c.csrf }),
    },
  ],
  'GET /api/overview': () => [get('/api/overview', committeeOnly(200, 401))],
  'GET /api/schools/:code': () => schoolProbes('/api/schools/:code', 200, 401, 404),
  'GET /api/schools/:code/timeline': () => schoolProbes('/api/schools/:code/timeline', 200, 401, 200),
  'GET /api/schools/:code/targets': () => schoolProbes('/api/schools/:code/targets', 200, 401, 200),
  'GET /api/schools/:code/objectivity': () => schoolProbes('/api/schools/:code/objectivity', 200, 401, 404),
  'GET /api/schools/:code/risk': () => schoolProbes('/api/schools/:code/risk', 200, 401, 404),
  'GET /api/schools/:code/pupils': () => schoolProbes('/api/schools/:code/pupils', 200, 401, 404),
  'GET /api/schools/:code/similar': () => schoolProbes('/api/schools/:code/similar', 200, 401, 404),
  'POST /api/uploads': () => [
    {
      // A file the demo store already holds: the committee's upload is a harmless duplicate.
      label: 'POST /api/uploads',
      expect: committeeOnly(200, 401),
      send: (c) => {
        const f = demoFile(),
          fd = new FormData();
        fd.append('files', new Blob([new Uint8Array(f.bytes)]), f.name);
        return c.req('/api/uploads', { method: 'POST', body: fd, headers: c.csrf ? { 'x-csrf-token': c.csrf } : {} });
      },
    },
  ],
  'GET /api/uploads': () => [get('/api/uploads', committeeOnly(200, 401))],
  'POST /uploads/unknown-schools/link': () => [
    {
      // A school that is not in the registry: the committee is told so (303 back to the page), nothing is linked.
      label: 'POST /uploads/unknown-schools/link',
      expect: committeeOnly(303, 401),
      send: (c) =>
        c.form('/uploads/unknown-schools/link', { _csrf: c.csrf, family: 'fisoko', ref: 'sch000000', school: '0000' }),
    },
  ],
  'POST /uploads/unknown-schools/unlink': () => [
    {
      label: 'POST /uploads/unknown-schools/unlink',
      expect: committeeOnly(303, 401),
      send: (c) =>
        c.form('/uploads/unknown-schools/unlink', { _csrf: c.csrf, id_value: 'sch000000', kind: 'fisoko_login' }),
    },
  ],
  'GET /uploads/:id/report.txt': () => [
    get(`/uploads/${uploadId}/report.txt`, committeeOnly(200, 303)),
    get('/uploads/999999999/report.txt', committeeOnly(404, 303)),
  ],
  'GET /export/:file': () => [
    ...DATASETS.flatMap((d) =>
      (['csv', 'xlsx'] as const).flatMap((ext) => [
        get(`/export/${d}.${ext}`, all(200, 303)),
        get(`/export/${d}.${ext}?school=${A}`, ofSchool(A, 200, 303)),
        get(`/export/${d}.${ext}?school=${B}`, ofSchool(B, 200, 303)),
      ]),
    ),
    get('/export/settings.csv', all(404, 303)),
    get('/export/users.parquet', all(404, 303)),
  ],
  'POST /api/local/cli': () => [
    {
      // From loopback, with every role's cookies and CSRF token, but without the local token: refused.
      label: 'POST /api/local/cli',
      expect: all(403),
      send: (c) =>
        c.req('/api/local/cli', {
          method: 'POST',
          body: JSON.stringify({ command: 'build', sub: null, positionals: [], values: {} }),
          headers: { 'content-type': 'application/json', 'x-csrf-token': c.csrf },
        }),
    },
  ],
};

beforeAll(async () => {
  ({ store, logins } = await demoStore());
  expect(logins.schools.map((s) => s.schoolCode)).toEqual(expect.arrayContaining([A, B]));
  uploadId = Number(
    (await store.conn.runAndReadAll(`SELECT min(upload_id) FROM uploads WHERE status = 'loaded'`)).getRows()[0]![0],
  );
  await store.conn.run(
    `INSERT INTO roadmap_measures (measure_id, school_ref, title, status) VALUES ($a, $ca, 'Проверка доступа: мероприятие ОО A', 'planned'),
    ($b, $cb, 'Проверка доступа: мероприятие ОО B', 'planned')`,
    { a: MEASURE.A, ca: A, b: MEASURE.B, cb: B },
  );
  started = await start(store, {
    runJob: async (name) => ({ ok: true, message: `Задание «${name}» выполнено.` }),
    mount: (a, hooks) =>
      mountLocalApi(
        a,
        store,
        () => LOCAL_TOKEN,
        async () => ({ ok: true, message: 'ok' }),
        hooks.endSessions,
      ),
  });
  ({ app, base } = started);
  clients.anon = new Client(base);
  clients.A = await loginAs(base, `school-${A}`, logins.password);
  clients.B = await loginAs(base, `school-${B}`, logins.password);
  clients.committee = await loginAs(base, logins.committee, logins.password);
}, 300_000);

afterAll(async () => {
  await started?.close();
  if (store) await closeStore(store);
});

describe('route enumeration', () => {
  it('every registered route has a row in the matrix, and every row is a registered route', () => {
    const { routes, middleware, problems } = enumerateRoutes(app);
    expect(problems).toEqual([]);
    const registered = routes.map(routeId);
    expect(registered.length).toBeGreaterThanOrEqual(25);
    // A route added without an expectation fails here by name.
    expect(
      registered.filter((r) => !(r in MATRIX)),
      'routes without a row in MATRIX',
    ).toEqual([]);
    expect(
      Object.keys(MATRIX).filter((r) => !registered.includes(r)),
      'MATRIX rows for routes that do not exist',
    ).toEqual([]);
    expect(new Set(registered).size).toBe(registered.length);
    // Middleware that is not a route may not be scoped to a path: a path-scoped handler would be a route in disguise.
    expect(
      middleware.filter((m) => m.path !== '/'),
      'path-scoped middleware',
    ).toEqual([]);
  });

  it('the walker sees nested routers and flags mounted sub-applications', async () => {
    const express = (await import('express')).default;
    const probe = express();
    const inner = express.Router();
    inner.get('/x/:id', (_q, r) => {
      r.end();
    });
    probe.use('/nested', inner);
    probe.use('/sub', express());
    const { routes, problems } = enumerateRoutes(probe);
    expect(routes.map(routeId)).toContain('GET /nested/x/:id');
    expect(problems.join('\n')).toMatch(/sub-application/);
  });
});

describe('access matrix', () => {
  it('each role gets the expected status on every route', async () => {
    const { routes } = enumerateRoutes(app);
    const mismatches: string[] = [];
    let probes = 0;
    for (const r of routes as RouteKey[]) {
      for (const p of MATRIX[routeId(r)]!()) {
        for (const who of WHO) {
          const got = await read(await p.send(clients[who], who));
          probes++;
          responses[who].push({ label: p.label, got });
          if (got.status !== p.expect[who])
            mismatches.push(`${who} ${p.label}: ${got.status}, expected ${p.expect[who]}`);
        }
      }
    }
    expect(mismatches).toEqual([]);
    expect(probes).toBeGreaterThan(300);
  }, 400000);

  it('anonymous visitors are sent to the login page with the path kept, the API answers 401 in JSON', () => {
    for (const { label, got } of responses.anon) {
      if (got.status === 303 && label.startsWith('GET '))
        expect(got.headers.get('location'), label).toMatch(/^\/login\?next=%2F/);
      if (got.status === 401 && label.startsWith('GET /api/'))
        expect(JSON.parse(got.text).error, label).toMatch(/вход/);
    }
  });

  it('school heads get Russian 403 pages and JSON errors, never data, on what is not theirs', () => {
    for (const who of ['A', 'B'] as const) {
      for (const { label, got } of responses[who].filter((x) => x.got.status === 403)) {
        if (label === 'POST /api/local/cli')
          expect(JSON.parse(got.text), label).toEqual({ code: 2, output: ['Доступ запрещён.'] });
        else if (label.includes('/api/'))
          expect(JSON.parse(got.text), label).toEqual({ error: expect.stringMatching(/доступ|комитет|запрещ/i) });
        else if (label !== 'POST /login') expect(got.text, label).toContain('Доступ запрещён');
      }
    }
  });
});

describe('no data of another school in any response to a school head', () => {
  interface Marks {
    names: string[];
    code: string;
    ids: string[];
    pupils: string[];
  }
  async function marksOf(code: string): Promise<Marks> {
    const s = (
      await store.conn.runAndReadAll(
        `SELECT name, short_name, fisoko_login, rcoi_code FROM schools WHERE school_code = $c`,
        { c: code },
      )
    ).getRows()[0]!;
    const pupils = (
      await store.conn.runAndReadAll(
        `SELECT DISTINCT pupil_code FROM mart_pupils_at_risk WHERE school_code = $c ORDER BY 1`,
        { c: code },
      )
    )
      .getRows()
      .map((r) => String(r[0]));
    return { names: [String(s[0]), String(s[1])], code, ids: [String(s[2]), String(s[3])], pupils };
  }

  /** Where `m` shows up in a response: its names, logins, pupil codes, or its code as a data value. */
  function findings(got: Got, m: Marks, ownPupils: Set<string>): string[] {
    const out: string[] = [];
    for (const n of [...m.names, ...m.ids]) if (got.text.includes(n)) out.push(`«${n}»`);
    const pupils = m.pupils.filter((p) => !ownPupils.has(p) && got.text.includes(p));
    if (pupils.length) out.push(`pupil codes ${pupils.slice(0, 3).join(', ')}…`);
    if (got.cells) {
      if (got.cells.includes(m.code)) out.push(`cell «${m.code}»`);
    } else if (got.type.startsWith('application/json')) {
      const walk = (v: unknown): boolean =>
        typeof v === 'string'
          ? v === m.code || v.includes(`/schools/${m.code}`)
          : Array.isArray(v)
            ? v.some(walk)
            : v !== null && typeof v === 'object'
              ? Object.entries(v).some(([k, x]) => k === m.code || walk(x))
              : false;
      if (walk(JSON.parse(got.text))) out.push(`JSON value «${m.code}»`);
    } else if (new RegExp(`(?<![\\d.,])${m.code}(?![\\d.,])`).test(got.text)) out.push(`text «${m.code}»`);
    return out;
  }

  it('the check itself finds school B in what the committee receives', async () => {
    const b = await marksOf(B);
    expect(b.pupils.length).toBeGreaterThan(10);
    const seen = responses.committee.flatMap(({ got }) => findings(got, b, new Set()));
    expect(seen.some((f) => f.startsWith('«'))).toBe(true);
    expect(seen.some((f) => f.startsWith('pupil codes'))).toBe(true);
    expect(seen.some((f) => f.startsWith('cell'))).toBe(true);
    expect(seen.some((f) => f.startsWith('JSON value'))).toBe(true);
  });

  it('nothing of school B reaches school A, and nothing of A reaches B (pages, JSON, errors, csv, xlsx)', async () => {
    const a = await marksOf(A),
      b = await marksOf(B);
    const leaks: string[] = [];
    for (const [viewer, other, own] of [
      ['A', b, a],
      ['B', a, b],
    ] as const) {
      const ownPupils = new Set(own.pupils);
      expect(responses[viewer].length).toBeGreaterThan(80);
      expect(
        responses[viewer].some((x) => x.got.cells && x.got.status === 200),
        'exports were read',
      ).toBe(true);
      for (const { label, got } of responses[viewer]) {
        const f = findings(got, other, ownPupils);
        if (f.length) leaks.push(`${viewer} ← ${label}: ${f.join('; ')}`);
      }
    }
    expect(leaks).toEqual([]);
  });

  it("a school head's exports hold only their own rows and the benchmark rows (no school code)", async () => {
    // The programme report has its own sheets (checked below); the datasets have a school_code column.
    const exportsOfA = responses.A.filter(
      (x) => x.got.status === 200 && x.label.startsWith('GET /export/') && !x.label.includes('programmes.xlsx'),
    );
    expect(exportsOfA.length).toBe(DATASETS.length * 2 * 2);
    let ownRows = 0;
    for (const { label, got } of exportsOfA) {
      const rows = label.includes('.csv')
        ? Papa.parse<string[]>(got.bytes.toString('utf8').replace(/^\uFEFF/, ''), {
            delimiter: ';',
            skipEmptyLines: true,
          }).data
        : (await xlsxRows(got.bytes)).map((r) => r.map((v) => (v === null || v === undefined ? '' : String(v))));
      const col = rows[0]!.indexOf(label.includes('.csv') ? 'school_code' : CAPTIONS.school_code!);
      expect(col, label).toBeGreaterThanOrEqual(0);
      const codes = new Set(rows.slice(1).map((r) => r[col] ?? ''));
      expect(
        [...codes].filter((c) => c !== A && c !== ''),
        label,
      ).toEqual([]);
      ownRows += rows.slice(1).filter((r) => r[col] === A).length;
    }
    expect(ownRows).toBeGreaterThan(100);
  });

  it("a school head's programme report holds only their own school in every sheet", async () => {
    const reports = responses.A.filter(
      (x) => x.got.status === 200 && x.label.startsWith('GET /export/programmes.xlsx'),
    );
    expect(reports).toHaveLength(2);
    for (const { label, got } of reports) {
      const wb = new ExcelJS.Workbook();
      await wb.xlsx.load(got.bytes as unknown as ArrayBuffer);
      for (const ws of wb.worksheets) {
        const head = (ws.getRow(1).values as unknown[]).map(String);
        const col = head.indexOf('Код ОО');
        if (col < 0) continue;
        const codes = new Set<string>();
        ws.eachRow((row, i) => {
          if (i > 1) codes.add(String(row.getCell(col).value ?? ''));
        });
        expect(
          [...codes].filter((c) => c !== A && c !== ''),
          `${label} «${ws.name}»`,
        ).toEqual([]);
      }
    }
  });

  it("roadmap edits: each measure was changed only by its own school's head and the committee", async () => {
    const rows = (
      await store.conn.runAndReadAll(
        `SELECT actor, target FROM audit_log WHERE action = 'roadmap.update' ORDER BY logged_at`,
      )
    )
      .getRows()
      .map((r) => `${r[0]} ${r[1]}`);
    expect(new Set(rows)).toEqual(
      new Set([
        `school-${A} ${A}/${MEASURE.A}`,
        `${logins.committee} ${A}/${MEASURE.A}`,
        `school-${B} ${B}/${MEASURE.B}`,
        `${logins.committee} ${B}/${MEASURE.B}`,
      ]),
    );
    const denied = (
      await store.conn.runAndReadAll(`SELECT count(*) FROM audit_log WHERE action = 'roadmap.denied'`)
    ).getRows()[0]![0];
    expect(Number(denied)).toBe(4); // the committee on both crossed URLs, each head on the one with its own school's URL
  });
});

describe('loopback CLI endpoint', () => {
  const call = (token: string | null) =>
    fetch(`${base}/api/local/cli`, {
      method: 'POST',
      body: JSON.stringify({ command: 'no-such-command', sub: null, positionals: [], values: {} }),
      headers: { 'content-type': 'application/json', ...(token === null ? {} : { 'x-orientir-token': token }) },
    });

  it('refuses a missing or wrong token even from loopback, accepts the right one', async () => {
    expect((await call(null)).status).toBe(403);
    expect((await call('')).status).toBe(403);
    expect((await call(LOCAL_TOKEN.slice(0, -1) + 'x')).status).toBe(403);
    expect((await call(LOCAL_TOKEN + 'x')).status).toBe(403);
    const ok = await call(LOCAL_TOKEN);
    expect(ok.status).toBe(200);
    expect(((await ok.json()) as { code: number }).code).toBe(2);
  });

  it('a user changed through it (new school, password) loses the sessions opened before', async () => {
    await addUser(store, 'head-moved', 'school', A, 'old-password-1', 'test');
    const h = await loginAs(base, 'head-moved', 'old-password-1');
    expect((await h.get(`/schools/${A}`)).status).toBe(200);
    const r = await fetch(`${base}/api/local/cli`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-orientir-token': LOCAL_TOKEN },
      body: JSON.stringify({
        command: 'users',
        sub: 'add',
        positionals: ['head-moved'],
        values: { role: 'school', school: B, password: 'new-password-1' },
      }),
    });
    expect(await r.json()).toMatchObject({ code: 0 });
    const stale = await h.get(`/schools/${A}`);
    expect(stale.status).toBe(303);
    expect(stale.headers.get('location')).toMatch(/^\/login/);
    expect((await h.get(`/api/schools/${A}`)).status).toBe(401);
    const again = await loginAs(base, 'head-moved', 'new-password-1');
    expect((await again.get(`/schools/${A}`)).status).toBe(403);
    expect((await again.get(`/schools/${B}`)).status).toBe(200);
  });

  it('refuses everything while the server has no token yet (between listen and advertise)', async () => {
    const early = await start(store, {
      mount: (a) =>
        mountLocalApi(
          a,
          store,
          () => '',
          async () => ({ ok: true, message: 'ok' }),
        ),
    });
    try {
      for (const headers of [{}, { 'x-orientir-token': '' }] as Record<string, string>[]) {
        const r = await fetch(`${early.base}/api/local/cli`, {
          method: 'POST',
          body: JSON.stringify({ command: 'build', sub: null, positionals: [], values: {} }),
          headers: { 'content-type': 'application/json', ...headers },
        });
        expect(r.status).toBe(403);
      }
    } finally {
      await early.close();
    }
  });
});
