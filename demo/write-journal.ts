// Journal exports: a flat «сводная ведомость итоговых отметок» per school and year,
// as xlsx (title rows, header on row 4) or CP1251 CSV with a leading `Код ОО` column.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import iconv from 'iconv-lite';
import { journalMarks, termCount } from './journal.js';
import { rngFor } from './rng.js';
import type { School } from './schools.js';
import type { VprWork } from './vpr-works.js';
import { pop, type World, type YearInfo } from './world.js';
import { type Cell, writeXlsx } from './xlsx.js';

export const JOURNAL_HEADER = ['Учебный год', 'Класс', 'Ученик', 'Предмет', 'Период', 'Отметка'];
export const JOURNAL_GRADES = [4, 5, 6, 7, 8, 9, 11];
const FILLERS = ['История', 'Биология', 'География', 'Обществознание'];

/** Subjects recorded for a grade: the ВПР/ГИА subjects, about five per pupil. */
export function journalSubjects(grade: number, works: VprWork[]): string[] {
  if (grade === 4) return ['Русский язык', 'Математика', 'Окружающий мир'];
  if (grade === 9) return ['Русский язык', 'Математика', 'Обществознание', 'География', 'История'];
  if (grade >= 10) return ['Русский язык', 'Математика', 'Обществознание', 'История', 'Биология'];
  const out = ['Русский язык', 'Математика'];
  for (const w of works) if (w.grade === grade && !out.includes(w.subject)) out.push(w.subject);
  for (const f of FILLERS) if (out.length < 5 && !out.includes(f)) out.push(f);
  return out;
}

export const periodNames = (s: School): string[] =>
  Array.from({ length: termCount(s) }, (_, i) => `${i + 1} ${s.termKind}`);

/** Data rows (without the `Код ОО` column) for one school and year. */
export function journalRows(w: World, s: School, y: YearInfo, works: VprWork[], withTerms: boolean): Cell[][] {
  const out: Cell[][] = [];
  const periods = periodNames(s);
  const low = s.planted.includes('low');
  for (const grade of JOURNAL_GRADES) {
    const subjects = journalSubjects(grade, works);
    for (const e of pop(w, s).roster(y.spring, grade)) {
      if (e.cls !== 0 && grade !== 9) continue; // one class per parallel, all of grade 9
      for (const subject of subjects) {
        const m = journalMarks(w.seed, s, e, subject, y.idx, y.spring);
        const r = rngFor(w.seed, 'special', e.pupil.id, subject, y.spring);
        const u = r();
        const special = u < (low ? 0.01 : 0.003) ? 'н/а' : u > 0.9985 ? 'осв' : u > 0.997 ? 'зач' : null;
        const base: Cell[] = [y.full, e.className, e.pupil.fio, subject];
        if (withTerms) {
          m.terms.forEach((t, i) => {
            const last = i === m.terms.length - 1;
            out.push([...base, periods[i] ?? '', special === 'осв' || (special && last) ? special : String(t)]);
          });
        }
        out.push([...base, 'Год', special ?? String(m.year)]);
      }
    }
  }
  return out;
}

export async function writeJournal(
  w: World,
  s: School,
  y: YearInfo,
  works: VprWork[],
  withTerms: boolean,
  outDir: string,
): Promise<{ path: string; rows: number }> {
  const rows = journalRows(w, s, y, works, withTerms);
  if (s.journalFormat === 'xlsx') {
    const path = join(outDir, `Ведомость ${s.shortName} ${y.file}.xlsx`);
    const sheet: Cell[][] = [['Сводная ведомость итоговых отметок'], [`ОО: ${s.name}`], [], JOURNAL_HEADER, ...rows];
    await writeXlsx(path, [{ name: 'Ведомость', rows: sheet, widths: [12, 8, 36, 20, 14, 10] }]);
    return { path, rows: rows.length };
  }
  const lines = [
    ['Код ОО', ...JOURNAL_HEADER].join(';'),
    ...rows.map((r) => [s.code, ...r].map((v) => v ?? '').join(';')),
  ];
  const path = join(outDir, `ведомость_${s.code}_${y.file}.csv`);
  writeFileSync(path, iconv.encode(lines.join('\r\n') + '\r\n', 'win1251'));
  return { path, rows: rows.length };
}
