// The inbox job's refusals: files over the size limit, symbolic links and special files are moved to rejected/
// unread with a Russian report, a file whose processing throws is rejected too, and none of them blocks the files
// after it. Real timers with no settle pause; files are dropped with old mtimes, so one run takes them.
import { execFileSync } from 'node:child_process';
import {
  existsSync,
  lstatSync,
  lutimesSync,
  mkdirSync,
  readFileSync,
  renameSync,
  symlinkSync,
  truncateSync,
  utimesSync,
  writeFileSync,
} from 'node:fs';
import { join } from 'node:path';
import { afterAll, afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { JobSettings } from '../../domain/job-settings.js';
import { MAX_FILE_BYTES } from '../../ingest/limits.js';
import { sha256 } from '../../ingest/load.js';
import { localDate } from '../../jobs/dates.js';
import { REPORT_SUFFIX, readInboxFile, runInbox } from '../../jobs/inbox.js';
import { closeStore, type Store } from '../../store/db.js';
import { queryRows } from '../../store/query.js';
import { freshStore, ls, registryCsv, removeTempDirs, settingsIn, tempDir } from './helpers.js';

// The real ingest, except for files named «…сбой…»: for them it throws, as an unexpected internal error would.
vi.mock('../../ingest/load.js', async (importOriginal) => {
  const real = await importOriginal<typeof import('../../ingest/load.js')>();
  return {
    ...real,
    ingestFile: (...args: Parameters<typeof real.ingestFile>) =>
      args[2].fileName.includes('сбой')
        ? Promise.reject(new Error('внутренняя ошибка разбора'))
        : real.ingestFile(...args),
  };
});

let root: string;
let s: JobSettings;
let store: Store;
const OLD = Date.now() / 1000 - 600;

beforeEach(async () => {
  root = tempDir('inbox-guards');
  s = settingsIn(root);
  store = await freshStore(root);
  mkdirSync(s.inbox, { recursive: true });
});
afterEach(async () => {
  await closeStore(store);
});
afterAll(() => removeTempDirs());

/** Writes a file into the inbox with an mtime `i` seconds after OLD (arrival order). */
function put(name: string, content: string | Buffer, i: number): string {
  const path = join(s.inbox, name);
  writeFileSync(path, content);
  utimesSync(path, OLD + i, OLD + i);
  return path;
}
const uploads = () => queryRows(store.conn, 'SELECT status, file_name, sha256 FROM uploads ORDER BY upload_id');
const today = () => join(s.archive, localDate(new Date(), 'Europe/Moscow'));
const report = (name: string) => readFileSync(join(s.rejected, `${name}${REPORT_SUFFIX}`), 'utf8');

describe('inbox job: what it refuses', () => {
  it('a sparse 2.2 GiB file is moved to rejected/ unread with a report (default limit); the valid file after it loads in the same run', async () => {
    const big = 'Выгрузка за десять лет.csv';
    const path = join(s.inbox, big);
    writeFileSync(path, '');
    truncateSync(path, Math.round(2.2 * 1024 ** 3)); // sparse: no disk used, no time spent
    utimesSync(path, OLD, OLD);
    put('Реестр.csv', registryCsv(3).join(''), 1);

    const r = await runInbox(store, s, 0);
    expect(r).toMatchObject({ loaded: 1, rejected: 1, waiting: 0, files: [big, 'Реестр.csv'] });
    expect(ls(s.inbox)).toEqual([]);
    expect(ls(s.rejected)).toEqual([big, `${big}${REPORT_SUFFIX}`]);
    expect(lstatSync(join(s.rejected, big)).size).toBe(Math.round(2.2 * 1024 ** 3));
    const text = report(big);
    expect(text).toMatch(
      /^Файл «Выгрузка за десять лет\.csv»: отклонён: размер файла 2252,8 МБ больше допустимого \(50 МБ\)/,
    );
    expect(text).toContain('Разделите данные на несколько файлов');
    expect(ls(today())).toEqual(['Реестр.csv']);
    expect((await uploads()).map((u) => [u.status, u.file_name])).toEqual([['loaded', 'Реестр.csv']]); // the big one was never read
    expect(MAX_FILE_BYTES).toBe(50 * 1024 * 1024);
  });

  it('the limit is inclusive: a file of exactly the limit loads, one byte more is refused', async () => {
    const csv = registryCsv(5).join('');
    const limit = Buffer.byteLength(csv);
    put('Ровно.csv', csv, 0);
    put('Больше.csv', `${csv}\n`, 1);
    const r = await runInbox(store, s, 0, { maxBytes: limit });
    expect(r).toMatchObject({ loaded: 1, rejected: 1, files: ['Ровно.csv', 'Больше.csv'] });
    expect(ls(today())).toEqual(['Ровно.csv']);
    expect(report('Больше.csv')).toMatch(
      new RegExp(`размер файла ${limit + 1} байта? больше допустимого \\(${limit} байта?\\)`),
    );
  });

  it('a symlink to a CSV outside the inbox (or to /etc/passwd) is not read: the link goes to rejected/ with a report, its target is untouched', async () => {
    const outside = join(root, 'чужая папка', 'Реестр.csv');
    mkdirSync(join(root, 'чужая папка'));
    const csv = registryCsv(4).join('');
    writeFileSync(outside, csv);
    for (const [link, target, i] of [
      ['Реестр по ссылке.csv', outside, 0],
      ['passwd.csv', '/etc/passwd', 1],
    ] as const) {
      symlinkSync(target, join(s.inbox, link));
      lutimesSync(join(s.inbox, link), OLD + i, OLD + i); // an old link: nothing to wait for
    }
    put('Реестр.csv', registryCsv(2, 100).join(''), 2);

    const r = await runInbox(store, s, 0);
    expect(r).toMatchObject({ loaded: 1, rejected: 2, files: ['Реестр по ссылке.csv', 'passwd.csv', 'Реестр.csv'] });
    expect(ls(s.inbox)).toEqual([]);
    expect(ls(s.rejected)).toEqual([
      'passwd.csv',
      `passwd.csv${REPORT_SUFFIX}`,
      'Реестр по ссылке.csv',
      `Реестр по ссылке.csv${REPORT_SUFFIX}`,
    ]);
    // The link itself was moved, not its target.
    expect(lstatSync(join(s.rejected, 'Реестр по ссылке.csv')).isSymbolicLink()).toBe(true);
    expect(readFileSync(outside, 'utf8')).toBe(csv);
    expect(report('Реестр по ссылке.csv')).toMatch(
      /^Файл «Реестр по ссылке\.csv»: отклонён: это символическая ссылка, а не обычный файл; файл не прочитан\. .*скопируйте в папку сам файл/,
    );
    // Only the plain file reached the ledger: nothing of the target nor of /etc/passwd.
    expect((await uploads()).map((u) => [u.status, u.file_name])).toEqual([['loaded', 'Реестр.csv']]);
    expect((await uploads()).some((u) => u.sha256 === sha256(Buffer.from(csv)))).toBe(false);
  });

  it('a FIFO in the inbox is refused without being opened for reading (the run does not hang)', async () => {
    const fifo = join(s.inbox, 'Протокол.csv');
    execFileSync('mkfifo', [fifo]);
    utimesSync(fifo, OLD, OLD);
    put('Реестр.csv', registryCsv(2).join(''), 1);
    const r = await runInbox(store, s, 0);
    expect(r).toMatchObject({ loaded: 1, rejected: 1, files: ['Протокол.csv', 'Реестр.csv'] });
    expect(lstatSync(join(s.rejected, 'Протокол.csv')).isFIFO()).toBe(true);
    expect(report('Протокол.csv')).toContain('это специальный файл (канал, сокет или устройство)');
  });

  it('the open descriptor is checked again: a link, a FIFO or another file put in place after lstat is not read', () => {
    const path = put('Реестр.csv', registryCsv(2).join(''), 0);
    const seen = lstatSync(path);
    expect(readInboxFile(path, seen, MAX_FILE_BYTES)).toEqual(readFileSync(path));

    // Another file renamed over it: a different inode.
    const other = put('другой.csv', registryCsv(2).join(''), 0);
    renameSync(other, path);
    expect(readInboxFile(path, seen, MAX_FILE_BYTES)).toBe('changed');
    // A link put in its place: O_NOFOLLOW refuses to open it.
    const link = join(s.inbox, 'ссылка.csv');
    symlinkSync(path, link);
    expect(() => readInboxFile(link, seen, MAX_FILE_BYTES)).toThrow(/символическая ссылка/);
    // A FIFO: opened without blocking, then refused by fstat.
    const fifo = join(s.inbox, 'канал.csv');
    execFileSync('mkfifo', [fifo]);
    expect(() => readInboxFile(fifo, lstatSync(fifo), MAX_FILE_BYTES)).toThrow(/специальный файл/);
    // Grown past the limit after lstat: refused on the descriptor's size.
    expect(() => readInboxFile(path, lstatSync(path), 10)).toThrow(/больше допустимого/);
  });

  it('a file whose processing throws goes to rejected/ with a report saying so; the files after it still load', async () => {
    put('Реестр сбой.csv', registryCsv(2).join(''), 0);
    put('Реестр.csv', registryCsv(2, 10).join(''), 1);
    const r = await runInbox(store, s, 0);
    expect(r).toMatchObject({ loaded: 1, rejected: 1, files: ['Реестр сбой.csv', 'Реестр.csv'] });
    expect(ls(s.rejected)).toEqual(['Реестр сбой.csv', `Реестр сбой.csv${REPORT_SUFFIX}`]);
    expect(report('Реестр сбой.csv')).toMatch(
      /^Файл «Реестр сбой\.csv»: отклонён: не удалось обработать файл \(внутренняя ошибка разбора\); данные из него не загружены\./,
    );
    expect(ls(today())).toEqual(['Реестр.csv']);
    expect(existsSync(join(s.inbox, 'Реестр сбой.csv'))).toBe(false);
  });
});
