// Bench workloads of the dashboard: HTTP load, the long soak, concurrent uploads, the browser cold load, Arrow vs JSON.
import { existsSync } from 'node:fs';
import type { ArrowMeasure } from './arrow.js';
import type { BrowserMeasure } from './browser.js';
import type { HttpMeasure, LoadStats, SoakMeasure } from './http-load.js';
import { fmtNum, fmtRatio } from './measure.js';
import {
  CHROMIUM,
  child,
  dashboardPresent,
  demoStore,
  failed,
  info,
  log,
  mb,
  type Opts,
  raw,
  rows,
  skipped,
} from './run-context.js';
import type { UploadMeasure } from './upload-load.js';

export async function http(o: Opts): Promise<void> {
  const G = 'http';
  const clients = 50,
    seconds = o.quick ? 5 : 15;
  const why = dashboardPresent();
  if (why) return skipped(G, 'HTTP load', why);
  try {
    const tpl = await demoStore(o);
    log(
      `http: ${clients} keep-alive clients, ${seconds} s per route (+2 s warm-up), demo store, committee «${tpl.logins.committee}»`,
    );
    const m = await child<HttpMeasure>(
      'http-load',
      {
        store: tpl.path,
        user: tpl.logins.committee,
        password: tpl.logins.password,
        schools: tpl.logins.schools.map((s) => s.schoolCode),
        clients,
        seconds,
        warmup: 2,
      },
      o,
    );
    raw.http = m;
    const lat = (s: LoadStats) =>
      `p50/p95/p99 ${fmtNum(s.p50)}/${fmtNum(s.p95)}/${fmtNum(s.p99)} ms, ${fmtNum(s.rps, 1)} rps, ${s.errors} err` +
      (s.serverCpuMs === undefined ? '' : `, server CPU ${fmtNum(s.serverCpuMs, 2)} ms/req`);
    for (const [name, s] of [
      ['overview page /', m.overview],
      ['school page /schools/:code', m.school],
    ] as const) {
      rows.push({
        group: G,
        workload: `HTTP ${name}, ${clients} clients`,
        value: lat(s),
        reference: `static /assets/style.css: ${lat(m.static)}`,
        ratio: `${fmtRatio(s.p95 / m.static.p95)} p95`,
        target: s === m.school ? 'p95 ≤ 2× static, 0 errors' : '0 errors',
        pass: s.errors === 0 && s.requests > 0 && (s !== m.school || s.p95 <= 2 * m.static.p95),
      });
    }
    info(
      G,
      'HTTP single request (unloaded): overview / school',
      `${fmtNum(m.single.overview ?? NaN)} / ${fmtNum(m.single.school ?? NaN)} ms`,
      `static: ${fmtNum(m.single.static ?? NaN, 1)} ms`,
      `${fmtRatio((m.single.school ?? NaN) / (m.single.overview ?? NaN))} school/overview`,
    );
    info(G, 'HTTP server peak RSS under load', mb(m.serverPeakRssMb));
  } catch (e) {
    failed(G, 'HTTP load', '0 errors', e);
  }
}

