// ВПР-2021 regional export (formats.md §1.2b): one sheet, every cell text; `логин школы`, `регион` (really the
// municipality), `код обучающегося`, `отметка за предыдущую четверть/триместр`, `вариант`, `всего баллов`, `балл за N`.
// The file holds no subject/grade/year: they come from the file name.

import { cellText } from '../../read/values.js';
import type { FormatModule } from '../../types.js';
import { FileRejected } from '../../types.js';
import { type Col, col, need, needTasks } from './columns.js';
import { PupilRows } from './pupil-rows.js';
import { bestSheet, findRow, texts } from './sheet-rows.js';
import { resolveMeta, vprWork } from './work-meta.js';

const hasTasks = (t: string[]): boolean => t.some((x) => /^балл за \d/.test(x));
const isHeader = (t: string[]): boolean =>
  t.includes('логин школы') && t.includes('код обучающегося') && t.includes('всего баллов') && hasTasks(t);
const looksLikeHeader = (t: string[]): boolean =>
  ['логин школы', 'код обучающегося', 'всего баллов'].some((k) => t.includes(k)) &&
  (hasTasks(t) || t.includes('логин школы'));

export const fisokoVpr2021: FormatModule = {
  id: 'fisoko-vpr-2021',
  title: 'ФИС ОКО: выгрузка результатов ВПР (2021, «логин школы», «балл за N»)',
  detect(probe) {
    return bestSheet(probe, (_n, rows) =>
      findRow(rows, isHeader, 10) >= 0 ? 0.95 : findRow(rows, looksLikeHeader, 10) >= 0 ? 0.6 : 0,
    );
  },
  async parse(book, ctx) {
    for (const sheet of book.sheets) {
      let out: PupilRows | null = null;
      let login: Col | null = null;
      let region: Col | null = null;
      let scanned = 0;
      for await (const { rowNo, cells } of sheet.rows()) {
        if (!out) {
          if (++scanned > 40) break;
          if (!looksLikeHeader(texts(cells))) continue;
          login = need(cells, sheet.name, rowNo, 'логин школы', 'логин школы', 'логин оо', 'логин');
          const cols = {
            code: need(cells, sheet.name, rowNo, 'код обучающегося', 'код обучающегося', 'код участника'),
            total: need(cells, sheet.name, rowNo, 'всего баллов', 'всего баллов', 'итого баллов'),
            variant: need(cells, sheet.name, rowNo, 'вариант', 'вариант'),
            tasks: needTasks(cells, sheet.name, rowNo, 'балл за 1'),
            journal: col(cells, /^отметка за предыдущ/),
            sex: col(cells, 'пол'),
            className: col(cells, 'класс'),
          };
          region = col(cells, 'регион', 'муниципалитет');
          const meta = resolveMeta(book, { source: 'выгрузка ВПР-2021' }, ctx);
          out = new PupilRows(ctx, ctx.emitWork(vprWork(meta, cols)), meta, cols, { schoolCol: login });
          continue;
        }
        out.add(sheet.name, rowNo, cells, {
          schoolRef: cellText(cells[login!.idx] ?? null).toLowerCase(),
          schoolName: null,
          municipality: region ? cellText(cells[region.idx] ?? null) || null : null,
        });
      }
      if (out) {
        out.finish();
        return;
      }
    }
    throw new FileRejected(
      'Не найдена строка заголовков выгрузки ВПР-2021 (столбцы «логин школы», «код обучающегося», «всего баллов», «балл за 1» …).',
    );
  },
};
