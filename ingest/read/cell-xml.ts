// The cells of worksheet rows as the sheet scanner (sheet-xml.ts) meets them: a `<c>` element's attributes, its `<v>`,
// `<f>` and `<is>` children, and its value decoded exactly as exceljs's xlsx loader decodes it (see value()). Anything
// outside the plain shape of data exports sets `unusual`, as in the rest of the scanner.
import type { Cell } from '../types.js';
import { formulaError, normCell, uncalculated } from './cell-value.js';
import { columnLetter } from './values.js';
import { AMP, ends, GT, LT, SL, XmlCursor } from './xml-cursor.js';
import { unescapeX, xmlDecodeAgain } from './xml-text.js';

export interface BookContext {
  shared: Cell[] | null; // normalised shared strings; null when the book has no xl/sharedStrings.xml
  isDate: (styleId: number) => boolean; // exceljs: the style's number format is a date format
  toDate: (serial: unknown) => Date; // exceljs utils.excelToDate with the book's date1904
}
/** A formula or error cell: its exceljs-shaped value and whether the XML has a `<v>` element (scan only). */
export interface FormulaCell {
  row: number;
  col: number;
  ref: string;
  value: unknown;
  hasV: boolean;
}

const T_N = 0,
  T_S = 1,
  T_STR = 2,
  T_INLINE = 3,
  T_B = 4,
  T_E = 5;
const END_V = Buffer.from('</v>'),
  END_F = Buffer.from('</f>'),
  END_IS = Buffer.from('</is>'),
  END_T = Buffer.from('</t>');
const RUN = Buffer.from('<r>'),
  END_RUN = Buffer.from('</r>'),
  RPR = Buffer.from('<rPr>'),
  STR = Buffer.from('str'),
  INLINE = Buffer.from('inlineStr');

/** Reads the cells of the current row (sheet-xml.ts reads the rows around them). */
export abstract class CellReader extends XmlCursor {
  protected seen = 0; // <c> elements
  readonly formulas: FormulaCell[] = [];
  private readonly sharedFormulas = new Map<string, string>();
  // the row being read
  protected rowNo = 0;
  protected rowCells: Cell[] = [];
  protected lastCol = 0;

  // the cell being read
  private col = 0;
  private style = 0;
  private type = T_N;
  private fText: boolean | null = null; // null: no <f>; else whether it had formula text
  private fAttrs: { t?: string; si?: string; ref?: string } = {};
  private vText: string | undefined = undefined; // value text (of <v> or inline <t>) once decoded, undefined when none
  private vs = -1; // byte range of a single <v> text not decoded yet (vs < 0: none)
  private ve = -1;
  private hasV = false;
  private rich: { text: string }[] | null = null;

  constructor(
    private readonly ctx: BookContext,
    protected readonly materialise: boolean,
  ) {
    super();
  }

  /** Whether a text must be decoded: always for rows; for the scan only where it reaches a remark or an index. */
  private get build(): boolean {
    return this.materialise || this.type === T_E || this.type === T_S || this.fText !== null;
  }

  protected cell(): boolean {
    this.seen++;
    this.col = 0;
    this.style = 0;
    this.type = T_N;
    this.fText = null;
    this.vText = undefined;
    this.vs = -1;
    this.hasV = false;
    this.rich = null;
    const self = this.attrs(1);
    if (self === null) {
      this.fail('оборванный тег c');
      return false;
    }
    const b = this.b;
    let bad = true;
    for (let a = 0; a < this.ac; a++) {
      const name = this.an[a],
        s = this.as[a]!,
        e = this.ae[a]!;
      if (name === 0x72) {
        // r="AB12"
        let k = s,
          col = 0;
        while (k < e && b[k]! >= 0x41 && b[k]! <= 0x5a) col = col * 26 + b[k++]! - 64;
        bad = k === s || k - s > 3 || this.digits(k, e) !== this.rowNo;
        this.col = col;
      } else if (name === 0x73) {
        this.style = this.digits(s, e);
        if (Number.isNaN(this.style)) {
          this.fail('номер стиля ячейки не число');
          return false;
        }
      } else if (name === 0x74) {
        const t = e - s === 1 ? b[s] : -1;
        this.type =
          t === 0x73
            ? T_S
            : t === 0x62
              ? T_B
              : t === 0x65
                ? T_E
                : t === -1 && this.bytesAre(s, e, STR)
                  ? T_STR
                  : t === -1 && this.bytesAre(s, e, INLINE)
                    ? T_INLINE
                    : T_N;
      }
    }
    if (bad || this.col <= this.lastCol || this.col > 16384) {
      this.fail('ячейки без адреса, не по порядку или вне листа');
      return false;
    }
    this.lastCol = this.col;
    if (!self && !this.children()) return false;
    return this.value();
  }

