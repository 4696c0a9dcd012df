// State shared by the sheet parsers of one programme workbook, the school reference rules and the error counter
// that makes the workbook all-or-nothing (a half-loaded passport or roadmap would replace the complete one).
import type { IndicatorDirection, IndicatorUnit } from '../../../domain/indicators.js';
import type { ProgrammeSpan } from '../../../domain/measures.js';
import { cellText, normText, toCode } from '../../read/values.js';
import type { Cell, Issue, ParseContext, Workbook } from '../../types.js';
import { columnName, issueSheet } from '../table.js';

/** An indicator the school defined itself (in «Показатели» with unit and direction, or listed in «Справочник»). */
export interface CustomDef {
  id: string;
  caption: string;
  unit: IndicatorUnit;
  direction: IndicatorDirection;
}

export interface ProgrammeParse {
  book: Workbook;
  ctx: ParseContext;
  rep: Reporter;
  /** The school of rows without their own «Код ОО»: the passport's code, else a code in the file name; '' = unknown (the loader decides). */
  schoolRef: string;
  span: ProgrammeSpan;
  customs: Map<string, CustomDef>; // by normText(caption)
  emittedCustom: Set<string>; // school|id already emitted
}

/** The school's own indicator once per school and parse (a «Факт» row may use one defined only in «Справочник»). */
export function emitCustom(p: ProgrammeParse, sheet: string, rowNo: number, schoolRef: string, def: CustomDef): void {
  const key = `${schoolRef}|${def.id}`;
  if (p.emittedCustom.has(key)) return;
  p.emittedCustom.add(key);
  p.ctx.emitIndicator({
    sheet,
    rowNo,
    schoolRef,
    indicator: def.id,
    caption: def.caption,
    unit: def.unit,
    direction: def.direction,
  });
}

const LOGIN = /^(sch|ksh|edu)\d{6}$/i;

/** A school reference as written: a registry code («1234», float noise dropped) or a ФИС ОКО login (lower case). */
export function schoolRefOf(v: Cell | undefined): string {
  const ref = toCode(v);
  return LOGIN.test(ref) ? ref.toLowerCase() : ref;
}

/** A login or «код ОО 1234» in the file name («Дорожная карта sch220150.xlsx», «Дорожная карта код ОО 1234.xlsx»). */
export function refFromFileName(name: string): string | null {
  const login = /(?:^|[^a-z0-9])((?:sch|ksh|edu)\d{6})(?![0-9])/i.exec(name);
  if (login) return login[1]!.toLowerCase();
  const code = /код[ _-]*о[оу][ _-]*№?[ _-]*(\d+)/iu.exec(name);
  return code ? code[1]! : null;
}

/** «Код ОО: 1234» or a login in one cell, or «Код ОО» followed by the value, in rows above a table. */
export function refFromCells(rows: Cell[][]): string | null {
  for (const row of rows) {
    for (let i = 0; i < row.length; i++) {
      const t = cellText(row[i]);
      const inline =
        /код\s*(?:оо|оу|школы|организации)\s*[:№]?\s*([0-9]+|(?:sch|ksh|edu)\d{6})\s*$/iu.exec(t) ??
        /(?:^|\s)((?:sch|ksh|edu)\d{6})(?:\s|$)/i.exec(t);
      if (inline) return schoolRefOf(inline[1]!);
      if (/^(код (оо|оу|школы|организации)|логин)/u.test(normText(t))) {
        const next = row.slice(i + 1).find((c) => cellText(c) !== '');
        if (next !== undefined) return schoolRefOf(next);
      }
    }
  }
  return null;
}

/** Row issues with their sheet, row and column; counts errors so the parse can reject the whole workbook. */
export class Reporter {
  errors = 0;
  first: Issue | null = null;
  constructor(
    private book: Workbook,
    private ctx: ParseContext,
  ) {}

  error(sheet: string, header: Cell[] | null, rowNo: number, col: number | null, text: string): void {
    const issue = this.at('error', sheet, header, rowNo, col, text);
    this.errors++;
    this.first ??= issue;
    this.ctx.issue(issue);
  }

  warning(sheet: string, header: Cell[] | null, rowNo: number, col: number | null, text: string): void {
    this.ctx.issue(this.at('warning', sheet, header, rowNo, col, text));
  }

  private at(
    severity: Issue['severity'],
    sheet: string,
    header: Cell[] | null,
    rowNo: number,
    col: number | null,
    text: string,
  ): Issue {
    const column = col === null || !header ? null : columnName(header, col);
    return { severity, scope: 'row', sheet: issueSheet(this.book, sheet), rowNo, column, message: text };
  }
}

/** Start year of '2024/25'. */
export const startOf = (label: string): number => Number(label.slice(0, 4));
