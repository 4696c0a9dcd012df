// The loader's own checks on what a parser emits, independent of the format: values in range (marks 2–5,
// scores within the task and work maximum, counts whole and non-negative), no dates in the future, classes 1–11,
// unique task labels and school codes. A bad record is dropped with a row error (sheet, row, field) and never
// reaches the store; a bad work rejects the file. After parsing, free text is screened for markup and
// spreadsheet formulas (kept verbatim — output escapes them — but reported).

import { CollectingContext } from './collect.js';
import { excludedRow, rowRef } from './issues.js';
import { currentSchoolYearStart } from './read/values.js';
import { num as fmt } from './report.js';
import type { VprScaleTable } from './scales.js';
import { canonicalSubject } from './subjects.js';
import type { AggregateResult, Issue, JournalMark, PupilResult, SchoolRecord, Work } from './types.js';
import { FileRejected } from './types.js';

const isMark = (n: number | null): boolean => n === null || (Number.isInteger(n) && n >= 2 && n <= 5);
const isCount = (n: number | null): boolean => n === null || (Number.isInteger(n) && n >= 0);

/** Start year of a school year label ('2024/25' → 2024); null when not a label. */
function startYear(label: string): number | null {
  const m = /^(\d{4})\//.exec(label);
  return m ? Number(m[1]) : null;
}

/** The first out-of-range field of a pupil row: [its column, what is wrong]; null when the row is fine. */
function pupilProblem(w: Work, r: PupilResult): [string, string] | null {
  const col = w.columns ?? {};
  if (!isMark(r.mark)) return [col.mark ?? 'Отметка', `отметка ${fmt(r.mark!)} вне диапазона 2–5`];
  if (!isMark(r.journalMark))
    return [col.journalMark ?? 'Отметка по журналу', `отметка по журналу ${fmt(r.journalMark!)} вне диапазона 2–5`];
  const primary = col.primaryScore ?? 'Первичный балл';
  if (r.primaryScore !== null) {
    if (!Number.isFinite(r.primaryScore) || r.primaryScore < 0)
      return [primary, `первичный балл ${fmt(r.primaryScore)} отрицательный`];
    if (w.maxScore !== null && r.primaryScore > w.maxScore)
      return [primary, `первичный балл ${fmt(r.primaryScore)} больше максимального для работы (${fmt(w.maxScore)})`];
  }
  if (r.testScore !== null && !(r.testScore >= 0 && r.testScore <= 100))
    return [col.testScore ?? 'Тестовый балл', `тестовый балл ${fmt(r.testScore)} вне диапазона 0–100`];
  for (let i = 0; i < r.taskScores.length; i++) {
    const s = r.taskScores[i],
      max = w.taskMax[i],
      label = w.taskLabels[i];
    if (s === null || s === undefined) continue;
    const field = col.tasks?.[i] ?? `Задание ${label}`;
    if (!Number.isFinite(s) || s < 0) return [field, `балл ${fmt(s)} за задание ${label} отрицательный`];
    if (max !== null && max !== undefined && s > max)
      return [field, `балл ${fmt(s)} больше максимального за задание ${label} (${fmt(max)})`];
  }
  return null;
}

export class ValidatingContext extends CollectingContext {
  /** The sheet name a CSV file was read under (set by the loader): its issues name only the row. */
  sheetless: string | null = null;
  private today: string;
  private currentYearStart: number;
  private schoolCodes = new Map<string, string>();

  constructor(secret: string, scales: VprScaleTable, onProgress?: (rows: number) => void, now = new Date()) {
    super(secret, scales, onProgress);
    this.today = now.toISOString().slice(0, 10);
    this.currentYearStart = currentSchoolYearStart(now);
  }

  override issue(i: Issue): void {
    super.issue(this.placed(i));
  }

  /** The issue as shown: a CSV's made-up sheet is no place (its issues name only row and column). */
  placed(i: Issue): Issue {
    return i.sheet !== null && i.sheet === this.sheetless ? { ...i, sheet: null } : i;
  }

  /** The issue excluding a row for a bad field (column = the field): «… — строка исключена.» */
  rowIssue(sheet: string, rowNo: number, field: string, what: string): Issue {
    return { severity: 'error', scope: 'row', sheet, rowNo, column: field, message: excludedRow(what) };
  }

  private rowError(sheet: string, rowNo: number, field: string, what: string): void {
    this.issue(this.rowIssue(sheet, rowNo, field, what));
  }

  private future(date: string | null): boolean {
    return date !== null && date > this.today;
  }
  private futureYear(label: string): boolean {
    const y = startYear(label);
    return y !== null && y > this.currentYearStart;
  }

