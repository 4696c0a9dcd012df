// Values of catalogue indicators by unit (config/indicators.json): share 0..1 as %, index 0..1, mark 2..5,
// score 0..100, count ≥ 0. Pure: used by pages, charts, the xlsx export and the client bundle.
import { fmtInt, fmtNum, numTick, pctTick } from './numbers.js';

export type Unit = 'share' | 'index' | 'mark' | 'score' | 'count';

const isNum = (x: unknown): x is number => typeof x === 'number' && Number.isFinite(x);

/** 0.384 (share) → «38,4 %»; 0.4 (index) → «0,400»; 3.61 (mark) → «3,61»; null → «—». */
export function fmtUnit(x: number | null | undefined, unit: string): string {
  if (!isNum(x)) return '—';
  switch (unit) {
    case 'share':
      return `${fmtNum(100 * x, 1)} %`;
    case 'index':
      return fmtNum(x, 3);
    case 'mark':
      return fmtNum(x, 2);
    case 'score':
      return fmtNum(x, 1);
    case 'count':
      return Number.isInteger(x) ? fmtInt(x) : fmtNum(x, 1);
    default:
      return fmtNum(x, 2);
  }
}

/** A difference in the indicator's unit: shares in percentage points («+5,2 п. п.»), signed. */
export function fmtUnitDelta(x: number | null | undefined, unit: string, signed = true): string {
  if (!isNum(x)) return '—';
  const abs = Math.abs(x);
  const body = unit === 'share' ? `${fmtNum(100 * abs, 1)} п. п.` : fmtUnit(abs, unit);
  if (!signed || x === 0) return body;
  return `${x > 0 ? '+' : '−'}${body}`;
}

/** Axis ticks of a unit. */
export const unitTick = (unit: string): ((d: number) => string) => (unit === 'share' ? pctTick : numTick);

/** Excel number format of a unit (the xlsx export). */
export const unitNumFmt = (unit: string): string =>
  unit === 'share' ? '0.0%' : unit === 'index' ? '0.000' : unit === 'count' ? '0' : unit === 'score' ? '0.0' : '0.00';
