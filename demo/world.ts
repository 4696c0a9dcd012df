// The simulated municipality: schools, demo years and pupil populations.
import { SchoolPopulation } from './cohorts.js';
import { buildSchools, type School } from './schools.js';

export interface YearInfo {
  idx: number;
  /** Calendar year of the spring (ВПР, ОГЭ, ЕГЭ). */
  spring: number;
  /** `2024/25` */
  label: string;
  /** `2024/2025` */
  full: string;
  /** `2024-25` */
  file: string;
}

export interface World {
  seed: number;
  years: YearInfo[];
  schools: School[];
  pops: Map<string, SchoolPopulation>;
}

export function yearInfo(idx: number, spring: number): YearInfo {
  const a = spring - 1,
    b2 = String(spring % 100).padStart(2, '0');
  return { idx, spring, label: `${a}/${b2}`, full: `${a}/${spring}`, file: `${a}-${b2}` };
}

export function buildWorld(
  seed: number,
  nSchools: number,
  nYears: number,
  lastYear: number,
  programmeEffect?: number,
): World {
  const years = Array.from({ length: nYears }, (_, i) => yearInfo(i, lastYear - nYears + 1 + i));
  const schools = buildSchools(seed, nSchools, nYears, programmeEffect);
  const first = years[0]?.spring ?? lastYear;
  const pops = new Map(schools.map((s) => [s.code, new SchoolPopulation(seed, s, first, lastYear)]));
  return { seed, years, schools, pops };
}

export function pop(w: World, s: School): SchoolPopulation {
  const p = w.pops.get(s.code);
  if (!p) throw new Error(`no population for ${s.code}`);
  return p;
}

/** ФИС ОКО login of a school in a given spring (the sch→edu change after 2021/22). */
export const fisokoLogin = (s: School, spring: number): string => (spring <= 2022 ? s.loginOld : s.loginNew);