  override emitWork(w: Work): number {
    const name = `работа «${w.assessment} ${w.subject}»${w.grade ? `, ${w.grade} класс` : ''}`;
    if (this.future(w.examDate))
      throw new FileRejected(`${name}: дата проведения ${w.examDate} ещё не наступила. Проверьте даты в файле.`);
    if (this.futureYear(w.schoolYear))
      throw new FileRejected(
        `${name}: ${w.schoolYear} учебный год ещё не начался — вероятно, дата в файле указана с ошибкой.`,
      );
    for (const [g, what] of [
      [w.grade, 'класс'],
      [w.kimGrade, 'класс КИМ'],
    ] as const)
      if (g !== null && !(Number.isInteger(g) && g >= 1 && g <= 11))
        throw new FileRejected(`${name}: ${what} ${g} — допустимы классы с 1 по 11.`);
    if (w.taskMax.length !== w.taskLabels.length)
      throw new FileRejected(
        `${name}: число максимальных баллов (${w.taskMax.length}) не совпадает с числом заданий (${w.taskLabels.length}).`,
      );
    const seen = new Set<string>();
    for (const l of w.taskLabels) {
      if (seen.has(l))
        throw new FileRejected(
          `${name}: задание «${l}» встречается в шапке дважды — столбец с баллами повторён. Удалите лишний столбец или выгрузите файл заново.`,
        );
      seen.add(l);
    }
    if (w.maxScore !== null && !(w.maxScore >= 0))
      throw new FileRejected(`${name}: максимальный балл ${w.maxScore} недопустим.`);
    return super.emitWork(w);
  }

  /** Marks 2–5, scores within the work's and each task's maximum, test scores 0–100; a bad row is excluded. */
  override emitPupil(r: PupilResult): boolean {
    const w = this.works[r.work];
    if (!w)
      throw new FileRejected(
        `Внутренняя ошибка разбора: строка ${r.rowNo} листа «${r.sheet}» ссылается на несуществующую работу.`,
      );
    if (r.taskScores.length !== w.taskLabels.length)
      throw new FileRejected(
        `Внутренняя ошибка разбора: в строке ${r.rowNo} листа «${r.sheet}» ${r.taskScores.length} баллов за задания вместо ${w.taskLabels.length}.`,
      );
    const problem = pupilProblem(w, r);
    if (problem) {
      this.rowError(r.sheet, r.rowNo, problem[0], problem[1]);
      return false;
    }
    return super.emitPupil(r);
  }

  /** A journal record's school year that has not begun yet, worded for the row issue (field «Учебный год»); null when fine. */
  journalYearProblem(schoolYear: string): string | null {
    return this.futureYear(schoolYear) ? `${schoolYear} учебный год ещё не начался` : null;
  }

  /** A journal record's class outside 1–11, worded for the row issue (field «Класс»); null when fine. */
  journalClassProblem(className: string | null, grade: number | null): string | null {
    const lead = /^\s*(\d+)/.exec(className ?? '');
    if ((lead && !(Number(lead[1]) >= 1 && Number(lead[1]) <= 11)) || (grade !== null && !(grade >= 1 && grade <= 11)))
      return `класс «${className ?? grade}» — допустимы классы с 1 по 11`;
    return null;
  }

  override emitJournal(r: JournalMark): void {
    const bad = (field: string, what: string) => this.rowError(r.sheet, r.rowNo, field, what);
    if (!isMark(r.mark)) return bad('Отметка', `отметка ${fmt(r.mark!)} вне диапазона 2–5`);
    const year = this.journalYearProblem(r.schoolYear);
    if (year) return bad('Учебный год', year);
    const cls = this.journalClassProblem(r.className, r.grade);
    if (cls) return bad('Класс', cls);
    if (r.avgMark !== null && !(r.avgMark >= 0 && r.avgMark <= 5))
      return bad('Средний балл', `средний балл ${fmt(r.avgMark)} вне диапазона 0–5`);
    super.emitJournal(r);
  }

