// HTML escaping: every interpolation in the html`` template is escaped unless it is already Html.
export class Html {
  constructor(readonly value: string) {}
  toString(): string {
    return this.value;
  }
}

const MAP: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

export function escapeHtml(s: unknown): string {
  return String(s ?? '').replace(/[&<>"']/g, (c) => MAP[c]!);
}

const JSON_MAP: Record<string, string> = {
  '<': '\\u003c',
  '>': '\\u003e',
  '&': '\\u0026',
  '\u2028': '\\u2028',
  '\u2029': '\\u2029',
};

/**
 * JSON text safe inside a `<script type="application/json">` element: `<`, `>`, `&`, U+2028 and U+2029 are written as
 * \u escapes (they occur only inside JSON strings, where the escape means the same character), so no value can close
 * the element (`</script>`), open a comment (`<!--`) or end a line; JSON.parse of the element's text gives the value back.
 */
export function scriptJson(value: unknown): string {
  return (JSON.stringify(value) ?? 'null').replace(/[<>&\u2028\u2029]/g, (c) => JSON_MAP[c]!);
}

/** Data for the client bundle, embedded in the page: not executed (no CSP exception needed), read by id. */
export function jsonScript(id: string, value: unknown, attrs: Record<string, string> = {}): Html {
  const more = Object.entries(attrs)
    .map(([k, v]) => ` ${k}="${escapeHtml(v)}"`)
    .join('');
  return new Html(`<script type="application/json" id="${escapeHtml(id)}"${more}>${scriptJson(value)}</script>`);
}

/** Marks trusted markup (server-rendered SVG, already escaped fragments). */
export const raw = (s: string): Html => new Html(s);

type Part = Html | string | number | boolean | null | undefined | Part[];

function part(v: Part): string {
  if (v === null || v === undefined || v === false) return '';
  if (v instanceof Html) return v.value;
  if (Array.isArray(v)) return v.map(part).join('');
  return escapeHtml(v);
}

export function html(strings: TemplateStringsArray, ...values: Part[]): Html {
  let out = strings[0]!;
  for (let i = 0; i < values.length; i++) out += part(values[i]!) + strings[i + 1]!;
  return new Html(out);
}
