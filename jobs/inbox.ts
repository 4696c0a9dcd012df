// Inbox job: files dropped into the inbox are ingested in arrival order; accepted ones move to
// archive/YYYY-MM-DD/, rejected ones to rejected/ with the Russian report beside them.
// Rules (docs/operations.md, docs/security.md):
// - A file is taken only once it has been quiet for QUIET_MS: either an earlier run saw it with the same size,
//   mtime, ctime and inode at least QUIET_MS ago (two polls; the memory of sightings lives in this module, so
//   after a restart a fresh file waits one more run), or its own mtime is at least QUIET_MS old (a file renamed
//   in, or a finished copy that keeps the source's time). Either way its size, mtime and ctime must not change
//   during the settle pause of the run. Anything else waits. A writer should write under a temporary name
//   (`.part`, `.tmp`, …; ignored) and rename when done; a writer stalled longer than QUIET_MS cannot be told apart
//   from a finished one.
// - A file larger than MAX_FILE_BYTES (the web upload limit) is refused unread.
// - Symbolic links, FIFOs, sockets and devices are refused unread (lstat; the link itself is moved, never its
//   target); subfolders are left alone. A regular file is opened with O_NOFOLLOW | O_NONBLOCK and checked
//   again on the open descriptor (regular, same inode, size within the limit) before it is read.
// - A store that holds the demo takes only the demo's own files (store/demo-guard.ts): any other file is rejected
//   unparsed, with the same message as the web upload (nothing loaded, no ledger row).
// - Whatever goes wrong with one file (read error, ingest throwing) rejects that file with a report; the others
//   are still processed.
// Re-processing after a crash is safe: same bytes are a no-op, and a file leaves the inbox only after its outcome
// is committed.
import {
  appendFileSync,
  closeSync,
  constants,
  copyFileSync,
  fstatSync,
  lstatSync,
  mkdirSync,
  openSync,
  readdirSync,
  readlinkSync,
  readSync,
  renameSync,
  type Stats,
  symlinkSync,
  unlinkSync,
  writeFileSync,
} from 'node:fs';
import { join, resolve, sep } from 'node:path';
import type { JobSettings } from '../domain/job-settings.js';
import { plural } from '../domain/text.js';
import { FORMATS, formatReport, IngestRefused, ingestFile, MAX_FILE_BYTES, num } from '../ingest/index.js';
import type { Store } from '../store/db.js';
import { refuseIntoDemo } from '../store/demo-guard.js';
import { localDate } from './dates.js';

export interface InboxResult {
  loaded: number;
  duplicate: number;
  rejected: number;
  waiting: number;
  files: string[];
}
export interface InboxOptions {
  /** Files larger than this are refused unread (tests lower it). */ maxBytes?: number;
}

export const REPORT_SUFFIX = '.отчёт.txt';
/** How long a file must have been unchanged before it is taken. */
export const QUIET_MS = 60_000;
// Hidden files, Office lock files and partial downloads/copies are not ours to take.
const IGNORED = /^(\.|~\$)|\.(part|partial|tmp|crdownload|download)$/i;
// Linux allows 255 bytes per name: room for «-NN» and the report suffix.
const NAME_BYTES = 200;

type Kind = 'file' | 'link' | 'special';
interface Sighting {
  size: number;
  mtimeMs: number;
  ctimeMs: number;
  ino: number;
  dev: number;
  at: number;
}
/** inbox folder → file name → what an earlier run saw, and since when. */
const sightings = new Map<string, Map<string, Sighting>>();

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function lstatSafe(p: string): Stats | null {
  try {
    return lstatSync(p);
  } catch {
    return null;
  }
}
const kindOf = (st: Stats): Kind | null =>
  st.isFile() ? 'file' : st.isSymbolicLink() ? 'link' : st.isDirectory() ? null : 'special';
const same = (a: Stats | Sighting, b: Stats | Sighting) =>
  a.size === b.size && a.mtimeMs === b.mtimeMs && a.ctimeMs === b.ctimeMs && a.ino === b.ino && a.dev === b.dev;
