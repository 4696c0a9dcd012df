// The committee's view of all programmes: every supported school × its indicators as traffic lights per school year,
// the roadmap and exit-criteria counts per school, and the comparison with similar schools (difference in differences).
import type { DuckDBConnection } from '@duckdb/node-api';
import type { ProgStatus } from '../charts/programme.js';
import {
  asStatus,
  type EffectRow,
  effectRow,
  loadThresholds,
  STATUS_ORDER,
  seriesKey,
  soft,
  type Thresholds,
} from './programme.js';
import { num, str } from './sql.js';

export interface MatrixItem {
  status: ProgStatus;
  actual: number | null;
  planned: number | null;
  baseline: number | null;
  reason: string;
  /** The passport's baseline where Ориентир judges from its own measured one; differs: beyond the tolerance. */
  passport_baseline: number | null;
  baseline_origin: string | null;
  baseline_differs: boolean;
}
export interface MatrixSeries {
  key: string;
  indicator: string;
  caption: string;
  detail: string;
  unit: string;
  direction: string;
  custom: boolean;
  byYear: Record<string, MatrixItem>;
}
export interface MatrixRow {
  school_code: string;
  school_name: string;
  programme_name: string | null;
  start_year: string | null;
  end_year: string | null;
  series: MatrixSeries[];
  roadmap: { total: number; done: number; open: number; overdue: number };
  exit: { met: number; total: number; year: string } | null;
}
export interface ProgrammesOverview {
  /** The latest school year with an actual value anywhere: the verdicts «now» and the counts are of this year. */
  year: string | null;
  years: string[];
  rows: MatrixRow[];
  effect: EffectRow[];
  thresholds: Thresholds;
  notBuilt: boolean;
  counts: Record<ProgStatus, number>;
}

/** The status a group of series shows: the worst of them. */
export const worst = (items: { status: ProgStatus }[]): ProgStatus =>
  STATUS_ORDER.find((s) => items.some((i) => i.status === s)) ?? 'no_data';

const JUDGED = new Set(['on_track', 'at_risk', 'off_track']);

export async function loadProgrammes(conn: DuckDBConnection): Promise<ProgrammesOverview> {
  const missing = { value: false };
  const [schools, progress, roadmap, exit, effect, thresholds] = await Promise.all([
    soft(conn, 'programmes-list', {}, missing),
    soft(conn, 'programmes-progress-all', {}, missing),
    soft(conn, 'programmes-roadmap-counts', {}, missing),
    soft(conn, 'programmes-exit-counts', {}, missing),
    soft(conn, 'programme-effect', {}, missing),
    loadThresholds(conn),
  ]);
  const rows = new Map<string, MatrixRow>();
  const row = (code: string, name: string | null) => {
    let r = rows.get(code);
    if (!r) {
      r = {
        school_code: code,
        school_name: name ?? code,
        programme_name: null,
        start_year: null,
        end_year: null,
        series: [],
        roadmap: { total: 0, done: 0, open: 0, overdue: 0 },
        exit: null,
      };
      rows.set(code, r);
    }
    return r;
  };
  for (const s of schools) {
    const r = row(String(s.school_code), str(s.school_name));
    r.programme_name ??= str(s.programme_name);
    r.start_year ??= str(s.start_year);
    r.end_year = str(s.end_year) ?? r.end_year;
  }
  const years = new Set<string>();
  const year =
    progress
      .filter((p) => JUDGED.has(String(p.status)))
      .map((p) => String(p.school_year))
      .sort()
      .at(-1) ?? null;
  const counts = { on_track: 0, at_risk: 0, off_track: 0, no_data: 0, baseline: 0 } as Record<ProgStatus, number>;
  for (const p of progress) {
    const r = row(String(p.school_code), str(p.school_name));
    const indicator = String(p.indicator),
      subject = str(p.subject),
      grade = num(p.grade),
      key = seriesKey(indicator, subject, grade);
    let s = r.series.find((x) => x.key === key);
    if (!s) {
      s = {
        key,
        indicator,
        caption: String(p.caption ?? indicator),
        detail: [subject, grade !== null ? `${grade} кл.` : null].filter(Boolean).join(', '),
        unit: String(p.unit ?? 'index'),
        direction: String(p.direction ?? 'higher-better'),
        custom: indicator.startsWith('c_'),
        byYear: {},
      };
      r.series.push(s);
    }
    const y = String(p.school_year);
    years.add(y);
    const item: MatrixItem = {
      status: asStatus(p.status),
      actual: num(p.actual),
      planned: num(p.planned),
      baseline: num(p.baseline),
      reason: str(p.status_reason) ?? '',
      passport_baseline: num(p.passport_baseline),
      baseline_origin: str(p.baseline_origin),
      baseline_differs: p.baseline_differs === true,
    };
    s.byYear[y] = item;
    if (y === year) counts[item.status]++;
  }
  for (const x of roadmap) {
    const r = rows.get(String(x.school_code));
    if (r)
      r.roadmap = {
        total: num(x.total) ?? 0,
        done: num(x.done) ?? 0,
        open: num(x.open) ?? 0,
        overdue: num(x.overdue) ?? 0,
      };
  }
  for (const x of exit) {
    const r = rows.get(String(x.school_code));
    if (r) r.exit = { met: num(x.met) ?? 0, total: num(x.total) ?? 0, year: String(x.school_year) };
  }
  return {
    year,
    years: [...years].sort(),
    rows: [...rows.values()].sort((a, b) => a.school_name.localeCompare(b.school_name, 'ru')),
    effect: effect.map(effectRow),
    thresholds,
    notBuilt: missing.value,
    counts,
  };
}

/** The JSON of /api/programmes: the matrix and, per outcome, the forest-plot points of the comparison. */
export function programmesJson(o: ProgrammesOverview) {
  const byOutcome: Record<string, { caption: string; unit: string; points: unknown[] }> = {};
  for (const e of o.effect) {
    const g = (byOutcome[e.outcome] ??= { caption: e.outcome_caption, unit: e.unit, points: [] });
    g.points.push({
      label: e.school_code === null ? 'Все ОО с программами' : (e.school_name ?? e.school_code),
      district: e.school_code === null,
      effect: e.effect,
      ci_lo: e.ci_lo,
      ci_hi: e.ci_hi,
      n_controls: e.n_controls,
      evidence: e.evidence,
    });
  }
  return { year: o.year, years: o.years, rows: o.rows, counts: o.counts, effect: byOutcome };
}
