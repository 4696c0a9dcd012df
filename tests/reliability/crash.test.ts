// SIGKILL at random moments of the two writers of the store: the ingest of a list of files (each file one
// transaction, ingest/load.ts) and the build of the marts (one transaction, transforms/runner.ts). A child process
// (child.ts) works on a private copy of a store and is killed; the parent then reopens the copy and checks that
// the store is intact, that nothing half-written is visible, and that finishing the work gives exactly what an
// uninterrupted run gives.
//
// Kill moments are seeded (ORIENTIR_CRASH_SEED) and spread over an uninterrupted run measured first: two kills
// during start-up, two while the store closes, the rest stratified over the files / the build. Each kill is
// anchored to the child's progress line that precedes its moment in the reference run (so a slower machine still
// kills inside the same file or build), and its offset is scaled by how much slower than the reference the child
// started. Every other kill lowers DuckDB's auto-checkpoint threshold in the child, so kills also hit checkpoints
// that follow a commit, not only the one at close.
import { spawn } from 'node:child_process';
import { copyFileSync, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mulberry32 } from '../../demo/rng.js'; // the seeded PRNG, so a failing kill schedule can be replayed
import { FORMATS } from '../../ingest/formats/index.js';
import { ingestFile } from '../../ingest/load.js';
import { closeStore, openStore, type Store } from '../../store/db.js';
import { BUILD_INTERRUPTED, build } from '../../transforms/runner.js';
import { demoFiles, demoStore } from '../helpers/demo-store.js';
import {
  assertReadable,
  checksums,
  DATA_TABLES,
  type Fingerprint,
  fingerprintDiff,
  fingerprints,
  ledger,
  orphanRows,
  rowsPerFile,
  tableNames,
  viewNames,
} from './checks.js';

const CHILD = fileURLToPath(new URL('./child.ts', import.meta.url));
const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const SEED = Number(process.env.ORIENTIR_CRASH_SEED ?? 20260529);
const KILLS = Number(process.env.ORIENTIR_CRASH_KILLS ?? 20);
const SPARES = 10; // extra kill moments, used only when a planned kill came after the child had finished
const PARALLEL = 3; // kills at a time (each on its own store copy)
const SMALL_CHECKPOINT = '256KB';
const VERBOSE = !!process.env.ORIENTIR_CRASH_VERBOSE;
const T0 = performance.now();
const trace = (s: string) => {
  if (VERBOSE) console.log(`[${((performance.now() - T0) / 1000).toFixed(1)} s] ${s}`);
};

// Registry and scales first (later files resolve schools and marks through them), then large journal, ОГЭ and
// ВПР files. They cover disjoint slices, so each file's rows do not depend on which other files are loaded.
const INGEST_FILES = [
  'Реестр ОО.xlsx',
  'vpr_scales_demo.csv',
  'ведомость_1006_2025-26.csv',
  'ОГЭ 2025 протоколы.xlsx',
  'Проведение работы по русскому языку, 5 класс. ВПР 2026.xlsx',
  'Ведомость СОШ № 8 2025-26.xlsx',
];
const BUILDS_PER_CHILD = 1;

interface Line {
  ms: number;
  text: string;
}
interface ChildRun {
  lines: Line[];
  killed: boolean;
  code: number | null;
  signal: NodeJS.Signals | null;
  stderr: string;
  ms: number;
  killMs: number | null;
}
/** Kill `delayMs` after the child's stdout line number `anchor` (0 = "ready"), or after spawn when anchor is -1. */
interface KillAt {
  anchor: number;
  delayMs: number;
}

