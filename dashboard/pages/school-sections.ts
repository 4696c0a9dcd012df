// School page sections: flags, timeline panels, risk profile, programme targets, pupils at risk.

import { pathKey } from '../charts/index.js';
import type { ProgStatus } from '../charts/programme.js';
import type { TargetPoint } from '../charts/targets.js';
import type { TimelinePoint } from '../charts/timeline.js';
import {
  type AreaRow,
  type FlagRow,
  type MetricDef,
  type PupilRow,
  type RiskRow,
  type TargetGroup,
  targetsJson,
} from '../data/school.js';
import { fmtInt, fmtNum, fmtPct } from '../format/numbers.js';
import { ruleInfo } from '../format/rules.js';
import { fmtUnit } from '../format/units.js';
import { levelBadge, riskBadge } from '../html/badges.js';
import type { PageCharts } from '../html/chart.js';
import { type Html, html } from '../html/escape.js';
import { dataTable, figure } from '../html/table.js';
import { progBadge } from './programme-parts.js';

/**
 * A flag reason «заголовок — пункт; пункт; … (правило [R])»: a long list of items (one per work or subject) shows the first
 * items and the rest under «подробнее»; the справка prints the first items and how many more there are.
 */
export function reasonText(reason: string, print: boolean, keep = 3): Html {
  const dash = reason.indexOf(' — ');
  const rule = /\s*\(правило [^)]*\)\s*$/.exec(reason)?.[0] ?? '';
  const items = dash < 0 ? [] : reason.slice(dash + 3, reason.length - rule.length).split('; ');
  if (items.length <= keep + 1) return html`<p>${reason}</p>`;
  const head = reason.slice(0, dash);
  const more = items.length - keep;
  if (print)
    return html`<p>${head} — ${items.slice(0, keep).join('; ')}; и ещё ${fmtInt(more)} (все — на странице ОО)${rule}.</p>`;
  return html`<p>${head} — ${items.slice(0, keep).join('; ')}${rule}.</p>
    <details class="reason-more"><summary>подробнее: все ${fmtInt(items.length)}</summary><ul>${items.map((x) => html`<li>${x}</li>`)}</ul></details>`;
}

/** «Правило «название»» with a link to its explanation; the code (SHNOR-LOW-2of3) only in the tooltip (format/rules.ts). */
function ruleLine(f: FlagRow, print: boolean): Html {
  const r = ruleInfo(f.rule_id);
  const name = html`<span title="Код правила: ${f.rule_id}">«${r.title}»</span>`;
  return print ? html`Правило ${name}` : html`Правило ${name} (<a href="/methodology#${r.anchor}">как считается</a>)`;
}

export function flagsSection(flags: FlagRow[], year: string, print = false): Html {
  const now = flags.filter((f) => f.school_year === year);
  const before = flags.filter((f) => f.school_year !== year);
  const card = (f: FlagRow) => html`<article class="flag-card">
    <h3>${levelBadge(f.flag_level)} ${f.flag}</h3>${reasonText(f.reason, print)}
    <p><strong>Критерий снятия:</strong> ${f.exit_criterion}</p>
    <p class="muted">${ruleLine(f, print)}, версия методики ${f.rule_version ?? '—'}; в ${f.school_year} правило отбирает ${fmtInt(f.selected)} из ${fmtInt(f.eligible)} ОО.</p></article>`;
  if (print) {
    // The справка: this year's flags with reasons; earlier years in one line (reasons — on the page).
    return html`${now.length ? now.map(card) : html`<p>В ${year} отметок нет.</p>`}
      ${
        before.length
          ? html`<p class="small"><strong>Признаки прошлых лет:</strong> ${before.map((f) => `${f.school_year} — ${f.flag} (${f.flag_level})`).join('; ')}.
        <span class="muted">Причины — на странице ОО в Ориентире.</span></p>`
          : ''
      }`;
  }
  return html`${now.length ? now.map(card) : html`<p>В ${year} отметок нет.</p>`}
    ${
      before.length
        ? html`<details><summary>Признаки прошлых лет (${before.length})</summary>${dataTable(
            [
              { title: 'Год', value: (f: FlagRow) => f.school_year },
              { title: 'Признак', value: (f) => f.flag },
              { title: 'Уровень', value: (f) => levelBadge(f.flag_level) },
              { title: 'Причина', value: (f) => f.reason },
            ],
            before,
          )}</details>`
        : ''
    }`;
}

