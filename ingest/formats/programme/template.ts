// The programme workbook template «Шаблон программы.xlsx» (exceljs): «Паспорт» with the instructions, «Показатели»
// (baseline and targets per year), «Дорожная карта», «Факт» (reported values) and «Справочник» (the catalogue and
// the lists behind the drop-downs). Options pre-fill a school and its programme (dashboard download, demo, tests).
import type { Writable } from 'node:stream';
import ExcelJS from 'exceljs';
import type { IndicatorDirection, IndicatorUnit } from '../../../domain/indicators.js';
import {
  customIndicatorId,
  DIRECTION_CAPTION,
  INDICATORS,
  ORIGIN_CAPTION,
  UNIT_CAPTION,
} from '../../../domain/indicators.js';
import type { MeasureStatus } from '../../../domain/measure-statuses.js';
import { MEASURE_STATUSES, STATUS_CAPTION } from '../../../domain/measure-statuses.js';
import { currentSchoolYearStart, normText, yearLabel } from '../../read/values.js';
import { SUBJECTS } from '../../subjects.js';
import type { CustomDef } from './common.js';
import {
  ACTUAL_COLUMNS,
  CATALOGUE_COLUMNS,
  INDICATOR_COLUMNS,
  MEASURE_COLUMNS,
  PASSPORT_FIELDS,
  PERIOD_OPTIONS,
  SHEET,
  targetCaption,
} from './layout.js';
import { resolveIndicator } from './resolve.js';

export const PROGRAMME_TEMPLATE_FILE = 'Шаблон программы.xlsx';

export interface ProgrammeTemplateOptions {
  school?: { code: string; name?: string | null } | null;
  passport?: { name: string; startYear: string; endYear?: string | null; goal?: string | null } | null;
  /** Target-year columns; default: the passport's years, else the current school year and the next two. */
  years?: string[];
  indicators?: TemplateIndicator[];
  roadmap?: TemplateMeasure[];
  actuals?: TemplateActual[];
  /** The school's own indicators, listed in «Справочник» so a later «Факт»-only upload knows them. */
  customIndicators?: { caption: string; unit: IndicatorUnit; direction: IndicatorDirection }[];
  now?: Date;
}
export interface TemplateIndicator {
  indicator: string; // catalogue id or caption; other text = the school's own indicator (unit and direction required)
  unit?: IndicatorUnit | null;
  direction?: IndicatorDirection | null;
  subject?: string | null;
  grade?: number | null;
  baselineYear?: string | null;
  baseline?: number | null; // in the indicator's unit, shares as fractions 0..1
  targets?: Record<string, number | null>; // school year → planned value
}
export interface TemplateMeasure {
  section?: string | null;
  title: string;
  deadline?: string | null;
  responsible?: string | null;
  expectedResult?: string | null;
  status?: MeasureStatus | null;
  evidence?: string | null;
}
export interface TemplateActual {
  schoolYear: string;
  term: number | null;
  indicator: string;
  value: number;
}

const INSTRUCTIONS = [
  'Как заполнить шаблон',
  '1. «Паспорт»: код ОО (как в реестре или логин ФИС ОКО), наименование программы, первый и последний учебный год (например, 2024/25 и 2026/27), цель.',
  '2. «Показатели»: одна строка на показатель. Выберите показатель из списка (лист «Справочник») или впишите свой — тогда заполните «Единица» и «Направление» («выше — лучше» или «ниже — лучше»).',
  '3. «Предмет» и «Класс» — только для показателей с разбивкой по предметам и классам (например, «Средняя отметка ВПР»).',
  '4. «Базовый год» и «Базовое значение» — исходный уровень, от которого считается продвижение; «Цель …» — значение, которого нужно достичь к концу учебного года.',
  '5. Доли можно вводить в процентах («32%» или «32») или в долях единицы («0,32»); «не менее 80%» читается как 80 %. Учебный год — «2024/25»; просто «2025» не принимается (неясно, какой учебный год имеется в виду).',
  '6. «Дорожная карта»: мероприятие, срок («ноябрь 2024», «до 18.11.2024», «в течение года»), ответственные, ожидаемый результат, статус из списка и подтверждение (документ, ссылка).',
  '7. «Факт»: значения показателей, которые сообщает ОО (в справочнике — «сообщает ОО» или «свой показатель ОО»), по четвертям или за год. Вычисляемые показатели (КУ, ОУ, ВПР, ОГЭ, ЕГЭ …) заполнять не нужно — они считаются по загруженным данным.',
  '8. Повторная загрузка исправленного файла заменяет прежние данные этой ОО: паспорт, показатели, дорожную карту (статусы, отмеченные на сайте, сохраняются, если в файле статус не указан) и факт за те же год и период.',
  '9. Не переименовывайте листы и заголовки столбцов; пустые листы можно оставить.',
];

