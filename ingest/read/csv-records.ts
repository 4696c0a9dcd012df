// The records of a delimited file found in its own bytes, for the bulk CSV loader (ingest/bulk/csv.ts). Every record
// after the header is copied with its row number in front («17;…»): numbered as csv.ts numbers rows (as Excel does —
// a blank line is a row, a quoted multi-line value is one row), so the numbering survives DuckDB's reader, which skips
// blank lines. The copy is UTF-8 (a single-byte code page is transcoded on the way, byte by byte through the table of
// iconv-lite's own decoding) and ends every record with «\n».
// Only files both readers split alike are copied. A quote that does not open a whole field, text after a closing
// quote, a quote never closed, a line break other than the file's own, or a record whose trailing columns are not as
// empty as the head's: the answer is null, and the file goes the row-by-row way (which also words its errors).

import iconv from 'iconv-lite';

/** UTF-8 bytes of each byte of a single-byte code page, as iconv-lite decodes it. */
export interface Utf8Table {
  len: Uint8Array;
  b0: Uint8Array;
  b1: Uint8Array;
  b2: Uint8Array;
}

export function utf8Table(encoding: string): Utf8Table {
  const t: Utf8Table = {
    len: new Uint8Array(256),
    b0: new Uint8Array(256),
    b1: new Uint8Array(256),
    b2: new Uint8Array(256),
  };
  for (let b = 0; b < 256; b++) {
    const u = Buffer.from(iconv.decode(Buffer.from([b]), encoding), 'utf8');
    if (u.length > 3) throw new Error(`${encoding}: byte ${b} decodes to ${u.length} UTF-8 bytes`);
    t.len[b] = u.length;
    t.b0[b] = u[0]!;
    t.b1[b] = u[1] ?? 0;
    t.b2[b] = u[2] ?? 0;
  }
  return t;
}

export interface CopyOptions {
  /** First byte of the text (after a byte order mark). */
  start: number;
  /** The delimiter (one byte: «;», «,» or a tab). */
  delimiter: number;
  newline: '\r\n' | '\n';
  /** The file's single-byte code page (null: the file is UTF-8 already). */
  transcode: Utf8Table | null;
  /** Records up to and including the header: counted, not copied. */
  skip: number;
  /** Empty fields every non-blank record ends with (csv.ts drops them from every row). */
  trailing: number;
  /** Receives the copy in pieces (the buffer is reused after the call). */
  write: (bytes: Uint8Array) => void;
  /** Records read so far, now and then. */
  progress?: (records: number) => void;
}

export interface CopyResult {
  /** Records in the file, the skipped ones included (the last row number). */
  records: number;
  /** Records copied (blank lines are not). */
  copied: number;
  /** Some quoted value holds a line break (DuckDB's parallel reader cannot pad such files). */
  quotedNewline: boolean;
}

const QUOTE = 34,
  CR = 13,
  LF = 10;
const BUFFER = 1 << 20;
/** Progress every so many records, as the row-by-row parsers report it. */
const PROGRESS_EVERY = 1000;

class Copier {
  private buf = new Uint8Array(BUFFER);
  private pos = 0;
  constructor(
    private bytes: Uint8Array,
    private o: CopyOptions,
  ) {}

  /** «row;» + the record's bytes (in UTF-8) + «\n». */
  record(row: number, from: number, to: number): void {
    const t = this.o.transcode;
    const len = (to - from) * (t ? 3 : 1);
    if (this.pos + len + 16 > BUFFER) this.flush();
    let digits = 1;
    for (let x = row; x >= 10; x = Math.floor(x / 10)) digits++;
    for (let k = digits - 1, r = row; k >= 0; k--, r = Math.floor(r / 10)) this.buf[this.pos + k] = 48 + (r % 10);
    this.pos += digits;
    this.buf[this.pos++] = this.o.delimiter;
    if (len + 1 > BUFFER - this.pos) {
      // a record longer than the buffer: on its own
      this.flush();
      this.o.write(t ? this.transcoded(from, to) : this.bytes.subarray(from, to));
    } else if (t) {
      const b = this.bytes,
        buf = this.buf,
        { len: l, b0, b1, b2 } = t;
      let p = this.pos;
      for (let k = from; k < to; k++) {
        const c = b[k]!;
        if (c < 128) {
          buf[p++] = c;
          continue;
        }
        const n = l[c]!;
        buf[p] = b0[c]!;
        buf[p + 1] = b1[c]!;
        if (n === 3) buf[p + 2] = b2[c]!;
        p += n;
      }
      this.pos = p;
    } else if (len < 64) {
      for (let k = from; k < to; k++) this.buf[this.pos++] = this.bytes[k]!;
    } else {
      this.buf.set(this.bytes.subarray(from, to), this.pos);
      this.pos += len;
    }
    this.buf[this.pos++] = LF;
  }

