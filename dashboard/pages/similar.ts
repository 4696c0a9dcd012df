// Similar schools page: which group is compared (and why it was widened), ИОР on its own axis (index 0–1) and the
// shares on a % axis; the committee sees the group by name, a school head only anonymous aggregates.
import type { Session } from '../auth/session.js';
import { similarValue as f, type SimilarPart, type SimilarStat } from '../charts/similar.js';
import { SIMILAR_INDICATORS } from '../data/indicators.js';
import type { SchoolInfo } from '../data/school.js';
import { MIN_ANONYMOUS_GROUP, type SimilarData } from '../data/similar.js';
import { countText, fmtInt } from '../format/numbers.js';
import { yearLinks } from '../html/badges.js';
import { PageCharts } from '../html/chart.js';
import { type Html, html } from '../html/escape.js';
import { page } from '../html/layout.js';
import { dataTable, figure } from '../html/table.js';
import { schoolTabs } from '../html/tabs.js';

const schools = (n: number): string => `${fmtInt(n)} ОО`;
const others = (n: number): string => countText(n, ['другая ОО', 'другие ОО', 'других ОО']);

function groupNote(d: SimilarData): Html {
  const g = d.group;
  const threshold = html`<a href="/methodology#similar_min_group">порог «Похожие школы: минимум других ОО в группе сравнения»</a> — ${schools(g.minGroup)}`;
  const widened =
    g.tooSmall.length === 0
      ? html``
      : html`<p class="note">Группа расширена: ${g.tooSmall.map((t, i) => html`${i > 0 ? '; ' : ''}среди «${t.title}» ${t.others === 0 ? 'других ОО с данными нет' : html`с данными ${others(t.others)}`}`)}
      — меньше, чем нужно для медианы и межквартильного размаха (${threshold}).</p>`;
  const short =
    g.others < g.minGroup
      ? html`<p class="note">Даже среди всех ОО муниципалитета других ОО с данными меньше ${fmtInt(g.minGroup)}:
      медиана и межквартильный размах не показываются, только значения ОО.</p>`
      : html``;
  return html`<p class="lead">Группа сравнения — <strong>${g.title}</strong>: кроме этой ОО, ${others(g.others)} с данными.${d.year ? ` Учебный год ${d.year}.` : ''}</p>${widened}${short}`;
}

function statsTable(name: string, rows: SimilarStat[]): Html {
  return dataTable(
    [
      { title: 'Показатель', value: (r: SimilarStat) => r.indicator },
      { title: name, value: (r) => f(r.self, r.share), num: true },
      { title: 'Медиана группы', value: (r) => (r.median === null ? 'мало данных' : f(r.median, r.share)), num: true },
      {
        title: 'Межквартильный размах',
        value: (r) => (r.q1 === null ? '—' : `${f(r.q1, r.share)} – ${f(r.q3, r.share)}`),
        num: true,
      },
      { title: 'ОО группы с данными', value: (r) => fmtInt(r.n), num: true },
    ],
    rows,
  );
}

export function similarPage(info: SchoolInfo, d: SimilarData, years: string[], s: Session): string {
  const code = encodeURIComponent(info.code);
  const src = `/api/schools/${code}/similar${d.year ? `?year=${encodeURIComponent(d.year)}` : ''}`;
  const charts = new PageCharts(false);
  const legend =
    'Серая полоса — межквартильный размах группы, черта — медиана, красная точка — эта ОО' +
    (d.anonymous ? '.' : ', серые точки — другие ОО группы.');
  const panel = (part: SimilarPart, id: string, title: string) => {
    const rows = d.stats.filter((r) => r.share === (part === 'shares'));
    return rows.length === 0
      ? html``
      : figure({
          id,
          title,
          table: statsTable(info.short_name, rows),
          chart: charts.slot({ kind: 'similar', src, opts: { part } }, d),
          note: legend,
        });
  };
  const named = d.anonymous
    ? html``
    : html`<h2>ОО группы</h2>${dataTable(
        [
          {
            title: 'ОО',
            value: (r: SimilarData['table'][number]) =>
              r.is_self
                ? html`<strong>${r.name}</strong>`
                : html`<a href="/schools/${encodeURIComponent(r.code)}/similar">${r.name}</a>`,
          },
          ...SIMILAR_INDICATORS.filter((i) => d.table.some((r) => r.values[i.key] != null)).map((i) => ({
            title: i.share ? `${i.label}, %` : `${i.label} (индекс)`,
            num: true,
            value: (r: SimilarData['table'][number]) => f(r.values[i.key] ?? null, i.share),
          })),
        ],
        d.table,
      )}`;
  const body = html`
    <h1>Похожие школы: ${info.short_name}</h1>
    ${schoolTabs(info.code, 'similar')}
    ${yearLinks(`/schools/${code}/similar`, years, d.year)}
    ${groupNote(d)}
    ${d.anonymous ? html`<p>Другие ОО группы показаны только обобщённо (медиана и межквартильный размах), без названий.</p>` : ''}
    ${
      d.suppressed
        ? html`<p class="notice">В группе меньше ${MIN_ANONYMOUS_GROUP} других ОО — обобщённые значения не показываются, чтобы не раскрывать результаты отдельных школ.</p>`
        : html`${panel('index', 'similar-index', 'ИОР: эта ОО и группа похожих ОО (индекс от 0 до 1)')}${panel('shares', 'similar', 'Доли: эта ОО и группа похожих ОО, %')}`
    }
    ${named}
    <p><a href="/schools/${code}">← к странице ОО</a></p>`;
  return page({
    title: `Похожие школы — ${info.short_name}`,
    session: s,
    active: s.user.role === 'school' ? `/schools/${code}/similar` : undefined,
    body,
    charts,
  });
}
