// The streaming xlsx reader: rows come straight from the inflated sheet XML, one at a time, with the same values
// as the exceljs reader (workbook.ts keeps that one for books this reader leaves alone). The zip guard pass doubles
// as this reader's scan: each sheet is checked, its merges and formula remarks collected, before any row is given
// out, so a book is either read here from the first row to the last or not at all. Memory: the shared strings and
// one inflated chunk (plus one row); no cell cap is needed (zip-guard.ts: what limits still hold).
import type { Issue, Sheet, SheetRow, Workbook } from '../types.js';
import { errorNote, newRemarks, remark, uncalculatedNote } from './cell-value.js';
import type { BookContext } from './cell-xml.js';
import { MergeFill, parseMerges, type Range } from './merges.js';
import { SheetScanner } from './sheet-xml.js';
import { bookParts, EXCELJS_SHEET } from './xlsx-parts.js';
import { inflateChunks } from './zip.js';
import { GuardedZip } from './zip-guard.js';

export type StreamingOpen = { book: Workbook; notes: Issue[] } | { fallback: string };

const CHUNK = 256 * 1024;

/**
 * Opens an xlsx for streaming, running the zip guard on the way (its rejections are thrown as FileRejected). A book
 * this reader does not fully understand comes back as `fallback` (with the reason), already guarded with every limit
 * of a book held whole.
 */
export async function openStreaming(bytes: Uint8Array, fileName: string): Promise<StreamingOpen> {
  const zip = await GuardedZip.open(bytes, fileName);
  const parts = await bookParts(zip);
  if (typeof parts === 'string') {
    await zip.inspect();
    return { fallback: parts };
  }
  const scans = new Map<string, SheetScanner>();
  await zip.inspect((part) => {
    if (!EXCELJS_SHEET.test(part)) return null;
    const s = new SheetScanner(parts.ctx, false);
    scans.set(part, s);
    return s;
  });
  const leave = async (why: string): Promise<StreamingOpen> => {
    await zip.enforceWholeBookLimits();
    return { fallback: why };
  };
  for (const s of scans.values()) if (s.unusual) return leave(s.unusual);

  const sheets: Sheet[] = [];
  const errors: Issue[] = [],
    uncalculated: Issue[] = [];
  for (const { name, part } of parts.sheets) {
    const scan = scans.get(part)!;
    const ranges = parseMerges(scan.merges);
    if (typeof ranges === 'string') return leave(ranges);
    // Formula remarks as the exceljs reader makes them: covered cells show the top-left value, so their own
    // formulas do not count; a top-left formula worth a remark would be counted once per covered cell there.
    const remarks = newRemarks(name),
      missing: string[] = [];
    for (const f of scan.formulas) {
      const m = ranges.find((x) => f.row >= x.top && f.row <= x.bottom && f.col >= x.left && f.col <= x.right);
      if (m && (f.row !== m.top || f.col !== m.left)) continue;
      if (m) return leave('формула в объединённых ячейках');
      if (remark(remarks, f.value, f.ref) && !f.hasV) missing.push(f.ref);
    }
    const e = errorNote(remarks),
      u = uncalculatedNote(name, missing);
    if (e) errors.push(e);
    if (u) uncalculated.unshift(u);
    sheets.push(streamedSheet(zip, part, name, parts.ctx, ranges));
  }
  return { book: { fileName, kind: 'xlsx', sheets }, notes: [...uncalculated, ...errors] };
}

function streamedSheet(zip: GuardedZip, part: string, name: string, ctx: BookContext, ranges: Range[]): Sheet {
  const entry = zip.byName.get(part)!;
  return {
    name,
    async *rows(): AsyncIterable<SheetRow> {
      const scanner = new SheetScanner(ctx, true);
      const fill = ranges.length > 0 ? new MergeFill(ranges.map((r) => ({ ...r, value: null }))) : null;
      const take = function* (): Generator<SheetRow> {
        if (scanner.unusual)
          throw new Error(`streaming xlsx reader: ${scanner.unusual} in the second pass over «${name}»`);
        const out = scanner.out;
        scanner.out = [];
        if (fill) for (const r of out) yield* fill.row(r);
        else yield* out;
      };
      for await (const chunk of inflateChunks(zip.b, entry, zip.fileName, CHUNK)) {
        scanner.push(chunk);
        yield* take();
        if (scanner.done) break;
      }
      if (!scanner.done) scanner.end();
      yield* take();
      if (fill) yield* fill.finish();
    },
  };
}