const sighting = (st: Stats, at: number): Sighting => ({
  size: st.size,
  mtimeMs: st.mtimeMs,
  ctimeMs: st.ctimeMs,
  ino: st.ino,
  dev: st.dev,
  at,
});

/** Cuts a file name to `maxBytes` of UTF-8 at a character boundary, keeping its extension; «…» marks the cut. */
export function fitName(name: string, maxBytes = NAME_BYTES): string {
  if (Buffer.byteLength(name) <= maxBytes) return name;
  const ext = /\.[^.\s]{1,10}$/.exec(name)?.[0] ?? '';
  const room = maxBytes - Buffer.byteLength(ext) - Buffer.byteLength('…');
  let base = '';
  for (const ch of name.slice(0, name.length - ext.length)) {
    if (Buffer.byteLength(base + ch) > room) break;
    base += ch;
  }
  return `${base.trimEnd()}…${ext}`;
}

function uniqueTarget(dir: string, name: string): string {
  mkdirSync(dir, { recursive: true });
  const fitted = fitName(name);
  let target = join(dir, fitted);
  for (let i = 1; lstatSafe(target); i++) target = join(dir, fitted.replace(/(\.[^.]*)?$/, `-${i}$1`));
  return target;
}

/** Rename, or copy + delete when the target is on another volume (EXDEV). A link is re-created, never followed. */
function move(from: string, to: string): void {
  try {
    renameSync(from, to);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'EXDEV') throw e;
    const st = lstatSync(from);
    if (st.isSymbolicLink()) symlinkSync(readlinkSync(from), to);
    else if (st.isFile()) copyFileSync(from, to, constants.COPYFILE_EXCL);
    else
      appendFileSync(
        `${to}${REPORT_SUFFIX}`,
        'Папка отклонённых на другом томе: специальный файл удалён из папки входящих, а не перенесён.\n',
      );
    unlinkSync(from);
  }
}

const sizeText = (n: number) =>
  n >= 1024 * 1024
    ? `${num(Math.round((n / 1024 / 1024) * 10) / 10)} МБ`
    : `${n} ${plural(n, ['байт', 'байта', 'байт'])}`;

/** Why a file is refused before (or instead of) being read: the text of its report. */
class Refused extends Error {}
const tooLarge = (size: number, limit: number) =>
  new Refused(
    `размер файла ${sizeText(size)} больше допустимого (${sizeText(limit)}); файл не прочитан. Разделите данные на несколько файлов.`,
  );
const notRegular = (kind: Kind) =>
  new Refused(
    `${kind === 'link' ? 'это символическая ссылка' : 'это специальный файл (канал, сокет или устройство)'}, а не обычный файл; файл не прочитан. Ссылки и специальные файлы из папки входящих не принимаются — скопируйте в папку сам файл.`,
  );

/**
 * Reads a regular file checked on its open descriptor: no link is followed (O_NOFOLLOW), a FIFO does not block
 * (O_NONBLOCK), and it must still be the file `seen` by lstat. 'changed' when it moved under us or grew.
 */
export function readInboxFile(path: string, seen: Stats, maxBytes: number): Buffer | 'changed' {
  let fd: number;
  try {
    fd = openSync(path, constants.O_RDONLY | (constants.O_NOFOLLOW ?? 0) | (constants.O_NONBLOCK ?? 0));
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ELOOP') throw notRegular('link');
    throw e;
  }
  try {
    const st = fstatSync(fd);
    if (!st.isFile()) throw notRegular('special');
    if (st.size > maxBytes) throw tooLarge(st.size, maxBytes);
    if (!same(st, seen)) return 'changed';
    const buf = Buffer.alloc(st.size);
    let off = 0;
    for (let n = 1; off < st.size && n > 0; off += n) n = readSync(fd, buf, off, st.size - off, off);
    const after = fstatSync(fd);
    return off === st.size && same(after, st) ? buf : 'changed';
  } finally {
    closeSync(fd);
  }
}

