// One school's page: flags, timeline, objectivity, risk profile, programme targets, pupils at risk.
import type { Session } from '../auth/session.js';
import type { TimelinePoint } from '../charts/timeline.js';
import type {
  AreaRow,
  FlagRow,
  MetricDef,
  ObjectivityData,
  PupilRow,
  RiskRow,
  SchoolInfo,
  TargetGroup,
} from '../data/school.js';
import { fmtInt, fmtPct } from '../format/numbers.js';
import { yearLinks } from '../html/badges.js';
import { PageCharts } from '../html/chart.js';
import { type Html, html } from '../html/escape.js';
import { page } from '../html/layout.js';
import { schoolTabs } from '../html/tabs.js';
import { missingYearNotice } from './overview.js';
import { objectivitySection } from './school-objectivity.js';
import {
  areasSection,
  flagsSection,
  pupilsSection,
  riskSection,
  targetsSection,
  timelineSection,
} from './school-sections.js';

export interface SchoolPageData {
  info: SchoolInfo;
  years: string[];
  year: string | null;
  flags: FlagRow[];
  timeline: { metrics: MetricDef[]; series: Record<string, TimelinePoint[]> };
  objectivity: ObjectivityData | null;
  risk: RiskRow[];
  targets: TargetGroup[];
  pupils: PupilRow[];
  /** ВПР work by work beside the municipality and the region (shown when a regional file gives the region). */
  areas?: AreaRow[];
  /** The year asked for (`?year=`) when the school has no data for it (data/school.ts pickSchoolYear): the page says so. */
  missingYear?: string | null;
}

/**
 * The sections of the page. The справка (print) puts the programme targets and the risk profile before the objectivity
 * panel: its chart of every work takes most of a page, and the short sections fill the page before it.
 */
function sections(d: SchoolPageData, y: string, charts: PageCharts): Html {
  const print = charts.print;
  const code = encodeURIComponent(d.info.code);
  const flags = html`<section><h2>Признаки и зоны внимания, ${y}</h2>${flagsSection(d.flags, y, print)}</section>`;
  const timeline = html`<section><h2>Динамика результатов</h2>${timelineSection(d.timeline.metrics, d.timeline.series, d.info.code, charts)}</section>${areasSection(d.areas ?? [], y)}`;
  const objectivity = html`<section><h2>Объективность оценивания, ${y}</h2>${d.objectivity ? objectivitySection(d.objectivity, d.info.code, charts) : ''}</section>`;
  const risk = html`<section><h2>Рисковый профиль, ${y}</h2>${riskSection(d.risk, y)}</section>`;
  const targets = html`<section class="targets"><h2>Целевые показатели программы, ${y}</h2>${print ? '' : html`<p class="noprint">Паспорт программы, план и факт по годам, дорожная карта и критерии выхода — на вкладке <a href="/schools/${code}/programme">«Программа»</a>.</p>`}${targetsSection(d.targets, d.info.code, y, charts)}</section>`;
  const pupils = html`<section><h2>Обучающиеся в зоне риска, ${y}</h2>${pupilsSection(d.pupils, y, print)}</section>`;
  return print
    ? html`${flags}${timeline}${targets}${risk}${objectivity}${pupils}`
    : html`${flags}${timeline}${objectivity}${risk}${targets}${pupils}`;
}

export function schoolPage(d: SchoolPageData, s: Session, print: boolean): string {
  const code = encodeURIComponent(d.info.code);
  const i = d.info;
  const facts = [
    i.school_type,
    i.settlement_type,
    i.enrolment !== null ? `${fmtInt(i.enrolment)} обучающихся` : null,
    i.municipality,
    i.ovz_share !== null ? `доля ОВЗ ${fmtPct(i.ovz_share)}` : null,
  ]
    .filter(Boolean)
    .join(' · ');
  const y = d.year;
  const charts = new PageCharts(print);
  const yq = y ? `?year=${encodeURIComponent(y)}` : '';
  const exportQ = s.user.role === 'committee' ? `?school=${code}` : '';
  const body = html`
    <h1>${print ? 'Аналитическая справка: ' : ''}${i.name}${print && y ? `, ${y} учебный год` : ''}</h1>
    <p class="lead">Код ОО ${i.code}${facts ? ` · ${facts}` : ''}</p>
    ${print ? '' : schoolTabs(d.info.code, 'overview')}
    ${missingYearNotice(`/schools/${code}`, d.missingYear ?? null, y, d.years, print)}
    ${print ? '' : yearLinks(`/schools/${code}`, d.years, y)}
    ${
      print
        ? ''
        : html`<p class="actions noprint"><a href="/schools/${code}${yq}${yq ? '&' : '?'}print=1">Аналитическая справка (A4, печать)</a> ·
      Выгрузки: <a href="/export/school-metrics.csv${exportQ}">показатели (CSV)</a>, <a href="/export/school-metrics.xlsx${exportQ}">показатели (Excel)</a>,
      <a href="/export/objectivity.xlsx${exportQ}">объективность (Excel)</a>, <a href="/export/flags.xlsx${exportQ}">признаки (Excel)</a>,
      <a href="/export/pupils-at-risk.xlsx${exportQ}">обучающиеся в зоне риска (Excel)</a></p>`
    }
    ${y === null ? html`<p>Для этой ОО пока нет результатов в витринах.</p>` : sections(d, y, charts)}`;
  return page({
    title: i.short_name,
    session: s,
    active: s.user.role === 'school' ? `/schools/${code}` : undefined,
    body,
    print,
    charts,
  });
}
