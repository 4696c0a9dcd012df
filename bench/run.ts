// `npm run bench [-- --only xlsx,csv,build,http,load,upload,browser,arrow,scale] [--quick] [--verbose]`
// Every measurement runs in its own child process (peak RSS is that process's), every figure is printed next
// to a reference measured in the same run, and the table plus raw numbers go to bench/results.json.
// Generated inputs are cached in bench/.cache/ (git-ignored); the first run spends a few minutes creating them.

import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import os from 'node:os';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { DuckDBInstance } from '@duckdb/node-api';
import type { ArrowMeasure } from './arrow.js';
import type { BrowserMeasure } from './browser.js';
import type { CsvFiles } from './gen-csv.js';
import type { HttpMeasure, LoadStats, SoakMeasure } from './http-load.js';
import type { IngestMeasure } from './ingest-tasks.js';
import { fmtNum, fmtRatio } from './measure.js';
import { type ChildOptions, runChild } from './proc.js';
import type { BuildMeasure, DemoTemplate, RegionInfo } from './region.js';
import { printTable, type Row, saveResults } from './report.js';
import type { UploadMeasure } from './upload-load.js';

const WORKLOADS = ['xlsx', 'regional', 'csv', 'build', 'http', 'load', 'upload', 'browser', 'arrow', 'scale'] as const;
type Workload = (typeof WORKLOADS)[number];
const DEFAULT: Workload[] = ['xlsx', 'regional', 'csv', 'build', 'http', 'load', 'upload', 'browser', 'arrow'];
const CHROMIUM = process.env.ORIENTIR_CHROMIUM ?? '/usr/bin/chromium';
const ROOT = fileURLToPath(new URL('../', import.meta.url));

interface Opts {
  quick: boolean;
  verbose: boolean;
  reps: number;
}

const rows: Row[] = [];
const raw: Record<string, unknown> = {};
const log = (s: string) => console.error(`[bench] ${s}`);
const sec = (ms: number) => `${(ms / 1000).toFixed(ms < 10_000 ? 2 : 1)} s`;
const mb = (x: number) => `${fmtNum(x)} MB`;

async function child<T>(task: string, args: unknown, o: Opts, extra: ChildOptions = {}): Promise<T> {
  const r = await runChild<T>(task, args, { timeoutMs: 45 * 60_000, verbose: o.verbose, ...extra });
  if (!r.ok) throw new Error(`${task}: ${r.error}`);
  return r.result;
}

function failed(group: string, workload: string, target: string, e: unknown): void {
  const msg = (e as Error).message.split('\n')[0]!.slice(0, 160);
  log(`${workload}: ${(e as Error).message}`);
  rows.push({ group, workload, value: `error: ${msg}`, reference: '—', ratio: '—', target, pass: false });
}

/** Best of `reps` (minimum time) for each task, runs interleaved so drift hits both sides alike. */
async function bestOf(
  tasks: Record<string, [string, unknown, Record<string, string>?]>,
  o: Opts,
): Promise<Record<string, IngestMeasure & { all: number[] }>> {
  const out: Record<string, IngestMeasure & { all: number[] }> = {};
  for (let rep = 0; rep < o.reps; rep++) {
    for (const [key, [task, args, env]] of Object.entries(tasks)) {
      const m = await child<IngestMeasure>(task, args, o, env ? { env } : {});
      log(
        `  ${key} #${rep + 1}: ${sec(m.ms)}, ${fmtNum(m.rows)} rows, peak RSS ${mb(m.rssMb)}${m.status ? `, ${m.status}` : ''}; load average ${os.loadavg()[0]!.toFixed(1)}`,
      );
      const prev = out[key];
      const all = [...(prev?.all ?? []), m.ms];
      out[key] = !prev || m.ms < prev.ms ? { ...m, all } : { ...prev, all };
    }
  }
  return out;
}

