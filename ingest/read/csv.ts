// CSV decoding: BOM (UTF-8, UTF-16) → strict UTF-8 → CP1251/CP866/KOI8-R (chosen by Russian letter frequencies),
// delimiter sniffing, and parsing into numbered rows with the limits of a spreadsheet.
import iconv from 'iconv-lite';
import Papa from 'papaparse';
import type { Cell } from '../types.js';
import { FileRejected } from '../types.js';
import { columnLetter } from './values.js';

// Relative frequencies (‰) of Russian letters in ordinary text. A wrong single-byte decoding still yields Cyrillic
// letters (KOI8-R read as CP1251 permutes them), so letters are weighted rather than counted.
const FREQ: Record<string, number> = {
  о: 110,
  е: 85,
  а: 80,
  и: 74,
  н: 67,
  т: 63,
  с: 55,
  р: 47,
  в: 45,
  л: 44,
  к: 35,
  м: 32,
  д: 30,
  п: 28,
  у: 26,
  я: 20,
  ы: 19,
  ь: 17,
  г: 17,
  з: 16,
  б: 16,
  ч: 14,
  й: 12,
  х: 10,
  ж: 9,
  ш: 7,
  ю: 6,
  ц: 5,
  щ: 4,
  э: 3,
  ф: 3,
  ъ: 1,
  ё: 1,
};
const SAMPLE_BYTES = 256 * 1024;
// FREQ by UTF-16 code unit, both cases (-1: not a Russian letter). The sample is scored in three code pages; lower-casing
// and a regular expression per character made detectEncoding 115–177 ms on a 72 MB file, these lookups 20–60 ms.
const LETTER_FREQ = new Int16Array(0x460).fill(-1);
const UPPER = new Uint8Array(0x460);
for (const [letter, f] of Object.entries(FREQ)) {
  const up = letter.toUpperCase().charCodeAt(0);
  LETTER_FREQ[letter.charCodeAt(0)] = f;
  LETTER_FREQ[up] = f;
  UPPER[up] = 1;
}

/**
 * Plausibility of Russian text: letter frequencies regardless of case, minus a penalty for what a wrong code page
 * produces — symbols and box drawing instead of letters, and words with a lower-case letter followed by an upper-case
 * one (KOI8-R read as CP1251 swaps the case: «Код» → «лОД»).
 */
export function russianScore(s: string): number {
  let score = 0;
  let prevLower = false;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    const f = c < LETTER_FREQ.length ? LETTER_FREQ[c]! : -1;
    if (f >= 0) {
      score += f;
      const isLower = UPPER[c] === 0;
      if (!isLower && prevLower) score -= 60;
      prevLower = isLower;
      continue;
    }
    prevLower = false;
    if ((c >= 0x80 && c <= 0xbf) || (c >= 0x2500 && c <= 0x25ff)) score -= 20; // C1 controls, Latin-1 symbols, box drawing
  }
  return score;
}

export type TextEncoding = 'utf-8' | 'utf-16le' | 'utf-16be' | 'windows-1251' | 'cp866' | 'koi8-r';

export function detectEncoding(bytes: Uint8Array): { encoding: TextEncoding; bom: number } {
  const b = bytes;
  if (b[0] === 0xef && b[1] === 0xbb && b[2] === 0xbf) return { encoding: 'utf-8', bom: 3 };
  if (b[0] === 0xff && b[1] === 0xfe) return { encoding: 'utf-16le', bom: 2 };
  if (b[0] === 0xfe && b[1] === 0xff) return { encoding: 'utf-16be', bom: 2 };
  const sample = Buffer.from(b.buffer, b.byteOffset, Math.min(b.byteLength, SAMPLE_BYTES));
  try {
    // A sample cut in the middle of a multi-byte character is still UTF-8.
    new TextDecoder('utf-8', { fatal: true }).decode(b.byteLength > SAMPLE_BYTES ? trimPartialUtf8(sample) : sample);
    return { encoding: 'utf-8', bom: 0 };
  } catch {
    /* single-byte code page */
  }
  const candidates: TextEncoding[] = ['windows-1251', 'cp866', 'koi8-r'];
  const scored = candidates.map((encoding) => ({ encoding, s: russianScore(iconv.decode(sample, encoding)) }));
  scored.sort((x, y) => y.s - x.s);
  return { encoding: scored[0]!.encoding, bom: 0 };
}

