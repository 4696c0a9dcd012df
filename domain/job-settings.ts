// Job settings: config/app.json, overridable by environment (ORIENTIR_INBOX, ORIENTIR_<JOB>_CRON, …).
// The inbox and backup folders belong to one store: the default store (data/orientir.duckdb) uses those of
// config/app.json, any other store folders named after it beside it (data/work.duckdb → data/work-inbox,
// data/work-backups, data/work-archive, …), so a demo server and a working server never take each other's files or mix their copies.
import { readFileSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { APP_TIMEZONE } from './timezone.js';

export const JOB_NAMES = ['inbox', 'rebuild', 'reports', 'freshness', 'backup'] as const;
export type JobName = (typeof JOB_NAMES)[number];

export interface CalendarItem {
  item: string;
  assessment: string;
  due: string;
  title: string;
  grades?: number[];
}
export interface JobSettings {
  inbox: string;
  archive: string;
  rejected: string;
  reports: string;
  backups: string;
  keepBackups: number;
  timezone: string;
  schedules: Record<JobName, string>;
  calendar: CalendarItem[];
}

// A bad value must not turn into NaN (keeps everything) or 0 (deletes the copy just made).
function keepCount(v: unknown): number {
  const n = Number(v);
  if (!Number.isInteger(n) || n < 1)
    throw new Error(
      `Число хранимых резервных копий должно быть целым и не меньше 1 (ORIENTIR_KEEP_BACKUPS / keepBackups), получено «${String(v)}».`,
    );
  return n;
}

/** The store every command opens unless told otherwise (--db, ORIENTIR_DB). */
export const DEFAULT_DB = 'data/orientir.duckdb';

export function loadJobSettings(env: NodeJS.ProcessEnv = process.env, dbPath?: string): JobSettings {
  const raw = JSON.parse(readFileSync(fileURLToPath(new URL('../config/app.json', import.meta.url)), 'utf8'));
  const own =
    dbPath && dbPath !== ':memory:' && resolve(dbPath) !== resolve(DEFAULT_DB)
      ? (name: string) => join(dirname(resolve(dbPath)), `${basename(dbPath).replace(/\.duckdb$/, '')}-${name}`)
      : null;
  const inbox = resolve(env.ORIENTIR_INBOX ?? own?.('inbox') ?? raw.inbox);
  // Archive, rejected files and reports: beside an inbox named explicitly, else the store's own folders.
  const beside = (name: string) => (own && !env.ORIENTIR_INBOX ? own(name) : join(dirname(inbox), name));
  const schedules = { ...raw.schedules } as Record<JobName, string>;
  for (const j of JOB_NAMES) {
    const v = env[`ORIENTIR_${j.toUpperCase()}_CRON`];
    if (v) schedules[j] = v;
  }
  return {
    inbox,
    archive: resolve(env.ORIENTIR_ARCHIVE ?? raw.archive ?? beside('archive')),
    rejected: resolve(env.ORIENTIR_REJECTED ?? raw.rejected ?? beside('rejected')),
    reports: resolve(env.ORIENTIR_REPORTS ?? raw.reports ?? beside('reports')),
    backups: resolve(env.ORIENTIR_BACKUPS ?? own?.('backups') ?? raw.backups),
    keepBackups: keepCount(env.ORIENTIR_KEEP_BACKUPS ?? raw.keepBackups),
    timezone: APP_TIMEZONE,
    schedules,
    calendar: raw.calendar,
  };
}
