// «Табель успеваемости учащегося (весь класс)» (formats.md §4.1): one block per pupil with a merged
// multi-row header (terms × «Средний балл | Ср. взв. балл | Итог», then year/exam/final columns).

import { cellText, normText } from '../../read/values.js';
import type { Cell, ParseContext, PeriodKind, SheetRow } from '../../types.js';
import { FileRejected } from '../../types.js';
import { columnCaption, isBlank } from '../table.js';
import { avgOf, journalSubject, type MarkValue, parseMark, termOf } from './common.js';
import { applyBlockLine, blockReportFormat, notAMark, type PupilBlock, requireBlock } from './pupil-block.js';

const TITLE = 'табель успеваемости';

type Role =
  | { kind: 'term'; period: { kind: PeriodKind; no: number }; sub: 'final' | 'avg' | 'other' }
  | { kind: 'year' | 'exam' | 'state' | 'final' };

interface Layout {
  subjectCol: number;
  roles: Map<number, Role>;
  caption: Map<number, string>;
}

/** Column roles from the stacked header rows of one block (merged cells already copied into every column). */
export function tabelLayout(headerRows: Cell[][]): Layout | null {
  const width = Math.max(...headerRows.map((r) => r.length));
  let subjectCol = -1;
  const roles = new Map<number, Role>();
  const caption = new Map<number, string>();
  for (let j = 0; j < width; j++) {
    const texts = headerRows.map((r) => normText(r[j])).filter((t) => t !== '');
    if (texts.length === 0) continue;
    if (subjectCol < 0 && texts.includes('предмет')) {
      subjectCol = j;
      continue;
    }
    const term = texts.map(termOf).find((t) => t !== null);
    const last = texts[texts.length - 1]!;
    caption.set(
      j,
      headerRows
        .map((r) => cellText(r[j]))
        .filter((t) => t !== '')
        .filter((t, i, a) => a.indexOf(t) === i)
        .join(' / '),
    );
    if (term) {
      const sub = /взв/.test(last)
        ? 'other'
        : /^(итог|отметк|оценк)/.test(last)
          ? 'final'
          : /средн|^ср\.? балл/.test(last)
            ? 'avg'
            : termOf(last)
              ? 'final'
              : 'other';
      roles.set(j, { kind: 'term', period: term, sub });
      continue;
    }
    if (texts.some((t) => /^гос/.test(t))) roles.set(j, { kind: 'state' });
    else if (texts.some((t) => /^год/.test(t))) roles.set(j, { kind: 'year' });
    else if (texts.some((t) => /^экз/.test(t))) roles.set(j, { kind: 'exam' });
    else if (texts.some((t) => /^итог\.?\s*(оценка|отметка)|^итоговая/.test(t))) roles.set(j, { kind: 'final' });
  }
  return subjectCol >= 0 && roles.size > 0 ? { subjectCol, roles, caption } : null;
}

function isHeaderStart(cells: Cell[]): boolean {
  return cells.some((c) => normText(c) === 'предмет');
}

async function parseSheet(name: string, rows: SheetRow[], school: string, ctx: ParseContext): Promise<number> {
  let block: PupilBlock | null = null;
  let headerRows: Cell[][] | null = null; // collecting
  let layout: Layout | null = null;
  let emitted = 0;
  for (const { rowNo, cells } of rows) {
    const next = applyBlockLine(cells, rowNo, name, block, school, ctx);
    if (next !== undefined) {
      block = next;
      headerRows = null;
      layout = null;
      continue;
    }
    if (isBlank(cells)) continue;
    if (isHeaderStart(cells)) {
      if (headerRows === null) {
        headerRows = [];
        layout = null;
      }
      headerRows.push(cells);
      continue;
    }
    if (headerRows !== null) {
      const subjectCol = headerRows.map((r) => r.findIndex((c) => normText(c) === 'предмет')).find((i) => i >= 0)!;
      if (cellText(cells[subjectCol]) === '') {
        headerRows.push(cells);
        continue;
      }
      layout = tabelLayout(headerRows);
      headerRows = null;
      if (!layout)
        throw new FileRejected(
          `в шапке таблицы нет столбцов учебных периодов и итоговых оценок («1 Четверть … Итог», «Год. оценка»).`,
          name,
          rowNo,
          null,
        );
    }
    if (!layout) continue;
    const caption = cellText(cells[layout.subjectCol]);
    if (!caption) continue;
    requireBlock(block, name, rowNo);
    emitted += emitRow(name, rowNo, cells, layout, block, school, journalSubject(caption), ctx);
  }
  return emitted;
}

