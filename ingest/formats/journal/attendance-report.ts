// «Отчет об успеваемости и посещаемости ученика (весь класс)» (formats.md §4.2): per pupil block with a
// «Период: с … по …» line and a day-by-day table; only the period final mark (with «Средняя оценка») is loaded.

import { cellText, normText } from '../../read/values.js';
import type { Cell, ParseContext, SheetRow } from '../../types.js';
import { FileRejected } from '../../types.js';
import { isBlank } from '../table.js';
import { avgOf, journalSubject, parseMark } from './common.js';
import { guessPeriod, type PeriodGuess } from './period-span.js';
import { applyBlockLine, blockReportFormat, notAMark, type PupilBlock, requireBlock } from './pupil-block.js';

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
      `в блоке ученика нет строки «Период: с дд.мм.гг по дд.мм.гг» — нельзя определить, к какому периоду относятся итоговые оценки.`,
      sheet,
      rowNo,
      'A',
    );
  const g = guessPeriod(block.period);
  if (!g)
    throw new FileRejected(
      `период «${block.period}» не распознан (ожидается «с 24.03.25 по 24.05.25»).`,
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
      message: `период «${block.period}» не совпадает с типичными границами четвертей/триместров/полугодий; итоговые оценки записаны как «${label}». Проверьте, что выгружен весь учебный период.`,
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
      ctx.issue(notAMark(name, rowNo, layout.finalCol, layout.finalCaption, subject, cells[layout.finalCol] ?? null));
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

export const attendanceReport = blockReportFormat(
  'journal-attendance-report',
  'Электронный журнал: отчёт об успеваемости и посещаемости (весь класс)',
  {
    title: TITLE,
    holds: (cells) => layoutOf(cells) !== null,
    score: (texts) => {
      const title = texts.some((t) => t.startsWith(TITLE));
      const period = texts.some((t) => /^период: с \d/.test(t));
      const finals = texts.some((t) => /^итоговая оценка за период/.test(t));
      const pupil = texts.some((t) => t.startsWith('ученик:'));
      return (title ? 0.5 : 0) + (finals ? 0.25 : 0) + (period ? 0.1 : 0) + (pupil ? 0.1 : 0);
    },
    noSchool:
      'в первой строке нет названия образовательной организации — без него оценки нельзя отнести к школе. Выгрузите отчёт заново, не удаляя шапку.',
    noMarks:
      'В отчёте не найдено ни одной итоговой оценки за период: нет таблиц со столбцом «Итоговая оценка за период» или все оценки пустые.',
    parseSheet,
  },
);
