// Backup job: the last N copies are kept; a copy restores into a new file with identical tables.

import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { DuckDBConnection } from '@duckdb/node-api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listBackups, restoreInto, runBackup } from '../../jobs/backup.js';
import { JobRunner } from '../../jobs/runner.js';
import { closeStore, openStore, type Store } from '../../store/db.js';
import { queryRows } from '../../store/query.js';
import { demoStore } from '../helpers/demo-store.js';
import { jobRuns, ls, removeTempDirs, settingsIn, tempDir } from './helpers.js';

let store: Store;
let copyDir = '';
const MSK = 'Europe/Moscow';

/** Row count and an order-independent checksum of every table. */
async function fingerprint(conn: DuckDBConnection): Promise<Record<string, string>> {
  const tables = (
    await queryRows(conn, `SELECT table_name AS t FROM duckdb_tables() WHERE schema_name = 'main' ORDER BY 1`)
  ).map((r) => String(r.t));
  const out: Record<string, string> = {};
  for (const t of tables) {
    const r = (
      await queryRows(conn, `SELECT count(*) AS n, coalesce(sum(hash(x)), 0)::VARCHAR AS h FROM "${t}" x`)
    )[0]!;
    out[t] = `${r.n}:${r.h}`;
  }
  return out;
}

beforeAll(async () => {
  ({ store, dir: copyDir } = await demoStore());
});
afterAll(async () => {
  await closeStore(store);
  removeTempDirs(copyDir);
});

describe('backup job', () => {
  it('keeps the last N copies, named by Moscow time; copies made in the same second do not collide', async () => {
    const root = tempDir('backups');
    mkdirSync(join(root, 'мои документы')); // a foreign folder is never touched
    const at = (iso: string) => runBackup(store, root, 2, new Date(iso), MSK);
    expect((await at('2026-03-01T00:00:00Z')).removed).toBe(0);
    expect((await at('2026-03-02T00:00:00Z')).removed).toBe(0);
    const third = await at('2026-03-03T00:00:00Z');
    expect(third.removed).toBe(1);
    expect(listBackups(root)).toEqual(['orientir-2026-03-02-03-00-00', 'orientir-2026-03-03-03-00-00']);
    const same = await at('2026-03-03T00:00:00Z');
    expect(same.dir).toBe(join(root, 'orientir-2026-03-03-03-00-00-1'));
    // Nothing half-made (the temporary export folder) is left behind.
    expect(ls(root)).toEqual(['orientir-2026-03-03-03-00-00', 'orientir-2026-03-03-03-00-00-1', 'мои документы']);
    await expect(runBackup(store, root, 0, new Date(), MSK)).rejects.toThrow(/не меньше 1/);
  });

  it('a copy restores into a new file with identical table row counts and checksums; sequences go on', async () => {
    const root = tempDir('restore');
    const before = await fingerprint(store.conn);
    const { dir } = await runBackup(store, join(root, 'backups'), 7, new Date('2026-03-05T00:00:00Z'), MSK);
    const target = join(root, 'restored.duckdb');
    await restoreInto(target, dir);

    const restored = await openStore(target);
    try {
      const after = await fingerprint(restored.conn);
      expect(Object.keys(after)).toEqual(Object.keys(before));
      expect(after).toEqual(before);
      expect(Number(before.uploads!.split(':')[0])).toBeGreaterThan(100);
      const views = (c: DuckDBConnection) =>
        queryRows(c, `SELECT view_name FROM duckdb_views() WHERE NOT internal ORDER BY 1`);
      expect(await views(restored.conn)).toEqual(await views(store.conn));
      // Macros that call macros exported later in the alphabet (norm_cdf → norm_sf) are restored too.
      expect(Number((await queryRows(restored.conn, `SELECT norm_cdf(0) AS p`))[0]!.p)).toBeCloseTo(0.5, 6);
      // New ids after a restore must not collide with restored rows.
      const ids = (
        await queryRows(
          restored.conn,
          `SELECT nextval('upload_seq') AS next, (SELECT max(upload_id) FROM uploads) AS max`,
        )
      )[0]!;
      expect(Number(ids.next)).toBeGreaterThan(Number(ids.max));
      // And the restored store works: the marts read through the same SQL.
      expect((await queryRows(restored.conn, `SELECT count(*) AS n FROM stg_pupil_results`))[0]).toEqual(
        (await queryRows(store.conn, `SELECT count(*) AS n FROM stg_pupil_results`))[0],
      );
    } finally {
      await closeStore(restored);
    }
  });

  it('restore refuses an existing file and a folder that is not a backup, leaving nothing behind', async () => {
    const root = tempDir('restore-bad');
    const existing = join(root, 'exists.duckdb');
    writeFileSync(existing, '');
    await expect(restoreInto(existing, root)).rejects.toThrow(/уже существует/);
    await expect(restoreInto(join(root, 'new.duckdb'), root)).rejects.toThrow(/нет резервной копии/);
    mkdirSync(join(root, 'broken'));
    writeFileSync(join(root, 'broken', 'schema.sql'), 'CREATE TABLE t (a INTEGER);');
    writeFileSync(
      join(root, 'broken', 'load.sql'),
      `COPY t FROM '${join(root, 'broken', 'нет.parquet')}' (FORMAT parquet);`,
    );
    await expect(restoreInto(join(root, 'half.duckdb'), join(root, 'broken'))).rejects.toThrow();
    expect(existsSync(join(root, 'half.duckdb'))).toBe(false);
  });

  it('runs as a job into the configured backups folder', async () => {
    const s = settingsIn(tempDir('backup-job'), { ORIENTIR_KEEP_BACKUPS: '1' });
    const runner = new JobRunner(store, s);
    expect(await runner.run('backup', 'тест')).toMatchObject({ ok: true });
    expect(await runner.run('backup', 'тест')).toMatchObject({ ok: true, counts: { removed: 1 } });
    await runner.close();
    expect(listBackups(s.backups)).toHaveLength(1);
    expect((await jobRuns(store, 'backup')).map((r) => r.outcome)).toEqual(['ok', 'ok']);
  });
});
