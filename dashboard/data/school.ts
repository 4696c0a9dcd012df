// Data of one school's page and its /api/schools/:code/* endpoints.
import type { DuckDBConnection } from '@duckdb/node-api';
import type { HistBin, HistCuts } from '../charts/histogram.js';
import type { MatrixCell } from '../charts/mark-matrix.js';
import type { ObjectivityWork } from '../charts/objectivity.js';
import type { TargetPoint } from '../charts/targets.js';
import type { TimelinePoint } from '../charts/timeline.js';
import { bool, NotBuilt, num, query, type Row, str } from './sql.js';

export interface SchoolInfo {
  code: string;
  name: string;
  short_name: string;
  school_type: string | null;
  settlement_type: string | null;
  enrolment: number | null;
  municipality: string | null;
  ovz_share: number | null;
  nonnative_share: number | null;
}

export async function loadSchoolInfo(conn: DuckDBConnection, code: string): Promise<SchoolInfo | null> {
  const r = (await query(conn, 'school-info', { code }))[0];
  if (!r) {
    // Results under an identifier the registry does not know yet still get a page.
    const known = num((await query(conn, 'school-known', { code }))[0]?.n) ?? 0;
    return known > 0
      ? {
          code,
          name: code,
          short_name: code,
          school_type: null,
          settlement_type: null,
          enrolment: null,
          municipality: null,
          ovz_share: null,
          nonnative_share: null,
        }
      : null;
  }
  return {
    code,
    name: String(r.name),
    short_name: String(r.short_name),
    school_type: str(r.school_type),
    settlement_type: str(r.settlement_type),
    enrolment: num(r.enrolment),
    municipality: str(r.municipality),
    ovz_share: num(r.ovz_share),
    nonnative_share: num(r.nonnative_share),
  };
}

export const loadSchoolYears = async (conn: DuckDBConnection, code: string): Promise<string[]> =>
  (await query(conn, 'school-years', { code })).map((r) => String(r.school_year));

/**
 * The year a school page shows: the one asked for when the school has data for it, else the newest (`years` is newest
 * first). `missingYear` is the year asked for that has no data — the page says so instead of silently showing another.
 */
export function pickSchoolYear(years: string[], wanted?: string): { year: string | null; missingYear: string | null } {
  if (wanted && years.includes(wanted)) return { year: wanted, missingYear: null };
  return { year: years[0] ?? null, missingYear: wanted ?? null };
}

export interface MetricDef {
  key: string;
  label: string;
  axis: string;
  share: boolean;
}
export const TIMELINE_METRICS: MetricDef[] = [
  { key: 'vpr_ku', label: 'ВПР: качество обучения (КУ), все работы', axis: 'КУ', share: true },
  { key: 'oge_ku', label: 'ОГЭ: доля «4» и «5»', axis: 'доля «4» и «5»', share: true },
  { key: 'ege_score', label: 'ЕГЭ: средний тестовый балл, все предметы', axis: 'тестовый балл', share: false },
  {
    key: 'journal_ku',
    label: 'Журнал: качество знаний — доля обучающихся на «4» и «5» по итогам года',
    axis: 'доля обучающихся',
    share: true,
  },
  { key: 'ior', label: 'ИОР (индекс образовательных результатов)', axis: 'ИОР', share: false },
];

export async function loadTimeline(
  conn: DuckDBConnection,
  code: string,
): Promise<{ metrics: MetricDef[]; series: Record<string, TimelinePoint[]> }> {
  const rows = await query(conn, 'school-timeline', { code });
  const series: Record<string, TimelinePoint[]> = {};
  for (const r of rows) {
    const k = String(r.metric);
    (series[k] ??= []).push({
      school_year: String(r.school_year),
      value: num(r.value),
      lo: num(r.lo),
      hi: num(r.hi),
      n: num(r.n),
      insufficient: bool(r.insufficient),
      median: num(r.median),
      q1: num(r.q1),
      q3: num(r.q3),
    });
  }
  return { metrics: TIMELINE_METRICS.filter((m) => series[m.key]?.length), series };
}

export interface FlagRow {
  school_year: string;
  flag: string;
  flag_level: string;
  rule_id: string;
  rule_version: string | null;
  reason: string;
  exit_criterion: string;
  selected: number;
  eligible: number;
}
export async function loadFlags(conn: DuckDBConnection, code: string): Promise<FlagRow[]> {
  return (await query(conn, 'school-flags', { code })).map((r) => ({
    school_year: String(r.school_year),
    flag: String(r.flag),
    flag_level: String(r.flag_level),
    rule_id: String(r.rule_id),
    rule_version: str(r.rule_version),
    reason: String(r.reason ?? ''),
    exit_criterion: String(r.exit_criterion ?? ''),
    selected: num(r.selected_schools) ?? 0,
    eligible: num(r.eligible_schools) ?? 0,
  }));
}

