// Per-pupil ВПР results of one work in one year, for all schools.
import { drawTaskScore, subjectTheta } from './ability.js';
import type { Enrolled } from './cohorts.js';
import { journalMarks, type Mark, termBeforeVpr } from './journal.js';
import { chance, normal, rngFor } from './rng.js';
import type { School } from './schools.js';
import type { VprWork } from './vpr-works.js';
import { pop, type World, type YearInfo } from './world.js';

export interface VprRow {
  school: School;
  e: Enrolled;
  absent: boolean;
  variant: 1 | 2;
  /** Per task: points, or 'X' when the task was not attempted (counts as 0). */
  scores: (number | 'X')[];
  total: number;
  /** Previous-term journal mark; null = «нет отметки». */
  journal: Mark | null;
  /** Running number of the pupil within the school's list. */
  num: number;
  /** Participant code: class digit + 4-digit number, e.g. 20013. */
  code: number;
  /** True when the whole class is the only one in its parallel. */
  singleClass: boolean;
}

const ABSENT_RATE = 0.04;

export function vprResults(w: World, y: YearInfo, work: VprWork): VprRow[] {
  const out: VprRow[] = [];
  for (const s of w.schools) {
    const roster = pop(w, s).roster(y.spring, work.grade);
    if (roster.length === 0) continue;
    const singleClass = roster.every((e) => e.cls === 0);
    const perClass = new Map<number, number>();
    roster.forEach((e, i) => {
      const r = rngFor(w.seed, 'vpr', y.spring, work.subject, work.grade, e.pupil.id);
      const k = (perClass.get(e.cls) ?? 0) + 1;
      perClass.set(e.cls, k);
      const base = { school: s, e, num: i + 1, code: (e.cls + 1) * 10000 + k, singleClass };
      const variant: 1 | 2 = chance(r, 0.5) ? 1 : 2;
      if (chance(r, ABSENT_RATE)) {
        out.push({ ...base, absent: true, variant, scores: [], total: 0, journal: null });
        return;
      }
      const theta = subjectTheta(e, s, y.idx, work.subject) + 0.15 * normal(r);
      let total = 0;
      const scores = work.tasks.map((t): number | 'X' => {
        const v = drawTaskScore(r, theta, t, work.fit);
        total += v;
        return v === 0 && chance(r, 0.25) ? 'X' : v;
      });
      const jm = journalMarks(w.seed, s, e, work.subject, y.idx, y.spring);
      const journal = chance(r, 0.02) ? null : (jm.terms[termBeforeVpr(s)] ?? jm.year);
      out.push({ ...base, absent: false, variant, scores, total, journal });
    });
  }
  return out;
}
