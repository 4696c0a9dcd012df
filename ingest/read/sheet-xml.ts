// A purpose-built scanner for worksheet XML (xl/worksheets/sheetN.xml) fed in inflated chunks: rows and cells are
// read straight from the bytes, values decoded exactly as exceljs's xlsx loader decodes them (see value()), and
// anything outside the plain shape of data exports — prefixed elements, cells without addresses or out of order,
// CDATA, hyperlinks… — sets `unusual`, which sends the whole book to the exceljs reader instead. The same scanner
// runs twice: once during the zip guard pass (scan: no values, but every check, merges and formula remarks), then
// for rows (materialise). Whatever the scan accepted the second run accepts too.
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
const MAX_PENDING = 16 * 1024 * 1024; // one row (or the part after sheetData) larger than this is not a data export
const ROW_TAG = Buffer.from('<row');
const END_V = Buffer.from('</v>'),
  END_F = Buffer.from('</f>'),
  END_IS = Buffer.from('</is>'),
  END_T = Buffer.from('</t>');
const RUN = Buffer.from('<r>'),
  END_RUN = Buffer.from('</r>'),
  RPR = Buffer.from('<rPr>'),
  STR = Buffer.from('str'),
  INLINE = Buffer.from('inlineStr');

export class SheetScanner extends XmlCursor {
  private seen = 0; // <c> elements
  /** Cells seen, or null once the sheet turned out unusual (zip-guard.ts SheetSink). */
  get cells(): number | null {
    return this.unusual ? null : this.seen;
  }
  readonly formulas: FormulaCell[] = [];
  readonly merges: string[] = [];
  /** Rows completed by the last push/end (materialise only): rows with at least one value, cells up to the last one. */
  out: { rowNo: number; cells: Cell[] }[] = [];
  done = false; // sheetData is over
  private pending: Buffer[] = [];
  private pendingLen = 0;
  private state: 0 | 1 | 2 = 0; // before sheetData, in sheetData, after it
  private lastRow = 0;
  private readonly sharedFormulas = new Map<string, string>();

  constructor(
    private readonly ctx: BookContext,
    private readonly materialise: boolean,
  ) {
    super();
  }

  protected override fail(why: string): void {
    super.fail(why);
    this.pending = [];
    this.pendingLen = 0;
  }

  /** Whether a text must be decoded: always for rows; for the scan only where it reaches a remark or an index. */
  private get build(): boolean {
    return this.materialise || this.type === T_E || this.type === T_S || this.fText !== null;
  }

  push(chunk: Buffer): void {
    if (this.unusual || (this.done && this.materialise)) return;
    // Everything before the last `<row` of the chunk is whole rows: parse it, keep the rest.
    let cut = -1;
    if (this.state !== 2) {
      for (let p = chunk.lastIndexOf(ROW_TAG); p >= 0; p = p > 0 ? chunk.lastIndexOf(ROW_TAG, p - 1) : -1) {
        if (p + 4 < chunk.length && ends(chunk[p + 4])) {
          cut = p;
          break;
        }
      }
    }
    if (cut < 0) {
      this.pending.push(chunk);
      this.pendingLen += chunk.length;
      if (!this.materialise && this.pendingLen > MAX_PENDING)
        this.fail('строка листа или хвост после данных больше 16 МБ');
      return;
    }
    const head = chunk.subarray(0, cut);
    const data = this.pending.length ? Buffer.concat([...this.pending, head]) : head;
    this.pending = [chunk.subarray(cut)];
    this.pendingLen = chunk.length - cut;
    this.parse(data);
  }

  end(): void {
    if (this.unusual) return;
    const data = Buffer.concat(this.pending);
    this.pending = [];
    this.parse(data);
    if (!this.unusual && this.state !== 2) this.fail('лист без sheetData');
  }

  private parse(b: Buffer): void {
    this.b = b;
    this.i = 0;
    const n = b.length;
    while (!this.unusual && this.i < n) {
      const lt = b.indexOf(LT, this.i);
      if (lt < 0) break;
      this.i = lt;
      if (this.state === 1) this.inSheetData();
      else if (this.state === 0) this.prolog();
      else {
        if (!this.materialise) this.tail();
        break;
      }
    }
  }

