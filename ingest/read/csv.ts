// CSV decoding: BOM → strict UTF-8 → CP1251/CP866 (chosen by letter statistics), delimiter sniffing.
import iconv from 'iconv-lite';
import Papa from 'papaparse';
import type { Cell } from '../types.js';

const FREQUENT = 'оеаинтсрвлкмдпуяыьгзбчйхжшюцщэфъё';

function russianScore(s: string): number {
  let score = 0;
  for (const ch of s.slice(0, 20000).toLowerCase()) if (FREQUENT.includes(ch)) score += 1;
  return score;
}

export function decodeText(bytes: Uint8Array): string {
  const buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (buf[0] === 0xef && buf[1] === 0xbb && buf[2] === 0xbf) return buf.subarray(3).toString('utf8');
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(buf);
  } catch {
    const cp1251 = iconv.decode(buf, 'win1251');
    const cp866 = iconv.decode(buf, 'cp866');
    const koi8 = iconv.decode(buf, 'koi8-r');
    const best = [cp1251, cp866, koi8].map((t) => ({ t, s: russianScore(t) })).sort((a, b) => b.s - a.s)[0]!;
    return best.t;
  }
}

export function sniffDelimiter(text: string): string {
  const lines = text.split(/\r?\n/, 10).filter((l) => l.length > 0);
  const counts = [';', '\t', ','].map((d) => ({ d, n: Math.min(...lines.map((l) => l.split(d).length - 1)) }));
  return counts.find((c) => c.n > 0)?.d ?? ';';
}

/** Parses delimited text into rows; empty strings become null; a trailing all-empty column is dropped. */
export function parseDelimited(text: string): Cell[][] {
  const res = Papa.parse<string[]>(text, { delimiter: sniffDelimiter(text), skipEmptyLines: 'greedy' });
  const rows: Cell[][] = res.data.map((r) => r.map((v) => { const t = v.trim(); return t === '' ? null : t; }));
  // «Trailing ; on every line» leaves one more empty column than the header has names.
  while (rows.length > 0 && rows.every((r) => r.length === 0 || r[r.length - 1] === null)) {
    if (rows.every((r) => r.length === 0)) break;
    for (const r of rows) if (r.length > 0) r.pop();
  }
  return rows;
}
