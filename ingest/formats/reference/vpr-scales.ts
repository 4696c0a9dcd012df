// ВПР primary → mark scales (formats.md §5.1), CSV or xlsx:
// school_year,subject,kim_grade,mark2_max,mark3_min,mark3_max,mark4_min,mark4_max,mark5_min,max_score
// (school_year, max_score and the *_max columns optional) or Russian headers «Учебный год | Предмет | Класс |
// «2» до | «3» от | «3» до | «4» от | «4» до | «5» от | Максимальный балл». Without a year the row is null-year:
// the loader applies it to the seed years.

import { cellText, parseSchoolYear, toNumber } from '../../read/values.js';
import { canonicalSubject, unknownSubject } from '../../subjects.js';
import type { Cell, FormatModule, ParseContext, Sheet, Workbook, WorkbookProbe } from '../../types.js';
import { type ColumnSpec, captions, headerHits, locateHeader, parseEachSheet, readTable, shown } from '../table.js';

type Bound = 'min' | 'max';
type MarkKey = `m${2 | 3 | 4 | 5}${'Min' | 'Max'}`;
type Key = 'year' | 'subject' | 'kim' | 'maxScore' | MarkKey;

const WORD = (alts: string) => `(?<![\\p{L}\\d])(?:${alts})(?![\\p{L}\\d])`;
const BOUND_WORDS: Record<Bound, string> = {
  min: WORD('от|с|мин|минимум|минимальн\\p{L}*|min|нижн\\p{L}*'),
  max: WORD('до|по|макс|максимум|максимальн\\p{L}*|max|верхн\\p{L}*'),
};
function markSpec(mark: 2 | 3 | 4 | 5, bound: Bound): ColumnSpec<Key> {
  const digit = `(?<!\\d)["«']?${mark}["»']?(?!\\d)`;
  const key = `m${mark}${bound === 'min' ? 'Min' : 'Max'}` as MarkKey;
  return {
    key,
    caption: `mark${mark}_${bound}`,
    match: new RegExp(`^mark${mark}_${bound}$|^(?=.*${digit})(?=.*${BOUND_WORDS[bound]})`, 'u'),
  };
}

const SPECS: ColumnSpec<Key>[] = [
  { key: 'year', caption: 'school_year', match: /^school_year$|учебн\p{L}* год|^год$/u },
  { key: 'subject', caption: 'subject', match: /^subject$|^предмет/, required: true },
  { key: 'kim', caption: 'kim_grade', match: /^kim_grade$|^класс|^kim/, required: true },
  {
    key: 'maxScore',
    caption: 'max_score',
    match: /^max_score$|максимальн\p{L}* (первичн\p{L}* )?балл|^макс\.? балл|^максимум$/u,
  },
  markSpec(2, 'max'),
  markSpec(3, 'min'),
  markSpec(3, 'max'),
  markSpec(4, 'min'),
  markSpec(4, 'max'),
  markSpec(5, 'min'),
];

/** A threshold is known directly (markN_min) or from the previous mark's upper bound + 1. */
function thresholdsKnown(cols: Map<Key, number>): boolean {
  return (
    [
      [3, 'm3Min', 'm2Max'],
      [4, 'm4Min', 'm3Max'],
      [5, 'm5Min', 'm4Max'],
    ] as const
  ).every(([, a, b]) => cols.has(a) || cols.has(b));
}

function detect(probe: WorkbookProbe): number {
  for (const s of probe.sheets) {
    for (const row of s.rows.slice(0, 30)) {
      const h = locateHeader([row], SPECS);
      if (h && thresholdsKnown(h.cols)) return 0.95;
    }
  }
  return headerHits(probe.sheets, SPECS) >= 5 ? 0.6 : 0;
}

