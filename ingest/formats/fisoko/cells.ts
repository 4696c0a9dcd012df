// ВПР cell values (formats.md §0): X/Х and «не пройд.» = not attempted, «отсутствовал» = absent,
// «нет отметки» = no journal mark, «нет»/«НЕТ» = no class letter, «code | name» pairs.

import { cellText, normText, toNumber } from '../../read/values.js';
import type { Cell } from '../../types.js';
import { shown } from '../table.js';

/** A value that could not be read; `text` is what the cell held. */
export interface Bad {
  bad: string;
}
export const isBad = (v: unknown): v is Bad => typeof v === 'object' && v !== null && 'bad' in v;

const NOT_ATTEMPTED = /^([xх]|не\s*пройд[а-я]*\.?|не\s*выполн[а-я]*\.?|-|—)$/;

// Most cells are plain whole numbers, as numbers or as digit text: answered before any normalisation (a regional
// export has millions of task cells).
const DIGITS = /^\d{1,9}$/;

/** A task score: number ≥ 0 (whole), null when not attempted or empty. */
export function taskScore(v: Cell | undefined): number | null | Bad {
  if (typeof v === 'string' && DIGITS.test(v)) return Number(v);
  if (typeof v === 'number' && Number.isInteger(v) && v >= 0) return v;
  const t = normText(v);
  if (t === '' || NOT_ATTEMPTED.test(t)) return null;
  const n = toNumber(v ?? null);
  return n !== null && Number.isInteger(n) && n >= 0 ? n : { bad: shown(v) };
}

/** A 2..5 mark, null when empty or «нет отметки». */
export function markValue(v: Cell | undefined): number | null | Bad {
  if (typeof v === 'string' && /^[2-5]$/.test(v)) return Number(v);
  if (typeof v === 'number' && Number.isInteger(v) && v >= 2 && v <= 5) return v;
  const t = normText(v);
  if (t === '' || /^(нет( отметки)?|-|—|н\/а)$/.test(t)) return null;
  const n = toNumber(v ?? null);
  return n !== null && Number.isInteger(n) && n >= 2 && n <= 5 ? n : { bad: shown(v) };
}

export const isAbsentText = (v: Cell | undefined): boolean => /^(отсутств|не\s*явил|неявка)/.test(normText(v));

export function sexOf(v: Cell | undefined): 'м' | 'ж' | null {
  const t = normText(v);
  if (/^(м|муж[а-я]*\.?|m)$/.test(t)) return 'м';
  if (/^(ж|жен[а-я]*\.?|f|w)$/.test(t)) return 'ж';
  return null;
}

/** Light normalisation: quotes and the «нет» marker dropped, spaces removed ('10 А' → '10А'); null when nothing is left. */
export function classNameOf(v: Cell | undefined): string | null {
  const t = cellText(v)
    .replace(/["«»“”']/g, ' ')
    .replace(/(^|\s)нет(?=\s|$)/gi, ' ')
    .replace(/\s+/g, '');
  return t === '' ? null : t;
}

/** 'edu223843 | МБОУ "…"' → code and name; a cell without '|' is all code. */
export function splitCodeName(v: Cell | undefined): { code: string; name: string | null } {
  const t = cellText(v);
  const i = t.indexOf('|');
  if (i < 0) return { code: t, name: null };
  return { code: t.slice(0, i).trim(), name: t.slice(i + 1).trim() || null };
}
