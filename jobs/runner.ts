// Runs jobs by name, records every run in job_runs, skips a job that is already running (logged as skipped),
// and never lets a failure escape to the scheduler or the web server.
// job_runs is written on the runner's own connection: a run's record is committed at once, visible to the
// dashboard, and never swallowed by another job's open transaction (an ingest or a rebuild that rolls back).
import type { DuckDBConnection } from '@duckdb/node-api';
import { JOB_NAMES, type JobName, type JobSettings } from '../domain/job-settings.js';
import type { Store } from '../store/db.js';
import { liveRuns, markInterrupted } from '../store/live-runs.js';
import { serialize } from '../store/queue.js';
import { type DataChange, onDataChanged } from '../store/version.js';
import { BUILD_INTERRUPTED, build, buildSummary } from '../transforms/runner.js';
import { runBackup } from './backup.js';
import { runFreshness } from './freshness.js';
import { runInbox } from './inbox.js';
import { DIGEST_FILE, type ReportWriters, runReports } from './reports.js';

export interface JobOutcome {
  ok: boolean;
  skipped?: boolean;
  message: string;
  counts?: Record<string, unknown>;
}
type JobFn = () => Promise<{ message: string; counts?: Record<string, unknown>; ok?: boolean }>;

export const INTERRUPTED =
  'Прервано: процесс остановлен до завершения задания (изменения незавершённой транзакции отменены хранилищем).';

const live = (path: string) => liveRuns('job_runs', path);

/** The rebuild's trigger as the «Задания» page shows it, by what changed the data (the demo bootstrap builds itself). */
const AFTER: Record<Exclude<DataChange, 'demo'>, string> = {
  web: 'после загрузки через браузер',
  inbox: 'после загрузки из папки входящих',
  cli: 'после загрузки командой orientir ingest',
  link: 'после привязки ОО к реестру',
};

/** Loaded data newer than the last finished build attempt: a rebuild was skipped, killed or never ran. */
export async function martsStale(store: Store): Promise<boolean> {
  // A build marked interrupted (killed) did not finish: it does not count as an attempt.
  const r = await store.conn.runAndReadAll(
    `SELECT coalesce((SELECT max(received_at) FROM uploads WHERE status = 'loaded')
      > coalesce((SELECT max(started_at) FROM build_runs WHERE outcome = 'ok' OR (outcome = 'failed' AND message IS DISTINCT FROM $interrupted)),
        TIMESTAMP '1970-01-01'), false)`,
    { interrupted: BUILD_INTERRUPTED },
  );
  return r.getRows()[0]![0] === true;
}

export class JobRunner {
  private busy = new Map<JobName, Promise<JobOutcome>>();
  private settle: NodeJS.Timeout | null = null; // rebuildAfterLoads: the quiet period after the last load
  private rebuildTrigger: string | null = null;
  private rebuildWaits = false;
  private running = new Set<Promise<unknown>>();
  private own: Promise<DuckDBConnection> | null = null;
  private recovered: Promise<number> | null = null;
  readonly jobs: Record<JobName, JobFn>;

