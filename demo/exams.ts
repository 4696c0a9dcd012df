// ОГЭ and ЕГЭ exam definitions: task structure (part 1 / part 2), mark or test
// scales, calibration and exam dates.
import { readFileSync } from 'node:fs';
import { calibrate, type Fit, parseTasks, type Task } from './ability.js';

export interface Exam {
  kind: 'ОГЭ' | 'ЕГЭ';
  /** РЦОИ exam code as printed in title rows (`01`, `2`, `22`, …). */
  code: string;
  /** Caption in the title row. */
  caption: string;
  /** Subject used for the pupil's aptitude. */
  subject: string;
  part1: number[];
  part2: number[];
  tasks: Task[];
  fit: Fit;
  /** Primary-score cuts for «3», «4», «5» (ОГЭ and base maths), else null. */
  markCuts: [number, number, number] | null;
  /** Primary → test score (ЕГЭ 100-point exams), else null. */
  testScale: number[] | null;
  /** Part-2 criteria indices and the rule for mark conditions. */
  condition?: (part1: number[], part2: number[], mark: number) => number;
  max: number;
}

const EGE_SCALES = new URL('../store/seeds/ege_scales_unofficial.csv', import.meta.url);

function egeScale(subject: string): number[] {
  const out: number[] = [];
  for (const line of readFileSync(EGE_SCALES, 'utf8').trim().split(/\r?\n/).slice(1)) {
    const [s, p, t] = line.split(',');
    if (s === subject) out[Number(p)] = Number(t);
  }
  return out;
}

const spec = (maxes: number[], from = 1) => maxes.map((m, i) => `${i + from}:${m}`).join(' ');
const ones = (n: number) => Array.from({ length: n }, () => 1);

function build(e: Omit<Exam, 'tasks' | 'fit' | 'max'>, low: [number, number], high: [number, number]): Exam {
  const tasks = parseTasks(spec([...e.part1, ...e.part2]), `${e.kind}|${e.code}`, 1.0);
  const max = tasks.reduce((s, t) => s + t.max, 0);
  return { ...e, tasks, max, fit: calibrate(tasks, low[0], low[1], high[0], high[1]) };
}

const sum = (a: number[]) => a.reduce((s, x) => s + x, 0);

/** Lowest primary score whose test score reaches `test`. */
const primaryFor = (scale: number[], test: number) => scale.findIndex((t) => t >= test);

let cache: { oge: Exam[]; ege: Exam[] } | null = null;