  override emitAggregate(r: AggregateResult): void {
    const bad = (field: string, what: string) => this.rowError(r.sheet, r.rowNo, field, what);
    if (this.future(r.examDate)) return bad('Дата', `дата проведения ${r.examDate} ещё не наступила`);
    if (this.futureYear(r.schoolYear)) return bad('Учебный год', `${r.schoolYear} учебный год ещё не начался`);
    if (r.grade !== null && !(Number.isInteger(r.grade) && r.grade >= 1 && r.grade <= 11))
      return bad('Класс', `класс ${r.grade} — допустимы классы с 1 по 11`);
    const counts: [string, number | null][] = [
      ['Количество участников', r.participants],
      ['Количество ОО', r.schoolsCount],
      ['Понизили', r.lowered],
      ['Подтвердили', r.confirmed],
      ['Повысили', r.raised],
      ['Всего сравнено', r.compared],
    ];
    for (const [field, v] of counts)
      if (!isCount(v)) return bad(field, `${fmt(v!)} — количество должно быть целым неотрицательным числом`);
    for (const [k, v] of [
      ['2', r.n2],
      ['3', r.n3],
      ['4', r.n4],
      ['5', r.n5],
    ] as const) {
      if (v === null) continue;
      if (r.sharesOnly ? !(v >= 0 && v <= 1) : !isCount(v))
        return bad(
          `Отметка «${k}»`,
          r.sharesOnly
            ? `доля ${fmt(v)} вне диапазона 0–1`
            : `${fmt(v)} — число участников должно быть целым неотрицательным`,
        );
    }
    if (r.meanMark !== null && !(r.meanMark >= 0 && r.meanMark <= 5))
      return bad('Средняя отметка', `средняя отметка ${fmt(r.meanMark)} вне диапазона 0–5`);
    if (r.meanScore !== null && !(r.meanScore >= 0))
      return bad('Средний балл', `средний балл ${fmt(r.meanScore)} отрицательный`);
    super.emitAggregate(r);
  }

  override emitSchool(r: SchoolRecord): void {
    const bad = (field: string, what: string) => this.rowError(r.sheet, r.rowNo, field, what);
    if (!r.schoolCode.trim()) return bad('Код ОО', 'не указан код ОО');
    if (!r.name.trim()) return bad('Наименование', 'не указано наименование ОО');
    const first = this.schoolCodes.get(r.schoolCode);
    if (first) return bad('Код ОО', `код ОО «${r.schoolCode}» уже встречался (${first})`);
    if (!isCount(r.enrolment))
      return bad(
        'Численность обучающихся',
        `${fmt(r.enrolment!)} — численность должна быть целым неотрицательным числом`,
      );
    for (const [field, v] of [
      ['Доля обучающихся с ОВЗ', r.ovzShare],
      ['Доля обучающихся с неродным русским языком', r.nonNativeShare],
    ] as const)
      if (v !== null && !(v >= 0 && v <= 1)) return bad(field, `доля ${fmt(v)} вне диапазона 0–100 %`);
    this.schoolCodes.set(r.schoolCode, rowRef(r.sheet === this.sheetless ? null : r.sheet, r.rowNo));
    super.emitSchool(r);
  }
}

// ---------------------------------------------------------------- text screening after the parse

// HTML that a browser would act on, and what a spreadsheet would run as a formula (OWASP «CSV injection»).
const MARKUP =
  /<\s*\/?\s*(script|iframe|img|svg|object|embed|style|link|meta|a|form|input|body|html)\b|javascript\s*:|\bon[a-z]+\s*=/i;
