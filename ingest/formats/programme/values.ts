// Cell readers of the programme workbook: school years, periods and indicator values in the indicator's unit.
import type { IndicatorUnit } from '../../../domain/indicators.js';
import { cellText, parseSchoolYear, toNumber } from '../../read/values.js';
import type { Cell } from '../../types.js';
import { readShare, type ShareScale, shareScale } from '../reference/shares.js';

export type Read<T> = { ok: true; value: T; note?: string } | { ok: false; message: string };

/**
 * A school year: «2024/25», «2024/2025», «2024-2025», «2024–25 уч. г.» → '2024/25'. A bare «2025» is refused: in
 * passports it means the calendar year, the spring of 2024/25 or the start of 2025/26 alike.
 */
export function readSchoolYear(v: Cell | undefined): Read<string | null> {
  const text = v instanceof Date ? '' : cellText(v);
  if (v instanceof Date)
    return {
      ok: false,
      message: `вместо учебного года указана дата (${cellText(v)}); введите учебный год текстом, например «2024/25».`,
    };
  if (!text) return { ok: true, value: null };
  const y = parseSchoolYear(text);
  if (y) return { ok: true, value: y };
  const bare = /^(\d{4})(\s*(г\.?|год))?$/u.exec(text);
  if (bare) {
    const n = Number(bare[1]);
    return {
      ok: false,
      message: `год «${text}» неоднозначен: укажите учебный год — ${n - 1}/${String(n % 100).padStart(2, '0')} (если имеется в виду весна ${n} г.) или ${n}/${String((n + 1) % 100).padStart(2, '0')}.`,
    };
  }
  return { ok: false, message: `учебный год «${text}» не распознан (ожидается, например, «2024/25» или «2024/2025»).` };
}

/** «1», «1 четверть», «I четверть», «четверть 2» → 1..4; «год», «за год», «итог», empty → null (the whole year). */
export function readTerm(v: Cell | undefined): Read<number | null> {
  const t = cellText(v).toLowerCase().replace(/ё/g, 'е');
  if (!t || /^(за\s+)?(учебн\p{L}*\s+)?год|^итог|^годов/u.test(t)) return { ok: true, value: null };
  const m = /^(?:(\d|iv|iii|ii|i)\s*-?\s*(?:я\s+)?(?:четверть)?|четверть\s*(\d))\.?$/u.exec(t);
  const raw = m ? (m[1] ?? m[2])! : '';
  const n = { i: 1, ii: 2, iii: 3, iv: 4 }[raw] ?? Number(raw);
  if (m && n >= 1 && n <= 4) return { ok: true, value: n };
  return { ok: false, message: `период «${cellText(v)}» не распознан: укажите «1 четверть» … «4 четверть» или «год».` };
}

// «не менее 80%», «до 10 %», «≥ 3»: the number is the target itself.
const QUALIFIER =
  /^(не\s+менее|не\s+более|не\s+меньше|не\s+больше|не\s+ниже|не\s+выше|более|менее|больше|меньше|свыше|до|от|≥|≤|>=|<=|>|<)\s*/iu;
const YES = /^(да|имеется|есть|наличие|в наличии|создан\p{L}*|утвержден\p{L}*|разработан\p{L}*)$/iu;
const NO = /^(нет|отсутству\p{L}*|не имеется)$/iu;

/** The cell without a leading «не менее» and the like (kept as a number when it was one). */
export function stripQualifier(v: Cell | undefined): Cell | undefined {
  if (typeof v !== 'string') return v;
  const t = v
    .replace(/\u00a0/g, ' ')
    .trim()
    .replace(QUALIFIER, '');
  return t;
}

/** The scale of a row's share values (one rule for a whole row: see reference/shares.ts). */
export function rowShareScale(values: (Cell | undefined)[]): ShareScale {
  return shareScale(values.map(stripQualifier));
}

/** A value in the indicator's unit; shares → fractions 0..1 by `scale`; counts accept «имеется»/«нет» as 1/0. */
export function readValue(
  unit: IndicatorUnit,
  v: Cell | undefined,
  scale: ShareScale = shareScale([stripQualifier(v)]),
): Read<number | null> {
  const text = cellText(v);
  if (text === '') return { ok: true, value: null };
  const c = stripQualifier(v);
  if (unit === 'share') {
    const r = readShare(c, scale);
    return r.ok ? { ok: true, value: r.value } : r;
  }
  if (unit === 'count') {
    if (typeof c === 'string' && YES.test(c)) return { ok: true, value: 1 };
    if (typeof c === 'string' && NO.test(c)) return { ok: true, value: 0 };
  }
  const n = toNumber(typeof c === 'string' ? c.replace(/\s*(чел|шт|ед|пар|раз)\p{L}*\.?$/iu, '') : c);
  if (n === null) return { ok: false, message: `«${text}» — не число.` };
  if (unit === 'count') {
    if (!(Number.isInteger(n) && n >= 0))
      return { ok: false, message: `${text}: количество должно быть целым неотрицательным числом.` };
    return { ok: true, value: n };
  }
  const [lo, hi, what] =
    unit === 'index'
      ? [0, 1, 'индекс от 0 до 1 (например, 0,438)']
      : unit === 'mark'
        ? [2, 5, 'средняя отметка от 2 до 5']
        : [0, 100, 'балл от 0 до 100'];
  if (n < lo || n > hi) return { ok: false, message: `значение ${text} вне диапазона: ожидается ${what}.` };
  return { ok: true, value: n };
}
