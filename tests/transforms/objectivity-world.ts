// A generated municipality for the objectivity rules (F2, A3), written straight into the source tables: pupils of
// schools of different levels write two ВПР works a year (primary score 0–20, marks by the work's scale); the
// journal mark is a second noisy measure of the same ability, and — as in real journals — a «2» is rarely given.
// Nothing is planted unless asked: `inflated` schools' journals add a mark to a share of their pupils, `bunched`
// schools lift a share of the scores just below a cut onto it, `helped` schools (below the municipality's level)
// give full points on the hard tasks to a share of their pupils. Ability and what is planted are independent. With `tasks`, the primary score is the
// sum of 10 tasks (0–2 points each, Rasch-like difficulties from easy to hard).

import { DOUBLE, LIST, listValue, VARCHAR } from '@duckdb/node-api';
import { chance, clamp, logistic, normal, type Rng, randInt, rngFor } from '../../demo/rng.js';
import { appendRows } from '../../store/append.js';
import type { Store } from '../../store/db.js';
import { resolveSchools } from '../../store/school-identity.js';

export const YEARS = ['2023/24', '2024/25'];
export const WORKS = [
  ['Математика', 5],
  ['Русский язык', 5],
] as const;

export interface WorldOptions {
  seed: number;
  schools: number;
  inflated?: number;
  inflationShare?: number;
  bunched?: number;
  bunchingShare?: number;
  tasks?: boolean;
  helped?: number;
  helpShare?: number;
  levelSd?: number;
}

/** Task difficulties (logit scale), easy to hard; the last four are «hard». */
const DIFFICULTY = [-2, -1.6, -1.2, -0.8, -0.4, 0, 0.4, 0.8, 1.2, 1.6];
const HARD = 6;

/** The scale of every generated work: «3» from 7, «4» from 11, «5» from 15 of 20 primary points. */
export const CUTS = [7, 11, 15] as const;
const scoreOf = (x: number) => clamp(Math.round(10 + 4 * x), 0, 20);
const markOf = (score: number) => (score >= CUTS[2] ? 5 : score >= CUTS[1] ? 4 : score >= CUTS[0] ? 3 : 2);
/** A would-be «2» in the journal stays «2» only 30% of the time. */
const journalMark = (r: Rng, y: number) => (y < -1.3 ? (chance(r, 0.3) ? 2 : 3) : y < 0 ? 3 : y < 1 ? 4 : 5);

/** Writes the world; returns the codes of the schools with planted inflation, bunching and help on hard tasks. */
export async function writeWorld(
  store: Store,
  o: WorldOptions,
): Promise<{ inflated: string[]; bunched: string[]; helped: string[] }> {
  const r = rngFor(o.seed, 'objectivity-world');
  const codes = Array.from({ length: o.schools }, (_, i) => `S${String(i + 1).padStart(3, '0')}`);
  const level = codes.map(() => (o.levelSd ?? 0.6) * normal(r));
  // Inflated schools are drawn at random: inflation is independent of level.
  const order = [...codes].sort(() => r() - 0.5);
  const inflated = new Set(order.slice(0, o.inflated ?? 0));
  const bunched = new Set(order.slice(o.inflated ?? 0, (o.inflated ?? 0) + (o.bunched ?? 0)));
  // Help on hard tasks is planted where the school's own level is below the municipality's: the inversion Рособрнадзор
  // describes (easy tasks below the reference, hard ones above); a strong school helped is not inverted.
  const helped = new Set(
    order
      .slice((o.inflated ?? 0) + (o.bunched ?? 0))
      .filter((c) => level[codes.indexOf(c)]! < 0)
      .slice(0, o.helped ?? 0),
  );
  const c = store.conn;
  for (const code of codes) {
    await c.run(
      `INSERT INTO schools (school_code, name, short_name, municipality, school_type, settlement_type) VALUES ($c, $n, $n, 'Район', 'СОШ', 'город')`,
      { c: code, n: `СОШ ${code}` },
    );
    await c.run(`INSERT INTO school_ids VALUES ($k, 'registry', $c)`, { k: code.toLowerCase(), c: code });
  }
  const pupils: unknown[][] = [];
  let workNo = 0,
    row = 0;
  for (const year of YEARS) {
    for (const [subject, grade] of WORKS) {
      await c.run(
        `INSERT INTO works (upload_id, work_no, assessment, school_year, subject, kim_grade, grade, max_score, task_labels, task_max)
        VALUES (1, $w, 'ВПР', $y, $s, $g, $g, 20, $labels, $max)`,
        {
          w: workNo,
          y: year,
          s: subject,
          g: grade,
          labels: listValue(o.tasks ? DIFFICULTY.map((_, t) => String(t + 1)) : []),
          max: listValue(o.tasks ? DIFFICULTY.map(() => 2) : []),
        },
        { labels: LIST(VARCHAR), max: LIST(DOUBLE) },
      );
      await c.run(`INSERT INTO scale_vpr VALUES ($y, $s, $g, $c3, $c4, $c5, 20, 'test', NULL)`, {
        y: year,
        s: subject,
        g: grade,
        c3: CUTS[0],
        c4: CUTS[1],
        c5: CUTS[2],
      });
      for (const [s, code] of codes.entries()) {
        const n = randInt(r, 25, 80);
        for (let p = 0; p < n; p++) {
          const theta = level[s]! + normal(r);
          let tasks: number[] = [];
          if (o.tasks) {
            const help = helped.has(code) && chance(r, o.helpShare ?? 0.5);
            tasks = DIFFICULTY.map((b, t) =>
              help && t >= HARD
                ? 2
                : (chance(r, logistic(1.2 * (theta - b))) ? 1 : 0) + (chance(r, logistic(1.2 * (theta - b))) ? 1 : 0),
            );
          }
          let score = o.tasks ? tasks.reduce((a, x) => a + x, 0) : scoreOf(theta + 0.6 * normal(r));
          if (
            bunched.has(code) &&
            CUTS.some((c) => score === c - 1 || score === c - 2) &&
            chance(r, o.bunchingShare ?? 0.5)
          )
            score = CUTS.find((c) => score >= c - 2 && score < c)!;
          const v = markOf(score);
          let j = journalMark(r, theta + 0.6 * normal(r) + 0.2);
          if (inflated.has(code) && chance(r, o.inflationShare ?? 0.5)) j = clamp(j + 1, 2, 5);
          pupils.push([1, workNo, ++row, code, `P${row}`, 'present', score, v, j, tasks]);
        }
      }
      workNo++;
    }
  }
  await c.run(
    'CREATE TEMP TABLE gen_pupils (upload_id BIGINT, work_no INTEGER, row_no INTEGER, school_ref VARCHAR, participant_code VARCHAR, status VARCHAR, primary_score DOUBLE, mark TINYINT, journal_mark TINYINT, task_scores DOUBLE[])',
  );
  await appendRows(
    c,
    'gen_pupils',
    ['int', 'int', 'int', 'varchar', 'varchar', 'varchar', 'double', 'int', 'int', 'double[]'],
    pupils,
  );
  await c.run(`INSERT INTO pupil_results (upload_id, work_no, row_no, school_ref, participant_code, status, primary_score, mark, journal_mark, task_scores)
    SELECT upload_id, work_no, row_no, school_ref, participant_code, status, primary_score, mark, journal_mark, task_scores FROM gen_pupils`);
  await c.run('DROP TABLE gen_pupils');
  await resolveSchools(c); // written directly, resolved as ingest would
  return { inflated: [...inflated], bunched: [...bunched], helped: [...helped] };
}
