// Similar schools page: the committee sees the group by name; a school head sees only anonymous aggregates.
import type { Session } from '../auth/session.js';
import { SIMILAR_INDICATORS } from '../data/indicators.js';
import type { SchoolInfo } from '../data/school.js';
import { MIN_ANONYMOUS_GROUP, type SimilarData } from '../data/similar.js';
import type { SimilarStat } from '../charts/similar.js';
import { fmtNum, fmtPct } from '../format/numbers.js';
import { yearLinks } from '../html/badges.js';
import { chartSlot } from '../html/chart.js';
import { html } from '../html/escape.js';
import { page } from '../html/layout.js';
import { schoolTabs } from '../html/tabs.js';
import { dataTable, figure } from '../html/table.js';

export function similarPage(info: SchoolInfo, d: SimilarData, years: string[], s: Session): string {
  const code = encodeURIComponent(info.code);
  const f = (v: number | null, share: boolean) => (share ? fmtPct(v) : fmtNum(v));
  const g = d.group;
  const statsTable = dataTable([
    { title: 'Показатель', value: (r: SimilarStat) => r.indicator },
    { title: info.short_name, value: (r) => f(r.self, r.share), num: true },
    { title: 'Медиана группы', value: (r) => f(r.median, r.share), num: true },
    { title: 'Межквартильный размах', value: (r) => (r.q1 === null ? '—' : `${f(r.q1, r.share)} – ${f(r.q3, r.share)}`), num: true },
    { title: 'ОО с данными', value: (r) => String(r.n), num: true },
  ], d.stats);
  const named = d.anonymous ? html`` : html`<h2>ОО группы</h2>${dataTable([
    { title: 'ОО', value: (r: SimilarData['table'][number]) => (r.is_self ? html`<strong>${r.name}</strong>` : html`<a href="/schools/${encodeURIComponent(r.code)}/similar">${r.name}</a>`) },
    ...SIMILAR_INDICATORS.map((i) => ({ title: i.label, num: true, value: (r: SimilarData['table'][number]) => f(r.values[i.key] ?? null, i.share) })),
  ], d.table)}`;
  const body = html`
    <h1>Похожие школы: ${info.short_name}</h1>
    ${schoolTabs(info.code, 'similar')}
    ${yearLinks(`/schools/${code}/similar`, years, d.year)}
    <p class="lead">Группа сравнения — ОО того же типа (${g.school_type ?? 'не указан'}), типа поселения (${g.settlement_type ?? 'не указан'})
      и размера (${g.size_band} обучающихся): кроме этой ОО, в группе ${g.others}. ${d.year ? `Учебный год ${d.year}.` : ''}</p>
    ${d.anonymous ? html`<p>Другие ОО группы показаны только обобщённо (медиана и межквартильный размах), без названий.</p>` : ''}
    ${d.suppressed ? html`<p class="notice">В группе меньше ${MIN_ANONYMOUS_GROUP} других ОО — обобщённые значения не показываются, чтобы не раскрывать результаты отдельных школ.</p>`
      : figure({
        id: 'similar', title: 'ОО и группа похожих ОО', table: statsTable,
        chart: chartSlot({ kind: 'similar', src: `/api/schools/${code}/similar${d.year ? `?year=${encodeURIComponent(d.year)}` : ''}` }, null),
        note: 'Серая полоса — межквартильный размах группы, черта — медиана, красная точка — эта ОО' + (d.anonymous ? '.' : ', серые точки — другие ОО группы.'),
      })}
    ${named}
    <p><a href="/schools/${code}">← к странице ОО</a></p>`;
  return page({ title: `Похожие школы — ${info.short_name}`, session: s, active: s.user.role === 'school' ? `/schools/${code}/similar` : undefined, body });
}
