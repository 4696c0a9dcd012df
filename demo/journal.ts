// Journal (teacher) marks: a noisy, lenient reading of the same ability that
// drives the ВПР/ГИА scores. Inflated schools add about one mark.
import { subjectTheta } from './ability.js';
import type { Enrolled } from './cohorts.js';
import { normal, rngFor } from './rng.js';
import type { School } from './schools.js';
import { vprCatalog } from './vpr-works.js';

export type Mark = 2 | 3 | 4 | 5;

export interface MarkSet {
  /** Term marks: 4 quarters or 3 trimesters. */
  terms: Mark[];
  year: Mark;
}

/** θ cuts for subjects/grades without a ВПР scale (about the ВПР calibration). */
const GENERIC_CUTS: [number, number, number] = [-1.26, 0.28, 1.9];
/** Shifts of the journal cuts against the ВПР cuts: teachers are more lenient from grade 5. */
const LENIENCE_4: [number, number, number] = [-0.5, 0.1, 0.15];
const LENIENCE: [number, number, number] = [-1.0, -0.2, -0.6];
const INFLATION = 0.85;
const JOURNAL_TOP_CUT = 1.3;

function cutsFor(subject: string, grade: number): [number, number, number] {
  const w = vprCatalog().get(`${subject}|${grade}`);
  const base = w?.cuts ?? GENERIC_CUTS;
  const len = grade === 4 ? LENIENCE_4 : LENIENCE;
  // Journal «5» is far more common than a ВПР «5»: cap the top cut.
  return [base[0] + len[0], base[1] + len[1], Math.min(base[2] + len[2], JOURNAL_TOP_CUT)];
}

function cut(x: number, c: [number, number, number]): Mark {
  return x < c[0] ? 2 : x < c[1] ? 3 : x < c[2] ? 4 : 5;
}

export const termCount = (s: School): number => (s.termKind === 'триместр' ? 3 : 4);

/** Index of the term preceding the spring ВПР (3rd quarter or 2nd trimester). */
export const termBeforeVpr = (s: School): number => (s.termKind === 'триместр' ? 1 : 2);

export function journalMarks(
  seed: number,
  school: School,
  e: Enrolled,
  subject: string,
  yearIdx: number,
  spring: number,
): MarkSet {
  const r = rngFor(seed, 'journal', e.pupil.id, subject, spring);
  const c = cutsFor(subject, e.grade);
  const infl = school.planted.includes('inflated') ? INFLATION : 0;
  const t0 = subjectTheta(e, school, yearIdx, subject) + infl + 0.2 * normal(r);
  const terms = Array.from({ length: termCount(school) }, () => cut(t0 + 0.2 * normal(r), c));
  const mean = terms.reduce((a, b) => a + b, 0) / terms.length;
  const frac = mean - Math.floor(mean);
  let year = Math.round(mean) as Mark;
  if (Math.abs(frac - 0.5) < 1e-9) year = cut(t0, c) >= mean ? (Math.ceil(mean) as Mark) : (Math.floor(mean) as Mark);
  return { terms, year };
}
