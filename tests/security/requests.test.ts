// Requests an attacker or an unlucky client sends: cut and malformed multipart bodies, chunked bodies over the request
// total, more parallel uploads than allowed, ledger numbers that overflow, query strings that would grow the page
// cache, another school's file that was loaded before. The server answers each with a Russian 4xx and keeps serving.
import { readdirSync } from 'node:fs';
import { request } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { programmeTemplateBuffer } from '../../ingest/formats/programme/template.js';
import { closeStore, type Store } from '../../store/db.js';
import { Client, listen, ndjson, type Running } from '../dashboard/http.js';
import { A, B, PASSWORD, programmeStore } from '../dashboard/programme-fixture.js';
import { tempDir } from '../jobs/helpers.js';

let store: Store, app: Running, tmp: string;
const FILE_LIMIT = 64 * 1024,
  REQUEST_LIMIT = 256 * 1024;

beforeAll(async () => {
  ({ store } = await programmeStore());
  tmp = tempDir('uploads-tmp');
  app = await listen(store, { maxUploadBytes: FILE_LIMIT, maxRequestBytes: REQUEST_LIMIT, uploadTmpDir: tmp });
});
afterAll(async () => {
  await app?.close();
  if (store) await closeStore(store);
});

const as = async (login: string) => {
  const c = new Client(app.base);
  expect((await c.login(login, PASSWORD)).status).toBe(303);
  return c;
};
const alive = async () => (await fetch(`${app.base}/login`)).status;

interface Raw {
  status: number;
  body: string;
}
/** A POST written by hand: `chunks` are sent one by one (chunked transfer unless a length is given), `end` ends it. */
function rawPost(
  c: Client,
  path: string,
  headers: Record<string, string>,
  chunks: Buffer[],
  o: { end?: boolean } = {},
): { done: Promise<Raw>; abort: () => void } {
  const u = new URL(app.base + path);
  const req = request({
    host: u.hostname,
    port: u.port,
    path: u.pathname,
    method: 'POST',
    headers: { cookie: c.header(), 'x-csrf-token': c.csrf, ...headers },
  });
  const done = new Promise<Raw>((resolve, reject) => {
    req.on('response', (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (d: string) => {
        body += d;
      });
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
      res.on('error', reject);
    });
    req.on('error', reject);
  });
  void (async () => {
    for (const ch of chunks) {
      if (req.destroyed) return;
      req.write(ch);
      await new Promise((r) => setTimeout(r, 5));
    }
    if (o.end !== false) req.end();
  })();
  return { done, abort: () => req.destroy() };
}

const BOUNDARY = 'zzz';
const multipart = { 'content-type': `multipart/form-data; boundary=${BOUNDARY}` };
const part = (name: string) =>
  Buffer.from(
    `--${BOUNDARY}\r\nContent-Disposition: form-data; name="files"; filename="${name}"\r\nContent-Type: application/octet-stream\r\n\r\n`,
  );

