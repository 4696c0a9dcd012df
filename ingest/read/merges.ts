// Merged ranges for the streaming reader, resolved as the exceljs reader resolves them: every covered cell but the
// top-left one takes the top-left value (even an empty one), and a row that only covered cells reach is a row too.
// Rows arrive in order, so each range is applied while the rows stream past it.
import type { Cell, SheetRow } from '../types.js';

export interface Range {
  top: number;
  left: number;
  bottom: number;
  right: number;
  value: Cell;
}

const MAX_MERGED_CELLS = 1_000_000; // exceljs would build a cell object for each; leave such books to it

function decode(a: string): { r: number; c: number } | null {
  const m = /^([A-Z]{1,3})([1-9]\d{0,6})$/.exec(a);
  if (!m) return null;
  let c = 0;
  for (const ch of m[1]!) c = c * 26 + ch.charCodeAt(0) - 64;
  return c <= 16384 ? { r: Number(m[2]), c } : null;
}

/** Ranges from `<mergeCell ref>` values sorted by top row, or a reason to leave the sheet to exceljs. */
export function parseMerges(refs: string[]): Range[] | string {
  const out: Range[] = [];
  let area = 0;
  for (const ref of refs) {
    const [a, b, extra] = ref.split(':');
    const s = a ? decode(a) : null,
      e = b ? decode(b) : null;
    if (!s || !e || extra !== undefined || s.r > e.r || s.c > e.c)
      return `необычное объединение ячеек «${ref.slice(0, 20)}»`;
    area += (e.r - s.r + 1) * (e.c - s.c + 1);
    out.push({ top: s.r, left: s.c, bottom: e.r, right: e.c, value: null });
  }
  if (area > MAX_MERGED_CELLS) return 'слишком большие объединения ячеек';
  out.sort((x, y) => x.top - y.top || x.left - y.left);
  // exceljs refuses overlapping merges (the whole book fails to open): leave that answer to it.
  for (let i = 0; i < out.length; i++) {
    for (let j = i + 1; j < out.length && out[j]!.top <= out[i]!.bottom; j++) {
      const x = out[i]!,
        y = out[j]!;
      if (y.left <= x.right && x.left <= y.right) return 'объединения ячеек пересекаются';
    }
  }
  return out;
}

/** Whether row r has a covered (non top-left) cell of m. */
const covers = (m: Range, r: number): boolean => (r > m.top && r <= m.bottom) || (r === m.top && m.right > m.left);

/** Applies merges to rows streaming in order; rows reached only by merges are produced in between. */
export class MergeFill {
  private next = 0; // ranges[next..] have not started yet
  private active: Range[] = [];
  private last = 0; // last row number produced

  constructor(private readonly ranges: Range[]) {}

  private advance(r: number): void {
    while (this.next < this.ranges.length && this.ranges[this.next]!.top <= r)
      this.active.push(this.ranges[this.next++]!);
    if (this.active.some((m) => m.bottom < r)) this.active = this.active.filter((m) => m.bottom >= r);
  }

  private apply(r: number, cells: Cell[] | null): Cell[] {
    const out = cells ?? [];
    for (const m of this.active) if (m.top === r) m.value = out[m.left - 1] ?? null;
    for (const m of this.active) {
      if (!covers(m, r)) continue;
      while (out.length < m.right) out.push(null);
      for (let c = m.left; c <= m.right; c++) if (r !== m.top || c !== m.left) out[c - 1] = m.value;
    }
    return out;
  }

  /** Rows strictly between the last one produced and `upTo` that merges alone reach. */
  *gap(upTo: number): Generator<SheetRow> {
    let r = this.last + 1;
    while (r < upTo) {
      this.advance(r);
      if (this.active.length === 0) {
        if (this.next >= this.ranges.length) break;
        r = Math.max(r, this.ranges[this.next]!.top);
        continue;
      }
      if (this.active.some((m) => covers(m, r))) yield { rowNo: r, cells: this.apply(r, null) };
      else this.apply(r, null); // a single-column range's top row: its value is null here
      r++;
    }
    this.last = Math.max(this.last, upTo - 1);
  }

  /** The rows up to and including `row` (which came from the sheet with at least one value). */
  *row(row: SheetRow): Generator<SheetRow> {
    yield* this.gap(row.rowNo);
    this.advance(row.rowNo);
    row.cells = this.apply(row.rowNo, row.cells);
    this.last = row.rowNo;
    yield row;
  }

  /** The rows after the sheet's last row that merges still reach. */
  *finish(): Generator<SheetRow> {
    const end = this.ranges.reduce((a, m) => Math.max(a, m.bottom), 0);
    yield* this.gap(end + 1);
  }
}
