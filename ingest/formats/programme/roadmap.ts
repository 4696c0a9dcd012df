// «Дорожная карта» and standalone roadmap tables laid out like the seeds: № | Мероприятие | Сроки | Ответственные |
// Ожидаемый результат (| Статус | Подтверждение). A row holding one text only (in «№», or merged across the row)
// is a section heading; a «Раздел» column, when present, names the section of each row instead.

import { STATUS_LIST, statusOf } from '../../../domain/measure-statuses.js';
import { measureId, parseDeadline } from '../../../domain/measures.js';
import { cellText, normText } from '../../read/values.js';
import type { Cell, RoadmapMeasure, SheetRow } from '../../types.js';
import { isBlank, locateHeader } from '../table.js';
import { type ProgrammeParse, schoolRefOf } from './common.js';
import { MEASURE_COLUMNS, type MeasureKey } from './layout.js';

export function roadmapHeader(rows: Cell[][]) {
  const h = locateHeader(rows, MEASURE_COLUMNS);
  // «Мероприятие» and «Сроки» alone are too common; one more roadmap column is needed.
  return h && ['no', 'responsible', 'expected', 'status', 'section'].some((k) => h.cols.has(k as MeasureKey))
    ? h
    : null;
}

export function roadmapScore(rows: Cell[][]): number {
  const h = roadmapHeader(rows);
  return h ? Math.min(0.95, 0.7 + 0.05 * h.cols.size) : 0;
}

/** Ids for the measures of a parse: the same school, section and title repeated get #2, #3 … in file order. */
export function assignMeasureIds(measures: RoadmapMeasure[]): void {
  const count = new Map<string, number>();
  for (const m of measures) {
    const key = [normText(m.schoolRef), normText(m.section ?? ''), normText(m.title)].join('|');
    const n = (count.get(key) ?? 0) + 1;
    count.set(key, n);
    m.measureId = measureId(m.schoolRef, m.section, m.title, n);
  }
}

/** Text of a row that is a section heading, else null. */
function sectionText(cells: Cell[], cols: Map<MeasureKey, number>): string | null {
  const texts = [...new Set(cells.map((c) => cellText(c)).filter((t) => t !== ''))];
  if (texts.length !== 1) return null;
  const t = texts[0]!;
  const where = cells.map((c, i) => (cellText(c) === t ? i : -1)).filter((i) => i >= 0);
  // One cell in «Мероприятие» alone is a measure without other details, not a heading.
  if (where.length === 1 && where[0] === cols.get('title')) return null;
  if (where.length === 1 && where[0] === cols.get('no') && /^\d+[.)]?$/.test(t)) return null;
  return t
    .replace(/<\/?b>/g, '')
    .replace(/\s+/g, ' ')
    .trim();
}

export function parseRoadmap(p: ProgrammeParse, sheet: string, rows: SheetRow[], measures: RoadmapMeasure[]): boolean {
  const h = roadmapHeader(rows.map((r) => r.cells));
  if (!h) return false;
  const header = rows[h.index]!.cells;
  const col = (k: MeasureKey) => h.cols.get(k) ?? null;
  const get = (cells: Cell[], k: MeasureKey): string => {
    const c = col(k);
    return c === null
      ? ''
      : cellText(cells[c])
          .replace(/[ \t]+/g, ' ')
          .trim();
  };
  // Standalone tables: the school from a cell above the header or from the file name (see common.ts).
  let section: string | null = null;
  for (const { rowNo, cells } of rows.slice(h.index + 1)) {
    if (isBlank(cells)) continue;
    const heading = sectionText(cells, h.cols);
    if (heading !== null) {
      section = heading;
      continue;
    }
    const before = p.rep.errors;
    const fail = (k: MeasureKey, text: string) => p.rep.error(sheet, header, rowNo, col(k), text);
    const title = get(cells, 'title');
    if (!title) {
      fail('title', 'не указано мероприятие.');
      continue;
    }
    const deadlineText = get(cells, 'deadline');
    const d = parseDeadline(deadlineText, p.span);
    if (!d.ok) fail('deadline', d.message);
    else if (d.note) p.rep.warning(sheet, header, rowNo, col('deadline'), d.note);
    const statusText = get(cells, 'status');
    const status = statusOf(statusText);
    if (statusText && !status)
      fail('status', `статус «${statusText}» не распознан; допустимые статусы: ${STATUS_LIST}.`);
    if (p.rep.errors !== before) continue;
    const own = col('section') !== null ? get(cells, 'section') : '';
    measures.push({
      sheet,
      rowNo,
      schoolRef: schoolRefOf(col('code') === null ? null : cells[col('code')!]) || p.schoolRef,
      measureId: '',
      section: own || section,
      title,
      deadline: d.ok ? d.date : null,
      deadlineText: deadlineText || null,
      responsible: get(cells, 'responsible') || null,
      expectedResult: get(cells, 'expected') || null,
      status,
      evidence: get(cells, 'evidence') || null,
    });
  }
  return true;
}
