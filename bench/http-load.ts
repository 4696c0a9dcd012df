// HTTP load: N concurrent keep-alive clients (closed loop: each sends its next request when the previous
// answer is fully read) against the dashboard served by a separate process (bench/serve.ts), logged in as
// the demo committee user. Workloads: a static route (the stylesheet), the overview page, school pages. Like a
// browser, the client accepts gzip. It shares the two CPUs with the server, so — like wrk or autocannon — it does
// not decode every body: it decodes and checks the warm-up answers and every CHECK_EVERY-th one after.
import http from 'node:http';
import { gunzipSync } from 'node:zlib';
import { percentile } from './measure.js';
import { startServer } from './server-proc.js';

export interface LoadStats {
  requests: number;
  errors: number;
  rps: number;
  p50: number;
  p95: number;
  p99: number;
  max: number;
  bytes: number;
  statuses: Record<string, number>;
  serverCpuMs?: number; // server CPU per request (httpLoad only): what the server itself spends, client aside
}

interface Reply {
  status: number;
  headers: http.IncomingHttpHeaders;
  wire: Buffer; // the bytes as sent
  readonly body: string; // decoded (gunzip, UTF-8) on first use
}

const CHECK_EVERY = 20;

function reply(status: number, headers: http.IncomingHttpHeaders, wire: Buffer): Reply {
  let text: string | undefined;
  return {
    status,
    headers,
    wire,
    get body() {
      text ??= (headers['content-encoding'] === 'gzip' ? gunzipSync(wire) : wire).toString('utf8');
      return text;
    },
  };
}

function request(
  agent: http.Agent,
  base: string,
  path: string,
  o: { method?: string; cookie?: string; form?: Record<string, string> } = {},
): Promise<Reply> {
  const url = new URL(path, base);
  const body = o.form ? new URLSearchParams(o.form).toString() : undefined;
  return new Promise((resolve, reject) => {
    const req = http.request(
      url,
      {
        agent,
        method: o.method ?? 'GET',
        headers: {
          'accept-encoding': 'gzip',
          ...(o.cookie ? { cookie: o.cookie } : {}),
          ...(body
            ? { 'content-type': 'application/x-www-form-urlencoded', 'content-length': Buffer.byteLength(body) }
            : {}),
        },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve(reply(res.statusCode ?? 0, res.headers, Buffer.concat(chunks))));
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.setTimeout(30_000, () => req.destroy(new Error('timeout')));
    if (body) req.write(body);
    req.end();
  });
}

const cookiesOf = (r: Reply): string[] => (r.headers['set-cookie'] ?? []).map((c) => c.split(';')[0]!);

/** Logs in through the form (CSRF token + cookies); returns the cookie header of the session. */
export async function login(base: string, user: string, password: string): Promise<string> {
  const agent = new http.Agent({ keepAlive: false });
  const page = await request(agent, base, '/login');
  const token = /name="_csrf" value="([^"]+)"/.exec(page.body)?.[1] ?? '';
  const jar = new Map(cookiesOf(page).map((c) => [c.slice(0, c.indexOf('=')), c] as const));
  const res = await request(agent, base, '/login', {
    method: 'POST',
    cookie: [...jar.values()].join('; '),
    form: { _csrf: token, login: user, password },
  });
  if (res.status !== 303) throw new Error(`login failed: HTTP ${res.status} ${res.body.slice(0, 200)}`);
  for (const c of cookiesOf(res)) jar.set(c.slice(0, c.indexOf('=')), c);
  return [...jar.values()].join('; ');
}

/** Closed-loop load for `seconds` (after `warmup` seconds whose results are dropped). */
export async function load(
  base: string,
  paths: () => string,
  o: { clients: number; seconds: number; warmup: number; cookie?: string; expect?: RegExp },
): Promise<LoadStats> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: o.clients });
  const lat: number[] = [];
  const statuses: Record<string, number> = {};
  let errors = 0,
    bytes = 0,
    requests = 0;
  const t0 = performance.now();
  const warmEnd = t0 + o.warmup * 1000,
    end = warmEnd + o.seconds * 1000;
  const loop = async () => {
    while (performance.now() < end) {
      const s = performance.now();
      let ok = false,
        status = 'error';
      try {
        const r = await request(agent, base, paths(), { cookie: o.cookie });
        status = String(r.status);
        const check = s < warmEnd || requests % CHECK_EVERY === 0;
        ok = r.status === 200 && (!o.expect || !check || o.expect.test(r.body));
        bytes += r.wire.length;
      } catch (e) {
        status = (e as Error).message.slice(0, 40);
      }
      const e = performance.now();
      if (s < warmEnd) continue;
      requests++;
      statuses[status] = (statuses[status] ?? 0) + 1;
      if (!ok) errors++;
      lat.push(e - s);
    }
  };
  await Promise.all(Array.from({ length: o.clients }, loop));
  agent.destroy();
  lat.sort((a, b) => a - b);
  return {
    requests,
    errors,
    rps: requests / o.seconds,
    p50: percentile(lat, 50),
    p95: percentile(lat, 95),
    p99: percentile(lat, 99),
    max: lat[lat.length - 1] ?? NaN,
    bytes,
    statuses,
  };
}

