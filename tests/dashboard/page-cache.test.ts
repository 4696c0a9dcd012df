// Rendered pages are kept per data version and per role/school, with each session's own CSRF token and login.
import { rmSync } from 'node:fs';
import { get } from 'node:http';
import { gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DemoLogins } from '../../cli/bootstrap.js';
import { closeStore, type Store } from '../../store/db.js';
import { bumpDataVersion } from '../../store/version.js';
import { demoStore } from '../helpers/demo-store.js';
import { Client, listen, type Running } from './http.js';

let store: Store, dir: string, logins: DemoLogins, app: Running;

beforeAll(async () => {
  ({ store, dir, logins } = await demoStore());
  app = await listen(store);
});

afterAll(async () => {
  await app.close();
  await closeStore(store);
  rmSync(dir, { recursive: true, force: true });
});

const as = async (login: string) => {
  const c = new Client(app.base);
  expect((await c.login(login, logins.password)).status).toBe(303);
  return c;
};
/** The raw answer, as sent (fetch would decode it). */
const raw = (base: string, path: string, headers: Record<string, string>) =>
  new Promise<{ headers: Record<string, unknown>; body: Buffer }>((resolve, reject) =>
    get(base + path, { headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ headers: res.headers, body: Buffer.concat(chunks) }));
    }).on('error', reject),
  );
const tokenIn = (page: string) => /name="csrf-token" content="([^"]+)"/.exec(page)?.[1];

describe('page cache', () => {
  it('gives every session its own CSRF token and login on a cached page', async () => {
    const a = await as(logins.committee),
      b = await as(logins.committee);
    const ra = await a.get('/');
    expect(ra.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(ra.headers.get('etag')).toBeNull();
    const pa = await ra.text();
    const pb = await (await b.get('/')).text();
    expect(tokenIn(pa)).toBe(a.csrf);
    expect(tokenIn(pb)).toBe(b.csrf);
    expect(a.csrf).not.toBe(b.csrf);
    expect(pa).toContain(`${logins.committee} (комитет)`);
    // The rest of the page is the same render.
    expect(pa.replaceAll(a.csrf, '')).toBe(pb.replaceAll(b.csrf, ''));
    // The logout form of a cached page works with the session's own token.
    expect((await b.form('/logout', { _csrf: b.csrf })).status).toBe(303);
  });

  it('sends a cached page gzip-compressed to a client that accepts gzip, with the session’s own token', async () => {
    const a = await as(logins.committee),
      b = await as(logins.committee);
    const path = `/schools/${logins.schools[0]!.schoolCode}`;
    const plain = await raw(app.base, path, { cookie: a.header() });
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(plain.headers.vary).toBe('Accept-Encoding');
    for (const c of [a, b, a]) {
      const z = await raw(app.base, path, { cookie: c.header(), 'accept-encoding': 'gzip, deflate, br' });
      expect(z.headers['content-encoding']).toBe('gzip');
      expect(Number(z.headers['content-length'])).toBe(z.body.length);
      expect(z.body.length).toBeLessThan(plain.body.length / 3);
      const page = gunzipSync(z.body).toString(); // throws on a bad CRC or length
      expect(tokenIn(page)).toBe(c.csrf);
      expect(page.replaceAll(c.csrf, '')).toBe(plain.body.toString().replaceAll(a.csrf, ''));
    }
    const css = await raw(app.base, '/assets/style.css', { 'accept-encoding': 'gzip' });
    expect(css.headers['content-encoding']).toBe('gzip');
    expect(gunzipSync(css.body).toString()).toBe(await (await a.get('/assets/style.css')).text());
  });

  it('keeps pages of different schools apart for their heads', async () => {
    const [s0, s1] = [logins.schools[0]!, logins.schools[1]!];
    const h0 = await as(s0.login),
      h1 = await as(s1.login);
    const p0 = await (await h0.get(`/schools/${s0.schoolCode}`)).text();
    const p1 = await (await h1.get(`/schools/${s1.schoolCode}`)).text();
    expect(p0).toContain(`Код ОО ${s0.schoolCode}`);
    expect(p1).toContain(`Код ОО ${s1.schoolCode}`);
    expect(p1).not.toContain(`Код ОО ${s0.schoolCode}`);
    // A head asking for the other school's page still gets 403, cache or not.
    expect((await h1.get(`/schools/${s0.schoolCode}`)).status).toBe(403);
  });

  it('renders again after the data changed (ingest or build bumps the version)', async () => {
    const c = await as(logins.committee);
    const code = logins.schools[0]!.schoolCode;
    const before = await (await c.get(`/schools/${code}`)).text();
    await store.conn.run(`UPDATE schools SET name = 'Переименованная школа' WHERE school_code = $c`, { c: code });
    // Without a bump the cached render is served (the registry change has not gone through ingest).
    expect(await (await c.get(`/schools/${code}`)).text()).toBe(before);
    bumpDataVersion(store);
    expect(await (await c.get(`/schools/${code}`)).text()).toContain('Переименованная школа');
  });
});
