// Freshness job on the demo municipality plus schools that sent nothing.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { currentSchoolYear, runFreshness } from '../../jobs/freshness.js';
import { JobRunner } from '../../jobs/runner.js';
import { closeStore, type Store } from '../../store/db.js';
import { queryRows } from '../../store/query.js';
import { demoStore } from '../helpers/demo-store.js';
import { removeTempDirs, settingsIn, tempDir } from './helpers.js';

let store: Store;
let copyDir = '';
const s = settingsIn(tempDir('fresh'));

const missing = async (code: string) =>
  (await queryRows(store.conn, 'SELECT item FROM freshness WHERE school_code = $c ORDER BY item', { c: code })).map(
    (r) => r.item,
  );

beforeAll(async () => {
  ({ store, dir: copyDir } = await demoStore());
  // Registered, but no file from them has ever arrived.
  await store.conn.run(
    `INSERT INTO schools (school_code, name, short_name, school_type) VALUES ('9001', 'МБОУ «Новая СОШ»', 'Новая СОШ', 'СОШ'), ('9002', 'МБОУ «Новая ООШ»', 'Новая ООШ', 'ООШ')`,
  );
});
afterAll(async () => {
  await closeStore(store);
  removeTempDirs(copyDir);
});

describe('freshness job', () => {
  it('after the summer every calendar item of the finished year is listed as missing for a school with no data', async () => {
    const r = await runFreshness(store, s, new Date('2026-09-15T09:00:00Z'));
    expect(r.schoolYear).toBe('2025/26');
    expect(await missing('9001')).toEqual(['ВПР', 'Годовые отметки', 'ЕГЭ', 'ОГЭ']);
    expect(await missing('9002')).toEqual(['ВПР', 'Годовые отметки', 'ОГЭ']); // no grade 11 in an ООШ
    // A demo school that sent its ВПР, ОГЭ, ЕГЭ files is not listed for them.
    expect(await missing('1001')).not.toContain('ВПР');
    const rows = await queryRows(store.conn, 'SELECT count(*) AS n, count(DISTINCT school_year) AS y FROM freshness');
    expect(rows[0]).toEqual({ n: r.missing, y: 1 });
  });

  it('only items whose due date has passed, by the Moscow calendar day', async () => {
    // 23:30 on 9 June in Moscow: nothing is due yet (ВПР is due on 10 June); the previous list is replaced.
    expect((await runFreshness(store, s, new Date('2026-06-09T20:30:00Z'))).missing).toBe(0);
    expect(await missing('9001')).toEqual([]);
    // 00:30 on 10 June in Moscow (still 9 June in UTC): ВПР is due.
    await runFreshness(store, s, new Date('2026-06-09T21:30:00Z'));
    expect(await missing('9001')).toEqual(['ВПР']);
    await runFreshness(store, s, new Date('2026-07-01T09:00:00Z'));
    expect(await missing('9001')).toEqual(['ВПР', 'Годовые отметки']);
  });

  it('the school year turns with the Moscow new year', () => {
    expect(currentSchoolYear(new Date('2025-12-31T20:59:00Z'), 'Europe/Moscow')).toBe('2024/25');
    expect(currentSchoolYear(new Date('2025-12-31T21:01:00Z'), 'Europe/Moscow')).toBe('2025/26');
  });

  it('runs as a job and reports the count in Russian', async () => {
    const runner = new JobRunner(store, s);
    const r = await runner.run('freshness', 'тест');
    await runner.close();
    expect(r.ok).toBe(true);
    expect(r.message).toMatch(/^Полнота данных за \d{4}\/\d{2}: не получено ожидаемых файлов — \d+\.$/);
  });
});