function emitRow(
  sheet: string,
  rowNo: number,
  cells: Cell[],
  layout: Layout,
  block: PupilBlock & { schoolYear: string; pupilKey: string },
  school: string,
  subject: string,
  ctx: ParseContext,
): number {
  const base = {
    sheet,
    rowNo,
    schoolRef: school,
    schoolYear: block.schoolYear,
    className: block.className,
    grade: block.grade,
    pupilKey: block.pupilKey,
    subject,
  };
  const avgs = new Map<string, number | null>();
  for (const [j, role] of layout.roles)
    if (role.kind === 'term' && role.sub === 'avg') avgs.set(`${role.period.kind}${role.period.no}`, avgOf(cells[j]));
  let exam: MarkValue | null = null,
    state: { m: MarkValue; j: number } | null = null;
  let n = 0;
  for (const [j, role] of layout.roles) {
    if (role.kind === 'term' && role.sub !== 'final') continue;
    const m = parseMark(cells[j]);
    if (m === null) continue;
    if (m === 'invalid') {
      ctx.issue(notAMark(sheet, rowNo, j, layout.caption.get(j) ?? '', subject, cells[j] ?? null));
      continue;
    }
    if (role.kind === 'state') {
      state = { m, j };
      continue;
    }
    if (role.kind === 'exam') exam = m;
    const [periodKind, periodNo]: [PeriodKind, number | null] =
      role.kind === 'term'
        ? [role.period.kind, role.period.no]
        : role.kind === 'year'
          ? ['год', null]
          : role.kind === 'exam'
            ? ['экзамен', null]
            : ['итог', null];
    const avgMark = role.kind === 'term' ? (avgs.get(`${role.period.kind}${role.period.no}`) ?? null) : null;
    ctx.emitJournal({ ...base, periodKind, periodNo, mark: m.mark, markText: m.markText, avgMark });
    n++;
  }
  // The state exam mark has no period kind of its own: stored as the exam mark when the school exam mark is absent.
  if (state) {
    if (!exam) {
      ctx.emitJournal({
        ...base,
        periodKind: 'экзамен',
        periodNo: null,
        mark: state.m.mark,
        markText: state.m.markText,
        avgMark: null,
      });
      n++;
    } else if (exam.mark !== state.m.mark || exam.markText !== state.m.markText) {
      ctx.issue({
        severity: 'warning',
        scope: 'row',
        sheet,
        rowNo,
        column: columnCaption(layout.caption.get(state.j) ?? '', state.j),
        message: `предмет «${subject}»: есть и экзаменационная, и «Гос. экз. оценка»; загружена экзаменационная, госэкзамен пропущен.`,
      });
    }
  }
  return n;
}

export const tabel = blockReportFormat('journal-tabel', 'Электронный журнал: табель успеваемости (весь класс)', {
  title: TITLE,
  holds: hasPupilLines,
  score: (texts) => {
    const title = texts.some((t) => t.startsWith(TITLE));
    const periods = texts.includes('учебные периоды');
    const pupil = texts.some((t) => t.startsWith('ученик:'));
    const finals = texts.some((t) => /^год\.? оценка|^годовая/.test(t));
    return (title ? 0.5 : 0) + (periods ? 0.25 : 0) + (pupil ? 0.1 : 0) + (finals ? 0.1 : 0);
  },
  noSchool:
    'в первой строке нет названия образовательной организации — без него отметки нельзя отнести к школе. Выгрузите табель заново, не удаляя шапку.',
  noMarks:
    'В табеле не найдено ни одной итоговой отметки: нет блоков «Ученик: …» с таблицей «Предмет / Учебные периоды» или все отметки пустые.',
  parseSheet,
});

/** A sheet holds pupil blocks when some row is an «Ученик:» line. */
function hasPupilLines(cells: Cell[]): boolean {
  return /^(ученик|учащийся)\s*:/.test(normText(cells.find((c) => cellText(c) !== '') ?? null));
}
