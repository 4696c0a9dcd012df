// Runs one bench task in a child process (node --import tsx bench/child.ts) so that its peak RSS is its own.
// The child writes {ok, result | error} as JSON to a file; stdout/stderr are kept only for diagnostics.
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const CHILD = fileURLToPath(new URL('./child.ts', import.meta.url));
const ROOT = fileURLToPath(new URL('../', import.meta.url));

export interface ChildOutcome<T> {
  ok: true;
  result: T;
  wallMs: number;
}
export interface ChildFailure {
  ok: false;
  error: string;
  wallMs: number;
}

export interface ChildOptions {
  timeoutMs?: number;
  /** Extra node flags, e.g. ['--max-old-space-size=8192']. */
  nodeFlags?: string[];
  env?: Record<string, string>;
  /** Print the child's stderr live (progress lines). */
  verbose?: boolean;
}

export async function runChild<T>(
  task: string,
  args: unknown,
  o: ChildOptions = {},
): Promise<ChildOutcome<T> | ChildFailure> {
  const dir = mkdtempSync(join(tmpdir(), 'orientir-bench-child-'));
  const out = join(dir, 'result.json');
  const t0 = performance.now();
  const child = spawn(
    process.execPath,
    [...(o.nodeFlags ?? []), '--import', 'tsx', CHILD, task, JSON.stringify(args), out],
    {
      cwd: ROOT,
      env: { ...process.env, ...o.env },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let tail = '';
  const keep = (b: Buffer) => {
    const s = b.toString();
    if (o.verbose) process.stderr.write(s);
    tail = (tail + s).slice(-4000);
  };
  child.stdout.on('data', keep);
  child.stderr.on('data', keep);
  let timedOut = false;
  const timer = o.timeoutMs
    ? setTimeout(() => {
        timedOut = true;
        child.kill('SIGKILL');
      }, o.timeoutMs)
    : null;
  const code = await new Promise<number | null>((resolve) => child.on('close', (c, sig) => resolve(sig ? -1 : c)));
  if (timer) clearTimeout(timer);
  const wallMs = performance.now() - t0;
  try {
    if (timedOut) return { ok: false, error: `timeout after ${Math.round((o.timeoutMs ?? 0) / 1000)} s`, wallMs };
    type Written = { ok: boolean; result?: T; error?: string };
    const parsed = ((): Written | null => {
      try {
        return JSON.parse(readFileSync(out, 'utf8')) as Written;
      } catch {
        return null;
      }
    })();
    if (parsed?.ok) return { ok: true, result: parsed.result as T, wallMs };
    const why = parsed?.error ?? `child exited with code ${code}${code === -1 ? ' (killed: out of memory?)' : ''}`;
    return { ok: false, error: `${why}\n${tail.trim().split('\n').slice(-8).join('\n')}`.trim(), wallMs };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