/** The справка's key numbers: one row per metric, one column per year — the school's value over the municipal median. */
function keyNumbers(metrics: MetricDef[], series: Record<string, TimelinePoint[]>): Html {
  const years = [...new Set(metrics.flatMap((m) => (series[m.key] ?? []).map((p) => p.school_year)))].sort();
  return dataTable<MetricDef>(
    [
      { title: 'Показатель', value: (m) => m.label },
      ...years.map((y) => ({
        title: y,
        num: true,
        value: (m: MetricDef) => {
          const p = (series[m.key] ?? []).find((x) => x.school_year === y);
          const f = (v: number | null) => (m.share ? fmtPct(v) : fmtNum(v));
          if (!p) return '—';
          return html`${f(p.value)}${p.insufficient ? '*' : ''}<br><span class="muted small">${f(p.median)}</span>`;
        },
      })),
    ],
    metrics,
    {
      cls: 'data key-numbers',
      caption: 'Значение ОО по годам; под ним — медиана ОО муниципалитета. * — недостаточно данных (n меньше порога).',
    },
  );
}

export function timelineSection(
  metrics: MetricDef[],
  series: Record<string, TimelinePoint[]>,
  code: string,
  charts: PageCharts,
): Html {
  const print = charts.print;
  if (metrics.length === 0) return html`<p class="muted">Нет данных для динамики.</p>`;
  const src = `/api/schools/${encodeURIComponent(code)}/timeline`;
  const json = { series };
  return html`${print ? keyNumbers(metrics, series) : ''}<p${print ? html` class="note"` : ''}>Линия — ОО (точки с 95% доверительными интервалами, рядом — число участников n), пунктир — медиана ОО муниципалитета,
    серая полоса — межквартильный размах (половина ОО муниципалитета). Пустая точка — «недостаточно данных» (n меньше порога).</p>
    <div class="grid2">${metrics.map((m) => {
      const f = (v: number | null) => (m.share ? fmtPct(v) : fmtNum(v));
      const table = dataTable(
        [
          { title: 'Год', value: (p: TimelinePoint) => p.school_year },
          {
            title: 'ОО',
            value: (p) =>
              p.value === null ? '—' : p.insufficient ? `${f(p.value)} (недостаточно данных)` : f(p.value),
            num: true,
          },
          { title: '95% ДИ', value: (p) => (p.lo === null ? '—' : `${f(p.lo)} – ${f(p.hi)}`), num: true },
          { title: 'n', value: (p) => fmtInt(p.n), num: true },
          { title: 'Медиана муниц.', value: (p) => f(p.median), num: true },
          { title: 'Межкв. размах', value: (p) => (p.q1 === null ? '—' : `${f(p.q1)} – ${f(p.q3)}`), num: true },
        ],
        series[m.key] ?? [],
      );
      // In the справка the numbers are in the key-numbers table above; charts are drawn at half the page width.
      const opts = print
        ? { label: m.axis, share: m.share, width: 340, height: 175 }
        : { label: m.axis, share: m.share };
      return figure({
        id: `timeline-${m.key}`,
        title: m.label,
        open: false,
        table,
        chart: charts.slot({ kind: 'timeline', src, path: `series.${m.key}`, opts }, json),
      });
    })}</div>`;
}

