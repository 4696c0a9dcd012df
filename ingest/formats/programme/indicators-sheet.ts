// «Показатели»: one row per indicator (× subject × grade) with the baseline and a «Цель <год>» column per school year.
// Catalogue indicators by caption; the school's own ones need «Единица» and «Направление» (then emitIndicator).

import { DIRECTION_CAPTION, directionOf, KNOWN_INDICATORS, UNIT_CAPTION, unitOf } from '../../../domain/indicators.js';
import { cellText, normText, parseSchoolYear, toNumber, yearLabel } from '../../read/values.js';
import { canonicalSubject } from '../../subjects.js';
import type { Cell, SheetRow } from '../../types.js';
import { isBlank, matchColumns } from '../table.js';
import { type CustomDef, emitCustom, type ProgrammeParse, schoolRefOf, startOf } from './common.js';
import { INDICATOR_COLUMNS, type IndicatorKey, TARGET_HEADER } from './layout.js';
import { resolveIndicator } from './resolve.js';
import { readSchoolYear, readValue, rowShareScale, stripQualifier } from './values.js';

/** Target columns of a header: index → school year, or an error text for a header naming a bare year. */
export function targetColumns(header: Cell[], claimed: Set<number>): Map<number, string | { error: string }> {
  const out = new Map<number, string | { error: string }>();
  header.forEach((c, i) => {
    if (claimed.has(i)) return;
    const t = normText(c);
    const m = TARGET_HEADER.exec(t);
    if (!m) return;
    const y = m[1] ? parseSchoolYear(t) : null;
    if (y) out.set(i, y);
    else
      out.set(i, {
        error: `в заголовке «${cellText(c)}» нужен учебный год, например «Цель ${yearLabel(Number(m[3] ?? m[1]) - 1)}» или «Цель ${yearLabel(Number(m[3] ?? m[1]))}».`,
      });
  });
  return out;
}

export function indicatorHeader(
  rows: Cell[][],
): { index: number; cols: Map<IndicatorKey, number>; targets: Map<number, string | { error: string }> } | null {
  for (let i = 0; i < Math.min(rows.length, 30); i++) {
    const cols = matchColumns(rows[i]!, INDICATOR_COLUMNS);
    if (!cols.has('indicator')) continue;
    const targets = targetColumns(rows[i]!, new Set(cols.values()));
    if (targets.size > 0) return { index: i, cols, targets };
  }
  return null;
}

