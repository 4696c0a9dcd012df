// /export/programmes.xlsx — the report for meetings: traffic lights of one year, plan vs actual over the years,
// roadmaps (overdue highlighted), exit criteria, the comparison with similar schools, and the rules in words.
// Text cells are neutralised (no formula can run); numbers carry the format of their indicator's unit.
import type { DuckDBConnection } from '@duckdb/node-api';
import ExcelJS from 'exceljs';
import type { MeasureStatus } from '../../domain/measure-statuses.js';
import { STATUS_CAPTION } from '../../domain/measure-statuses.js';
import { neutralise } from '../../transforms/export.js';
import { PROG_STATUS } from '../charts/programme.js';
import { unitNumFmt } from '../format/units.js';
import { asStatus, effectRow, exitRow, loadThresholds, MIN_ANONYMOUS_CONTROLS, soft } from './programme.js';
import { bool, num, type Row, str } from './sql.js';

const FILL: Record<string, string> = {
  on_track: 'FFC8E6C9',
  at_risk: 'FFFFE9A8',
  off_track: 'FFF8C4C0',
  no_data: 'FFE0E0E0',
  baseline: 'FFF2F2F2',
};
const OVERDUE_FILL = 'FFFBE3E1';
/** Comparisons built on fewer other schools are not shown to a school head (as on the page). */

type Cell = string | number | boolean | null;
interface Col {
  title: string;
  width: number;
  wrap?: boolean;
}

function sheet(wb: ExcelJS.Workbook, name: string, cols: Col[]): ExcelJS.Worksheet {
  const ws = wb.addWorksheet(name);
  ws.columns = cols.map((c) => ({ width: c.width }));
  const head = ws.addRow(cols.map((c) => c.title));
  head.font = { bold: true };
  head.alignment = { vertical: 'top', wrapText: true };
  head.eachCell((c) => {
    c.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFDCE6F1' } };
  });
  ws.views = [{ state: 'frozen', ySplit: 1 }];
  ws.autoFilter = { from: { row: 1, column: 1 }, to: { row: 1, column: cols.length } };
  cols.forEach((c, i) => {
    if (c.wrap) ws.getColumn(i + 1).alignment = { wrapText: true, vertical: 'top' };
  });
  return ws;
}

function add(
  ws: ExcelJS.Worksheet,
  values: Cell[],
  o: { unitCols?: number[]; unit?: string; fill?: string; fillCol?: number } = {},
): ExcelJS.Row {
  const row = ws.addRow(values.map((v) => (typeof v === 'boolean' ? (v ? 'да' : 'нет') : neutralise(v))));
  for (const i of o.unitCols ?? []) row.getCell(i + 1).numFmt = unitNumFmt(o.unit ?? 'index');
  if (o.fill) {
    const cells = o.fillCol === undefined ? values.map((_, i) => i) : [o.fillCol];
    for (const i of cells) row.getCell(i + 1).fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: o.fill } };
  }
  return row;
}

const statusText = (s: unknown) => PROG_STATUS[asStatus(s)];
const detail = (r: Row) =>
  [str(r.subject), num(r.grade) !== null ? `${num(r.grade)} кл.` : null].filter(Boolean).join(', ') || null;

export interface ExportScope {
  school: string | null;
  year?: string;
  anonymous: boolean;
}

