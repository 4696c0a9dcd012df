// РЦОИ answer masks: part 1 = one character per task (`+`/`-` or a digit for multi-point tasks),
// part 2 = `score(max)` groups (`0(2)1(2)2(3)`) or, in flat exports, one digit per task.

import { cellText } from '../../read/values.js';
import type { Cell } from '../../types.js';

export interface TaskCell {
  score: number | null;
  max: number | null;
}

/** Part-1 mask → per-task scores; `+` = 1 of 1, `-` = 0 of 1, digit = points (max unknown), anything else = not attempted. */
export function parsePart1(v: Cell | undefined): TaskCell[] {
  const s = cellText(v).replace(/\s+/g, '');
  return [...s].map((ch) => {
    if (ch === '+') return { score: 1, max: 1 };
    if (ch === '-' || ch === '−' || ch === '–') return { score: 0, max: 1 };
    if (/\d/.test(ch)) return { score: Number(ch), max: null };
    return { score: null, max: null };
  });
}

/** Part-2 mask → per-criterion scores with maxima from `(max)` when present. */
export function parsePart2(v: Cell | undefined): TaskCell[] {
  const s = cellText(v).replace(/\s+/g, '');
  if (s.includes('(')) {
    const out: TaskCell[] = [];
    for (const m of s.matchAll(/([^()]*?)\((\d+)\)/g)) {
      const raw = m[1]!;
      out.push({ score: /^\d+$/.test(raw) ? Number(raw) : null, max: Number(m[2]) });
    }
    return out;
  }
  return [...s].map((ch) => ({ score: /\d/.test(ch) ? Number(ch) : null, max: null }));
}

export interface TaskPlan {
  labels: string[];
  max: (number | null)[];
  k1: number;
  k2: number;
  maxScore: number | null;
  inconsistent: boolean;
}

/**
 * Task labels and maxima of one exam from all its rows: labels `1..k` for part 1, `C1..` for part 2.
 * A part-1 task has max 1 only when every row marks it with `+`/`-`; a part-2 max comes from `(max)`.
 */
export function planTasks(rows: { part1: TaskCell[]; part2: TaskCell[] }[]): TaskPlan {
  const k1 = Math.max(0, ...rows.map((r) => r.part1.length));
  const k2 = Math.max(0, ...rows.map((r) => r.part2.length));
  const max: (number | null)[] = [];
  let inconsistent = false;
  for (let i = 0; i < k1; i++) {
    const cells = rows.map((r) => r.part1[i]).filter((c): c is TaskCell => c !== undefined && c.score !== null);
    max.push(cells.length > 0 && cells.every((c) => c.max === 1) ? 1 : null);
  }
  for (let i = 0; i < k2; i++) {
    const seen = new Set(rows.map((r) => r.part2[i]?.max).filter((m): m is number => m !== undefined && m !== null));
    if (seen.size > 1) inconsistent = true;
    max.push(seen.size > 0 ? Math.max(...seen) : null);
  }
  const labels = [
    ...Array.from({ length: k1 }, (_, i) => String(i + 1)),
    ...Array.from({ length: k2 }, (_, i) => `C${i + 1}`),
  ];
  const maxScore =
    max.length > 0 && max.every((m) => m !== null) ? max.reduce<number>((a, b) => a + (b ?? 0), 0) : null;
  return { labels, max, k1, k2, maxScore, inconsistent };
}

/** Scores of one row in plan order (missing tasks → null). */
export function rowScores(plan: TaskPlan, part1: TaskCell[], part2: TaskCell[]): (number | null)[] {
  const out: (number | null)[] = [];
  for (let i = 0; i < plan.k1; i++) out.push(part1[i]?.score ?? null);
  for (let i = 0; i < plan.k2; i++) out.push(part2[i]?.score ?? null);
  return out;
}
