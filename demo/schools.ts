// The demo municipality: schools, their identifiers and planted signals.
import { chance, normal, type Rng, randInt, rngFor, shuffle, uniform } from './rng.js';

export const REGION_CODE = 99;
export const REGION_NAME = 'Энская область';
export const REGION_ID = 'reg990000';
export const MUNICIPALITY = 'Энский муниципальный район';
export const MUNICIPALITY_ID = 'reg99_m001';

export type SchoolType = 'СОШ' | 'ООШ' | 'гимназия' | 'лицей';
export type Planted = 'low' | 'inflated' | 'bunching' | 'improving';
export type Settlement = 'город' | 'село';

export interface School {
  index: number;
  /** Registry code (РЦОИ-style 4 digits), the key used in truth.json. */
  code: string;
  name: string;
  shortName: string;
  type: SchoolType;
  settlement: Settlement;
  enrolment: number;
  ovzPct: number;
  nonNativePct: number;
  /** ФИС ОКО login up to 2021/22. */
  loginOld: string;
  /** ФИС ОКО login from 2022/23. */
  loginNew: string;
  /** РЦОИ school code (6 digits) used in ОГЭ/ЕГЭ protocols. */
  rcoiCode: string;
  maxGrade: 9 | 11;
  planted: Planted[];
  baseEffect: number;
  yearNoise: number[];
  termKind: 'четверть' | 'триместр';
  journalFormat: 'xlsx' | 'csv';
  /** How the school spells class names in ФИС ОКО uploads. */
  classStyle: 'plain' | 'space' | 'lower';
  /** Share of a grade-9 cohort that continues to grade 10. */
  stayRate: number;
  /** Anti-risk programme of a `low` school: from demo year `startIdx` on, θ shifts by `effect` (0 = the help does not work). */
  programme: { startIdx: number; effect: number } | null;
}

/** Ability gain of an effective programme (θ units); small enough that the school stays on the ШНОР list. */
export const PROGRAMME_EFFECT = 0.35;

const VILLAGES = [
  'Ивановская',
  'Петровская',
  'Берёзовская',
  'Сосновская',
  'Михайловская',
  'Никольская',
  'Каменская',
  'Покровская',
  'Луговская',
  'Заречная',
  'Озёрная',
  'Александровская',
  'Знаменская',
  'Троицкая',
  'Воскресенская',
  'Кедровская',
  'Рябиновская',
  'Полевская',
  'Марьевская',
  'Дубровская',
];

interface Spec {
  type: SchoolType;
  settlement: Settlement;
}

function composition(n: number): Spec[] {
  const gym = Math.max(1, Math.round(n * 0.1));
  const lyc = n >= 8 ? Math.max(1, Math.round(n * 0.05)) : 0;
  const oosh = Math.round(n * 0.25);
  const sosh = Math.max(0, n - gym - lyc - oosh);
  const urbanSosh = Math.ceil(sosh * 0.6);
  const out: Spec[] = [];
  for (let i = 0; i < gym; i++) out.push({ type: 'гимназия', settlement: 'город' });
  for (let i = 0; i < lyc; i++) out.push({ type: 'лицей', settlement: 'город' });
  for (let i = 0; i < urbanSosh; i++) out.push({ type: 'СОШ', settlement: 'город' });
  for (let i = 0; i < sosh - urbanSosh; i++) out.push({ type: 'СОШ', settlement: 'село' });
  for (let i = 0; i < oosh; i++) out.push({ type: 'ООШ', settlement: 'село' });
  return out.slice(0, n);
}

function distinct(r: Rng, count: number, lo: number, hi: number): number[] {
  const seen = new Set<number>();
  const out: number[] = [];
  while (out.length < count) {
    const v = randInt(r, lo, hi);
    if (!seen.has(v)) {
      seen.add(v);
      out.push(v);
    }
  }
  return out;
}

function enrolmentFor(r: Rng, s: Spec): number {
  if (s.type === 'гимназия') return randInt(r, 700, 1100);
  if (s.type === 'лицей') return randInt(r, 600, 1000);
  if (s.type === 'ООШ') return randInt(r, 80, 190);
  return s.settlement === 'город' ? randInt(r, 400, 1000) : randInt(r, 150, 420);
}

/** Assign planted signals; gymnasia and lyceums always stay clean. */
function plant(r: Rng, specs: Spec[]): Planted[][] {
  const planted: Planted[][] = specs.map(() => []);
  const free = (i: number) => planted[i]?.length === 0;
  const idx = (pred: (s: Spec) => boolean) =>
    shuffle(
      r,
      specs.map((s, i) => (pred(s) ? i : -1)).filter((i) => i >= 0),
    );
  const urban = idx((s) => s.type === 'СОШ' && s.settlement === 'город');
  const ruralSosh = idx((s) => s.type === 'СОШ' && s.settlement === 'село');
  const oosh = idx((s) => s.type === 'ООШ');
  const anySosh = idx((s) => s.type === 'СОШ');
  const take = (pools: number[][], what: Planted) => {
    for (const pool of pools) {
      const i = pool.find(free);
      if (i !== undefined) {
        planted[i]?.push(what);
        return;
      }
    }
  };
  const n = specs.length;
  const nLow = Math.min(4, Math.max(1, Math.round(n / 6)));
  const lowPools = [[oosh], [ruralSosh], [urban]];
  for (let k = 0; k < nLow; k++) take(lowPools[k] ?? [anySosh, oosh], 'low');
  take([urban, anySosh], 'inflated');
  if (n >= 10) take([urban, anySosh], 'inflated');
  take([urban, anySosh], 'bunching');
  take([ruralSosh, anySosh], 'improving');
  return planted;
}

