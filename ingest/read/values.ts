// Coercions shared by every parser: real files mix numbers and text in one column.
import type { Cell } from '../types.js';

export { normText } from '../../domain/text.js';

/** Raw text of a cell, trimmed; '' for empty. */
export function cellText(v: Cell | undefined): string {
  if (v === null || v === undefined) return '';
  if (v instanceof Date) return v.toISOString().slice(0, 10);
  return String(v)
    .replace(/\u00a0/g, ' ')
    .trim();
}

/** '14' → 14, '3,79' → 3.79, 14 → 14, '1 234' → 1234; anything else → null. */
export function toNumber(v: Cell | undefined): number | null {
  if (v === null || v === undefined) return null;
  if (typeof v === 'number') return Number.isFinite(v) ? v : null;
  if (typeof v === 'boolean' || v instanceof Date) return null;
  const s = v.replace(/[\u00a0\s]/g, '').replace(',', '.');
  if (s === '' || !/^[-+]?(\d+\.?\d*|\.\d+)(e[-+]?\d+)?$/i.test(s)) return null;
  const n = Number(s);
  return Number.isFinite(n) ? n : null;
}

/** A whole number or null (1234.0 → 1234). */
export function toInt(v: Cell | undefined): number | null {
  const n = toNumber(v);
  return n !== null && Number.isInteger(n) ? n : null;
}

/** Numeric identifiers that arrive as floats ('1234.0', 1234) → '1234'; other text is kept trimmed. */
export function toCode(v: Cell | undefined): string {
  const n = toNumber(v);
  if (n !== null && Number.isInteger(n)) return String(n);
  return cellText(v);
}

/** Excel column letter for a 0-based index (0 → 'A'). */
export function columnLetter(i: number): string {
  let s = '';
  for (let n = i + 1; n > 0; n = Math.floor((n - 1) / 26)) s = String.fromCharCode(65 + ((n - 1) % 26)) + s;
  return s;
}

/** '2021' (spring ВПР/ГИА) → '2020/21'; school year of a date (Sep–Dec → y/y+1, Jan–Aug → y-1/y). */
export function schoolYearOfDate(iso: string): string {
  const y = Number(iso.slice(0, 4));
  const m = Number(iso.slice(5, 7));
  return m >= 9 ? yearLabel(y) : yearLabel(y - 1);
}
/** Start year of the school year a moment falls in (September starts a new one; UTC). */
export function currentSchoolYearStart(now = new Date()): number {
  return now.getUTCMonth() >= 8 ? now.getUTCFullYear() : now.getUTCFullYear() - 1;
}

export function yearLabel(startYear: number): string {
  return `${startYear}/${String((startYear + 1) % 100).padStart(2, '0')}`;
}
/** '2024/2025' | '2024/25' | '2024-2025' → '2024/25'; null when not a school year. */
export function parseSchoolYear(s: string): string | null {
  const m = /(\d{4})\s*[/\-–]\s*(\d{2,4})/.exec(s);
  if (!m) return null;
  const a = Number(m[1]);
  const b = Number(m[2]!.length === 2 ? String(a).slice(0, 2) + m[2] : m[2]);
  return b === a + 1 ? yearLabel(a) : null;
}
