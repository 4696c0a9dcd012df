// Programme targets (`program_targets.xlsx`) for the schools of the anti-risk programme (planted `low`).
import { join } from 'node:path';
import { randInt, rngFor, uniform } from './rng.js';
import type { School } from './schools.js';
import type { World, YearInfo } from './world.js';
import { writeXlsx, type Cell } from './xlsx.js';

export const TARGETS_FILE = 'program_targets.xlsx';
export const TARGETS_HEADER = ['Код ОО', 'Учебный год', 'Показатель', 'Предмет', 'Класс', 'Базовое значение', 'Плановое значение'];

const r2 = (x: number) => Math.round(x * 100) / 100;
const r3 = (x: number) => Math.round(x * 1000) / 1000;

function schoolTargets(w: World, s: School, years: YearInfo[]): Cell[][] {
  const r = rngFor(w.seed, 'targets', s.code);
  const ior = r3(uniform(r, 0.36, 0.42));
  const ou = randInt(r, 96, 98);
  const ku = randInt(r, 28, 35);
  const vpr = { 'Русский язык': r2(uniform(r, 3.35, 3.55)), 'Математика': r2(uniform(r, 3.3, 3.5)) };
  const conf = randInt(r, 74, 84);
  const oge = { 'Русский язык': r2(uniform(r, 3.3, 3.5)), 'Математика': r2(uniform(r, 3.1, 3.35)) };
  const ege = randInt(r, 56, 63);
  const risk = r2(uniform(r, 14, 20));
  const out: Cell[][] = [];
  years.forEach((y, i) => {
    const k = i + 1;
    const row = (ind: string, subj: string | null, grade: number | null, base: number, plan: number) =>
      out.push([s.code, y.label, ind, subj, grade, base, plan]);
    // ИОР, ОУ, КУ and the shares are school-wide; mean marks/scores are per subject.
    row('ИОР', null, null, ior, r3(ior + 0.019 * k));
    row('ОУ, %', null, null, ou, Math.min(100, ou + k * 0.5));
    row('КУ, %', null, null, ku, ku + k);
    for (const subj of ['Русский язык', 'Математика'] as const) row('Средняя отметка ВПР', subj, null, vpr[subj], r2(Math.max(3.7, vpr[subj] + 0.1 * k)));
    row('Доля подтвердивших отметки ВПР, %', null, null, conf, 90);
    for (const subj of ['Русский язык', 'Математика'] as const) row('Средняя отметка ОГЭ', subj, null, oge[subj], r2(oge[subj] + 0.1 * k));
    if (s.maxGrade === 11) row('Средний балл ЕГЭ', 'Русский язык', null, ege, ege + 2 * k);
    row('Доля обучающихся с рисками учебной неуспешности, %', null, null, risk, r2(risk - 2 * k));
  });
  return out;
}

export async function writeTargets(w: World, outDir: string): Promise<{ path: string; rows: number }> {
  const years = w.years.slice(-2);
  const rows: Cell[][] = [TARGETS_HEADER];
  for (const s of w.schools) if (s.planted.includes('low')) rows.push(...schoolTargets(w, s, years));
  const path = join(outDir, TARGETS_FILE);
  await writeXlsx(path, [{ name: 'Целевые показатели', rows, widths: [8, 10, 48, 16, 8, 14, 14] }]);
  return { path, rows: rows.length - 1 };
}