function runChild(
  args: string[],
  opts: { kill?: KillAt; refReadyMs?: number; env?: Record<string, string> } = {},
): Promise<ChildRun> {
  const child = spawn(process.execPath, ['--import', 'tsx/esm', CHILD, ...args], {
    cwd: ROOT,
    env: { ...process.env, ...opts.env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const t0 = performance.now();
  const lines: Line[] = [];
  let stderr = '';
  let buf = '';
  let timer: NodeJS.Timeout | undefined;
  let killMs: number | null = null;
  const arm = (ms: number) => {
    timer = setTimeout(
      () => {
        killMs = performance.now() - t0;
        child.kill('SIGKILL');
      },
      Math.max(0, ms),
    );
  };
  const { kill } = opts;
  if (kill?.anchor === -1) arm(kill.delayMs);
  child.stdout.setEncoding('utf8');
  child.stdout.on('data', (d: string) => {
    buf += d;
    for (let i = buf.indexOf('\n'); i >= 0; i = buf.indexOf('\n')) {
      lines.push({ ms: performance.now() - t0, text: buf.slice(0, i) });
      buf = buf.slice(i + 1);
      if (kill && lines.length - 1 === kill.anchor) {
        // A child that started slower than the reference run is (most likely) slower throughout, though start-up
        // time is a noisy measure: damped, so that late kills do not overshoot the end of the run.
        const scale = opts.refReadyMs ? Math.min(2, Math.max(0.8, Math.sqrt(lines[0]!.ms / opts.refReadyMs))) : 1;
        arm(kill.delayMs * scale);
      }
    }
  });
  child.stderr.setEncoding('utf8');
  child.stderr.on('data', (d: string) => {
    stderr += d;
  });
  return new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolve({ lines, killed: signal === 'SIGKILL', code, signal, stderr, ms: performance.now() - t0, killMs });
    });
  });
}

/**
 * Two kills during start-up (before the store is open), two while the store closes after the last step (the
 * checkpoint of everything written), the others stratified over the steps in between; then the spares.
 */
function killPlans(ref: ChildRun, random: () => number): KillAt[] {
  const ready = ref.lines[0]!.ms;
  const last = ref.lines.length - 2; // the last progress line before "done"
  const at = (u: number): KillAt => {
    let j = 0;
    while (j < last && ref.lines[j + 1]!.ms - ready <= u) j++;
    return { anchor: j, delayMs: u - (ref.lines[j]!.ms - ready) };
  };
  const steps = ref.lines[last]!.ms - ready;
  const closing = ref.lines[last + 1]!.ms - ref.lines[last]!.ms;
  const plans: KillAt[] = [];
  for (let i = 0; i < 2; i++) plans.push({ anchor: -1, delayMs: random() * ready });
  for (let i = 0; i < 2; i++) plans.push({ anchor: last, delayMs: random() * closing });
  for (let i = 0; i < KILLS - 4; i++) plans.push(at(((i + random()) / (KILLS - 4)) * steps));
  for (let i = 0; i < SPARES; i++) plans.push(at(random() * steps));
  return plans;
}

/** Runs the kills PARALLEL at a time; a run that finished before its kill is made up by the next spare. */
async function killRuns<T extends { killed: boolean }>(
  plans: KillAt[],
  one: (n: number, plan: KillAt) => Promise<T>,
): Promise<T[]> {
  const primary = plans.slice(0, KILLS).map((plan, n) => ({ plan, n }));
  const spares = plans.slice(KILLS).map((plan, i) => ({ plan, n: KILLS + i }));
  const out: T[] = [];
  let misses = 0;
  const next = () => {
    const p = primary.shift();
    if (p || misses === 0) return p;
    misses--;
    return spares.shift();
  };
  const worker = async () => {
    for (let job = next(); job; job = next()) {
      const { n, plan } = job;
      const r = await one(n, plan).catch((e: Error) => {
        e.message = `kill #${n} (line ${plan.anchor} + ${Math.round(plan.delayMs)} ms): ${e.message}`;
        throw e;
      });
      out.push(r);
      if (!r.killed) misses++;
    }
  };
  await Promise.all(Array.from({ length: PARALLEL }, worker));
  return out;
}

/** Where the kill landed, from the last progress line the child printed. */
function phase(run: ChildRun, steps: number, unit: string): string {
  if (!run.killed) return 'finished before the kill';
  const last = run.lines[run.lines.length - 1]?.text;
  if (!last) return 'start-up';
  if (last === 'ready') return `${unit} 0`;
  if (last === 'done') return 'exit';
  const k = Number(/^\w+ (\d+)/.exec(last)?.[1]);
  return k + 1 < steps ? `${unit} ${k + 1}` : 'close';
}

function histogram(phases: string[]): string {
  const h = new Map<string, number>();
  for (const p of phases) h.set(p, (h.get(p) ?? 0) + 1);
  return [...h].map(([p, n]) => `${p}: ${n}`).join(', ');
}

let root: string;
beforeAll(() => {
  root = mkdtempSync(join(tmpdir(), 'orientir-crash-'));
});
afterAll(() => {
  if (root) rmSync(root, { recursive: true, force: true });
});