/** Programmes start in the second-to-last demo year; every other programme school (1st, 3rd …) gets an effect. */
function programmes(
  planted: Planted[][],
  years: number,
  effect: number,
): ({ startIdx: number; effect: number } | null)[] {
  let k = 0;
  return planted.map((p) =>
    p.includes('low') && years >= 2 ? { startIdx: years - 2, effect: k++ % 2 === 0 ? effect : 0 } : null,
  );
}

export function buildSchools(seed: number, n: number, years: number, programmeEffect = PROGRAMME_EFFECT): School[] {
  const r = rngFor(seed, 'schools');
  const specs = composition(n);
  const planted = plant(r, specs);
  const logins = distinct(r, 2 * n, 1000, 9999);
  const rcoi = distinct(r, n, 100, 999);
  const villages = shuffle(r, [...VILLAGES]);
  const urbanCount = specs.filter((s) => s.type === 'СОШ' && s.settlement === 'город').length;
  const soshNumbers = distinct(r, urbanCount, 1, urbanCount + 6).sort((a, b) => a - b);
  const trimester = new Set(
    n >= 4
      ? shuffle(
          r,
          specs.map((_, i) => i),
        ).slice(0, 2)
      : [],
  );
  const oddStyles = shuffle(
    r,
    specs.map((_, i) => i),
  ).slice(0, 3);
  const progs = programmes(planted, years, programmeEffect);
  let gymNo = 0,
    urbanNo = 0,
    villageNo = 0;
  return specs.map((s, i): School => {
    let short: string, legal: string;
    if (s.type === 'гимназия') {
      gymNo++;
      short = `Гимназия № ${gymNo}`;
      legal = 'МАОУ';
    } else if (s.type === 'лицей') {
      gymNo++;
      short = `Лицей № ${gymNo}`;
      legal = 'МАОУ';
    } else if (s.settlement === 'город') {
      short = `СОШ № ${soshNumbers[urbanNo++] ?? urbanNo}`;
      legal = chance(r, 0.2) ? 'МАОУ' : 'МБОУ';
    } else {
      short = `${villages[villageNo++ % villages.length]} ${s.type}`;
      legal = chance(r, 0.6) ? 'МКОУ' : 'МБОУ';
    }
    const p = planted[i] ?? [];
    const low = p.includes('low');
    let base: number;
    if (low) base = s.type === 'ООШ' ? -0.95 : -0.85;
    else if (s.type === 'гимназия') base = uniform(r, 0.4, 0.55);
    else if (s.type === 'лицей') base = uniform(r, 0.35, 0.5);
    else if (s.settlement === 'город') base = uniform(r, -0.15, 0.25);
    else base = uniform(r, -0.25, 0.1);
    const rural = s.settlement === 'село';
    return {
      index: i,
      code: String(1001 + i),
      name: `${legal} «${short}»`,
      shortName: short,
      type: s.type,
      settlement: s.settlement,
      enrolment: enrolmentFor(r, s),
      ovzPct: Math.round(uniform(r, rural || low ? 4 : 1.5, rural || low ? 13 : 7) * 10) / 10,
      nonNativePct: Math.round(uniform(r, 0.5, low ? 18 : 9) * 10) / 10,
      loginOld: `sch${REGION_CODE}${logins[2 * i]}`,
      loginNew: `edu${REGION_CODE}${logins[2 * i + 1]}`,
      rcoiCode: `${REGION_CODE}0${rcoi[i]}`,
      maxGrade: s.type === 'ООШ' ? 9 : 11,
      planted: p,
      baseEffect: base,
      yearNoise: Array.from({ length: years }, () => 0.06 * normal(r)),
      termKind: trimester.has(i) ? 'триместр' : 'четверть',
      journalFormat: i % 2 === 0 ? 'xlsx' : 'csv',
      classStyle: oddStyles[0] === i ? 'lower' : oddStyles.slice(1).includes(i) ? 'space' : 'plain',
      stayRate: s.type === 'гимназия' || s.type === 'лицей' ? 0.75 : rural ? 0.35 : 0.5,
      programme: progs[i] ?? null,
    };
  });
}

/** School effect on the ability scale in a given demo year (0 = first). */
export function schoolEffect(s: School, yearIdx: number): number {
  const noise = s.yearNoise[yearIdx] ?? 0;
  if (s.planted.includes('improving')) return -0.85 + 0.25 * yearIdx + noise;
  const help = s.programme && yearIdx >= s.programme.startIdx ? s.programme.effect : 0;
  return s.baseEffect + noise + help;
}

const LEGAL: Record<string, string> = {
  МБОУ: 'Муниципальное бюджетное общеобразовательное учреждение',
  МАОУ: 'Муниципальное автономное общеобразовательное учреждение',
  МКОУ: 'Муниципальное казённое общеобразовательное учреждение',
};

/** Full legal name as journal systems print it, e.g. «Муниципальное … учреждение "Средняя общеобразовательная школа № 3"». */
export function fullLegalName(s: School): string {
  const legal = s.name.split(' ')[0] ?? '';
  const kind = s.shortName
    .replace(/^СОШ/, 'Средняя общеобразовательная школа')
    .replace(/ СОШ$/, ' средняя общеобразовательная школа')
    .replace(/ ООШ$/, ' основная общеобразовательная школа');
  return `${LEGAL[legal] ?? legal} "${kind}"`;
}
