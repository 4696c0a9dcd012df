// A generated municipality for the ВПР-vs-journal rule (F2), written straight into the source tables: pupils of
// schools of different levels write two ВПР works a year; the journal mark is a second noisy measure of the same
// ability, and — as in real journals — a «2» is rarely given. Nothing is planted unless `inflated` names schools,
// whose journals then add a mark to a share of their pupils. Ability and inflation are independent.
import { appendRows } from '../../store/append.js';
import type { Store } from '../../store/db.js';
import { chance, clamp, normal, randInt, rngFor, type Rng } from '../../demo/rng.js';

export const YEARS = ['2023/24', '2024/25'];
export const WORKS = [['Математика', 5], ['Русский язык', 5]] as const;

export interface WorldOptions { seed: number; schools: number; inflated?: number; inflationShare?: number }

const vprMark = (x: number) => (x < -1.3 ? 2 : x < 0 ? 3 : x < 1 ? 4 : 5);
/** A would-be «2» in the journal stays «2» only 30% of the time. */
const journalMark = (r: Rng, y: number) => (y < -1.3 ? (chance(r, 0.3) ? 2 : 3) : y < 0 ? 3 : y < 1 ? 4 : 5);

/** Writes the world; returns the codes of the inflated schools. */
export async function writeWorld(store: Store, o: WorldOptions): Promise<string[]> {
  const r = rngFor(o.seed, 'objectivity-world');
  const codes = Array.from({ length: o.schools }, (_, i) => `S${String(i + 1).padStart(3, '0')}`);
  const level = codes.map(() => 0.6 * normal(r));
  // Inflated schools are drawn at random: inflation is independent of level.
  const inflated = new Set([...codes].sort(() => r() - 0.5).slice(0, o.inflated ?? 0));
  const c = store.conn;
  for (const code of codes) {
    await c.run(`INSERT INTO schools (school_code, name, short_name, municipality, school_type, settlement_type) VALUES ($c, $n, $n, 'Район', 'СОШ', 'город')`, { c: code, n: `СОШ ${code}` });
    await c.run(`INSERT INTO school_ids VALUES ($k, 'registry', $c)`, { k: code.toLowerCase(), c: code });
  }
  const pupils: unknown[][] = [];
  let workNo = 0, row = 0;
  for (const year of YEARS) {
    for (const [subject, grade] of WORKS) {
      await c.run(`INSERT INTO works (upload_id, work_no, assessment, school_year, subject, kim_grade, grade, max_score, task_labels, task_max)
        VALUES (1, $w, 'ВПР', $y, $s, $g, $g, 20, [], [])`, { w: workNo, y: year, s: subject, g: grade });
      for (const [s, code] of codes.entries()) {
        const n = randInt(r, 25, 80);
        for (let p = 0; p < n; p++) {
          const theta = level[s]! + normal(r);
          const v = vprMark(theta + 0.6 * normal(r));
          let j = journalMark(r, theta + 0.6 * normal(r) + 0.2);
          if (inflated.has(code) && chance(r, o.inflationShare ?? 0.5)) j = clamp(j + 1, 2, 5);
          pupils.push([1, workNo, ++row, code, `P${row}`, 'present', v * 4, v, j]);
        }
      }
      workNo++;
    }
  }
  await c.run('CREATE TEMP TABLE gen_pupils (upload_id BIGINT, work_no INTEGER, row_no INTEGER, school_ref VARCHAR, participant_code VARCHAR, status VARCHAR, primary_score DOUBLE, mark TINYINT, journal_mark TINYINT)');
  await appendRows(c, 'gen_pupils', ['int', 'int', 'int', 'varchar', 'varchar', 'varchar', 'double', 'int', 'int'], pupils);
  await c.run(`INSERT INTO pupil_results (upload_id, work_no, row_no, school_ref, participant_code, status, primary_score, mark, journal_mark, task_scores)
    SELECT upload_id, work_no, row_no, school_ref, participant_code, status, primary_score, mark, journal_mark, [] FROM gen_pupils`);
  await c.run('DROP TABLE gen_pupils');
  return [...inflated];
}
