// ФИС ОКО «Статистика по отметкам» (formats.md §1.4): title block, then a two-row header
// `Группы участников | Кол-во ОО | Кол-во участников | Распределение групп баллов в %` + `2 | 3 | 4 | 5`,
// then group rows Вся выборка → region → municipality → schools. Percentages become counts when that is
// exact (mark-counts.ts), otherwise shares with sharesOnly = true.

import { cellText, normText, toNumber } from '../../read/values.js';
import { num } from '../../report.js';
import type { Cell, FormatModule, WorkbookProbe } from '../../types.js';
import { shown } from '../table.js';
import { aggregate, isBlank, RowReporter } from './common.js';
import { eachReportSheet, GroupLevels, isNoteRow, titleHas } from './fisoko-report.js';
import { countsFromPercents } from './mark-counts.js';

const GROUPS = /^групп\p{L}* участник/u;
const SCHOOLS = /^(кол-во|количество|число) оо/;
const PARTICIPANTS = /^(кол-во|количество|число) участник/;
const DISTRIBUTION = /распределение/;

function headerIndex(rows: Cell[][]): number {
  return rows.findIndex((r) => {
    const t = r.map(normText);
    return t.some((x) => GROUPS.test(x)) && t.some((x) => PARTICIPANTS.test(x)) && t.some((x) => DISTRIBUTION.test(x));
  });
}

function detect(probe: WorkbookProbe): number {
  let best = 0;
  for (const s of probe.sheets) {
    const h = headerIndex(s.rows);
    if (h < 0) continue;
    const vpr = titleHas(s.rows, /всероссийск\p{L}* проверочн|^впр\s*\d{4}/u) ? 0.3 : 0;
    const named = titleHas(s.rows, /статистика по отметкам/) ? 0.05 : 0;
    best = Math.max(best, 0.6 + vpr + named);
  }
  return best;
}

export const fisokoMarkStats: FormatModule = {
  id: 'fisoko-mark-stats',
  title: 'ФИС ОКО: статистика по отметкам (ВПР)',
  detect,
  async parse(book, ctx) {
    await eachReportSheet(
      book,
      ctx,
      headerIndex,
      'Не найдена шапка отчёта «Статистика по отметкам»: нужны столбцы «Группы участников», «Кол-во участников», «Распределение групп баллов в %» (2, 3, 4, 5).',
      async ({ sheet, rows, hi, title }) => {
        const top = rows[hi]!.cells.map(normText);
        const sub = rows[hi + 1]?.cells ?? [];
        const groupCol = top.findIndex((t) => GROUPS.test(t));
        const partCol = top.findIndex((t) => PARTICIPANTS.test(t));
        const schoolsCol = top.findIndex((t) => SCHOOLS.test(t));
        const markCols = [2, 3, 4, 5].map((m) =>
          sub.findIndex((c, j) => DISTRIBUTION.test(top[j] ?? '') && toNumber(c) === m),
        );
        const header = rows[hi]!.cells.map((c, j) =>
          markCols.includes(j) ? `${cellText(c)}: ${cellText(sub[j])}` : c,
        );
        const rep = new RowReporter(book, ctx, sheet.name, header);
        if (markCols.some((c) => c < 0))
          throw rep.rejection(
            rows[hi + 1]?.rowNo ?? rows[hi]!.rowNo,
            null,
            'под «Распределение групп баллов в %» нужны столбцы отметок «2», «3», «4», «5».',
          );
        const levels = new GroupLevels();
        const data = rows.slice(hi + 2).filter((r) => !isBlank(r.cells));
        for (const { rowNo, cells } of data) {
          const caption = cellText(cells[groupCol]).replace(/\s+/g, ' ');
          if (!caption || isNoteRow(cells, cellText(cells[groupCol]))) continue;
          let bad = false;
          const fail = (col: number, text: string) => {
            bad = true;
            rep.error(rowNo, col, text);
          };
          const participants = toNumber(cells[partCol]);
          if (participants === null || !Number.isInteger(participants) || participants < 0)
            fail(
              partCol,
              `«${shown(cells[partCol])}» — количество участников должно быть целым неотрицательным числом.`,
            );
          let schoolsCount: number | null = null;
          if (schoolsCol >= 0 && cellText(cells[schoolsCol]) !== '') {
            schoolsCount = toNumber(cells[schoolsCol]);
            if (schoolsCount === null || !Number.isInteger(schoolsCount) || schoolsCount < 0)
              fail(schoolsCol, `«${shown(cells[schoolsCol])}» — количество ОО должно быть целым числом.`);
          }
          const pct = markCols.map((c) => {
            const t = cellText(cells[c]).replace('%', '').trim();
            const p = toNumber(t || null);
            if (t !== '' && (p === null || p < 0 || p > 100))
              fail(c, `«${shown(cells[c])}» — процент должен быть числом от 0 до 100.`);
            return p;
          });
          const group = levels.classify(caption);
          if (bad) continue;
          const known = pct.every((p) => p !== null);
          const sum = pct.reduce<number>((a, p) => a + (p ?? 0), 0);
          if (known && participants! > 0 && Math.abs(sum - 100) > 1)
            rep.warning(
              rowNo,
              markCols[0]!,
              `сумма процентов по отметкам «2»–«5» равна ${num(Math.round(sum * 100) / 100)}, а не 100.`,
            );
          const counts = known
            ? countsFromPercents(
                markCols.map((c) => cells[c]),
                participants,
              )
            : null;
          const values = counts ?? pct.map((p) => (p === null ? null : Math.round(p * 1e7) / 1e9));
          ctx.emitAggregate({
            ...aggregate({
              sheet: sheet.name,
              rowNo,
              level: group.level,
              schoolRef: group.schoolRef,
              name: group.name,
              assessment: 'ВПР',
              schoolYear: title.schoolYear,
              subject: title.subject,
            }),
            grade: title.grade,
            examDate: title.examDate,
            participants,
            schoolsCount,
            n2: values[0] ?? null,
            n3: values[1] ?? null,
            n4: values[2] ?? null,
            n5: values[3] ?? null,
            sharesOnly: counts === null,
            extra: title.maxScore === null ? null : { max_score: title.maxScore },
          });
        }
        ctx.progress(data.length);
      },
    );
  },
};