async function xlsx(o: Opts): Promise<void> {
  const n = o.quick ? 20_000 : 100_000;
  // The same rows twice: as the demo writer stores them (shared strings) and as ФИС ОКО itself writes the export
  // (inline strings, every Cyrillic letter a numeric character reference: 168 MB of sheet XML per 100 000 rows).
  try {
    log(`xlsx: ВПР-2021 export, ${fmtNum(n)} rows (generating once into bench/.cache/)`);
    const { path } = await child<{ path: string }>('gen-vpr', { rows: n }, o);
    await xlsxVariant(o, n, 'shared strings', path);
  } catch (e) {
    failed('xlsx', 'xlsx ingest', '≤ 1.25× time', e);
  }
  try {
    const path = (await import('./gen-vpr.js')).vprWorkbookInline(n);
    await xlsxVariant(o, n, 'ФИС ОКО encoding', path);
  } catch (e) {
    failed('xlsx', 'xlsx ingest (ФИС ОКО encoding)', '≤ 1.25× time', e);
  }
}

/** Ten ФИС ОКО exports of a region (generated) end to end against a bare SheetJS read of the same files. */
async function regional(o: Opts): Promise<void> {
  const G = 'xlsx';
  const workload = 'regional ВПР (generated, ФИС ОКО encoding): 10 files';
  try {
    const { ensureSheetjs, SHEETJS_VERSION } = await import('./regional.js');
    log('regional: 10 ФИС ОКО exports (generating once into bench/.cache/), SheetJS from the npm registry');
    const files = await child<{ paths: string[]; rows: number }>('gen-regional', {}, o);
    ensureSheetjs();
    const m = await bestOf(
      { sheetjs: ['sheetjs-read', { paths: files.paths }], e2e: ['regional-ingest', { paths: files.paths }] },
      o,
    );
    const e2e = m.e2e!,
      ref = m.sheetjs!;
    raw.regional = { files, e2e, sheetjs: ref };
    rows.push({
      group: G,
      workload: `${workload}, ${fmtNum(files.rows)} rows`,
      value: `${sec(e2e.ms)}, ${fmtNum(e2e.rows)} rows loaded (${e2e.status}), peak RSS ${mb(e2e.rssMb)}`,
      reference: `SheetJS ${SHEETJS_VERSION} read (dense): ${sec(ref.ms)}, ${fmtNum(ref.rows)} rows, ${mb(ref.rssMb)}`,
      ratio: fmtRatio(e2e.ms / ref.ms),
      target: '≤ 0.5× SheetJS read',
      pass: e2e.status === 'loaded' && e2e.rows === files.rows && e2e.ms <= 0.5 * ref.ms,
    });
  } catch (e) {
    failed(G, workload, '≤ 0.5× SheetJS read', e);
  }
}

