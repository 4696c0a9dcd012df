// A second municipality in a copy of the demo store: copies of the demo schools with an even code, with their results
// and journals under new codes ('B' + code) — a different set of schools, so percentiles pooled over both
// municipalities differ from either municipality's own. Rows are written with their resolved school code, as ingest
// writes them.
import type { Store } from '../../store/db.js';

export const FIRST = 'Энский муниципальный район';
export const SECOND = 'Второй муниципальный район';

export async function addSecondMunicipality(store: Store): Promise<void> {
  const c = store.conn;
  await c.run(`INSERT INTO schools SELECT * REPLACE ('B' || school_code AS school_code, 'Б ' || name AS name, 'Б ' || short_name AS short_name,
    NULL AS fisoko_login, NULL AS fisoko_login_old, NULL AS rcoi_code, '${SECOND}' AS municipality) FROM schools WHERE right(school_code, 1) IN ('0', '2', '4', '6', '8')`);
  for (const t of ['pupil_results', 'journal_marks', 'aggregate_results'])
    await c.run(`INSERT INTO ${t} SELECT * REPLACE ('B' || school_code AS school_code, 'B' || school_ref AS school_ref) FROM ${t}
      WHERE 'B' || school_code IN (SELECT school_code FROM schools)`);
}
