// Helpers shared by the aggregate-report parsers.

import type { AggregateResult } from '../../types.js';

export { isBlank, RowReporter, readAll } from '../table.js';

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

/** 'dd.mm.yyyy' → ISO date, null when not a real date. */
export function isoFromDotted(text: string): string | null {
  const m = /^(\d{1,2})\.(\d{1,2})\.(\d{4})$/.exec(text.trim());
  if (!m) return null;
  const [d, mo, y] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const dt = new Date(Date.UTC(y, mo - 1, d));
  if (dt.getUTCFullYear() !== y || dt.getUTCMonth() !== mo - 1 || dt.getUTCDate() !== d) return null;
  return dt.toISOString().slice(0, 10);
}