const dropStore = (path: string) => {
  rmSync(path, { force: true });
  rmSync(path + '.wal', { force: true });
};

describe('ingest killed with SIGKILL', () => {
  const NAMES = INGEST_FILES;
  let files: string[];
  let base: string;
  let ref: ChildRun;
  let refChecksums: Record<string, string>;
  let refPerFile: Record<string, Record<string, number>>;

  beforeAll(async () => {
    files = NAMES.map((f) => join(demoFiles(), f));
    for (const f of files) expect(existsSync(f), f).toBe(true);
    // One empty, migrated store for every run: the pseudonymisation key is drawn when a store is created, and
    // pupil keys (hashed) must be the same across runs for the data checksums to compare.
    base = join(root, 'ingest-base.duckdb');
    const s = await openStore(base);
    await s.conn.run('CHECKPOINT');
    await closeStore(s);

    const path = join(root, 'ingest-ref.duckdb');
    copyFileSync(base, path);
    ref = await runChild(['ingest', path, ...files]);
    expect(ref.code, ref.stderr).toBe(0);
    expect(ref.lines.map((l) => l.text)).toEqual(['ready', ...NAMES.map((_, i) => `file ${i} loaded`), 'done']);
    const store = await openStore(path);
    try {
      refChecksums = await checksums(store, DATA_TABLES);
      refPerFile = await rowsPerFile(store);
      expect(Object.keys(refPerFile).sort()).toEqual([...NAMES].sort());
      // Disjoint slices: no file replaced rows of another (the scales file replaces shipped seed scales only).
      const replaced = (
        await store.conn.runAndReadAll(
          `SELECT file_name FROM uploads WHERE rows_replaced > 0 AND format <> 'vpr-scales'`,
        )
      ).getRows();
      expect(replaced).toEqual([]);
    } finally {
      await closeStore(store);
    }
    dropStore(path);
    console.log(
      `ingest reference: ${NAMES.length} files, ready after ${Math.round(ref.lines[0]!.ms)} ms, done after ${Math.round(ref.ms)} ms; ` +
        `per file (ms): ${ref.lines
          .slice(1, -1)
          .map((l, i) => Math.round(l.ms - ref.lines[i]!.ms))
          .join(', ')}`,
    );
  }, 120_000);

  it(`after each of ${KILLS} kills the store is intact, shows whole uploads only, and the re-run ingest ends identical`, async () => {
    const plans = killPlans(ref, mulberry32(SEED));
    const runs = await killRuns(plans, async (n, plan) => {
      const path = join(root, `ingest-${n}.duckdb`);
      copyFileSync(base, path);
      const env: Record<string, string> = n % 2 === 1 ? { CRASH_CHECKPOINT_THRESHOLD: SMALL_CHECKPOINT } : {};
      trace(`ingest #${n}: start`);
      const run = await runChild(['ingest', path, ...files], { kill: plan, refReadyMs: ref.lines[0]!.ms, env });
      trace(
        `ingest #${n}: child ${run.killed ? 'killed' : 'finished'} at ${Math.round(run.killMs ?? run.ms)} ms after ${run.lines.length} lines`,
      );
      if (!run.killed) expect(run.code, run.stderr).toBe(0);
      const reported = run.lines.filter((l) => /^file \d+ loaded$/.test(l.text)).length;

      // 1. Right after the kill.
      let store: Store = await openStore(path);
      let loaded: number;
      try {
        await assertReadable(store);
        const led = await ledger(store);
        expect(led.map((l) => l.status)).toEqual(led.map(() => 'loaded'));
        loaded = led.length;
        // Files are committed in order, each once; every acknowledged commit survived, at most one more did.
        expect(led.map((l) => l.fileName)).toEqual(NAMES.slice(0, loaded));
        expect(loaded).toBeGreaterThanOrEqual(reported);
        expect(loaded).toBeLessThanOrEqual(reported + 1);
        expect(await orphanRows(store)).toEqual({});
        expect(await rowsPerFile(store)).toEqual(
          Object.fromEntries(NAMES.slice(0, loaded).map((f) => [f, refPerFile[f]])),
        );
      } finally {
        await closeStore(store);
      }

      // 2. The same ingest again, to completion (here, in the test process: one child start-up less per kill):
      // loaded files are duplicates, the rest load.
      store = await openStore(path);
      try {
        const statuses: string[] = [];
        for (const f of files)
          statuses.push(
            (
              await ingestFile(store, FORMATS, {
                bytes: readFileSync(f),
                fileName: basename(f),
                channel: 'cli',
                user: 'crash-test',
              })
            ).status,
          );
        trace(`ingest #${n}: re-run finished`);
        expect(statuses).toEqual(NAMES.map((_, i) => (i < loaded ? 'duplicate' : 'loaded')));
        await assertReadable(store);
        expect(await checksums(store, DATA_TABLES)).toEqual(refChecksums);
        expect((await ledger(store)).filter((l) => l.status === 'loaded').map((l) => l.fileName)).toEqual(NAMES);
        expect(await orphanRows(store)).toEqual({});
        expect(await rowsPerFile(store)).toEqual(refPerFile);
      } finally {
        await closeStore(store);
      }
      dropStore(path);
      return { n, killed: run.killed, phase: phase(run, NAMES.length, 'file'), loaded, killMs: run.killMs };
    });
    const killed = runs.filter((r) => r.killed);
    console.log(
      `ingest kills: ${killed.length} of ${runs.length} runs (seed ${SEED}); landed in ${histogram(killed.map((r) => r.phase))}; ` +
        `files committed at the kill: ${histogram(killed.map((r) => String(r.loaded)))}`,
    );
    expect(killed.length).toBeGreaterThanOrEqual(KILLS);
    // The kills did land inside the ingest, not only around it.
    expect(killed.filter((r) => r.phase.startsWith('file ')).length).toBeGreaterThanOrEqual(KILLS / 2);
  }, 600_000); // 20 child processes on 2 CPUs shared with the rest of the suite
});

