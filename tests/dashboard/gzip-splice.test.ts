// A gzip body spliced from pieces deflated once and per-request strings must be a valid gzip of the whole text.
import { randomBytes } from 'node:crypto';
import { crc32, gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { crc32Combine, deflatePieces, spliceGzip, storedBlocks } from '../../dashboard/routes/gzip-splice.js';

const html = (n: number) =>
  Buffer.from(Array.from({ length: n }, (_, i) => `<tr><td>Школа № ${i}</td><td>${(i * 7) % 100}</td></tr>`).join(''));

function roundTrip(pieces: Buffer[], fills: Buffer[]) {
  const spliced = spliceGzip(deflatePieces(pieces), fills);
  const whole = Buffer.concat(pieces.flatMap((p, i) => (fills[i] ? [p, fills[i]] : [p])));
  return { spliced, whole, unzipped: gunzipSync(spliced) };
}

describe('spliceGzip', () => {
  it('decodes (CRC and length checked by zlib) to the pieces with the fills between them', () => {
    const pieces = [html(2000), html(10), html(3000)];
    const fills = [Buffer.from('csrfТокен123'), Buffer.from('kom-1')];
    const { spliced, whole, unzipped } = roundTrip(pieces, fills);
    expect(unzipped.equals(whole)).toBe(true);
    expect(spliced.length).toBeLessThan(whole.length / 4); // the constant pieces really are compressed
  });

  it('handles empty pieces, empty fills, a single piece and a fill longer than one stored block', () => {
    const cases: [Buffer[], Buffer[]][] = [
      [[Buffer.alloc(0), Buffer.alloc(0)], [Buffer.from('x')]],
      [[html(5)], []],
      [[html(5), html(5)], [Buffer.alloc(0)]],
      [
        [html(50), Buffer.from('середина'), html(50)],
        [randomBytes(70_000), randomBytes(131_071)],
      ],
    ];
    for (const [pieces, fills] of cases) {
      const { whole, unzipped } = roundTrip(pieces, fills);
      expect(unzipped.equals(whole)).toBe(true);
    }
  });

  it('gives each request its own fills from the same deflated pieces', () => {
    const pieces = [html(300), html(300)];
    const deflated = deflatePieces(pieces);
    const a = gunzipSync(spliceGzip(deflated, [Buffer.from('AAAA')])).toString();
    const b = gunzipSync(spliceGzip(deflated, [Buffer.from('BBBBBB')])).toString();
    expect(a.replace('AAAA', '')).toBe(b.replace('BBBBBB', ''));
    expect(a).toContain('AAAA');
    expect(b).not.toContain('AAAA');
  });

  it('combines CRCs as the CRC of the concatenation', () => {
    for (const [m, n] of [
      [0, 0],
      [0, 5],
      [5, 0],
      [1, 1],
      [1000, 70_001],
      [3, 1_000_003],
    ] as const) {
      const a = randomBytes(m),
        b = randomBytes(n);
      expect(crc32Combine(crc32(a), crc32(b), n)).toBe(crc32(Buffer.concat([a, b])));
    }
  });

  it('splits stored blocks at 65 535 bytes with the one’s-complement length', () => {
    const b = storedBlocks(Buffer.alloc(65_536, 1));
    expect([...b.subarray(0, 5)]).toEqual([0, 0xff, 0xff, 0, 0]);
    expect([...b.subarray(65_540, 65_545)]).toEqual([0, 1, 0, 0xfe, 0xff]);
    expect(b.length).toBe(65_536 + 10);
  });
});