export interface SoakMeasure {
  clients: number;
  seconds: number;
  stats: LoadStats;
  byKind: Record<string, number>; // requests sent per kind
  rssBeforeMb: number;
  rssAfterMb: number;
  peakRssMb: number;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Mixed pages and data endpoints (overview, school pages, school JSON) under many clients for a long run; the
 * server's resident memory after a warm-up run and after the measured run tells whether anything leaks. */
export async function soakLoad(a: {
  store: string;
  user: string;
  password: string;
  schools: string[];
  clients: number;
  seconds: number;
  warmup: number;
}): Promise<SoakMeasure> {
  const srv = await startServer(a.store);
  try {
    const cookie = await login(srv.base, a.user, a.password);
    const kinds: [string, (code: string) => string][] = [
      ['overview', () => '/'],
      ['school', (c) => `/schools/${c}`],
      ['timeline', (c) => `/api/schools/${c}/timeline`],
      ['objectivity', (c) => `/api/schools/${c}/objectivity`],
      ['risk', (c) => `/api/schools/${c}/risk`],
      ['overview-json', () => '/api/overview'],
    ];
    const agent = new http.Agent({ keepAlive: true });
    for (const [name, path] of kinds) {
      const r = await request(agent, srv.base, path(a.schools[0]!), { cookie });
      if (r.status !== 200) throw new Error(`${name} ${path(a.schools[0]!)}: HTTP ${r.status} ${r.body.slice(0, 300)}`);
    }
    agent.destroy();
    let i = 0;
    const byKind: Record<string, number> = {};
    const next = () => {
      const [name, path] = kinds[i % kinds.length]!;
      const p = path(a.schools[Math.floor(i / kinds.length) % a.schools.length]!);
      i++;
      byKind[name] = (byKind[name] ?? 0) + 1;
      return p;
    };
    // Warm-up at full concurrency: caches, JIT and allocator pools reach their working size before "before".
    await load(srv.base, next, { clients: a.clients, seconds: a.warmup, warmup: 0, cookie });
    await sleep(2000);
    const rssBeforeMb = srv.rssMb();
    for (const k of Object.keys(byKind)) delete byKind[k];
    const stats = await load(srv.base, next, {
      clients: a.clients,
      seconds: a.seconds,
      warmup: 0,
      cookie,
      expect: /\S/,
    });
    await sleep(5000);
    return {
      clients: a.clients,
      seconds: a.seconds,
      stats,
      byKind,
      rssBeforeMb,
      rssAfterMb: srv.rssMb(),
      peakRssMb: srv.peakRssMb(),
    };
  } finally {
    await srv.stop();
  }
}

export interface HttpMeasure {
  static: LoadStats;
  overview: LoadStats;
  school: LoadStats;
  serverPeakRssMb: number;
  clients: number;
  seconds: number;
  single: Record<string, number>;
}

export async function httpLoad(a: {
  store: string;
  user: string;
  password: string;
  schools: string[];
  clients: number;
  seconds: number;
  warmup: number;
}): Promise<HttpMeasure> {
  const srv = await startServer(a.store);
  try {
    const cookie = await login(srv.base, a.user, a.password);
    // Requests of each kind alone first: checks the pages answer 200 and gives the unloaded latency (best of 5).
    const single: Record<string, number> = {};
    const agent = new http.Agent({ keepAlive: true });
    for (const [name, p] of [
      ['static', '/assets/style.css'],
      ['overview', '/'],
      ['school', `/schools/${a.schools[0]}`],
    ] as const) {
      for (let i = 0; i < 5; i++) {
        const s = performance.now();
        const r = await request(agent, srv.base, p, { cookie });
        if (r.status !== 200) throw new Error(`${p}: HTTP ${r.status} ${r.body.slice(0, 300)}`);
        single[name] = Math.min(single[name] ?? Infinity, performance.now() - s);
      }
    }
    agent.destroy();
    let i = 0;
    const common = { clients: a.clients, seconds: a.seconds, warmup: a.warmup, cookie };
    // Server CPU is read around the whole run, warm-up included, and divided by all requests sent.
    const measured = async (path: () => string, expect?: RegExp) => {
      const cpu0 = srv.cpuMs();
      let sent = 0;
      const stats = await load(
        srv.base,
        () => {
          sent++;
          return path();
        },
        { ...common, expect },
      );
      return { ...stats, serverCpuMs: (srv.cpuMs() - cpu0) / sent };
    };
    const st = await measured(() => '/assets/style.css');
    const ov = await measured(() => '/', /<\/html>/i);
    const sc = await measured(() => `/schools/${a.schools[i++ % a.schools.length]}`, /<\/html>/i);
    return {
      static: st,
      overview: ov,
      school: sc,
      serverPeakRssMb: srv.peakRssMb(),
      clients: a.clients,
      seconds: a.seconds,
      single,
    };
  } finally {
    await srv.stop();
  }
}
