// «Паспорт»: captions in column A (or B), values right of them. Gives the school of the whole workbook and the
// programme's years (which «в течение года» deadlines and default baseline years need).

import { cellText, normText } from '../../read/values.js';
import type { Cell, SheetRow } from '../../types.js';
import { type ProgrammeParse, schoolRefOf, startOf } from './common.js';
import { PASSPORT_FIELDS, type PassportKey } from './layout.js';
import { readSchoolYear } from './values.js';

interface Found {
  rowNo: number;
  col: number;
  value: Cell;
  header: Cell[];
}

/** Field → value cell of a key-value sheet (captions looked for in the first two columns only; instructions sit further right). */
export function passportFields(rows: SheetRow[]): Map<PassportKey, Found> {
  const out = new Map<PassportKey, Found>();
  for (const { rowNo, cells } of rows) {
    const at = [0, 1].find((i) => cellText(cells[i]) !== '');
    if (at === undefined) continue;
    const f = PASSPORT_FIELDS.find((x) => x.match.test(normText(cells[at])));
    if (!f || out.has(f.key)) continue;
    const col = cells.findIndex(
      (c, i) => i > at && i <= at + 2 && cellText(c) !== '' && cellText(c) !== cellText(cells[at]),
    );
    out.set(f.key, {
      rowNo,
      col: col < 0 ? at + 1 : col,
      value: col < 0 ? null : cells[col]!,
      header: cells.map((_, i) => (i === at ? cells[at]! : null)),
    });
  }
  return out;
}

export function passportScore(rows: Cell[][]): number {
  const keys = passportFields(rows.map((cells, i) => ({ rowNo: i + 1, cells })));
  return keys.has('name') && (keys.has('startYear') || keys.has('code')) ? 0.6 + 0.08 * keys.size : 0;
}

export function parsePassport(p: ProgrammeParse, sheet: string, rows: SheetRow[]): void {
  const f = passportFields(rows);
  const text = (k: PassportKey) => cellText(f.get(k)?.value).replace(/\s+/g, ' ');
  const err = (k: PassportKey, message: string) => {
    const x = f.get(k);
    p.rep.error(
      sheet,
      null,
      x?.rowNo ?? 1,
      null,
      `поле «${PASSPORT_FIELDS.find((y) => y.key === k)!.caption}»: ${message}`,
    );
  };
  const code = schoolRefOf(f.get('code')?.value);
  if (code) p.schoolRef = code;
  const name = text('name'),
    goal = text('goal');
  const years = (['startYear', 'endYear'] as const).map((k) => {
    const r = readSchoolYear(f.get(k)?.value);
    if (!r.ok) {
      err(k, r.message);
      return null;
    }
    return r.value;
  });
  const [start, end] = years;
  if (start) p.span.startYear = start;
  if (end) p.span.endYear = end;
  if (!name && !start && !end && !goal) return; // only the school code: the workbook carries actuals or a roadmap
  if (!name) err('name', 'не указано наименование программы.');
  if (!start && f.get('startYear') && cellText(f.get('startYear')!.value) === '')
    err('startYear', 'не указан первый учебный год программы (например, «2024/25»).');
  if (!f.get('startYear')) err('name', 'нет поля «Первый учебный год программы».');
  if (start && end && startOf(end) < startOf(start))
    err('endYear', `последний учебный год ${end} раньше первого (${start}).`);
  if (start && end && startOf(end) - startOf(start) > 10)
    err(
      'endYear',
      `программа на ${startOf(end) - startOf(start) + 1} учебных лет — проверьте годы (${start} — ${end}).`,
    );
  if (!name || !start) return;
  const row = f.get('name')!.rowNo;
  p.ctx.emitProgramme({
    sheet,
    rowNo: row,
    schoolRef: p.schoolRef,
    name,
    startYear: start,
    endYear: end ?? null,
    goal: goal || null,
  });
}
