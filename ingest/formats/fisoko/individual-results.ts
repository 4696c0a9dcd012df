// ФИС ОКО report «Индивидуальные результаты» (Ф1, formats.md §1.4): sheet name contains «Индивидуальн», title
// «ВПР YYYY <Предмет> N класс», label rows, a row of difficulty letters Б/П (ignored), then the header
// `ОО | Муниципалитет | Название ОО | Код участника | Класс | Вариант | tasks «N (Kб)» | Первичный балл | Отметка | Отметка по журналу`.

import { cellText, normText } from '../../read/values.js';
import type { Cell, FormatModule, ParseContext, Sheet, SheetRow, Workbook } from '../../types.js';
import { FileRejected } from '../../types.js';
import { issueSheet } from '../table.js';
import { splitCodeName } from './cells.js';
import { type Col, col, hasProtocolTasks, need, needTasks } from './columns.js';
import { NAMING_RULE, parseFileName } from './file-name.js';
import { PupilRows } from './pupil-rows.js';
import { futureReportDate, type ReportMeta, readReportMeta } from './report-meta.js';
import { bestSheet, findRow, readAll } from './sheet-rows.js';
import { resolveMeta, vprWork, workName } from './work-meta.js';

const isHeader = (t: string[]): boolean =>
  t.includes('код участника') && (t.includes('первичный балл') || hasProtocolTasks(t));
const hasTitle = (rows: Cell[][]): boolean =>
  rows.some((r) => r.some((c) => /впр\.?\s*-?\s*20\d\d|всероссийск\S* проверочн/.test(normText(c))));
const isReportSheet = (name: string): boolean => /индивидуальн/i.test(name);
const LOGIN = /^(sch|edu|ksh)\d{6}$/i;

async function findTable(book: Workbook): Promise<{ sheet: Sheet; rows: SheetRow[]; h: number } | null> {
  const ordered = [...book.sheets].sort((a, b) => Number(isReportSheet(b.name)) - Number(isReportSheet(a.name)));
  for (const sheet of ordered) {
    const rows = await readAll(sheet);
    const h = findRow(
      rows.map((r) => r.cells),
      isHeader,
      40,
    );
    if (h >= 0) return { sheet, rows, h };
  }
  return null;
}

function checkDeclared(
  ctx: ParseContext,
  sheet: string,
  meta: ReportMeta,
  maxFromTasks: number | null,
  out: PupilRows,
  name: string,
): void {
  if (meta.maxScore !== null && maxFromTasks !== null && meta.maxScore !== maxFromTasks) {
    ctx.issue({
      severity: 'warning',
      scope: 'file',
      sheet,
      rowNo: null,
      column: null,
      message: `${name}: в шапке отчёта максимальный первичный балл ${meta.maxScore}, а сумма максимумов заданий — ${maxFromTasks}; для проверки взят балл из шапки.`,
    });
  }
  // Rows excluded above may or may not have been counted by ФИС ОКО.
  if (meta.declared !== null && (meta.declared < out.present || meta.declared > out.present + out.excluded)) {
    ctx.issue({
      severity: 'warning',
      scope: 'file',
      sheet,
      rowNo: null,
      column: null,
      message: `${name}: в шапке отчёта «Кол-во участников: ${meta.declared}», а в таблице ${out.present} участников с результатами — проверьте, что отчёт выгружен полностью.`,
    });
  }
}

export const fisokoIndividualResults: FormatModule = {
  id: 'fisoko-vpr-individual',
  title: 'ФИС ОКО: отчёт ВПР «Индивидуальные результаты»',
  detect(probe) {
    return bestSheet(probe, (name, rows) => {
      const header = findRow(rows, isHeader, 40) >= 0;
      if (header && (isReportSheet(name) || hasTitle(rows))) return 0.95;
      if (header) return 0.8;
      return isReportSheet(name) ? 0.6 : 0;
    });
  },
  async parse(book, ctx) {
    const found = await findTable(book);
    if (!found)
      throw new FileRejected(
        'Не найдена таблица отчёта «Индивидуальные результаты»: нет строки заголовков со столбцами «Код участника», «Первичный балл», «Отметка».',
      );
    const { sheet, rows, h } = found;
    const header = rows[h]!.cells,
      hRow = rows[h]!.rowNo,
      name = sheet.name;
    const report = readReportMeta(rows.slice(0, h).map((r) => r.cells));
    const dateRowNo = rows[report.dateRow ?? 0]!.rowNo;
    const future = futureReportDate(report.examDate);
    if (future) throw new FileRejected(future, issueSheet(book, name), dateRowNo, null);
    const cols = {
      code: need(header, name, hRow, 'Код участника', 'код участника'),
      tasks: needTasks(header, name, hRow, '1 (1б)'),
      total: need(header, name, hRow, 'Первичный балл', 'первичный балл'),
      mark: need(header, name, hRow, 'Отметка', 'отметка', 'отметка за впр'),
      journal: col(header, 'отметка по журналу'),
      variant: col(header, 'вариант'),
      className: col(header, 'класс'),
      sex: col(header, 'пол'),
      fullName: col(header, /^фио/),
    };
    const school = col(header, 'оо', 'логин оо');
    const schoolName = col(header, 'название оо');
    const municipality = col(header, 'муниципалитет');

    const meta = resolveMeta(
      book,
      {
        source: 'заголовок отчёта',
        subject: report.subject,
        subjectText: report.subjectText,
        kimGrade: report.kimGrade,
        vprYear: report.vprYear,
      },
      ctx,
    );
    if (report.subjectText && !report.subject) {
      ctx.issue({
        severity: 'warning',
        scope: 'file',
        sheet: name,
        rowNo: null,
        column: null,
        message: `Предмет «${report.subjectText}» из заголовка отчёта не распознан; взят предмет из имени файла («${meta.subject}»).`,
      });
    }
    const w = vprWork(meta, cols, report.maxScore, report.examDate);
    const defaultRef = report.login ?? parseFileName(book.fileName).login;
    if (!school && !defaultRef) {
      ctx.issue({
        severity: 'warning',
        scope: 'file',
        sheet: name,
        rowNo: null,
        column: null,
        message: `В отчёте нет столбца «ОО» и строки с логином ОО вида «(edu220150)», и в имени файла логина нет: результаты загружены без привязки к школе. ${NAMING_RULE}`,
      });
    }
    const out = new PupilRows(ctx, ctx.emitWork(w), meta, cols, { emptyMeansAbsent: true });
    const at = (r: SheetRow, c: Col | null): Cell => (c ? (r.cells[c.idx] ?? null) : null);
    for (const r of rows.slice(h + 1)) {
      // Section and footer lines carry no participant code and no scores.
      if (!/\d/.test(cellText(at(r, cols.code))) && cols.tasks.every((t) => cellText(at(r, t)) === '')) continue;
      const sRaw = splitCodeName(at(r, school));
      const ref = (LOGIN.test(sRaw.code) ? sRaw.code.toLowerCase() : null) ?? defaultRef ?? sRaw.code;
      out.add(name, r.rowNo, r.cells, {
        schoolRef: ref,
        schoolName: cellText(at(r, schoolName)) || sRaw.name || (ref === report.login ? report.schoolName : null),
        municipality: splitCodeName(at(r, municipality)).name ?? (cellText(at(r, municipality)) || null),
      });
    }
    out.finish();
    checkDeclared(ctx, name, report, vprWork(meta, cols).maxScore, out, workName(meta));
  },
};
