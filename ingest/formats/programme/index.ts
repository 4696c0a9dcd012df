// FormatModule «programme-workbook»: the programme template (passport, indicators, roadmap, actuals) and each of its
// sheets as a standalone file, e.g. a roadmap table laid out like the seeds. The workbook loads all or nothing: any
// row error rejects the file, since a partial passport or roadmap would replace the complete one.

import { plural } from '../../../domain/text.js';
import { issueText } from '../../issues.js';
import { normText } from '../../read/values.js';
import type { Cell, FormatModule, RoadmapMeasure, SheetRow, WorkbookProbe } from '../../types.js';
import { FileRejected } from '../../types.js';
import { readAll } from '../table.js';
import { actualsHeader, parseActuals } from './actuals.js';
import { type ProgrammeParse, Reporter, refFromCells, refFromFileName } from './common.js';
import { indicatorHeader, parseIndicators, readCatalogueSheet } from './indicators-sheet.js';
import { SHEET } from './layout.js';
import { parsePassport, passportScore } from './passport.js';
import { assignMeasureIds, parseRoadmap, roadmapHeader, roadmapScore } from './roadmap.js';

type Kind = 'passport' | 'indicators' | 'roadmap' | 'actuals' | 'catalogue';
const BY_NAME = new Map<string, Kind>(Object.entries(SHEET).map(([k, v]) => [normText(v), k as Kind]));

/** The sheet's kind and where its table header is (-1 for key-value sheets); null when it is none of ours. */
function kindOf(name: string, rows: Cell[][]): { kind: Kind; header: number } | null {
  const named = BY_NAME.get(normText(name));
  if (named === 'catalogue') return { kind: 'catalogue', header: -1 };
  const ind = indicatorHeader(rows);
  if (ind && (!named || named === 'indicators')) return { kind: 'indicators', header: ind.index };
  const act = actualsHeader(rows);
  if (act && (!named || named === 'actuals')) return { kind: 'actuals', header: act.index };
  const road = roadmapHeader(rows);
  if (road && (!named || named === 'roadmap')) return { kind: 'roadmap', header: road.index };
  if ((named === 'passport' || !named) && passportScore(rows) > 0) return { kind: 'passport', header: -1 };
  return named ? { kind: named, header: -2 } : null; // -2: our sheet name, but its header is missing
}

function detect(probe: WorkbookProbe): number {
  let best = 0;
  for (const s of probe.sheets) {
    const k = kindOf(s.name, s.rows);
    if (!k || k.kind === 'catalogue') continue;
    const named = BY_NAME.has(normText(s.name));
    const score =
      k.header === -2
        ? 0.6
        : named
          ? 0.98
          : k.kind === 'indicators'
            ? 0.92
            : k.kind === 'actuals'
              ? 0.9
              : k.kind === 'roadmap'
                ? roadmapScore(s.rows)
                : passportScore(s.rows);
    best = Math.max(best, Math.min(score, 0.98));
  }
  const names = new Set(probe.sheets.map((s) => normText(s.name)));
  if (names.has(normText(SHEET.catalogue)) && names.has(normText(SHEET.indicators))) best = Math.max(best, 0.98); // the template, even empty
  return best;
}

const ORDER: Kind[] = ['catalogue', 'passport', 'indicators', 'roadmap', 'actuals'];
const WANTED: Record<Exclude<Kind, 'catalogue' | 'passport'>, string> = {
  indicators: '«Показатель», «Базовое значение» и столбцы «Цель 2024/25» …',
  roadmap: '«№», «Мероприятие», «Сроки», «Ответственные», «Ожидаемый результат»',
  actuals: '«Учебный год», «Период», «Показатель», «Значение»',
};

export const programmeWorkbook: FormatModule = {
  id: 'programme-workbook',
  title: 'Программа ОО (паспорт, показатели, дорожная карта, факт)',
  detect,
  async parse(book, ctx) {
    const rep = new Reporter(book, ctx);
    const p: ProgrammeParse = { book, ctx, rep, schoolRef: '', span: {}, customs: new Map(), emittedCustom: new Set() };
    const sheets: { name: string; rows: SheetRow[]; kind: Kind; header: number }[] = [];
    let total = 0;
    for (const s of book.sheets) {
      const rows = await readAll(s);
      total += rows.length;
      const k = kindOf(
        s.name,
        rows.map((r) => r.cells),
      );
      if (!k) continue;
      if (k.header === -2) {
        if (rows.length > 1 && k.kind !== 'passport')
          rep.error(
            s.name,
            null,
            rows[0]!.rowNo,
            null,
            `не найдена шапка таблицы: нужны столбцы ${WANTED[k.kind as keyof typeof WANTED]}. Не переименовывайте заголовки шаблона.`,
          );
        continue;
      }
      sheets.push({ name: s.name, rows, ...k });
    }
    sheets.sort((a, b) => ORDER.indexOf(a.kind) - ORDER.indexOf(b.kind));
    if (sheets.filter((s) => s.kind === 'passport').length > 1)
      throw new FileRejected('в файле несколько листов «Паспорт»: загрузите по одному файлу на программу ОО.');
    if (!sheets.some((s) => s.kind !== 'catalogue'))
      throw new FileRejected(
        `не найдено ни одного листа программы: нужен лист «${SHEET.passport}», «${SHEET.indicators}» (${WANTED.indicators}), «${SHEET.roadmap}» (${WANTED.roadmap}) или «${SHEET.actuals}» (${WANTED.actuals}).`,
      );
    const measures: RoadmapMeasure[] = [];
    for (const s of sheets) {
      if (s.kind === 'catalogue') {
        readCatalogueSheet(p, s.rows);
        continue;
      }
      if (s.kind === 'passport') {
        parsePassport(p, s.name, s.rows);
        continue;
      }
      // Standalone tables: the school from a cell above the table or from the file name.
      if (!p.schoolRef)
        p.schoolRef =
          refFromCells(s.rows.slice(0, s.header).map((r) => r.cells)) ?? refFromFileName(book.fileName) ?? '';
      if (s.kind === 'indicators') parseIndicators(p, s.name, s.rows);
      else if (s.kind === 'roadmap') parseRoadmap(p, s.name, s.rows, measures);
      else parseActuals(p, s.name, s.rows);
    }
    assignMeasureIds(measures);
    for (const m of measures) ctx.emitMeasure(m);
    ctx.progress(total);
    if (rep.errors > 0)
      throw new FileRejected(
        `${rep.errors} ${plural(rep.errors, ['ошибка', 'ошибки', 'ошибок'])} в данных программы (первая — ${issueText(rep.first!, { inline: true })}). Файл программы загружается только целиком: исправьте ошибки и загрузите файл снова.`,
      );
  },
};

export {
  DEFAULT_STATUS,
  isMeasureStatus,
  MEASURE_STATUSES,
  STATUS_CAPTION,
  STATUS_LIST,
  statusOf,
} from '../../../domain/measure-statuses.js';
export { type DeadlineResult, measureId, type ProgrammeSpan, parseDeadline } from '../../../domain/measures.js';
export { assignMeasureIds } from './roadmap.js';
export {
  buildProgrammeTemplate,
  PROGRAMME_TEMPLATE_FILE,
  type ProgrammeTemplateOptions,
  programmeTemplateBuffer,
  type TemplateActual,
  type TemplateIndicator,
  type TemplateMeasure,
  writeProgrammeTemplate,
} from './template.js';
