// A gzip body assembled from pre-compressed pieces. A cached page is the same for every session except a few short
// per-session strings (login, CSRF token); compressing 200 KB per request would cost more than serving it. Each
// constant piece is deflated once, ending with a full flush (byte-aligned, no back-references across pieces), so
// the per-session strings can go between them as stored deflate blocks. The CRC of the whole is combined from the
// pieces' CRCs (as zlib's crc32_combine does), so a request reads only its own few bytes.
// The per-session strings are never compressed nor matched against the rest of the page, so the size of the answer
// tells nothing about the CSRF token (the BREACH attack needs the secret inside the compressed stream).
import { constants, crc32, deflateRawSync } from 'node:zlib';

const HEADER = Buffer.from([0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 0xff]); // gzip, deflate, no name, no mtime, OS unknown
const STORED_MAX = 0xffff;

/** Constant pieces, raw-deflated (all but the last end with a full flush, the last ends the stream), with CRCs. */
export interface Deflated {
  deflated: Buffer[];
  crc: number[];
  length: number[];
}

export function deflatePieces(pieces: Buffer[]): Deflated {
  return {
    // CRCs first: Node 20's crc32 answers 0 for an empty buffer once zlib has deflated it.
    crc: pieces.map((p) => crc32(p)),
    length: pieces.map((p) => p.length),
    deflated: pieces.map((p, i) =>
      deflateRawSync(p, { finishFlush: i === pieces.length - 1 ? constants.Z_FINISH : constants.Z_FULL_FLUSH }),
    ),
  };
}

/** Non-final stored blocks holding `bytes` verbatim (RFC 1951 §3.2.4); starts and ends byte-aligned. */
export function storedBlocks(bytes: Buffer): Buffer {
  const out: Buffer[] = [];
  for (let at = 0; at < bytes.length; at += STORED_MAX) {
    const chunk = bytes.subarray(at, at + STORED_MAX);
    const n = chunk.length;
    out.push(Buffer.from([0, n & 0xff, n >> 8, ~n & 0xff, (~n >> 8) & 0xff]), chunk);
  }
  return Buffer.concat(out);
}

// CRC-32 arithmetic modulo the reflected polynomial (zlib crc32.c: multmodp, x2nmodp).
const POLY = 0xedb88320;

function multmodp(a: number, b: number): number {
  let m = 0x80000000,
    p = 0;
  for (;;) {
    if (a & m) {
      p ^= b;
      if ((a & (m - 1)) === 0) break;
    }
    m >>>= 1;
    b = b & 1 ? (b >>> 1) ^ POLY : b >>> 1;
  }
  return p >>> 0;
}

const X2N: number[] = [];
for (let n = 0, p = 1 << 30; n < 32; n++, p = multmodp(p, p)) X2N.push(p);

/** x^(n·2^k) modulo the polynomial. */
function x2nmodp(n: number, k: number): number {
  let p = 0x80000000;
  for (; n > 0; n = Math.floor(n / 2), k++) if (n % 2) p = multmodp(X2N[k & 31]!, p);
  return p;
}

/** CRC of A‖B from crc(A), crc(B) and the length of B. */
export function crc32Combine(crcA: number, crcB: number, lengthB: number): number {
  return (multmodp(x2nmodp(lengthB, 3), crcA) ^ crcB) >>> 0;
}

/** gzip of pieces[0] + fills[0] + pieces[1] + … + pieces[n] (fills.length === pieces.length - 1). */
export function spliceGzip(d: Deflated, fills: Buffer[]): Buffer {
  const out: Buffer[] = [HEADER];
  let crc = 0,
    size = 0;
  d.deflated.forEach((piece, i) => {
    crc = crc32Combine(crc, d.crc[i]!, d.length[i]!);
    size += d.length[i]!;
    out.push(piece);
    const f = fills[i];
    if (f !== undefined) {
      crc = crc32Combine(crc, crc32(f), f.length);
      size += f.length;
      out.push(storedBlocks(f));
    }
  });
  const trailer = Buffer.alloc(8);
  trailer.writeUInt32LE(crc, 0);
  trailer.writeUInt32LE(size >>> 0, 4);
  out.push(trailer);
  return Buffer.concat(out);
}
