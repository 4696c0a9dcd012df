// РЦОИ result protocols of ОГЭ and ЕГЭ in xlsx (formats.md §2.1, §2.3): one or several exams per file,
// each a title row «<code> - <subject> <YYYY.MM.DD>», one to three header rows, then rows whose «№» is numeric.

import { cellText, normText, toInt, toNumber } from '../../read/values.js';
import type { Cell, FormatModule, ParseContext, WorkbookProbe } from '../../types.js';
import { FileRejected } from '../../types.js';
import { decideExam, type ExamEvidence, type ExamTitle, egeHint, examTitle, ogeHint } from './exam.js';
import { columnsFromHeader, fixedColumns } from './layouts.js';
import { type Columns, cellOf, classGrade, emitExam, type RawRow } from './pupil-rows.js';

interface Block {
  sheet: string;
  title: ExamTitle;
  titleRow: number;
  headerRows: Cell[][];
  headerRowNo: number | null;
  rows: RawRow[];
}

const isDataRow = (cells: Cell[]): boolean => {
  const n = toInt(cells[0] ?? null);
  return n !== null && n > 0 && cells.slice(1).some((c) => cellText(c) !== '');
};

async function readBlocks(book: Parameters<FormatModule['parse']>[0], ctx: ParseContext): Promise<Block[]> {
  const blocks: Block[] = [];
  let read = 0;
  for (const sheet of book.sheets) {
    let cur: Block | null = null;
    let lastRow: Cell[] = [];
    for await (const { rowNo, cells } of sheet.rows()) {
      if (++read % 2000 === 0) ctx.progress(read);
      const title = examTitle(cells);
      if (title) {
        cur = { sheet: sheet.name, title, titleRow: rowNo, headerRows: [], headerRowNo: null, rows: [] };
        blocks.push(cur);
        continue;
      }
      if (!cur) {
        // A protocol header with results under it but no exam title above: subject and date are unknown.
        if (isDataRow(cells) && columnsFromHeader([lastRow]).hits >= 3) {
          throw new FileRejected(
            `строки с результатами стоят без строки-заголовка экзамена вида «2 - Математика профильного уровня 2023.06.01» — без неё неизвестны предмет и дата экзамена.`,
            sheet.name,
            rowNo,
          );
        }
        if (!isDataRow(cells)) lastRow = cells;
        continue;
      }
      if (isDataRow(cells)) cur.rows.push({ rowNo, cells });
      else if (cur.rows.length === 0 && cur.headerRows.length < 3 && cells.some((c) => cellText(c) !== '')) {
        cur.headerRows.push(cells);
        cur.headerRowNo ??= rowNo;
      }
    }
  }
  ctx.progress(read);
  return blocks;
}

function resolveColumns(b: Block, ctx: ParseContext): Columns {
  const { cols, hits } = columnsFromHeader(b.headerRows);
  const at = `экзамен «${b.title.text}»`;
  if (hits >= 3) {
    if (!cols.primary)
      throw new FileRejected(
        `${at}: в шапке протокола нет столбца «Первичный балл» — без него результаты загрузить нельзя.`,
        b.sheet,
        b.headerRowNo,
        null,
      );
    if (!cols.school)
      throw new FileRejected(
        `${at}: в шапке протокола нет столбца «Код ОО» — результаты нельзя отнести к школам.`,
        b.sheet,
        b.headerRowNo,
        null,
      );
    if (!cols.surname && !cols.fullName && !cols.participant)
      throw new FileRejected(
        `${at}: в шапке нет ни столбцов «Фамилия», «Имя», ни «Код участника».`,
        b.sheet,
        b.headerRowNo,
        null,
      );
    return cols;
  }
  const hint = ogeHint(evidence(b, {})) ? 'ОГЭ' : egeHint(evidence(b, {})) ? 'ЕГЭ' : null;
  const fixed = fixedColumns(
    b.rows.map((r) => r.cells),
    hint,
  );
  if (!fixed)
    throw new FileRejected(
      `${at}: шапка таблицы не распознана (нет столбцов «Код ОО», «Фамилия», «Первичный балл»…), и строки не совпадают ни с одной известной раскладкой протоколов РЦОИ.`,
      b.sheet,
      b.headerRowNo ?? b.titleRow,
      null,
    );
  ctx.issue({
    severity: 'warning',
    scope: 'file',
    sheet: b.sheet,
    rowNo: b.headerRowNo ?? b.titleRow,
    column: null,
    message: `${at}: шапка не распознана по названиям столбцов; столбцы взяты по типовой раскладке «${fixed.name}». Проверьте результат.`,
  });
  return fixed.cols;
}