  private transcoded(from: number, to: number): Uint8Array {
    const { len: l, b0, b1, b2 } = this.o.transcode!;
    const out = new Uint8Array((to - from) * 3);
    let p = 0;
    for (let k = from; k < to; k++) {
      const c = this.bytes[k]!,
        n = l[c]!;
      out[p] = b0[c]!;
      if (n > 1) out[p + 1] = b1[c]!;
      if (n > 2) out[p + 2] = b2[c]!;
      p += n;
    }
    return out.subarray(0, p);
  }

  flush(): void {
    if (this.pos > 0) this.o.write(this.buf.subarray(0, this.pos));
    this.pos = 0;
  }
}

const isBlankByte = (c: number): boolean => c === 32 || c === 9 || c === 11 || c === 12;

/**
 * The record [from, to) ends with at least `need` empty fields, or every field of it is empty (a blank row, which
 * csv.ts drops). Only ASCII blanks count as empty: anything else (a non-breaking space…) answers false, as if not empty.
 */
function endsEmpty(b: Uint8Array, from: number, to: number, delimiter: number, need: number): boolean {
  let k = to - 1;
  for (let empty = 0; empty < need; empty++) {
    while (k >= from && isBlankByte(b[k]!)) k--;
    if (k < from) return true;
    if (b[k] !== delimiter) return false;
    k--;
  }
  return true;
}

/** Files without a quote character: records end at line breaks. */
function copyPlain(b: Uint8Array, o: CopyOptions, out: Copier): CopyResult | null {
  const n = b.length,
    crlf = o.newline === '\r\n';
  if (!crlf && b.indexOf(CR, o.start) >= 0) return null; // a CR in a «\n» file: csv.ts keeps it in the cell, DuckDB breaks the line
  let i = o.start,
    row = 0,
    copied = 0,
    nextCr = -1;
  while (i < n) {
    let nl = b.indexOf(LF, i),
      end: number;
    if (nl < 0) {
      nl = n;
      end = n;
      if (crlf && b[n - 1] === CR) return null;
    } else if (crlf) {
      if (nl === i || b[nl - 1] !== CR) return null; // a bare LF in a «\r\n» file
      end = nl - 1;
    } else end = nl;
    if (crlf) {
      if (nextCr < i) {
        nextCr = b.indexOf(CR, i);
        if (nextCr < 0) nextCr = n;
      }
      if (nextCr < end) return null; // a bare CR inside the record
    }
    row++;
    if (row > o.skip && end > i) {
      if (o.trailing > 0 && !endsEmpty(b, i, end, o.delimiter, o.trailing)) return null;
      out.record(row, i, end);
      copied++;
    }
    if (o.progress && row % PROGRESS_EVERY === 0) o.progress(row);
    i = nl + 1;
  }
  return { records: row, copied, quotedNewline: false };
}

/** Files with quotes: byte by byte. A quote opens a field only as its first byte; inside, «""» is a quote. */
function copyQuoted(b: Uint8Array, o: CopyOptions, out: Copier): CopyResult | null {
  if (o.trailing > 0) return null;
  const n = b.length,
    crlf = o.newline === '\r\n',
    D = o.delimiter;
  let i = o.start,
    row = 0,
    copied = 0,
    quotedNewline = false;
  while (i < n) {
    const from = i;
    let end = -1,
      next = n,
      fieldStart = true;
    while (end < 0) {
      if (i >= n) {
        end = n;
        next = n;
        break;
      }
      const c = b[i]!;
      if (fieldStart && c === QUOTE) {
        i++;
        for (;;) {
          const q = b.indexOf(QUOTE, i);
          if (q < 0) return null; // never closed
          if (!quotedNewline)
            for (let k = i; k < q; k++) {
              const x = b[k];
              if (x === LF || x === CR) {
                quotedNewline = true;
                break;
              }
            }
          if (b[q + 1] === QUOTE) {
            i = q + 2;
            continue;
          }
          i = q + 1;
          break;
        }
        if (i >= n) continue;
        const d = b[i]!;
        if (d === D) {
          i++;
          continue;
        }
        if (d !== CR && d !== LF) return null; // text after the closing quote
        fieldStart = false;
        continue;
      }
      if (c === D) {
        i++;
        fieldStart = true;
        continue;
      }
      if (c === QUOTE) return null; // a quote inside an unquoted field
      if (c === CR || c === LF) {
        if (crlf ? c !== CR || b[i + 1] !== LF : c !== LF) return null;
        end = i;
        next = i + (crlf ? 2 : 1);
        break;
      }
      fieldStart = false;
      i++;
    }
    row++;
    if (row > o.skip && end > from) {
      out.record(row, from, end);
      copied++;
    }
    if (o.progress && row % PROGRESS_EVERY === 0) o.progress(row);
    i = next;
  }
  return { records: row, copied, quotedNewline };
}

/** Copies the records after the first `skip` with their row numbers; null when the two readers could disagree. */
export function copyRecords(bytes: Uint8Array, o: CopyOptions): CopyResult | null {
  const out = new Copier(bytes, o);
  const quoted = bytes.indexOf(QUOTE, o.start) >= 0;
  const r = quoted ? copyQuoted(bytes, o, out) : copyPlain(bytes, o, out);
  if (r) out.flush();
  return r;
}