async function xlsxVariant(o: Opts, n: number, label: string, path: string): Promise<void> {
  const G = 'xlsx';
  // With default limits first (what a user gets); should the book be refused, again with the limits lifted to
  // measure the reader anyway (the exceljs fallback refuses books over ORIENTIR_XLSX_MAX_CELLS).
  const dflt = await child<IngestMeasure>('ingest-e2e', { path }, o);
  log(
    `  ${label}: e2e with default limits: ${dflt.status}${dflt.status === 'loaded' ? '' : `: ${(dflt.message ?? '').slice(0, 160)}`}`,
  );
  const lifted =
    dflt.status === 'loaded'
      ? undefined
      : { ORIENTIR_XLSX_MAX_CELLS: '100000000', ORIENTIR_XLSX_MAX_PART_MB: '4096', ORIENTIR_XLSX_MAX_TOTAL_MB: '8192' };
  const m = await bestOf(
    {
      exceljs: ['xlsx-exceljs-stream', { path }],
      floor: ['xlsx-floor', { path }],
      read: ['ingest-e2e', { path, readOnly: true }, lifted],
      e2e: ['ingest-e2e', { path }, lifted],
    },
    o,
  );
  const e2e = m.e2e!,
    ex = m.exceljs!,
    fl = m.floor!,
    rd = m.read!;
  ((raw.xlsx ??= {}) as Record<string, unknown>)[label] = {
    rows: n,
    path,
    defaultLimits: dflt,
    liftedLimits: lifted ?? null,
    e2e,
    read: rd,
    exceljs: ex,
    floor: fl,
  };
  const w = `xlsx (${label})`;
  if (lifted) {
    rows.push({
      group: G,
      workload: `${w} ingest, ${fmtNum(n)} rows, default limits`,
      value: `${dflt.status}: ${(dflt.message ?? '').replace(/^.*?слишком большой для загрузки: /, '').slice(0, 80)}`,
      reference: '—',
      ratio: '—',
      target: 'loaded',
      pass: false,
    });
  }
  const rate = (x: IngestMeasure) => `${fmtNum(n / (x.ms / 1000))} rows/s`;
  const ok = e2e.status === 'loaded' && e2e.rows === n;
  rows.push({
    group: G,
    workload: `${w} ingest e2e, ${fmtNum(n)} rows${lifted ? ' (limits lifted)' : ''} (vs exceljs stream)`,
    value: `${rate(e2e)} (${sec(e2e.ms)})`,
    reference: `exceljs stream: ${rate(ex)} (${sec(ex.ms)})`,
    ratio: `${fmtRatio(e2e.ms / ex.ms)} time`,
    target: '≤ 1.25× time',
    pass: ok && e2e.ms / ex.ms <= 1.25,
  });
  rows.push({
    group: G,
    workload: `${w} ingest e2e (vs raw floor)`,
    value: `${rate(e2e)}`,
    reference: `inflate + count <row: ${rate(fl)} (${sec(fl.ms)})`,
    ratio: `${fmtRatio(e2e.ms / fl.ms)} time`,
    target: '—',
    pass: null,
  });
  rows.push({
    group: G,
    workload: `${w} reader alone: guard + all rows (${String(rd.extra?.reader ?? '?')})`,
    value: `${rate(rd)} (${sec(rd.ms)})`,
    reference: `floor: ${sec(fl.ms)}; exceljs stream: ${sec(ex.ms)}`,
    ratio: `${fmtRatio(rd.ms / fl.ms)} floor, ${fmtRatio(rd.ms / ex.ms)} exceljs`,
    target: '—',
    pass: null,
  });
  if (e2e.phases) {
    const p = e2e.phases;
    rows.push({
      group: G,
      workload: `${w} e2e phases: open / parse / write`,
      value: `${sec(p.openMs)} / ${sec(p.parseMs)} / ${sec(p.writeMs)}`,
      reference: `exceljs stream: ${sec(ex.ms)}`,
      ratio: `${fmtRatio((p.openMs + p.parseMs) / ex.ms)} open+parse`,
      target: '—',
      pass: null,
    });
  }
  rows.push({
    group: G,
    workload: `${w} peak RSS: e2e / reader alone`,
    value: `${mb(e2e.rssMb)} / ${mb(rd.rssMb)}`,
    reference: `exceljs stream: ${mb(ex.rssMb)}, floor: ${mb(fl.rssMb)}`,
    ratio: fmtRatio(e2e.rssMb / ex.rssMb),
    target: '—',
    pass: null,
  });
  if (!ok) log(`xlsx e2e (${label}): status ${e2e.status}, ${e2e.rows} rows loaded: ${e2e.message}`);
}

