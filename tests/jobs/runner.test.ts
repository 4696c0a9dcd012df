// JobRunner: every run recorded in job_runs, failures caught, overlaps skipped, interrupted runs recovered.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { JobSettings } from '../../domain/job-settings.js';
import { INTERRUPTED, JobRunner } from '../../jobs/runner.js';
import { closeStore, type Store } from '../../store/db.js';
import { queryRows } from '../../store/query.js';
import { demoFiles } from '../helpers/demo-store.js';
import { drop, freshStore, jobRuns, removeTempDirs, settingsIn, tempDir, until } from './helpers.js';

function deferred() {
  let resolve!: () => void;
  const promise = new Promise<void>((r) => {
    resolve = r;
  });
  return { promise, resolve };
}

let root: string;
let s: JobSettings;
let store: Store;
let runner: JobRunner;

beforeEach(async () => {
  root = tempDir('runner');
  s = settingsIn(root);
  store = await freshStore(root);
});
afterEach(async () => {
  await runner?.close();
  await closeStore(store);
});

afterAll(() => removeTempDirs());

describe('JobRunner', () => {
  it('a job that throws is recorded as failed with its message; the next run still runs', async () => {
    let calls = 0;
    runner = new JobRunner(store, s, {
      freshness: async () => {
        if (++calls === 1) throw new Error('календарь недоступен');
        return { message: 'Полнота данных проверена.', counts: { missing: 0 } };
      },
    });
    expect(await runner.run('freshness', 'тест')).toEqual({ ok: false, message: 'Ошибка: календарь недоступен' });
    expect(await runner.run('freshness', 'тест')).toMatchObject({ ok: true, message: 'Полнота данных проверена.' });
    const runs = await jobRuns(store);
    expect(runs.map((r) => [r.job, r.outcome, r.message])).toEqual([
      ['freshness', 'failed', 'Ошибка: календарь недоступен'],
      ['freshness', 'ok', 'Полнота данных проверена.'],
    ]);
    expect(JSON.parse(String(runs[1]!.counts))).toEqual({ missing: 0 });
  });

  it('the real inbox job failing (the inbox path is a file) is recorded, not thrown', async () => {
    writeFileSync(join(root, 'inbox'), 'не папка');
    runner = new JobRunner(store, s);
    const r = await runner.run('inbox', 'тест');
    expect(r.ok).toBe(false);
    expect(r.message).toMatch(/^Ошибка: /);
    expect((await jobRuns(store, 'inbox')).map((x) => x.outcome)).toEqual(['failed']);
  });

  it('a second run while the first is busy is skipped and recorded as skipped (also for two calls in one tick)', async () => {
    const gate = deferred();
    runner = new JobRunner(store, s, {
      reports: async () => {
        await gate.promise;
        return { message: 'Отчёты готовы.' };
      },
    });
    const first = runner.run('reports', 'расписание');
    await until(async () => (await jobRuns(store)).some((r) => r.outcome === 'running'), 5_000, 'the running record');
    const [second, third] = await Promise.all([
      runner.run('reports', 'вручную (komitet)'),
      runner.run('reports', 'вручную (komitet)'),
    ]);
    expect(second).toMatchObject({ ok: true, skipped: true });
    expect(third).toMatchObject({ ok: true, skipped: true });
    expect(runner.isBusy('reports')).toBe(true);
    expect((await jobRuns(store)).map((r) => r.outcome).sort()).toEqual(['running', 'skipped', 'skipped']);
    gate.resolve();
    expect(await first).toMatchObject({ ok: true, message: 'Отчёты готовы.' });
    const runs = await jobRuns(store);
    expect(runs.map((r) => [r.trigger, r.outcome])).toEqual([
      ['расписание', 'ok'],
      ['вручную (komitet)', 'skipped'],
      ['вручную (komitet)', 'skipped'],
    ]);
    expect(runs[1]!.message).toBe('Пропущено: предыдущий запуск ещё выполняется.');
    // Not busy any more: a new run runs.
    const again = await runner.run('reports', 'тест');
    expect(again.skipped).toBeUndefined();
    expect(again.message).toBe('Отчёты готовы.');
  });

  it('different jobs do not block each other', async () => {
    const gate = deferred();
    runner = new JobRunner(store, s, {
      backup: async () => {
        await gate.promise;
        return { message: 'копия' };
      },
      freshness: async () => ({ message: 'полнота' }),
    });
    const backup = runner.run('backup', 'тест');
    expect(await runner.run('freshness', 'тест')).toMatchObject({ ok: true, message: 'полнота' });
    gate.resolve();
    expect(await backup).toMatchObject({ ok: true });
  });

  it('loads from the inbox while a rebuild is under way: one more rebuild afterwards for the whole batch', async () => {
    const gate = deferred();
    let rebuilds = 0;
    runner = new JobRunner(store, s, {
      rebuild: async () => {
        if (++rebuilds === 1) await gate.promise;
        return { message: `сборка ${rebuilds}` };
      },
    });
    const unsubscribe = runner.rebuildOnDataChange(200);
    const manual = runner.run('rebuild', 'после загрузки через браузер');
    drop(
      ['Реестр ОО.xlsx', 'vpr_scales_demo.csv'].map((f) => join(demoFiles(), f)),
      s.inbox,
    );
    expect(await runner.run('inbox', 'расписание')).toMatchObject({ ok: true, counts: { loaded: 2 } });
    await new Promise((r) => setTimeout(r, 600)); // loads settled: the rebuild they asked for waits for the first
    expect(rebuilds).toBe(1);
    gate.resolve();
    await manual;
    await until(async () => rebuilds === 2);
    await new Promise((r) => setTimeout(r, 400)); // and no third
    expect(rebuilds).toBe(2);
    const runs = await jobRuns(store, 'rebuild');
    expect(runs.map((r) => [r.trigger, r.outcome])).toEqual([
      ['после загрузки через браузер', 'ok'],
      ['после загрузки из папки входящих', 'ok'],
    ]);
    unsubscribe();
  });

  it('a file loaded with no subscriber (a CLI process of its own) starts no rebuild', async () => {
    let rebuilds = 0;
    runner = new JobRunner(store, s, { rebuild: async () => ({ message: `сборка ${++rebuilds}` }) });
    drop([join(demoFiles(), 'Реестр ОО.xlsx')], s.inbox);
    expect(await runner.run('inbox', 'расписание')).toMatchObject({ counts: { loaded: 1 } });
    await new Promise((r) => setTimeout(r, 2000));
    expect(rebuilds).toBe(0);
  });

  it("job records survive a rollback of another job's transaction on the store connection", async () => {
    runner = new JobRunner(store, s, { freshness: async () => ({ message: 'полнота' }) });
    await store.conn.run('BEGIN TRANSACTION'); // e.g. an ingest or a rebuild in progress
    await store.conn.run(`INSERT INTO schools (school_code, name) VALUES ('9999', 'Временная')`);
    expect(await runner.run('freshness', 'тест')).toMatchObject({ ok: true });
    await store.conn.run('ROLLBACK');
    expect((await jobRuns(store)).map((r) => r.outcome)).toEqual(['ok']);
    expect((await queryRows(store.conn, `SELECT count(*) AS n FROM schools WHERE school_code = '9999'`))[0]!.n).toBe(0);
  });

  it('runs left «running» by a killed process are marked failed on the first run after restart', async () => {
    await store.conn.run(
      `INSERT INTO job_runs VALUES (nextval('job_run_seq'), 'inbox', 'расписание', current_timestamp, NULL, 'running', NULL, NULL)`,
    );
    runner = new JobRunner(store, s, { backup: async () => ({ message: 'копия' }) });
    await runner.run('backup', 'тест');
    const runs = await jobRuns(store);
    expect(runs.map((r) => [r.job, r.outcome])).toEqual([
      ['inbox', 'failed'],
      ['backup', 'ok'],
    ]);
    expect(runs[0]!.message).toBe(INTERRUPTED);
    // A second runner in the same process does not touch runs that are really in progress.
    const gate = deferred();
    const other = new JobRunner(store, s, {
      reports: async () => {
        await gate.promise;
        return { message: 'ok' };
      },
    });
    const busy = other.run('reports', 'тест');
    // Wait until the busy run has recorded itself (its insert is asynchronous).
    for (let i = 0; i < 200 && (await jobRuns(store, 'reports')).length === 0; i++)
      await new Promise((r) => setTimeout(r, 10));
    const third = new JobRunner(store, s, { backup: async () => ({ message: 'копия' }) });
    await third.run('backup', 'тест');
    expect((await jobRuns(store, 'reports')).map((r) => r.outcome)).toEqual(['running']);
    gate.resolve();
    await busy;
    expect((await jobRuns(store, 'reports')).map((r) => r.outcome)).toEqual(['ok']);
    await other.close();
    await third.close();
  });

  it('drain waits for running jobs, bounded by the timeout', async () => {
    const gate = deferred();
    runner = new JobRunner(store, s, {
      backup: async () => {
        await gate.promise;
        return { message: 'копия' };
      },
    });
    const p = runner.run('backup', 'тест');
    expect(await runner.drain(50)).toBe(false);
    gate.resolve();
    expect(await runner.drain(5_000)).toBe(true);
    expect(await p).toMatchObject({ ok: true });
  });
});