const HEADER_FILL: ExcelJS.Fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFDDE7F0' } };
const yearsBetween = (a: string, b: string): string[] => {
  const s = Number(a.slice(0, 4)),
    e = Number(b.slice(0, 4));
  return e >= s && e - s <= 10 ? Array.from({ length: e - s + 1 }, (_, i) => yearLabel(s + i)) : [a];
};
/** Excel number format for a value in its unit (shares are stored as fractions and shown as %). */
function numFmt(unit: IndicatorUnit, v: number): string {
  if (unit === 'share') return Number.isInteger(Math.round(v * 1e6) / 1e4) ? '0%' : '0.0%';
  return unit === 'count' ? '0' : unit === 'index' ? '0.000' : unit === 'mark' ? '0.00' : '0.0';
}
/** Range validations (exceljs supports them; its typings do not). */
const validate = (ws: ExcelJS.Worksheet, range: string, v: ExcelJS.DataValidation): void => {
  (ws as unknown as { dataValidations: { add(r: string, v: ExcelJS.DataValidation): void } }).dataValidations.add(
    range,
    v,
  );
};
const q = (s: string): string => `'${s.replace(/'/g, "''")}'`;

function header(
  ws: ExcelJS.Worksheet,
  captions: readonly string[],
  widths: number[],
  notes: Record<number, string> = {},
): void {
  const row = ws.getRow(1);
  captions.forEach((c, i) => {
    const cell = row.getCell(i + 1);
    cell.value = c;
    cell.font = { bold: true };
    cell.fill = HEADER_FILL;
    cell.alignment = { wrapText: true, vertical: 'top' };
    if (notes[i]) cell.note = notes[i]!;
  });
  ws.columns = widths.map((width) => ({ width }));
  ws.views = [{ state: 'frozen', ySplit: 1 }];
}

const list = (formula: string, strict = false): ExcelJS.DataValidation => ({
  type: 'list',
  allowBlank: true,
  formulae: [formula],
  showErrorMessage: strict,
  ...(strict
    ? { errorStyle: 'stop', errorTitle: 'Значение не из списка', error: 'Выберите значение из раскрывающегося списка.' }
    : {}),
});

