// Inbox job: files dropped into the inbox are ingested in arrival order; accepted ones move to
// archive/YYYY-MM-DD/, rejected ones to rejected/ with the Russian report beside them. A file whose size or
// mtime still changes is left for the next run. Re-processing after a crash is safe: same bytes are a no-op,
// and a file leaves the inbox only after its outcome is committed.
import { copyFileSync, mkdirSync, readdirSync, readFileSync, renameSync, statSync, unlinkSync, writeFileSync, type Stats } from 'node:fs';
import { join } from 'node:path';
import type { Store } from '../store/db.js';
import { serialize } from '../store/queue.js';
import { FORMATS } from '../ingest/formats/index.js';
import { ingestFile } from '../ingest/load.js';
import { formatReport } from '../ingest/report.js';
import { localDate } from './dates.js';
import type { JobSettings } from './settings.js';

export interface InboxResult { loaded: number; duplicate: number; rejected: number; waiting: number; files: string[] }

export const REPORT_SUFFIX = '.отчёт.txt';
// Hidden files, Office lock files and partial downloads/copies are not ours to take.
const IGNORED = /^(\.|~\$)|\.(part|partial|tmp|crdownload|download)$/i;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function statSafe(p: string): Stats | null { try { return statSync(p); } catch { return null; } }

function uniqueTarget(dir: string, name: string): string {
  mkdirSync(dir, { recursive: true });
  let target = join(dir, name);
  for (let i = 1; statSafe(target); i++) target = join(dir, name.replace(/(\.[^.]*)?$/, `-${i}$1`));
  return target;
}

/** Rename, or copy + delete when the archive is on another volume (EXDEV). */
function move(from: string, to: string): void {
  try {
    renameSync(from, to);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'EXDEV') throw e;
    copyFileSync(from, to);
    unlinkSync(from);
  }
}

export async function runInbox(store: Store, s: JobSettings, settleMs = 300): Promise<InboxResult> {
  mkdirSync(s.inbox, { recursive: true });
  const res: InboxResult = { loaded: 0, duplicate: 0, rejected: 0, waiting: 0, files: [] };
  const entries = readdirSync(s.inbox)
    .filter((f) => !IGNORED.test(f))
    .map((f) => ({ f, st: statSafe(join(s.inbox, f)) }))
    .filter((e): e is { f: string; st: Stats } => !!e.st?.isFile())
    .sort((a, b) => a.st.mtimeMs - b.st.mtimeMs || a.f.localeCompare(b.f));
  if (entries.length === 0) return res;
  await sleep(settleMs);
  for (const { f, st } of entries) {
    const path = join(s.inbox, f);
    const now = statSafe(path);
    if (!now) continue; // taken away meanwhile
    if (now.size !== st.size || now.mtimeMs !== st.mtimeMs || Date.now() - now.mtimeMs < settleMs) { res.waiting++; continue; }
    const report = await serialize(() => ingestFile(store, FORMATS, { bytes: readFileSync(path), fileName: f, channel: 'inbox', user: 'inbox' }));
    res.files.push(f);
    if (report.status === 'rejected') {
      res.rejected++;
      const target = uniqueTarget(s.rejected, f);
      // Report first: a crash between the two steps leaves the file in the inbox, never a file without its report.
      writeFileSync(`${target}${REPORT_SUFFIX}`, formatReport(report) + '\n');
      move(path, target);
    } else {
      if (report.status === 'loaded') res.loaded++; else res.duplicate++;
      move(path, uniqueTarget(join(s.archive, localDate(new Date(), s.timezone)), f));
    }
  }
  return res;
}
