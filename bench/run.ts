// `npm run bench [-- --only xlsx,csv,build,http,load,upload,browser,arrow,scale] [--quick] [--verbose]`
// Every measurement runs in its own child process (peak RSS is that process's), every figure is printed next
// to a reference measured in the same run, and the table plus raw numbers go to bench/results.json.
// Generated inputs are cached in bench/.cache/ (git-ignored); the first run spends a few minutes creating them.

import { execFileSync } from 'node:child_process';
import os from 'node:os';
import { parseArgs } from 'node:util';
import { DuckDBInstance } from '@duckdb/node-api';
import { printTable, saveResults } from './report.js';
import { log, type Opts, ROOT, raw, rows } from './run-context.js';
import { buildWorkload, scale } from './workloads-build.js';
import { csv, regional, xlsx } from './workloads-ingest.js';
import { arrow, browser, http, soak, upload } from './workloads-serve.js';

const WORKLOADS = ['xlsx', 'regional', 'csv', 'build', 'http', 'load', 'upload', 'browser', 'arrow', 'scale'] as const;
type Workload = (typeof WORKLOADS)[number];
const DEFAULT: Workload[] = ['xlsx', 'regional', 'csv', 'build', 'http', 'load', 'upload', 'browser', 'arrow'];

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
