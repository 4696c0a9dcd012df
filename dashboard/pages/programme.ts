// The «Программа» tab of a school: passport summary, plan vs actual per indicator with status badges and the rule,
// the roadmap (editable), the exit criteria with the distance to each, the comparison with similar schools, uploads.

import { MEASURE_STATUSES } from '../../domain/measure-statuses.js';
import type { Session } from '../auth/session.js';
import { pathKey } from '../charts/index.js';
import type { ProgStatus } from '../charts/programme.js';
import {
  type ExitRow,
  type Measure,
  programmeJson,
  type SchoolProgramme,
  type Series,
  type SeriesPoint,
  seriesLabel,
} from '../data/programme.js';
import type { SchoolInfo } from '../data/school.js';
import { fmtDate } from '../format/dates.js';
import { fmtInt, fmtPct } from '../format/numbers.js';
import { fmtUnit, fmtUnitDelta } from '../format/units.js';
import { PageCharts } from '../html/chart.js';
import { type Html, html } from '../html/escape.js';
import { page } from '../html/layout.js';
import { dataTable } from '../html/table.js';
import { schoolTabs } from '../html/tabs.js';
import {
  baselineNote,
  effectNote,
  effectTable,
  measureBadge,
  overdueBadge,
  progBadge,
  programmeUpload,
  ruleText,
} from './programme-parts.js';
import { roadmapSection } from './programme-roadmap.js';

export interface ProgrammePageData {
  info: SchoolInfo;
  p: SchoolProgramme;
  maxBytes: number;
  message?: { ok: boolean; text: string };
}

const ORIGIN: Record<string, string> = { computed: 'вычисляется по загруженным данным', reported: 'сообщает школа' };

function passportSection(d: ProgrammePageData): Html {
  const { p } = d;
  const counts = (['on_track', 'at_risk', 'off_track', 'no_data'] as ProgStatus[]).map(
    (s) => [s, p.series.filter((x) => x.current?.status === s).length] as const,
  );
  const met = p.exit.filter((e) => e.met).length;
  return html`${p.passports.map(
    (x) => html`<dl class="passport">
      <dt>Программа</dt><dd><strong>${x.programme_name}</strong></dd>
      <dt>Сроки</dt><dd>${x.start_year}${x.end_year ? ` – ${x.end_year}` : ''}</dd>
      ${x.goal ? html`<dt>Цель</dt><dd>${x.goal}</dd>` : ''}</dl>`,
  )}
    <ul class="summary">
      <li>Показателей программы: ${fmtInt(p.series.length)}${p.dataYear ? ` (последний год с фактом — ${p.dataYear})` : ''}:
        ${counts.map(([s, n], i) => html`${i ? ', ' : ''}${progBadge(s)} ${fmtInt(n)}`)}</li>
      <li>Мероприятий дорожной карты: ${fmtInt(p.roadmap.length)}, выполнено ${fmtInt(p.roadmap.filter((m) => m.status === 'done').length)},
        просрочено ${fmtInt(p.roadmap.filter((m) => m.overdue).length)}</li>
      ${p.exit.length ? html`<li>Критериев выхода из списка ШНОР выполнено: ${fmtInt(met)} из ${fmtInt(p.exit.length)} (${p.exit[0]!.school_year})</li>` : ''}
    </ul>`;
}

function seriesFigure(
  s: Series,
  code: string,
  upTo: string | null,
  charts: PageCharts,
  json: unknown,
  t: SchoolProgramme['thresholds'],
): Html {
  const print = charts.print;
  const f = (v: number | null) => fmtUnit(v, s.unit);
  const label = seriesLabel(s);
  const ior = s.points.some((x) => x.orientir_ior !== null);
  const table = dataTable<SeriesPoint>(
    [
      { title: 'Год', value: (x) => x.school_year },
      {
        title: s.planned_adjusted ? 'План (от базы Ориентира)' : 'План',
        value: (x) =>
          x.status === 'baseline' ? 'база' : html`${f(x.planned)}${x.planned_explicit ? ' (цель паспорта)' : ''}`,
        num: true,
      },
      ...(s.planned_adjusted
        ? [
            {
              title: 'План по паспорту',
              value: (x: SeriesPoint) => (x.status === 'baseline' ? f(s.passport_baseline) : f(x.planned_passport)),
              num: true,
            },
          ]
        : []),
      { title: 'Факт', value: (x) => f(x.actual ?? (x.status === 'baseline' ? s.baseline : null)), num: true },
      ...(ior
        ? [{ title: 'ИОР Ориентира [R]', value: (x: SeriesPoint) => fmtUnit(x.orientir_ior, 'index'), num: true }]
        : []),
      { title: 'n', value: (x) => fmtInt(x.n), num: true },
      { title: 'Пройдено пути к плану', value: (x) => fmtPct(x.progress, 0), num: true },
      { title: 'Статус', value: (x) => progBadge(x.status) },
      { title: 'Почему', value: (x) => x.status_reason },
    ],
    s.points,
  );
  const chart = charts.slot(
    {
      kind: 'programme',
      src: `/api/schools/${encodeURIComponent(code)}/programme`,
      path: `series.${pathKey(s.key)}`,
      opts: print
        ? { caption: s.caption, unit: s.unit, direction: s.direction, upTo, width: 340, height: 190 }
        : { caption: s.caption, unit: s.unit, direction: s.direction, upTo },
    },
    json,
  );
  const id = `ind-${s.key.replace(/[^\w-]/g, '_')}`;
  // The справка: the chart only — base, plan, fact and the status's reason are in the summary table above.
  if (print)
    return html`<figure class="chart programme-indicator" id="${id}"><figcaption>${label} ${s.current ? progBadge(s.current.status) : ''}</figcaption>${chart}</figure>`;
  return html`<figure class="chart programme-indicator" id="${id}">
    <figcaption>${label} ${s.current ? progBadge(s.current.status) : ''}</figcaption>
    <p class="note">Базовое значение ${baselineNote(s, f)}${s.baseline_year ? ` (${s.baseline_year})` : ''}; ${s.direction === 'lower-better' ? 'лучше — меньше' : 'лучше — больше'};
      ${ORIGIN[s.origin] ?? 'собственный показатель школы'}.${s.current ? ` ${s.current.school_year}: ${s.current.status_reason}` : ''}</p>
    ${s.baseline_differs ? html`<p class="notice baseline-differs">${differsText(s, t)}</p>` : ''}
    ${chart}
    <details class="alt"><summary>Таблица значений</summary>${table}</details></figure>`;
}

