// The committee overview: every school with ИОР and its change, КУ/ОУ on ВПР, flags with reasons, trends;
// client-side sort and filter; the heat map; the «уровень × динамика» grid; flag lists with selected/eligible.
import type { Session } from '../auth/session.js';
import { pathKey } from '../charts/index.js';
import { CHANGE_CUTS, CHANGES, gridCells, LEVEL_CUTS, LEVELS } from '../charts/status-grid.js';
import { HEAT_INDICATORS } from '../data/indicators.js';
import type { Overview, OverviewSchool } from '../data/overview.js';
import { fmtInt, fmtNum, fmtPct, fmtSigned } from '../format/numbers.js';
import { levelBadge, yearLinks } from '../html/badges.js';
import { PageCharts } from '../html/chart.js';
import { type Html, html } from '../html/escape.js';
import { page } from '../html/layout.js';
import { dataTable, figure } from '../html/table.js';
import { reasonText } from './school-sections.js';

/** The JSON the overview's charts read (embedded in the page: the parts its charts draw; served whole as /api/overview). */
export function overviewJson(o: Overview): Record<string, unknown> {
  return {
    ...o,
    trends: Object.fromEntries(o.schools.map((s) => [s.code, s.trend])),
    grid: o.schools.map((s) => ({ name: s.short_name, ior: s.ior, ior_change: s.ior_change })),
  };
}

/** The overview's own query string: the year and, in a store of several municipalities, the one shown. */
const query = (o: Overview): string => `?year=${encodeURIComponent(o.year ?? '')}${moQuery(o.mo)}`;
const moQuery = (mo: string | null): string => (mo ? `&mo=${encodeURIComponent(mo)}` : '');
/** Who the page is about: the municipality of a one-municipality store, the one chosen, or all of them. */
const areaTitle = (o: Overview): string =>
  o.municipalities.length <= 1 ? 'Обзор муниципалитета' : o.mo ? `Обзор: ${o.mo}` : 'Обзор: все муниципалитеты';

/** The municipalities of a store that holds several: each has its own lists and percentiles. */
function municipalityLinks(o: Overview): Html {
  if (o.municipalities.length < 2) return html``;
  const link = (mo: string | null, label: string) =>
    mo === o.mo
      ? html`<strong aria-current="true">${label}</strong>`
      : html`<a href="/?year=${encodeURIComponent(o.year ?? '')}${moQuery(mo)}">${label}</a>`;
  return html`<nav class="years" aria-label="Муниципалитет">Муниципалитет: ${link(null, 'все')} ${o.municipalities.map((m) => link(m, m))}</nav>`;
}

const uniq = (xs: (string | null)[]) =>
  [...new Set(xs.filter((x): x is string => !!x))].sort((a, b) => a.localeCompare(b, 'ru'));

function filters(o: Overview): Html {
  const sel = (name: string, label: string, values: string[]) => html`<label>${label}
    <select data-filter="${name}"><option value="">все</option>${values.map((v) => html`<option value="${v}">${v}</option>`)}</select></label>`;
  return html`<div class="filters noprint" data-filters-for="schools">
    ${sel('type', 'Тип ОО', uniq(o.schools.map((s) => s.school_type)))}
    ${sel('settlement', 'Поселение', uniq(o.schools.map((s) => s.settlement_type)))}
    ${sel('flag', 'Признак', uniq(o.schools.flatMap((s) => s.flags.map((f) => `${f.flag}: ${f.flag_level}`))))}
    <span class="muted" data-filter-count></span></div>`;
}

function flagCell(s: OverviewSchool, print: boolean): Html {
  if (s.flags.length === 0) return html`<span class="muted">нет</span>`;
  // The справка prints every flag with its reason (long lists shortened); the page keeps them folded.
  if (print)
    return html`${s.flags.map((f) => html`<div class="flag-print">${levelBadge(f.flag_level)} <strong>${f.flag}</strong>${reasonText(f.reason, true, 1)}</div>`)}`;
  return html`${s.flags.map(
    (f) => html`<details class="flag"><summary>${levelBadge(f.flag_level)} ${f.flag}</summary>
    <p>${f.reason}</p><p class="muted">${f.exit_criterion}</p></details>`,
  )}`;
}

