// ВПР-2022 regional export (formats.md §1.2c): sheets `Классы` and `Протокол`; six context columns with
// «code | name» cells (`Школа` = «edu… | name», `Муниципалитет` = «reg22_m045 | name»), then `Код`, `Вариант`,
// tasks «N (Kб)», `Наименование класса`, `Пол`, `Отметка за предыдущий…`, `Итого баллов`.
// Year and session come from `Дата загрузки`; subject and КИМ grade from the file name.

import { cellText, normText } from '../../read/values.js';
import type { Cell, FormatModule, SheetRow } from '../../types.js';
import { FileRejected } from '../../types.js';
import { splitCodeName } from './cells.js';
import { type Col, col, hasProtocolTasks, need, needTasks } from './columns.js';
import { PupilRows } from './pupil-rows.js';
import { bestSheet, findRow, readAll, texts } from './sheet-rows.js';
import { type ContentMeta, resolveMeta, vprWork } from './work-meta.js';

const isHeader = (t: string[]): boolean =>
  ['пользователь', 'школа', 'код', 'итого баллов'].every((k) => t.includes(k)) && hasProtocolTasks(t);
const looksLikeHeader = (t: string[]): boolean =>
  (t.includes('школа') || t.includes('пользователь')) && (t.includes('код') || hasProtocolTasks(t));

/** Earliest upload date: its year is the ВПР year, September–December means an autumn session. */
function fromUploadDates(rows: SheetRow[], date: Col | null): ContentMeta {
  const meta: ContentMeta = { source: 'столбец «Дата загрузки»' };
  if (!date) return meta;
  let best: [number, number, number] | null = null;
  for (const r of rows) {
    const v: Cell = r.cells[date.idx] ?? null;
    let ymd: [number, number, number] | null = null;
    if (v instanceof Date) ymd = [v.getUTCFullYear(), v.getUTCMonth() + 1, v.getUTCDate()];
    else {
      const m = /(\d{1,2})\.(\d{1,2})\.(\d{4})/.exec(cellText(v));
      if (m) ymd = [Number(m[3]), Number(m[2]), Number(m[1])];
    }
    if (ymd && (!best || ymd[0] * 400 + ymd[1] * 32 + ymd[2] < best[0] * 400 + best[1] * 32 + best[2])) best = ymd;
  }
  if (best) {
    meta.vprYear = best[0];
    meta.autumn = best[1] >= 9;
  }
  return meta;
}

export const fisokoVpr2022: FormatModule = {
  id: 'fisoko-vpr-2022',
  title: 'ФИС ОКО: выгрузка результатов ВПР (2022, листы «Классы» и «Протокол»)',
  detect(probe) {
    return bestSheet(probe, (_n, rows) =>
      findRow(rows, isHeader, 5) >= 0
        ? 0.95
        : findRow(rows, looksLikeHeader, 5) >= 0 && rows.some((r) => hasProtocolTasks(texts(r)))
          ? 0.6
          : 0,
    );
  },
  async parse(book, ctx) {
    const sheets = [...book.sheets].sort(
      (a, b) => Number(normText(b.name) === 'протокол') - Number(normText(a.name) === 'протокол'),
    );
    for (const sheet of sheets) {
      const rows = await readAll(sheet);
      const h = findRow(
        rows.map((r) => r.cells),
        (t) => looksLikeHeader(t) && hasProtocolTasks(t),
        10,
      );
      if (h < 0) continue;
      const header = rows[h]!.cells,
        hRow = rows[h]!.rowNo,
        data = rows.slice(h + 1);
      const at = (name: string, ...p: (string | RegExp)[]): Col => need(header, sheet.name, hRow, name, ...p);
      const school = col(header, 'школа') ?? at('Школа', 'пользователь');
      const user = col(header, 'пользователь');
      const municipality = col(header, 'муниципалитет');
      const cols = {
        code: at('Код', 'код', 'код участника'),
        variant: at('Вариант', 'вариант', /^вариант/),
        tasks: needTasks(header, sheet.name, hRow, '1 (1б)'),
        className: col(header, 'наименование класса', /^класс/),
        sex: col(header, 'пол'),
        journal: col(header, /^отметка за предыдущ/),
        total: at('Итого баллов', 'итого баллов', 'всего баллов'),
      };
      const meta = resolveMeta(book, fromUploadDates(data, col(header, 'дата загрузки')), ctx);
      const out = new PupilRows(ctx, ctx.emitWork(vprWork(meta, cols)), meta, cols, { schoolCol: school });
      for (const r of data) {
        const s = splitCodeName(r.cells[school.idx] ?? null);
        const m = municipality ? splitCodeName(r.cells[municipality.idx] ?? null) : null;
        const ref = (s.code || (user ? cellText(r.cells[user.idx] ?? null) : '')).toLowerCase();
        out.add(sheet.name, r.rowNo, r.cells, {
          schoolRef: ref,
          schoolName: s.name,
          municipality: m ? (m.name ?? (m.code || null)) : null,
        });
      }
      out.finish();
      return;
    }
    throw new FileRejected(
      'Не найден лист «Протокол» со строкой заголовков выгрузки ВПР-2022 (столбцы «Школа», «Код», «Вариант», «1 (1б)» …, «Итого баллов»).',
    );
  },
};
