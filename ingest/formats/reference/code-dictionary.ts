// ФИС ОКО code dictionaries (formats.md §1.5): KS.xlsx `Код | Проверяемые элементы содержания` → КЭС,
// KT.xlsx `Код | Проверяемые требования к уровню подготовки` → КТ. Codes stay text exactly as written
// (a number typed as 2.1 becomes '2.1', never '2.0999999999999996').

import { normText } from '../../read/values.js';
import type { Cell, CodeEntry, FormatModule, WorkbookProbe } from '../../types.js';
import { codeText, isBlank, parseEachSheet, RowReporter, readAll } from '../table.js';
import { cleanText } from './task-description.js';

const KIND: [RegExp, CodeEntry['dictionary']][] = [
  [/^(проверяем\p{L}* )?элемент\p{L}* содержани/u, 'КЭС'],
  [/^(проверяем\p{L}* )?требовани\p{L}*/u, 'КТ'],
];
const CODE = /^(код|код кэс|код кт)$/;

/** Header of a dictionary: the row index, the code and text columns and the dictionary kind. */
function headerOf(rows: Cell[][]): { index: number; code: number; text: number; kind: CodeEntry['dictionary'] } | null {
  for (let i = 0; i < Math.min(rows.length, 10); i++) {
    const texts = rows[i]!.map(normText);
    const code = texts.findIndex((t) => CODE.test(t));
    if (code < 0) continue;
    for (const [re, kind] of KIND) {
      const text = texts.findIndex((t, j) => j !== code && re.test(t));
      if (text >= 0) return { index: i, code, text, kind };
    }
  }
  return null;
}

function detect(probe: WorkbookProbe): number {
  return probe.sheets.some((s) => headerOf(s.rows) !== null) ? 0.95 : 0;
}

export const codeDictionary: FormatModule = {
  id: 'fisoko-code-dictionary',
  title: 'ФИС ОКО: кодификатор (КЭС или КТ)',
  detect,
  async parse(book, ctx) {
    await parseEachSheet(
      book,
      async (sheet) => {
        const rows = await readAll(sheet);
        const h = headerOf(rows.map((r) => r.cells));
        if (!h) return false;
        const rep = new RowReporter(book, ctx, sheet.name, rows[h.index]!.cells);
        const seen = new Map<string, string>();
        const data = rows.slice(h.index + 1).filter((r) => !isBlank(r.cells));
        for (const { rowNo, cells } of data) {
          const code = codeText(cells[h.code]);
          const text = cleanText(cells[h.text]);
          if (!code) {
            rep.error(rowNo, h.code, 'не указан код — строка пропущена.');
            continue;
          }
          if (!text) {
            rep.error(rowNo, h.text, `для кода ${code} нет текста — строка пропущена.`);
            continue;
          }
          if (seen.has(code)) {
            rep.error(rowNo, h.code, `код ${code} уже встречался (${seen.get(code)}) — строка пропущена.`);
            continue;
          }
          if (!/^\d+(\.\d+)*$/.test(code))
            rep.warning(rowNo, h.code, `код «${code}» необычного вида (ожидается 1, 2.1, 3.2.1); сохранён как есть.`);
          seen.set(code, rep.ref(rowNo));
          ctx.emitCode({ sheet: sheet.name, rowNo, dictionary: h.kind, code, text });
        }
        ctx.progress(data.length);
        return true;
      },
      'Не найдена шапка кодификатора: нужны столбцы «Код» и «Проверяемые элементы содержания» (КЭС) или «Проверяемые требования к уровню подготовки» (КТ).',
    );
  },
};