/** ОО vs муниципалитет vs регион, work by work, as in ФИС ОКО's reports; only where a regional file gives the region. */
export function areasSection(rows: AreaRow[], year: string): Html {
  const regional = rows.filter((r) => r.region_ku !== null || r.region_share_2 !== null);
  if (regional.length === 0) return html``;
  const regions = [...new Set(regional.map((r) => r.region_name))].join(', ');
  const three = (a: number | null, b: number | null, c: number | null) =>
    html`${fmtPct(a)} / ${fmtPct(b)} / ${fmtPct(c)}`;
  return html`<section><h2>ВПР: ОО, муниципалитет и регион, ${year}</h2>
    ${dataTable<AreaRow>(
      [
        { title: 'Работа', value: (r) => `${r.subject}, ${r.grade} кл.${r.session === 'осень' ? ' (осень)' : ''}` },
        { title: 'Участников ОО', value: (r) => fmtInt(r.participants), num: true },
        { title: 'Качество: ОО / муниц. / регион', value: (r) => three(r.ku, r.mun_ku, r.region_ku), num: true },
        {
          title: 'Доля «2»: ОО / муниц. / регион',
          value: (r) => three(r.share_2, r.mun_share_2, r.region_share_2),
          num: true,
        },
        {
          title: 'Средняя отметка: ОО / муниц. / регион',
          value: (r) => `${fmtNum(r.mean_mark)} / ${fmtNum(r.mun_mean)} / ${fmtNum(r.region_mean)}`,
          num: true,
        },
        { title: 'Участников в регионе', value: (r) => fmtInt(r.region_participants), num: true },
      ],
      regional,
      {
        cls: 'data areas',
        caption: `Регион — ${regions}: по загруженным региональным файлам (все ОО региона). Работы без данных региона не показаны.`,
      },
    )}</section>`;
}

export function riskSection(risk: RiskRow[], year: string): Html {
  if (risk.length === 0) return html`<p class="muted">Нет данных рискового профиля за ${year}.</p>`;
  const high = Math.round(risk[0]!.high_percentile * 100);
  return html`<p>Уровень риска по показателю среди ОО опорной территории: «высокий» — не ниже ${high}-го процентиля,
      «средний» — от медианы (порог задаётся в настройках методики).</p>
    ${dataTable(
      [
        { title: '№', value: (r: RiskRow) => fmtInt(r.factor_no), num: true },
        { title: 'Фактор риска', value: (r) => r.factor },
        { title: 'Показатель', value: (r) => r.indicator },
        { title: 'Значение', value: (r) => fmtPct(r.value), num: true },
        { title: 'Процентиль', value: (r) => fmtNum(r.pct), num: true },
        { title: 'Уровень', value: (r) => riskBadge(r.risk_level) },
      ],
      risk,
    )}`;
}

const asProg = (s: string | undefined): ProgStatus =>
  s === 'on_track' || s === 'at_risk' || s === 'off_track' || s === 'baseline' ? s : 'no_data';

/** Points of a target up to the page's year. */
const upTo = (g: TargetGroup, year: string): TargetPoint[] => g.points.filter((p) => p.school_year <= year);
/** The year the summary shows: the page's year if planned, else the latest planned year before it. */
const latest = (g: TargetGroup, year: string): TargetPoint | null =>
  upTo(g, year)
    .filter((p) => p.status !== 'baseline')
    .at(-1) ?? null;

function targetsSummary(groups: TargetGroup[], year: string): Html {
  return dataTable<TargetGroup>(
    [
      { title: 'Показатель', value: (g) => g.title },
      {
        title: 'База',
        value: (g) => {
          const b = g.points.find((p) => p.status === 'baseline');
          return html`${fmtUnit(b?.actual ?? b?.baseline ?? null, g.unit)}${g.baseline_year ? html`<br><span class="muted small">${g.baseline_year}</span>` : ''}`;
        },
        num: true,
      },
      { title: 'Год', value: (g) => latest(g, year)?.school_year ?? '—', cls: 'nowrap' },
      { title: 'План', value: (g) => fmtUnit(latest(g, year)?.planned ?? null, g.unit), num: true },
      { title: 'Факт', value: (g) => fmtUnit(latest(g, year)?.actual ?? null, g.unit), num: true },
      {
        title: 'Статус',
        value: (g) => {
          const p = latest(g, year);
          return p ? progBadge(asProg(p.status)) : html`<span class="muted">план ещё не начался</span>`;
        },
      },
    ],
    groups,
    { cls: 'data targets-summary' },
  );
}