export function exams(): { oge: Exam[]; ege: Exam[] } {
  if (cache) return cache;
  const oge: Exam[] = [
    // Russian: part 2 = ИК1–ИК3, СК1–СК4, ГК1–ГК4, ФК1; «4» needs ГК ≥ 4, «5» needs ГК ≥ 6.
    build(
      {
        kind: 'ОГЭ',
        code: '01',
        caption: 'Русский язык',
        subject: 'Русский язык',
        part1: ones(11),
        part2: [2, 3, 2, 1, 3, 2, 1, 2, 2, 2, 1, 1],
        markCuts: [15, 23, 29],
        testScale: null,
        condition: (_p1, p2, mark) => {
          const gk = sum(p2.slice(7, 11));
          if (mark === 5 && gk < 6) return 4;
          if (mark >= 4 && gk < 4) return 3;
          return mark;
        },
      },
      [15, 0.04],
      [23, 0.6],
    ),
    // Maths: geometry = part-1 tasks 15–19 and part-2 tasks 23–25; at least 2 points for «3» and above.
    build(
      {
        kind: 'ОГЭ',
        code: '02',
        caption: 'Математика',
        subject: 'Математика',
        part1: ones(19),
        part2: [2, 2, 2, 2, 2, 2],
        markCuts: [8, 15, 22],
        testScale: null,
        condition: (p1, p2, mark) => (mark >= 3 && sum(p1.slice(14, 19)) + sum(p2.slice(3, 6)) < 2 ? 2 : mark),
      },
      [8, 0.05],
      [15, 0.5],
    ),
    build(
      {
        kind: 'ОГЭ',
        code: '09',
        caption: 'Обществознание',
        subject: 'Обществознание',
        part1: ones(20),
        part2: [2, 3, 3, 3, 3, 3],
        markCuts: [14, 24, 32],
        testScale: null,
      },
      [14, 0.07],
      [24, 0.45],
    ),
    build(
      {
        kind: 'ОГЭ',
        code: '08',
        caption: 'География',
        subject: 'География',
        part1: ones(24),
        part2: [2, 2, 1, 2],
        markCuts: [12, 19, 26],
        testScale: null,
      },
      [12, 0.06],
      [19, 0.5],
    ),
  ];
  const rus = egeScale('Русский язык'),
    prof = egeScale('Математика (профиль)'),
    soc = egeScale('Обществознание');
  const ege: Exam[] = [
    build(
      {
        kind: 'ЕГЭ',
        code: '1',
        caption: 'Русский язык',
        subject: 'Русский язык',
        part1: [...ones(7), 2, ...ones(17), 2],
        part2: [1, 3, 2, 1, 2, 1, 3, 3, 2, 2, 1, 1],
        markCuts: null,
        testScale: rus,
      },
      [primaryFor(rus, 36), 0.05],
      [primaryFor(rus, 80), 0.12],
    ),
    build(
      {
        kind: 'ЕГЭ',
        code: '2',
        caption: 'Математика профильного уровня',
        subject: 'Математика',
        part1: ones(12),
        part2: [2, 3, 2, 2, 3, 4, 4],
        markCuts: null,
        testScale: prof,
      },
      [primaryFor(prof, 27), 0.15],
      [primaryFor(prof, 70), 0.06],
    ),
    build(
      {
        kind: 'ЕГЭ',
        code: '22',
        caption: 'Математика базового уровня',
        subject: 'Математика',
        part1: ones(21),
        part2: [],
        markCuts: [7, 12, 17],
        testScale: null,
      },
      [7, 0.04],
      [17, 0.25],
    ),
    build(
      {
        kind: 'ЕГЭ',
        code: '12',
        caption: 'Обществознание',
        subject: 'Обществознание',
        part1: [1, ...Array.from({ length: 14 }, () => 2), 1],
        part2: [2, 3, 3, 3, 3, 4, 3, 3, 4],
        markCuts: null,
        testScale: soc,
      },
      [primaryFor(soc, 42), 0.25],
      [primaryFor(soc, 70), 0.06],
    ),
  ];
  for (const e of [...oge, ...ege]) {
    if (e.testScale && e.testScale.length !== e.max + 1)
      throw new Error(`${e.kind} ${e.code}: scale has ${e.testScale.length} points, max ${e.max}`);
  }
  cache = { oge, ege };
  return cache;
}

export function markFor(e: Exam, primary: number, p1: number[], p2: number[]): number | null {
  if (!e.markCuts) return null;
  const [c3, c4, c5] = e.markCuts;
  const mark = primary >= c5 ? 5 : primary >= c4 ? 4 : primary >= c3 ? 3 : 2;
  return e.condition ? e.condition(p1, p2, mark) : mark;
}

// Exam dates (YYYY.MM.DD) by exam and spring; other years reuse the month/day of 2024.
const DATES: Record<string, Record<number, string>> = {
  'ОГЭ|01': { 2022: '05.24', 2023: '06.06', 2024: '06.03', 2025: '06.03', 2026: '05.29' },
  'ОГЭ|02': { 2022: '06.07', 2023: '06.09', 2024: '06.07', 2025: '06.06', 2026: '06.02' },
  'ОГЭ|09': { 2022: '05.27', 2023: '05.30', 2024: '05.21', 2025: '05.21', 2026: '05.22' },
  'ОГЭ|08': { 2022: '05.28', 2023: '05.31', 2024: '05.24', 2025: '05.23', 2026: '05.26' },
  'ЕГЭ|1': { 2022: '05.30', 2023: '05.29', 2024: '05.31', 2025: '05.30', 2026: '06.04' },
  'ЕГЭ|2': { 2022: '06.02', 2023: '06.01', 2024: '06.07', 2025: '05.27', 2026: '06.08' },
  'ЕГЭ|22': { 2022: '06.02', 2023: '06.01', 2024: '06.07', 2025: '05.27', 2026: '06.08' },
  'ЕГЭ|12': { 2022: '06.06', 2023: '06.05', 2024: '06.10', 2025: '06.02', 2026: '06.11' },
};

export function examDate(e: Exam, spring: number): string {
  const t = DATES[`${e.kind}|${e.code}`] ?? {};
  return `${spring}.${t[spring] ?? t[2024] ?? '06.01'}`;
}

export const examTitle = (e: Exam, spring: number): string => `${e.code} - ${e.caption} ${examDate(e, spring)}`;