describe('malformed upload requests', () => {
  it('a multipart body cut before its closing boundary gets 400 and the server answers the next request', async () => {
    const head = await as(`head-${A}`),
      kom = await as('kom');
    const cut = Buffer.from(
      `--${BOUNDARY}\r\nContent-Disposition: form-data; name="files"; filename="a.xlsx"\r\n\r\nabc\r\n--zz`,
    );
    for (const [c, path] of [
      [head, `/api/schools/${A}/programme/uploads`],
      [kom, '/api/uploads'],
    ] as const) {
      const r = await rawPost(c, path, { ...multipart, 'content-length': String(cut.length) }, [cut]).done;
      expect(r.status).toBe(400);
      expect(JSON.parse(r.body).error).toMatch(/оборвано|прервана/);
      expect(await alive()).toBe(200);
    }
    expect(readdirSync(tmp)).toEqual([]); // nothing of the cut upload is left on disk
  });

  it('multipart without a boundary gets 400 (not 500), in Russian', async () => {
    const kom = await as('kom');
    const r = await kom.req('/api/uploads', {
      method: 'POST',
      body: 'x',
      headers: { 'content-type': 'multipart/form-data', 'x-csrf-token': kom.csrf },
    });
    expect(r.status).toBe(400);
    expect(((await r.json()) as { error: string }).error).toContain('нет границы');
  });

  it('a chunked body past the request total is cut off with 413 while it streams; the server keeps serving', async () => {
    const kom = await as('kom');
    // Five files each under the per-file limit, together over the request total; no Content-Length to check up front.
    const chunks = [...Array(5)].flatMap((_, i) => [
      part(`f${i}.csv`),
      Buffer.alloc(FILE_LIMIT - 1024, 65),
      Buffer.from('\r\n'),
    ]);
    const r = await rawPost(kom, '/api/uploads', multipart, [...chunks, Buffer.from(`--${BOUNDARY}--\r\n`)]).done.catch(
      () => ({ status: -1, body: '' }),
    );
    // The server may close the connection before the client has finished writing: then the client sees a reset.
    if (r.status !== -1) {
      expect(r.status).toBe(413);
      expect(JSON.parse(r.body).error).toContain('не больше');
    }
    expect(await alive()).toBe(200);
    const ledger = await store.conn.runAndReadAll(`SELECT count(*) FROM uploads WHERE file_name LIKE 'f_.csv'`);
    expect(Number(ledger.getRows()[0]![0])).toBe(0);
    expect(readdirSync(tmp)).toEqual([]);
  });

  it('an upload streams to a temporary file on disk, and a third parallel upload of the same user is refused with 429', async () => {
    const kom = await as('kom');
    const slow = () =>
      rawPost(kom, '/api/uploads', multipart, [part('slow.csv'), Buffer.alloc(1024, 65)], { end: false });
    const first = slow(),
      second = slow();
    // Both are in flight: their files are on disk in the temporary folder, not in memory.
    for (let i = 0; i < 200 && readdirSync(tmp).length < 2; i++) await new Promise((r) => setTimeout(r, 10));
    expect(readdirSync(tmp)).toHaveLength(2);
    const third = await rawPost(kom, '/api/uploads', multipart, [
      part('third.csv'),
      Buffer.from('a;b\r\n'),
      Buffer.from(`\r\n--${BOUNDARY}--\r\n`),
    ]).done;
    expect(third.status).toBe(429);
    expect(JSON.parse(third.body).error).toContain('дождитесь окончания');
    // Another user is not held up by them.
    const head = await as(`head-${A}`);
    expect((await head.get(`/schools/${A}/programme`)).status).toBe(200);
    first.abort();
    second.abort();
    await Promise.allSettled([first.done, second.done]);
    for (let i = 0; i < 200 && readdirSync(tmp).length > 0; i++) await new Promise((r) => setTimeout(r, 10));
    expect(readdirSync(tmp)).toEqual([]); // aborted uploads are cleaned up…
    const again = await rawPost(kom, '/api/uploads', multipart, [
      part('after.csv'),
      Buffer.from('a;b\r\n1;2\r\n'),
      Buffer.from(`\r\n--${BOUNDARY}--\r\n`),
    ]).done;
    expect(again.status).toBe(200); // …and no longer count against the user
    expect(ndjson(again.body).find((e) => e.type === 'report')).toBeTruthy();
  });
});

describe('answers that used to be 500 or too talkative', () => {
  it('a ledger number too long to be one is 404, not 500', async () => {
    const kom = await as('kom');
    for (const id of ['99999999999999999999999', '1e5', '-1'])
      expect((await kom.get(`/uploads/${id}/report.txt`)).status).toBe(404);
  });

  it("a school head uploading another school's file that was loaded before learns nothing about that earlier load", async () => {
    const kom = await as('kom'),
      head = await as(`head-${A}`);
    const bytes = await programmeTemplateBuffer({
      school: { code: B },
      passport: { name: 'Программа ОО B', startYear: '2024/25', endYear: '2025/26' },
    });
    const post = async (c: Client, path: string) => {
      const fd = new FormData();
      fd.append('files', new Blob([new Uint8Array(bytes)]), 'Программа B.xlsx');
      const r = await c.req(path, { method: 'POST', body: fd, headers: { 'x-csrf-token': c.csrf } });
      return ndjson(await r.text()).find((e) => e.type === 'report')!.report as { status: string; message: string };
    };
    expect((await post(kom, '/api/uploads')).status).toBe('loaded');
    const r = await post(head, `/api/schools/${A}/programme/uploads`);
    expect(r.status).toBe('rejected');
    expect(r.message).not.toMatch(/загрузка №|уже загружен/);
    // The committee still gets the ordinary duplicate answer.
    expect((await post(kom, '/api/uploads')).status).toBe('duplicate');
  });
});