async function parseSheet(
  book: Workbook,
  sheet: Sheet,
  ctx: ParseContext,
  seen: Map<string, string>,
): Promise<boolean> {
  const h = await readTable(book, sheet, ctx, SPECS);
  if (!h) return false;
  const { rep, data } = h;
  if (!thresholdsKnown(h.cols))
    throw rep.rejection(
      h.headerRow,
      null,
      `в шапке шкалы нет порогов отметок — нужны столбцы ${captions(['mark3_min', 'mark4_min', 'mark5_min'])} (или «3» от, «4» от, «5» от).`,
    );
  for (const { rowNo, cells } of data) {
    let bad = false;
    const fail = (k: Key, text: string) => {
      bad = true;
      rep.error(rowNo, h.cols.get(k) ?? null, text);
    };
    const int = (k: Key): number | null => {
      const c = h.cols.get(k);
      if (c === undefined || cellText(cells[c]) === '') return null;
      const n = toNumber(cells[c]);
      if (n === null || !Number.isInteger(n) || n < 0) {
        fail(k, `«${shown(cells[c])}» — порог шкалы должен быть целым неотрицательным числом.`);
        return null;
      }
      return n;
    };
    const get = (k: Key): Cell | undefined => {
      const c = h.cols.get(k);
      return c === undefined ? undefined : cells[c];
    };

    const subjectText = cellText(get('subject'));
    const subject = canonicalSubject(subjectText);
    if (!subject) fail('subject', subjectText ? `${unknownSubject(subjectText)}.` : 'не указан предмет.');
    const kim = toNumber(get('kim') ?? null);
    if (kim === null || !Number.isInteger(kim) || kim < 1 || kim > 11)
      fail('kim', `класс КИМ «${shown(get('kim'))}» должен быть целым числом от 1 до 11.`);
    let schoolYear: string | null = null;
    const yearText = cellText(get('year'));
    if (yearText) {
      schoolYear = parseSchoolYear(yearText);
      if (!schoolYear) fail('year', `учебный год «${yearText}» не распознан (ожидается 2024/25 или 2024/2025).`);
    }
    const v = {
      m2Max: int('m2Max'),
      m3Min: int('m3Min'),
      m3Max: int('m3Max'),
      m4Min: int('m4Min'),
      m4Max: int('m4Max'),
      m5Min: int('m5Min'),
      maxScore: int('maxScore'),
    };
    if (bad) continue;
    const m3 = v.m3Min ?? (v.m2Max === null ? null : v.m2Max + 1);
    const m4 = v.m4Min ?? (v.m3Max === null ? null : v.m3Max + 1);
    const m5 = v.m5Min ?? (v.m4Max === null ? null : v.m4Max + 1);
    if (m3 === null || m4 === null || m5 === null) {
      fail(m3 === null ? 'm3Min' : m4 === null ? 'm4Min' : 'm5Min', 'не заполнен порог отметки — строка пропущена.');
      continue;
    }
    const mismatch = (k: Key, actual: number | null, expected: number, what: string) => {
      if (actual !== null && actual !== expected)
        fail(
          k,
          `${what} = ${actual}, а должен быть ${expected} — границы отметок должны идти подряд без пропусков и пересечений.`,
        );
    };
    if (!(m3 < m4 && m4 < m5))
      fail('m4Min', `пороги не возрастают: «3» от ${m3}, «4» от ${m4}, «5» от ${m5} (нужно «3» < «4» < «5»).`);
    mismatch('m2Max', v.m2Max, m3 - 1, 'верхняя граница «2»');
    mismatch('m3Max', v.m3Max, m4 - 1, 'верхняя граница «3»');
    mismatch('m4Max', v.m4Max, m5 - 1, 'верхняя граница «4»');
    if (v.maxScore !== null && v.maxScore < m5)
      fail('maxScore', `максимальный балл ${v.maxScore} меньше нижней границы «5» (${m5}).`);
    const key = `${schoolYear ?? '—'}|${subject}|${kim}`;
    if (!bad && seen.has(key))
      fail(
        'subject',
        `шкала для «${subject}», ${kim} класс${schoolYear ? `, ${schoolYear}` : ''} уже задана (${seen.get(key)}).`,
      );
    if (bad) continue;
    seen.set(key, rep.ref(rowNo));
    ctx.emitScale({
      sheet: sheet.name,
      rowNo,
      schoolYear,
      subject: subject!,
      kimGrade: kim!,
      mark3Min: m3,
      mark4Min: m4,
      mark5Min: m5,
      maxScore: v.maxScore,
    });
  }
  ctx.progress(data.length);
  return true;
}

export const vprScales: FormatModule = {
  id: 'vpr-scales',
  title: 'Шкалы перевода первичных баллов ВПР в отметки',
  detect,
  async parse(book, ctx) {
    const seen = new Map<string, string>();
    await parseEachSheet(
      book,
      (sheet) => parseSheet(book, sheet, ctx, seen),
      `Не найдена шапка шкалы ВПР: нужны столбцы ${captions(['subject', 'kim_grade', 'mark3_min', 'mark4_min', 'mark5_min'])} или «Предмет», «Класс», «3» от, «4» от, «5» от.`,
    );
  },
};
