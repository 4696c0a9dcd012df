// Roadmap helpers shared with the dashboard's edit form: stable measure ids and deadline texts → ISO dates.
// A deadline is the LAST day of the stated period, so «сентябрь 2024» is overdue from 1 October.
import { createHash } from 'node:crypto';
import { normText } from './text.js';

/** Stable id of a measure across re-imports; the n-th repeat of the same section and title gets its own id. */
export function measureId(schoolRef: string, section: string | null, title: string, occurrence = 1): string {
  const key = `${normText(schoolRef)}|${normText(section ?? '')}|${normText(title)}${occurrence > 1 ? `#${occurrence}` : ''}`;
  return `m_${createHash('sha1').update(key).digest('hex').slice(0, 16)}`;
}

export interface ProgrammeSpan {
  startYear?: string | null;
  endYear?: string | null;
}
export type DeadlineResult = { ok: true; date: string | null; note?: string } | { ok: false; message: string };

const MONTHS: [RegExp, number][] = [
  [/^январ/, 1],
  [/^феврал/, 2],
  [/^март/, 3],
  [/^апрел/, 4],
  [/^ма[йяе]$/, 5],
  [/^июн/, 6],
  [/^июл/, 7],
  [/^август/, 8],
  [/^сентябр/, 9],
  [/^октябр/, 10],
  [/^ноябр/, 11],
  [/^декабр/, 12],
];
const monthOf = (w: string): number | null => MONTHS.find(([re]) => re.test(w))?.[1] ?? null;
const pad = (n: number): string => String(n).padStart(2, '0');
const lastDay = (y: number, m: number): string => `${y}-${pad(m)}-${pad(new Date(Date.UTC(y, m, 0)).getUTCDate())}`;
/** The school year «2024/25» ends on 31 August 2025. */
const schoolYearEnd = (label: string | null | undefined): string | null => {
  const m = /^(\d{4})\//.exec(label ?? '');
  return m ? `${Number(m[1]) + 1}-08-31` : null;
};
const fullYear = (y: string): number => (y.length === 2 ? 2000 + Number(y) : Number(y));

function isoDay(y: number, m: number, d: number): string | null {
  const dt = new Date(Date.UTC(y, m - 1, d));
  return dt.getUTCFullYear() === y && dt.getUTCMonth() === m - 1 && dt.getUTCDate() === d
    ? `${y}-${pad(m)}-${pad(d)}`
    : null;
}

const RECURRING =
  /ежемесячн|еженедельн|ежедневн|ежегодн|ежеквартальн|постоянн|систематическ|регулярн|по мере|по запрос|по необходимост|кажд|по график|по план|по итогам|по отдельн|в соответстви|не реже/u;
const WHOLE_PROGRAMME =
  /период\p{L}* реализац|весь период|всего периода|срок\p{L}* (реализац|действ)|в течение программ/u;
const WITHIN_YEAR = /в течение (учебного )?года|в течение уч\.? ?г/u;
const TERM_END: Record<string, [number, number]> = { '1': [10, 31], '2': [12, 31], '3': [3, 31], '4': [5, 31] };
const ROMAN: Record<string, string> = { i: '1', ii: '2', iii: '3', iv: '4' };

/**
 * Deadline text → ISO last day of the period. Several periods («Декабрь, 2023; 2024-2025 учебный год») → the latest.
 * Date null for recurring texts («ежемесячно», «по итогам четверти») and, with a note, for unrecognised ones.
 */
