// A large journal «сводная ведомость итоговых отметок» as the CSV variant demo/write-journal.ts writes:
// CP1251, `;`, CRLF, `Код ОО;Учебный год;Класс;Ученик;Предмет;Период;Отметка`. The layout has no decimal
// column; real journal exports often append the period average, so an extra `Средний балл` column with a
// decimal comma («4,25») is added: the vedomost parser ignores it (avg_mark stays NULL), DuckDB parses it as
// DOUBLE (decimal_separator = ','). A UTF-8 twin with identical content is written for the DuckDB reference.

import { closeSync, existsSync, mkdirSync, openSync, renameSync, statSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import iconv from 'iconv-lite';
import { fullName, randomName } from '../demo/names.js';
import { mulberry32 } from '../demo/rng.js';
import { CACHE_DIR } from './paths.js';

const GEN_VERSION = 1;
export const CSV_HEADER = ['Код ОО', 'Учебный год', 'Класс', 'Ученик', 'Предмет', 'Период', 'Отметка', 'Средний балл'];
const SUBJECTS = [
  'Русский язык',
  'Литература',
  'Математика',
  'Алгебра',
  'Геометрия',
  'История',
  'Обществознание',
  'География',
  'Биология',
  'Физика',
  'Химия',
  'Английский язык',
];
const PERIODS = ['1 четверть', '2 четверть', '3 четверть', '4 четверть', 'Год'];
const PUPILS_PER_SCHOOL = 480;

export interface CsvFiles {
  cp1251: string;
  utf8: string;
  rows: number;
  cp1251Bytes: number;
}

function* lines(n: number): Generator<string> {
  const r = mulberry32(1251);
  yield CSV_HEADER.join(';');
  let emitted = 0;
  for (let school = 0; emitted < n; school++) {
    const code = String(1001 + school);
    for (let p = 0; p < PUPILS_PER_SCHOOL && emitted < n; p++) {
      const grade = 5 + (p % 7);
      const cls = `${grade}${'АБВ'[Math.floor(p / 7) % 3]}`;
      const fio = fullName(randomName(r, r() < 0.5 ? 'м' : 'ж'));
      const ability = r();
      const subjects = SUBJECTS.slice(0, 8 + (grade >= 7 ? 2 : 0));
      for (const subject of subjects) {
        for (const period of PERIODS) {
          if (emitted >= n) return;
          const u = r();
          const mark =
            u < 0.004 ? 'н/а' : String(Math.min(5, Math.max(2, Math.round(2.4 + ability * 2.6 + (r() - 0.5) * 1.2))));
          const avg =
            mark === 'н/а' || r() < 0.1
              ? ''
              : Math.min(5, Math.max(2, 2.3 + ability * 2.7 + (r() - 0.5)))
                  .toFixed(2)
                  .replace('.', ',');
          yield `${code};2024/2025;${cls};${fio};${subject};${period};${mark};${avg}`;
          emitted++;
        }
      }
    }
  }
}

/** Cached pair of files with `n` data rows (CP1251 for the ingest, UTF-8 for DuckDB). */
export function vedomostCsv(n: number): CsvFiles {
  const dir = join(CACHE_DIR, `vedomost-v${GEN_VERSION}-${n}`);
  const cp1251 = join(dir, `ведомость_итоговых_отметок_${n}.csv`);
  const utf8 = join(dir, `vedomost_utf8_${n}.csv`);
  if (!existsSync(cp1251) || !existsSync(utf8)) {
    mkdirSync(dir, { recursive: true });
    const tmpA = `${cp1251}.partial`,
      tmpB = `${utf8}.partial`;
    const a = openSync(tmpA, 'w'),
      b = openSync(tmpB, 'w');
    let batch: string[] = [];
    const flush = () => {
      const text = batch.join('\r\n') + '\r\n';
      writeSync(a, iconv.encode(text, 'win1251'));
      writeSync(b, Buffer.from(text, 'utf8'));
      batch = [];
    };
    for (const l of lines(n)) {
      batch.push(l);
      if (batch.length >= 20000) flush();
    }
    if (batch.length) flush();
    closeSync(a);
    closeSync(b);
    renameSync(tmpA, cp1251);
    renameSync(tmpB, utf8);
  }
  return { cp1251, utf8, rows: n, cp1251Bytes: statSync(cp1251).size };
}