  private children(): boolean {
    const b = this.b;
    for (;;) {
      const j = this.toTag();
      const c1 = b[j + 1],
        c2 = b[j + 2];
      if (c1 === SL && c2 === 0x63 && b[j + 3] === GT) {
        this.i = j + 4;
        return true;
      } // </c>
      if (c1 === 0x76 && ends(c2)) {
        // <v>
        this.hasV = true;
        const self = this.attrs(1);
        if (self === null) break;
        if (self) continue;
        const s = this.i;
        let j = s,
          special = false;
        for (let c = b[j]; c !== LT && c !== undefined; c = b[++j])
          if (c === AMP || c < 0x20 || c > 0x7f) special = true;
        this.i = j;
        if (j > s) {
          if (this.vText !== undefined || this.vs >= 0) break;
          if (special) {
            const t = this.text(this.build, s, j);
            if (t === null) return false;
            this.vText = t;
          } else {
            this.vs = s;
            this.ve = j;
          }
        }
        if (!this.closeTag(END_V)) break;
        continue;
      }
      if (c1 === 0x66 && ends(c2)) {
        // <f>
        const a: { t?: string; si?: string; ref?: string } = {};
        const self = this.attrs(1);
        if (self === null || this.fText !== null) break;
        for (let k = 0; k < this.ac; k++) {
          const v = b.toString('latin1', this.as[k], this.ae[k]),
            name = this.an[k];
          if (name === 0x74) a.t = v;
          else if (name === 1) a.si = v;
          else if (name === 2) a.ref = v;
        }
        this.fAttrs = a;
        this.fText = false;
        if (self) continue;
        const t = this.text(this.build);
        if (t === null) return false;
        this.fText = t !== '';
        if (!this.closeTag(END_F)) break;
        continue;
      }
      if (c1 === 0x69 && c2 === 0x73 && b[j + 3] === GT) {
        this.i = j + 4;
        if (!this.inline()) break;
        continue;
      } // <is>
      break;
    }
    if (!this.unusual) this.fail('необычное содержимое ячейки');
    return false;
  }

  /** `<is>`: one or more `<t>`, or rich-text runs `<r><rPr>…</rPr><t>…</t></r>`; nothing else. */
  private inline(): boolean {
    const b = this.b;
    for (;;) {
      const j = this.toTag();
      if (this.closeTag(END_IS)) return true;
      if (b[j + 1] === 0x74 && ends(b[j + 2])) {
        // <t>
        if (this.rich) return false;
        const self = this.attrs(1);
        if (self === null) return false;
        if (self) continue;
        const t = this.text(this.build);
        if (t === null) return false;
        if (t !== '') {
          if (this.vs >= 0) return false;
          this.vText = (this.vText ?? '') + t;
        }
        if (!this.closeTag(END_T)) return false;
        continue;
      }
      if (this.closeTag(RUN)) {
        if (this.vText !== undefined || this.vs >= 0) return false;
        const run: { text: string } = { text: undefined as unknown as string };
        (this.rich ??= []).push(run);
        for (;;) {
          const k = this.toTag();
          if (this.closeTag(END_RUN)) break;
          if (this.closeTag(RPR)) {
            if (!this.skipPast('</rPr>')) return false;
            continue;
          }
          if (b[k + 1] === 0x74 && ends(b[k + 2])) {
            const self = this.attrs(1);
            if (self === null) return false;
            if (self) {
              run.text = '';
              continue;
            }
            const t = this.text(this.build);
            if (t === null) return false;
            run.text = unescapeX(t);
            if (!this.closeTag(END_T)) return false;
            continue;
          }
          return false;
        }
        continue;
      }
      return false;
    }
  }

