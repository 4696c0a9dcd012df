// Converts one ВПР pupil row and emits it: shared by every ФИС ОКО layout once its columns are known. Cells that
// are not what their column holds exclude the row (row-scope error); ranges (marks 2–5, scores within the task and
// work maximum) are the loader's checks (ingest/validate.ts), named by the work's column captions. A missing scale
// rejects the file. An unusable journal mark
// («1», «*» …) does not: the ВПР result loads without it, and one warning per distinct value is given at the end.

import { plural } from '../../../domain/text.js';
import { excludedRow, rowRef } from '../../issues.js';
import { cellText, toCode, toNumber } from '../../read/values.js';
import type { Cell, ParseContext, PupilResult } from '../../types.js';
import { FileRejected } from '../../types.js';
import { isBlank, shown } from '../table.js';
import { classNameOf, isAbsentText, isBad, markValue, sexOf, taskScore } from './cells.js';
import { type Col, colLabel, type ScoreColumns } from './columns.js';
import { UnusableJournalMarks } from './unusable-journal.js';
import { scaleYear, type VprMeta, workName } from './work-meta.js';

export interface RowColumns extends ScoreColumns {
  code: Col;
  variant: Col | null;
  variant2?: Col | null; // «Вариант (часть 2)»
  sex: Col | null;
  className: Col | null;
  fullName?: Col | null; // only to build the pupil key
}

export interface RowSchool {
  schoolRef: string;
  schoolName: string | null;
  municipality: string | null;
}

export interface RowOptions {
  /** Reports list only codes for pupils without results: a row with no scores at all is an absent pupil. */
  emptyMeansAbsent?: boolean;
  /** The column holding the school login; a row without it is excluded. */
  schoolCol?: Col;
}

const PROGRESS_EVERY = 5000;

export class PupilRows {
  emitted = 0;
  present = 0;
  absent = 0;
  excluded = 0; // rows rejected with a row error
  private read = 0;
  private seen = new Map<string, string>(); // school|code → «лист, строка» of the first occurrence
  private totalDiffers = 0;
  private firstDiffer: string | null = null; // «лист «…», строка N: итоговый балл 99, сумма … 3» of the first such row
  private lastSheet: string | null = null;
  private unusableJournal = new UnusableJournalMarks();

  constructor(
    private ctx: ParseContext,
    private work: number,
    private meta: VprMeta,
    public cols: RowColumns,
    private opts: RowOptions = {},
  ) {}

