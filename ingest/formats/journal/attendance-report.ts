// «Отчет об успеваемости и посещаемости ученика (весь класс)» (formats.md §4.2): per pupil block with a
// «Период: с … по …» line and a day-by-day table; only the period final mark (with «Средняя оценка») is loaded.

import { cellText, columnLetter, normText } from '../../read/values.js';
import type { Cell, FormatModule, ParseContext, SheetRow, WorkbookProbe } from '../../types.js';
import { FileRejected } from '../../types.js';
import { shown } from '../where.js';
import { avgOf, isBlank, journalSubject, parseMark } from './common.js';
import { guessPeriod, type PeriodGuess } from './period-span.js';
import { applyBlockLine, cap, type PupilBlock, requireBlock, schoolFromTitle } from './pupil-block.js';

const TITLE = 'отчет об успеваемости и посещаемости';
const ATTENDANCE_CODES = new Set(['н', 'б', 'у', 'о', 'п']);

interface Layout {
  subjectCol: number;
  avgCol: number;
  finalCol: number;
  finalCaption: string;
}

function layoutOf(cells: Cell[]): Layout | null {
  const t = cells.map(normText);
  const subjectCol = t.indexOf('предмет');
  const finalCol = t.findIndex((x) => /^итоговая (оценка|отметка)/.test(x));
  if (subjectCol < 0 || finalCol < 0) return null;
  return {
    subjectCol,
    avgCol: t.findIndex((x) => /^средняя (оценка|отметка)|^средний балл/.test(x)),
    finalCol,
    finalCaption: cellText(cells[finalCol]),
  };
}

/** Legend rows at the end of a block: «Н | Неуважительная». */
function isLegend(cells: Cell[], subjectCol: number): boolean {
  return ATTENDANCE_CODES.has(normText(cells[subjectCol])) && cells.filter((c) => cellText(c) !== '').length <= 2;
}

function periodOf(
  block: PupilBlock,
  sheet: string,
  rowNo: number,
  ctx: ParseContext,
  warned: Set<string>,
): PeriodGuess {
  if (!block.period)
    throw new FileRejected(
      `${cap(`лист «${sheet}», строка ${rowNo}`)}: в блоке ученика нет строки «Период: с дд.мм.гг по дд.мм.гг» — нельзя определить, к какому периоду относятся итоговые оценки.`,
      sheet,
      rowNo,
      'A',
    );
  const g = guessPeriod(block.period);
  if (!g)
    throw new FileRejected(
      `${cap(`лист «${sheet}», строка ${block.periodRow}`)}: период «${block.period}» не распознан (ожидается «с 24.03.25 по 24.05.25»).`,
      sheet,
      block.periodRow,
      'A',
    );
  if (!g.sure && !warned.has(block.period)) {
    warned.add(block.period);
    const label = g.no ? `${g.no} ${g.kind}` : g.kind;
    ctx.issue({
      severity: 'warning',
      scope: 'row',
      sheet,
      rowNo: block.periodRow,
      column: 'A',
      message: `Лист «${sheet}», строка ${block.periodRow}: период «${block.period}» не совпадает с типичными границами четвертей/триместров/полугодий; итоговые оценки записаны как «${label}». Проверьте, что выгружен весь учебный период.`,
    });
  }
  return g;
}

async function parseSheet(name: string, rows: SheetRow[], school: string, ctx: ParseContext): Promise<number> {
  let block: PupilBlock | null = null;
  let layout: Layout | null = null;
  let n = 0;
  const warned = new Set<string>();
  for (const { rowNo, cells } of rows) {
    const next = applyBlockLine(cells, rowNo, name, block, school, ctx);
    if (next !== undefined) {
      block = next;
      layout = null;
      continue;
    }
    const lay = layoutOf(cells);
    if (lay) {
      layout = lay;
      continue;
    }
    if (!layout) continue;
    if (isBlank(cells) || isLegend(cells, layout.subjectCol)) {
      layout = null;
      continue;
    }
    const caption = cellText(cells[layout.subjectCol]);
    // The day-number row repeats «Предмет» (merged A11:A12).
    if (!caption || normText(caption) === 'предмет') continue;
    requireBlock(block, name, rowNo);
    const m = parseMark(cells[layout.finalCol]);
    if (m === null) continue;
    const subject = journalSubject(caption);
    if (m === 'invalid') {
      ctx.issue({
        severity: 'warning',
        scope: 'row',
        sheet: name,
        rowNo,
        column: `${columnLetter(layout.finalCol)} (${layout.finalCaption})`,
        message: `Лист «${name}», строка ${rowNo}, столбец ${columnLetter(layout.finalCol)} («${layout.finalCaption}»), предмет «${subject}»: «${shown(cells[layout.finalCol])}» не является отметкой (2–5, н/а, зач, осв) — значение пропущено.`,
      });
      continue;
    }
    const p = periodOf(block, name, rowNo, ctx, warned);
    ctx.emitJournal({
      sheet: name,
      rowNo,
      schoolRef: school,
      schoolYear: block.schoolYear,
      className: block.className,
      grade: block.grade,
      pupilKey: block.pupilKey,
      subject,
      periodKind: p.kind,
      periodNo: p.no,
      mark: m.mark,
      markText: m.markText,
      avgMark: layout.avgCol >= 0 ? avgOf(cells[layout.avgCol]) : null,
    });
    n++;
  }
  return n;
}

export const attendanceReport: FormatModule = {
  id: 'journal-attendance-report',
  title: 'Электронный журнал: отчёт об успеваемости и посещаемости (весь класс)',
  detect(probe: WorkbookProbe): number {
    let best = 0;
    for (const s of probe.sheets) {
      const texts = s.rows.flatMap((r) => r.map(normText));
      const title = texts.some((t) => t.startsWith(TITLE));
      const period = texts.some((t) => /^период: с \d/.test(t));
      const finals = texts.some((t) => /^итоговая оценка за период/.test(t));
      const pupil = texts.some((t) => t.startsWith('ученик:'));
      best = Math.max(best, (title ? 0.5 : 0) + (finals ? 0.25 : 0) + (period ? 0.1 : 0) + (pupil ? 0.1 : 0));
    }
    return Math.min(best, 0.95);
  },
  async parse(book, ctx) {
    let total = 0,
      read = 0;
    for (const sheet of book.sheets) {
      const rows: SheetRow[] = [];
      for await (const r of sheet.rows()) rows.push(r);
      read += rows.length;
      if (!rows.some((r) => layoutOf(r.cells))) continue;
      const school = schoolFromTitle(
        rows.map((r) => r.cells),
        TITLE,
      );
      if (!school)
        throw new FileRejected(
          `Лист «${sheet.name}»: в первой строке нет названия образовательной организации — без него оценки нельзя отнести к школе. Выгрузите отчёт заново, не удаляя шапку.`,
          sheet.name,
          1,
          'A',
        );
      total += await parseSheet(sheet.name, rows, school, ctx);
      ctx.progress(read);
    }
    if (total === 0)
      throw new FileRejected(
        'В отчёте не найдено ни одной итоговой оценки за период: нет таблиц со столбцом «Итоговая оценка за период» или все оценки пустые.',
      );
  },
};
