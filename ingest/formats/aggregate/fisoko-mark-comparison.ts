// ФИС ОКО «Сравнение отметок с отметками по журналу» (formats.md §1.4): `Группы участников | Кол-во участников | %`;
// every group (Вся выборка, region, municipality, school) is a caption row followed by
// «Понизили (Отметка < Отметка по журналу) %», «Подтвердили (Отметка = Отметке по журналу) %»,
// «Повысили (Отметка > Отметка по журналу) %», «Всего». One AggregateResult per group, with counts.

import { cellText, normText, toNumber } from '../../read/values.js';
import { num } from '../../report.js';
import type { Cell, FormatModule, WorkbookProbe } from '../../types.js';
import { shown } from '../table.js';
import { aggregate, isBlank, RowReporter } from './common.js';
import { eachReportSheet, GroupLevels, type GroupRow, isNoteRow, titleHas } from './fisoko-report.js';

const GROUPS = /^групп\p{L}* участник/u;
const PARTICIPANTS = /^(кол-во|количество|число) участник/;
type Kind = 'lowered' | 'confirmed' | 'raised' | 'total';
const KINDS: [RegExp, Kind][] = [
  [/^понизил/, 'lowered'],
  [/^подтвердил/, 'confirmed'],
  [/^повысил/, 'raised'],
  [/^всего/, 'total'],
];
const kindOf = (caption: string): Kind | null => KINDS.find(([re]) => re.test(normText(caption)))?.[1] ?? null;

function headerIndex(rows: Cell[][]): number {
  return rows.findIndex((r) => {
    const t = r.map(normText);
    return t.some((x) => GROUPS.test(x)) && t.some((x) => PARTICIPANTS.test(x)) && t.includes('%');
  });
}

function detect(probe: WorkbookProbe): number {
  let best = 0;
  for (const s of probe.sheets) {
    const h = headerIndex(s.rows);
    if (h < 0) continue;
    const rows = s.rows.slice(h + 1).map((r) => normText(r.find((c) => cellText(c) !== '') ?? null));
    const kinds = new Set(rows.map((t) => kindOf(t)).filter((k) => k !== null));
    if (kinds.size < 3 && !titleHas(s.rows, /сравнение отметок/)) continue;
    const vpr = titleHas(s.rows, /всероссийск\p{L}* проверочн|^впр\s*\d{4}/u) ? 0.3 : 0;
    best = Math.max(best, 0.65 + vpr);
  }
  return best;
}

interface Group {
  row: GroupRow;
  rowNo: number;
  counts: Partial<Record<Kind, number>>;
  rows: Partial<Record<Kind, number>>;
  bad: boolean;
}

export const fisokoMarkComparison: FormatModule = {
  id: 'fisoko-mark-comparison',
  title: 'ФИС ОКО: сравнение отметок ВПР с отметками по журналу',
  detect,
  async parse(book, ctx) {
    await eachReportSheet(
      book,
      ctx,
      headerIndex,
      'Не найдена шапка отчёта «Сравнение отметок с отметками по журналу»: нужны столбцы «Группы участников», «Кол-во участников», «%».',
      async ({ sheet, rows, hi, title }) => {
        const header = rows[hi]!.cells;
        const top = header.map(normText);
        const groupCol = top.findIndex((t) => GROUPS.test(t));
        const countCol = top.findIndex((t) => PARTICIPANTS.test(t));
        const pctCol = top.indexOf('%');
        const rep = new RowReporter(book, ctx, sheet.name, header);
        const levels = new GroupLevels();
        let group: Group | null = null;

        const finish = (g: Group | null) => {
          if (!g || g.bad) return;
          const { lowered, confirmed, raised, total } = g.counts;
          if (Object.keys(g.rows).length === 0) return; // a caption without rows (a section title)
          if (lowered === undefined || confirmed === undefined || raised === undefined) {
            const missing = (['lowered', 'confirmed', 'raised'] as const)
              .filter((k) => g.counts[k] === undefined)
              .map((k) => ({ lowered: '«Понизили»', confirmed: '«Подтвердили»', raised: '«Повысили»' })[k]);
            rep.error(
              g.rowNo,
              groupCol,
              `у группы «${g.row.name}» нет строк ${missing.join(', ')} — группа пропущена.`,
            );
            return;
          }
          const sum = lowered + confirmed + raised;
          if (total === undefined)
            rep.warning(
              g.rowNo,
              groupCol,
              `у группы «${g.row.name}» нет строки «Всего»; всего принято как сумма трёх строк (${sum}).`,
            );
          else if (total !== sum)
            rep.warning(
              g.rows.total!,
              countCol,
              `«Всего» (${total}) не равно сумме «Понизили» + «Подтвердили» + «Повысили» (${sum}).`,
            );
          const compared = total ?? sum;
          ctx.emitAggregate({
            ...aggregate({
              sheet: sheet.name,
              rowNo: g.rowNo,
              level: g.row.level,
              schoolRef: g.row.schoolRef,
              name: g.row.name,
              assessment: 'ВПР',
              schoolYear: title.schoolYear,
              subject: title.subject,
            }),
            grade: title.grade,
            examDate: title.examDate,
            participants: compared,
            lowered,
            confirmed,
            raised,
            compared,
            extra: title.maxScore === null ? null : { max_score: title.maxScore },
          });
        };

        const data = rows.slice(hi + 1).filter((r) => !isBlank(r.cells));
        for (const { rowNo, cells } of data) {
          const caption = cellText(cells[groupCol]).replace(/\s+/g, ' ');
          if (!caption) continue;
          const kind = kindOf(caption);
          if (!kind) {
            if (
              isNoteRow(cells, cellText(cells[groupCol])) ||
              cells.every((c, j) => j === groupCol || toNumber(c) === null)
            ) {
              finish(group);
              group = { row: levels.classify(caption), rowNo, counts: {}, rows: {}, bad: false };
              continue;
            }
            rep.error(
              rowNo,
              groupCol,
              `строка «${caption}» не относится к сравнению отметок (ожидается название группы, «Понизили», «Подтвердили», «Повысили» или «Всего»).`,
            );
            continue;
          }
          if (!group) {
            rep.error(rowNo, groupCol, `строка «${caption}» стоит до названия первой группы участников — пропущена.`);
            continue;
          }
          if (group.rows[kind] !== undefined) {
            rep.error(
              rowNo,
              groupCol,
              `у группы «${group.row.name}» строка «${caption}» повторяется — группа пропущена.`,
            );
            group.bad = true;
            continue;
          }
          group.rows[kind] = rowNo;
          const n = toNumber(cells[countCol]);
          if (n === null || !Number.isInteger(n) || n < 0) {
            rep.error(
              rowNo,
              countCol,
              `«${shown(cells[countCol])}» — количество участников должно быть целым неотрицательным числом; группа «${group.row.name}» пропущена.`,
            );
            group.bad = true;
            continue;
          }
          group.counts[kind] = n;
          const pct = pctCol >= 0 ? toNumber(cellText(cells[pctCol]).replace('%', '').trim() || null) : null;
          if (pct !== null && (pct < 0 || pct > 100))
            rep.warning(rowNo, pctCol, `процент ${num(pct)} вне диапазона 0–100.`);
        }
        finish(group);
        ctx.progress(data.length);
      },
    );
  },
};