export interface ObjectivityRow extends ObjectivityWork {
  subject: string;
  grade: number | null;
  session: string | null;
  p_lowered: number | null;
  p_confirmed: number | null;
  p_raised: number | null;
  ni: number | null;
  ni_ref_pct: number | null;
  g2: number | null;
  kappa_w: number | null;
  flags: string[];
  expected_lowered: number | null;
  excess_lowered: number | null;
  excess_lo: number | null;
  excess_hi: number | null;
  f2_q: number | null;
}
export interface HistWork {
  work: string;
  bins: HistBin[];
  cuts: HistCuts | null;
  bunching: Row[];
}
export interface ObjectivityData {
  year: string;
  works: ObjectivityRow[];
  matrix: MatrixCell[];
  histograms: HistWork[];
  histogramsByWork: Record<string, HistWork>;
}

/** «Математика, 6 кл.»; the autumn ВПР sitting (the previous grade's КИМ, same school year) «Математика, 6 кл. (КИМ 5 кл., осень 2020)». */
export function workName(subject: string, grade: number | null, session: unknown = null, year = ''): string {
  const name = grade === null ? subject : `${subject}, ${grade} кл.`;
  return session === 'осень'
    ? `${name} (${grade !== null ? `КИМ ${grade - 1} кл., ` : ''}осень ${year.slice(0, 4)})`
    : name;
}

export async function loadObjectivity(conn: DuckDBConnection, code: string, year: string): Promise<ObjectivityData> {
  const [obj, matrix, hist, cuts, bunch] = await Promise.all([
    query(conn, 'school-objectivity', { code, year }),
    query(conn, 'school-mark-matrix', { code, year }),
    query(conn, 'school-histograms', { code, year }),
    query(conn, 'school-cuts', { code, year }),
    query(conn, 'school-bunching', { code, year }),
  ]);
  const works: ObjectivityRow[] = obj.map((r) => ({
    work: workName(String(r.subject), num(r.grade), r.session, year),
    subject: String(r.subject),
    grade: num(r.grade),
    session: str(r.session),
    compared: num(r.compared) ?? 0,
    lowered: num(r.lowered) ?? 0,
    confirmed: num(r.confirmed) ?? 0,
    raised: num(r.raised) ?? 0,
    insufficient: bool(r.insufficient),
    p_lowered: num(r.p_lowered),
    p_confirmed: num(r.p_confirmed),
    p_raised: num(r.p_raised),
    ni: num(r.ni),
    ni_ref_pct: num(r.ni_ref_pct),
    g2: num(r.g2),
    kappa_w: num(r.kappa_w),
    expected_lowered: num(r.expected_lowered),
    excess_lowered: num(r.excess_lowered),
    excess_lo: num(r.excess_lo),
    excess_hi: num(r.excess_hi),
    f2_q: num(r.f2_q),
    flags: (['f1', 'f2', 'f3', 'f4'] as const).filter((f) => bool(r[f])).map((f) => f.toUpperCase()),
  }));
  const byWork = new Map<string, HistWork>();
  for (const r of hist) {
    const w = workName(String(r.subject), num(r.grade), r.session, year);
    if (!byWork.has(w)) {
      const c = cuts.find(
        (x) => x.subject === r.subject && x.grade === r.grade && x.kim_grade === r.kim_grade && x.session === r.session,
      );
      byWork.set(w, {
        work: w,
        bins: [],
        cuts: c
          ? {
              mark3_min: num(c.mark3_min) ?? 0,
              mark4_min: num(c.mark4_min) ?? 0,
              mark5_min: num(c.mark5_min) ?? 0,
              max_score: num(c.max_score),
            }
          : null,
        bunching: bunch.filter(
          (b) => b.assessment === 'ВПР' && b.subject === r.subject && b.grade === r.grade && b.session === r.session,
        ),
      });
    }
    byWork.get(w)!.bins.push({
      score: num(r.score) ?? 0,
      n: num(r.n) ?? 0,
      share: num(r.share),
      municipal_share: num(r.municipal_share),
    });
  }
  return {
    year,
    works,
    matrix: matrix.map((r) => ({ vpr: num(r.vpr) ?? 0, journal: num(r.journal) ?? 0, n: num(r.n) ?? 0 })),
    histograms: [...byWork.values()].filter((h) => h.bins.some((b) => b.n > 0)),
    histogramsByWork: Object.fromEntries([...byWork].filter(([, h]) => h.bins.some((b) => b.n > 0))),
  };
}