  constructor(
    private store: Store,
    settings: JobSettings,
    overrides: Partial<Record<JobName, JobFn>> = {},
    writers: ReportWriters = {},
  ) {
    this.jobs = {
      inbox: async () => {
        const r = await runInbox(store, settings);
        let rebuilt = '';
        // Loaded files are rebuilt after by the data-change event (rebuildAfterLoads). Here only marts left behind
        // by an earlier load never followed by a finished build (killed process, skipped rebuild).
        const stale = r.loaded === 0 && !this.busy.has('rebuild') && (await serialize(() => martsStale(store)));
        if (stale) {
          const b = await this.runAfterCurrent('rebuild', 'витрины отстают от загруженных данных');
          if (!b.ok) rebuilt = ` Пересборка витрин не удалась: ${b.message}`;
        }
        return {
          message: `Входящие: загружено ${r.loaded}, повторных ${r.duplicate}, отклонено ${r.rejected}, ожидают дозаписи ${r.waiting}.${rebuilt}`,
          counts: { ...r },
        };
      },
      rebuild: async () => {
        const r = await serialize(() => build(store));
        return {
          ok: r.ok,
          message: r.ok ? `${buildSummary(r)}.` : r.failures.join('\n'),
          counts: r.rows,
        };
      },
      reports: async () => {
        // Read on the runner's own connection: committed data only (never a rebuild half-done on store.conn),
        // and no hold on the write queue while the workbooks are written.
        const r = await runReports(
          { ...store, conn: await this.conn() },
          settings.reports,
          new Date(),
          settings.timezone,
          writers,
        );
        // One school's справка failing does not stop the rest, but the run is not «ok» either: the digest names them.
        const failed = r.failed.length
          ? ` Не записаны справки: ${r.failed.length} (${r.failed.map((f) => f.code).join(', ')}); причины — в «${DIGEST_FILE}».`
          : '';
        return {
          ok: r.failed.length === 0,
          message: `Отчёты: ${r.schools} справок в ${r.dir}; вошли в зону внимания: ${r.entered.length}, вышли: ${r.left.length}.${failed}`,
          counts: { schools: r.schools, failed: r.failed.length, entered: r.entered.length, left: r.left.length },
        };
      },
      freshness: async () => {
        const r = await serialize(() => runFreshness(store, settings));
        return {
          message: `Полнота данных за ${r.schoolYear}: не получено ожидаемых файлов — ${r.missing}.`,
          counts: { ...r },
        };
      },
      backup: async () => {
        const r = await serialize(() =>
          runBackup(store, settings.backups, settings.keepBackups, new Date(), settings.timezone),
        );
        return {
          message: `Резервная копия: ${r.dir}; удалено старых копий: ${r.removed}.`,
          counts: { removed: r.removed },
        };
      },
      ...overrides,
    };
  }

  isJob(name: string): name is JobName {
    return (JOB_NAMES as readonly string[]).includes(name);
  }

  isBusy(name: JobName): boolean {
    return this.busy.has(name);
  }

  private conn(): Promise<DuckDBConnection> {
    return (this.own ??= this.store.instance.connect());
  }

  private async nextId(): Promise<number> {
    return Number((await (await this.conn()).runAndReadAll(`SELECT nextval('job_run_seq')`)).getRows()[0]![0]);
  }

  /** Marks job runs and builds left 'running' by a process that was killed as failed; returns how many. Runs once per runner. */
  recover(): Promise<number> {
    return (this.recovered ??= this.conn()
      .then(
        async (c) =>
          (await markInterrupted(c, 'job_runs', 'run_id', this.store.path, INTERRUPTED)) +
          (await markInterrupted(c, 'build_runs', 'build_id', this.store.path, BUILD_INTERRUPTED)),
      )
      .catch(() => 0));
  }

  /** Records a skipped run (the job is busy). Never throws. */
  async skip(name: JobName, trigger: string): Promise<JobOutcome> {
    try {
      const id = await this.nextId();
      await (await this.conn()).run(
        `INSERT INTO job_runs VALUES ($id, $job, $t, current_timestamp, current_timestamp, 'skipped', NULL, $m)`,
        { id, job: name, t: trigger, m: 'Пропущено: предыдущий запуск ещё выполняется.' },
      );
    } catch {
      /* bookkeeping only */
    }
    return { ok: true, skipped: true, message: `Задание ${name} уже выполняется — запуск пропущен.` };
  }

  async run(name: JobName, trigger: string): Promise<JobOutcome> {
    if (this.busy.has(name)) return this.skip(name, trigger);
    // Marked busy synchronously, before any await: two calls in the same tick cannot both start.
    const p = this.execute(name, trigger);
    this.busy.set(name, p);
    this.running.add(p);
    try {
      return await p;
    } finally {
      this.busy.delete(name);
      this.running.delete(p);
    }
  }