async function csv(o: Opts): Promise<void> {
  const n = o.quick ? 200_000 : 1_000_000;
  const G = 'csv';
  try {
    log(`csv: journal ведомость, ${fmtNum(n)} rows, CP1251 (generating once into bench/.cache/)`);
    const f = await child<CsvFiles>('gen-csv', { rows: n }, o);
    const m = await bestOf(
      { duckdb: ['duckdb-read-csv', { path: f.utf8 }], e2e: ['ingest-e2e', { path: f.cp1251 }] },
      o,
    );
    const e2e = m.e2e!,
      dd = m.duckdb!;
    raw.csv = { rows: n, files: f, e2e, duckdb: dd };
    const rate = (x: IngestMeasure) => n / (x.ms / 1000);
    const ok = e2e.status === 'loaded' && e2e.rows === n;
    rows.push({
      group: G,
      workload: `csv ingest e2e, ${fmtNum(n)} rows CP1251 (vs DuckDB read_csv)`,
      value: `${fmtNum(rate(e2e))} rows/s (${sec(e2e.ms)})`,
      reference: `read_csv UTF-8: ${fmtNum(rate(dd))} rows/s (${sec(dd.ms)})`,
      ratio: `${fmtRatio(rate(e2e) / rate(dd))} rows/s`,
      target: '≥ 0.5× rows/s',
      pass: ok && rate(e2e) / rate(dd) >= 0.5,
    });
    const bulk = e2e.extra?.csvWay === 'bulk';
    rows.push({
      group: G,
      workload: 'csv ingest way (ingest/bulk/csv.ts)',
      value: String(e2e.extra?.csvWay ?? '?'),
      reference: '—',
      ratio: '—',
      target: 'bulk',
      pass: bulk,
    });
    if (e2e.phases) {
      const p = e2e.phases;
      rows.push({
        group: G,
        workload: bulk
          ? 'csv e2e phases: head+detect / copy+DuckDB staging / write'
          : 'csv e2e phases: decode+split / parse / write',
        value: `${sec(p.openMs)} / ${sec(p.parseMs)} / ${sec(p.writeMs)}`,
        reference: `read_csv: ${sec(dd.ms)}`,
        ratio: '—',
        target: '—',
        pass: null,
      });
    }
    rows.push({
      group: G,
      workload: 'csv ingest e2e peak RSS',
      value: mb(e2e.rssMb),
      reference: `read_csv: ${mb(dd.rssMb)}`,
      ratio: fmtRatio(e2e.rssMb / dd.rssMb),
      target: '< 300 MB',
      pass: e2e.rssMb < 300,
    });
    if (!ok) log(`csv e2e: status ${e2e.status}, ${e2e.rows} rows loaded: ${e2e.message}`);
  } catch (e) {
    failed(G, 'csv ingest', '≥ 0.5× rows/s', e);
  }
}

