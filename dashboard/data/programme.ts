// Data of the «Программа» tab and of the committee's /programmes view, from the programme marts
// (mart_programme_progress, mart_programme_exit, mart_programme_effect, stg_programmes, mart_roadmap).
import type { DuckDBConnection } from '@duckdb/node-api';
import { PROG_STATUS, type ProgrammePoint, type ProgStatus } from '../charts/programme.js';
import { loadMethodology } from './methodology.js';
import { bool, type Cell, NotBuilt, num, query, type Row, str } from './sql.js';

/** A school head sees no comparison built on fewer similar schools (their results would be guessable). */
export const MIN_ANONYMOUS_CONTROLS = 3;
/** Worst first: the order a cell combining several series takes its colour from. */
export const STATUS_ORDER: ProgStatus[] = ['off_track', 'at_risk', 'no_data', 'on_track', 'baseline'];
export const asStatus = (v: unknown): ProgStatus =>
  typeof v === 'string' && v in PROG_STATUS ? (v as ProgStatus) : 'no_data';

export interface Passport {
  programme_name: string;
  start_year: string;
  end_year: string | null;
  goal: string | null;
}

export interface Series {
  key: string;
  indicator: string;
  caption: string;
  unit: string;
  direction: string;
  origin: string;
  subject: string | null;
  grade: number | null;
  baseline: number | null;
  baseline_year: string | null;
  /** The two baselines: the passport's and Ориентир's own (the value measured in the baseline year), and which one counts. */
  passport_baseline: number | null;
  measured_baseline: number | null;
  baseline_origin: 'measured' | 'passport' | null;
  /** The two differ by more than the tolerance (programme_baseline_tolerance / _rel). */
  baseline_differs: boolean;
  /** The plan is the passport's planned change from the measured baseline (not the passport's numbers). */
  planned_adjusted: boolean;
  points: SeriesPoint[];
  /** The latest year with a verdict (or the latest year without data once the plan has started). */
  current: SeriesPoint | null;
}

/** A year of a series: the chart's point plus the passport's own plan and, for the official ИОР, Ориентир's ИОР [R]. */
export interface SeriesPoint extends ProgrammePoint {
  planned_passport: number | null;
  orientir_ior: number | null;
}

export interface Measure {
  measure_id: string;
  section: string | null;
  title: string;
  deadline: string | null;
  deadline_text: string | null;
  responsible: string | null;
  expected_result: string | null;
  status: string;
  evidence: string | null;
  updated_at: string | null;
  updated_by: string | null;
  overdue: boolean;
}

export interface ExitRow {
  school_year: string;
  criterion_id: string;
  criterion: string;
  indicator: string;
  unit: string;
  threshold: number | null;
  value: number | null;
  distance: number | null;
  met: boolean;
}

export interface EffectRow {
  school_code: string | null;
  school_name: string | null;
  programme_name: string | null;
  start_year: string | null;
  outcome: string;
  outcome_caption: string;
  unit: string;
  pre_years: string | null;
  post_years: string | null;
  treated_change: number | null;
  control_change: number | null;
  n_treated: number | null;
  n_controls: number | null;
  control_group: string | null;
  effect: number | null;
  se: number | null;
  ci_lo: number | null;
  ci_hi: number | null;
  evidence: string;
  evidence_text: string;
}

export interface Thresholds {
  atRisk: number;
  minControls: number | null;
  baselineTol: number;
  baselineTolRel: number;
  params: { key: string; title: string; value: number; status: string }[];
}

/** Rows of a query, or [] with `missing` set when the programme marts are not built yet (older build). */
export async function soft(
  conn: DuckDBConnection,
  name: string,
  params: Record<string, string | number | null>,
  missing: { value: boolean },
): Promise<Row[]> {
  try {
    return await query(conn, name, params);
  } catch (e) {
    if (e instanceof NotBuilt) {
      missing.value = true;
      return [];
    }
    throw e;
  }
}

export const seriesKey = (indicator: string, subject: string | null, grade: number | null): string =>
  [indicator, subject ?? '', grade ?? ''].join('|');
export const seriesLabel = (s: { caption: string; subject: string | null; grade: number | null }): string =>
  [s.caption, [s.subject, s.grade !== null ? `${s.grade} кл.` : null].filter(Boolean).join(', ')]
    .filter(Boolean)
    .join(': ');

export function point(r: Row): SeriesPoint {
  return {
    school_year: String(r.school_year),
    baseline: num(r.baseline),
    planned: num(r.planned),
    planned_explicit: bool(r.planned_explicit),
    actual: num(r.actual),
    n: num(r.n),
    progress: num(r.progress),
    status: asStatus(r.status),
    status_reason: str(r.status_reason) ?? '',
    planned_passport: num(r.planned_passport),
    orientir_ior: num(r.orientir_ior),
  };
}

const baselineOrigin = (v: Cell | undefined): 'measured' | 'passport' | null =>
  v === 'measured' || v === 'passport' ? v : null;

/** The series' verdict now: the latest year with an actual value, else the latest started year without data. */
export function currentPoint<P extends ProgrammePoint>(points: P[], dataYear: string | null): P | null {
  const judged = points.filter((p) => p.status === 'on_track' || p.status === 'at_risk' || p.status === 'off_track');
  const last = judged.at(-1) ?? null;
  if (dataYear === null) return last;
  const due = points.filter((p) => p.status === 'no_data' && p.school_year <= dataYear).at(-1);
  return due && (!last || due.school_year > last.school_year) ? due : last;
}