describe('build killed with SIGKILL', () => {
  let base: string;
  let tables: string[];
  let views: string[];
  let before: Record<string, Fingerprint>;
  let variant: Record<string, Fingerprint>;
  let ref: ChildRun;
  let baseBuilds: number;

  beforeAll(async () => {
    // The built demo store: its marts (methodology as shipped) are the "previous" version. The child builds
    // under a changed methodology config, so its marts — the "new" version — differ and a mix would show.
    // Marts are compared by fingerprints (checks.ts): exact except DOUBLE columns, which two builds of the same
    // inputs reproduce only to the last bits (parallel sums), and the item order of mart_flags.reason.
    const demo = await demoStore();
    base = join(root, 'build-base.duckdb');
    try {
      await demo.store.conn.run('CHECKPOINT');
      tables = [
        ...(await tableNames(demo.store, 'mart_%')),
        ...(await tableNames(demo.store, 'int_%')),
        'cfg_params',
        'cfg_meta',
        'cfg_indicators',
      ];
      views = await viewNames(demo.store);
      before = await fingerprints(demo.store, tables);
      baseBuilds = Number(
        (await demo.store.conn.runAndReadAll('SELECT coalesce(max(build_id), 0) FROM build_runs')).getRows()[0]![0],
      );
    } finally {
      await closeStore(demo.store);
    }
    copyFileSync(demo.path, base);
    rmSync(demo.dir, { recursive: true, force: true });
    expect(tables.filter((t) => t.startsWith('mart_')).length).toBeGreaterThanOrEqual(8);

    const path = join(root, 'build-ref.duckdb');
    copyFileSync(base, path);
    ref = await runChild(['build', path, String(BUILDS_PER_CHILD), 'variant']);
    expect(ref.code, ref.stderr).toBe(0);
    expect(ref.lines.map((l) => l.text)).toEqual([
      'ready',
      ...Array.from({ length: BUILDS_PER_CHILD }, (_, i) => `build ${i} ok`),
      'done',
    ]);
    const store = await openStore(path);
    try {
      variant = await fingerprints(store, tables);
    } finally {
      await closeStore(store);
    }
    dropStore(path);
    const differ = new Set(fingerprintDiff(variant, before).map((d) => d.split(/[:.]/)[0]!));
    expect([...differ].filter((t) => t.startsWith('mart_')).length).toBeGreaterThanOrEqual(4);
    console.log(
      `build reference: ready after ${Math.round(ref.lines[0]!.ms)} ms, builds (ms): ` +
        `${ref.lines
          .slice(1, -1)
          .map((l, i) => Math.round(l.ms - ref.lines[i]!.ms))
          .join(', ')}; tables that differ in the variant: ${[...differ].join(', ')}`,
    );
  }, 120_000);

  it(`after each of ${KILLS} kills the marts are the previous or the new version, whole, and a fresh build restores them`, async () => {
    const plans = killPlans(ref, mulberry32(SEED + 1));
    const runs = await killRuns(plans, async (n, plan) => {
      const path = join(root, `build-${n}.duckdb`);
      copyFileSync(base, path);
      const env: Record<string, string> = n % 2 === 1 ? { CRASH_CHECKPOINT_THRESHOLD: SMALL_CHECKPOINT } : {};
      trace(`build #${n}: start`);
      const run = await runChild(['build', path, String(BUILDS_PER_CHILD), 'variant'], {
        kill: plan,
        refReadyMs: ref.lines[0]!.ms,
        env,
      });
      trace(
        `build #${n}: child ${run.killed ? 'killed' : 'finished'} at ${Math.round(run.killMs ?? run.ms)} ms after ${run.lines.map((l) => l.text).join(' / ')}`,
      );
      if (!run.killed) expect(run.code, run.stderr).toBe(0);
      const reported = run.lines.filter((l) => /^build \d+ ok$/.test(l.text)).length;

      const store = await openStore(path);
      try {
        // 1. Right after the kill: whole marts of one version, every model present.
        await assertReadable(store);
        const now = await fingerprints(store, tables);
        const vsBefore = fingerprintDiff(now, before);
        const vsVariant = fingerprintDiff(now, variant);
        expect(
          vsBefore.length === 0 || vsVariant.length === 0,
          `marts are neither the previous nor the new version:\n  vs previous: ${vsBefore.slice(0, 6).join('\n    ')}\n  vs new: ${vsVariant.slice(0, 6).join('\n    ')}`,
        ).toBe(true);
        const version = vsBefore.length === 0 ? 'previous' : 'new';
        if (reported > 0) expect(version).toBe('new'); // an acknowledged commit survived
        expect(await viewNames(store)).toEqual(views);
        const runsOf = async () =>
          (
            await store.conn.runAndReadAll(
              'SELECT build_id, outcome, message FROM build_runs WHERE build_id > $b ORDER BY build_id',
              { b: baseBuilds },
            )
          )
            .getRows()
            .map((r) => ({ id: Number(r[0]), outcome: String(r[1]), message: r[2] === null ? null : String(r[2]) }));
        const left = await runsOf();
        expect(left.filter((r) => r.outcome === 'ok').length).toBeGreaterThanOrEqual(reported);
        const stale = left.filter((r) => r.outcome === 'running').map((r) => r.id);
        expect(stale.length).toBeLessThanOrEqual(1);

        // 2. A fresh build (methodology as shipped) gives the reference marts; the killed build is closed.
        trace(`build #${n}: checked (${version}), building`);
        const b = await build(store);
        trace(`build #${n}: built in ${b.ms} ms`);
        expect(b.ok, b.failures.join('\n')).toBe(true);
        expect(fingerprintDiff(await fingerprints(store, tables), before)).toEqual([]);
        const after = await runsOf();
        expect(after.filter((r) => r.outcome === 'running')).toEqual([]);
        for (const id of stale)
          expect(after.find((r) => r.id === id)).toEqual({ id, outcome: 'failed', message: BUILD_INTERRUPTED });
        expect(after[after.length - 1]).toMatchObject({ id: b.buildId, outcome: 'ok' });
        return {
          n,
          killed: run.killed,
          phase: phase(run, BUILDS_PER_CHILD, 'build'),
          version,
          stale: stale.length,
          killMs: run.killMs,
        };
      } finally {
        await closeStore(store);
        dropStore(path);
      }
    });
    const killed = runs.filter((r) => r.killed);
    console.log(
      `build kills: ${killed.length} of ${runs.length} runs (seed ${SEED + 1}); landed in ${histogram(killed.map((r) => r.phase))}; ` +
        `marts found: ${histogram(killed.map((r) => r.version))}; left 'running' in build_runs: ${killed.filter((r) => r.stale > 0).length}`,
    );
    expect(killed.length).toBeGreaterThanOrEqual(KILLS);
    expect(killed.filter((r) => r.phase.startsWith('build ')).length).toBeGreaterThanOrEqual(KILLS / 2);
    // The scenario the runner fix is for did occur: a killed build left its 'running' row behind.
    expect(killed.some((r) => r.stale > 0)).toBe(true);
  }, 600_000); // 20 child processes on 2 CPUs shared with the rest of the suite
});
