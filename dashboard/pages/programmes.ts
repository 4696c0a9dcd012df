// The committee's «Программы» page: every supported school × indicator as a traffic light (colour and words), the
// roadmap and exit-criteria counts, and «помогает ли программа» per programme and for the district.
import type { Session } from '../auth/session.js';
import { pathKey } from '../charts/index.js';
import { PROG_STATUS, type ProgStatus } from '../charts/programme.js';
import type { EffectRow } from '../data/programme.js';
import { type MatrixItem, type MatrixRow, type ProgrammesOverview, programmesJson } from '../data/programmes.js';
import { fmtInt } from '../format/numbers.js';
import { fmtUnit } from '../format/units.js';
import { PageCharts } from '../html/chart.js';
import { type Html, html } from '../html/escape.js';
import { page } from '../html/layout.js';
import { effectNote, effectTable, progBadge, ruleText } from './programme-parts.js';

/** One year of one series: the status in words and colour, «факт / план»; a year still ahead shows the plan only. */
function cell(i: MatrixItem | undefined, year: string, now: string | null, unit: string): Html {
  if (!i) return html`<td class="tl tl-none"></td>`;
  const f = (v: number | null) => fmtUnit(v, unit);
  if (i.status === 'baseline') {
    const base = i.baseline ?? i.actual;
    const passport =
      i.baseline_origin === 'measured' && i.passport_baseline !== null && f(i.passport_baseline) !== f(base)
        ? i.passport_baseline
        : null;
    return html`<td class="tl tl-baseline${i.baseline_differs ? ' tl-differs' : ''}" title="${i.reason}"><span class="tl-word">база</span> ${f(base)}${
      passport !== null
        ? html`<br><span class="tl-passport">по паспорту ${f(passport)}${i.baseline_differs ? html` <abbr title="база паспорта и база Ориентира расходятся больше допустимого">≠</abbr>` : ''}</span>`
        : ''
    }</td>`;
  }
  if (i.status === 'no_data' && i.actual === null && now !== null && year > now)
    return html`<td class="tl tl-plan" title="${i.reason}">план ${f(i.planned)}</td>`;
  return html`<td class="tl tl-${i.status}" title="${i.reason}"><span class="tl-word">${PROG_STATUS[i.status]}</span>
    <span class="tl-values">${i.actual === null ? `план ${f(i.planned)}` : `${f(i.actual)} / ${f(i.planned)}`}</span></td>`;
}

/** The school's block header; the справка (print) names the school without a link: a printed page has nowhere to go. */
function schoolCell(r: MatrixRow, o: ProgrammesOverview, print: boolean): Html {
  const now = o.year ? r.series.map((x) => x.byYear[o.year!]).filter((x): x is MatrixItem => !!x) : [];
  const n = (st: ProgStatus) => now.filter((x) => x.status === st).length;
  return html`<th scope="rowgroup" rowspan="${Math.max(1, r.series.length)}" class="school">
    ${print ? html`<strong>${r.school_name}</strong>` : html`<a href="/schools/${encodeURIComponent(r.school_code)}/programme">${r.school_name}</a>`}
    <div class="muted">${r.start_year ?? ''}${r.end_year ? ` – ${r.end_year}` : ''}</div>
    ${now.length ? html`<div>${o.year}: ${(['on_track', 'at_risk', 'off_track', 'no_data'] as ProgStatus[]).filter((st) => n(st) > 0).map((st, k) => html`${k ? ', ' : ''}${PROG_STATUS[st]} — ${fmtInt(n(st))}`)}</div>` : ''}
    <div class="${r.roadmap.overdue > 0 ? 'overdue-text' : ''}">Дорожная карта: выполнено ${fmtInt(r.roadmap.done)} из ${fmtInt(r.roadmap.total)}${r.roadmap.overdue > 0 ? `, просрочено ${fmtInt(r.roadmap.overdue)}` : ''}</div>
    ${r.exit ? html`<div>Критерии выхода: ${fmtInt(r.exit.met)} из ${fmtInt(r.exit.total)} (${r.exit.year})</div>` : ''}</th>`;
}

