// node-cron 4 schedules under vitest fake timers: ticks go through the JobRunner (recorded in job_runs),
// a crash in one tick does not stop the next, overlapping ticks are recorded as skipped, Moscow time is used.
import cron from 'node-cron';
import { afterAll, afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { JobName } from '../../domain/job-settings.js';
import { JobRunner } from '../../jobs/runner.js';
import { SCHEDULE_TRIGGER, startScheduler, stopScheduler } from '../../jobs/scheduler.js';
import { closeStore, type Store } from '../../store/db.js';
import { freshStore, jobRuns, removeTempDirs, settingsIn, tempDir, until } from './helpers.js';

type Fn = () => Promise<{ message: string }>;

let store: Store;
let runner: JobRunner | null = null;
let tasks: Awaited<ReturnType<typeof startScheduler>> = [];
const logs: string[] = [];

async function setup(env: NodeJS.ProcessEnv, overrides: Partial<Record<JobName, Fn>>) {
  const root = tempDir('cron');
  store = await freshStore(root);
  const s = settingsIn(root, env);
  runner = new JobRunner(store, s, overrides);
  tasks = startScheduler(runner, s, (m) => logs.push(m));
  return s;
}

/** Moves the fake clock one second at a time, letting node-cron's heartbeat fire. */
const seconds = (n: number) => vi.advanceTimersByTimeAsync(n * 1000);
// The finished row can be visible to the test before the runner's own write resolves, so the runner must have let go too;
// otherwise the next fake-clock tick finds node-cron's previous execution pending and is recorded as an overlap.
const finished = async (job: JobName, n: number) =>
  until(
    async () => (await jobRuns(store, job)).filter((r) => r.outcome !== 'running').length >= n && !runner?.isBusy(job),
    20_000,
    `${n} finished ${job} runs`,
  );

beforeEach(() => {
  logs.length = 0;
  vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] });
});
afterEach(async () => {
  await stopScheduler(tasks);
  tasks = [];
  vi.useRealTimers();
  await runner?.drain(5_000);
  await runner?.close();
  await closeStore(store);
});

// Every job is overridden: nothing but the pattern under test may do real work.
const quiet = (): Record<JobName, Fn> => ({
  inbox: async () => ({ message: 'inbox' }),
  rebuild: async () => ({ message: 'rebuild' }),
  reports: async () => ({ message: 'reports' }),
  freshness: async () => ({ message: 'freshness' }),
  backup: async () => ({ message: 'backup' }),
});

afterAll(() => removeTempDirs());

describe('scheduler', () => {
  it('a scheduled tick runs the job through the JobRunner; a crash in one tick does not stop the next', async () => {
    vi.setSystemTime(new Date('2026-03-02T09:00:00.200Z'));
    let n = 0;
    await setup(
      { ORIENTIR_INBOX_CRON: '*/1 * * * * *' },
      {
        ...quiet(),
        inbox: async () => {
          if (++n === 1) throw new Error('папка входящих недоступна');
          return { message: `проход ${n}` };
        },
      },
    );
    expect(tasks).toHaveLength(5);

    await seconds(1);
    await finished('inbox', 1);
    await seconds(1);
    await finished('inbox', 2);
    await seconds(1);
    await finished('inbox', 3);

    const runs = await jobRuns(store, 'inbox');
    expect(runs.map((r) => [r.trigger, r.outcome, r.message])).toEqual([
      [SCHEDULE_TRIGGER, 'failed', 'Ошибка: папка входящих недоступна'],
      [SCHEDULE_TRIGGER, 'ok', 'проход 2'],
      [SCHEDULE_TRIGGER, 'ok', 'проход 3'],
    ]);
    expect(logs).toContain('Задание inbox: Ошибка: папка входящих недоступна');
    expect((await jobRuns(store)).every((r) => r.job === 'inbox')).toBe(true); // nothing else was due
  });

  it('a tick while the previous run is still busy is not started and is recorded as skipped', async () => {
    vi.setSystemTime(new Date('2026-03-02T09:00:00.200Z'));
    let release!: () => void;
    const gate = new Promise<void>((r) => {
      release = r;
    });
    let n = 0;
    await setup(
      { ORIENTIR_INBOX_CRON: '*/1 * * * * *' },
      {
        ...quiet(),
        inbox: async () => {
          if (++n === 1) await gate;
          return { message: `проход ${n}` };
        },
      },
    );

    await seconds(1);
    await until(
      async () => (await jobRuns(store, 'inbox')).some((r) => r.outcome === 'running'),
      10_000,
      'the long run',
    );
    await seconds(2);
    await until(
      async () => (await jobRuns(store, 'inbox')).filter((r) => r.outcome === 'skipped').length >= 2,
      10_000,
      'two skipped ticks',
    );
    expect(n).toBe(1);
    release();
    await finished('inbox', 3);
    await seconds(1);
    await finished('inbox', 4);
    const runs = await jobRuns(store, 'inbox');
    expect(runs.map((r) => r.outcome)).toEqual(['ok', 'skipped', 'skipped', 'ok']);
    expect(runs[1]!.message).toBe('Пропущено: предыдущий запуск ещё выполняется.');
  });

  it('schedules are in Moscow time: the nightly rebuild at 02:30 fires at 23:30 UTC', async () => {
    let rebuilds = 0;
    vi.setSystemTime(new Date('2026-03-01T23:29:58.500Z')); // 02:29:58 in Moscow
    await setup(
      {},
      {
        ...quiet(),
        rebuild: async () => {
          rebuilds++;
          return { message: 'собрано' };
        },
      },
    );
    await seconds(1);
    expect(rebuilds).toBe(0);
    await seconds(1);
    await finished('rebuild', 1);
    expect(rebuilds).toBe(1);
    // 02:30 UTC (05:30 in Moscow) is not a rebuild time.
    vi.setSystemTime(new Date('2026-03-02T02:29:59.500Z'));
    await stopScheduler(tasks);
    tasks = startScheduler(runner!, settingsIn(tempDir('cron2')), (m) => logs.push(m));
    await seconds(2);
    expect(rebuilds).toBe(1);
  });

  it('an invalid pattern is reported in Russian and not scheduled; stopping removes the tasks from node-cron', async () => {
    vi.setSystemTime(new Date('2026-03-02T09:00:00.200Z'));
    let n = 0;
    await setup(
      { ORIENTIR_REPORTS_CRON: 'каждый понедельник', ORIENTIR_INBOX_CRON: '*/1 * * * * *' },
      { ...quiet(), inbox: async () => ({ message: `проход ${++n}` }) },
    );
    expect(tasks).toHaveLength(4);
    expect(logs).toEqual(['Расписание задания reports «каждый понедельник» некорректно — задание не запланировано.']);
    const ids = tasks.map((t) => t.id);
    await seconds(1);
    await finished('inbox', 1);
    await stopScheduler(tasks);
    expect(ids.filter((id) => cron.getTasks().has(id))).toEqual([]);
    await seconds(3);
    expect(n).toBe(1);
  });
});