/** Report first: a crash between the two steps leaves the file in the inbox, never a file without its report. */
function reject(s: JobSettings, path: string, f: string, report: string): void {
  const target = uniqueTarget(s.rejected, f);
  writeFileSync(`${target}${REPORT_SUFFIX}`, report + '\n');
  move(path, target);
}

export async function runInbox(
  store: Store,
  s: JobSettings,
  settleMs = 300,
  o: InboxOptions = {},
): Promise<InboxResult> {
  const maxBytes = o.maxBytes ?? MAX_FILE_BYTES;
  mkdirSync(s.inbox, { recursive: true });
  const res: InboxResult = { loaded: 0, duplicate: 0, rejected: 0, waiting: 0, files: [] };
  const prev = sightings.get(resolve(s.inbox)) ?? new Map<string, Sighting>();
  const seen = new Map<string, Sighting>();
  sightings.set(resolve(s.inbox), seen);
  const now = Date.now();
  const entries: { f: string; st: Stats; kind: Kind }[] = [];
  for (const f of readdirSync(s.inbox)) {
    if (IGNORED.test(f)) continue;
    const st = lstatSafe(join(s.inbox, f));
    const kind = st && kindOf(st);
    if (!st || !kind) continue; // gone meanwhile, or a subfolder
    const before = prev.get(f);
    const unchanged = !!before && same(before, st);
    seen.set(f, sighting(st, unchanged ? before.at : now));
    if ((unchanged && now - before.at >= QUIET_MS) || now - st.mtimeMs >= QUIET_MS) entries.push({ f, st, kind });
    else res.waiting++;
  }
  if (entries.length === 0) return res;
  entries.sort((a, b) => a.st.mtimeMs - b.st.mtimeMs || a.f.localeCompare(b.f));
  await sleep(settleMs);
  for (const { f, st, kind } of entries) {
    const path = join(s.inbox, f);
    const cur = lstatSafe(path);
    if (!cur) {
      seen.delete(f);
      continue;
    } // taken away meanwhile
    if (!same(cur, st)) {
      res.waiting++;
      seen.set(f, sighting(cur, Date.now()));
      continue;
    }
    let ingested = false;
    try {
      if (kind !== 'file') throw notRegular(kind);
      if (st.size > maxBytes) throw tooLarge(st.size, maxBytes);
      const bytes = readInboxFile(path, st, maxBytes);
      if (bytes === 'changed') {
        res.waiting++;
        seen.set(f, sighting(lstatSafe(path) ?? st, Date.now()));
        continue;
      }
      const report = await ingestFile(
        store,
        FORMATS,
        { bytes, fileName: f, channel: 'inbox', user: 'inbox' },
        { refuse: refuseIntoDemo(store) },
      );
      ingested = true;
      res.files.push(f);
      if (report.status === 'rejected') {
        res.rejected++;
        reject(s, path, f, formatReport(report));
      } else {
        if (report.status === 'loaded') res.loaded++;
        else res.duplicate++;
        move(path, uniqueTarget(join(s.archive, localDate(new Date(), s.timezone)), f));
      }
      seen.delete(f);
    } catch (e) {
      // After the ingest, the outcome is committed: the file stays and the next run sees a duplicate and archives it.
      if (ingested) {
        console.error(`Папка входящих: файл «${f}» обработан, но не перенесён:`, e);
        continue;
      }
      const detail = (e instanceof Error ? e.message : String(e)).replaceAll(`${s.inbox}${sep}`, ''); // no server paths in the report
      const why =
        e instanceof Refused || e instanceof IngestRefused
          ? e.message
          : `не удалось обработать файл (${detail}); данные из него не загружены. Положите файл в папку ещё раз; если ошибка повторится, сообщите администратору.`;
      try {
        reject(s, path, f, `Файл «${f}»: отклонён: ${why}`);
        res.files.push(f);
        res.rejected++;
        seen.delete(f);
      } catch (e2) {
        console.error(`Папка входящих: файл «${f}» не удалось перенести в папку отклонённых:`, e2);
      }
    }
  }
  return res;
}