  add(sheet: string, rowNo: number, cells: Cell[], school: RowSchool): void {
    if (++this.read % PROGRESS_EVERY === 0) this.ctx.progress(this.read);
    this.lastSheet = sheet;
    if (isBlank(cells)) return;
    const c = this.cols;
    const at = (col: Col | null | undefined): Cell => (col ? (cells[col.idx] ?? null) : null);
    const err = (col: Col | null, what: string): void => {
      this.excluded++;
      this.ctx.issue({
        severity: 'error',
        scope: 'row',
        sheet,
        rowNo,
        column: col ? colLabel(col) : null,
        message: excludedRow(what),
      });
    };

    if (this.opts.schoolCol && !school.schoolRef) return err(this.opts.schoolCol, 'не указан логин ОО');
    const code = toCode(at(c.code));
    if (!code) return err(c.code, 'не указан код участника');
    const key = `${school.schoolRef}|${code}`;
    const first = this.seen.get(key);
    if (first)
      return err(
        c.code,
        `код участника ${code}${school.schoolRef ? ` (ОО ${school.schoolRef})` : ''} уже встречался (${first}) в этой работе`,
      );

    // A journal mark outside 2–5 only keeps the row out of the comparison with the journal: it loads without one.
    const journalRead = markValue(at(c.journal));
    const journalBad = isBad(journalRead) ? journalRead.bad : null;
    const journal = isBad(journalRead) ? null : journalRead;
    const fileMark = markValue(at(c.mark));
    if (isBad(fileMark)) return err(c.mark ?? null, `отметка за ВПР «${fileMark.bad}» — допустимы только 2–5`);

    const scores: (number | null)[] = [];
    for (const t of c.tasks) {
      const v = taskScore(at(t));
      if (isBad(v))
        return err(t, `значение «${v.bad}» не является баллом за задание (допустимы целые баллы, X, «не пройд.»)`);
      scores.push(v);
    }
    const totalCell = at(c.total);
    const noScores = scores.every((s) => s === null) && cellText(totalCell) === '' && fileMark === null;
    const absent =
      [c.variant, c.total, c.mark].some((col) => isAbsentText(at(col))) || (!!this.opts.emptyMeansAbsent && noScores);

    const base: PupilResult = {
      work: this.work,
      sheet,
      rowNo,
      ...school,
      participantCode: code,
      pupilKey: c.fullName && cellText(at(c.fullName)) ? this.ctx.pseudonymize(cellText(at(c.fullName))) : null,
      className: classNameOf(at(c.className)),
      variant: null,
      status: 'absent',
      sex: sexOf(at(c.sex)),
      primaryScore: null,
      mark: null,
      markFromScale: false,
      testScore: null,
      journalMark: journal,
      taskScores: c.tasks.map(() => null),
    };
    if (absent) {
      if (this.emit(key, base, journalBad)) this.absent++;
      return;
    }
    if (noScores)
      return err(
        c.variant,
        'нет ни баллов за задания, ни итога; если участник не писал работу, укажите «отсутствовал» в столбце «Вариант»',
      );

    const sum = scores.reduce<number>((a, s) => a + (s ?? 0), 0);
    let primary = toNumber(totalCell);
    if (cellText(totalCell) !== '' && (primary === null || primary < 0 || !Number.isInteger(primary))) {
      return err(c.total, `итоговый балл «${shown(totalCell)}» не является целым неотрицательным числом`);
    }
    if (primary === null || (primary === 0 && sum > 0)) {
      // A missing (or zero) total beside non-zero task scores: the total was not computed; use the sum.
      this.ctx.issue({
        severity: 'warning',
        scope: 'row',
        sheet,
        rowNo,
        column: c.total ? colLabel(c.total) : null,
        message: `итоговый балл ${primary === null ? 'не указан' : 'равен 0'}, а баллы за задания в сумме дают ${sum}; загружена сумма ${sum}.`,
      });
      primary = sum;
    }

    let mark = fileMark;
    let fromScale = false;
    if (mark === null) {
      const m = this.meta;
      mark = this.ctx.vprMark(scaleYear(m), m.subject, m.kimGrade, primary);
      if (mark === null) {
        throw new FileRejected(
          `Нет шкалы перевода первичных баллов в отметки для ВПР «${m.subject}», ${m.kimGrade} класс (КИМ), ${m.schoolYear} учебный год (ВПР ${m.vprYear}${m.autumn ? `, осень: шкала КИМ ВПР ${m.vprYear}, учебный год шкалы ${scaleYear(m)}` : ''}): в файле нет отметок, а шкалы для этой работы в системе нет. Загрузите шкалу перевода для этого года и повторите загрузку файла.`,
        );
      }
      fromScale = true;
    }
    const v1 = cellText(at(c.variant)),
      v2 = cellText(at(c.variant2));
    const loaded = this.emit(
      key,
      {
        ...base,
        status: 'present',
        variant: (v2 && v2 !== v1 ? `${v1}/${v2}` : v1) || null,
        primaryScore: primary,
        mark,
        markFromScale: fromScale,
        taskScores: scores,
      },
      journalBad,
    );
    if (!loaded) return;
    this.present++;
    // An impossible total (above the work's maximum) was excluded by the loader. Layouts without a maximum («балл за
    // N», «a-N-grade») have nothing to compare against; a total that differs from the task sum is then only counted
    // (real exports differ in some rows) — docs/formats.md.
    if (c.tasks.length > 0 && primary !== sum) {
      this.totalDiffers++;
      this.firstDiffer ??= `${rowRef(sheet, rowNo)}: итоговый балл ${primary}, сумма баллов за задания ${sum}`;
    }
  }

  /** Emits a converted row; false (and counted as excluded) when the loader's range checks left it out. */
  private emit(key: string, p: PupilResult, journalBad: string | null): boolean {
    if (!this.ctx.emitPupil(p)) {
      this.excluded++;
      return false;
    }
    this.seen.set(key, rowRef(p.sheet, p.rowNo));
    this.emitted++;
    if (journalBad !== null) this.unusableJournal.add(journalBad, p.sheet, p.rowNo, this.cols.journal);
    return true;
  }

  /** Final progress, the summary warnings (unusable journal marks, totals), and rejection when nothing was loaded. */
  finish(): void {
    this.ctx.progress(this.read);
    for (const i of this.unusableJournal.issues()) this.ctx.issue(i);
    if (this.totalDiffers > 0) {
      this.ctx.issue({
        severity: 'warning',
        scope: 'file',
        sheet: this.lastSheet,
        rowNo: null,
        column: this.cols.total ? colLabel(this.cols.total) : null,
        message: `${workName(this.meta)}: в ${this.totalDiffers} ${plural(this.totalDiffers, ['строке', 'строках', 'строках'])} итоговый балл не совпадает с суммой баллов за задания (первая — ${this.firstDiffer}); загружен итоговый балл из файла.`,
      });
    }
    if (this.emitted === 0)
      throw new FileRejected(`${workName(this.meta)}: в файле нет ни одной строки с результатами, прошедшей проверку.`);
  }
}