function schoolsTable(o: Overview, print: boolean, charts: PageCharts, json: unknown): Html {
  const src = `/api/overview${query(o)}`;
  const ku = (s: OverviewSchool, v: number | null) =>
    s.vpr_insufficient
      ? html`<span class="muted" title="n = ${fmtInt(s.vpr_n)}">недостаточно данных</span>`
      : fmtPct(v);
  return dataTable<OverviewSchool>(
    [
      // The справка has no links, and type and settlement under the name (an A4 line holds fewer columns).
      {
        title: 'ОО',
        value: (s) =>
          print
            ? html`${s.short_name}<br><span class="muted">${[s.school_type, s.settlement_type].filter(Boolean).join(', ')}</span>`
            : html`<a href="/schools/${encodeURIComponent(s.code)}">${s.short_name}</a>`,
        sortKey: (s) => s.short_name,
      },
      ...(print
        ? []
        : [
            { title: 'Тип', value: (s: OverviewSchool) => s.school_type },
            { title: 'Поселение', value: (s: OverviewSchool) => s.settlement_type },
          ]),
      { title: 'ИОР [R]', value: (s) => fmtNum(s.ior), num: true, sortKey: (s) => s.ior ?? -1 },
      { title: 'Изменение ИОР', value: (s) => fmtSigned(s.ior_change), num: true, sortKey: (s) => s.ior_change ?? -9 },
      {
        title: 'Тренд ИОР',
        value: (s) =>
          charts.slot(
            { kind: 'sparkline', src, path: `trends.${pathKey(s.code)}`, opts: { years: o.years }, cls: 'spark' },
            json,
          ),
      },
      { title: 'КУ (ВПР)', value: (s) => ku(s, s.ku), num: true, sortKey: (s) => s.ku ?? -1 },
      { title: 'ОУ (ВПР)', value: (s) => ku(s, s.ou), num: true, sortKey: (s) => s.ou ?? -1 },
      { title: 'Участников ВПР', value: (s) => fmtInt(s.vpr_n), num: true, sortKey: (s) => s.vpr_n ?? 0 },
      {
        title: 'Признаки и причины',
        value: (s) => flagCell(s, print),
        sortKey: (s) => s.flags.length,
        cls: 'flags-col',
      },
    ],
    o.schools,
    {
      cls: 'data schools',
      sortable: !print,
      rowAttrs: (s) =>
        html` data-type="${s.school_type ?? ''}" data-settlement="${s.settlement_type ?? ''}" data-flag="${s.flags.map((f) => `${f.flag}: ${f.flag_level}`).join('|')}"`,
    },
  );
}

function trendTable(o: Overview): Html {
  return dataTable<OverviewSchool>(
    [
      { title: 'ОО', value: (s) => s.short_name },
      ...o.years.map((y) => ({
        title: y,
        num: true,
        value: (s: OverviewSchool) => fmtNum(s.trend.find((t) => t.school_year === y)?.ior ?? null),
      })),
    ],
    o.schools,
  );
}

function flagCounts(o: Overview): Html {
  return dataTable(
    [
      { title: 'Признак', value: (f: Overview['flagCounts'][number]) => f.flag },
      { title: 'Уровень', value: (f) => levelBadge(f.flag_level) },
      {
        title: 'Отобрано ОО',
        value: (f) => html`<strong>${fmtInt(f.selected)}</strong> из ${fmtInt(f.eligible)}`,
        num: true,
      },
    ],
    o.flagCounts,
    { caption: `Сколько ОО отбирает каждое правило в ${o.year ?? ''} (из числа ОО, для которых правило применимо)` },
  );
}

