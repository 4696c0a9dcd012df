// Ingest of files and folders from disk (CLI, inbox, demo): expands folders, orders reference files first
// (registry, scales) so later files can use them, and runs each file through the store's write queue.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { basename, join } from 'node:path';
import type { Store } from '../store/db.js';
import { FORMATS } from './formats/index.js';
import { type IngestInput, ingestFile } from './load.js';
import type { IngestReport } from './report.js';

const SUPPORTED = /\.(xlsx|csv|txt|xls)$/i;
// Excel's owner files («~$реестр.xlsx», a few bytes while a book is open) and hidden files are never data.
const IGNORED = /^(~\$|\.)/;

/** Registry and scales first, targets and programme workbooks last; otherwise by name (files of one term arrive together). */
export function loadPriority(name: string): number {
  const n = name.toLowerCase();
  if (/реестр|registry|логин|login/.test(n)) return 0;
  if (/шкал|scale/.test(n)) return 1;
  if (/целев|target|показател|программ|дорожн|паспорт/.test(n)) return 9;
  return 5;
}

export function expandPaths(paths: string[]): string[] {
  const out: string[] = [];
  const walk = (p: string) => {
    const st = statSync(p);
    if (st.isDirectory()) for (const f of readdirSync(p).sort()) walk(join(p, f));
    else if (SUPPORTED.test(p) && !IGNORED.test(basename(p))) out.push(p);
  };
  for (const p of paths) walk(p);
  return out.sort((a, b) => loadPriority(basename(a)) - loadPriority(basename(b)) || a.localeCompare(b, 'ru'));
}

export async function ingestPaths(
  store: Store,
  paths: string[],
  channel: IngestInput['channel'],
  user: string | null,
  onFile?: (file: string, i: number, total: number) => void,
  onProgress?: (rows: number) => void,
): Promise<IngestReport[]> {
  const files = expandPaths(paths);
  const reports: IngestReport[] = [];
  for (const [i, f] of files.entries()) {
    onFile?.(f, i, files.length);
    reports.push(
      await ingestFile(store, FORMATS, {
        bytes: async () => readFileSync(f),
        fileName: basename(f),
        channel,
        user,
        onProgress,
      }),
    );
  }
  return reports;
}
