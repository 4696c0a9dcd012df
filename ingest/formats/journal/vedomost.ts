// Flat «Сводная ведомость итоговых отметок» (pupil × subject × period), xlsx or CSV:
// [Код ОО |] Учебный год | Класс | Ученик | Предмет | Период | Отметка. The xlsx variant has title rows
// («Сводная ведомость итоговых отметок», «ОО: <name>», empty row) above the header.
// What a cell means and how a bad one is worded live here once: the row-by-row parse below and the bulk CSV loader
// (ingest/bulk/vedomost.ts, which evaluates the same functions once per distinct value) both use them.

import { excludedRow } from '../../issues.js';
import { cellText, normText, parseSchoolYear, toCode } from '../../read/values.js';
import type { Cell, FormatModule, Issue, PeriodKind, Workbook, WorkbookProbe } from '../../types.js';
import { FileRejected } from '../../types.js';
import { columnCaption, duplicateColumnText, findColumn, isBlank, issueSheet, shown } from '../table.js';
import { gradeOfClass, journalSubject, type ParsedMark, parseMark, termOf } from './common.js';

const SCHOOL = { caption: 'Код ОО', re: [/^код (оо|оу)$/, /^код образовательной организации$/] };
const COLUMNS = {
  year: { caption: 'Учебный год', re: [/^учебный год$/, /^уч\.? год$/, /^год обучения$/] },
  className: { caption: 'Класс', re: [/^класс$/] },
  pupil: { caption: 'Ученик', re: [/^ученик$/, /^учащийся$/, /^обучающийся$/, /^фио( ученика| обучающегося)?$/] },
  subject: { caption: 'Предмет', re: [/^предмет$/, /^учебный предмет$/] },
  period: { caption: 'Период', re: [/^период$/, /^учебный период$/] },
  mark: { caption: 'Отметка', re: [/^отметка$/, /^оценка$/, /^итоговая отметка$/] },
} as const;
type Key = keyof typeof COLUMNS;
export type VedomostColumns = Record<Key, number> & { school: number };

function columnsOf(cells: Cell[]): VedomostColumns {
  const out = { school: findColumn(cells, ...SCHOOL.re) } as VedomostColumns;
  for (const k of Object.keys(COLUMNS) as Key[]) out[k] = findColumn(cells, ...COLUMNS[k].re);
  return out;
}
const isHeader = (cells: Cell[]): boolean => {
  const c = columnsOf(cells);
  return c.pupil >= 0 && c.subject >= 0 && c.period >= 0 && c.mark >= 0;
};

/** '1 четверть', 'Год', 'Годовая', 'Экзамен', 'Итоговая' → period; null when unknown. */
export function periodOfCaption(text: string): { kind: PeriodKind; no: number | null } | null {
  const term = termOf(text);
  if (term) return term;
  const t = normText(text);
  if (/^(год|годовая|годовая (отметка|оценка)|за год)$/.test(t)) return { kind: 'год', no: null };
  if (/^(экзамен|экзаменационная( отметка| оценка)?|экз\.?)$/.test(t)) return { kind: 'экзамен', no: null };
  if (/^(итоговая|итог|итоговая (отметка|оценка))$/.test(t)) return { kind: 'итог', no: null };
  return null;
}

/** A column the header holds twice (any two cells matching one column's captions): the first two indexes. */
function duplicated(cells: Cell[]): { caption: string; first: number; second: number } | null {
  for (const c of [SCHOOL, ...Object.values(COLUMNS)]) {
    const at = cells.flatMap((v, i) => (c.re.some((re) => re.test(normText(v))) ? [i] : []));
    if (at.length > 1) return { caption: c.caption, first: at[0]!, second: at[1]! };
  }
  return null;
}

/** Where the data starts: the header row, its columns and the school named by an «ОО: <name>» line above it. */
export interface VedomostLayout {
  rowNo: number;
  cols: VedomostColumns;
  schoolName: string | null;
}