  /** Answers every committed data change of the store with rebuildAfterLoads; returns the unsubscribe. */
  rebuildOnDataChange(settleMs?: number): () => void {
    return onDataChanged(this.store, (c) => {
      if (c !== 'demo') this.rebuildAfterLoads(AFTER[c], settleMs);
    });
  }

  /**
   * Loaded data make the marts stale, however they came: one rebuild once loads have settled for `settleMs` (a batch
   * of files gets one rebuild, not one per file), after a rebuild already under way (its result may predate the
   * data). A rebuild already waiting covers later loads too; the trigger named is the first load's.
   */
  rebuildAfterLoads(trigger: string, settleMs = 1500): void {
    this.rebuildTrigger ??= trigger;
    if (this.settle) clearTimeout(this.settle);
    this.settle = setTimeout(() => {
      this.settle = null;
      if (this.rebuildWaits) return; // the waiting rebuild starts after the current one and sees these data
      const t = this.rebuildTrigger!;
      this.rebuildTrigger = null;
      this.rebuildWaits = true;
      const p = (async () => {
        await this.afterCurrent('rebuild');
        this.rebuildWaits = false;
        return this.run('rebuild', t);
      })();
      this.running.add(p);
      void p.finally(() => this.running.delete(p));
    }, settleMs);
  }

  /** Waits for a run of `name` already under way (its result may predate our data), then runs it again. */
  async runAfterCurrent(name: JobName, trigger: string): Promise<JobOutcome> {
    await this.afterCurrent(name);
    return this.run(name, trigger);
  }

  /** Resolves when no run of `name` is under way (runs started meanwhile are waited for too). */
  private async afterCurrent(name: JobName): Promise<void> {
    for (let current = this.busy.get(name); current; current = this.busy.get(name))
      await current.catch(() => undefined);
  }

  private async execute(name: JobName, trigger: string): Promise<JobOutcome> {
    let id: number | null = null;
    let out: JobOutcome;
    try {
      await this.recover();
      id = await this.nextId();
      live(this.store.path).add(id);
      await (await this.conn()).run(
        `INSERT INTO job_runs VALUES ($id, $job, $t, current_timestamp, NULL, 'running', NULL, NULL)`,
        { id, job: name, t: trigger },
      );
      const r = await this.jobs[name]();
      out = { ok: r.ok ?? true, message: r.message, counts: r.counts };
    } catch (e) {
      out = { ok: false, message: `Ошибка: ${e instanceof Error ? e.message : String(e)}` };
    }
    if (id !== null) {
      try {
        await (await this.conn()).run(
          `UPDATE job_runs SET finished_at = current_timestamp, outcome = $o, counts = $c, message = $m WHERE run_id = $id`,
          { id, o: out.ok ? 'ok' : 'failed', c: out.counts ? JSON.stringify(out.counts) : null, m: out.message },
        );
      } catch {
        /* the outcome is still returned */
      } finally {
        live(this.store.path).delete(id);
      }
    }
    return out;
  }

  /** Resolves once no job runs and no rebuild waits for loads to settle (a one-shot process, a test). */
  async settled(): Promise<void> {
    while (this.settle || this.running.size > 0) {
      await Promise.all([...this.running]).catch(() => undefined);
      if (this.settle) await new Promise((r) => setTimeout(r, 20));
    }
  }

  /** Waits for running jobs, at most `ms` milliseconds (graceful shutdown); a rebuild not yet started is dropped. */
  async drain(ms: number): Promise<boolean> {
    if (this.settle) clearTimeout(this.settle);
    this.settle = null;
    const all = Promise.all([...this.running]).then(() => true);
    return Promise.race([all, new Promise<boolean>((r) => setTimeout(() => r(false), ms).unref())]);
  }

  /** Closes the runner's own connection (after drain, before closeStore). */
  async close(): Promise<void> {
    const own = this.own;
    this.own = null;
    if (own) (await own).closeSync();
  }
}
