// Subject, КИМ grade and year of a ВПР file: from content where the layout has it, otherwise from the file name;
// then the session rule: spring ВПР of year Y → school year (Y-1)/Y; autumn 2020 (КИМ N written by grade N+1) → 2020/21.

import { yearLabel } from '../../read/values.js';
import { unknownSubject } from '../../subjects.js';
import type { ParseContext, Work, Workbook } from '../../types.js';
import { FileRejected } from '../../types.js';
import { type ScoreColumns, workColumns } from './columns.js';
import { NAMING_RULE, parseFileName, subjectPhrase } from './file-name.js';

export interface VprMeta {
  subject: string;
  kimGrade: number;
  grade: number;
  schoolYear: string;
  vprYear: number;
  autumn: boolean;
}

/** What the file's content says; `source` names it in messages («заголовок отчёта», «теги groups»). */
export interface ContentMeta {
  subject?: string | null;
  subjectText?: string | null;
  kimGrade?: number | null;
  grade?: number | null;
  vprYear?: number | null;
  autumn?: boolean | null;
  source: string;
}

type Key = 'subject' | 'kimGrade' | 'vprYear';
const WHAT: Record<Key, string> = { subject: 'предмет', kimGrade: 'класс', vprYear: 'год ВПР' };

export function resolveMeta(book: Workbook, content: ContentMeta, ctx: ParseContext): VprMeta {
  const name = parseFileName(book.fileName);
  const pick = <K extends Key>(k: K): NonNullable<ContentMeta[K]> | null => {
    const c = content[k] ?? null,
      n = name[k] ?? null;
    if (c !== null && n !== null && c !== n) {
      ctx.issue({
        severity: 'warning',
        scope: 'file',
        sheet: null,
        rowNo: null,
        column: null,
        message: `В имени файла «${book.fileName}» ${WHAT[k]} — «${n}», а в содержимом (${content.source}) — «${c}»; взято из содержимого.`,
      });
    }
    return (c ?? n) as NonNullable<ContentMeta[K]> | null;
  };
  const subject = pick('subject'),
    kimGrade = pick('kimGrade'),
    vprYear = pick('vprYear');
  if (subject === null) unknownSubjectIn(book, content);
  const missing = (['subject', 'kimGrade', 'vprYear'] as const)
    .filter((k) => ({ subject, kimGrade, vprYear })[k] === null)
    .map((k) => WHAT[k]);
  if (subject === null || kimGrade === null || vprYear === null) {
    throw new FileRejected(
      `Не удалось определить ${missing.join(', ')}: в самом файле этих сведений нет, а имя файла «${book.fileName}» их не содержит. ${NAMING_RULE}`,
    );
  }
  const autumn = content.autumn ?? (vprYear === 2020 && kimGrade <= 8);
  const named = content.kimGrade != null ? (content.grade ?? content.kimGrade) : (name.grade ?? kimGrade);
  return {
    subject,
    kimGrade,
    vprYear,
    autumn,
    grade: autumn ? kimGrade + 1 : named,
    schoolYear: autumn ? yearLabel(vprYear) : yearLabel(vprYear - 1),
  };
}

/** A subject is named (in the content or in the ФИС ОКО file name) but is not one we know: say which and list the known. */
function unknownSubjectIn(book: Workbook, content: ContentMeta): void {
  const inContent = content.subjectText?.trim();
  const phrase = inContent ? null : subjectPhrase(book.fileName);
  if (!inContent && !phrase) return;
  const where = inContent ? `Файл «${book.fileName}» (${content.source}): ` : `Файл «${book.fileName}»: в имени файла `;
  throw new FileRejected(
    `${where}${unknownSubject(inContent ?? phrase!)}. ` +
      'Если в названии предмета опечатка, исправьте её (в имени файла — так, как пишет ФИС ОКО: «по математике», «по истории»); если это новый предмет ВПР, сообщите администратору.',
  );
}

/** The work of a ВПР table; its maximum is the declared one, else the sum of the task maxima when all are known. */
export function vprWork(
  meta: VprMeta,
  cols: ScoreColumns,
  maxScore: number | null = null,
  examDate: string | null = null,
): Work {
  const tasks = cols.tasks;
  const taskMax = tasks.map((t) => t.max);
  const sum =
    taskMax.every((m) => m !== null) && taskMax.length > 0 ? taskMax.reduce<number>((a, m) => a + m!, 0) : null;
  return {
    assessment: 'ВПР',
    schoolYear: meta.schoolYear,
    subject: meta.subject,
    kimGrade: meta.kimGrade,
    grade: meta.grade,
    examDate,
    maxScore: maxScore ?? sum,
    taskLabels: tasks.map((t) => t.label),
    taskMax,
    session: meta.autumn ? 'осень' : 'весна',
    columns: workColumns(cols),
  };
}

/**
 * The school year whose scale converts the work's scores: that of the ВПР's КИМ (ВПР of year Y → (Y−1)/Y), for the
 * autumn sitting too — autumn 2020 wrote the ВПР-2020 КИМ, so its scale is 2019/20 and not spring 2021's (2020/21).
 */
export const scaleYear = (m: VprMeta): string => yearLabel(m.vprYear - 1);

/** «ВПР «География», 10 класс (КИМ 10), 2020/21» for messages; the autumn sitting named («осень 2020»). */
export const workName = (m: VprMeta): string =>
  `ВПР «${m.subject}», ${m.grade} класс${m.grade !== m.kimGrade ? ` (КИМ ${m.kimGrade} класса)` : ''}, ${m.schoolYear} уч. г.${m.autumn ? `, осень ${m.vprYear}` : ''}`;