/** The note under a series whose passport baseline is off Ориентир's (or the school's reported) one beyond the tolerance. */
function differsText(s: Series, t: SchoolProgramme['thresholds']): string {
  const tol =
    s.unit === 'share'
      ? `${fmtUnitDelta(t.baselineTol, s.unit, false)}`
      : `${fmtPct(t.baselineTolRel, 0)} значения по паспорту`;
  const measured = s.baseline_origin === 'measured';
  const own = s.origin === 'computed' ? 'данным Ориентира' : 'отчёту школы';
  return (
    `Базовые значения расходятся больше допустимого (${tol}): по паспорту ${fmtUnit(s.passport_baseline, s.unit)}, по ${own} ${fmtUnit(s.measured_baseline, s.unit)}. ` +
    (measured
      ? 'Статус считается от значения Ориентира; план — изменение по паспорту от него. Возможно, паспорт считает показатель иначе (другая методика или другой охват).'
      : 'Статус считается от значения паспорта.')
  );
}

/** The справка's table of every indicator now: base, plan and fact of the latest judged year, status and why. */
function seriesSummary(series: Series[]): Html {
  return dataTable<Series>(
    [
      { title: 'Показатель', value: (x) => seriesLabel(x) },
      {
        title: 'База',
        value: (x) =>
          html`${fmtUnit(x.baseline, x.unit)}${x.baseline_year ? html`<br><span class="muted">${x.baseline_year}</span>` : ''}`,
        num: true,
      },
      { title: 'Год', value: (x) => x.current?.school_year ?? '—', cls: 'nowrap' },
      { title: 'План', value: (x) => fmtUnit(x.current?.planned ?? null, x.unit), num: true },
      { title: 'Факт', value: (x) => fmtUnit(x.current?.actual ?? null, x.unit), num: true },
      {
        title: 'Статус',
        value: (x) =>
          x.current
            ? html`${progBadge(x.current.status)}<br><span class="muted">${x.current.status_reason}</span>`
            : '—',
      },
    ],
    series,
    { cls: 'data series-summary' },
  );
}

/** The справка's roadmap: every measure with its deadline and status (evidence and edits are on the page). */
function roadmapPrint(roadmap: Measure[]): Html {
  if (roadmap.length === 0) return html`<p class="muted">Дорожная карта не загружена.</p>`;
  const count = (st: string) => roadmap.filter((m) => m.status === st).length;
  const overdue = roadmap.filter((m) => m.overdue).length;
  return html`<p>Мероприятий: ${fmtInt(roadmap.length)}; ${MEASURE_STATUSES.map((x) => `${x.caption} — ${fmtInt(count(x.id))}`).join(', ')}.
      ${overdue > 0 ? html`<strong class="overdue-text">Просрочено: ${fmtInt(overdue)}.</strong>` : 'Просроченных нет.'}
      <span class="muted">Ответственные, подтверждения и изменения — на вкладке «Программа».</span></p>
    <table class="data roadmap-print"><thead><tr><th scope="col" class="num">№</th><th scope="col">Мероприятие</th><th scope="col">Срок</th><th scope="col">Статус</th></tr></thead>
    <tbody>${roadmap.map(
      (
        m,
        i,
      ) => html`${m.section && m.section !== roadmap[i - 1]?.section ? html`<tr class="section-row"><th colspan="4" scope="rowgroup">${m.section}</th></tr>` : ''}
      <tr${m.overdue ? html` class="overdue"` : ''}><td class="num">${fmtInt(i + 1)}</td><td>${m.title}</td>
      <td>${m.deadline_text ?? (m.deadline ? fmtDate(m.deadline) : '—')}${m.overdue ? html` ${overdueBadge()}` : ''}</td><td>${measureBadge(m.status)}</td></tr>`,
    )}</tbody></table>`;
}