/**
 * One row above the data, in order: remembers «ОО: <name>» lines; returns the layout when this row is the header,
 * after the header's own checks (a column twice, columns missing, no school at all: FileRejected).
 */
export function headerStep(
  book: Pick<Workbook, 'kind' | 'fileName'>,
  sheet: string,
  seen: { schoolName: string | null },
  rowNo: number,
  cells: Cell[],
): VedomostLayout | null {
  const first = cellText(cells.find((x) => cellText(x) !== '') ?? null);
  const oo = /^ОО\s*:\s*(.+)$/i.exec(first);
  if (oo) seen.schoolName = oo[1]!.replace(/\s+/g, ' ').trim();
  if (!isHeader(cells)) return null;
  const cols = columnsOf(cells);
  const where = issueSheet(book, sheet);
  const dup = duplicated(cells);
  if (dup) throw new FileRejected(duplicateColumnText(cells, dup.first, dup.second), where, rowNo, dup.caption);
  const missing = (Object.keys(COLUMNS) as Key[]).filter((k) => cols[k] < 0).map((k) => `«${COLUMNS[k].caption}»`);
  if (missing.length)
    throw new FileRejected(
      `в шапке ведомости нет столбцов ${missing.join(', ')}. Ожидается: [Код ОО] | Учебный год | Класс | Ученик | Предмет | Период | Отметка.`,
      where,
      rowNo,
      null,
    );
  if (cols.school < 0 && !seen.schoolName)
    throw new FileRejected(
      `не указана образовательная организация — нет ни столбца «Код ОО», ни строки «ОО: <название>» над шапкой.`,
      where,
      rowNo,
      null,
    );
  return { rowNo, cols, schoolName: seen.schoolName };
}

/** What each cell of a data row means, column by column (a bad value is null or '' — see `vedomostProblem`). */
export const vedomostCell = {
  mark: (v: Cell | undefined): ParsedMark => parseMark(v),
  period: (v: Cell | undefined) => periodOfCaption(cellText(v)),
  year: (v: Cell | undefined): string | null => parseSchoolYear(cellText(v)),
  pupil: (v: Cell | undefined): string => cellText(v),
  subject: (v: Cell | undefined): string => journalSubject(v),
  school: (v: Cell | undefined, layout: VedomostLayout): string =>
    ((layout.cols.school >= 0 ? toCode(v) : '') || layout.schoolName) ?? '',
  className: (v: Cell | undefined): string | null => cellText(v).replace(/\s+/g, '') || null,
};

/** The checks of a data row in the order the parse makes them; the first that fails excludes the row. */
export type VedomostProblem = 'mark' | 'period' | 'year' | 'pupil' | 'subject' | 'school';

/** The row issue for a bad cell: column «Период (F)», message «период «5 четверть» не распознан … — строка исключена.» */
export function vedomostProblem(
  book: Pick<Workbook, 'kind'>,
  sheet: string,
  rowNo: number,
  layout: VedomostLayout,
  problem: VedomostProblem,
  v: Cell | undefined,
): Issue {
  const c = layout.cols;
  const [col, caption, what]: [number, string, string] =
    problem === 'mark'
      ? [c.mark, COLUMNS.mark.caption, `«${shown(v)}» не является отметкой (2–5, н/а, зач, осв, неатт)`]
      : problem === 'period'
        ? [
            c.period,
            COLUMNS.period.caption,
            `период «${shown(v)}» не распознан (ожидается «1 четверть», «2 триместр», «1 полугодие», «Год», «Экзамен», «Итоговая»)`,
          ]
        : problem === 'year'
          ? [c.year, COLUMNS.year.caption, `учебный год «${shown(v)}» не распознан (ожидается «2024/2025»)`]
          : problem === 'pupil'
            ? [c.pupil, COLUMNS.pupil.caption, 'не указан ученик']
            : problem === 'subject'
              ? [c.subject, COLUMNS.subject.caption, 'не указан предмет']
              : [c.school, 'Код ОО', 'не указан код ОО'];
  return {
    severity: 'error',
    scope: 'row',
    sheet: issueSheet(book, sheet),
    rowNo,
    column: columnCaption(caption, col),
    message: excludedRow(what),
  };
}