function matrix(o: ProgrammesOverview, print: boolean): Html {
  if (o.rows.length === 0) return html`<p class="muted">Программы ОО ещё не загружены.</p>`;
  const body = o.rows.map((r: MatrixRow) => {
    if (r.series.length === 0)
      return html`<tbody class="school-block"><tr>${schoolCell(r, o, print)}<td colspan="${o.years.length + 1}" class="muted">Показатели программы не загружены.</td></tr></tbody>`;
    return html`<tbody class="school-block">${r.series.map(
      (x, i) => html`<tr data-school="${r.school_code}">${i === 0 ? schoolCell(r, o, print) : ''}
      <th scope="row" class="indicator">${x.caption}${x.detail ? html`<br><span class="muted">${x.detail}</span>` : ''}${x.custom ? html`<br><span class="muted">собственный показатель ОО</span>` : ''}</th>
      ${o.years.map((y) => cell(x.byYear[y], y, o.year, x.unit))}</tr>`,
    )}</tbody>`;
  });
  return html`<div class="table-wrap" id="matrix"><table class="data matrix">
    <caption>Светофор программ: строка — показатель программы ОО, столбец — учебный год. В ячейке — статус словами и «факт / план»;
      цвет повторяет статус (зелёный — в графике, жёлтый — под угрозой, красный — отстаёт, серый — нет данных или базовый год,
      белый — год ещё впереди, показан план). В базовом году вычисляемого показателя — база по данным Ориентира, от неё считаются план и статус;
      «по паспорту» — число паспорта, если оно другое («≠» — расхождение больше допустимого). Наведите указатель на ячейку, чтобы увидеть пояснение.</caption>
    <thead><tr><th scope="col">ОО</th><th scope="col">Показатель</th>${o.years.map((y) => html`<th scope="col" class="num">${y}</th>`)}</tr></thead>
    ${body}</table></div>`;
}

function effectSection(o: ProgrammesOverview, charts: PageCharts): Html {
  const print = charts.print;
  if (o.effect.length === 0)
    return html`<p class="muted">Сравнение пока невозможно: нужны результаты хотя бы за один год до и один год после начала программ.</p>`;
  const outcomes = [...new Set(o.effect.map((e) => e.outcome))];
  const json = programmesJson(o);
  return html`${effectNote(o.thresholds)}${outcomes.map((out) => {
    const rows = o.effect.filter((e: EffectRow) => e.outcome === out);
    const district = rows.find((r) => r.school_code === null);
    return html`<figure class="chart" id="effect-${out.replace(/[^\w-]/g, '_')}"><figcaption>${rows[0]!.outcome_caption}</figcaption>
      ${district ? html`<p><strong>По муниципалитету:</strong> ${district.evidence} (ОО с программами: ${fmtInt(district.n_treated ?? rows.length - 1)}, похожих ОО в сравнении: ${fmtInt(district.n_controls)}).</p>` : ''}
      ${charts.slot({ kind: 'programme-effect', src: '/api/programmes', path: `effect.${pathKey(out)}.points`, opts: { caption: rows[0]!.outcome_caption, unit: rows[0]!.unit } }, json)}
      <details class="alt"${print ? html` open` : ''}><summary>Таблица значений</summary>${effectTable(rows, { anonymous: false, named: true, print })}</details></figure>`;
  })}`;
}

export function programmesPage(o: ProgrammesOverview, s: Session, print: boolean): string {
  const c = o.counts;
  const charts = new PageCharts(print);
  const body = html`
    <h1>${print ? 'Справка: ' : ''}Программы поддержки ОО</h1>
    <p class="lead">ОО с программами (антирисковыми программами): ${fmtInt(o.rows.length)}.${
      o.year
        ? html` Показатели в ${o.year} (последний год с фактом):
      ${(['on_track', 'at_risk', 'off_track', 'no_data'] as ProgStatus[]).map((k, i) => html`${i ? ', ' : ''}${progBadge(k)} ${fmtInt(c[k])}`)}.`
        : ''
    }</p>
    ${o.notBuilt ? html`<p class="notice">Витрины программ ещё не собраны: данные появятся после пересборки витрин (страница «Задания»).</p>` : ''}
    ${
      print
        ? ''
        : html`<p class="actions noprint"><a href="/export/programmes.xlsx">Отчёт для совещания (Excel)</a> ·
      <a href="/programmes?print=1">Версия для печати (A4)</a> ·
      <a href="/templates/programme.xlsx">Шаблон программы (Excel)</a></p>`
    }
    <section><h2>Светофор: ОО × показатели по годам</h2>${matrix(o, print)}${ruleText(o.thresholds, print)}</section>
    <section><h2>Помогает ли поддержка: сравнение с похожими ОО</h2>${effectSection(o, charts)}</section>`;
  return page({ title: 'Программы', session: s, active: '/programmes', body, print, charts });
}
