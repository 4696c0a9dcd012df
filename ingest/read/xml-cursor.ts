// Byte-level reading of XML for the streaming xlsx reader: a cursor over one buffer with the few operations the
// sheet scanner needs (attributes, digits, fixed tags, text as saxes decodes it). Anything it cannot read sets
// `unusual` rather than guessing.
import { asciiXmlText, xmlText } from './xml-text.js';

export const LT = 0x3c,
  GT = 0x3e,
  SL = 0x2f,
  AMP = 0x26;
const EQ = 0x3d,
  QU = 0x22,
  AP = 0x27,
  CR = 0x0d;
export const isSpace = (c: number | undefined): boolean => c === 0x20 || c === 0x0a || c === 0x09 || c === CR;
/** The byte after an element name: the name ends there. */
export const ends = (c: number | undefined): boolean => isSpace(c) || c === GT || c === SL;

export class XmlCursor {
  unusual: string | null = null;
  protected b: Buffer = Buffer.alloc(0);
  protected i = 0;

  protected fail(why: string): void {
    if (!this.unusual) this.unusual = why;
  }

  /** Moves to the next `<` (or the end of the buffer) and returns its position: whitespace between elements. */
  protected toTag(): number {
    const b = this.b;
    let j = this.i;
    while (b[j] !== LT && j < b.length) j++;
    this.i = j;
    return j;
  }

  protected skipPast(seq: string): boolean {
    const j = this.b.indexOf(seq, this.i, 'latin1');
    if (j < 0) {
      this.fail(`нет «${seq}»`);
      return false;
    }
    this.i = j + seq.length;
    return true;
  }

  // attributes of the last tag read by attrs(): a code per name (r, s, t as their byte; si 1, ref 2; others 0)
  protected an: number[] = [];
  protected as: number[] = [];
  protected ae: number[] = [];
  protected ac = 0;

  /** Reads the attributes of the tag at this.i (name `nameLen` bytes); true when self-closing, null when broken. */
  protected attrs(nameLen: number): boolean | null {
    const b = this.b;
    let j = this.i + 1 + nameLen;
    this.ac = 0;
    for (;;) {
      let c = b[j];
      while (isSpace(c)) c = b[++j];
      if (c === GT) {
        this.i = j + 1;
        return false;
      }
      if (c === SL && b[j + 1] === GT) {
        this.i = j + 2;
        return true;
      }
      if (c === undefined) return null;
      const ns = j;
      while (c !== EQ && c !== undefined && !isSpace(c)) c = b[++j];
      const len = j - ns;
      while (isSpace(c)) c = b[++j];
      if (c !== EQ) return null;
      c = b[++j];
      while (isSpace(c)) c = b[++j];
      if (c !== QU && c !== AP) return null;
      const vs = j + 1,
        q = c;
      for (c = b[++j]; c !== q; c = b[++j]) if (c === undefined) return null;
      const k = this.ac++;
      this.an[k] =
        len === 1
          ? b[ns]!
          : len === 2 && b[ns] === 0x73 && b[ns + 1] === 0x69
            ? 1
            : len === 3 && b[ns] === 0x72 && b[ns + 1] === 0x65 && b[ns + 2] === 0x66
              ? 2
              : 0;
      this.as[k] = vs;
      this.ae[k] = j;
      j++;
    }
  }

  /** Decimal digits only (parseInt would accept more; anything else is unusual), NaN otherwise. */
  protected digits(s: number, e: number): number {
    if (e <= s || e - s > 15) return NaN;
    let v = 0;
    for (let k = s; k < e; k++) {
      const d = this.b[k]! - 48;
      if (d < 0 || d > 9) return NaN;
      v = v * 10 + d;
    }
    return v;
  }

  protected bytesAre(s: number, e: number, what: Buffer): boolean {
    if (e - s !== what.length) return false;
    for (let k = 0; k < what.length; k++) if (this.b[s + k] !== what[k]) return false;
    return true;
  }

  protected closeTag(tag: Buffer): boolean {
    const b = this.b,
      i = this.i,
      n = tag.length;
    for (let k = 0; k < n; k++) if (b[i + k] !== tag[k]) return false;
    this.i = i + n;
    return true;
  }

  /**
   * Text from this.i to the next '<' (or b[from..to)), validated — and decoded when it has references — as saxes
   * does. Without `build`, ASCII text with references is only validated and comes back as a non-empty placeholder.
   */
  protected text(build: boolean, from?: number, to?: number): string | null {
    const b = this.b,
      s = from ?? this.i;
    let j = to ?? s,
      special = to !== undefined,
      hi = to !== undefined;
    if (to === undefined) {
      for (let c = b[j]; c !== LT && c !== undefined; c = b[++j]) {
        if (c === AMP || c < 0x20) special = true;
        else if (c > 0x7f) hi = true;
      }
      this.i = j;
    }
    if (j === s) return '';
    if (special && !hi) {
      const t = asciiXmlText(b, s, j, build);
      if (t === null) this.fail('неверная ссылка на символ или управляющий символ');
      return build ? t : ' '; // scan: a placeholder, non-empty like the text
    }
    const raw = b.toString('utf8', s, j);
    if (!special) return raw;
    const t = xmlText(raw);
    if (t === null) this.fail('неверная ссылка на символ или управляющий символ');
    return t;
  }
}
