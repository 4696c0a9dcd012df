// Helpers shared by the electronic-journal parsers: mark cells, subjects, class/grade, labelled lines.

import { cellText, normText, toNumber } from '../../read/values.js';
import { canonicalSubject } from '../../subjects.js';
import type { Cell, PeriodKind } from '../../types.js';

export type MarkValue = { mark: number | null; markText: string | null };
/** null = empty cell; 'invalid' = something that is not a mark (e.g. '7', '0'). */
export type ParsedMark = MarkValue | 'invalid' | null;

// Text marks as journals write them → the stored lower-case form.
const TEXT_MARKS: [RegExp, string][] = [
  [/^(н\s*[/\\]\s*а|на|н\.а\.?|не\s*аттест[а-яё]*\.?|неаттест[а-яё]*\.?|неатт\.?|н\/атт\.?)$/, 'н/а'],
  [/^(зач\.?|зачет|зачтено|з)$/, 'зач'],
  [/^(незач\.?|не\s*зач\.?|незачет|не\s*зачтено)$/, 'незач'],
  [/^(осв\.?|освоено|освоил|освоила|освоен)$/, 'осв'],
  [/^(неосв\.?|не\s*осв\.?|не\s*освоено|неосвоено)$/, 'неосв'],
  [/^(освоб\.?|освобожден[а-яё]*|осв\.\s*от\s*занятий)$/, 'освоб'],
];

export function parseMark(v: Cell | undefined): ParsedMark {
  const t = normText(v);
  if (t === '') return null;
  const n = toNumber(v ?? null);
  if (n !== null) return Number.isInteger(n) && n >= 2 && n <= 5 ? { mark: n, markText: null } : 'invalid';
  for (const [re, text] of TEXT_MARKS) if (re.test(t)) return { mark: null, markText: text };
  return 'invalid';
}

/** Canonical subject when recognised, else the journal caption with whitespace collapsed. */
export function journalSubject(caption: Cell | undefined): string {
  const raw = cellText(caption).replace(/\s+/g, ' ');
  return canonicalSubject(raw) ?? raw;
}

/** '8А' → 8, '10 Б' → 10, '11' → 11; null when the class has no leading number 1..11. */
export function gradeOfClass(className: string | null): number | null {
  const m = /^\s*(\d{1,2})/.exec(className ?? '');
  if (!m) return null;
  const g = Number(m[1]);
  return g >= 1 && g <= 11 ? g : null;
}

/** The first non-empty text of a row. */
export function firstText(cells: Cell[]): string {
  for (const c of cells) {
    const t = cellText(c);
    if (t) return t;
  }
  return '';
}

/** 'Учебный год: 2024/2025' with label 'учебный год' → '2024/2025'; null when the row is not that line. */
export function labelledValue(cells: Cell[], label: string): string | null {
  const t = firstText(cells);
  const m = /^([^:]+):\s*(.*)$/s.exec(t);
  if (!m || normText(m[1]!) !== label) return null;
  return m[2]!.trim();
}

const ROMAN: Record<string, number> = { i: 1, ii: 2, iii: 3, iv: 4 };

/** '1 Четверть', 'II триместр', '2 полугодие' → kind and number; null when not a term caption. */
export function termOf(text: string): { kind: PeriodKind; no: number } | null {
  const m = /^(\d|i{1,3}|iv)\s*[-.]?\s*(?:я\s+)?(четверт[а-яё]*|триместр[а-яё]*|полугоди[а-яё]*)$/.exec(normText(text));
  if (!m) return null;
  const no = /^\d$/.test(m[1]!) ? Number(m[1]) : ROMAN[m[1]!]!;
  const kind: PeriodKind = m[2]!.startsWith('четверт')
    ? 'четверть'
    : m[2]!.startsWith('триместр')
      ? 'триместр'
      : 'полугодие';
  const max = kind === 'четверть' ? 4 : kind === 'триместр' ? 3 : 2;
  return no >= 1 && no <= max ? { kind, no } : null;
}

/** An average cell: numbers > 0; 0 and empty mean «not computed». */
export function avgOf(v: Cell | undefined): number | null {
  const n = toNumber(v ?? null);
  return n !== null && n > 0 ? n : null;
}
