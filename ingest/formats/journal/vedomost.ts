// Flat «Сводная ведомость итоговых отметок» (pupil × subject × period), xlsx or CSV:
// [Код ОО |] Учебный год | Класс | Ученик | Предмет | Период | Отметка. The xlsx variant has title rows
// («Сводная ведомость итоговых отметок», «ОО: <name>», empty row) above the header.
import type { Cell, FormatModule, ParseContext, PeriodKind, Workbook, WorkbookProbe } from '../../types.js';
import { FileRejected } from '../../types.js';
import { findColumn } from '../../read/header.js';
import { cellText, columnLetter, normText, parseSchoolYear, toCode } from '../../read/values.js';
import { duplicateColumnMessage, issueSheet, place, shown } from '../where.js';
import { gradeOfClass, isBlank, journalSubject, parseMark, termOf } from './common.js';

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

function columnsOf(cells: Cell[]): Record<Key, number> & { school: number } {
  const out = { school: findColumn(cells, ...SCHOOL.re) } as Record<Key, number> & { school: number };
  for (const k of Object.keys(COLUMNS) as Key[]) out[k] = findColumn(cells, ...COLUMNS[k].re);
  return out;
}
const isHeader = (cells: Cell[]): boolean => { const c = columnsOf(cells); return c.pupil >= 0 && c.subject >= 0 && c.period >= 0 && c.mark >= 0; };

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

function rowError(ctx: ParseContext, book: Workbook, sheet: string, rowNo: number, col: number, caption: string, what: string): void {
  ctx.issue({ severity: 'error', scope: 'row', sheet: issueSheet(book, sheet), rowNo, column: `${columnLetter(col)} (${caption})`,
    message: `${place(book, sheet, rowNo)}, столбец «${caption}» (${columnLetter(col)}): ${what} — строка исключена.` });
}

export const vedomost: FormatModule = {
  id: 'journal-vedomost',
  title: 'Электронный журнал: сводная ведомость итоговых отметок',
  detect(probe: WorkbookProbe): number {
    let best = 0;
    for (const s of probe.sheets) {
      const header = s.rows.find(isHeader);
      if (!header) continue;
      const c = columnsOf(header);
      const title = s.rows.some((r) => normText(r.find((x) => cellText(x) !== '') ?? null).startsWith('сводная ведомость'));
      best = Math.max(best, 0.8 + (c.year >= 0 && c.className >= 0 ? 0.12 : 0) + (title ? 0.05 : 0));
    }
    return best;
  },
  async parse(book, ctx) {
    let emitted = 0, read = 0, headerSeen = false;
    for (const sheet of book.sheets) {
      let cols: ReturnType<typeof columnsOf> | null = null;
      let schoolName: string | null = null;
      for await (const { rowNo, cells } of sheet.rows()) {
        read++;
        if (read % 1000 === 0) ctx.progress(read);
        if (!cols) {
          const first = cellText(cells.find((x) => cellText(x) !== '') ?? null);
          const oo = /^ОО\s*:\s*(.+)$/i.exec(first);
          if (oo) schoolName = oo[1]!.replace(/\s+/g, ' ').trim();
          if (!isHeader(cells)) continue;
          cols = columnsOf(cells);
          headerSeen = true;
          const at = place(book, sheet.name, rowNo), where = issueSheet(book, sheet.name);
          const dup = duplicated(cells);
          if (dup) throw new FileRejected(duplicateColumnMessage(book, sheet.name, rowNo, dup.caption, cells, dup.first, dup.second), where, rowNo, dup.caption);
          const missing = (Object.keys(COLUMNS) as Key[]).filter((k) => cols![k] < 0).map((k) => `«${COLUMNS[k].caption}»`);
          if (missing.length) throw new FileRejected(`${at}: в шапке ведомости нет столбцов ${missing.join(', ')}. Ожидается: [Код ОО] | Учебный год | Класс | Ученик | Предмет | Период | Отметка.`, where, rowNo, null);
          if (cols.school < 0 && !schoolName) throw new FileRejected(`${at}: не указана образовательная организация — нет ни столбца «Код ОО», ни строки «ОО: <название>» над шапкой.`, where, rowNo, null);
          continue;
        }
        if (isBlank(cells)) continue;
        const c = cols;
        const mark = parseMark(cells[c.mark]);
        if (mark === null) continue; // no mark for this pupil × subject × period
        const cap = (k: Key) => COLUMNS[k].caption;
        if (mark === 'invalid') { rowError(ctx, book, sheet.name, rowNo, c.mark, cap('mark'), `«${shown(cells[c.mark])}» не является отметкой (2–5, н/а, зач, осв, неатт)`); continue; }
        const period = periodOfCaption(cellText(cells[c.period]));
        if (!period) { rowError(ctx, book, sheet.name, rowNo, c.period, cap('period'), `период «${shown(cells[c.period])}» не распознан (ожидается «1 четверть», «2 триместр», «1 полугодие», «Год», «Экзамен», «Итоговая»)`); continue; }
        const schoolYear = parseSchoolYear(cellText(cells[c.year]));
        if (!schoolYear) { rowError(ctx, book, sheet.name, rowNo, c.year, cap('year'), `учебный год «${shown(cells[c.year])}» не распознан (ожидается «2024/2025»)`); continue; }
        const pupil = cellText(cells[c.pupil]);
        if (!pupil) { rowError(ctx, book, sheet.name, rowNo, c.pupil, cap('pupil'), 'не указан ученик'); continue; }
        const subject = journalSubject(cells[c.subject]);
        if (!subject) { rowError(ctx, book, sheet.name, rowNo, c.subject, cap('subject'), 'не указан предмет'); continue; }
        const schoolRef = (c.school >= 0 ? toCode(cells[c.school]) : '') || schoolName;
        if (!schoolRef) { rowError(ctx, book, sheet.name, rowNo, c.school, 'Код ОО', 'не указан код ОО'); continue; }
        const className = cellText(cells[c.className]).replace(/\s+/g, '') || null;
        ctx.emitJournal({
          sheet: sheet.name, rowNo, schoolRef, schoolYear, className, grade: gradeOfClass(className),
          pupilKey: ctx.pseudonymize(pupil), subject, periodKind: period.kind, periodNo: period.no,
          mark: mark.mark, markText: mark.markText, avgMark: null,
        });
        emitted++;
      }
    }
    ctx.progress(read);
    if (!headerSeen) throw new FileRejected('Не найдена шапка ведомости: ожидается строка «Учебный год | Класс | Ученик | Предмет | Период | Отметка».');
    if (emitted === 0) ctx.issue({ severity: 'warning', scope: 'file', sheet: null, rowNo: null, column: null, message: 'В ведомости нет ни одной заполненной отметки.' });
  },
};
