// Column location for РЦОИ xlsx protocols: header keywords first (compact, dense and sparse layouts alike),
// the fixed indices of formats.md §2.1/§2.3 only when the header has no recognisable captions.

import { cellText, normText, toInt, toNumber } from '../../read/values.js';
import type { Cell } from '../../types.js';
import type { Columns, Field } from './pupil-rows.js';

const NOT_RU = '(^|[^а-яa-z])';
const KEYWORDS: [Field, RegExp][] = [
  ['school', new RegExp(`${NOT_RU}код (оо|оу)([^а-я]|$)|код образовательн`)],
  ['className', /^класс/],
  ['surname', /^фамилия$|^фамилия участника/],
  ['name', /^имя$/],
  ['patronymic', /^отчество/],
  ['fullName', /^фио|^фамилия,? имя/],
  ['participant', /код участника/],
  ['part1', /кратк/],
  ['part2', /развернут/],
  ['primary', /первичн/],
  ['test', /тестов|итоговый балл|стобалльн|^балл$/],
  ['mark', /^(оценка|отметка|mark)/],
];

/**
 * Columns from one to three stacked header rows: the lowest row's captions win (upper rows hold group captions
 * such as «Результаты» spread over merged cells). Returns the columns and how many keywords matched.
 */
export function columnsFromHeader(headerRows: Cell[][]): { cols: Columns; hits: number } {
  const cols: Columns = {};
  for (const [field, re] of KEYWORDS) {
    outer: for (let r = headerRows.length - 1; r >= 0; r--) {
      const row = headerRows[r]!;
      for (let j = 0; j < row.length; j++) {
        const t = normText(row[j]);
        if (t && re.test(t) && !Object.values(cols).some((c) => c.index === j)) {
          cols[field] = { index: j, caption: cellText(row[j]).replace(/\s+/g, ' ') };
          break outer;
        }
      }
    }
  }
  // A «ФИО» column only when there are no separate name columns.
  if (cols.surname) delete cols.fullName;
  return { cols, hits: Object.keys(cols).length };
}

type Fixed = { name: string; assessment: 'ОГЭ' | 'ЕГЭ'; idx: Partial<Record<Field, number>> };

export const FIXED_LAYOUTS: Fixed[] = [
  {
    name: 'ЕГЭ, компактный',
    assessment: 'ЕГЭ',
    idx: {
      school: 2,
      className: 3,
      surname: 6,
      name: 7,
      patronymic: 8,
      participant: 10,
      part1: 12,
      part2: 13,
      primary: 14,
      test: 15,
    },
  },
  {
    name: 'ЕГЭ, разреженный',
    assessment: 'ЕГЭ',
    idx: {
      school: 4,
      className: 6,
      surname: 12,
      name: 13,
      patronymic: 14,
      part1: 16,
      part2: 18,
      primary: 20,
      test: 22,
    },
  },
  {
    name: 'ОГЭ, плотный',
    assessment: 'ОГЭ',
    idx: { school: 1, className: 2, surname: 6, name: 7, patronymic: 8, part1: 11, part2: 12, primary: 13, mark: 14 },
  },
  {
    name: 'ОГЭ, разреженный',
    assessment: 'ОГЭ',
    idx: {
      school: 1,
      className: 2,
      surname: 10,
      name: 12,
      patronymic: 13,
      part1: 14,
      part2: 17,
      primary: 18,
      mark: 20,
    },
  },
];

/** How well a fixed layout fits sample data rows (0..1). */
function fitScore(layout: Fixed, rows: Cell[][]): number {
  let ok = 0,
    total = 0;
  for (const r of rows.slice(0, 20)) {
    const at = (f: Field) => r[layout.idx[f]!] ?? null;
    total += 4;
    if (toInt(at('school')) !== null) ok++;
    const sur = cellText(at('surname'));
    if (sur && toNumber(sur) === null) ok++;
    const p = toNumber(at('primary'));
    if (p !== null && p >= 0 && p <= 100) ok++;
    const last = layout.idx.mark !== undefined ? toNumber(at('mark')) : toNumber(at('test'));
    if (last !== null && (layout.idx.mark !== undefined ? last >= 2 && last <= 5 : last >= 0 && last <= 100)) ok++;
  }
  return total ? ok / total : 0;
}

/** The fixed layout that fits the data rows best (ties: the one matching the assessment hint), or null. */
export function fixedColumns(dataRows: Cell[][], hint: 'ОГЭ' | 'ЕГЭ' | null): { cols: Columns; name: string } | null {
  let best: { f: Fixed; s: number } | null = null;
  for (const f of FIXED_LAYOUTS) {
    const s = fitScore(f, dataRows) + (hint === f.assessment ? 0.01 : 0);
    if (!best || s > best.s) best = { f, s };
  }
  if (!best || best.s < 0.75) return null;
  const cols: Columns = {};
  for (const [k, v] of Object.entries(best.f.idx) as [Field, number][])
    cols[k] = { index: v, caption: `столбец ${v + 1}` };
  return { cols, name: best.f.name };
}
