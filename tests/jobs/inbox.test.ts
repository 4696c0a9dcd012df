// The inbox job with fake timers (the settle pause, the clock between runs) and a temp inbox on a fresh store.
// Refusals (size, links, special files, errors) are in inbox-guards.test.ts.
import { appendFileSync, existsSync, mkdirSync, readFileSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { JobSettings } from '../../domain/job-settings.js';
import { FORMATS } from '../../ingest/formats/index.js';
import { ingestFile, sha256 } from '../../ingest/load.js';
import { localDate } from '../../jobs/dates.js';
import { type InboxResult, REPORT_SUFFIX, runInbox } from '../../jobs/inbox.js';
import { closeStore, type Store } from '../../store/db.js';
import { queryRows } from '../../store/query.js';
import { demoFiles } from '../helpers/demo-store.js';
import { drop, freshStore, ls, registryCsv, removeTempDirs, settingsIn, tempDir } from './helpers.js';

const VPR = 'Проведение работы по химии, 8 класс. ВПР 2023.xlsx';
const JOURNAL = 'Ведомость Михайловская ООШ 2021-22.xlsx';
const SCALES = 'vpr_scales_demo.csv';
const REGISTRY = 'Реестр ОО.xlsx';
const demo = (name: string) => join(demoFiles(), name);

let root: string;
let s: JobSettings;
let store: Store;

/** One inbox run: the settle pause is a fake timer, the ingest itself is real. */
async function tick(settleMs = 300): Promise<InboxResult> {
  const p = runInbox(store, s, settleMs);
  await vi.advanceTimersByTimeAsync(settleMs);
  return p;
}

const ledger = (sha: string) =>
  queryRows(store.conn, `SELECT status, channel, file_name FROM uploads WHERE sha256 = $s ORDER BY upload_id`, {
    s: sha,
  });

beforeEach(async () => {
  root = tempDir('inbox');
  s = settingsIn(root);
  store = await freshStore(root);
  mkdirSync(s.inbox, { recursive: true });
  vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] });
});
afterEach(async () => {
  vi.useRealTimers();
  await closeStore(store);
});

async function preloadScales(): Promise<void> {
  const r = await ingestFile(store, FORMATS, { bytes: readFileSync(demo(SCALES)), fileName: SCALES, channel: 'cli' });
  expect(r.status).toBe('loaded');
}

afterAll(() => removeTempDirs());

