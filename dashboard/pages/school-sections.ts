// School page sections: flags, timeline panels, risk profile, programme targets, pupils at risk.
import { targetsJson, type FlagRow, type MetricDef, type PupilRow, type RiskRow, type TargetGroup } from '../data/school.js';
import { pathKey } from '../charts/index.js';
import type { TimelinePoint } from '../charts/timeline.js';
import { fmtInt, fmtNum, fmtPct } from '../format/numbers.js';
import { levelBadge, riskBadge } from '../html/badges.js';
import { chartSlot } from '../html/chart.js';
import { html, type Html } from '../html/escape.js';
import { dataTable, figure } from '../html/table.js';

export function flagsSection(flags: FlagRow[], year: string, print = false): Html {
  const now = flags.filter((f) => f.school_year === year);
  const before = flags.filter((f) => f.school_year !== year);
  const card = (f: FlagRow) => html`<article class="flag-card">
    <h3>${levelBadge(f.level)} ${f.flag}</h3><p>${f.reason}</p>
    <p><strong>Критерий снятия:</strong> ${f.exit_criterion}</p>
    <p class="muted">Правило ${f.rule_id}, версия методики ${f.rule_version ?? '—'}; в ${f.school_year} правило отбирает ${fmtInt(f.selected)} из ${fmtInt(f.eligible)} ОО.</p></article>`;
  return html`${now.length ? now.map(card) : html`<p>В ${year} отметок нет.</p>`}
    ${before.length ? html`<details${print ? html` open` : ''}><summary>Отметки прошлых лет (${before.length})</summary>${dataTable([
      { title: 'Год', value: (f: FlagRow) => f.school_year }, { title: 'Отметка', value: (f) => f.flag }, { title: 'Уровень', value: (f) => levelBadge(f.level) },
      { title: 'Причина', value: (f) => f.reason },
    ], before)}</details>` : ''}`;
}

export function timelineSection(metrics: MetricDef[], series: Record<string, TimelinePoint[]>, code: string, print: boolean): Html {
  if (metrics.length === 0) return html`<p class="muted">Нет данных для динамики.</p>`;
  const src = `/api/schools/${encodeURIComponent(code)}/timeline`;
  const json = { series };
  return html`<p>Линия — ОО (точки с 95% доверительными интервалами, рядом — число участников n), пунктир — медиана ОО муниципалитета,
    серая полоса — межквартильный размах (половина ОО муниципалитета). Пустая точка — «недостаточно данных» (n меньше порога).</p>
    <div class="grid2">${metrics.map((m) => {
      const f = (v: number | null) => (m.share ? fmtPct(v) : fmtNum(v));
      const table = dataTable([
        { title: 'Год', value: (p: TimelinePoint) => p.school_year },
        { title: 'ОО', value: (p) => (p.value === null ? '—' : p.insufficient ? `${f(p.value)} (недостаточно данных)` : f(p.value)), num: true },
        { title: '95% ДИ', value: (p) => (p.lo === null ? '—' : `${f(p.lo)} – ${f(p.hi)}`), num: true },
        { title: 'n', value: (p) => fmtInt(p.n), num: true },
        { title: 'Медиана муниц.', value: (p) => f(p.median), num: true },
        { title: 'Межкв. размах', value: (p) => (p.q1 === null ? '—' : `${f(p.q1)} – ${f(p.q3)}`), num: true },
      ], series[m.key] ?? []);
      return figure({ id: `timeline-${m.key}`, title: m.label, open: print, table,
        chart: chartSlot({ kind: 'timeline', src, path: `series.${m.key}`, opts: { label: m.axis, share: m.share } }, print ? { json } : null) });
    })}</div>`;
}

export function riskSection(risk: RiskRow[], year: string): Html {
  if (risk.length === 0) return html`<p class="muted">Нет данных рискового профиля за ${year}.</p>`;
  return html`<p>Уровень риска по показателю: «высокий» — не ниже 75-го процентиля ОО муниципалитета, «средний» — от медианы.</p>
    ${dataTable([
      { title: '№', value: (r: RiskRow) => fmtInt(r.factor_no), num: true },
      { title: 'Фактор риска', value: (r) => r.factor },
      { title: 'Показатель', value: (r) => r.indicator },
      { title: 'Значение', value: (r) => fmtPct(r.value), num: true },
      { title: 'Процентиль в муниц.', value: (r) => fmtNum(r.pct), num: true },
      { title: 'Уровень', value: (r) => riskBadge(r.level) },
    ], risk)}`;
}

export function targetsSection(groups: TargetGroup[], code: string, print: boolean): Html {
  if (groups.length === 0) return html`<p class="muted">Целевые показатели программы для ОО не загружены.</p>`;
  const src = `/api/schools/${encodeURIComponent(code)}/targets`;
  return html`<p>Черта — план, точка — факт (зелёная — достигнуто, красная — нет), серый кружок — базовое значение.</p>
    <div class="grid2">${groups.map((g) => {
      const f = (v: number | null) => (g.share ? fmtPct(v) : fmtNum(v));
      const table = dataTable([
        { title: 'Год / разрез', value: (p: TargetGroup['points'][number]) => p.label },
        { title: 'База', value: (p) => f(p.baseline), num: true }, { title: 'План', value: (p) => f(p.planned), num: true },
        { title: 'Факт', value: (p) => f(p.actual), num: true },
        { title: 'Итог', value: (p) => (p.achieved === null ? 'нет данных' : p.achieved ? 'достигнуто' : 'не достигнуто') },
      ], g.points);
      return figure({ id: `target-${g.indicator}`, title: g.title, table, open: print,
        chart: chartSlot({ kind: 'targets', src, path: `byIndicator.${pathKey(g.indicator)}.points`, opts: { title: g.title, share: g.share }, cls: 'small' }, print ? { json: targetsJson(groups) } : null) });
    })}</div>`;
}

export function pupilsSection(pupils: PupilRow[], year: string, print = false): Html {
  if (pupils.length === 0) return html`<p>В ${year} обучающихся с признаками риска учебной неуспешности не выявлено.</p>`;
  return html`<p>Только обезличенные коды (Ж- — электронный журнал, ВПР- — код участника ФИС ОКО). Всего: ${fmtInt(pupils.length)}.</p>
    <details${print || pupils.length <= 30 ? html` open` : ''}><summary>Список обучающихся</summary>${dataTable([
      { title: 'Код', value: (p: PupilRow) => p.pupil_code }, { title: 'Класс', value: (p) => p.class_name },
      { title: 'Причин', value: (p) => fmtInt(p.reasons_count), num: true }, { title: 'Причины', value: (p) => p.reasons },
    ], pupils)}</details>`;
}
