// Text helpers every layer shares: how captions are compared and how Russian counts agree.

/** Lower case, «ё» → «е», whitespace (incl. non-breaking) collapsed: the form captions and names are compared in. */
export function normText(v: unknown): string {
  if (v === null || v === undefined) return '';
  return String(v)
    .replace(/[\u00a0\t\r\n]+/g, ' ')
    .replace(/ё/g, 'е')
    .replace(/Ё/g, 'Е')
    .replace(/\s+/g, ' ')
    .trim()
    .toLowerCase();
}

/** Russian plural: plural(1, ['строка', 'строки', 'строк']) → 'строка'; 2 → 'строки'; 5, 11 → 'строк'. */
export function plural(n: number, forms: [string, string, string]): string {
  const a = Math.abs(n) % 100,
    b = a % 10;
  return a >= 11 && a <= 14 ? forms[2] : b === 1 ? forms[0] : b >= 2 && b <= 4 ? forms[1] : forms[2];
}