async function buildWorkload(o: Opts): Promise<void> {
  const sizes = o.quick ? [100, 500] : [100, 1000, 5000];
  const G = 'build';
  const done: { schools: number; m: BuildMeasure; region: RegionInfo }[] = [];
  raw.build = done;
  for (const schools of sizes) {
    try {
      log(`build: region of ${schools} schools × 5 years (cloned from the demo store; cached)`);
      const region = await child<RegionInfo>('gen-region', { schools }, o);
      log(
        `  region: ${fmtNum(region.rows.pupil_results ?? 0)} pupil results, ${fmtNum(region.rows.journal_marks ?? 0)} journal marks, ${mb(region.fileMb)} on disk${region.cached ? ' (cached)' : ` (generated in ${region.genSeconds.toFixed(1)} s)`}`,
      );
      const m = await child<BuildMeasure>('build', { path: region.path, rebuild: schools <= 100 }, o);
      log(
        `  build ${m.ok ? 'ok' : 'FAILED'}: ${sec(m.ms)}${m.rebuildMs ? `, rebuild ${sec(m.rebuildMs)}` : ''}, peak RSS ${mb(m.rssAfterFirstMb)}; slowest: ${m.slowest
          .slice(0, 3)
          .map((s) => `${s.sql.slice(0, 40)} ${s.ms} ms`)
          .join('; ')}`,
      );
      done.push({ schools, m, region });
      const prev = done.length > 1 ? done[done.length - 2]! : null;
      const value = `${sec(m.ms)}, ${fmtNum(m.sourceRows / (m.ms / 1000))} rows/s, RSS ${mb(m.rssAfterFirstMb)}`;
      const growth = prev ? m.ms / prev.m.ms : NaN;
      const linear = prev ? schools / prev.schools : NaN;
      const targets: string[] = [];
      let pass: boolean | null = m.ok ? null : false;
      if (schools === 1000) {
        targets.push('< 15 s, < 2 GB');
        pass = m.ok && m.ms < 15_000 && m.rssAfterFirstMb < 2048;
      }
      if (prev) {
        targets.push(`growth ≤ ${linear}× (linear)`);
        pass = (pass ?? m.ok) && growth <= linear;
      }
      rows.push({
        group: G,
        workload: `build all marts + tests, ${fmtNum(schools)} schools × 5 y (${fmtNum(m.sourceRows)} source rows)`,
        value,
        reference: prev ? `${prev.schools} schools: ${sec(prev.m.ms)}` : '—',
        ratio: prev ? `${fmtRatio(growth)} time (${linear}× schools)` : '—',
        target: targets.join('; ') || (m.ok ? '—' : 'build ok'),
        pass,
      });
      if (!m.ok) log(`  failures: ${m.failures.join(' | ')}`);
      if (schools === 1000 && m.rssAfterFirstMb >= 2048) {
        // Same build with DuckDB told to stay under 1.5 GB (it spills to disk): is the memory target a setting?
        const lim = await child<BuildMeasure>('build', { path: region.path, memoryLimit: '1500MB' }, o);
        raw.buildMemoryLimit = lim;
        rows.push({
          group: G,
          workload: `build ${fmtNum(schools)} schools with SET memory_limit = '1500MB'`,
          value: `${sec(lim.ms)}, RSS ${mb(lim.rssAfterFirstMb)}`,
          reference: `no limit: ${sec(m.ms)}, RSS ${mb(m.rssAfterFirstMb)}`,
          ratio: `${fmtRatio(lim.ms / m.ms)} time`,
          target: '< 2 GB',
          pass: lim.ok && lim.rssAfterFirstMb < 2048,
        });
      }
    } catch (e) {
      failed(G, `build ${schools} schools`, schools === 1000 ? '< 15 s, < 2 GB' : '—', e);
    }
  }
}

async function demoStore(o: Opts): Promise<DemoTemplate> {
  log('demo store (bootstrapDemo, cached in bench/.cache/; ~1–2 min on first use)');
  return child<DemoTemplate>('demo-template', {}, o);
}

function dashboardPresent(): string | null {
  if (!existsSync(`${ROOT}dashboard/app.ts`)) return 'dashboard/app.ts is missing';
  return null;
}

async function http(o: Opts): Promise<void> {
  const G = 'http';
  const clients = 50,
    seconds = o.quick ? 5 : 15;
  const why = dashboardPresent();
  if (why) {
    rows.push({
      group: G,
      workload: 'HTTP load',
      value: `skipped: ${why}`,
      reference: '—',
      ratio: '—',
      target: '—',
      pass: null,
    });
    return;
  }
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
    rows.push({
      group: G,
      workload: 'HTTP single request (unloaded): overview / school',
      value: `${fmtNum(m.single.overview ?? NaN)} / ${fmtNum(m.single.school ?? NaN)} ms`,
      reference: `static: ${fmtNum(m.single.static ?? NaN, 1)} ms`,
      ratio: `${fmtRatio((m.single.school ?? NaN) / (m.single.overview ?? NaN))} school/overview`,
      target: '—',
      pass: null,
    });
    rows.push({
      group: G,
      workload: 'HTTP server peak RSS under load',
      value: mb(m.serverPeakRssMb),
      reference: '—',
      ratio: '—',
      target: '—',
      pass: null,
    });
  } catch (e) {
    failed(G, 'HTTP load', '0 errors', e);
  }
}

