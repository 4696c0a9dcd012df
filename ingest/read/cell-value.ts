// Cell values as the readers hand them to parsers, shared by the exceljs reader and the streaming reader so that
// both normalise alike: exceljs value objects (formulas, rich text, errors) → Cell, and the reader's remarks.
import { plural } from '../../domain/text.js';
import type { Cell, Issue } from '../types.js';

/** A formula cell exceljs read without a cached result (the file was written by a program that never calculated it). */
export function uncalculated(v: unknown): boolean {
  if (v === null || typeof v !== 'object' || v instanceof Date) return false;
  const o = v as Record<string, unknown>;
  return ('formula' in o || 'sharedFormula' in o) && (o.result === undefined || o.result === null);
}

export const formulaError = (v: unknown): string | null => {
  if (v === null || typeof v !== 'object' || v instanceof Date) return null;
  const o = v as Record<string, unknown>;
  const e =
    ('formula' in o || 'sharedFormula' in o) && o.result && typeof o.result === 'object'
      ? (o.result as Record<string, unknown>).error
      : o.error;
  return typeof e === 'string' ? e : null;
};

export function normCell(v: unknown): Cell {
  if (v === null || v === undefined) return null;
  if (typeof v === 'string') {
    const t = v.trim();
    return t === '' ? null : t;
  }
  if (typeof v === 'number' || typeof v === 'boolean') return v;
  if (v instanceof Date) return v;
  if (typeof v === 'object') {
    const o = v as Record<string, unknown>;
    if (Array.isArray(o.richText)) return normCell((o.richText as { text: string }[]).map((r) => r.text).join(''));
    if ('formula' in o || 'sharedFormula' in o) return normCell(o.result ?? null);
    if ('text' in o) return normCell(o.text);
    if ('error' in o) return null;
  }
  return String(v);
}

/** Formula remarks collected over one sheet, in row then column order. */
export interface SheetRemarks {
  sheet: string;
  errors: { n: number; first: string; value: string };
  uncalculated: string[];
}

export function newRemarks(sheet: string): SheetRemarks {
  return { sheet, errors: { n: 0, first: '', value: '' }, uncalculated: [] };
}

/** Records one exceljs-shaped value at `ref`; returns true for a formula without a result (still to be checked in the XML). */
export function remark(r: SheetRemarks, v: unknown, ref: string): boolean {
  if (uncalculated(v)) return true;
  const e = formulaError(v);
  if (e !== null && r.errors.n++ === 0) {
    r.errors.first = ref;
    r.errors.value = e;
  }
  return false;
}

/** The warning for cells with a formula error, or null. */
export function errorNote(r: SheetRemarks): Issue | null {
  const { n, first, value } = r.errors;
  if (n === 0) return null;
  return {
    severity: 'warning',
    scope: 'file',
    sheet: r.sheet,
    rowNo: null,
    column: null,
    message: `${n} ${plural(n, ['ячейка', 'ячейки', 'ячеек'])} с ошибкой формулы (первая — ${first}: ${value}); они прочитаны как пустые.`,
  };
}

/** The warning for formulas never calculated (`list`: their refs, in order), or null. */
export function uncalculatedNote(sheet: string, list: string[]): Issue | null {
  if (list.length === 0) return null;
  const first = list[0]!;
  return {
    severity: 'warning',
    scope: 'file',
    sheet,
    rowNo: null,
    column: null,
    message: `${list.length} ${plural(list.length, ['ячейка', 'ячейки', 'ячеек'])} с формулами без вычисленного значения (первая — ${first}); они прочитаны как пустые. Откройте файл в Excel, дождитесь пересчёта, сохраните и загрузите снова.`,
  };
}