export async function programmesWorkbook(
  conn: DuckDBConnection,
  scope: ExportScope,
): Promise<{ buffer: Buffer; rows: number }> {
  const missing = { value: false };
  const [progress, roadmap, exit, effect, years, thresholds] = await Promise.all([
    soft(conn, 'programmes-progress-all', {}, missing),
    soft(conn, 'programmes-roadmap-all', {}, missing),
    soft(conn, 'programmes-exit-all', {}, missing),
    soft(conn, 'programme-effect', {}, missing),
    soft(conn, 'programmes-years', {}, missing),
    loadThresholds(conn),
  ]);
  const mine = (r: Row) => scope.school === null || r.school_code === scope.school;
  const yearList = years.map((r) => String(r.school_year));
  const year =
    scope.year && yearList.includes(scope.year)
      ? scope.year
      : String(years.find((r) => bool(r.has_actual))?.school_year ?? yearList[0] ?? '');
  const wb = new ExcelJS.Workbook();
  wb.creator = 'Ориентир';
  let rows = 0;

  const base: Col[] = [
    { title: 'ОО', width: 28, wrap: true },
    { title: 'Код ОО', width: 10 },
    { title: 'Показатель', width: 36, wrap: true },
    { title: 'Предмет, класс', width: 18 },
  ];
  const light = sheet(wb, `Светофор ${year}`.replace('/', '-').slice(0, 31), [
    ...base,
    { title: 'База', width: 10 },
    { title: 'План', width: 10 },
    { title: 'Факт', width: 10 },
    { title: 'Статус', width: 14 },
    { title: 'Пояснение', width: 70, wrap: true },
  ]);
  for (const r of progress.filter((x) => mine(x) && String(x.school_year) === year)) {
    add(
      light,
      [
        str(r.school_name),
        str(r.school_code),
        str(r.caption),
        detail(r),
        num(r.baseline),
        num(r.planned),
        num(r.actual),
        statusText(r.status),
        str(r.status_reason),
      ],
      { unitCols: [4, 5, 6], unit: String(r.unit), fill: FILL[asStatus(r.status)], fillCol: 7 },
    );
    rows++;
  }
  const all = sheet(wb, 'План и факт', [
    ...base,
    { title: 'Учебный год', width: 11 },
    { title: 'База', width: 10 },
    { title: 'Год базы', width: 10 },
    { title: 'План', width: 10 },
    { title: 'Цель паспорта', width: 9 },
    { title: 'Факт', width: 10 },
    { title: 'n', width: 7 },
    { title: 'Пройдено пути к плану', width: 12 },
    { title: 'Статус', width: 14 },
    { title: 'Пояснение', width: 60, wrap: true },
    { title: 'База по паспорту', width: 10 },
    { title: 'База по данным Ориентира (отчёту ОО)', width: 12 },
    { title: 'Статус считается от базы', width: 12 },
    { title: 'Базы расходятся больше допустимого', width: 12 },
    { title: 'План по паспорту', width: 10 },
  ]);
  for (const r of progress.filter(mine)) {
    const row = add(
      all,
      [
        str(r.school_name),
        str(r.school_code),
        str(r.caption),
        detail(r),
        str(r.school_year),
        num(r.baseline),
        str(r.baseline_year),
        num(r.planned),
        bool(r.planned_explicit),
        num(r.actual),
        num(r.n),
        num(r.progress),
        statusText(r.status),
        str(r.status_reason),
        num(r.passport_baseline),
        num(r.measured_baseline),
        r.baseline_origin === 'measured' ? 'измеренной' : r.baseline_origin === 'passport' ? 'паспорта' : null,
        bool(r.baseline_differs),
        num(r.planned_passport),
      ],
      { unitCols: [5, 7, 9, 14, 15, 18], unit: String(r.unit), fill: FILL[asStatus(r.status)], fillCol: 12 },
    );
    row.getCell(12).numFmt = '0%';
    rows++;
  }
  const road = sheet(wb, 'Дорожные карты', [
    { title: 'ОО', width: 28, wrap: true },
    { title: 'Код ОО', width: 10 },
    { title: 'Раздел', width: 26, wrap: true },
    { title: 'Мероприятие', width: 50, wrap: true },
    { title: 'Срок', width: 18, wrap: true },
    { title: 'Срок (дата)', width: 12 },
    { title: 'Ответственные', width: 24, wrap: true },
    { title: 'Ожидаемый результат', width: 36, wrap: true },
    { title: 'Статус', width: 14 },
    { title: 'Просрочено', width: 11 },
    { title: 'Подтверждение', width: 40, wrap: true },
    { title: 'Изменено', width: 18 },
    { title: 'Кем', width: 14 },
  ]);
  for (const r of roadmap.filter(mine)) {
    const overdue = bool(r.overdue);
    add(
      road,
      [
        str(r.school_name),
        str(r.school_code),
        str(r.section),
        str(r.title),
        str(r.deadline_text),
        str(r.deadline)?.slice(0, 10) ?? null,
        str(r.responsible),
        str(r.expected_result),
        STATUS_CAPTION[String(r.status) as MeasureStatus] ?? str(r.status),
        overdue,
        str(r.evidence),
        str(r.updated_at)?.slice(0, 16) ?? null,
        str(r.updated_by),
      ],
      overdue ? { fill: OVERDUE_FILL } : {},
    );
    rows++;
  }
  const ex = sheet(wb, 'Критерии выхода', [
    { title: 'ОО', width: 28, wrap: true },
    { title: 'Код ОО', width: 10 },
    { title: 'Учебный год', width: 11 },
    { title: 'Критерий', width: 60, wrap: true },
    { title: 'Значение', width: 10 },
    { title: 'Порог', width: 10 },
    { title: 'Осталось до порога', width: 12 },
    { title: 'Выполнен', width: 10 },
  ]);
  for (const raw of exit.filter(mine)) {
    const e = exitRow(raw);
    add(
      ex,
      [str(raw.school_name), str(raw.school_code), e.school_year, e.criterion, e.value, e.threshold, e.distance, e.met],
      { unitCols: [4, 5, 6], unit: e.unit, fill: e.met ? FILL.on_track : FILL.off_track, fillCol: 7 },
    );
    rows++;
  }
  const eff = sheet(wb, 'Помогает ли программа', [
    { title: 'Показатель', width: 30, wrap: true },
    { title: 'ОО', width: 28, wrap: true },
    { title: 'Код ОО', width: 10 },
    { title: 'Программа', width: 30, wrap: true },
    { title: 'Начало', width: 10 },
    { title: 'Годы до', width: 16 },
    { title: 'Годы после', width: 16 },
    { title: 'Изменение ОО', width: 11 },
    { title: 'Изменение похожих ОО', width: 11 },
    { title: 'Разность (эффект)', width: 11 },
    { title: '95% ДИ: от', width: 10 },
    { title: '95% ДИ: до', width: 10 },
    { title: 'ОО с программой', width: 9 },
    { title: 'Похожих ОО', width: 9 },
    { title: 'Группа сравнения', width: 30, wrap: true },
    { title: 'Что показывают данные', width: 30, wrap: true },
    { title: 'Подробно', width: 70, wrap: true },
  ]);
  for (const e of effect
    .map(effectRow)
    .filter((x) => x.school_code === null || scope.school === null || x.school_code === scope.school)) {
    const hide = scope.anonymous && (e.n_controls ?? 0) < MIN_ANONYMOUS_CONTROLS;
    add(
      eff,
      [
        e.outcome_caption,
        e.school_code === null ? 'Все ОО с программами' : e.school_name,
        e.school_code,
        e.programme_name,
        e.start_year,
        e.pre_years,
        e.post_years,
        e.treated_change,
        hide ? null : e.control_change,
        hide ? null : e.effect,
        hide ? null : e.ci_lo,
        hide ? null : e.ci_hi,
        e.school_code === null ? e.n_treated : 1,
        e.n_controls,
        e.control_group,
        hide ? `похожих ОО меньше ${MIN_ANONYMOUS_CONTROLS}: сравнение не показывается` : e.evidence,
        hide ? null : e.evidence_text,
      ],
      { unitCols: [7, 8, 9, 10, 11], unit: e.unit },
    );
    rows++;
  }
  const notes = wb.addWorksheet('Пояснения');
  notes.getColumn(1).width = 120;
  notes.getColumn(1).alignment = { wrapText: true, vertical: 'top' };
  const p = thresholds.atRisk;
  for (const line of [
    'Ориентир: отчёт по программам поддержки ОО для совещания.',
    missing.value ? 'Витрины программ ещё не собраны: листы могут быть пустыми до пересборки витрин.' : '',
    `Статус показателя (правило [R], порог programme_at_risk_progress = ${String(p).replace('.', ',')} в config/methodology.json):`,
    '«в графике» — факт года достиг планового значения (для показателей «лучше — меньше» — не превысил его);',
    `«под угрозой» — план не достигнут, но пройдено не меньше ${Math.round(p * 100)} % пути от базового значения к плановому: (факт − база) / (план − база);`,
    `«отстаёт» — пройдено меньше ${Math.round(p * 100)} % пути или показатель ухудшился; «нет данных» — значения за год нет.`,
    'Одна база на показатель: для показателей, которые вычисляет Ориентир, база — значение базового года по данным Ориентира, план — изменение по паспорту (цель − база паспорта) от этой базы; ' +
      `расхождение базы паспорта и базы Ориентира больше ${String(Math.round(thresholds.baselineTol * 1000) / 10).replace('.', ',')} п. п. (доли) или ${Math.round(thresholds.baselineTolRel * 100)} % значения паспорта (прочие единицы) отмечено. Для отчётных и собственных показателей ОО база — из паспорта.`,
    'Просроченное мероприятие — срок прошёл, а статус «запланировано» или «выполняется».',
    '«Помогает ли программа»: изменение результата ОО после начала программы сравнивается с изменением у похожих ОО без программы (того же типа, поселения и размера) — разность разностей с 95% доверительным интервалом.',
    'Это свидетельство, а не вердикт: если интервал включает ноль, данные не позволяют отличить изменение от изменения у похожих школ; разница может объясняться и другими причинами.',
  ].filter(Boolean))
    notes.addRow([line]);
  return { buffer: Buffer.from(await wb.xlsx.writeBuffer()), rows };
}

/** The committee's programmes report as the weekly reports job writes it (the process root hands it to the jobs). */
export const committeeProgrammesReport = async (conn: DuckDBConnection): Promise<Buffer> =>
  (await programmesWorkbook(conn, { school: null, anonymous: false })).buffer;