describe('inbox job', () => {
  it('files that appear are ingested: accepted → archive/YYYY-MM-DD/, rejected → rejected/ with the Russian report beside', async () => {
    const bad = join(root, 'Непонятная таблица.csv');
    writeFileSync(bad, 'Колонка;Другая\n1;2\n3;4\n');
    // Arrival order = mtime order: the registry and the ВПР scales come first, so the ВПР file can use them.
    drop([demo(REGISTRY), demo(SCALES), demo(VPR), demo(JOURNAL), bad], s.inbox);

    const r = await tick();
    expect(r).toMatchObject({
      loaded: 4,
      duplicate: 0,
      rejected: 1,
      waiting: 0,
      files: [REGISTRY, SCALES, VPR, JOURNAL, 'Непонятная таблица.csv'],
    });
    expect(ls(s.inbox)).toEqual([]);
    const day = join(s.archive, localDate(new Date(), 'Europe/Moscow'));
    expect(ls(day)).toEqual([REGISTRY, SCALES, VPR, JOURNAL].sort());
    expect(ls(s.rejected)).toEqual(['Непонятная таблица.csv', `Непонятная таблица.csv${REPORT_SUFFIX}`]);
    const report = readFileSync(join(s.rejected, `Непонятная таблица.csv${REPORT_SUFFIX}`), 'utf8');
    expect(report).toMatch(/^Файл «Непонятная таблица\.csv»: отклонён: /);
    expect(report).toMatch(/формат (файла )?не распознан/i);

    const rows = await ledger(sha256(readFileSync(join(day, VPR))));
    expect(rows).toEqual([{ status: 'loaded', channel: 'inbox', file_name: VPR }]);
    expect((await queryRows(store.conn, `SELECT count(*) AS n FROM pupil_results`))[0]!.n).toBeGreaterThan(0);
    expect((await queryRows(store.conn, `SELECT count(*) AS n FROM journal_marks`))[0]!.n).toBeGreaterThan(0);
  });

  it('a real file the store cannot take yet (no ВПР scale) is rejected with the reason; dropped again after the scale, it loads', async () => {
    drop([demo(VPR)], s.inbox);
    expect(await tick()).toMatchObject({ loaded: 0, rejected: 1 });
    const report = readFileSync(join(s.rejected, `${VPR}${REPORT_SUFFIX}`), 'utf8');
    expect(report).toContain('Нет шкалы перевода первичных баллов в отметки для ВПР «Химия», 8 класс');
    expect(ls(s.rejected)).toEqual([VPR, `${VPR}${REPORT_SUFFIX}`]);

    drop([demo(SCALES), join(s.rejected, VPR)], s.inbox);
    expect(await tick()).toMatchObject({ loaded: 2, rejected: 0, files: [SCALES, VPR] });
    expect((await ledger(sha256(readFileSync(demo(VPR))))).map((r) => r.status)).toEqual(['rejected', 'loaded']);
  });

  it('the same file dropped twice loads once: the second copy is a duplicate and is archived too', async () => {
    await preloadScales();
    const sha = sha256(readFileSync(demo(VPR)));
    drop([demo(VPR)], s.inbox);
    expect(await tick()).toMatchObject({ loaded: 1, duplicate: 0 });
    const pupils = (await queryRows(store.conn, `SELECT count(*) AS n FROM pupil_results`))[0]!.n;

    drop([demo(VPR)], s.inbox);
    expect(await tick()).toMatchObject({ loaded: 0, duplicate: 1, rejected: 0 });
    expect(ls(s.inbox)).toEqual([]);
    const day = join(s.archive, localDate(new Date(), 'Europe/Moscow'));
    expect(ls(day)).toEqual([VPR, VPR.replace(/\.xlsx$/, '-1.xlsx')].sort());
    expect((await ledger(sha)).map((r) => r.status)).toEqual(['loaded', 'duplicate']);
    expect((await queryRows(store.conn, `SELECT count(*) AS n FROM pupil_results`))[0]!.n).toBe(pupils);

    // Same bytes under another name, in one run with a new file: still one load.
    const renamed = join(root, 'ВПР химия 8 копия.xlsx');
    writeFileSync(renamed, readFileSync(demo(VPR)));
    drop([renamed, demo(JOURNAL)], s.inbox);
    expect(await tick()).toMatchObject({ loaded: 1, duplicate: 1 });
    expect((await ledger(sha)).filter((r) => r.status === 'loaded')).toHaveLength(1);
  });

  it('a file still being written (size changes during the pause) is left for the next run', async () => {
    await preloadScales();
    const bytes = readFileSync(demo(VPR));
    const half = Math.floor(bytes.length / 2);
    mkdirSync(join(root, 'copying'));
    writeFileSync(join(root, 'copying', VPR), bytes.subarray(0, half));
    drop([join(root, 'copying', VPR), demo(JOURNAL)], s.inbox);

    const p = runInbox(store, s, 300);
    appendFileSync(join(s.inbox, VPR), bytes.subarray(half)); // the copy goes on during the pause
    await vi.advanceTimersByTimeAsync(300);
    expect(await p).toMatchObject({ loaded: 1, waiting: 1, rejected: 0, files: [JOURNAL] });
    expect(ls(s.inbox)).toEqual([VPR]);

    // A minute later the copy is complete and quiet: now it is taken (and it is the whole ВПР file).
    vi.setSystemTime(Date.now() + 60_000);
    expect(await tick()).toMatchObject({ loaded: 1, waiting: 0, files: [VPR] });
    expect(ls(s.inbox)).toEqual([]);
    expect((await ledger(sha256(bytes))).map((r) => r.status)).toEqual(['loaded']);
  });

  it('a file modified just now is not taken even if its size did not change during the pause; a run a minute later that sees it unchanged takes it', async () => {
    writeFileSync(join(s.inbox, 'fresh.csv'), 'a;b\n'); // mtime = now (real), fake clock ≈ now
    vi.setSystemTime(Date.now() - 5_000);
    expect(await tick()).toMatchObject({ waiting: 1, files: [] });
    expect(existsSync(join(s.inbox, 'fresh.csv'))).toBe(true);

    // Half a minute on, by its mtime it is still fresh and the first sighting is too recent.
    vi.setSystemTime(Date.now() + 30_000);
    expect(await tick()).toMatchObject({ waiting: 1, files: [] });
    // A minute after the first sighting, unchanged: taken (its mtime alone, 55 s old, would not do).
    vi.setSystemTime(Date.now() + 30_000);
    expect(await tick()).toMatchObject({ waiting: 0, rejected: 1, files: ['fresh.csv'] });
    expect(ls(s.inbox)).toEqual([]);
  });

  it('a CSV half-written when the job runs (100 of 200 rows) is not loaded; once the writer has finished, a later run loads it whole', async () => {
    const name = 'Реестр новых ОО.csv';
    const path = join(s.inbox, name);
    const lines = registryCsv(200);
    const count = async (sql: string) => Number((await queryRows(store.conn, sql))[0]!.n);
    writeFileSync(path, lines.slice(0, 101).join(''));
    // The writer has paused for 10 s — longer than the settle pause, so its size does not change during the run.
    const paused = (Date.now() - 10_000) / 1000;
    utimesSync(path, paused, paused);
    expect(await tick()).toMatchObject({ loaded: 0, rejected: 0, waiting: 1, files: [] });
    expect(ls(s.inbox)).toEqual([name]);
    expect(await count('SELECT count(*) AS n FROM uploads')).toBe(0);

    // The writer finishes; the next run comes at once (a manual start): the file has just changed, it waits.
    appendFileSync(path, lines.slice(101).join(''));
    const done = Date.now() / 1000;
    utimesSync(path, done, done);
    vi.setSystemTime(Date.now() + 1_000);
    expect(await tick()).toMatchObject({ loaded: 0, waiting: 1, files: [] });

    // The next scheduled run, five minutes on: taken, all 200 rows.
    vi.setSystemTime(Date.now() + 5 * 60_000);
    expect(await tick()).toMatchObject({ loaded: 1, rejected: 0, waiting: 0, files: [name] });
    expect(ls(s.inbox)).toEqual([]);
    const whole = Buffer.from(lines.join(''));
    const rows = await queryRows(
      store.conn,
      'SELECT status, channel, sha256, rows_loaded FROM uploads ORDER BY upload_id',
    );
    expect(rows).toEqual([{ status: 'loaded', channel: 'inbox', sha256: sha256(whole), rows_loaded: 200 }]);
    expect(await count('SELECT count(*) AS n FROM schools')).toBe(200);
    expect(readFileSync(join(s.archive, localDate(new Date(), 'Europe/Moscow'), name))).toEqual(whole);
  });

  it('leaves hidden files, Office lock files and partial downloads alone; an empty inbox does nothing', async () => {
    for (const f of ['.DS_Store', '~$Ведомость.xlsx', 'Протокол.xlsx.crdownload', 'copy.part'])
      writeFileSync(join(s.inbox, f), 'x');
    const r = await tick();
    expect(r).toEqual({ loaded: 0, duplicate: 0, rejected: 0, waiting: 0, files: [] });
    expect(ls(s.inbox)).toHaveLength(4);
    expect(ls(s.archive)).toEqual([]);
  });
});