  private prolog(): void {
    const b = this.b,
      i = this.i;
    if (b[i + 1] === 0x3f) {
      // <?xml … ?>
      const end = b.indexOf('?>', i, 'latin1');
      const decl = b.toString('latin1', i, end < 0 ? b.length : end);
      if (/encoding=["'](?!utf-8["'])/i.test(decl)) this.fail('кодировка XML не UTF-8');
      this.skipPast('?>');
      return;
    }
    if (b[i + 1] === 0x21) {
      if (b.toString('latin1', i, i + 4) === '<!--') this.skipPast('-->');
      else this.fail('DOCTYPE или CDATA');
      return;
    }
    const name = /^<\/?([^\s/>]*)/.exec(b.toString('latin1', i, Math.min(b.length, i + 64)))![1]!;
    if (name.includes(':')) {
      this.fail('элементы с префиксом пространства имён');
      return;
    }
    const close = b.indexOf(GT, i);
    if (close < 0) {
      this.fail('оборванный тег');
      return;
    }
    this.i = close + 1;
    if (name === 'sheetData') this.state = b[close - 1] === SL ? 2 : 1;
    if (this.state === 2) this.done = true;
  }

  private tail(): void {
    // Only merges matter after sheetData; hyperlinks would change values in exceljs (text instead of formulas).
    const text = this.b.toString('latin1', this.i).replace(/<!--[\s\S]*?-->/g, '');
    if (/<hyperlinks?[\s>/]/.test(text)) {
      this.fail('гиперссылки');
      return;
    }
    for (const m of text.matchAll(/<mergeCell\b([^>]*)>/g)) {
      const ref = /\sref=(?:"([^"]*)"|'([^']*)')/.exec(m[1]!);
      if (!ref) {
        this.fail('объединение без адреса');
        return;
      }
      this.merges.push(ref[1] ?? ref[2]!);
    }
    this.i = this.b.length;
  }

  private inSheetData(): void {
    const b = this.b,
      i = this.i;
    if (b[i + 1] === 0x72 && b[i + 2] === 0x6f && b[i + 3] === 0x77 && ends(b[i + 4])) {
      this.row();
      return;
    }
    if (b.toString('latin1', i, i + 12) === '</sheetData>') {
      this.i = i + 12;
      this.state = 2;
      this.done = true;
      return;
    }
    this.fail(`элемент «${b.toString('latin1', i, i + 12)}» в sheetData`);
  }

  private rowNo = 0;
  private rowCells: Cell[] = [];
  private lastCol = 0;

  private row(): void {
    this.rowNo = NaN;
    const selfClosing = this.attrs(3);
    if (selfClosing === null) {
      this.fail('оборванный тег row');
      return;
    }
    for (let k = 0; k < this.ac; k++) if (this.an[k] === 0x72) this.rowNo = this.digits(this.as[k]!, this.ae[k]!);
    if (!(this.rowNo > this.lastRow)) {
      this.fail('строки без номера или не по порядку');
      return;
    }
    this.lastRow = this.rowNo;
    this.rowCells = [];
    this.lastCol = 0;
    if (!selfClosing) {
      const b = this.b;
      for (;;) {
        let j = this.i;
        while (b[j] !== LT && j < b.length) j++;
        this.i = j;
        if (j >= b.length) {
          this.fail('оборванная строка');
          return;
        }
        if (b[j + 1] === 0x63 && ends(b[j + 2])) {
          if (!this.cell()) return;
          continue;
        }
        if (b[j + 1] === SL && b[j + 2] === 0x72 && b[j + 3] === 0x6f && b[j + 4] === 0x77 && b[j + 5] === GT) {
          this.i = j + 6;
          break;
        }
        this.fail('в строке не только ячейки');
        return;
      }
    }
    if (this.materialise && this.rowCells.length > 0) this.out.push({ rowNo: this.rowNo, cells: this.rowCells });
  }

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

  private cell(): boolean {
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
      let j = this.i;
      while (b[j] !== LT && j < b.length) j++;
      this.i = j;
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
      let j = this.i;
      while (b[j] !== LT && j < b.length) j++;
      this.i = j;
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
          let k = this.i;
          while (b[k] !== LT && k < b.length) k++;
          this.i = k;
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
