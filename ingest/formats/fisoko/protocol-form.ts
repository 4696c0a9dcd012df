// School-side electronic protocol form (formats.md §1.1): sheets `Протокол` (and `Протокол_2`), header in row 1:
// `Код`, `Вариант (часть 1)`, tasks «N (Kб)», `Вариант (часть 2)`, `Класс № …`, `Пол`, `Отметка за предыдущий…`,
// `Итого баллов`. The form holds neither the school nor the work: the login, subject, grade and year are taken
// from the file name («Проведение работы по математике, 4 класс. ВПР 2025 sch220150.xlsx»).

import { toCode } from '../../read/values.js';
import type { Cell, FormatModule, ParseContext, SheetRow, Workbook } from '../../types.js';
import { FileRejected } from '../../types.js';
import { isBlank } from '../table.js';
import { col, hasProtocolTasks, need, needTasks } from './columns.js';
import { NAMING_RULE, parseFileName } from './file-name.js';
import { PupilRows, type RowColumns } from './pupil-rows.js';
import { bestSheet, findRow, readAll } from './sheet-rows.js';
import { resolveMeta, vprWork } from './work-meta.js';

const regional = (t: string[]): boolean =>
  t.includes('пользователь') || t.includes('школа') || t.includes('код участника');
const isHeader = (t: string[]): boolean =>
  t.includes('код') &&
  t.some((x) => x.startsWith('вариант')) &&
  t.includes('итого баллов') &&
  hasProtocolTasks(t) &&
  !regional(t);
const looksLikeHeader = (t: string[]): boolean =>
  (t.includes('код') || t.includes('итого баллов')) && hasProtocolTasks(t) && !regional(t);

interface FormSheet {
  name: string;
  headerRow: number;
  cols: RowColumns;
  data: SheetRow[];
}

function columnsOf(name: string, rowNo: number, header: Cell[]): RowColumns {
  return {
    code: need(header, name, rowNo, 'Код', 'код', 'код участника'),
    variant: need(header, name, rowNo, 'Вариант (часть 1)', 'вариант', /^вариант \(часть 1/, /^вариант/),
    variant2: col(header, /^вариант \(часть 2/),
    tasks: needTasks(header, name, rowNo, '1 (1б)'),
    className: col(header, /^класс/),
    sex: col(header, 'пол'),
    journal: col(header, /^отметка за предыдущ/),
    total: need(header, name, rowNo, 'Итого баллов', 'итого баллов'),
  };
}

async function formSheets(book: Workbook): Promise<FormSheet[]> {
  const out: FormSheet[] = [];
  for (const sheet of book.sheets) {
    const rows = await readAll(sheet);
    const h = findRow(
      rows.map((r) => r.cells),
      looksLikeHeader,
      10,
    );
    if (h < 0) continue;
    const { rowNo, cells } = rows[h]!;
    out.push({
      name: sheet.name,
      headerRow: rowNo,
      cols: columnsOf(sheet.name, rowNo, cells),
      data: rows.slice(h + 1),
    });
  }
  return out;
}

function schoolFromName(book: Workbook, ctx: ParseContext): string {
  const login = parseFileName(book.fileName).login;
  if (login) return login;
  ctx.issue({
    severity: 'warning',
    scope: 'file',
    sheet: null,
    rowNo: null,
    column: null,
    message: `В форме протокола нет логина ОО, и в имени файла «${book.fileName}» его тоже нет: результаты загружены без привязки к школе, а следующий такой же файл без логина заменит их. ${NAMING_RULE}`,
  });
  return '';
}

export const fisokoProtocolForm: FormatModule = {
  id: 'fisoko-vpr-protocol-form',
  title: 'ФИС ОКО: электронная форма протокола ВПР, заполняемая школой',
  detect(probe) {
    return bestSheet(probe, (name, rows) => {
      const named = /^протокол/i.test(name.trim());
      if (findRow(rows, isHeader, 5) >= 0) return named ? 0.95 : 0.9;
      return findRow(rows, looksLikeHeader, 5) >= 0 ? (named ? 0.6 : 0.55) : 0;
    });
  },
  async parse(book, ctx) {
    const sheets = await formSheets(book);
    if (sheets.length === 0)
      throw new FileRejected(
        'Не найден лист «Протокол» со строкой заголовков формы ВПР (столбцы «Код», «Вариант (часть 1)», «1 (1б)» …, «Итого баллов»).',
      );
    const meta = resolveMeta(book, { source: 'форма протокола' }, ctx);
    const schoolRef = schoolFromName(book, ctx);
    const first = sheets[0]!;
    const labels = first.cols.tasks.map((t) => `${t.label}/${t.max}`).join(',');
    const out = new PupilRows(ctx, ctx.emitWork(vprWork(meta, first.cols)), meta, first.cols);
    const school = { schoolRef, schoolName: null, municipality: null };
    const seen = new Set<string>(); // codes on earlier sheets, loaded or not
    for (const s of sheets) {
      const codes = s.data
        .filter((r) => !isBlank(r.cells))
        .map((r) => toCode(r.cells[s.cols.code.idx] ?? null))
        .filter(Boolean);
      if (s !== first) {
        if (s.cols.tasks.map((t) => `${t.label}/${t.max}`).join(',') !== labels) {
          throw new FileRejected(
            `Листы «${first.name}» и «${s.name}» содержат разные наборы заданий: в одном файле должна быть одна работа. Загрузите каждый лист отдельным файлом.`,
            s.name,
            s.headerRow,
            null,
          );
        }
        if (codes.length > 0 && codes.every((c) => seen.has(c))) {
          ctx.issue({
            severity: 'warning',
            scope: 'file',
            sheet: s.name,
            rowNo: null,
            column: null,
            message: `лист повторяет участников листа «${first.name}» (те же коды) и пропущен. Если данные на листах различаются, загрузите нужный лист отдельным файлом.`,
          });
          continue;
        }
      }
      for (const c of codes) seen.add(c);
      out.cols = s.cols;
      for (const r of s.data) out.add(s.name, r.rowNo, r.cells, school);
    }
    out.finish();
  },
};
