// A corrected journal export replaces the slices of the same registry school however the file spells the school
// (ingest/sql/replace_slices.sql compares the school code resolved at write). The demo loads the «Ведомость» of
// Гимназия № 1 (МАОУ «Гимназия № 1») and later the «Табель» of its class 8А under the school's full legal name:
// every subject and period of the class the «Табель» covers comes from it only, never twice.
import { rmSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closeStore, type Store } from '../../store/db.js';
import { queryRows } from '../../store/query.js';
import { demoStore } from '../helpers/demo-store.js';

let store: Store,
  dir = '';
beforeAll(async () => {
  ({ store, dir } = await demoStore());
});
afterAll(async () => {
  await closeStore(store);
  rmSync(dir, { recursive: true, force: true });
});

describe('a journal export of the same school under another name', () => {
  it('replaces the slices of the earlier file instead of adding them again', async () => {
    const bySubject = await queryRows(
      store.conn,
      `SELECT u.file_name, list(DISTINCT j.subject ORDER BY j.subject) AS subjects, any_value(u.rows_replaced) AS replaced
      FROM journal_marks j JOIN uploads u USING (upload_id)
      WHERE j.school_code = '1001' AND j.school_year = '2025/26' AND j.class_name = '8А' GROUP BY ALL ORDER BY 1`,
    );
    expect(bySubject.map((r) => String(r.file_name).split(' ')[0])).toEqual(['Ведомость', 'Табель']);
    // The «Ведомость» keeps only the subject the «Табель» does not cover (it splits mathematics into two).
    expect(bySubject[0]!.subjects).toEqual(['Математика']);
    expect(Number(bySubject[1]!.replaced)).toBeGreaterThan(0);
    const [names] = await queryRows(
      store.conn,
      `SELECT count(DISTINCT school_ref) AS n FROM journal_marks
      WHERE school_code = '1001' AND school_year = '2025/26'`,
    );
    expect(Number(names!.n)).toBe(2); // both spellings are stored: the other classes still come from the «Ведомость»
    const [dup] = await queryRows(
      store.conn,
      `SELECT count(*) AS n FROM (SELECT school_code, school_year, class_name, subject,
      period_kind, period_no, pupil_key FROM journal_marks WHERE school_code = '1001' AND school_year = '2025/26'
      GROUP BY ALL HAVING count(DISTINCT upload_id) > 1)`,
    );
    expect(Number(dup!.n)).toBe(0);
  });
});