function trimPartialUtf8(b: Buffer): Buffer {
  let end = b.length;
  for (let i = 1; i <= 3 && end - i >= 0; i++) {
    const c = b[end - i]!;
    if ((c & 0xc0) === 0x80) continue; // continuation byte
    if (c >= 0xc0) end -= i; // a lead byte whose sequence may be incomplete
    break;
  }
  return b.subarray(0, end);
}

export function decodeText(bytes: Uint8Array): string {
  const { encoding, bom } = detectEncoding(bytes);
  const buf = Buffer.from(bytes.buffer, bytes.byteOffset + bom, bytes.byteLength - bom);
  if (encoding === 'utf-8') return buf.toString('utf8');
  if (encoding === 'utf-16le') return buf.toString('utf16le');
  return iconv.decode(buf, encoding);
}

/** Text that is markup rather than delimited values: HTML tables and XML spreadsheets saved with an Excel extension. */
export function markupKind(text: string): 'html' | 'spreadsheetml' | 'xml' | null {
  const head = text.slice(0, 4096).trimStart().toLowerCase();
  if (!head.startsWith('<')) return null;
  if (/urn:schemas-microsoft-com:office:spreadsheet/.test(head)) return 'spreadsheetml';
  if (/<(!doctype html|html|table|body|head)[\s>]/.test(head)) return 'html';
  if (head.startsWith('<?xml')) return 'xml';
  return null;
}

export function sniffDelimiter(text: string): string {
  const lines = text
    .slice(0, 64 * 1024)
    .split(/\r?\n/, 10)
    .filter((l) => l.length > 0);
  const counts = [';', '\t', ','].map((d) => ({ d, n: Math.min(...lines.map((l) => l.split(d).length - 1)) }));
  return counts.find((c) => c.n > 0)?.d ?? ';';
}

/** Excel's limit: a row wider than this is not a table a person could have produced. */
export const MAX_CSV_COLUMNS = 16_384;

export interface CsvRow {
  rowNo: number;
  cells: Cell[];
}

export interface CsvTable {
  /** Non-blank rows in the file (the checking pass counts them). */
  count: number;
  rows: () => Generator<CsvRow>;
  delimiter: string;
  newline: '\r\n' | '\n' | '\r';
  /** Empty columns at the end of every non-blank row, dropped from each. */
  trailing: number;
  /** The most fields a row has (before the drop). */
  widest: number;
}

const CHUNK = 1 << 20; // characters per parse chunk

/** Chunk boundaries at record ends (a newline outside quotes), so each chunk parses on its own. */
function* chunks(text: string, newline: string): Generator<{ start: number; end: number }> {
  let start = 0;
  while (start < text.length) {
    let end = Math.min(text.length, start + CHUNK);
    let quotes = 0;
    for (let i = start; i < end; i++) if (text.charCodeAt(i) === 34) quotes++;
    // Extend to the next newline with an even number of quotes before it (not inside a quoted value).
    for (;;) {
      const nl = end >= text.length ? -1 : text.indexOf(newline, end);
      if (nl < 0) {
        end = text.length;
        break;
      }
      for (let i = end; i < nl; i++) if (text.charCodeAt(i) === 34) quotes++;
      end = nl;
      if (quotes % 2 === 0) break;
      end = nl + newline.length;
    }
    yield { start, end };
    start = end + newline.length;
  }
}

/**
 * Delimited text as rows numbered as Excel numbers them when it opens the file (a blank line is a row, a quoted
 * multi-line value stays in one row); blank rows are dropped, empty strings become null, a trailing all-empty column
 * («;» at the end of every line) is dropped. One checking pass over the text, then rows are parsed again chunk by
 * chunk when iterated, so a large file is never held as a whole array of rows.
 * Rejected: an unterminated quote (the rest of the file would become one cell) and rows wider than Excel allows.
 */
