// Pupil cohorts of each school: the same pupils move up one grade per year,
// keep their class letter, and a θ-dependent share stays on for grades 10–11.
import { fullName, randomName, type Sex } from './names.js';
import { chance, hashKey, logistic, normal, rngFor } from './rng.js';
import type { School } from './schools.js';

export interface Pupil {
  id: string;
  /** Hash of the id, seeds per-pupil draws (subject aptitude). */
  key: number;
  sex: Sex;
  surname: string;
  first: string;
  patronymic: string;
  fio: string;
  /** Individual ability, N(0,1). */
  theta: number;
  cls: number;
  /** Class index in grades 10–11, or -1 when the pupil leaves after grade 9. */
  cls10: number;
}

interface Cohort {
  pupils: Pupil[];
  classEffect: number[];
  classEffect10: number[];
}

export interface Enrolled {
  pupil: Pupil;
  grade: number;
  /** Class letter index (0 = А). */
  cls: number;
  /** Canonical class name, e.g. 8А. */
  className: string;
  classEffect: number;
}

export const LETTERS = 'АБВГДЕЖ';

export class SchoolPopulation {
  private readonly cohorts = new Map<number, Cohort>();
  private readonly rosters = new Map<string, Enrolled[]>();

  constructor(
    readonly seed: number,
    readonly school: School,
    firstSpring: number,
    lastSpring: number,
  ) {
    const names = new Set<string>();
    const perGrade = school.enrolment / (9 + (school.maxGrade === 11 ? 2 * school.stayRate : 0));
    // Cohort keyed by the spring in which it is in grade 1; grades ≥ 4 are what we need.
    for (let g1 = firstSpring - school.maxGrade + 1; g1 <= lastSpring - 3; g1++) {
      this.cohorts.set(g1, this.buildCohort(g1, perGrade, names));
    }
  }

  private buildCohort(g1: number, perGrade: number, names: Set<string>): Cohort {
    const s = this.school;
    const r = rngFor(this.seed, 'cohort', s.code, g1);
    const size = Math.max(4, Math.round(perGrade * (1 + 0.08 * normal(r))));
    const nClasses = Math.max(1, Math.round(size / 26));
    const pupils: Pupil[] = [];
    let stayers = 0;
    const logit = Math.log(s.stayRate / (1 - s.stayRate));
    for (let k = 0; k < size; k++) {
      const sex: Sex = chance(r, 0.5) ? 'м' : 'ж';
      let n = randomName(r, sex);
      while (names.has(fullName(n))) n = randomName(r, sex);
      names.add(fullName(n));
      const theta = normal(r);
      const stays = s.maxGrade === 11 && chance(r, logistic(1.2 * theta + logit));
      const id = `${s.code}:${g1}:${k}`;
      pupils.push({
        id,
        key: hashKey(this.seed, id),
        sex,
        surname: n.surname,
        first: n.first,
        patronymic: n.patronymic,
        fio: fullName(n),
        theta,
        cls: k % nClasses,
        cls10: stays ? stayers++ : -1,
      });
    }
    const n10 = Math.max(1, Math.round(stayers / 25));
    for (const p of pupils) if (p.cls10 >= 0) p.cls10 %= n10;
    const cmp = (a: Pupil, b: Pupil) => a.fio.localeCompare(b.fio, 'ru');
    pupils.sort((a, b) => a.cls - b.cls || cmp(a, b));
    return {
      pupils,
      classEffect: Array.from({ length: nClasses }, () => 0.15 * normal(r)),
      classEffect10: Array.from({ length: n10 }, () => 0.15 * normal(r)),
    };
  }

  /** Pupils in a grade in the spring of a school year, ordered by class and name. */
  roster(spring: number, grade: number): Enrolled[] {
    const key = `${spring}:${grade}`;
    let out = this.rosters.get(key);
    if (!out) {
      out = this.buildRoster(spring, grade);
      this.rosters.set(key, out);
    }
    return out;
  }

  private buildRoster(spring: number, grade: number): Enrolled[] {
    if (grade > this.school.maxGrade) return [];
    const c = this.cohorts.get(spring - grade + 1);
    if (!c) return [];
    const senior = grade >= 10;
    const list = senior
      ? c.pupils.filter((p) => p.cls10 >= 0).sort((a, b) => a.cls10 - b.cls10 || a.fio.localeCompare(b.fio, 'ru'))
      : c.pupils;
    return list.map((p) => {
      const cls = senior ? p.cls10 : p.cls;
      return {
        pupil: p,
        grade,
        cls,
        className: `${grade}${LETTERS[cls] ?? 'Я'}`,
        classEffect: (senior ? c.classEffect10[cls] : c.classEffect[cls]) ?? 0,
      };
    });
  }

  /** Class names present in a grade. */
  classes(spring: number, grade: number): string[] {
    return [...new Set(this.roster(spring, grade).map((e) => e.className))];
  }
}