function exitSection(rows: ExitRow[]): Html {
  if (rows.length === 0)
    return html`<p class="muted">Критерии выхода не рассчитаны: нет данных за учебный год или ОО не в списке ШНОР.</p>`;
  return html`<p>Критерии выхода из списка ШНОР по плану муниципалитета, ${rows[0]!.school_year}. «Осталось» — насколько показатель
    должен измениться, чтобы критерий был выполнен (0 — выполнен).</p>${dataTable(
      [
        { title: 'Критерий', value: (r: ExitRow) => r.criterion },
        { title: 'Значение', value: (r) => fmtUnit(r.value, r.unit), num: true },
        { title: 'Порог', value: (r) => fmtUnit(r.threshold, r.unit), num: true },
        {
          title: 'Осталось',
          value: (r) => (r.distance === null ? '—' : r.met ? '0' : fmtUnitDelta(r.distance, r.unit, false)),
          num: true,
        },
        {
          title: 'Итог',
          value: (r) =>
            r.value === null
              ? html`<span class="badge lvl-none">нет данных</span>`
              : r.met
                ? html`<span class="badge lvl-ok">выполнен</span>`
                : html`<span class="badge lvl-attention">не выполнен</span>`,
        },
      ],
      rows,
      { cls: 'data exit' },
    )}`;
}

export function programmePage(d: ProgrammePageData, s: Session, print: boolean): string {
  const { info, p } = d;
  const code = info.code;
  const committee = s.user.role === 'committee';
  const json = programmeJson(p);
  const charts = new PageCharts(print);
  const empty = p.passports.length === 0 && p.series.length === 0 && p.roadmap.length === 0;
  const body = html`
    <h1>${print ? 'Программа: ' : ''}${info.name}</h1>
    <p class="lead">Код ОО ${code} · программа поддержки (антирисковая программа): план и факт, дорожная карта, критерии выхода</p>
    ${print ? '' : schoolTabs(code, 'programme')}
    ${d.message ? html`<p class="notice ${d.message.ok ? 'ok' : 'error'}" role="status">${d.message.text}</p>` : ''}
    ${p.notBuilt ? html`<p class="notice">Витрины программ ещё не собраны: показатели появятся после пересборки витрин (страница «Задания»).</p>` : ''}
    ${
      print
        ? ''
        : html`<p class="actions noprint"><a href="/schools/${encodeURIComponent(code)}/programme?print=1">Версия для печати (A4)</a> ·
      <a href="/export/programmes.xlsx${committee ? `?school=${encodeURIComponent(code)}` : ''}">Отчёт по программе (Excel)</a> ·
      <a href="/templates/programme.xlsx?school=${encodeURIComponent(code)}">Шаблон программы с текущими данными (Excel)</a></p>`
    }
    ${
      empty
        ? html`<p>Для этой ОО программа ещё не загружена. Скачайте шаблон, заполните паспорт, показатели и дорожную карту и загрузите файл ниже.</p>`
        : html`
    <section><h2>Паспорт программы</h2>${passportSection(d)}</section>
    <section><h2>Показатели: план и факт</h2>
      ${ruleText(p.thresholds, print)}
      ${
        p.series.length
          ? html`<p>Пунктир — план (ромб — целевое значение паспорта), сплошная линия — факт; точка: зелёный круг — «в графике»,
        оранжевый треугольник — «под угрозой», красный квадрат — «отстаёт», серый круг — базовое значение.
        Для показателей, которые Ориентир вычисляет сам, база — значение базового года по данным Ориентира, а план — изменение,
        заложенное в паспорте (цель − база паспорта), от этой базы; число из паспорта показано рядом.</p>
      ${print ? seriesSummary(p.series) : ''}
      <div class="grid2">${p.series.map((x) => seriesFigure(x, code, p.dataYear, charts, json, p.thresholds))}</div>`
          : html`<p class="muted">Показатели программы не загружены.</p>`
      }</section>`
    }
    <section><h2>Дорожная карта</h2>${print ? roadmapPrint(p.roadmap) : roadmapSection(code, p.roadmap, { csrf: s.csrf, editable: true })}</section>
    ${
      empty
        ? ''
        : html`<section><h2>Критерии выхода из списка ШНОР</h2>${exitSection(p.exit)}</section>
    <section><h2>Помогает ли программа: сравнение с похожими ОО</h2>
      ${p.effect.length ? html`${effectNote(p.thresholds)}${effectTable(p.effect, { anonymous: !committee, named: false })}` : html`<p class="muted">Сравнение пока невозможно: нужны результаты хотя бы за один год до и один год после начала программы.</p>`}</section>`
    }
    ${print ? '' : html`<section><h2>Загрузка программы</h2>${programmeUpload(code, d.maxBytes, committee)}</section>`}`;
  return page({
    title: `Программа — ${info.short_name}`,
    session: s,
    active: s.user.role === 'school' ? `/schools/${encodeURIComponent(code)}/programme` : undefined,
    body,
    print,
    charts,
  });
}
