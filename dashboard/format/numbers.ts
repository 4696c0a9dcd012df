// Russian number formats (decimal comma, thin-space thousands). Pure: used by pages, charts and the client bundle.
import { plural } from '../../domain/text.js';

const cache = new Map<string, Intl.NumberFormat>();

function nf(min: number, max: number): Intl.NumberFormat {
  const key = `${min}:${max}`;
  let f = cache.get(key);
  if (!f) {
    // signDisplay 'negative': a value that rounds to zero prints «0», not «-0».
    f = new Intl.NumberFormat('ru-RU', {
      minimumFractionDigits: min,
      maximumFractionDigits: max,
      signDisplay: 'negative',
    });
    cache.set(key, f);
  }
  return f;
}

/** ru-RU formats negatives with a hyphen («-0,5»); Russian typography (and every page, chart and tick) uses «−». */
const ru = (f: Intl.NumberFormat, x: number): string =>
  f
    .format(x)
    .replace(/\u00a0/g, ' ')
    .replace(/^-/, '−');

const isNum = (x: unknown): x is number => typeof x === 'number' && Number.isFinite(x);

/** Russian plural agreement: plural(1, ['строка', 'строки', 'строк']) → «строка», 3 → «строки», 11 → «строк». One helper for the ingest reports and the pages. */
export { plural };

/** «1 строка», «3 строки», «25 строк»: a count with its agreed noun. */
export const countText = (n: number, forms: [string, string, string]): string => `${fmtInt(n)} ${plural(n, forms)}`;

/** 0.384 → «0,38»; null → «—». */
export function fmtNum(x: number | null | undefined, digits = 2): string {
  return isNum(x) ? ru(nf(digits, digits), x) : '—';
}

/** Integer with a space as thousands separator: 1234 → «1 234». */
export function fmtInt(x: number | null | undefined): string {
  return isNum(x) ? ru(nf(0, 0), x) : '—';
}

/** Share 0..1 → «38,4 %» (digits after the comma, default 1). */
export function fmtPct(x: number | null | undefined, digits = 1): string {
  return isNum(x) ? `${ru(nf(digits, digits), 100 * x)} %` : '—';
}

/** Signed change: +0,05 / −0,12. */
export function fmtSigned(x: number | null | undefined, digits = 2): string {
  if (!isNum(x)) return '—';
  const s = ru(nf(digits, digits), Math.abs(x));
  if (/^[0,]+$/.test(s)) return s; // rounds to zero: no sign
  return x > 0 ? `+${s}` : x < 0 ? `−${s}` : s;
}

/** A signed difference of shares in percentage points: 0.123 → «+12,3 п.п.». */
export const fmtPp = (x: number | null | undefined, digits = 1): string =>
  isNum(x) ? `${fmtSigned(100 * x, digits)} п.п.` : '—';

/** Axis tick formatter for shares: 0.25 → «25 %». */
export const pctTick = (d: number): string => `${ru(nf(0, 0), 100 * d)} %`;
/** A file size in human units: «96 байт», «1,5 КБ», «12 КБ», «3,4 МБ», «50 МБ» (1 КБ = 1024 байта). */
export function fileSize(bytes: number): string {
  if (!isNum(bytes)) return '—';
  const units = ['КБ', 'МБ', 'ГБ'];
  if (Math.abs(bytes) < 1024) return `${fmtInt(bytes)} ${plural(Math.round(bytes), ['байт', 'байта', 'байт'])}`;
  let v = bytes / 1024,
    u = 0;
  while (Math.abs(v) >= 1024 && u < units.length - 1) {
    v /= 1024;
    u++;
  }
  return `${nf(0, v < 10 ? 1 : 0)
    .format(v)
    .replace(/\u00a0/g, ' ')} ${units[u]}`;
}
/** Axis tick formatter for plain numbers with a decimal comma. */
export const numTick = (d: number): string => ru(nf(0, 2), d);
