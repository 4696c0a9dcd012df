// Shared helpers of the jobs tests: temp job folders, a fresh empty store, job_runs rows, real-time polling,
// a registry CSV of a given number of schools.
import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, rmSync, utimesSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type JobSettings, loadJobSettings } from '../../domain/job-settings.js';
import { openStore, type Store } from '../../store/db.js';
import { type Plain, queryRows } from '../../store/query.js';

// Captured at import, before any test installs fake timers.
const realSetTimeout = globalThis.setTimeout;
export const realSleep = (ms: number) => new Promise<void>((r) => realSetTimeout(r, ms));

/** Polls `cond` in real time (fake timers do not move it). */
export async function until(cond: () => boolean | Promise<boolean>, ms = 20_000, what = 'condition'): Promise<void> {
  const end = performance.now() + ms;
  while (!(await cond())) {
    if (performance.now() > end) throw new Error(`timed out waiting for ${what}`);
    await realSleep(10);
  }
}

const made: string[] = [];
export function tempDir(prefix: string): string {
  const dir = mkdtempSync(join(tmpdir(), `orientir-jobs-${prefix}-`));
  made.push(dir);
  return dir;
}
/** Removes the folders made by tempDir (and any others passed), for afterAll. */
export function removeTempDirs(...more: string[]): void {
  for (const d of [...made.splice(0), ...more]) rmSync(d, { recursive: true, force: true });
}

/** Settings as the server would load them with ORIENTIR_INBOX pointing into `root`. */
export function settingsIn(root: string, env: NodeJS.ProcessEnv = {}): JobSettings {
  return loadJobSettings({ ORIENTIR_INBOX: join(root, 'inbox'), ORIENTIR_BACKUPS: join(root, 'backups'), ...env });
}

export async function freshStore(root: string): Promise<Store> {
  return openStore(join(root, 'store.duckdb'));
}

export async function jobRuns(store: Store, job?: string): Promise<Record<string, Plain>[]> {
  return queryRows(
    store.conn,
    `SELECT run_id, job, trigger, outcome, message, counts FROM job_runs ${job ? 'WHERE job = $j' : ''} ORDER BY run_id`,
    job ? { j: job } : {},
  );
}

/** Copies files into the inbox with mtimes `ageSec` seconds in the past, one second apart in the given order. */
export function drop(files: string[], inbox: string, ageSec = 600, now = Date.now()): string[] {
  mkdirSync(inbox, { recursive: true });
  return files.map((src, i) => {
    const name = src.split('/').pop()!;
    const dest = join(inbox, name);
    copyFileSync(src, dest);
    const t = (now - (ageSec - i) * 1000) / 1000;
    utimesSync(dest, t, t);
    return name;
  });
}

export const ls = (dir: string): string[] => {
  try {
    return readdirSync(dir).sort();
  } catch {
    return [];
  }
};

/** A school registry CSV (our documented layout) with `rows` schools numbered from `from`: one data row per school. */
export const registryCsv = (rows: number, from = 1): string[] => [
  'Код ОО;Наименование\n',
  ...Array.from({ length: rows }, (_, i) => `${900000 + from + i};Тестовая школа № ${from + i}\n`),
];