export function targetsSection(groups: TargetGroup[], code: string, year: string, charts: PageCharts): Html {
  const print = charts.print;
  if (groups.length === 0) return html`<p class="muted">Целевые показатели программы для ОО не загружены.</p>`;
  const src = `/api/schools/${encodeURIComponent(code)}/targets`;
  const json = targetsJson(groups);
  const started = groups.some((g) => latest(g, year) !== null);
  const behind = groups.filter((g) => {
    const p = latest(g, year);
    return p !== null && p.school_year < year;
  });
  const lead = html`<p>План и факт программы${started ? ` на ${year}` : ''} — те же, что на вкладке «Программа»: база, план года, факт и статус.
    Доли — в процентах, индексы — от 0 до 1, отметки и баллы — в своей шкале.${behind.length ? html` Где план на ${year} не задан, показан последний год с планом (столбец «Год»).` : ''}</p>`;
  if (!started)
    return html`${lead}<p>В ${year} план программы ещё не начался: первый плановый год — ${groups.flatMap((g) => g.points.filter((p) => p.status !== 'baseline').map((p) => p.school_year)).sort()[0] ?? '—'}.</p>`;
  // The справка: the table only (the charts are on the page).
  if (print) return html`${lead}${targetsSummary(groups, year)}`;
  return html`${lead}${targetsSummary(groups, year)}
    <p>На диаграммах: серая точка — базовое значение, черта — план года, цветная точка — факт (зелёная — «в графике», оранжевая — «под угрозой», красная — «отстаёт»).</p>
    <div class="grid2">${groups.map((g) => {
      const f = (v: number | null) => fmtUnit(v, g.unit);
      const table = dataTable<TargetPoint>(
        [
          { title: 'Год', value: (p) => p.label },
          { title: 'План', value: (p) => (p.status === 'baseline' ? '—' : f(p.planned)), num: true },
          { title: 'Факт', value: (p) => f(p.actual), num: true },
          { title: 'Статус', value: (p) => progBadge(asProg(p.status)) },
        ],
        upTo(g, year),
      );
      return figure({
        id: `target-${g.key.replace(/[^\w-]/g, '_')}`,
        title: g.title,
        table,
        chart: charts.slot(
          {
            kind: 'targets',
            src,
            path: `byIndicator.${pathKey(g.key)}.points`,
            opts: { title: g.title, unit: g.unit, direction: g.direction, upTo: year },
            cls: 'small',
          },
          json,
        ),
      });
    })}</div>`;
}

export function pupilsSection(pupils: PupilRow[], year: string, print = false): Html {
  if (pupils.length === 0)
    return html`<p>В ${year} обучающихся с признаками риска учебной неуспешности не выявлено.</p>`;
  if (print) {
    const byClass = new Map<string, number>();
    for (const p of pupils)
      byClass.set(p.class_name ?? 'без класса', (byClass.get(p.class_name ?? 'без класса') ?? 0) + 1);
    const classes = [...byClass].sort(([a], [b]) => a.localeCompare(b, 'ru', { numeric: true }));
    return html`<p>Обучающихся с признаками риска: <strong>${fmtInt(pupils.length)}</strong>${classes.length > 1 ? html` (по классам: ${classes.map(([c, n]) => `${c} — ${fmtInt(n)}`).join(', ')})` : ''}.
      <span class="muted">Обезличенный список с причинами — на странице ОО в Ориентире.</span></p>`;
  }
  return html`<p>Только обезличенные коды (Ж- — электронный журнал, ВПР- — код участника ФИС ОКО). Всего: ${fmtInt(pupils.length)}.</p>
    <details${pupils.length <= 30 ? html` open` : ''}><summary>Список обучающихся</summary>${dataTable(
      [
        { title: 'Код', value: (p: PupilRow) => p.pupil_code },
        { title: 'Класс', value: (p) => p.class_name },
        { title: 'Причин', value: (p) => fmtInt(p.reasons_count), num: true },
        { title: 'Причины', value: (p) => p.reasons },
      ],
      pupils,
    )}</details>`;
}