/** The template as an exceljs workbook (for callers that add sheets or stream it themselves). */
export async function buildProgrammeTemplate(opts: ProgrammeTemplateOptions = {}): Promise<ExcelJS.Workbook> {
  const now = opts.now ?? new Date();
  const p = opts.passport ?? null;
  const years = new Set(
    opts.years ??
      (p
        ? yearsBetween(p.startYear, p.endYear ?? p.startYear)
        : [0, 1, 2].map((i) => yearLabel(currentSchoolYearStart(now) + i))),
  );
  for (const i of opts.indicators ?? [])
    for (const [y, v] of Object.entries(i.targets ?? {})) if (v !== null && v !== undefined) years.add(y);
  const targetYears = [...years].sort();
  const allYears = new Set<string>(targetYears);
  for (let y = currentSchoolYearStart(now) - 6; y <= currentSchoolYearStart(now) + 5; y++) allYears.add(yearLabel(y));
  for (const i of opts.indicators ?? []) if (i.baselineYear) allYears.add(i.baselineYear);
  for (const a of opts.actuals ?? []) allYears.add(a.schoolYear);
  const yearList = [...allYears].sort();

  const wb = new ExcelJS.Workbook();
  wb.creator = 'Ориентир';
  wb.created = wb.modified = now;

  // «Справочник»: the catalogue, the school's own indicators, then the lists for the drop-downs.
  // Captions resolved as the parser will read them back (resolve.ts), so a filled template round-trips.
  const custom = new Map<string, CustomDef>();
  for (const c of opts.customIndicators ?? [])
    custom.set(normText(c.caption), { id: customIndicatorId(c.caption), ...c });
  const rows = (opts.indicators ?? []).map((t) => {
    const r = resolveIndicator(t.indicator, t.unit ?? null, t.direction ?? null, custom);
    if (r.kind === 'unknown')
      throw new Error(`Свой показатель «${t.indicator}»: для шаблона нужны единица (unit) и направление (direction).`);
    const def = r.kind === 'catalogue' ? r.ind : r.def;
    if (r.kind === 'custom') custom.set(normText(def.caption), r.def);
    return { t, caption: def.caption, unit: def.unit, direction: def.direction };
  });
  const catRows: (string | null)[][] = [
    ...INDICATORS.map((i) => [
      i.caption,
      UNIT_CAPTION[i.unit],
      DIRECTION_CAPTION[i.direction],
      ORIGIN_CAPTION[i.origin],
      i.bySubject ? (i.byGrade ? 'по предметам и классам' : 'по предметам') : '',
      i.text,
      i.id,
    ]),
    ...[...custom.values()].map((c) => [
      c.caption,
      UNIT_CAPTION[c.unit],
      DIRECTION_CAPTION[c.direction],
      ORIGIN_CAPTION.custom,
      '',
      'Показатель, заданный ОО.',
      '',
    ]),
  ];
  const lists: string[][] = [
    [...SUBJECTS],
    yearList,
    MEASURE_STATUSES.map((s) => s.caption),
    [...PERIOD_OPTIONS],
    Object.values(UNIT_CAPTION),
    Object.values(DIRECTION_CAPTION),
  ];
  const catRange = `${q(SHEET.catalogue)}!$A$2:$A$${catRows.length + 1}`;
  const listRange = (j: number) => {
    const col = String.fromCharCode(73 + j);
    return `${q(SHEET.catalogue)}!$${col}$2:$${col}$${lists[j]!.length + 1}`;
  };

  // «Паспорт» and the instructions beside it.
  const pass = wb.addWorksheet(SHEET.passport);
  pass.columns = [{ width: 36 }, { width: 70 }, { width: 3 }, { width: 110 }];
  pass.getCell('A1').value = 'Паспорт программы';
  pass.getCell('A1').font = { bold: true, size: 14 };
  const values: Record<string, string | null | undefined> = {
    code: opts.school?.code,
    schoolName: opts.school?.name,
    name: p?.name,
    startYear: p?.startYear,
    endYear: p?.endYear,
    goal: p?.goal,
  };
  PASSPORT_FIELDS.forEach((f, i) => {
    const r = pass.getRow(3 + i);
    r.getCell(1).value = f.caption;
    r.getCell(1).font = { bold: true };
    const v = r.getCell(2);
    v.numFmt = '@';
    v.alignment = { wrapText: true, vertical: 'top' };
    if (values[f.key]) v.value = values[f.key]!;
    if (f.key === 'startYear' || f.key === 'endYear') v.dataValidation = list(listRange(1));
  });
  INSTRUCTIONS.forEach((t, i) => {
    const c = pass.getCell(1 + i, 4);
    c.value = t;
    c.alignment = { wrapText: true, vertical: 'top' };
    if (i === 0) c.font = { bold: true, size: 12 };
  });

  // «Показатели».
  const ind = wb.addWorksheet(SHEET.indicators);
  const indCaptions = [
    ...INDICATOR_COLUMNS.filter((c) => c.key !== 'code').map((c) => c.caption),
    ...targetYears.map(targetCaption),
  ];
  header(ind, indCaptions, [60, 12, 16, 18, 8, 12, 12, ...targetYears.map(() => 13)], {
    0: 'Выберите из списка или впишите свой показатель (тогда заполните «Единица» и «Направление»).',
    2: 'Только для своих показателей: «выше — лучше» или «ниже — лучше».',
    5: 'Учебный год, в котором измерено базовое значение, например 2023/24.',
    6: 'Доли — в процентах («32%», «32») или долях («0,32»).',
  });
  rows.forEach(({ t, caption, unit, direction }, i) => {
    const r = ind.getRow(2 + i);
    r.getCell(1).value = caption;
    r.getCell(2).value = UNIT_CAPTION[unit];
    r.getCell(3).value = DIRECTION_CAPTION[direction];
    if (t.subject) r.getCell(4).value = t.subject;
    if (t.grade !== null && t.grade !== undefined) r.getCell(5).value = t.grade;
    if (t.baselineYear) r.getCell(6).value = t.baselineYear;
    const put = (col: number, v: number | null | undefined) => {
      if (v === null || v === undefined) return;
      const c = r.getCell(col);
      c.value = v;
      c.numFmt = numFmt(unit, v);
    };
    put(7, t.baseline);
    targetYears.forEach((y, j) => put(8 + j, t.targets?.[y]));
    r.getCell(1).alignment = { wrapText: true, vertical: 'top' };
  });
  const indLast = Math.max(200, (opts.indicators?.length ?? 0) + 100);
  validate(ind, `A2:A${indLast}`, list(catRange));
  validate(ind, `B2:B${indLast}`, list(listRange(4), true));
  validate(ind, `C2:C${indLast}`, list(listRange(5), true));
  validate(ind, `D2:D${indLast}`, list(listRange(0)));
  validate(ind, `E2:E${indLast}`, {
    type: 'whole',
    operator: 'between',
    allowBlank: true,
    formulae: [1, 11],
    showErrorMessage: true,
    errorStyle: 'stop',
    error: 'Класс — целое число от 1 до 11.',
  });
  validate(ind, `F2:F${indLast}`, list(listRange(1)));
  for (let r = 2; r <= indLast; r++) ind.getCell(r, 6).numFmt = '@';

  // «Дорожная карта».
  const road = wb.addWorksheet(SHEET.roadmap);
  header(
    road,
    MEASURE_COLUMNS.filter((c) => c.key !== 'code')
      .map((c) => c.caption)
      .sort((a, b) => ROAD_ORDER.indexOf(a) - ROAD_ORDER.indexOf(b)),
    [6, 30, 60, 22, 30, 40, 16, 40],
    {
      3: 'Например: «ноябрь 2024», «до 18.11.2024», «в течение года», «2024/25».',
      6: 'Выберите из списка; пусто — статус, отмеченный на сайте, сохранится.',
    },
  );
  let no = 0,
    lastSection: string | null | undefined;
  (opts.roadmap ?? []).forEach((m, i) => {
    no = m.section === lastSection ? no + 1 : 1;
    lastSection = m.section;
    const vals = [
      no,
      m.section ?? null,
      m.title,
      m.deadline ?? null,
      m.responsible ?? null,
      m.expectedResult ?? null,
      m.status ? STATUS_CAPTION[m.status] : null,
      m.evidence ?? null,
    ];
    vals.forEach((v, j) => {
      if (v !== null && v !== '') {
        const c = road.getCell(2 + i, 1 + j);
        c.value = v;
        c.alignment = { wrapText: true, vertical: 'top' };
      }
    });
  });
  const roadLast = Math.max(300, (opts.roadmap?.length ?? 0) + 100);
  validate(road, `G2:G${roadLast}`, list(listRange(2), true));

  // «Факт».
  const fact = wb.addWorksheet(SHEET.actuals);
  header(
    fact,
    ACTUAL_COLUMNS.filter((c) => c.key !== 'code').map((c) => c.caption),
    [12, 14, 60, 12],
    { 1: '«1 четверть» … «4 четверть» или «год».' },
  );
  (opts.actuals ?? []).forEach((a, i) => {
    const r0 = resolveIndicator(a.indicator, null, null, custom);
    const known = r0.kind === 'catalogue' ? r0.ind : r0.kind === 'custom' ? r0.def : null;
    const unit = known?.unit ?? 'count';
    const r = fact.getRow(2 + i);
    r.getCell(1).value = a.schoolYear;
    r.getCell(2).value = a.term === null ? 'год' : `${a.term} четверть`;
    r.getCell(3).value = known?.caption ?? a.indicator;
    r.getCell(4).value = a.value;
    r.getCell(4).numFmt = numFmt(unit, a.value);
  });
  const factLast = Math.max(400, (opts.actuals?.length ?? 0) + 200);
  validate(fact, `A2:A${factLast}`, list(listRange(1)));
  validate(fact, `B2:B${factLast}`, list(listRange(3), true));
  validate(fact, `C2:C${factLast}`, list(catRange));
  for (let r = 2; r <= factLast; r++) fact.getCell(r, 1).numFmt = '@';

  // «Справочник» last.
  const cat = wb.addWorksheet(SHEET.catalogue);
  header(
    cat,
    [...CATALOGUE_COLUMNS, '', 'Предметы', 'Учебные годы', 'Статусы', 'Периоды', 'Единицы', 'Направления'],
    [60, 12, 16, 20, 16, 80, 22, 3, 26, 14, 16, 14, 12, 16],
  );
  catRows.forEach((r, i) =>
    r.forEach((v, j) => {
      if (v) {
        const c = cat.getCell(2 + i, 1 + j);
        c.value = v;
        c.alignment = { wrapText: j === 0 || j === 5, vertical: 'top' };
      }
    }),
  );
  lists.forEach((l, j) =>
    l.forEach((v, i) => {
      const c = cat.getCell(2 + i, 9 + j);
      c.value = v;
      c.numFmt = '@';
    }),
  );
  return wb;
}
const ROAD_ORDER = [
  '№',
  'Раздел',
  'Мероприятие',
  'Сроки',
  'Ответственные',
  'Ожидаемый результат',
  'Статус',
  'Подтверждение (документ, ссылка)',
];

export async function programmeTemplateBuffer(opts: ProgrammeTemplateOptions = {}): Promise<Buffer> {
  return Buffer.from(await (await buildProgrammeTemplate(opts)).xlsx.writeBuffer());
}

/** Writes the template to a path or a stream (e.g. an HTTP response). */
export async function writeProgrammeTemplate(
  target: string | Writable,
  opts: ProgrammeTemplateOptions = {},
): Promise<void> {
  const wb = await buildProgrammeTemplate(opts);
  if (typeof target === 'string') await wb.xlsx.writeFile(target);
  else await wb.xlsx.write(target);
}