/** The file-level warning when no row holds a mark. */
export const NO_MARKS: Issue = {
  severity: 'warning',
  scope: 'file',
  sheet: null,
  rowNo: null,
  column: null,
  message: 'В ведомости нет ни одной заполненной отметки.',
};

export const vedomost: FormatModule = {
  id: 'journal-vedomost',
  title: 'Электронный журнал: сводная ведомость итоговых отметок',
  detect(probe: WorkbookProbe): number {
    let best = 0;
    for (const s of probe.sheets) {
      const header = s.rows.find(isHeader);
      if (!header) continue;
      const c = columnsOf(header);
      const title = s.rows.some((r) =>
        normText(r.find((x) => cellText(x) !== '') ?? null).startsWith('сводная ведомость'),
      );
      best = Math.max(best, 0.8 + (c.year >= 0 && c.className >= 0 ? 0.12 : 0) + (title ? 0.05 : 0));
    }
    return best;
  },
  async parse(book, ctx) {
    let emitted = 0,
      read = 0,
      headerSeen = false;
    for (const sheet of book.sheets) {
      let layout: VedomostLayout | null = null;
      const seen = { schoolName: null as string | null };
      for await (const { rowNo, cells } of sheet.rows()) {
        read++;
        if (read % 1000 === 0) ctx.progress(read);
        if (!layout) {
          layout = headerStep(book, sheet.name, seen, rowNo, cells);
          if (layout) headerSeen = true;
          continue;
        }
        if (isBlank(cells)) continue;
        const c = layout.cols;
        const bad = (problem: VedomostProblem, v: Cell | undefined) =>
          ctx.issue(vedomostProblem(book, sheet.name, rowNo, layout!, problem, v));
        const mark = vedomostCell.mark(cells[c.mark]);
        if (mark === null) continue; // no mark for this pupil × subject × period
        if (mark === 'invalid') {
          bad('mark', cells[c.mark]);
          continue;
        }
        const period = vedomostCell.period(cells[c.period]);
        if (!period) {
          bad('period', cells[c.period]);
          continue;
        }
        const schoolYear = vedomostCell.year(cells[c.year]);
        if (!schoolYear) {
          bad('year', cells[c.year]);
          continue;
        }
        const pupil = vedomostCell.pupil(cells[c.pupil]);
        if (!pupil) {
          bad('pupil', cells[c.pupil]);
          continue;
        }
        const subject = vedomostCell.subject(cells[c.subject]);
        if (!subject) {
          bad('subject', cells[c.subject]);
          continue;
        }
        const schoolRef = vedomostCell.school(c.school >= 0 ? cells[c.school] : null, layout);
        if (!schoolRef) {
          bad('school', c.school >= 0 ? cells[c.school] : null);
          continue;
        }
        const className = vedomostCell.className(cells[c.className]);
        ctx.emitJournal({
          sheet: sheet.name,
          rowNo,
          schoolRef,
          schoolYear,
          className,
          grade: gradeOfClass(className),
          pupilKey: ctx.pseudonymize(pupil),
          subject,
          periodKind: period.kind,
          periodNo: period.no,
          mark: mark.mark,
          markText: mark.markText,
          avgMark: null,
        });
        emitted++;
      }
    }
    ctx.progress(read);
    if (!headerSeen)
      throw new FileRejected(
        'Не найдена шапка ведомости: ожидается строка «Учебный год | Класс | Ученик | Предмет | Период | Отметка».',
      );
    if (emitted === 0) ctx.issue({ ...NO_MARKS });
  },
};
