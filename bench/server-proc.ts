// Starts bench/serve.ts on a private copy of a store and exposes its port, peak RSS (/proc VmHWM) and stop().
import { type ChildProcess, spawn } from 'node:child_process';
import { copyFileSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const SERVE = fileURLToPath(new URL('./serve.ts', import.meta.url));
const ROOT = fileURLToPath(new URL('../', import.meta.url));

export interface ServerProc {
  base: string;
  pid: number;
  peakRssMb: () => number;
  rssMb: () => number;
  cpuMs: () => number; // user + system CPU time so far (Linux; NaN elsewhere)
  stop: () => Promise<void>;
}

/** A memory figure of a process from /proc/<pid>/status (Linux), in MB; NaN elsewhere. */
function procStatusMb(pid: number, field: 'VmHWM' | 'VmRSS'): number {
  try {
    const m = new RegExp(`${field}:\\s+(\\d+) kB`).exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) / 1024 : NaN;
  } catch {
    return NaN;
  }
}

/** User + system CPU time of a process from /proc/<pid>/stat, in ms (clock ticks of 10 ms); NaN elsewhere. */
function procCpuMs(pid: number): number {
  try {
    const f = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
    return (Number(f[11]) + Number(f[12])) * 10;
  } catch {
    return NaN;
  }
}

export async function startServer(storePath: string, timeoutMs = 120_000): Promise<ServerProc> {
  const dir = mkdtempSync(join(tmpdir(), 'orientir-bench-srv-'));
  const copy = join(dir, 'store.duckdb');
  copyFileSync(storePath, copy);
  const child: ChildProcess = spawn(process.execPath, ['--import', 'tsx', SERVE, copy], {
    cwd: ROOT,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let log = '';
  const port = await new Promise<number>((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`server did not start in ${timeoutMs / 1000} s: ${log.slice(-2000)}`)),
      timeoutMs,
    );
    child.stdout!.on('data', (b: Buffer) => {
      log += b.toString();
      const m = /PORT (\d+)/.exec(log);
      if (m) {
        clearTimeout(timer);
        resolve(Number(m[1]));
      }
    });
    child.stderr!.on('data', (b: Buffer) => {
      log = (log + b.toString()).slice(-8000);
    });
    child.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`server exited (${code}): ${log.slice(-2000)}`));
    });
  });
  const pid = child.pid!;
  return {
    base: `http://127.0.0.1:${port}`,
    pid,
    peakRssMb: () => procStatusMb(pid, 'VmHWM'),
    rssMb: () => procStatusMb(pid, 'VmRSS'),
    cpuMs: () => procCpuMs(pid),
    stop: async () => {
      if (child.exitCode === null) {
        const exited = new Promise<void>((r) => child.once('exit', () => r()));
        child.kill('SIGTERM');
        const t = setTimeout(() => child.kill('SIGKILL'), 10_000);
        await exited;
        clearTimeout(t);
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