const FORMULA = /^[=+@\t\r]|^-\s*[\d(=+@]/;

export function payloadKind(text: string | null | undefined): 'markup' | 'formula' | null {
  if (!text) return null;
  if (MARKUP.test(text)) return 'markup';
  if (FORMULA.test(text)) return 'formula';
  return null;
}

export const MAX_PAYLOAD_WARNINGS = 50;

/** Warnings for names and other free text holding HTML or spreadsheet formulas (stored as plain text). */
export function screenText(ctx: CollectingContext, fileName: string): Issue[] {
  const out: Issue[] = [];
  let total = 0;
  const seen = new Set<string>();
  const check = (sheet: string, rowNo: number, field: string, text: string | null | undefined) => {
    const kind = payloadKind(text);
    if (!kind) return;
    const key = `${sheet}|${rowNo}|${field}`;
    if (seen.has(key)) return;
    seen.add(key);
    if (++total > MAX_PAYLOAD_WARNINGS) return;
    const shown = text!.length > 80 ? `${text!.slice(0, 80)}…` : text!;
    out.push({
      severity: 'warning',
      scope: 'row',
      sheet,
      rowNo,
      column: field,
      message: `значение «${shown}» ${kind === 'markup' ? 'содержит HTML-разметку' : 'начинается как формула электронной таблицы'}. Оно сохранено как обычный текст (в отчётах и выгрузках не выполняется), но проверьте, откуда оно взялось.`,
    });
  };
  for (const p of ctx.pupils) {
    check(p.sheet, p.rowNo, 'Код ОО', p.schoolRef);
    check(p.sheet, p.rowNo, 'Название ОО', p.schoolName);
    check(p.sheet, p.rowNo, 'Муниципалитет', p.municipality);
    check(p.sheet, p.rowNo, 'Класс', p.className);
    check(p.sheet, p.rowNo, 'Код участника', p.participantCode);
    check(p.sheet, p.rowNo, 'Вариант', p.variant);
  }
  for (const j of ctx.journal) {
    check(j.sheet, j.rowNo, 'ОО', j.schoolRef);
    check(j.sheet, j.rowNo, 'Предмет', j.subject);
    check(j.sheet, j.rowNo, 'Класс', j.className);
  }
  if (ctx.staged) {
    // The staging loader found them (same fields, row order) and kept the first few: the rest only add to the count.
    for (const v of ctx.staged.screened.values) check(ctx.staged.sheet, v.rowNo, v.field, v.text);
    total += ctx.staged.screened.total - ctx.staged.screened.values.length;
  }
  for (const a of ctx.aggregates) {
    check(a.sheet, a.rowNo, 'Название', a.name);
    check(a.sheet, a.rowNo, 'Код ОО', a.schoolRef);
  }
  for (const s of ctx.schools) {
    check(s.sheet, s.rowNo, 'Код ОО', s.schoolCode);
    check(s.sheet, s.rowNo, 'Наименование', s.name);
    check(s.sheet, s.rowNo, 'Краткое наименование', s.shortName);
    check(s.sheet, s.rowNo, 'Муниципалитет', s.municipality);
    check(s.sheet, s.rowNo, 'Тип ОО', s.schoolType);
  }
  for (const t of ctx.targets) check(t.sheet, t.rowNo, 'Код ОО', t.schoolRef);
  for (const t of ctx.taskInfo) {
    check(t.sheet, t.rowNo, 'Умения', t.skills);
    check(t.sheet, t.rowNo, 'Задание', t.task);
  }
  for (const c of ctx.codes) check(c.sheet, c.rowNo, 'Текст', c.text);
  for (const p of ctx.programmes) {
    check(p.sheet, p.rowNo, 'Наименование программы', p.name);
    check(p.sheet, p.rowNo, 'Цель программы', p.goal);
  }
  for (const i of ctx.indicators) check(i.sheet, i.rowNo, 'Показатель', i.caption);
  for (const m of ctx.measures) {
    check(m.sheet, m.rowNo, 'Раздел', m.section);
    check(m.sheet, m.rowNo, 'Мероприятие', m.title);
    check(m.sheet, m.rowNo, 'Ответственные', m.responsible);
    check(m.sheet, m.rowNo, 'Ожидаемый результат', m.expectedResult);
    check(m.sheet, m.rowNo, 'Подтверждение', m.evidence);
  }
  if (total > MAX_PAYLOAD_WARNINGS)
    out.push({
      severity: 'warning',
      scope: 'file',
      sheet: null,
      rowNo: null,
      column: null,
      message: `Файл «${fileName}»: ещё ${total - MAX_PAYLOAD_WARNINGS} значений с HTML-разметкой или формулами (показаны первые ${MAX_PAYLOAD_WARNINGS}).`,
    });
  return out;
}

// School subjects outside the assessed list that journals legitimately carry.
const SCHOOL_SUBJECT =
  /алгебр|геометри|вероятност|статистик|физическ\p{L}* культур|физкульт|музык|изобраз|изо(?![\p{L}])|искусств|мхк|технолог|труд|обж|обзр|безопасност|астроном|прав(о|а)(?![\p{L}])|экономик|естествозн|черчени|орксэ|однкнр|основ\p{L}* (религ|духов|светск|православ)|проект|разговор\p{L}* о важном|россия|профмин|профессиональн|психолог|риторик|логик|краевед|элективн|факультатив|кружок|курс|практикум|литератур|чтени|язык|окружающ|природовед|родн/u;

/** One warning per journal subject that is neither an assessed subject nor a usual school subject (e.g. a typo). */
export function unknownJournalSubjects(ctx: CollectingContext): Issue[] {
  const first = new Map<string, Pick<JournalMark, 'sheet' | 'rowNo'>>();
  for (const j of ctx.journal) if (!first.has(j.subject)) first.set(j.subject, j);
  for (const s of ctx.staged?.subjects ?? [])
    if (!first.has(s.subject)) first.set(s.subject, { sheet: ctx.staged!.sheet, rowNo: s.rowNo });
  const out: Issue[] = [];
  for (const [subject, j] of first) {
    if (canonicalSubject(subject) || SCHOOL_SUBJECT.test(subject.toLowerCase().replace(/ё/g, 'е'))) continue;
    out.push({
      severity: 'warning',
      scope: 'row',
      sheet: j.sheet,
      rowNo: j.rowNo,
      column: 'Предмет',
      message: `предмет «${subject}» не распознан (нет среди оцениваемых и обычных школьных предметов). Отметки загружены под этим названием; если это опечатка, исправьте и загрузите файл заново.`,
    });
  }
  return out;
}