/** Issue #7: 200 clients for 60 s over pages and data endpoints — zero errors, p99, no memory growth. */
async function soak(o: Opts): Promise<void> {
  const G = 'load';
  const clients = o.quick ? 50 : 200,
    seconds = o.quick ? 10 : 60;
  const why = dashboardPresent();
  if (why) {
    rows.push({
      group: G,
      workload: 'HTTP soak',
      value: `skipped: ${why}`,
      reference: '—',
      ratio: '—',
      target: '—',
      pass: null,
    });
    return;
  }
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
async function upload(o: Opts): Promise<void> {
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

async function browser(o: Opts): Promise<void> {
  const G = 'browser';
  const why = dashboardPresent() ?? (existsSync(CHROMIUM) ? null : `${CHROMIUM} not found`);
  if (why) {
    rows.push({
      group: G,
      workload: 'browser cold load',
      value: `skipped: ${why}`,
      reference: '—',
      ratio: '—',
      target: '< 1 s',
      pass: null,
    });
    return;
  }
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
      workload: `browser cold load, school page → all charts drawn (median of ${runs})`,
      value: `${fmtNum(m.schoolMedian)} ms (${m.charts} charts, ${m.errors} errors)`,
      reference: `login page to load: ${fmtNum(m.loginMedian)} ms`,
      ratio: fmtRatio(m.schoolMedian / m.loginMedian),
      target: '< 1 s',
      pass: m.schoolMedian < 1000 && m.errors === 0,
    });
    rows.push({
      group: G,
      workload: 'browser school page timing: response end / DOMContentLoaded / load',
      value: `${fmtNum(m.nav.responseEnd)} / ${fmtNum(m.nav.domContentLoaded)} / ${fmtNum(m.nav.load)} ms`,
      reference: `charts ready: ${fmtNum(m.schoolMedian)} ms`,
      ratio: '—',
      target: '—',
      pass: null,
    });
  } catch (e) {
    failed(G, 'browser cold load', '< 1 s', e);
  }
}

/** Issue #17: Arrow IPC instead of JSON for the chart data of school pages — wire size, decode time, bundle cost. */
async function arrow(o: Opts): Promise<void> {
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
    rows.push({
      group: G,
      workload: 'Arrow decoder added to the client bundle (minified, gzip)',
      value: kb(m.arrowLibGzip),
      reference: `bundle today: ${kb(m.bundleGzip)}`,
      ratio: fmtRatio(m.arrowLibGzip / m.bundleGzip),
      target: '—',
      pass: null,
    });
  } catch (e) {
    failed(G, 'Arrow chart payload', '—', e);
  }
}

async function scale(o: Opts): Promise<void> {
  const G = 'scale';
  const schools = o.quick ? 10_000 : 40_000,
    years = 5;
  try {
    log(`scale: country at aggregate level, ${fmtNum(schools)} schools × ${years} years (aggregate_results only)`);
    const region = await child<RegionInfo>('gen-aggregate-region', { schools, years }, o);
    log(
      `  ${fmtNum(region.rows.aggregate_results ?? 0)} aggregate rows, ${mb(region.fileMb)}${region.cached ? ' (cached)' : ` (generated in ${region.genSeconds.toFixed(1)} s)`}`,
    );
    const m = await child<BuildMeasure>('build', { path: region.path, rebuild: false }, o);
    raw.scale = { region, build: m };
    rows.push({
      group: G,
      workload: `build, ${fmtNum(schools)} schools × ${years} y, aggregate level (${fmtNum(m.sourceRows)} rows)`,
      value: `${sec(m.ms)}, ${fmtNum(m.sourceRows / (m.ms / 1000))} rows/s, RSS ${mb(m.rssAfterFirstMb)}`,
      reference: '—',
      ratio: '—',
      target: m.ok ? '—' : 'build ok',
      pass: m.ok ? null : false,
    });
    if (!m.ok) log(`  failures: ${m.failures.join(' | ')}`);
  } catch (e) {
    failed(G, 'country-scale build', '—', e);
  }
}

