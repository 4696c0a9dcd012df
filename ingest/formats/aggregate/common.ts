// Helpers shared by the aggregate-report parsers.

import { normText } from '../../read/values.js';
import type { AggregateResult, Cell, WorkbookProbe } from '../../types.js';

export { isBlank, place, RowReporter, readAll } from '../reference/table.js';

/** An AggregateResult with every optional number empty; callers fill what the source gives. */
export function aggregate(
  base: Pick<
    AggregateResult,
    'sheet' | 'rowNo' | 'level' | 'schoolRef' | 'name' | 'assessment' | 'schoolYear' | 'subject'
  >,
): AggregateResult {
  return {
    ...base,
    grade: null,
    examDate: null,
    participants: null,
    schoolsCount: null,
    n2: null,
    n3: null,
    n4: null,
    n5: null,
    sharesOnly: false,
    meanMark: null,
    meanScore: null,
    lowered: null,
    confirmed: null,
    raised: null,
    compared: null,
    extra: null,
  };
}

/** Column indexes by exact (case-insensitive) header names; -1 when absent. */
export function columnsByName<K extends string>(header: Cell[], names: Record<K, string>): Record<K, number> {
  const texts = header.map(normText);
  const out = {} as Record<K, number>;
  for (const k of Object.keys(names) as K[]) out[k] = texts.indexOf(normText(names[k]));
  return out;
}

/** How many of `names` appear as exact header cells in the first rows of any sheet. */
export function headerNameHits(probe: WorkbookProbe, names: string[], limit = 5): number {
  const want = names.map(normText);
  let best = 0;
  for (const s of probe.sheets)
    for (const r of s.rows.slice(0, limit)) {
      const texts = new Set(r.map(normText));
      best = Math.max(best, want.filter((w) => texts.has(w)).length);
    }
  return best;
}

/** 'dd.mm.yyyy' → ISO date, null when not a real date. */
export function isoFromDotted(text: string): string | null {
  const m = /^(\d{1,2})\.(\d{1,2})\.(\d{4})$/.exec(text.trim());
  if (!m) return null;
  const [d, mo, y] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const dt = new Date(Date.UTC(y, mo - 1, d));
  if (dt.getUTCFullYear() !== y || dt.getUTCMonth() !== mo - 1 || dt.getUTCDate() !== d) return null;
  return dt.toISOString().slice(0, 10);
}
