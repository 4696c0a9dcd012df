// Runs the real `orientir` command in a child process.
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const BIN = fileURLToPath(new URL('../../bin/orientir.js', import.meta.url));

export function orientir(args: string[], env: Record<string, string> = {}): Promise<{ code: number; out: string }> {
  return new Promise((resolve) => {
    const p = spawn(process.execPath, [BIN, ...args], {
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    p.stdout.on('data', (d) => (out += d));
    p.stderr.on('data', (d) => (out += d));
    p.on('close', (code) => resolve({ code: code ?? -1, out }));
  });
}

/** Runs `orientir serve` (inbox and backups under `dir`) until it prints its address, then stops it with SIGTERM; returns everything it printed. */
export function serveUntilListening(
  args: string[],
  dir: string,
  env: Record<string, string> = {},
): Promise<{ code: number | null; out: string }> {
  return new Promise((resolve, reject) => {
    const p = spawn(process.execPath, [BIN, 'serve', '--port', '0', ...args], {
      stdio: ['ignore', 'pipe', 'pipe'],
      env: {
        ...process.env,
        ORIENTIR_DEMO: '',
        ORIENTIR_INBOX: join(dir, 'inbox'),
        ORIENTIR_BACKUPS: join(dir, 'backups'),
        ...env,
      },
    });
    let out = '';
    const seen = (d: Buffer) => {
      out += d;
      if (/Ориентир: http/.test(out)) p.kill('SIGTERM');
    };
    p.stdout.on('data', seen);
    p.stderr.on('data', seen);
    p.on('error', reject);
    p.on('close', (code) => resolve({ code, out }));
  });
}
