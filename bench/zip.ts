// Minimal zip reader for the xlsx floor measurement: the central directory gives each entry's method, sizes
// and local-header offset (streamed xlsx writers leave the sizes in local headers as zero); an entry is
// inflated as a stream with node:zlib. No zip64, no encryption — enough for files written by exceljs.
import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import { Readable } from 'node:stream';
import { createInflateRaw } from 'node:zlib';

export interface ZipEntry {
  name: string;
  method: number;
  compressedSize: number;
  size: number;
  localOffset: number;
}

function readAt(fd: number, pos: number, len: number): Buffer {
  const b = Buffer.alloc(len);
  let got = 0;
  while (got < len) {
    const n = readSync(fd, b, got, len - got, pos + got);
    if (n === 0) break;
    got += n;
  }
  return b.subarray(0, got);
}

export function listEntries(path: string): ZipEntry[] {
  const fd = openSync(path, 'r');
  try {
    const size = fstatSync(fd).size;
    const tailLen = Math.min(size, 22 + 0xffff);
    const tail = readAt(fd, size - tailLen, tailLen);
    let eocd = -1;
    for (let i = tail.length - 22; i >= 0; i--)
      if (tail.readUInt32LE(i) === 0x06054b50) {
        eocd = i;
        break;
      }
    if (eocd < 0) throw new Error('zip: end of central directory not found');
    const count = tail.readUInt16LE(eocd + 10);
    const cdSize = tail.readUInt32LE(eocd + 12);
    const cdOffset = tail.readUInt32LE(eocd + 16);
    if (cdOffset === 0xffffffff) throw new Error('zip: zip64 is not supported');
    const cd = readAt(fd, cdOffset, cdSize);
    const out: ZipEntry[] = [];
    let p = 0;
    for (let i = 0; i < count; i++) {
      if (cd.readUInt32LE(p) !== 0x02014b50) throw new Error('zip: bad central directory entry');
      const nameLen = cd.readUInt16LE(p + 28),
        extraLen = cd.readUInt16LE(p + 30),
        commentLen = cd.readUInt16LE(p + 32);
      out.push({
        method: cd.readUInt16LE(p + 10),
        compressedSize: cd.readUInt32LE(p + 20),
        size: cd.readUInt32LE(p + 24),
        localOffset: cd.readUInt32LE(p + 42),
        name: cd.subarray(p + 46, p + 46 + nameLen).toString('utf8'),
      });
      p += 46 + nameLen + extraLen + commentLen;
    }
    return out;
  } finally {
    closeSync(fd);
  }
}

/** Streams the uncompressed bytes of one entry to `onChunk`; returns the uncompressed byte count. */
export async function inflateEntry(path: string, e: ZipEntry, onChunk: (b: Buffer) => void): Promise<number> {
  const fd = openSync(path, 'r');
  let dataStart: number;
  try {
    const lh = readAt(fd, e.localOffset, 30);
    if (lh.readUInt32LE(0) !== 0x04034b50) throw new Error(`zip: bad local header for ${e.name}`);
    dataStart = e.localOffset + 30 + lh.readUInt16LE(26) + lh.readUInt16LE(28);
  } finally {
    closeSync(fd);
  }
  // Compressed bytes are read in 1 MB slices so memory stays flat regardless of entry size.
  const src = Readable.from(
    (function* () {
      const f = openSync(path, 'r');
      try {
        for (let pos = 0; pos < e.compressedSize; pos += 1 << 20)
          yield readAt(f, dataStart + pos, Math.min(1 << 20, e.compressedSize - pos));
      } finally {
        closeSync(f);
      }
    })(),
  );
  let total = 0;
  const stream = e.method === 8 ? src.pipe(createInflateRaw()) : e.method === 0 ? src : null;
  if (!stream) throw new Error(`zip: unsupported method ${e.method}`);
  for await (const chunk of stream as AsyncIterable<Buffer>) {
    total += chunk.length;
    onChunk(chunk);
  }
  return total;
}

/** Counts occurrences of `<row` followed by a space or `>` (not `<rowBreaks`) across chunk boundaries. */
export class RowCounter {
  count = 0;
  private carry = Buffer.alloc(0);
  push(chunk: Buffer): void {
    const b = this.carry.length ? Buffer.concat([this.carry, chunk]) : chunk;
    let cut = Math.max(0, b.length - 3); // a partial «<ro» at the end is carried into the next chunk
    for (let i = b.indexOf('<row', 0, 'latin1'); i >= 0; i = b.indexOf('<row', i + 4, 'latin1')) {
      if (i + 4 >= b.length) {
        cut = i;
        break;
      }
      const next = b[i + 4];
      if (next === 0x20 || next === 0x3e) this.count++;
    }
    this.carry = Buffer.from(b.subarray(cut));
  }
}