export function csvRows(text: string, sheet: string | null = null): CsvTable {
  const delimiter = sniffDelimiter(text);
  const head = text.slice(0, 64 * 1024);
  const newline: CsvTable['newline'] = head.includes('\r\n')
    ? '\r\n'
    : head.includes('\n') || !head.includes('\r')
      ? '\n'
      : '\r';
  const parse = (chunk: string) =>
    Papa.parse<string[]>(chunk, { delimiter, newline: newline as '\r\n', skipEmptyLines: false, quoteChar: '"' });

  let count = 0,
    drop = Number.POSITIVE_INFINITY,
    base = 0,
    widest = 0;
  for (const { start, end } of chunks(text, newline)) {
    const res = parse(text.slice(start, end));
    const quote = res.errors.find((e) => e.type === 'Quotes');
    if (quote) {
      const rowNo = base + (quote.row ?? 0) + 1;
      const col = res.data[quote.row ?? 0]?.length ?? null;
      throw new FileRejected(
        `кавычка «"» открыта, но не закрыта (или после закрывающей кавычки идёт текст) — всё, что ниже, слилось бы в одну ячейку. Исправьте кавычки в этой строке или сохраните файл из Excel заново.`,
        sheet,
        rowNo,
        col ? columnLetter(col - 1) : null,
      );
    }
    res.data.forEach((r, i) => {
      if (r.length > MAX_CSV_COLUMNS) {
        throw new FileRejected(
          `${r.length.toLocaleString('ru-RU')} столбцов — больше, чем допускает Excel (${MAX_CSV_COLUMNS.toLocaleString('ru-RU')}). Вероятно, файл повреждён или разделитель столбцов указан неверно.`,
          sheet,
          base + i + 1,
          null,
        );
      }
      widest = Math.max(widest, r.length);
      let trailing = 0;
      while (trailing < r.length && r[r.length - 1 - trailing]!.trim() === '') trailing++;
      if (trailing === r.length) return; // blank row
      count++;
      drop = Math.min(drop, trailing);
    });
    base += res.data.length;
  }
  const pop = Number.isFinite(drop) ? drop : 0;

  function* rows(): Generator<CsvRow> {
    let offset = 0;
    for (const { start, end } of chunks(text, newline)) {
      const data = parse(text.slice(start, end)).data;
      for (let i = 0; i < data.length; i++) {
        const r = data[i]!;
        const cells: Cell[] = r.slice(0, r.length - pop).map((v) => {
          const t = v.trim();
          return t === '' ? null : t;
        });
        if (cells.some((c) => c !== null)) yield { rowNo: offset + i + 1, cells };
      }
      offset += data.length;
    }
  }
  return { count, rows, delimiter, newline, trailing: pop, widest };
}

/** All rows at once (small files, tests). */
export function parseRows(text: string, sheet: string | null = null): CsvRow[] {
  return [...csvRows(text, sheet).rows()];
}

/** Bytes a head is read from: enough for the delimiter and line-break sniffing (64K characters) and the probe. */
const HEAD_BYTES = 256 * 1024;
/** Rows of each sheet the format detection sees (ingest/read/workbook.ts probe). */
export const PROBE_ROWS = 40;

/** The start of a CSV file read as `openWorkbook` reads the whole, for the bulk loader (ingest/bulk/csv.ts). */
export interface CsvHead extends Omit<CsvTable, 'rows' | 'count'> {
  encoding: TextEncoding;
  bom: number;
  /** Non-blank rows of the head, numbered as in the whole file. */
  rows: CsvRow[];
  /** The head is the whole file. */
  complete: boolean;
}

/**
 * The first rows of a CSV file exactly as the whole-file reader gives them (same encoding, delimiter, line break,
 * row numbers and probe), from the first ~256 KB cut at a line end — or null when the head could read differently
 * from the whole: UTF-16, markup, a head too short for the sniffing windows or the probe, a quote open at the cut.
 * The trailing empty columns are those of the head; the bulk loader checks the rest of the file keeps them empty.
 */
export function csvHead(bytes: Uint8Array): CsvHead | null {
  const { encoding, bom } = detectEncoding(bytes);
  if (encoding === 'utf-16le' || encoding === 'utf-16be') return null;
  let end = Math.min(bytes.byteLength, bom + HEAD_BYTES);
  const complete = end === bytes.byteLength;
  if (!complete) {
    const lf = bytes.lastIndexOf(10, end - 1);
    if (lf < bom) return null;
    end = lf + 1;
  }
  const buf = Buffer.from(bytes.buffer, bytes.byteOffset + bom, end - bom);
  const text = encoding === 'utf-8' ? buf.toString('utf8') : iconv.decode(buf, encoding);
  if (markupKind(text) || (!complete && text.length < 64 * 1024)) return null;
  let table: CsvTable;
  try {
    table = csvRows(text);
  } catch {
    return null;
  }
  const rows = [...table.rows()];
  if (!complete && rows.length < PROBE_ROWS) return null;
  const { delimiter, newline, trailing, widest } = table;
  return { encoding, bom, rows, complete, delimiter, newline, trailing, widest };
}
