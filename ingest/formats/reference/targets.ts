// Programme targets (long form): Код ОО | Учебный год | Показатель | Предмет | Класс | Базовое значение | Плановое значение.
// The programme workbook (../programme) covers the same with baseline years; this form stays for committee lists.
// Indicator captions map to ids (indicators.ts). Share indicators are stored as fractions 0..1 with the rule of
// shares.ts applied to each cell: «98», «98%» → 0.98; «0,98» → 0.98; a bare «1» is read as 1.0 (100 %) with a warning.

import { type Indicator, indicatorOf, KNOWN_INDICATORS } from '../../../domain/indicators.js';
import { cellText, parseSchoolYear, toCode, toNumber } from '../../read/values.js';
import { canonicalSubject, unknownSubject } from '../../subjects.js';
import type { Cell, FormatModule, ParseContext, Sheet, Workbook, WorkbookProbe } from '../../types.js';
import { type ColumnSpec, captions, headerHits, parseEachSheet, readTable, shown } from '../table.js';
import { readShare, shareScale } from './shares.js';

type Key = 'code' | 'year' | 'indicator' | 'subject' | 'grade' | 'baseline' | 'planned';
const SPECS: ColumnSpec<Key>[] = [
  { key: 'code', caption: 'Код ОО', match: /^код (оо|оу|школы|организации)|^оо$|^логин|^school/u, required: true },
  { key: 'year', caption: 'Учебный год', match: /учебн\p{L}* год|^год$|^school_year$/u, required: true },
  { key: 'indicator', caption: 'Показатель', match: /показател|индикатор|^indicator$/, required: true },
  { key: 'subject', caption: 'Предмет', match: /^предмет|^subject$/ },
  { key: 'grade', caption: 'Класс', match: /^класс|параллел|^grade$/ },
  { key: 'baseline', caption: 'Базовое значение', match: /базов|исходн|^baseline$/ },
  { key: 'planned', caption: 'Плановое значение', match: /планов|целев|^план$|^planned$/, required: true },
];
const LOGIN = /^(sch|ksh|edu)\d{6}$/i;

type ValueResult = { ok: true; value: number | null; note?: string } | { ok: false; message: string };

/** A target value in the indicator's unit; shares → fractions 0..1. */
export function targetValue(ind: Indicator, v: Cell | undefined): ValueResult {
  const text = shown(v);
  if (text === '') return { ok: true, value: null };
  if (ind.unit === 'share') {
    const scale = shareScale([v]);
    const r = readShare(v, scale);
    if (!r.ok) return r;
    const note =
      scale === 'fraction' && r.value === 1
        ? `значение «${text}» понято как доля 1,0 (100 %); если имелся в виду 1 %, укажите «1%».`
        : undefined;
    return { ok: true, value: r.value, note };
  }
  const n = toNumber(v);
  if (n === null) return { ok: false, message: `«${text}» — не число.` };
  if (ind.unit === 'count')
    return Number.isInteger(n) && n >= 0
      ? { ok: true, value: n }
      : { ok: false, message: `${text}: количество должно быть целым неотрицательным числом.` };
  const [lo, hi, what] =
    ind.unit === 'index'
      ? [0, 1, 'индекс от 0 до 1 (например, 0,438)']
      : ind.unit === 'mark'
        ? [2, 5, 'средняя отметка от 2 до 5']
        : [0, 100, 'средний балл от 0 до 100'];
  if (n < lo || n > hi) return { ok: false, message: `значение ${text} вне диапазона: ожидается ${what}.` };
  return { ok: true, value: n };
}

function detect(probe: WorkbookProbe): number {
  const hits = headerHits(probe.sheets, SPECS);
  return hits >= 4 ? Math.min(0.97, 0.8 + 0.05 * (hits - 4)) : 0;
}