/** Issue #7: 200 clients for 60 s over pages and data endpoints — zero errors, p99, no memory growth. */
export async function soak(o: Opts): Promise<void> {
  const G = 'load';
  const clients = o.quick ? 50 : 200,
    seconds = o.quick ? 10 : 60;
  const why = dashboardPresent();
  if (why) return skipped(G, 'HTTP soak', why);
  try {
    const tpl = await demoStore(o);
    log(`load: ${clients} clients × ${seconds} s, overview + school pages + school JSON (+${seconds / 6} s warm-up)`);
    const m = await child<SoakMeasure>(
      'soak-load',
      {
        store: tpl.path,
        user: tpl.logins.committee,
        password: tpl.logins.password,
        schools: tpl.logins.schools.map((s) => s.schoolCode),
        clients,
        seconds,
        warmup: seconds / 6,
      },
      o,
    );
    raw.load = m;
    const s = m.stats;
    rows.push({
      group: G,
      workload: `HTTP soak, ${clients} clients × ${seconds} s: pages and data endpoints (${Object.keys(m.byKind).length} kinds)`,
      value: `${fmtNum(s.requests)} requests, ${s.errors} errors, p50/p95/p99 ${fmtNum(s.p50)}/${fmtNum(s.p95)}/${fmtNum(s.p99)} ms, ${fmtNum(s.rps, 1)} rps`,
      reference: '—',
      ratio: '—',
      target: '0 errors',
      pass: s.errors === 0 && s.requests > 0,
    });
    rows.push({
      group: G,
      workload: 'HTTP soak: server RSS after the run vs after the warm-up',
      value: `${mb(m.rssAfterMb)} (peak ${mb(m.peakRssMb)})`,
      reference: `after warm-up: ${mb(m.rssBeforeMb)}`,
      ratio: fmtRatio(m.rssAfterMb / m.rssBeforeMb),
      target: '≤ 1.2×',
      pass: m.rssAfterMb / m.rssBeforeMb <= 1.2,
    });
  } catch (e) {
    failed(G, 'HTTP soak', '0 errors', e);
  }
}

/** Issue #19: the committee and two school heads send 4 files of 49 MB each at once (chunked): memory stays bounded, /login answers. */
export async function upload(o: Opts): Promise<void> {
  const G = 'upload';
  const files = o.quick ? 2 : 4,
    fileMb = o.quick ? 20 : 49;
  try {
    const tpl = await demoStore(o);
    log(
      `upload: committee + 2 school heads × ${files} files × ${fileMb} MB, chunked, with a /login probe every 100 ms`,
    );
    const m = await child<UploadMeasure>(
      'upload-load',
      {
        store: tpl.path,
        committee: tpl.logins.committee,
        heads: tpl.logins.schools.slice(0, 2),
        password: tpl.logins.password,
        filesPerRequest: files,
        fileMb,
      },
      o,
    );
    raw.upload = m;
    const growth = m.peakRssMb - m.rssBeforeMb;
    rows.push({
      group: G,
      workload: `concurrent large uploads: ${m.senders} users × ${files} × ${fileMb} MB (${fmtNum(m.sentMb)} MB sent in ${fmtNum(m.seconds, 1)} s), server peak RSS`,
      value: `${mb(m.peakRssMb)} (+${mb(growth)}); answers ${Object.entries(m.statuses)
        .map(([k, v]) => `${k}×${v}`)
        .join(', ')}`,
      reference: `before: ${mb(m.rssBeforeMb)}`,
      ratio: `${fmtRatio(growth / m.sentMb)} of sent`,
      target: '+ ≤ 300 MB',
      pass: growth <= 300,
    });
    rows.push({
      group: G,
      workload: `GET /login during the uploads (${m.during.n} probes)`,
      value: `p50/p95/max ${fmtNum(m.during.p50)}/${fmtNum(m.during.p95)}/${fmtNum(m.during.max)} ms`,
      reference: `idle: p50/p95 ${fmtNum(m.idle.p50)}/${fmtNum(m.idle.p95)} ms`,
      ratio: `${fmtRatio(m.during.p95 / m.idle.p95)} p95`,
      target: 'p95 < 1 s',
      pass: m.during.p95 < 1000,
    });
  } catch (e) {
    failed(G, 'concurrent large uploads', '+ ≤ 300 MB', e);
  }
}

