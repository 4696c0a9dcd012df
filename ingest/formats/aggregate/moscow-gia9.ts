// data.mos.ru «Результаты ГИА» 2015, ОГЭ (formats.md §3.2): global_id, system_object_id, ExamDate, SubjectName,
// PassedQuantity, AVGScore — every cell text ('14.0', '3.79'). One row ≈ one school × exam.
//
// No school identifier survives in this export: system_object_id is a hash that differs on every row (7 471 rows,
// 7 471 values), so it identifies the row, not the school. It is still used as schoolRef (level 'school') so
// each row stays addressable; rows cannot be linked to the registry or to each other across subjects.

import { cellText, schoolYearOfDate, toNumber } from '../../read/values.js';
import { canonicalSubject, unknownSubject } from '../../subjects.js';
import type { FormatModule, WorkbookProbe } from '../../types.js';
import { columnIndexes, eachTable, exactColumns, headerHits, shown } from '../table.js';
import { aggregate, isoFromDotted } from './common.js';

const NAMES = {
  globalId: 'global_id',
  objectId: 'system_object_id',
  date: 'ExamDate',
  subject: 'SubjectName',
  passed: 'PassedQuantity',
  avg: 'AVGScore',
};
const COLUMNS = exactColumns(NAMES, ['passed', 'subject']);

function detect(probe: WorkbookProbe): number {
  const hits = headerHits(probe.sheets, exactColumns(NAMES), 5);
  return hits >= 5 ? 0.97 : hits >= 3 ? 0.6 : 0;
}

export const moscowGia9: FormatModule = {
  id: 'moscow-gia9-2015',
  title: 'data.mos.ru: результаты ГИА-9 (ОГЭ) 2015 по экзаменам',
  detect,
  async parse(book, ctx) {
    await eachTable(
      book,
      ctx,
      COLUMNS,
      5,
      async (t, sheet) => {
        const { rep, data } = t;
        const c = columnIndexes(t.cols, COLUMNS);
        const missing = COLUMNS.filter((s) => s.key !== 'globalId' && c[s.key] < 0).map((s) => `«${s.caption}»`);
        if (missing.length)
          throw rep.rejection(t.headerRow, null, `в выгрузке ГИА нет столбцов ${missing.join(', ')}.`);
        rep.fileWarning(
          null,
          'system_object_id',
          'в выгрузке ГИА-9 нет идентификатора школы: system_object_id свой у каждой строки, поэтому строки загружены как отдельные «ОО» и не связываются с реестром.',
        );
        for (const { rowNo, cells } of data) {
          let bad = false;
          const fail = (col: number, text: string) => {
            bad = true;
            rep.error(rowNo, col, text);
          };
          const ref = cellText(cells[c.objectId]);
          if (!ref) fail(c.objectId, 'пустой system_object_id — строка пропущена.');
          const dateText = cellText(cells[c.date]);
          const examDate = isoFromDotted(dateText);
          if (!examDate) fail(c.date, `дата экзамена «${dateText}» не распознана (ожидается дд.мм.гггг).`);
          const subjectText = cellText(cells[c.subject]);
          const subject = canonicalSubject(subjectText);
          if (!subject) fail(c.subject, `${unknownSubject(subjectText)}.`);
          const passed = toNumber(cells[c.passed]);
          if (passed === null || !Number.isInteger(passed) || passed < 0)
            fail(c.passed, `«${shown(cells[c.passed])}» — число сдававших должно быть целым неотрицательным.`);
          const avgText = cellText(cells[c.avg]);
          const avg = avgText ? toNumber(cells[c.avg]) : null;
          if (avgText && (avg === null || avg < 2 || avg > 5))
            fail(c.avg, `средняя отметка «${avgText}» вне диапазона 2–5.`);
          if (bad) continue;
          ctx.emitAggregate({
            ...aggregate({
              sheet: sheet.name,
              rowNo,
              level: 'school',
              schoolRef: ref,
              name: `ОО без названия в источнике (${ref.slice(0, 8)}…)`,
              assessment: 'ОГЭ',
              schoolYear: schoolYearOfDate(examDate!),
              subject: subject!,
            }),
            grade: 9,
            examDate,
            participants: passed,
            meanMark: avg,
            extra: {
              global_id: c.globalId < 0 ? null : cellText(cells[c.globalId]) || null,
              source_subject: subjectText,
            },
          });
        }
        ctx.progress(data.length);
      },
      'Не найдена шапка выгрузки ГИА data.mos.ru: нужны столбцы «system_object_id», «ExamDate», «SubjectName», «PassedQuantity», «AVGScore».',
    );
  },
};
