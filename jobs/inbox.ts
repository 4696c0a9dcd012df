// Inbox job: files dropped into the inbox are ingested in arrival order; accepted ones move to
// archive/YYYY-MM-DD/, rejected ones to rejected/ with the Russian report beside them. A file whose size or
// mtime still changes is left for the next run. Re-processing after a crash is safe: same bytes are a no-op.
import { mkdirSync, readdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Store } from '../store/db.js';
import { serialize } from '../store/queue.js';
import { FORMATS } from '../ingest/formats/index.js';
import { ingestFile } from '../ingest/load.js';
import { formatReport } from '../ingest/report.js';
import type { JobSettings } from './settings.js';

export interface InboxResult { loaded: number; duplicate: number; rejected: number; waiting: number; files: string[] }

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const today = () => new Date().toISOString().slice(0, 10);

function uniqueTarget(dir: string, name: string): string {
  mkdirSync(dir, { recursive: true });
  let target = join(dir, name);
  for (let i = 1; statSafe(target); i++) target = join(dir, name.replace(/(\.[^.]*)?$/, `-${i}$1`));
  return target;
}
function statSafe(p: string) { try { return statSync(p); } catch { return null; } }

export async function runInbox(store: Store, s: JobSettings, settleMs = 300): Promise<InboxResult> {
  mkdirSync(s.inbox, { recursive: true });
  const res: InboxResult = { loaded: 0, duplicate: 0, rejected: 0, waiting: 0, files: [] };
  const entries = readdirSync(s.inbox)
    .filter((f) => !f.startsWith('.') && !f.startsWith('~$'))
    .map((f) => ({ f, st: statSync(join(s.inbox, f)) }))
    .filter((e) => e.st.isFile())
    .sort((a, b) => a.st.mtimeMs - b.st.mtimeMs || a.f.localeCompare(b.f));
  if (entries.length === 0) return res;
  await sleep(settleMs);
  for (const { f, st } of entries) {
    const path = join(s.inbox, f);
    const now = statSafe(path);
    if (!now || now.size !== st.size || now.mtimeMs !== st.mtimeMs || Date.now() - now.mtimeMs < settleMs) { res.waiting++; continue; }
    const report = await serialize(() => ingestFile(store, FORMATS, { bytes: readFileSync(path), fileName: f, channel: 'inbox', user: 'inbox' }));
    res.files.push(f);
    if (report.status === 'rejected') {
      res.rejected++;
      const target = uniqueTarget(s.rejected, f);
      renameSync(path, target);
      writeFileSync(`${target}.отчёт.txt`, formatReport(report) + '\n');
    } else {
      if (report.status === 'loaded') res.loaded++; else res.duplicate++;
      renameSync(path, uniqueTarget(join(s.archive, today()), f));
    }
  }
  return res;
}
