// Header detection by keywords: real files put the header anywhere in the first rows and phrase it loosely.
import type { Cell } from '../types.js';
import { normText } from './values.js';

/** Index of the first row (within `rows`) whose normalised cells contain every keyword (substring match); -1 if none. */
export function findHeaderRow(rows: Cell[][], keywords: string[], limit = 40): number {
  const kws = keywords.map(normText);
  for (let i = 0; i < Math.min(rows.length, limit); i++) {
    const texts = rows[i]!.map(normText);
    if (kws.every((k) => texts.some((t) => t.includes(k)))) return i;
  }
  return -1;
}

/** Column index of the first header cell matching any of the patterns (string = exact normalised match, RegExp = test). */
export function findColumn(header: Cell[], ...patterns: (string | RegExp)[]): number {
  const texts = header.map(normText);
  for (const p of patterns) {
    const i = texts.findIndex((t) => (typeof p === 'string' ? t === normText(p) : p.test(t)));
    if (i >= 0) return i;
  }
  return -1;
}

/** Header texts of duplicated column names (normalised), for a validation message. */
export function duplicatedHeaders(header: Cell[]): string[] {
  const seen = new Set<string>(),
    dup = new Set<string>();
  for (const t of header.map(normText)) {
    if (!t) continue;
    if (seen.has(t)) dup.add(t);
    seen.add(t);
  }
  return [...dup];
}
