// Previous-term journal marks that cannot enter the ВПР-vs-journal comparison («1», «*», «6», «4,5» …). The pupil's
// ВПР result is valid, so the row loads with no journal mark; the file gets one warning per distinct value
// (with its row count and the first rows), not an error per row — the file is not «загружен частично».

import { plural } from '../../../domain/text.js';
import type { Issue } from '../../types.js';
import { type Col, colLabel } from './columns.js';

/** Row numbers named in a warning; the rest are counted. */
export const SHOWN_ROWS = 5;

interface Group {
  value: string;
  column: Col | null;
  rows: { sheet: string; rowNo: number }[];
}

/** A count in Russian style: 1161 → «1 161» (non-breaking space). */
const count = (n: number): string => n.toLocaleString('ru-RU');

/** «строка 14» / «строки 14, 27, 102, 140, 155 и ещё 3»; several sheets: «лист «A» — строки 3, 5; лист «B» — строка 7». */
function rowList(rows: Group['rows'], sheets: string[]): string {
  const shown = rows.slice(0, SHOWN_ROWS);
  const label = (k: number): string => (k === 1 ? 'строка' : 'строки');
  let text: string;
  if (sheets.length === 1) {
    text = `${label(shown.length)} ${shown.map((r) => r.rowNo).join(', ')}`;
  } else {
    const bySheet = new Map<string, number[]>();
    for (const r of shown) bySheet.set(r.sheet, [...(bySheet.get(r.sheet) ?? []), r.rowNo]);
    text = [...bySheet].map(([s, nos]) => `лист «${s}» — ${label(nos.length)} ${nos.join(', ')}`).join('; ');
  }
  const rest = rows.length - shown.length;
  return rest > 0 ? `${text} и ещё ${count(rest)}` : text;
}

export class UnusableJournalMarks {
  private groups = new Map<string, Group>();

  /** A loaded row whose journal cell held `value` (as written in the file). */
  add(value: string, sheet: string, rowNo: number, column: Col | null): void {
    const key = value.trim().toLowerCase();
    let g = this.groups.get(key);
    if (!g) this.groups.set(key, (g = { value, column, rows: [] }));
    g.rows.push({ sheet, rowNo });
  }

  /** One warning per distinct value, in the order the values first appear. */
  issues(): Issue[] {
    return [...this.groups.values()].map((g) => {
      const n = g.rows.length;
      const sheets = [...new Set(g.rows.map((r) => r.sheet))];
      const loaded =
        n === 1
          ? 'Результат ВПР загружен, в сравнение с журналом строка не входит'
          : 'Результаты ВПР загружены, в сравнение с журналом эти строки не входят';
      return {
        severity: 'warning',
        scope: 'file',
        sheet: sheets.length === 1 ? sheets[0]! : null,
        rowNo: null,
        column: g.column ? colLabel(g.column) : 'Отметка по журналу',
        message: `в ${count(n)} ${plural(n, ['строке', 'строках', 'строках'])} отметка по журналу «${g.value}» — допустимы 2–5, «нет отметки» или пусто. ${loaded} (${rowList(g.rows, sheets)}).`,
      } satisfies Issue;
    });
  }
}
