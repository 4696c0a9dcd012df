// Infers the school period of a report from its date range («с 24.03.25 по 24.05.25»).
import type { PeriodKind } from '../../types.js';

export interface PeriodGuess {
  kind: PeriodKind;
  no: number | null;
  sure: boolean;
  from: Date;
  to: Date;
}

function parseDate(s: string): Date | null {
  const m = /^(\d{1,2})\.(\d{1,2})\.(\d{2}|\d{4})$/.exec(s);
  if (!m) return null;
  const y = m[3]!.length === 2 ? 2000 + Number(m[3]) : Number(m[3]);
  const d = new Date(Date.UTC(y, Number(m[2]) - 1, Number(m[1])));
  return d.getUTCDate() === Number(m[1]) ? d : null;
}

/** 'с 24.03.25 по 24.05.25' → dates; null when not recognised or the range is reversed. */
export function parseRange(text: string): { from: Date; to: Date } | null {
  const m = /с\s*(\d{1,2}\.\d{1,2}\.\d{2,4})\s*(?:г\.?)?\s*(?:по|-|–|—)\s*(\d{1,2}\.\d{1,2}\.\d{2,4})/i.exec(text);
  if (!m) return null;
  const from = parseDate(m[1]!),
    to = parseDate(m[2]!);
  return from && to && from <= to ? { from, to } : null;
}

/**
 * Russian school calendars: четверти end ≈ late Oct/early Nov, late Dec, ≈ 20–25 Mar, late May;
 * триместры end late Nov, late Feb, late May; полугодия end late Dec and late May.
 */
export function guessPeriod(text: string): PeriodGuess | null {
  const r = parseRange(text);
  if (!r) return null;
  const { from, to } = r;
  const days = Math.round((to.getTime() - from.getTime()) / 86_400_000) + 1;
  const fm = from.getUTCMonth() + 1,
    tm = to.getUTCMonth() + 1,
    td = to.getUTCDate();
  const g = (kind: PeriodKind, no: number | null, sure: boolean): PeriodGuess => ({ kind, no, sure, from, to });
  if (days > 240) return g('год', null, fm >= 8 && fm <= 9 && tm >= 5 && tm <= 6);
  if (days > 115) {
    if (fm >= 8 && fm <= 9 && (tm === 12 || tm === 1)) return g('полугодие', 1, true);
    if (fm >= 1 && fm <= 2 && tm >= 5 && tm <= 6) return g('полугодие', 2, true);
    return g('полугодие', tm >= 1 && tm <= 6 ? 2 : 1, false);
  }
  // Trimesters: the 2nd ends in February; the 1st runs Sep → late Nov; the 3rd starts by early March.
  if (tm === 2 || (tm === 3 && td <= 5)) return g('триместр', 2, days > 60);
  if (fm === 9 && tm === 11 && td >= 15) return g('триместр', 1, days > 70);
  if (tm >= 5 && tm <= 6 && (fm === 2 || (fm === 3 && from.getUTCDate() <= 10)) && days > 75)
    return g('триместр', 3, true);
  // Quarters by the end month.
  const q =
    tm >= 9 && tm <= 11 ? 1 : tm === 12 || tm === 1 ? 2 : tm >= 3 && tm <= 4 ? 3 : tm >= 5 && tm <= 8 ? 4 : null;
  if (q === null) return g('четверть', null, false);
  const sure = days >= 40 && (q !== 4 || (fm >= 3 && fm <= 4)) && (q !== 1 || fm === 9) && (q !== 3 || fm === 1);
  return g('четверть', q, sure);
}