async function parseSheet(
  book: Workbook,
  sheet: Sheet,
  ctx: ParseContext,
  seen: Map<string, string>,
): Promise<boolean> {
  const t = await readTable(book, sheet, ctx, SPECS);
  if (!t) return false;
  const { rep, data } = t;
  const col = (k: Key) => t.cols.get(k) ?? null;
  const get = (cells: Cell[], k: Key): Cell | undefined => {
    const c = col(k);
    return c === null ? undefined : cells[c];
  };
  for (const { rowNo, cells } of data) {
    let bad = false;
    const fail = (k: Key, text: string) => {
      bad = true;
      rep.error(rowNo, col(k), text);
    };
    let ref = toCode(get(cells, 'code'));
    if (LOGIN.test(ref)) ref = ref.toLowerCase();
    if (!ref) fail('code', 'не указан код ОО.');
    const yearText = cellText(get(cells, 'year'));
    const schoolYear = parseSchoolYear(yearText);
    if (!schoolYear)
      fail(
        'year',
        yearText
          ? `учебный год «${yearText}» не распознан (ожидается 2024/25 или 2024/2025).`
          : 'не указан учебный год.',
      );
    const indText = cellText(get(cells, 'indicator'));
    const ind = indicatorOf(indText);
    if (!ind)
      fail(
        'indicator',
        `${indText ? `показатель «${indText}» неизвестен` : 'не указан показатель'}; известные показатели: ${KNOWN_INDICATORS}.`,
      );
    const subjectText = cellText(get(cells, 'subject'));
    let subject: string | null = subjectText ? canonicalSubject(subjectText) : null;
    if (subjectText && !subject) fail('subject', `${unknownSubject(subjectText)}.`);
    const gradeText = cellText(get(cells, 'grade'));
    let grade: number | null = gradeText ? toNumber(get(cells, 'grade')) : null;
    if (gradeText && (grade === null || !Number.isInteger(grade) || grade < 1 || grade > 11))
      fail('grade', `класс «${shown(get(cells, 'grade'))}» должен быть целым числом от 1 до 11.`);
    if (!ind) continue;
    if (subject && !ind.bySubject) {
      rep.warning(
        rowNo,
        col('subject'),
        `показатель «${ind.caption}» считается по ОО в целом, без разбивки по предметам; предмет «${subjectText}» не учтён.`,
      );
      subject = null;
    }
    if (grade !== null && !ind.byGrade) {
      if (!bad)
        rep.warning(
          rowNo,
          col('grade'),
          `показатель «${ind.caption}» считается без разбивки по классам; класс ${gradeText} не учтён.`,
        );
      grade = null;
    }
    const value = (k: 'planned' | 'baseline'): number | null => {
      const r = targetValue(ind, get(cells, k));
      if (!r.ok) {
        fail(k, r.message);
        return null;
      }
      if (r.note) rep.warning(rowNo, col(k), r.note);
      return r.value;
    };
    const planned = value('planned');
    const baseline = value('baseline');
    if (planned === null && !bad) fail('planned', 'не указано плановое значение.');
    const key = [ref, schoolYear, ind.id, subject, grade].join('|');
    if (!bad && seen.has(key))
      fail(
        'indicator',
        `цель «${ind.caption}» для ОО ${ref} на ${schoolYear}${subject ? `, ${subject}` : ''}${grade ? `, ${grade} класс` : ''} уже задана (${seen.get(key)}).`,
      );
    if (bad) continue;
    seen.set(key, rep.ref(rowNo));
    ctx.emitTarget({
      sheet: sheet.name,
      rowNo,
      schoolRef: ref,
      schoolYear: schoolYear!,
      indicator: ind.id,
      subject,
      grade,
      planned: planned!,
      baseline,
    });
  }
  ctx.progress(data.length);
  return true;
}

export const targets: FormatModule = {
  id: 'programme-targets',
  title: 'Целевые показатели программы',
  detect,
  async parse(book, ctx) {
    const seen = new Map<string, string>();
    await parseEachSheet(
      book,
      (sheet) => parseSheet(book, sheet, ctx, seen),
      `Не найдена шапка целевых показателей: нужны столбцы ${captions(SPECS.filter((s) => s.required).map((s) => s.caption))} (необязательные — ${captions(['Предмет', 'Класс', 'Базовое значение'])}).`,
    );
  },
};
