// One «data changed» event per committed load, whatever the channel: the server root answers it with a rebuild
// (jobs/runner.ts rebuildOnDataChange). A duplicate or a rejected file changes nothing and says nothing.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FORMATS } from '../../ingest/formats/index.js';
import { ingestFile } from '../../ingest/load.js';
import { closeStore, openStore, type Store } from '../../store/db.js';
import { type DataChange, dataVersion, onDataChanged } from '../../store/version.js';
import { samplePath } from '../helpers/parse.js';

let dir: string, store: Store;
beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'orientir-change-'));
  store = await openStore(join(dir, 'store.duckdb'));
});
afterAll(async () => {
  await closeStore(store);
  rmSync(dir, { recursive: true, force: true });
});

describe('data change events', () => {
  it('a loaded file is one event with its channel; a duplicate or a rejected one is none', async () => {
    const seen: DataChange[] = [];
    const off = onDataChanged(store, (c) => seen.push(c));
    const bytes = readFileSync(samplePath('fisoko_school_logins_altai_sch22xxxx.xlsx'));
    const v0 = dataVersion(store);
    const load = (channel: 'web' | 'inbox' | 'cli', b: Buffer, fileName: string) =>
      ingestFile(store, FORMATS, { bytes: b, fileName, channel, user: 'тест' });
    expect((await load('inbox', bytes, 'логины.xlsx')).status).toBe('loaded');
    expect(seen).toEqual(['inbox']);
    expect(dataVersion(store)).toBe(v0 + 1);
    expect((await load('cli', bytes, 'логины-повтор.xlsx')).status).toBe('duplicate');
    expect((await load('web', Buffer.from('не книга\n'.repeat(5)), 'мусор.xlsx')).status).toBe('rejected');
    expect(seen).toEqual(['inbox']);
    // A listener that throws fails neither the load nor the other listeners.
    const off2 = onDataChanged(store, () => {
      throw new Error('сломанный подписчик');
    });
    const gia = readFileSync(samplePath('moscow_gia9_oge_2015_by_exam__data.xlsx'));
    expect((await load('web', gia, 'гиа.xlsx')).status).toBe('loaded');
    expect(seen).toEqual(['inbox', 'web']);
    off2();
    off();
    const ege = readFileSync(samplePath('moscow_ege_by_school_2015-2016__data-9722-2016-10-31.csv'));
    expect((await load('cli', ege, 'егэ.csv')).status).toBe('loaded');
    expect(seen).toEqual(['inbox', 'web']); // unsubscribed
  });
});
