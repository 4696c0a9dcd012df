// Large uploads under attack conditions (issue #19): several users send many files of just under the size limit
// at once with chunked transfer (no Content-Length to refuse up front), while a probe requests /login every 100 ms.
// Reported: the server's RSS before and at its peak, and /login latency during the uploads against the same probe
// on the idle server in the same run.

import { randomBytes } from 'node:crypto';
import http from 'node:http';
import { login } from './http-load.js';
import { percentile } from './measure.js';
import { startServer } from './server-proc.js';

export interface UploadMeasure {
  senders: number;
  filesPerRequest: number;
  fileMb: number;
  sentMb: number;
  statuses: Record<string, number>;
  seconds: number;
  idle: { p50: number; p95: number; max: number };
  during: { p50: number; p95: number; max: number; n: number };
  rssBeforeMb: number;
  peakRssMb: number;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function get(base: string, path: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const t = performance.now();
    http
      .get(new URL(path, base), { agent: false }, (res) => {
        res.resume();
        res.on('end', () => resolve(performance.now() - t));
      })
      .on('error', reject);
  });
}

async function probe(base: string, until: () => boolean, minCount = 0): Promise<number[]> {
  const lat: number[] = [];
  while (!until() || lat.length < minCount) {
    lat.push(await get(base, '/login'));
    await sleep(100);
  }
  return lat;
}

const stats = (lat: number[]) => {
  const s = [...lat].sort((a, b) => a - b);
  return { p50: percentile(s, 50), p95: percentile(s, 95), max: s.at(-1) ?? NaN };
};

/** One multipart request, written in 1 MB chunks without Content-Length (chunked transfer). */
function send(
  base: string,
  path: string,
  cookie: string,
  csrf: string,
  files: number,
  fileBytes: number,
  chunk: Buffer,
): Promise<string> {
  const boundary = 'benchbenchbench';
  return new Promise((resolve) => {
    const req = http.request(
      new URL(path, base),
      {
        method: 'POST',
        agent: false,
        headers: { cookie, 'x-csrf-token': csrf, 'content-type': `multipart/form-data; boundary=${boundary}` },
      },
      (res) => {
        res.resume();
        res.on('end', () => resolve(String(res.statusCode)));
      },
    );
    req.on('error', (e) => resolve(`error: ${e.message.slice(0, 30)}`));
    void (async () => {
      for (let f = 0; f < files; f++) {
        if (
          !req.write(`--${boundary}\r\nContent-Disposition: form-data; name="files"; filename="big-${f}.xlsx"\r\n\r\n`)
        )
          await new Promise((r) => req.once('drain', r));
        for (let sent = 0; sent < fileBytes && !req.destroyed; sent += chunk.length) {
          if (!req.write(chunk.subarray(0, Math.min(chunk.length, fileBytes - sent))))
            await new Promise((r) => req.once('drain', r));
        }
        req.write('\r\n');
      }
      req.end(`--${boundary}--\r\n`);
    })();
  });
}

async function csrfOf(base: string, cookie: string, path: string): Promise<string> {
  return new Promise((resolve, reject) => {
    http
      .get(new URL(path, base), { agent: false, headers: { cookie } }, (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (d: string) => {
          body += d;
        });
        res.on('end', () => resolve(/name="csrf-token" content="([^"]+)"/.exec(body)?.[1] ?? ''));
      })
      .on('error', reject);
  });
}

export async function uploadLoad(a: {
  store: string;
  committee: string;
  heads: { login: string; schoolCode: string }[];
  password: string;
  filesPerRequest: number;
  fileMb: number;
}): Promise<UploadMeasure> {
  const srv = await startServer(a.store);
  try {
    const idle = await probe(srv.base, () => true, 30);
    await sleep(1000);
    const rssBeforeMb = srv.rssMb();
    // The committee's general upload and each school head's programme upload, all at once.
    const senders = [
      { user: a.committee, page: '/uploads', path: '/api/uploads' },
      ...a.heads.map((h) => ({
        user: h.login,
        page: `/schools/${h.schoolCode}/programme`,
        path: `/api/schools/${h.schoolCode}/programme/uploads`,
      })),
    ];
    const sessions = await Promise.all(
      senders.map(async (s) => {
        const cookie = await login(srv.base, s.user, a.password);
        return { ...s, cookie, csrf: await csrfOf(srv.base, cookie, s.page) };
      }),
    );
    const fileBytes = Math.round(a.fileMb * 1024 * 1024);
    const chunk = randomBytes(1024 * 1024);
    let done = false;
    const t0 = performance.now();
    const during = probe(srv.base, () => done);
    const results = await Promise.all(
      sessions.map((s) => send(srv.base, s.path, s.cookie, s.csrf, a.filesPerRequest, fileBytes, chunk)),
    );
    done = true;
    const lat = await during;
    const statuses: Record<string, number> = {};
    for (const r of results) statuses[r] = (statuses[r] ?? 0) + 1;
    return {
      senders: sessions.length,
      filesPerRequest: a.filesPerRequest,
      fileMb: a.fileMb,
      sentMb: sessions.length * a.filesPerRequest * a.fileMb,
      statuses,
      seconds: (performance.now() - t0) / 1000,
      idle: stats(idle),
      during: { ...stats(lat), n: lat.length },
      rssBeforeMb,
      peakRssMb: srv.peakRssMb(),
    };
  } finally {
    await srv.stop();
  }
}