export interface RiskRow {
  factor_no: number;
  factor: string;
  indicator: string;
  value: number | null;
  pct: number | null;
  risk_level: string;
  /** The threshold in force for «высокий» (a share; never NULL in the mart). */
  high_percentile: number;
}
export const loadRisk = async (conn: DuckDBConnection, code: string, year: string): Promise<RiskRow[]> =>
  (await query(conn, 'school-risk', { code, year })).map((r) => ({
    factor_no: num(r.factor_no) ?? 0,
    factor: String(r.factor),
    indicator: String(r.indicator),
    value: num(r.value),
    pct: num(r.pct),
    risk_level: String(r.risk_level),
    high_percentile: Number(r.high_percentile),
  }));

/** One ВПР work of the year: the school, its municipality and (where a regional file gives it) its region. */
export interface AreaRow {
  subject: string;
  grade: number;
  session: string | null;
  participants: number | null;
  ku: number | null;
  share_2: number | null;
  mean_mark: number | null;
  mun_ku: number | null;
  mun_share_2: number | null;
  mun_mean: number | null;
  region_name: string | null;
  region_participants: number | null;
  region_ku: number | null;
  region_share_2: number | null;
  region_mean: number | null;
}
export const loadAreas = async (conn: DuckDBConnection, code: string, year: string): Promise<AreaRow[]> =>
  (await query(conn, 'school-areas', { code, year })).map((r) => ({
    subject: String(r.subject),
    grade: num(r.grade) ?? 0,
    session: r.session === null ? null : String(r.session),
    participants: num(r.participants),
    ku: num(r.ku),
    share_2: num(r.share_2),
    mean_mark: num(r.mean_mark),
    mun_ku: num(r.mun_ku),
    mun_share_2: num(r.mun_share_2),
    mun_mean: num(r.mun_mean),
    region_name: r.region_name === null ? null : String(r.region_name),
    region_participants: num(r.region_participants),
    region_ku: num(r.region_ku),
    region_share_2: num(r.region_share_2),
    region_mean: num(r.region_mean),
  }));

export interface TargetGroup {
  /** Series key: indicator × subject × grade. */
  key: string;
  indicator: string;
  caption: string;
  title: string;
  unit: string;
  direction: string;
  origin: string;
  /** Legacy flag for the chart: the unit is a share. */
  share: boolean;
  baseline_year: string | null;
  points: TargetPoint[];
}
/** Targets as the charts read them: by series key. */
export const targetsJson = (groups: TargetGroup[]) => ({
  groups,
  byIndicator: Object.fromEntries(groups.map((g) => [g.key, g])),
});

/** Plan vs actual of the school's programme indicators (captions and units from the catalogue), [] before the programme marts exist. */
export async function loadTargets(conn: DuckDBConnection, code: string): Promise<TargetGroup[]> {
  let rows: Row[];
  try {
    rows = await query(conn, 'school-targets', { code });
  } catch (e) {
    if (e instanceof NotBuilt) return [];
    throw e;
  }
  const groups = new Map<string, TargetGroup>();
  for (const r of rows) {
    const indicator = String(r.indicator),
      subject = str(r.subject),
      grade = num(r.grade);
    const key = [indicator, subject ?? '', grade ?? ''].join('|');
    const caption = String(r.caption ?? indicator),
      unit = String(r.unit ?? 'index');
    const detail = [subject, grade !== null ? `${grade} кл.` : null].filter(Boolean).join(', ');
    let g = groups.get(key);
    if (!g) {
      g = {
        key,
        indicator,
        caption,
        title: detail ? `${caption}: ${detail}` : caption,
        unit,
        direction: String(r.direction ?? 'higher-better'),
        origin: String(r.origin ?? ''),
        share: unit === 'share',
        baseline_year: str(r.baseline_year),
        points: [],
      };
      groups.set(key, g);
    }
    const status = String(r.status ?? 'no_data'),
      year = String(r.school_year);
    const actual = num(r.actual);
    g.points.push({
      school_year: year,
      label: status === 'baseline' ? `${year} (база)` : year,
      baseline: num(r.baseline),
      planned: num(r.planned),
      actual: status === 'baseline' ? (actual ?? num(r.baseline)) : actual,
      achieved: status === 'on_track' ? true : status === 'at_risk' || status === 'off_track' ? false : null,
      status,
      status_reason: str(r.status_reason) ?? '',
      planned_explicit: bool(r.planned_explicit),
    });
  }
  return [...groups.values()];
}

export interface PupilRow {
  pupil_code: string;
  class_name: string | null;
  reasons_count: number;
  reasons: string;
}
export const loadPupils = async (conn: DuckDBConnection, code: string, year: string): Promise<PupilRow[]> =>
  (await query(conn, 'school-pupils', { code, year })).map((r) => ({
    pupil_code: String(r.pupil_code),
    class_name: str(r.class_name),
    reasons_count: num(r.reasons_count) ?? 0,
    reasons: String(r.reasons ?? ''),
  }));