function evidence(b: Block, cols: Columns): ExamEvidence {
  const classGrades = cols.className
    ? b.rows.map((r) => classGrade(cellOf(cols, r, 'className'))).filter((g): g is number => g !== null)
    : [];
  return { title: b.title, hasTest: !!cols.test, hasMark: !!cols.mark, classGrades };
}

export const rcoiProtocolXlsx: FormatModule = {
  id: 'rcoi-protocol',
  title: 'РЦОИ: протокол результатов ОГЭ/ЕГЭ (xlsx)',
  detect(probe: WorkbookProbe): number {
    let titles = 0,
      header = false;
    const data: Cell[][] = [];
    for (const s of probe.sheets) {
      for (const r of s.rows) {
        if (examTitle(r)) titles++;
        else if (titles > 0 && isDataRow(r)) data.push(r);
        const t = r.map(normText);
        if (
          t.some((x) => /первичн/.test(x)) &&
          t.some((x) => /(^|[^а-я])код (оо|оу)([^а-я]|$)/.test(x) || /^фамилия/.test(x))
        )
          header = true;
      }
    }
    if (titles > 0 && header) return 0.95;
    // Header-less blocks: the rows must fit one of the typical layouts.
    if (titles > 0 && data.length > 0 && fixedColumns(data, null)) return 0.9;
    if (header) return 0.7;
    return titles > 0 ? 0.6 : 0;
  },
  async parse(book, ctx) {
    const blocks = await readBlocks(book, ctx);
    if (blocks.length === 0)
      throw new FileRejected(
        'В файле нет ни одной строки-заголовка экзамена вида «2 - Математика профильного уровня 2023.06.01» (код - предмет дата): это не протокол РЦОИ или шапка удалена.',
      );
    const resolved = blocks.map((b) => {
      const cols = resolveColumns(b, ctx);
      return { b, cols, ev: evidence(b, cols) };
    });
    const fileIsEge = resolved.some((r) => egeHint(r.ev));
    let total = 0;
    for (const { b, cols, ev } of resolved) {
      if (b.rows.length === 0) {
        ctx.issue({
          severity: 'warning',
          scope: 'row',
          sheet: b.sheet,
          rowNo: b.titleRow,
          column: null,
          message: `под заголовком экзамена «${b.title.text}» нет ни одной строки с результатами.`,
        });
        continue;
      }
      const meta = decideExam(ev, fileIsEge, b.sheet, b.titleRow);
      const c: Columns = { ...cols };
      if (meta.assessment === 'ОГЭ' || meta.subject === 'Математика (база)') delete c.test;
      // Older ЕГЭ protocols put the 100-point score under «Оценка».
      if (
        meta.assessment === 'ЕГЭ' &&
        meta.subject !== 'Математика (база)' &&
        !c.test &&
        c.mark &&
        b.rows.some((r) => (toNumber(cellOf(c, r, 'mark')) ?? 0) > 5)
      ) {
        c.test = c.mark;
        delete c.mark;
      }
      total += emitExam(ctx, book, b.sheet, meta, c, b.rows);
    }
    if (total === 0) throw new FileRejected('В протоколе нет ни одной строки с результатами, прошедшей проверку.');
  },
};
