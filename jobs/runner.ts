// Runs jobs by name, records every run in job_runs, skips a job that is already running (logged as skipped),
// and never lets a failure escape to the scheduler or the web server.
import type { Store } from '../store/db.js';
import { serialize } from '../store/queue.js';
import { build } from '../transforms/runner.js';
import { runBackup } from './backup.js';
import { runFreshness } from './freshness.js';
import { runInbox } from './inbox.js';
import { runReports } from './reports.js';
import { JOB_NAMES, type JobName, type JobSettings } from './settings.js';

export interface JobOutcome { ok: boolean; skipped?: boolean; message: string; counts?: Record<string, unknown> }
type JobFn = () => Promise<{ message: string; counts?: Record<string, unknown>; ok?: boolean }>;

export class JobRunner {
  private busy = new Set<string>();
  private running = new Set<Promise<unknown>>();
  readonly jobs: Record<JobName, JobFn>;

  constructor(private store: Store, private settings: JobSettings, overrides: Partial<Record<JobName, JobFn>> = {}) {
    this.jobs = {
      inbox: async () => {
        const r = await runInbox(store, settings);
        // Loaded data makes the marts stale: rebuild right away.
        if (r.loaded > 0) await this.run('rebuild', 'после загрузки из папки входящих');
        return { message: `Входящие: загружено ${r.loaded}, повторных ${r.duplicate}, отклонено ${r.rejected}, ожидают дозаписи ${r.waiting}.`, counts: { ...r } };
      },
      rebuild: async () => {
        const r = await serialize(() => build(store));
        return { ok: r.ok, message: r.ok ? `Витрины собраны за ${(r.ms / 1000).toFixed(1).replace('.', ',')} с.` : r.failures.join('\n'), counts: r.rows };
      },
      reports: async () => {
        const r = await runReports(store, settings.reports);
        return { message: `Отчёты: ${r.schools} справок в ${r.dir}; вошли в зону внимания: ${r.entered.length}, вышли: ${r.left.length}.`, counts: { schools: r.schools, entered: r.entered.length, left: r.left.length } };
      },
      freshness: async () => {
        const r = await serialize(() => runFreshness(store, settings));
        return { message: `Полнота данных за ${r.schoolYear}: не получено ожидаемых файлов — ${r.missing}.`, counts: { ...r } };
      },
      backup: async () => {
        const r = await serialize(() => runBackup(store, settings.backups, settings.keepBackups));
        return { message: `Резервная копия: ${r.dir}; удалено старых копий: ${r.removed}.`, counts: { removed: r.removed } };
      },
      ...overrides,
    };
  }

  isJob(name: string): name is JobName { return (JOB_NAMES as readonly string[]).includes(name); }

  async run(name: JobName, trigger: string): Promise<JobOutcome> {
    const id = Number((await this.store.conn.runAndReadAll(`SELECT nextval('job_run_seq')`)).getRows()[0]![0]);
    if (this.busy.has(name)) {
      await this.store.conn.run(`INSERT INTO job_runs VALUES ($id, $job, $t, current_timestamp, current_timestamp, 'skipped', NULL, $m)`,
        { id, job: name, t: trigger, m: 'Пропущено: предыдущий запуск ещё выполняется.' });
      return { ok: true, skipped: true, message: `Задание ${name} уже выполняется — запуск пропущен.` };
    }
    this.busy.add(name);
    await this.store.conn.run(`INSERT INTO job_runs VALUES ($id, $job, $t, current_timestamp, NULL, 'running', NULL, NULL)`, { id, job: name, t: trigger });
    const p = (async (): Promise<JobOutcome> => {
      let out: JobOutcome;
      try {
        const r = await this.jobs[name]();
        out = { ok: r.ok ?? true, message: r.message, counts: r.counts };
      } catch (e) {
        out = { ok: false, message: `Ошибка: ${(e as Error).message}` };
      }
      try {
        await this.store.conn.run(`UPDATE job_runs SET finished_at = current_timestamp, outcome = $o, counts = $c, message = $m WHERE run_id = $id`,
          { id, o: out.ok ? 'ok' : 'failed', c: out.counts ? JSON.stringify(out.counts) : null, m: out.message });
      } finally {
        this.busy.delete(name);
      }
      return out;
    })();
    this.running.add(p);
    try { return await p; } finally { this.running.delete(p); }
  }

  /** Waits for running jobs, at most `ms` milliseconds (graceful shutdown). */
  async drain(ms: number): Promise<boolean> {
    const all = Promise.all([...this.running]).then(() => true);
    return Promise.race([all, new Promise<boolean>((r) => setTimeout(() => r(false), ms).unref())]);
  }
}
