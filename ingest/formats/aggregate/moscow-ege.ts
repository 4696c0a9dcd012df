// data.mos.ru dataset 9722 «Результаты ЕГЭ» by school (formats.md §3.1): one school per line, `;`, quoted,
// trailing `;`. The counts are about the sum of three subjects, so the subject is «ЕГЭ (3 предмета)».
//
// schoolRef = `ID`: the dataset's own school id, stable across its yearly versions (in the 2015-16 file it equals
// system_object_id). `OGRN` identifies the legal entity — after the Moscow mergers one OGRN can cover a whole
// complex of former schools — so it is kept in `extra.ogrn` rather than used as the key.
// `PASSER_UNDER_160` is numerically cumulative (≥ 160 points), hence `extra.passes_160_or_more`.
// AdmArea (округ) and District (район) go to `extra.adm_area` / `extra.district`; grade is 11 (school graduates).

import { cellText, parseSchoolYear, toCode, toNumber } from '../../read/values.js';
import type { FormatModule, WorkbookProbe } from '../../types.js';
import { columnIndexes, eachTable, exactColumns, headerHits, shown } from '../table.js';
import { aggregate } from './common.js';

export const MOSCOW_EGE_SUBJECT = 'ЕГЭ (3 предмета)';

const NAMES = {
  id: 'ID',
  objectId: 'system_object_id',
  globalId: 'global_id',
  admArea: 'AdmArea',
  district: 'District',
  name: 'EDU_NAME',
  ogrn: 'OGRN',
  total: 'PASSED_NUMBER_FULL',
  over220: 'PASSES_OVER_220',
  ge160: 'PASSER_UNDER_160',
  year: 'YEAR',
};
const COLUMNS = exactColumns(NAMES, ['total']);
const KEY_COLUMNS = exactColumns({
  name: NAMES.name,
  total: NAMES.total,
  over220: NAMES.over220,
  ge160: NAMES.ge160,
  year: NAMES.year,
});

function detect(probe: WorkbookProbe): number {
  const hits = headerHits(probe.sheets, KEY_COLUMNS, 5);
  return hits >= 4 ? 0.97 : hits >= 2 ? 0.6 : 0;
}

export const moscowEge: FormatModule = {
  id: 'moscow-ege-9722',
  title: 'data.mos.ru: результаты ЕГЭ по школам Москвы (набор 9722)',
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
        const keyCol = c.id >= 0 ? c.id : c.objectId;
        const missing = [
          ['EDU_NAME', c.name],
          ['YEAR', c.year],
          ['ID', keyCol],
        ]
          .filter(([, i]) => (i as number) < 0)
          .map(([n]) => `«${n}»`);
        if (missing.length) throw rep.rejection(t.headerRow, null, `в наборе 9722 нет столбцов ${missing.join(', ')}.`);
        for (const { rowNo, cells } of data) {
          const count = (col: number, required: boolean): number | null | 'bad' => {
            if (col < 0) return null;
            const t = cellText(cells[col]);
            if (t === '') return required ? 'bad' : null;
            const n = toNumber(cells[col]);
            return n !== null && Number.isInteger(n) && n >= 0 ? n : 'bad';
          };
          const ref = toCode(cells[keyCol]);
          const name = cellText(cells[c.name]).replace(/\s+/g, ' ');
          const schoolYear = parseSchoolYear(cellText(cells[c.year]));
          const total = count(c.total, true),
            over220 = count(c.over220, false),
            ge160 = count(c.ge160, false);
          let bad = false;
          const fail = (col: number, text: string) => {
            bad = true;
            rep.error(rowNo, col, text);
          };
          if (!ref) fail(keyCol, 'не указан идентификатор школы — строка пропущена.');
          if (!name) fail(c.name, 'не указано название школы — строка пропущена.');
          if (!schoolYear) fail(c.year, `учебный год «${shown(cells[c.year])}» не распознан (ожидается 2015-2016).`);
          for (const [v, col] of [
            [total, c.total],
            [over220, c.over220],
            [ge160, c.ge160],
          ] as const)
            if (v === 'bad') fail(col, `«${shown(cells[col])}» — ожидается целое неотрицательное число выпускников.`);
          if (bad || total === 'bad' || over220 === 'bad' || ge160 === 'bad') continue;
          if (
            (over220 !== null && ge160 !== null && over220 > ge160) ||
            (ge160 !== null && total !== null && ge160 > total)
          )
            rep.warning(
              rowNo,
              c.ge160,
              `числа не согласованы: ≥220 баллов — ${over220}, ≥160 баллов — ${ge160}, всего сдавали — ${total} (ожидается ≥220 ≤ ≥160 ≤ всего).`,
            );
          const text = (col: number) => (col < 0 ? null : cellText(cells[col]) || null);
          ctx.emitAggregate({
            ...aggregate({
              sheet: sheet.name,
              rowNo,
              level: 'school',
              schoolRef: ref,
              name,
              assessment: 'ЕГЭ',
              schoolYear: schoolYear!,
              subject: MOSCOW_EGE_SUBJECT,
            }),
            grade: 11,
            participants: total,
            extra: {
              passes_over_220: over220,
              passes_160_or_more: ge160,
              ogrn: text(c.ogrn),
              adm_area: text(c.admArea),
              district: text(c.district),
              global_id: text(c.globalId),
            },
          });
        }
        ctx.progress(data.length);
      },
      'Не найдена шапка набора data.mos.ru 9722: нужны столбцы «ID», «EDU_NAME», «PASSED_NUMBER_FULL», «YEAR».',
    );
  },
};