export async function browser(o: Opts): Promise<void> {
  const G = 'browser';
  const why = dashboardPresent() ?? (existsSync(CHROMIUM) ? null : `${CHROMIUM} not found`);
  if (why) return skipped(G, 'browser cold load', why, '< 1 s');
  try {
    const tpl = await demoStore(o);
    const runs = o.quick ? 3 : 7;
    log(`browser: ${runs} cold loads of school pages in fresh Chromium contexts`);
    const m = await child<BrowserMeasure>(
      'browser',
      {
        store: tpl.path,
        user: tpl.logins.committee,
        password: tpl.logins.password,
        schools: tpl.logins.schools.map((s) => s.schoolCode),
        runs,
        chromium: CHROMIUM,
      },
      o,
    );
    raw.browser = m;
    rows.push({
      group: G,
      workload: `browser cold load, school page → every chart shown drawn (median of ${runs})`,
      value: `${fmtNum(m.schoolMedian)} ms (${m.charts} charts, ${m.errors} errors)`,
      reference: `login page to load: ${fmtNum(m.loginMedian)} ms`,
      ratio: fmtRatio(m.schoolMedian / m.loginMedian),
      target: '< 1 s',
      pass: m.schoolMedian < 1000 && m.errors === 0,
    });
    info(
      G,
      'browser school page timing: response end / DOMContentLoaded / load',
      `${fmtNum(m.nav.responseEnd)} / ${fmtNum(m.nav.domContentLoaded)} / ${fmtNum(m.nav.load)} ms`,
      `charts ready: ${fmtNum(m.schoolMedian)} ms`,
    );
    info(
      G,
      'browser school page: opening its collapsed sections → their charts drawn',
      `${fmtNum(m.collapsed.medianMs)} ms (${m.collapsed.charts} charts)`,
      `page load: ${fmtNum(m.schoolMedian)} ms`,
    );
    const w = m.work;
    info(
      G,
      'browser school page main thread: all tasks (scripts / layout / style), layouts',
      `${fmtNum(w.taskMs)} ms (${fmtNum(w.scriptMs)} / ${fmtNum(w.layoutMs)} / ${fmtNum(w.styleMs)}), ${w.layouts} layouts`,
      `login page to load: ${fmtNum(m.loginMedian)} ms`,
    );
  } catch (e) {
    failed(G, 'browser cold load', '< 1 s', e);
  }
}

/** Issue #17: Arrow IPC instead of JSON for the chart data of school pages — wire size, decode time, bundle cost. */
export async function arrow(o: Opts): Promise<void> {
  const G = 'arrow';
  try {
    const tpl = await demoStore(o);
    const schools = tpl.logins.schools.map((s) => s.schoolCode).slice(0, o.quick ? 3 : 10);
    log(`arrow: chart data of ${schools.length} school pages as JSON and as Arrow IPC`);
    const m = await child<ArrowMeasure>(
      'arrow-payload',
      { store: tpl.path, user: tpl.logins.committee, password: tpl.logins.password, schools, reps: o.quick ? 50 : 200 },
      o,
    );
    raw.arrow = m;
    const kb = (b: number) => `${fmtNum(b / 1024, 1)} KB`;
    rows.push({
      group: G,
      workload: `chart data of ${m.pages} school pages (${m.charts} charts, ${m.tabular} tabular): Arrow IPC on the wire, gzip`,
      value: `${kb(m.arrowGzip)} (raw ${kb(m.arrowBytes)})`,
      reference: `JSON: ${kb(m.jsonGzip)} (raw ${kb(m.jsonBytes)})`,
      ratio: fmtRatio(m.arrowGzip / m.jsonGzip),
      target: '< 1× to be worth it',
      pass: null,
    });
    rows.push({
      group: G,
      workload: 'chart data decode to row objects, all pages (Node, per pass)',
      value: `Arrow ${fmtNum(m.arrowDecodeMs, 2)} ms`,
      reference: `JSON.parse ${fmtNum(m.jsonDecodeMs, 2)} ms`,
      ratio: fmtRatio(m.arrowDecodeMs / m.jsonDecodeMs),
      target: '< 1× to be worth it',
      pass: null,
    });
    info(
      G,
      'Arrow decoder added to the client bundle (minified, gzip)',
      kb(m.arrowLibGzip),
      `bundle today: ${kb(m.bundleGzip)}`,
      fmtRatio(m.arrowLibGzip / m.bundleGzip),
    );
  } catch (e) {
    failed(G, 'Arrow chart payload', '—', e);
  }
}