export function parseDeadline(text: string, span: ProgrammeSpan = {}): DeadlineResult {
  let t = normText(text);
  if (!t) return { ok: true, date: null };
  const found: string[] = [];
  const take = (re: RegExp, f: (m: RegExpExecArray) => string | { error: string } | null): string | null => {
    for (const m of [...t.matchAll(new RegExp(re.source, re.flags.includes('g') ? re.flags : re.flags + 'g'))]) {
      const r = f(m as RegExpExecArray);
      if (r && typeof r === 'object') return r.error;
      if (!r) continue;
      found.push(r);
      t = t.replace(m[0], ' '.repeat(m[0].length)); // consumed: not read again by a later rule
    }
    return null;
  };
  const bad =
    take(
      /(\d{1,2})\.(\d{1,2})\.(\d{4}|\d{2})(?!\d)/,
      (m) => isoDay(fullYear(m[3]!), Number(m[2]), Number(m[1])) ?? { error: `дата «${m[0]}» не существует.` },
    ) ??
    take(
      /(\d{4})-(\d{2})-(\d{2})/,
      (m) => isoDay(Number(m[1]), Number(m[2]), Number(m[3])) ?? { error: `дата «${m[0]}» не существует.` },
    );
  if (bad) return { ok: false, message: bad };
  const datesFound = found.length;
  // Month words take the first year written after them («март, сентябрь 2025»), else the programme's first year.
  const start = /^(\d{4})\//.exec(span.startYear ?? '');
  let monthWithoutYear: string | null = null;
  const monthBad = take(/(?:(\d{1,2})\s+)?(\p{L}+)/u, (m) => {
    const month = monthOf(m[2]!);
    if (month === null) return null;
    const after = /(\d{4})/.exec(t.slice(m.index + m[0].length));
    const year = after ? Number(after[1]) : start ? (month >= 9 ? Number(start[1]) : Number(start[1]) + 1) : null;
    if (year === null) {
      monthWithoutYear = m[2]!;
      return null;
    }
    if (m[1]) return isoDay(year, month, Number(m[1])) ?? { error: `дата «${m[0]} ${year}» не существует.` };
    return lastDay(year, month);
  });
  if (monthBad) return { ok: false, message: monthBad };
  const hasMonth = found.length > datesFound;
  for (const m of t.matchAll(/(?:^|\s)(\d|iv|iii|ii|i)\s*-?\s*(?:я\s+)?(четверт|полугоди)/gu)) {
    const no = ROMAN[m[1]!] ?? m[1]!;
    const range = /(\d{4})\s*[/\-–—]\s*(\d{2,4})/.exec(t);
    const y0 = range ? Number(range[1]) : start ? Number(start[1]) : null;
    const end = m[2] === 'полугоди' ? (no === '1' ? [12, 31] : [5, 31]) : TERM_END[no];
    if (y0 !== null && end) found.push(`${end[0]! >= 9 ? y0 : y0 + 1}-${pad(end[0]!)}-${pad(end[1]!)}`);
    if (range) t = t.replace(range[0], ' '.repeat(range[0].length)); // the year of the term, not a period of its own
  }
  // «2024-2025», «2024/25 учебный год», «2024–2026 гг.»: the end of the last school year of the range.
  take(/(\d{4})\s*[/\-–—]\s*(\d{4}|\d{2})(?!\d)/, (m) => {
    const a = Number(m[1]),
      b = m[2]!.length === 2 ? Math.floor(a / 100) * 100 + Number(m[2]) : Number(m[2]);
    return b > a && b - a <= 10 ? `${b}-08-31` : null;
  });
  // «2024 год», «до конца 2025 года»: the calendar year (years after month words belong to those).
  if (!hasMonth) take(/(?:^|\D)(20\d{2})(?!\d)/, (m) => `${m[1]}-12-31`);
  if (WHOLE_PROGRAMME.test(t)) {
    const e = schoolYearEnd(span.endYear ?? span.startYear);
    if (e) found.push(e);
    else if (found.length === 0)
      return {
        ok: true,
        date: null,
        note: 'срок «весь период программы» не привязан к дате: в паспорте не указаны годы программы.',
      };
  }
  if (WITHIN_YEAR.test(t)) {
    const e = schoolYearEnd(span.startYear);
    if (e) found.push(e);
    else if (found.length === 0)
      return {
        ok: true,
        date: null,
        note: 'срок «в течение года» не привязан к дате: в паспорте не указан год начала программы.',
      };
  }
  if (found.length > 0) return { ok: true, date: found.sort().at(-1)! };
  if (monthWithoutYear)
    return {
      ok: true,
      date: null,
      note: `в сроке «${text.trim()}» не указан год — укажите, например, «${monthWithoutYear} ${new Date().getUTCFullYear()}».`,
    };
  if (RECURRING.test(t)) return { ok: true, date: null };
  return {
    ok: true,
    date: null,
    note: `срок «${text.trim()}» не распознан как дата — просрочка по этому мероприятию не отслеживается (укажите, например, «ноябрь 2024» или «до 18.11.2024»).`,
  };
}
