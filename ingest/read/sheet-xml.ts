// A purpose-built scanner for worksheet XML (xl/worksheets/sheetN.xml) fed in inflated chunks: rows and cells are
// read straight from the bytes (the rows here, the cells in cell-xml.ts), values decoded exactly as exceljs's xlsx
// loader decodes them, and anything outside the plain shape of data exports — prefixed elements, cells without
// addresses or out of order, CDATA, hyperlinks… — sets `unusual`, which sends the whole book to the exceljs reader
// instead. The same scanner runs twice: once during the zip guard pass (scan: no values, but every check, merges and
// formula remarks), then for rows (materialise). Whatever the scan accepted the second run accepts too.
import type { Cell } from '../types.js';
import { CellReader } from './cell-xml.js';
import { ends, GT, LT, SL } from './xml-cursor.js';

const MAX_PENDING = 16 * 1024 * 1024; // one row (or the part after sheetData) larger than this is not a data export
const ROW_TAG = Buffer.from('<row');

export class SheetScanner extends CellReader {
  /** Cells seen, or null once the sheet turned out unusual (zip-guard.ts SheetSink). */
  get cells(): number | null {
    return this.unusual ? null : this.seen;
  }
  readonly merges: string[] = [];
  /** Rows completed by the last push/end (materialise only): rows with at least one value, cells up to the last one. */
  out: { rowNo: number; cells: Cell[] }[] = [];
  done = false; // sheetData is over
  private pending: Buffer[] = [];
  private pendingLen = 0;
  private state: 0 | 1 | 2 = 0; // before sheetData, in sheetData, after it
  private lastRow = 0;

  protected override fail(why: string): void {
    super.fail(why);
    this.pending = [];
    this.pendingLen = 0;
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
        const j = this.toTag();
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
}