function heatmap(o: Overview, print: boolean, charts: PageCharts, json: unknown): Html {
  const src = `/api/overview${query(o)}`;
  const listed = o.schools.filter((s) => s.ior !== null || s.ku !== null);
  const table = dataTable<OverviewSchool>(
    [
      { title: 'ОО', value: (s) => s.short_name },
      ...HEAT_INDICATORS.map((i) => ({
        title: i.label,
        num: true,
        value: (s: OverviewSchool) =>
          i.share
            ? fmtPct(s.components[i.key] ?? null)
            : fmtNum(s.components[i.key] ?? null, i.key === 'ege_score' ? 1 : 2),
      })),
    ],
    listed,
  );
  return figure({
    id: 'heatmap',
    title: `Тепловая карта: ОО × показатель, ${o.year}`,
    open: print,
    chart: charts.slot({ kind: 'heatmap', src, path: 'heat' }, json),
    table,
    note: 'Цвет — положение ОО среди ОО муниципалитета по каждому показателю с учётом его направления (для долей «2» и результатов ниже минимума шкала перевёрнута); в ячейке — само значение. Это не рейтинг: различия в пределах доверительных интервалов не означают разницы в качестве работы.',
  });
}

function grid(o: Overview, print: boolean, charts: PageCharts, json: unknown): Html {
  const src = `/api/overview${query(o)}`;
  const cells = gridCells(o.schools.map((s) => ({ name: s.short_name, ior: s.ior, ior_change: s.ior_change }))).filter(
    (c) => c.count > 0,
  );
  const outside = o.schools.filter((s) => s.ior !== null && s.ior_change === null).length;
  const cuts = (xs: readonly number[], names: readonly string[], signed: boolean) =>
    names
      .map(
        (n, i) =>
          `${n}: ${i === 0 ? `меньше ${(signed ? fmtSigned : fmtNum)(xs[0]!)}` : i === names.length - 1 ? `${(signed ? fmtSigned : fmtNum)(xs[i - 1]!)} и больше` : `от ${(signed ? fmtSigned : fmtNum)(xs[i - 1]!)} до ${(signed ? fmtSigned : fmtNum)(xs[i]!)}`}`,
      )
      .join('; ');
  const table = dataTable(
    [
      { title: 'Уровень ИОР', value: (c: (typeof cells)[number]) => c.level },
      { title: 'Динамика', value: (c) => c.change },
      { title: 'Цвет', value: (c) => c.colorName },
      { title: 'ОО', value: (c) => fmtInt(c.count), num: true },
      { title: 'Кто', value: (c) => c.names.join('; ') },
    ],
    cells,
  );
  return figure({
    id: 'status-grid',
    title: `Уровень × динамика ИОР, ${o.year}`,
    open: print,
    chart: charts.slot({ kind: 'status-grid', src, path: 'grid' }, json),
    table,
    note: html`<strong>Пороги.</strong> Уровень ИОР (индекс от 0 до 1) — ${cuts(LEVEL_CUTS, LEVELS, false)}. Изменение ИОР к прошлому году — ${cuts(CHANGE_CUTS, CHANGES, true)}.
      Значение на границе относится к верхнему интервалу. Цвет сочетает уровень и динамику: от красного (низкий уровень и снижение) до синего (высокий уровень и рост) (как на школьных панелях штата Калифорния); пороги сетки — параметры отображения панели, а не нормативы.
      ${outside ? `ОО без прошлогоднего значения ИОР (${outside}) в сетку не попадают.` : ''}`,
  });
}

/**
 * A requested year (`?year=`) without data: said at the top instead of silently showing another year. `shown` is the
 * year the page shows (null when there is none); the years with data are listed (links on screen).
 */
