// XML text as saxes hands it to exceljs (line ends normalised, then entity and character references decoded), and
// exceljs's own second passes over it, so that the streaming reader decodes every string exactly as exceljs does.

const CHAR_REF = /&(?:#(\d+)|#x([0-9a-fA-F]+)|(amp|lt|gt|quot|apos));/y;
const NAMED: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };
const isXmlChar = (c: number): boolean =>
  c === 0x9 ||
  c === 0xa ||
  c === 0xd ||
  (c >= 0x20 && c <= 0xd7ff) ||
  (c >= 0xe000 && c <= 0xfffd) ||
  (c >= 0x10000 && c <= 0x10ffff);

/** Decoded text content, or null where saxes would stop with an error (a bad reference or character). */
export function xmlText(raw: string): string | null {
  let s = raw.includes('\r') ? raw.replace(/\r\n?/g, '\n') : raw;
  if (/[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]/.test(s)) return null;
  if (!s.includes('&')) return s;
  let out = '',
    from = 0;
  for (let i = s.indexOf('&'); i >= 0; i = s.indexOf('&', from)) {
    CHAR_REF.lastIndex = i;
    const m = CHAR_REF.exec(s);
    if (!m) return null;
    let ch: string;
    if (m[3]) ch = NAMED[m[3]]!;
    else {
      const code = m[1] !== undefined ? Number(m[1]) : parseInt(m[2]!, 16);
      if (!isXmlChar(code)) return null;
      ch = String.fromCodePoint(code);
    }
    out += s.slice(from, i) + ch;
    from = CHAR_REF.lastIndex;
  }
  s = out + s.slice(from);
  return s;
}

/** exceljs TextXform: `_xHHHH_` escapes of shared strings and rich-text runs. */
export const unescapeX = (s: string): string =>
  s.includes('_x') ? s.replace(/_x([0-9A-F]{4})_/g, (_, h: string) => String.fromCharCode(parseInt(h, 16))) : s;

/** exceljs utils.xmlDecode, applied a second time to `t="str"` values and sheet names. */
export const xmlDecodeAgain = (s: string): string =>
  s.includes('&') ? s.replace(/&([a-z]*);/g, (c) => NAMED[c.slice(1, -1)] ?? c) : s;

const NAMED_CODES: Record<string, number> = { amp: 38, lt: 60, gt: 62, quot: 34, apos: 39 };
let units = new Uint16Array(1024);

/**
 * xmlText for ASCII bytes b[s..e) (non-ASCII text arrives as character references in exports written by openpyxl,
 * as ФИС ОКО's are), decoded straight from the bytes; `build` false only validates (returns '' when valid).
 */
export function asciiXmlText(b: Uint8Array, s: number, e: number, build: boolean): string | null {
  if (build && units.length < e - s) units = new Uint16Array(2 * (e - s));
  let n = 0;
  for (let i = s; i < e; i++) {
    let c = b[i]!;
    if (c === 0x26) {
      // &
      let j = i + 1,
        code = 0;
      if (b[j] === 0x23) {
        // &#…;
        j++;
        const hex = b[j] === 0x78;
        if (hex) j++;
        const from = j;
        for (let d = b[j]!; d !== 0x3b; d = b[++j]!) {
          const v =
            d >= 0x30 && d <= 0x39
              ? d - 0x30
              : hex && (d | 0x20) >= 0x61 && (d | 0x20) <= 0x66
                ? (d | 0x20) - 0x57
                : -1;
          if (v < 0 || j >= e || j - from > 7) return null;
          code = code * (hex ? 16 : 10) + v;
        }
        if (j === from || !isXmlChar(code)) return null;
      } else {
        const semi = b.indexOf(0x3b, j);
        if (semi < 0 || semi >= e || semi - j > 4) return null;
        let name = '';
        for (let k = j; k < semi; k++) name += String.fromCharCode(b[k]!);
        const named = NAMED_CODES[name];
        if (named === undefined) return null;
        code = named;
        j = semi;
      }
      i = j;
      if (!build) continue;
      if (code > 0xffff) {
        code -= 0x10000;
        units[n++] = 0xd800 + (code >> 10);
        units[n++] = 0xdc00 + (code & 0x3ff);
      } else units[n++] = code;
      continue;
    }
    if (c < 0x20) {
      if (c === 0x0d) {
        c = 0x0a;
        if (b[i + 1] === 0x0a) i++;
      } else if (c !== 0x09 && c !== 0x0a) return null;
    }
    if (build) units[n++] = c;
  }
  if (!build) return '';
  let out = '';
  for (let k = 0; k < n; k += 8192)
    out += String.fromCharCode.apply(null, units.subarray(k, Math.min(n, k + 8192)) as unknown as number[]);
  return out;
}
