// Shared state and helpers of the bench runner (bench/run.ts) and its workloads: the result rows, raw numbers,
// logging, formatting, running a task in a child process, and the demo store the dashboard workloads serve.
import { existsSync } from 'node:fs';
import os from 'node:os';
import { fileURLToPath } from 'node:url';
import type { IngestMeasure } from './ingest-tasks.js';
import { fmtNum } from './measure.js';
import { type ChildOptions, runChild } from './proc.js';
import type { DemoTemplate } from './region.js';
import type { Row } from './report.js';

export const CHROMIUM = process.env.ORIENTIR_CHROMIUM ?? '/usr/bin/chromium';
export const ROOT = fileURLToPath(new URL('../', import.meta.url));

export interface Opts {
  quick: boolean;
  verbose: boolean;
  reps: number;
}

export const rows: Row[] = [];
export const raw: Record<string, unknown> = {};
export const log = (s: string) => console.error(`[bench] ${s}`);
export const sec = (ms: number) => `${(ms / 1000).toFixed(ms < 10_000 ? 2 : 1)} s`;
export const mb = (x: number) => `${fmtNum(x)} MB`;

export async function child<T>(task: string, args: unknown, o: Opts, extra: ChildOptions = {}): Promise<T> {
  const r = await runChild<T>(task, args, { timeoutMs: 45 * 60_000, verbose: o.verbose, ...extra });
  if (!r.ok) throw new Error(`${task}: ${r.error}`);
  return r.result;
}

export function failed(group: string, workload: string, target: string, e: unknown): void {
  const msg = (e as Error).message.split('\n')[0]!.slice(0, 160);
  log(`${workload}: ${(e as Error).message}`);
  rows.push({ group, workload, value: `error: ${msg}`, reference: '—', ratio: '—', target, pass: false });
}

/** A row of measurement only: no target to pass or fail. */
export function info(group: string, workload: string, value: string, reference = '—', ratio = '—'): void {
  rows.push({ group, workload, value, reference, ratio, target: '—', pass: null });
}

/** A row saying why a workload did not run. */
export function skipped(group: string, workload: string, why: string, target = '—'): void {
  rows.push({ group, workload, value: `skipped: ${why}`, reference: '—', ratio: '—', target, pass: null });
}

/** Best of `reps` (minimum time) for each task, runs interleaved so drift hits both sides alike. */
export async function bestOf(
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

export async function demoStore(o: Opts): Promise<DemoTemplate> {
  log('demo store (bootstrapDemo, cached in bench/.cache/; ~1–2 min on first use)');
  return child<DemoTemplate>('demo-template', {}, o);
}

export function dashboardPresent(): string | null {
  if (!existsSync(`${ROOT}dashboard/app.ts`)) return 'dashboard/app.ts is missing';
  return null;
}
