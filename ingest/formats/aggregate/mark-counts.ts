// Recovering mark counts from the percentages of «Статистика по отметкам».
//
// Rule: the counts n_k = round(p_k × N / 100) are emitted (sharesOnly = false) only when they are the UNIQUE
// integers consistent with the printed percentages: each p_k is reproduced by 100·n_k/N within half a unit of
// the last printed decimal (of the row's most precise cell), that interval is narrower than one pupil (so no
// other count fits), and the four counts add up to N. Otherwise the shares p_k/100 are kept with
// sharesOnly = true and SQL multiplies them by the participants. Schools and municipalities are usually exact;
// the region and «Вся выборка» (tens of thousands of pupils, percents to 0.01) are not.

import { cellText, toNumber } from '../../read/values.js';
import type { Cell } from '../../types.js';

/** Decimal places the value was written with: text after the separator; numbers by their shortest form. */
export function printedDecimals(v: Cell | undefined): number {
  const t = typeof v === 'number' ? String(v) : cellText(v).replace('%', '').trim();
  if (/e/i.test(t)) return 10;
  const m = /[.,](\d+)$/.exec(t);
  return m ? Math.min(m[1]!.length, 10) : 0;
}

export function countsFromPercents(cells: (Cell | undefined)[], participants: number | null): number[] | null {
  if (participants === null || !Number.isInteger(participants) || participants <= 0) return null;
  // xlsx numbers drop trailing zeros (7.00 → 7): the row's cells share one format, so take the most precise.
  const halfUnit = 0.5 * 10 ** -Math.max(...cells.map(printedDecimals)); // percentage points
  const counts: number[] = [];
  for (const v of cells) {
    const p = toNumber(typeof v === 'string' ? v.replace('%', '').trim() : (v ?? null));
    if (p === null) return null;
    if ((2 * halfUnit * participants) / 100 >= 1) return null; // more than one count fits the printed value
    const n = Math.round((p * participants) / 100);
    if (Math.abs((100 * n) / participants - p) > halfUnit + 1e-9) return null;
    counts.push(n);
  }
  return counts.reduce((a, b) => a + b, 0) === participants ? counts : null;
}
