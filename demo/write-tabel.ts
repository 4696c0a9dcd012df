// «Табель успеваемости учащегося (весь класс)» for one class: the block layout of
// the real e-journal export (formats.md §4.1) with the same merged ranges.
import { join } from 'node:path';
import type { Enrolled } from './cohorts.js';
import { journalMarks } from './journal.js';
import { chance, type Rng, rngFor, uniform } from './rng.js';
import { fullLegalName, type School } from './schools.js';
import { pop, type World, type YearInfo } from './world.js';
import { type Cell, writeXlsx } from './xlsx.js';

export const TABEL_SUBJECTS = [
  'Алгебра',
  'Биология',
  'Вероятность и статистика',
  'География',
  'Геометрия',
  'Иностранный язык (английский)',
  'Информатика',
  'История',
  'Литература',
  'Музыка',
  'Обществознание',
  'Основы безопасности и защиты родины',
  'Профессиональный минимум',
  'Разговоры о важном',
  'Русский язык',
  'Труд (Технология девочки)',
  'Труд (Технология мальчики)',
  'Физика',
  'Физическая культура',
  'Химия',
];
const UNGRADED = new Set(['Профессиональный минимум', 'Разговоры о важном']);
const FIRST_BLOCK = 6;
export const TABEL_BLOCK = 10 + TABEL_SUBJECTS.length;

const COLS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ';
const col = (i: number) => COLS[i] ?? 'Z';

/** Pick a clean school with quarters and a reasonably large 8А. */
export function tabelSchool(w: World, spring: number): School | undefined {
  const size = (s: School) =>
    pop(w, s)
      .roster(spring, 8)
      .filter((e) => e.cls === 0).length;
  const ok = w.schools.filter((s) => s.planted.length === 0 && s.termKind === 'четверть' && size(s) >= 15);
  return ok[0] ?? w.schools.find((s) => size(s) > 0);
}

function gradedSubject(e: Enrolled, subject: string): boolean {
  if (UNGRADED.has(subject)) return false;
  if (subject === 'Труд (Технология девочки)') return e.pupil.sex === 'ж';
  if (subject === 'Труд (Технология мальчики)') return e.pupil.sex === 'м';
  return true;
}

const avg = (r: Rng, mark: number) => Math.round(Math.min(5, Math.max(2, mark + uniform(r, -0.45, 0.45))) * 100) / 100;

function block(w: World, s: School, y: YearInfo, e: Enrolled): Cell[][] {
  const rows: Cell[][] = [[`Учебный год: ${y.full}`], [`Класс: ${e.className}`], [`Ученик: ${e.pupil.fio}`], [], []];
  const per = ['1 Четверть', '2 Четверть', '3 Четверть', '4 Четверть'];
  const fixed = ['Год. оценка', 'Экз. оценка', 'Гос. экз. оценка', 'Итог. оценка'];
  rows.push([null, 'Предмет', 'Учебные периоды', ...Array<Cell>(11).fill(null), ...fixed]);
  rows.push(['№']);
  rows.push(['п/п', null, ...per.flatMap((p): Cell[] => [p, null, null])]);
  rows.push([null, null, ...per.flatMap((): Cell[] => ['Средний балл', 'Ср. взв. балл', 'Итог'])]);
  TABEL_SUBJECTS.forEach((subject, i) => {
    const r = rngFor(w.seed, 'tabel', e.pupil.id, subject);
    const row: Cell[] = [String(i + 1), subject];
    if (!gradedSubject(e, subject)) {
      for (let k = 0; k < 4; k++) row.push(0, 0, null);
      rows.push(row);
      return;
    }
    const m = journalMarks(w.seed, s, e, subject, y.idx, y.spring);
    for (const t of m.terms) {
      const a = avg(r, t);
      row.push(
        a,
        chance(r, 0.6) ? 0 : Math.round(Math.min(5, Math.max(2, a + uniform(r, -0.3, 0.3))) * 100) / 100,
        String(t),
      );
    }
    row.push(String(m.year));
    rows.push(row);
  });
  rows.push([]);
  return rows;
}

function blockMerges(top: number): string[] {
  const h = top + 5; // first header row of the block
  const m = [`B${h}:B${h + 2}`, `C${h}:N${h}`];
  for (let c = 14; c <= 17; c++) m.push(`${col(c)}${h}:${col(c)}${h + 2}`);
  for (let p = 0; p < 4; p++) {
    const a = col(2 + 3 * p),
      b = col(4 + 3 * p);
    m.push(`${a}${h + 1}:${b}${h + 1}`, `${a}${h + 2}:${b}${h + 2}`);
  }
  return m;
}

export async function writeTabel(
  w: World,
  y: YearInfo,
  outDir: string,
): Promise<{ path: string; rows: number } | null> {
  const s = tabelSchool(w, y.spring);
  if (!s) return null;
  const pupils = pop(w, s)
    .roster(y.spring, 8)
    .filter((e) => e.cls === 0);
  const title = fullLegalName(s);
  const rows: Cell[][] = [[title], [], ['Табель успеваемости учащегося'], [], []];
  const merges = ['A1:Z1', 'A3:Z3'];
  pupils.forEach((e, i) => {
    merges.push(...blockMerges(FIRST_BLOCK + i * TABEL_BLOCK));
    rows.push(...block(w, s, y, e));
  });
  const path = join(outDir, `Табель успеваемости ${pupils[0]?.className ?? '8А'} ${s.shortName} ${y.file}.xlsx`);
  await writeXlsx(
    path,
    [
      {
        name: 'Лист1',
        rows,
        merges,
        widths: [27, 14, 9, 9, 9, 9.14, 9, 9, 9.14, 9, 9, 9.14, 9, 9, 9.14, 9, 9, 9],
        style: (row, n) => {
          if (n === 3) {
            row.font = { name: 'Calibri', size: 18, bold: true };
            row.height = 25;
          }
          const k = (n - FIRST_BLOCK) % TABEL_BLOCK;
          if (n >= FIRST_BLOCK && (k === 5 || k === 8))
            row.font = { name: 'DejaVu Serif', size: k === 5 ? 9 : 8, bold: true };
        },
      },
    ],
    true,
  );
  return { path, rows: pupils.length * TABEL_SUBJECTS.length };
}
