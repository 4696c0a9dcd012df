// A two-school fixture written straight into the source tables, small enough to compute every mart value by hand.
import type { Store } from '../../store/db.js';
import { resolveSchools } from '../../store/school-identity.js';

const V_A = [5, 5, 4, 4, 4, 4, 3, 3, 3, 3, 2, 2]; // ВПР marks of school A, Математика 5 кл., 2023/24
const J_A = [5, 5, 5, 4, 4, 4, 4, 4, 3, 3, 3, 3]; // their journal marks
const OGE_A = [6, 7, 8, 8, 8, 8, 8, 8, 9, 9]; // ОГЭ Математика primary scores (max 31), cut «3» = 8
const OGE_B = [...Array(5).fill(6), ...Array(5).fill(7), ...Array(5).fill(8), ...Array(5).fill(9)];

export async function loadHandFixture(store: Store): Promise<void> {
  const c = store.conn;
  await c.run(`INSERT INTO schools (school_code, name, short_name, municipality, school_type, settlement_type) VALUES
    ('A', 'МБОУ «СОШ А»', 'СОШ А', 'Тестовый район', 'СОШ', 'город'), ('B', 'МБОУ «СОШ Б»', 'СОШ Б', 'Тестовый район', 'СОШ', 'село')`);
  await c.run(`INSERT INTO school_ids VALUES ('a', 'registry', 'A'), ('b', 'registry', 'B')`);
  await c.run(`INSERT INTO works (upload_id, work_no, assessment, school_year, subject, kim_grade, grade, exam_date, max_score, task_labels, task_max) VALUES
    (1, 0, 'ВПР', '2023/24', 'Математика', 5, 5, NULL, 20, [], []),
    (1, 1, 'ОГЭ', '2023/24', 'Математика', 9, 9, '2024-06-07', 31, [], [])`);
  let row = 0;
  const ins = async (work: number, school: string, primary: number, mark: number, journal: number | null) =>
    c.run(
      `INSERT INTO pupil_results (upload_id, work_no, row_no, school_ref, participant_code, status, primary_score, mark, journal_mark, task_scores)
           VALUES (1, $w, $r, $s, $code, 'present', $p, $m, $j, [])`,
      { w: work, r: ++row, s: school, code: `P${row}`, p: primary, m: mark, j: journal },
    );
  for (let i = 0; i < V_A.length; i++) await ins(0, 'A', 10, V_A[i]!, J_A[i]!);
  for (let i = 0; i < 12; i++) await ins(0, 'B', 8, 3, null);
  for (const s of OGE_A) await ins(1, 'A', s, s < 8 ? 2 : 3, null);
  for (const s of OGE_B) await ins(1, 'B', s, s < 8 ? 2 : 3, null);
  await resolveSchools(c); // written directly, resolved as ingest would
}
