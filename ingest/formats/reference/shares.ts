// Shares written by people: «7,5», «7.5», «7,5%», «0,075». Stored as fractions 0..1.
//
// Rule: a set of values (a registry column, or a single target cell) is read as PERCENTS when any of them is
// greater than 1 or carries a «%» sign; otherwise the values are already fractions 0..1. A column of «7,5; 0,5»
// therefore means 7.5 % and 0.5 %; a column of «0,075; 0,5» means 7.5 % and 50 %.

import { cellText, toNumber } from '../../read/values.js';
import type { Cell } from '../../types.js';
import { shown } from '../table.js';

export type ShareScale = 'percent' | 'fraction';

const PERCENT_SIGN = /%\s*$/;

function numberOf(v: Cell | undefined): number | null {
  return toNumber(cellText(v).replace(PERCENT_SIGN, '').trim() || null);
}

export function shareScale(values: (Cell | undefined)[]): ShareScale {
  for (const v of values) {
    if (PERCENT_SIGN.test(cellText(v))) return 'percent';
    const n = numberOf(v);
    if (n !== null && n > 1) return 'percent';
  }
  return 'fraction';
}

export type ShareResult = { ok: true; value: number | null } | { ok: false; message: string };

/** A share cell → fraction 0..1 (null when empty); out-of-range or non-numeric values are errors. */
export function readShare(v: Cell | undefined, scale: ShareScale): ShareResult {
  const text = shown(v);
  if (text === '') return { ok: true, value: null };
  const n = numberOf(v);
  if (n === null)
    return {
      ok: false,
      message: `«${text}» — не число; ожидается доля в процентах (например, 7,5) или в долях единицы (0,075).`,
    };
  if (n < 0 || n > 100) return { ok: false, message: `значение ${text} вне допустимого диапазона 0–100 %.` };
  const value = scale === 'percent' ? n / 100 : n;
  return { ok: true, value: Math.round(value * 1e9) / 1e9 };
}