export function groupSeries(rows: Row[], dataYear: string | null): Series[] {
  const out = new Map<string, Series>();
  for (const r of rows) {
    const subject = str(r.subject),
      grade = num(r.grade),
      indicator = String(r.indicator);
    const key = seriesKey(indicator, subject, grade);
    let s = out.get(key);
    if (!s) {
      s = {
        key,
        indicator,
        caption: String(r.caption ?? indicator),
        unit: String(r.unit ?? 'index'),
        direction: String(r.direction ?? 'higher-better'),
        origin: String(r.origin ?? ''),
        subject,
        grade,
        baseline: num(r.baseline),
        baseline_year: str(r.baseline_year),
        passport_baseline: num(r.passport_baseline),
        measured_baseline: num(r.measured_baseline),
        baseline_origin: baselineOrigin(r.baseline_origin),
        baseline_differs: bool(r.baseline_differs),
        planned_adjusted: false,
        points: [],
        current: null,
      };
      out.set(key, s);
    }
    s.points.push(point(r));
    if (bool(r.planned_adjusted)) s.planned_adjusted = true;
  }
  for (const s of out.values()) s.current = currentPoint(s.points, dataYear);
  return [...out.values()];
}

const measure = (r: Row): Measure => ({
  measure_id: String(r.measure_id),
  section: str(r.section),
  title: String(r.title ?? ''),
  deadline: str(r.deadline)?.slice(0, 10) ?? null,
  deadline_text: str(r.deadline_text),
  responsible: str(r.responsible),
  expected_result: str(r.expected_result),
  status: String(r.status ?? 'planned'),
  evidence: str(r.evidence),
  updated_at: str(r.updated_at),
  updated_by: str(r.updated_by),
  overdue: bool(r.overdue),
});

export const exitRow = (r: Row): ExitRow => ({
  school_year: String(r.school_year),
  criterion_id: String(r.criterion_id),
  criterion: String(r.criterion ?? ''),
  indicator: String(r.indicator ?? ''),
  unit: String(r.unit ?? 'index'),
  threshold: num(r.threshold),
  value: num(r.value),
  distance: num(r.distance),
  met: bool(r.met),
});

export const effectRow = (r: Row): EffectRow => ({
  school_code: str(r.school_code),
  school_name: r.school_code === null ? null : str(r.school_name),
  programme_name: str(r.programme_name),
  start_year: str(r.start_year),
  outcome: String(r.outcome),
  outcome_caption: String(r.outcome_caption ?? r.outcome),
  unit: String(r.unit ?? 'index'),
  pre_years: str(r.pre_years),
  post_years: str(r.post_years),
  treated_change: num(r.treated_change),
  control_change: num(r.control_change),
  n_treated: num(r.n_treated),
  n_controls: num(r.n_controls),
  control_group: str(r.control_group),
  effect: num(r.effect),
  se: num(r.se),
  ci_lo: num(r.ci_lo),
  ci_hi: num(r.ci_hi),
  evidence: String(r.evidence ?? ''),
  evidence_text: String(r.evidence_text ?? ''),
});

/** Thresholds of the on-track rule and of the comparison, as in force (cfg_params, else the config file). */
export async function loadThresholds(conn: DuckDBConnection): Promise<Thresholds> {
  const m = await loadMethodology(conn);
  const params = m.params
    .filter((p) => p.key.startsWith('programme_'))
    .map((p) => ({ key: p.key, title: p.title, value: p.value, status: p.status }));
  const v = (k: string) => params.find((p) => p.key === k)?.value ?? null;
  return {
    atRisk: v('programme_at_risk_progress') ?? 0.5,
    minControls: v('programme_min_controls'),
    baselineTol: v('programme_baseline_tolerance') ?? 0.05,
    baselineTolRel: v('programme_baseline_tolerance_rel') ?? 0.1,
    params,
  };
}

export interface SchoolProgramme {
  passports: Passport[];
  series: Series[];
  roadmap: Measure[];
  exit: ExitRow[];
  effect: EffectRow[];
  thresholds: Thresholds;
  dataYear: string | null;
  notBuilt: boolean;
}

export async function loadSchoolProgramme(conn: DuckDBConnection, code: string): Promise<SchoolProgramme> {
  const missing = { value: false };
  const [pass, prog, road, exit, effect, thresholds] = await Promise.all([
    soft(conn, 'programme-passport', { code }, missing),
    soft(conn, 'programme-progress', { code }, missing),
    soft(conn, 'programme-roadmap', { code }, missing),
    soft(conn, 'programme-exit', { code }, missing),
    soft(conn, 'programme-effect', {}, missing),
    loadThresholds(conn),
  ]);
  const dataYear =
    prog
      .filter((r) => ['on_track', 'at_risk', 'off_track'].includes(String(r.status)))
      .map((r) => String(r.school_year))
      .sort()
      .at(-1) ?? null;
  const latestExit = exit
    .map((r) => String(r.school_year))
    .sort()
    .at(-1);
  return {
    passports: pass.map((r) => ({
      programme_name: String(r.programme_name ?? ''),
      start_year: String(r.start_year ?? ''),
      end_year: str(r.end_year),
      goal: str(r.goal),
    })),
    series: groupSeries(prog, dataYear),
    roadmap: road.map(measure),
    exit: exit.filter((r) => String(r.school_year) === latestExit).map(exitRow),
    effect: effect.map(effectRow).filter((e) => e.school_code === code || e.school_code === null),
    thresholds,
    dataYear,
    notBuilt: missing.value,
  };
}

/** The JSON the «Программа» tab's charts read: points per series key. */
export const programmeJson = (p: SchoolProgramme) => ({
  series: Object.fromEntries(p.series.map((s) => [s.key, s.points])),
  meta: Object.fromEntries(
    p.series.map((s) => [
      s.key,
      { caption: s.caption, unit: s.unit, direction: s.direction, subject: s.subject, grade: s.grade },
    ]),
  ),
});
