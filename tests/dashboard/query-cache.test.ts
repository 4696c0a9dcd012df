// The per-data-version cache of dashboard queries: marked files are answered from memory until an ingest or a build
// commits; unmarked files (ledger, jobs) always read the store.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cacheReads, isCached, query } from '../../dashboard/data/sql.js';
import { closeStore, openStore, type Store } from '../../store/db.js';
import { bumpDataVersion } from '../../store/version.js';

let dir: string;
let store: Store;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'orientir-qcache-'));
  store = await openStore(join(dir, 'store.duckdb'));
  await store.conn.run(
    `CREATE TABLE cfg_params (key VARCHAR PRIMARY KEY, value DOUBLE NOT NULL, status VARCHAR, title VARCHAR, text VARCHAR)`,
  );
  await store.conn.run(`INSERT INTO cfg_params VALUES ('min_n', 10, 'R', 'Минимальная численность', '')`);
});

afterAll(async () => {
  await closeStore(store);
  rmSync(dir, { recursive: true, force: true });
});

describe('dashboard query cache', () => {
  it('answers a marked query from the cache until the data version changes', async () => {
    expect(isCached('cfg-params')).toBe(true);
    const reader = await store.instance.connect();
    cacheReads(reader, store);
    const first = await query(reader, 'cfg-params');
    expect(first.map((r) => r.value)).toEqual([10]);
    // A write that did not go through ingest/build (no version bump) is not seen: the answer comes from memory.
    await store.conn.run(`UPDATE cfg_params SET value = 12 WHERE key = 'min_n'`);
    expect((await query(reader, 'cfg-params')).map((r) => r.value)).toEqual([10]);
    bumpDataVersion(store);
    expect((await query(reader, 'cfg-params')).map((r) => r.value)).toEqual([12]);
    reader.closeSync();
  });

  it('hands out copies: a caller changing its rows does not change the next answer', async () => {
    const reader = await store.instance.connect();
    cacheReads(reader, store);
    const a = await query(reader, 'cfg-params');
    a[0]!.value = -1;
    expect((await query(reader, 'cfg-params'))[0]!.value).not.toBe(-1);
    reader.closeSync();
  });

  it('never caches unmarked queries (the uploads ledger reads the store every time)', async () => {
    expect(isCached('jobs-runs')).toBe(false);
    const reader = await store.instance.connect();
    cacheReads(reader, store);
    const before = (await query(reader, 'jobs-runs', { limit: 100 })).length;
    await store.conn.run(
      `INSERT INTO job_runs (run_id, job, trigger, started_at, outcome) VALUES (991, 'inbox', 'manual', current_timestamp, 'ok')`,
    );
    expect((await query(reader, 'jobs-runs', { limit: 100 })).length).toBe(before + 1);
    reader.closeSync();
  });

  it('does not cache without cacheReads (other connections read the store every time)', async () => {
    const reader = await store.instance.connect();
    const v = (await query(reader, 'cfg-params'))[0]!.value;
    await store.conn.run(`UPDATE cfg_params SET value = value + 1 WHERE key = 'min_n'`);
    expect((await query(reader, 'cfg-params'))[0]!.value).toBe(Number(v) + 1);
    reader.closeSync();
  });
});
