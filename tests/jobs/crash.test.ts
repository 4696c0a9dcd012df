// SIGKILL during an inbox run (a child process ingesting several demo files, then rebuilding), at random
// moments; after restart the store is consistent and every file is processed exactly once.
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sha256 } from '../../ingest/load.js';
import { INTERRUPTED, JobRunner } from '../../jobs/runner.js';
import { closeStore, type Store } from '../../store/db.js';
import { queryRows } from '../../store/query.js';
import { demoFiles } from '../helpers/demo-store.js';
import { drop, freshStore, jobRuns, ls, realSleep, removeTempDirs, settingsIn, tempDir } from './helpers.js';

const CHILD = fileURLToPath(new URL('./crash-child.ts', import.meta.url));
const ROOT = fileURLToPath(new URL('../../', import.meta.url));
// Registry and scales first (arrival order), then protocols, ВПР, a journal: a few seconds of ingest.
const FILES = [
  'Реестр ОО.xlsx',
  'vpr_scales_demo.csv',
  'ОГЭ 2025 протоколы.xlsx',
  'Проведение работы по русскому языку, 7 класс. ВПР 2025.xlsx',
  'ЕГЭ 2025 протоколы.xlsx',
  'Ведомость СОШ № 8 2025-26.xlsx',
  'Проведение работы по математике, 7 класс. ВПР 2025.xlsx',
  '01_2026.05.29.csv',
];
const DATA = [
  'uploads_loaded',
  'schools',
  'school_ids',
  'works',
  'pupil_results',
  'journal_marks',
  'aggregate_results',
  'program_targets',
  'mart_school_metrics',
  'mart_flags',
];

async function counts(store: Store): Promise<Record<string, number>> {
  const out: Record<string, number> = {};
  for (const t of DATA) {
    const sql =
      t === 'uploads_loaded'
        ? `SELECT count(*) AS n FROM uploads WHERE status = 'loaded'`
        : `SELECT count(*) AS n FROM ${t}`;
    out[t] = Number((await queryRows(store.conn, sql))[0]!.n);
  }
  return out;
}

let reference: Record<string, number>;
const shas = FILES.map((f) => sha256(readFileSync(join(demoFiles(), f))));

/**
 * Starts the child on a fresh store and inbox and kills it once `taken` files have left the inbox, plus a random
 * delay of minMs…minMs+jitterMs: the point in the run follows the child's own progress, whatever the machine's load.
 */
async function killedRun(
  taken: number,
  minMs: number,
  jitterMs: number,
): Promise<{ root: string; killed: boolean; output: string }> {
  const root = tempDir('crash');
  const s = settingsIn(root);
  drop(
    FILES.map((f) => join(demoFiles(), f)),
    s.inbox,
  );
  const child = spawn(process.execPath, ['--import', 'tsx', CHILD, join(root, 'store.duckdb')], {
    cwd: ROOT,
    env: { ...process.env, ORIENTIR_INBOX: s.inbox },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (d) => {
    output += String(d);
  });
  child.stderr.on('data', (d) => {
    output += String(d);
  });
  const exited = new Promise<{ signal: NodeJS.Signals | null }>((r) =>
    child.on('exit', (_code, signal) => r({ signal })),
  );
  const start = performance.now();
  while (!output.includes('ready') || FILES.length - ls(s.inbox).length < taken) {
    if (performance.now() - start > 120_000 || child.exitCode !== null) break;
    await realSleep(2);
  }
  await realSleep(minMs + Math.random() * jitterMs);
  child.kill('SIGKILL');
  const { signal } = await exited;
  return { root, killed: signal === 'SIGKILL' && !output.includes('done'), output };
}

beforeAll(async () => {
  // The same files through the same job, uninterrupted: the state every crashed run must end in.
  const root = tempDir('crash-ref');
  const s = settingsIn(root);
  drop(
    FILES.map((f) => join(demoFiles(), f)),
    s.inbox,
  );
  const store = await freshStore(root);
  const runner = new JobRunner(store, s);
  runner.rebuildOnDataChange(100); // as the server does
  const r = await runner.run('inbox', 'эталон');
  expect(r).toMatchObject({ ok: true, counts: { loaded: FILES.length, rejected: 0 } });
  await runner.settled();
  reference = await counts(store);
  await runner.close();
  await closeStore(store);
}, 120_000);

afterAll(() => removeTempDirs());

describe('inbox job killed with SIGKILL', () => {
  // Kill points by progress: in the first files (after the 300 ms settle pause), mid-ingest, late ingest, and
  // during the rebuild that follows the last file.
  const points: [number, number, number, number][] = [
    [1, 0, 350, 500],
    [2, 2, 0, 300],
    [3, 5, 0, 300],
    [4, FILES.length, 0, 600],
  ];
  it.each(points)(
    'kill #%i: after restart the store is consistent and each file is loaded once',
    async (_i, taken, min, jitter) => {
      const { root, killed, output } = await killedRun(taken, min, jitter);
      const s = settingsIn(root);
      const before = ls(s.inbox).length;

      const store = await freshStore(root); // reopen: DuckDB replays its WAL, the unfinished transaction is gone
      const runner = new JobRunner(store, s);
      runner.rebuildOnDataChange(100);
      try {
        const r = await runner.run('inbox', 'после перезапуска');
        await runner.settled();
        expect(r.ok, `${r.message}\n${output}`).toBe(true);
        expect(r.counts).toMatchObject({ rejected: 0, waiting: 0 });
        expect(
          Number((r.counts as { loaded: number }).loaded) + Number((r.counts as { duplicate: number }).duplicate),
        ).toBe(before);

        // Every file: in the archive once, one 'loaded' ledger row for its sha256.
        expect(ls(s.inbox)).toEqual([]);
        expect(ls(s.rejected)).toEqual([]);
        const days = ls(s.archive);
        expect(days).toHaveLength(1);
        expect(ls(join(s.archive, days[0]!))).toEqual([...FILES].sort());
        const ledger = await queryRows(
          store.conn,
          `SELECT sha256, count(*) FILTER (status = 'loaded') AS loaded FROM uploads GROUP BY 1`,
        );
        expect(Object.fromEntries(ledger.map((x) => [x.sha256, x.loaded]))).toEqual(
          Object.fromEntries(shas.map((h) => [h, 1])),
        );

        // Data rows counted once: no rows of an unfinished upload, and the same totals as the uninterrupted run.
        for (const t of ['works', 'pupil_results', 'journal_marks', 'aggregate_results', 'program_targets'])
          expect(
            (
              await queryRows(
                store.conn,
                `SELECT count(*) AS n FROM ${t} WHERE upload_id NOT IN (SELECT upload_id FROM uploads WHERE status = 'loaded')`,
              )
            )[0]!.n,
          ).toBe(0);
        expect(await counts(store)).toEqual(reference);

        // The interrupted run is on record as failed, nothing is left «running».
        const runs = await jobRuns(store);
        expect(runs.filter((x) => x.outcome === 'running')).toEqual([]);
        if (killed) expect(runs.some((x) => x.outcome === 'failed' && x.message === INTERRUPTED)).toBe(true);
      } finally {
        await runner.close();
        await closeStore(store);
      }
    },
    180_000,
  );
});