export function missingYearNotice(
  base: string,
  missing: string | null,
  shown: string | null,
  years: string[],
  print: boolean,
): Html {
  if (!missing) return html``;
  const list = years.map(
    (y, i) => html`${i ? ', ' : ''}${print ? y : html`<a href="${base}?year=${encodeURIComponent(y)}">${y}</a>`}`,
  );
  return html`<p class="notice" role="status" data-missing-year="${missing}"><strong>За ${missing} учебный год данных нет</strong>${
    shown ? html`; показан ${shown}. Учебные годы с данными: ${list}.` : '; данных нет ни за один учебный год.'
  }</p>`;
}

/** No results in the marts yet (a new working store): what to load and where. */
function emptyBody(o: Overview, print: boolean): Html {
  return html`<h1>${areaTitle(o)}</h1>
    ${missingYearNotice('/', o.missingYear, null, o.years, print)}
    <p>В витринах показателей пока нет результатов. С чего начать:</p>
    <ol>
      <li>Загрузите реестр ОО (коды ОО, наименования, логины ФИС ОКО, коды РЦОИ) — он связывает файлы разных источников со школами.</li>
      <li>Загрузите результаты: выгрузки ФИС ОКО (ВПР), протоколы РЦОИ (ОГЭ, ЕГЭ), отметки из электронного журнала — на странице
        <a href="/uploads">«Загрузки»</a>, через папку входящих или командой <code>npx orientir ingest</code>.</li>
      <li>Витрины пересобираются сами после загрузки через браузер и из папки входящих; после <code>orientir ingest</code>
        выполните <code>npx orientir build</code>. Ход и итог пересборки — на странице <a href="/jobs">«Задания»</a>.</li>
    </ol>`;
}

export function overviewPage(o: Overview, s: Session, print: boolean): string {
  const json = overviewJson(o);
  const charts = new PageCharts(print);
  if (!o.year) return page({ title: 'Обзор', session: s, active: '/', body: emptyBody(o, print), print });
  const q = query(o);
  const body = html`
    <h1>${print ? 'Аналитическая справка: ' : ''}${areaTitle(o)}, ${o.year} учебный год</h1>
    ${missingYearNotice('/', o.missingYear, o.year, o.years, print)}
    ${print ? '' : yearLinks('/', o.years, o.year, moQuery(o.mo))}
    ${print ? '' : municipalityLinks(o)}
    ${
      print
        ? ''
        : html`<p class="actions noprint"><a href="/${q}&amp;print=1">Аналитическая справка (A4, печать)</a> ·
      Выгрузки: <a href="/export/index.csv">ИОР (CSV)</a>, <a href="/export/index.xlsx">ИОР (Excel)</a>,
      <a href="/export/school-metrics.xlsx">показатели ОО (Excel)</a>, <a href="/export/flags.xlsx">признаки (Excel)</a>, <a href="/export/objectivity.xlsx">объективность (Excel)</a></p>`
    }
    <p class="lead">${o.municipalities.length > 1 && !o.mo ? 'Все муниципалитеты' : 'Муниципалитет'}: КУ на ВПР ${fmtPct(o.municipality.ku)}, ОУ ${fmtPct(o.municipality.ou)} (участников ${fmtInt(o.municipality.vpr_n)}).
      КУ и ОУ в таблице — по ВПР, все предметы и классы, ${o.year}. «Зона внимания» и «признак необъективности» — основания для анализа, а не выводы и не рейтинг.</p>
    <section><h2>Списки признаков</h2>${flagCounts(o)}</section>
    <section><h2>Образовательные организации</h2>${print ? '' : filters(o)}
      <div class="table-wrap" id="schools">${schoolsTable(o, print, charts, json)}</div>
      <details class="alt"${print ? html` open` : ''}><summary>Значения ИОР по годам (таблица к линиям тренда)</summary>${trendTable(o)}</details></section>
    <section>${grid(o, print, charts, json)}</section>
    <section>${heatmap(o, print, charts, json)}</section>`;
  return page({ title: 'Обзор', session: s, active: '/', body, print, charts });
}
