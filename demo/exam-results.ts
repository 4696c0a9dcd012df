// Per-pupil ОГЭ/ЕГЭ results: participation, task scores, planted bunching at ОГЭ cut-offs.
import { drawTaskScore, subjectTheta } from './ability.js';
import type { Enrolled } from './cohorts.js';
import { type Exam, markFor } from './exams.js';
import { chance, normal, type Rng, randInt, rngFor } from './rng.js';
import type { School } from './schools.js';
import { pop, type World, type YearInfo } from './world.js';

export interface ExamRow {
  school: School;
  e: Enrolled;
  p1: number[];
  p2: number[];
  primary: number;
  mark: number | null;
  test: number | null;
  ppe: number;
  aud: string;
  regCode: string;
  docSeries: string;
  docNumber: string;
  participant: string;
  variant: number;
  /** The school code is printed as a float-looking text (`990347.0`). */
  codeAsFloat: boolean;
}

const digits = (r: Rng, n: number) => Array.from({ length: n }, (_, i) => randInt(r, i === 0 ? 1 : 0, 9)).join('');

function takes(w: World, s: School, e: Enrolled, exam: Exam, y: YearInfo): boolean {
  const r = rngFor(w.seed, 'choice', e.pupil.id, y.spring);
  const uSoc = r(),
    uGeo = r(),
    uAbs = r();
  if (uAbs < 0.01) return false;
  const math = subjectTheta(e, s, y.idx, 'Математика') + 0.6 * normal(r);
  switch (`${exam.kind}|${exam.code}`) {
    case 'ОГЭ|09':
      return uSoc < 0.6;
    case 'ОГЭ|08':
      return uGeo < 0.35;
    case 'ЕГЭ|2':
      return math > -0.1;
    case 'ЕГЭ|22':
      return math <= -0.1;
    case 'ЕГЭ|12':
      return uSoc < 0.45;
    default:
      return true;
  }
}

/** Bunching: scores 1–2 points below a cut are pushed up to it, through the expert-scored part 2. */
function bunch(r: Rng, exam: Exam, p1: number[], p2: number[], primary: number): void {
  for (const c of exam.markCuts ?? []) {
    if (primary >= c - 2 && primary < c && chance(r, 0.7)) {
      let need = c + (chance(r, 0.2) ? 1 : 0) - primary;
      for (let i = 0; i < p2.length && need > 0; i++) {
        const room = (exam.part2[i] ?? 0) - (p2[i] ?? 0);
        const add = Math.min(room, need);
        p2[i] = (p2[i] ?? 0) + add;
        need -= add;
      }
      for (let i = 0; i < p1.length && need > 0; i++)
        if (p1[i] === 0) {
          p1[i] = 1;
          need--;
        }
      return;
    }
  }
}

export function examResults(w: World, y: YearInfo, exam: Exam): ExamRow[] {
  const grade = exam.kind === 'ОГЭ' ? 9 : 11;
  const out: ExamRow[] = [];
  for (const s of w.schools) {
    for (const e of pop(w, s).roster(y.spring, grade)) {
      if (!takes(w, s, e, exam, y)) continue;
      const r = rngFor(w.seed, 'exam', exam.kind, exam.code, y.spring, e.pupil.id);
      const theta = subjectTheta(e, s, y.idx, exam.subject) + 0.2 * normal(r);
      const scores = exam.tasks.map((t) => drawTaskScore(r, theta, t, exam.fit));
      const p1 = scores.slice(0, exam.part1.length),
        p2 = scores.slice(exam.part1.length);
      const sum = () => p1.reduce((a, b) => a + b, 0) + p2.reduce((a, b) => a + b, 0);
      if (exam.kind === 'ОГЭ' && s.planted.includes('bunching') && (exam.code === '01' || exam.code === '02')) {
        bunch(r, exam, p1, p2, sum());
      }
      const primary = sum();
      const doc = rngFor(w.seed, 'passport', e.pupil.id);
      out.push({
        school: s,
        e,
        p1,
        p2,
        primary,
        mark: markFor(exam, primary, p1, p2),
        test: exam.testScale ? (exam.testScale[primary] ?? 0) : null,
        ppe: 1201 + ((s.index + randInt(r, 0, 1)) % 6),
        aud: String(randInt(r, 1, 14)).padStart(4, '0'),
        regCode: digits(r, 7),
        docSeries: `${99}${String(randInt(doc, 14, 25)).padStart(2, '0')}`,
        docNumber: digits(doc, 6),
        participant: digits(r, 10),
        variant: 300 + randInt(r, 1, 40),
        codeAsFloat: chance(r, 0.03),
      });
    }
  }
  return out;
}

/** Part-1 answer mask: `+`/`-` for one-point tasks, the digit for multi-point ones. */
export function part1Mask(exam: Exam, p1: number[]): string {
  return p1.map((v, i) => ((exam.part1[i] ?? 1) > 1 ? String(v) : v > 0 ? '+' : '-')).join('');
}

/** Part-2 mask: `score(max)` groups, e.g. `1(2)0(2)2(3)`. */
export function part2Mask(exam: Exam, p2: number[]): string {
  return p2.map((v, i) => `${v}(${exam.part2[i] ?? 0})`).join('');
}