  /** The cell's value as exceljs computes it (cell-xform parseClose + reconcile, Cell.value), normalised. */
  private value(): boolean {
    const ctx = this.ctx;
    let v: unknown;
    if (this.fText !== null && (this.fText || this.fAttrs.t)) v = this.formula();
    else if (this.rich) {
      if (this.type !== T_INLINE) {
        this.fail('форматированный текст в ячейке не строкового типа');
        return false;
      }
      v = { richText: this.rich };
    } else if (this.vText === undefined && this.vs < 0)
      return true; // no value: an empty (styled) cell
    else if (this.vs >= 0 && (this.type === T_S || this.type === T_N)) {
      // the common cells, read from the bytes: a shared-string index or a plain number
      const k = this.digits(this.vs, this.ve);
      if (this.type === T_S) {
        if (!ctx.shared || !(k < ctx.shared.length)) {
          this.fail('ссылка на несуществующую общую строку');
          return false;
        }
        if (this.materialise) this.put(ctx.shared[k]!);
        return true;
      }
      if (!this.materialise) return true;
      const x = Number.isNaN(k) ? parseFloat(this.b.toString('latin1', this.vs, this.ve)) : k;
      v = this.style && ctx.isDate(this.style) ? ctx.toDate(x) : x;
    } else {
      const t = this.vText ?? this.b.toString('latin1', this.vs, this.ve);
      switch (this.type) {
        case T_S: {
          const k = /^\d+$/.test(t) ? Number(t) : NaN;
          if (!ctx.shared || !(k < ctx.shared.length)) {
            this.fail('ссылка на несуществующую общую строку');
            return false;
          }
          if (this.materialise) this.put(ctx.shared[k]!);
          return true;
        }
        case T_STR:
          v = xmlDecodeAgain(t);
          break;
        case T_INLINE:
          v = t;
          break;
        case T_B:
          v = parseInt(t, 10) !== 0;
          break;
        case T_E:
          v = { error: t };
          this.remember(v);
          break;
        default: {
          const x = parseFloat(t);
          v = this.style && ctx.isDate(this.style) ? ctx.toDate(x) : x;
        }
      }
    }
    if (this.materialise) this.put(normCell(v));
    return true;
  }

  private put(c: Cell): void {
    const cells = this.rowCells;
    while (cells.length < this.col - 1) cells.push(null);
    cells.push(c);
  }

  /** Scan only: a value the reader remarks on (an error, a formula without a result) — see cell-value.ts. */
  private remember(v: unknown): void {
    if (this.materialise || (!uncalculated(v) && formulaError(v) === null)) return;
    const ref = `${columnLetter(this.col - 1)}${this.rowNo}`;
    this.formulas.push({ row: this.rowNo, col: this.col, ref, value: v, hasV: this.hasV });
  }

  /** exceljs FormulaValue: only truthy fields survive (a cached 0 or "" reads as no result). */
  private formula(): unknown {
    const t = this.vText ?? (this.vs >= 0 ? this.b.toString('latin1', this.vs, this.ve) : undefined),
      a = this.fAttrs;
    let result: unknown;
    if (t)
      result =
        this.type === T_STR
          ? xmlDecodeAgain(t)
          : this.type === T_B
            ? parseInt(t, 10) !== 0
            : this.type === T_E
              ? { error: t }
              : parseFloat(t);
    if (result !== undefined && this.style && this.ctx.isDate(this.style)) result = this.ctx.toDate(result);
    const o: Record<string, unknown> = {};
    if (this.fText) o.formula = '=';
    if (result) o.result = result;
    if (a.t === 'shared') {
      if (a.ref) {
        this.sharedFormulas.set(String(a.si), `${columnLetter(this.col - 1)}${this.rowNo}`);
        o.ref = a.ref;
        o.shareType = 'shared';
      } else {
        const master = this.sharedFormulas.get(String(a.si));
        if (master) o.sharedFormula = master;
      }
    } else {
      if (a.ref) o.ref = a.ref;
      if (a.t) o.shareType = a.t;
    }
    this.remember(o);
    return o;
  }
}
