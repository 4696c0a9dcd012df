// School identity is stored with the source rows: resolved within the namespace of the file's system when rows are
// written, re-resolved for every upload when the registry changes, and filled in for rows of a store that predates it.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { closeStore, openStore, type Store } from '../../store/db.js';
import { queryRows } from '../../store/query.js';
import { resolveSchools } from '../../store/school-identity.js';

const RESOLVED = [
  'pupil_results',
  'journal_marks',
  'aggregate_results',
  'program_targets',
  'programmes',
  'programme_indicators',
  'reported_values',
  'roadmap_measures',
];

/** Registry school 1015 (login sch221015), and one upload per family whose rows all say «1015» or the login. */
async function world(s: Store): Promise<void> {
  const c = s.conn;
  await c.run(`INSERT INTO schools (school_code, name, fisoko_login) VALUES ('1015', 'МБОУ СОШ № 15', 'sch221015')`);
  await c.run(
    `INSERT INTO school_ids VALUES ('1015', 'registry', '1015'), ('sch221015', 'fisoko_login', '1015'), ('мбоу сош № 15', 'name', '1015')`,
  );
  for (const [id, format] of [
    [1, 'fisoko-vpr-2021'],
    [2, 'moscow-ege-by-school'],
    [3, 'journal-tabel'],
    [4, 'rcoi-oge'],
  ] as const)
    await c.run(
      `INSERT INTO uploads (upload_id, received_at, channel, file_name, sha256, size_bytes, format, status)
      VALUES ($id, current_timestamp, 'cli', 'f' || $id, 'x' || $id, 1, $f, 'loaded')`,
      { id, f: format },
    );
  await c.run(
    `INSERT INTO works (upload_id, work_no, assessment, school_year, subject) VALUES (1, 0, 'ВПР', '2020/21', 'География'), (4, 0, 'ОГЭ', '2023/24', 'Математика')`,
  );
  await c.run(`INSERT INTO pupil_results (upload_id, work_no, school_ref, participant_code, status) VALUES
    (1, 0, 'SCH221015', 'a', 'present'), (1, 0, 'sch229999', 'b', 'present'), (4, 0, '1015', 'c', 'present')`);
  await c.run(
    `INSERT INTO aggregate_results (upload_id, level, school_ref, assessment, school_year, subject) VALUES (2, 'school', '1015', 'ЕГЭ', '2015/16', 'Химия')`,
  );
  await c.run(
    `INSERT INTO journal_marks (upload_id, school_ref, school_year, pupil_key, subject, period_kind) VALUES (3, '1015', '2024/25', 'k', 'Физика', 'год')`,
  );
  await c.run(
    `INSERT INTO roadmap_measures (measure_id, school_ref, title, status) VALUES ('m', '1015', 'Мероприятие', 'planned')`,
  );
}

const codes = async (s: Store) =>
  queryRows(
    s.conn,
    `
  SELECT upload_id, school_ref, school_code FROM pupil_results UNION ALL SELECT upload_id, school_ref, school_code FROM aggregate_results
  UNION ALL SELECT upload_id, school_ref, school_code FROM journal_marks UNION ALL SELECT upload_id, school_ref, school_code FROM roadmap_measures
  ORDER BY upload_id NULLS FIRST, school_ref`,
  );

const EXPECTED = [
  { upload_id: null, school_ref: '1015', school_code: '1015' }, // a measure added in the dashboard: the committee's own form
  { upload_id: 1, school_ref: 'SCH221015', school_code: '1015' }, // ФИС ОКО login, any case
  { upload_id: 1, school_ref: 'sch229999', school_code: null }, // another school of the region
  { upload_id: 2, school_ref: '1015', school_code: null }, // an open-data id equal to a registry code is not that school
  { upload_id: 3, school_ref: '1015', school_code: '1015' }, // a journal names the school by its registry code
  { upload_id: 4, school_ref: '1015', school_code: null }, // a РЦОИ code is not a registry code
];

describe('school identity stored with the rows', () => {
  it('resolves each row within its family; a registry change re-resolves every upload', async () => {
    const s = await openStore(':memory:');
    await world(s);
    expect((await codes(s)).every((r) => r.school_code === null)).toBe(true);
    await resolveSchools(s.conn, 1);
    expect((await codes(s)).filter((r) => r.school_code !== null)).toEqual([
      { upload_id: 1, school_ref: 'SCH221015', school_code: '1015' },
    ]);
    await resolveSchools(s.conn);
    expect(await codes(s)).toEqual(EXPECTED);
    // The school leaves the registry: its rows are no longer attached to it.
    await s.conn.run(`DELETE FROM school_ids`);
    await resolveSchools(s.conn);
    expect((await codes(s)).every((r) => r.school_code === null)).toBe(true);
    await closeStore(s);
  });

  it('a store written before identity was stored gets its rows resolved when it is opened', async () => {
    const path = join(mkdtempSync(join(tmpdir(), 'orientir-ids-')), 'store.duckdb');
    const s1 = await openStore(path);
    for (const t of RESOLVED) await s1.conn.run(`ALTER TABLE ${t} DROP COLUMN school_code`);
    await s1.conn.run('DELETE FROM schema_migrations WHERE version = 8');
    await world(s1);
    await closeStore(s1);
    const s2 = await openStore(path);
    expect(await codes(s2)).toEqual(EXPECTED);
    await closeStore(s2);
  });
});
