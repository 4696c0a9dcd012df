// «Факт»: values of the indicators the school reports, per term or for the year. Computed indicators are skipped
// with a warning (they come from the ingested results); the school's own ones must be known from «Показатели» or
// «Справочник» of the same workbook.

import { INDICATORS } from '../../../domain/indicators.js';
import { cellText, currentSchoolYearStart } from '../../read/values.js';
import type { Cell, SheetRow } from '../../types.js';
import { isBlank, locateHeader } from '../table.js';
import { emitCustom, type ProgrammeParse, schoolRefOf, startOf } from './common.js';
import { ACTUAL_COLUMNS, type ActualKey } from './layout.js';
import { resolveIndicator } from './resolve.js';
import { readSchoolYear, readTerm, readValue } from './values.js';

const REPORTED_LIST = INDICATORS.filter((i) => i.origin === 'reported')
  .map((i) => `«${i.caption}»`)
  .join(', ');

export function actualsHeader(rows: Cell[][]) {
  const h = locateHeader(rows, ACTUAL_COLUMNS);
  return h?.cols.has('term') ? h : null;
}

export function parseActuals(p: ProgrammeParse, sheet: string, rows: SheetRow[]): boolean {
  const h = actualsHeader(rows.map((r) => r.cells));
  if (!h) return false;
  const header = rows[h.index]!.cells;
  const col = (k: ActualKey) => h.cols.get(k) ?? null;
  const get = (cells: Cell[], k: ActualKey): Cell | undefined => {
    const c = col(k);
    return c === null ? undefined : cells[c];
  };
  const seen = new Map<string, number>();
  for (const { rowNo, cells } of rows.slice(h.index + 1)) {
    if (isBlank(cells)) continue;
    const before = p.rep.errors;
    const fail = (k: ActualKey, text: string) => p.rep.error(sheet, header, rowNo, col(k), text);
    const y = readSchoolYear(get(cells, 'year'));
    if (!y.ok) fail('year', y.message);
    else if (!y.value) fail('year', 'не указан учебный год.');
    else if (startOf(y.value) > currentSchoolYearStart()) fail('year', `${y.value} учебный год ещё не начался.`);
    const term = readTerm(get(cells, 'term'));
    if (!term.ok) fail('term', term.message);
    const caption = cellText(get(cells, 'indicator')).replace(/\s+/g, ' ');
    if (!caption) {
      fail('indicator', 'не указан показатель.');
      continue;
    }
    const r = resolveIndicator(caption, null, null, p.customs);
    if (r.kind === 'unknown') {
      fail(
        'indicator',
        `показатель «${caption}» не найден ни в справочнике, ни среди своих показателей ОО на листах «Показатели» и «Справочник». Показатели, которые сообщает ОО: ${REPORTED_LIST}.`,
      );
      continue;
    }
    if (r.kind === 'catalogue' && r.ind.origin === 'computed') {
      p.rep.warning(
        sheet,
        header,
        rowNo,
        col('indicator'),
        `показатель «${r.ind.caption}» вычисляется по загруженным результатам; значение из файла не загружено.`,
      );
      continue;
    }
    const id = r.kind === 'catalogue' ? r.ind.id : r.def.id;
    const unit = r.kind === 'catalogue' ? r.ind.unit : r.def.unit;
    const v = readValue(unit, get(cells, 'value'));
    if (!v.ok) fail('value', v.message);
    else if (v.value === null) fail('value', 'не указано значение.');
    if (p.rep.errors !== before || !y.ok || !term.ok || !v.ok) continue;
    const ref = schoolRefOf(get(cells, 'code')) || p.schoolRef;
    const key = [ref, y.value, term.value, id].join('|');
    if (seen.has(key)) {
      fail(
        'indicator',
        `значение «${caption}» за ${term.value ? `${term.value} четверть` : 'год'} ${y.value} уже указано в строке ${seen.get(key)}.`,
      );
      continue;
    }
    seen.set(key, rowNo);
    if (r.kind === 'custom') emitCustom(p, sheet, rowNo, ref, r.def);
    p.ctx.emitReported({
      sheet,
      rowNo,
      schoolRef: ref,
      schoolYear: y.value!,
      term: term.value,
      indicator: id,
      value: v.value!,
    });
  }
  return true;
}