async function machine(): Promise<Record<string, unknown>> {
  const inst = await DuckDBInstance.create(':memory:');
  const conn = await inst.connect();
  const duckdb = String((await conn.runAndReadAll('SELECT version()')).getRows()[0]![0]);
  conn.closeSync();
  inst.closeSync();
  let commit = '';
  try {
    commit = execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: ROOT }).toString().trim();
  } catch {
    /* not a checkout */
  }
  return {
    cpus: os.cpus().length,
    cpu: os.cpus()[0]?.model ?? '',
    memGb: Math.round(os.totalmem() / 2 ** 30),
    node: process.version,
    duckdb,
    platform: `${os.platform()} ${os.release()}`,
    commit,
  };
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      only: { type: 'string' },
      quick: { type: 'boolean' },
      verbose: { type: 'boolean' },
      reps: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) {
    console.log(
      `npm run bench -- [--only ${WORKLOADS.join(',')}] [--quick] [--reps N] [--verbose]\n  default: ${DEFAULT.join(',')} ('scale' = country-scale aggregate build, only on request)`,
    );
    return;
  }
  const only = values.only
    ? values.only
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean)
    : DEFAULT;
  const bad = only.filter((w) => !(WORKLOADS as readonly string[]).includes(w));
  if (bad.length) throw new Error(`unknown workload(s): ${bad.join(', ')}; known: ${WORKLOADS.join(', ')}`);
  const o: Opts = {
    quick: !!values.quick,
    verbose: !!values.verbose,
    reps: values.reps ? Math.max(1, Number(values.reps)) : values.quick ? 1 : 2,
  };
  const startedAt = new Date().toISOString();
  const info = await machine();
  log(
    `${o.quick ? 'quick' : 'full'} run: ${only.join(', ')}; ${info.cpus} × ${String(info.cpu)}, ${String(info.memGb)} GB, node ${String(info.node)}, DuckDB ${info.duckdb as string}`,
  );
  const t0 = performance.now();
  const run: Record<Workload, (o: Opts) => Promise<void>> = {
    xlsx,
    regional,
    csv,
    build: buildWorkload,
    http,
    load: soak,
    upload,
    browser,
    arrow,
    scale,
  };
  const load0 = os.loadavg()[0]!;
  const loads: number[] = [];
  const sampler = setInterval(() => loads.push(os.loadavg()[0]!), 10_000);
  for (const w of WORKLOADS) if (only.includes(w)) await run[w](o);
  clearInterval(sampler);
  // Other processes on the machine inflate absolute times; the ratios to same-run references are what compare.
  const loadMax = Math.max(load0, ...loads);
  rows.push({
    group: 'machine',
    workload: `machine load average (1 min) during the run, ${String(info.cpus)} CPUs`,
    value: `start ${load0.toFixed(1)}, max ${loadMax.toFixed(1)}, end ${os.loadavg()[0]!.toFixed(1)}`,
    reference: '—',
    ratio: '—',
    target: '—',
    pass: null,
  });
  printTable(rows);
  saveResults({
    startedAt,
    mode: o.quick ? 'quick' : 'full',
    machine: {
      ...info,
      reps: o.reps,
      loadAverage: { start: load0, max: loadMax, samples: loads },
      totalSeconds: Math.round((performance.now() - t0) / 1000),
    },
    rows,
    raw,
  });
  console.log(`\nresults: bench/results.json (${Math.round((performance.now() - t0) / 1000)} s)`);
}

main().catch((e: unknown) => {
  console.error((e as Error).message);
  process.exit(1);
});