export function parseIndicators(p: ProgrammeParse, sheet: string, rows: SheetRow[]): boolean {
  const h = indicatorHeader(rows.map((r) => r.cells));
  if (!h) return false;
  const header = rows[h.index]!.cells;
  const headerRow = rows[h.index]!.rowNo;
  const col = (k: IndicatorKey) => h.cols.get(k) ?? null;
  const get = (cells: Cell[], k: IndicatorKey): Cell | undefined => {
    const c = col(k);
    return c === null ? undefined : cells[c];
  };
  const years = [...h.targets.entries()];
  for (const [i, y] of years) if (typeof y !== 'string') p.rep.error(sheet, header, headerRow, i, y.error);
  const seen = new Map<string, number>();
  for (const { rowNo, cells } of rows.slice(h.index + 1)) {
    if (isBlank(cells)) continue;
    const errorsBefore = p.rep.errors;
    const fail = (k: IndicatorKey | number, text: string) =>
      p.rep.error(sheet, header, rowNo, typeof k === 'number' ? k : col(k), text);
    const warn = (k: IndicatorKey | number, text: string) =>
      p.rep.warning(sheet, header, rowNo, typeof k === 'number' ? k : col(k), text);
    const caption = cellText(get(cells, 'indicator')).replace(/\s+/g, ' ');
    const valueCells = [get(cells, 'baseline'), ...years.map(([i]) => cells[i])];
    const hasValues = valueCells.some((v) => cellText(v) !== '');
    if (!caption) {
      fail('indicator', 'не указан показатель.');
      continue;
    }
    const unitText = cellText(get(cells, 'unit')),
      dirText = cellText(get(cells, 'direction'));
    const unit = unitOf(unitText),
      direction = directionOf(dirText);
    if (unitText && !unit)
      fail(
        'unit',
        `единица «${unitText}» не распознана: укажите одну из ${Object.values(UNIT_CAPTION)
          .map((u) => `«${u}»`)
          .join(', ')}.`,
      );
    if (dirText && !direction)
      fail('direction', `направление «${dirText}» не распознано: укажите «выше — лучше» или «ниже — лучше».`);
    if (!hasValues && !unitText && !dirText) {
      warn('indicator', `строка «${caption}» без значений пропущена.`);
      continue;
    }
    const r = resolveIndicator(caption, unit, direction, p.customs);
    if (r.kind === 'unknown') {
      fail(
        'indicator',
        `показатель «${caption}» не найден в справочнике${r.similar ? ` (похож на «${r.similar.caption}» — выберите его из списка, если это он)` : ''}. Выберите показатель из списка или, чтобы добавить свой, заполните «Единица» и «Направление». Известные показатели: ${KNOWN_INDICATORS}.`,
      );
      continue;
    }
    const ind =
      r.kind === 'catalogue'
        ? {
            id: r.ind.id,
            caption: r.ind.caption,
            unit: r.ind.unit,
            direction: r.ind.direction,
            bySubject: r.ind.bySubject,
            byGrade: r.ind.byGrade,
          }
        : { ...r.def, bySubject: true, byGrade: true };
    if (r.kind === 'catalogue' && unit && unit !== r.ind.unit)
      warn(
        'unit',
        `у показателя «${r.ind.caption}» единица «${UNIT_CAPTION[r.ind.unit]}» (по справочнику); указанная «${unitText}» не учтена.`,
      );
    if (r.kind === 'catalogue' && direction && direction !== r.ind.direction)
      warn(
        'direction',
        `у показателя «${r.ind.caption}» направление «${DIRECTION_CAPTION[r.ind.direction]}» (по справочнику); указанное не учтено.`,
      );
    if (r.kind === 'custom' && r.similar)
      warn(
        'indicator',
        `показатель «${caption}» загружен как свой показатель ОО (единица или направление отличаются от похожего показателя справочника «${r.similar.caption}»).`,
      );
    const ref = schoolRefOf(get(cells, 'code')) || p.schoolRef;
    const subjectText = cellText(get(cells, 'subject'));
    let subject: string | null = subjectText ? canonicalSubject(subjectText) : null;
    if (subjectText && !subject) fail('subject', `предмет «${subjectText}» не распознан.`);
    const gradeText = cellText(get(cells, 'grade'));
    let grade: number | null = gradeText ? toNumber(get(cells, 'grade')) : null;
    if (gradeText && (grade === null || !Number.isInteger(grade) || grade < 1 || grade > 11))
      fail('grade', `класс «${gradeText}» должен быть целым числом от 1 до 11.`);
    if (subject && !ind.bySubject) {
      warn(
        'subject',
        `показатель «${ind.caption}» считается по ОО в целом, без разбивки по предметам; предмет «${subjectText}» не учтён.`,
      );
      subject = null;
    }
    if (grade !== null && !ind.byGrade) {
      warn('grade', `показатель «${ind.caption}» считается без разбивки по классам; класс ${gradeText} не учтён.`);
      grade = null;
    }
    const scale = ind.unit === 'share' ? rowShareScale(valueCells) : undefined;
    const value = (c: number | null, v: Cell | undefined): number | null => {
      const x = readValue(ind.unit, v, scale);
      if (!x.ok) {
        fail(c ?? 'baseline', x.message);
        return null;
      }
      return x.value;
    };
    const baseline = value(col('baseline'), get(cells, 'baseline'));
    const by = readSchoolYear(get(cells, 'baselineYear'));
    let baselineYear = by.ok ? by.value : null;
    if (!by.ok) fail('baselineYear', by.message);
    if (baseline !== null && !baselineYear && by.ok) {
      if (p.span.startYear) {
        baselineYear = yearLabel(startOf(p.span.startYear) - 1);
        warn('baselineYear', `базовый год не указан; принят ${baselineYear} — год перед началом программы.`);
      } else fail('baselineYear', 'не указан базовый год (например, «2023/24»).');
    }
    const targets: [string, number][] = [];
    for (const [i, y] of years) {
      const v = value(i, cells[i]);
      if (v !== null && typeof y === 'string') targets.push([y, v]);
    }
    if (targets.length === 0 && p.rep.errors === errorsBefore)
      fail(years[0]?.[0] ?? 'indicator', `для показателя «${caption}» не указано ни одной цели (столбцы «Цель …»).`);
    if (baselineYear && targets.some(([y]) => startOf(y) <= startOf(baselineYear!)))
      fail(
        'baselineYear',
        `базовый год ${baselineYear} должен быть раньше годов целей (${targets.map(([y]) => y).join(', ')}).`,
      );
    // Text «1» among shares that are all 0 or 1 may mean 1 %; a number 1 is how Excel stores «100%».
    const shares = [baseline, ...targets.map(([, v]) => v)];
    if (
      scale === 'fraction' &&
      shares.includes(1) &&
      shares.every((v) => v === null || v === 0 || v === 1) &&
      valueCells.some((c) => typeof c === 'string' && cellText(stripQualifier(c)) === '1')
    )
      warn('indicator', 'значение «1» понято как доля 1,0 (100 %); если имелся в виду 1 %, укажите «1%».');
    const key = [ref, ind.id, subject, grade].join('|');
    if (p.rep.errors === errorsBefore && seen.has(key))
      fail(
        'indicator',
        `показатель «${ind.caption}»${subject ? `, ${subject}` : ''}${grade ? `, ${grade} класс` : ''} уже указан в строке ${seen.get(key)}.`,
      );
    if (p.rep.errors !== errorsBefore) continue;
    seen.set(key, rowNo);
    if (r.kind === 'custom') {
      p.customs.set(normText(ind.caption), r.def);
      emitCustom(p, sheet, rowNo, ref, r.def);
    }
    for (const [schoolYear, planned] of targets)
      p.ctx.emitTarget({
        sheet,
        rowNo,
        schoolRef: ref,
        schoolYear,
        indicator: ind.id,
        subject,
        grade,
        planned,
        baseline,
        baselineYear,
      });
  }
  return true;
}

/** «Справочник»: the school's own indicators listed there (source «свой показатель ОО») become known captions. */
export function readCatalogueSheet(p: ProgrammeParse, rows: SheetRow[]): void {
  const head = rows.findIndex((r) => normText(r.cells[0]) === 'показатель');
  if (head < 0) return;
  for (const { cells } of rows.slice(head + 1)) {
    const caption = cellText(cells[0]).replace(/\s+/g, ' ');
    if (!caption || !/^свой/u.test(normText(cells[3]))) continue;
    const unit = unitOf(cellText(cells[1])),
      direction = directionOf(cellText(cells[2]));
    if (!unit || !direction) continue;
    const r = resolveIndicator(caption, unit, direction);
    if (r.kind === 'custom') p.customs.set(normText(caption), r.def as CustomDef);
  }
}
