// Data of the committee overview (page and /api/overview): every school with ИОР, its change, КУ/ОУ on ВПР,
// flags and trend; the heat map cells; flag counts (selected of eligible). A store with several municipalities of a
// region shows one municipality (`?mo=`) or all of them; each school's flags are relative to its own municipality.
import type { DuckDBConnection } from '@duckdb/node-api';
import type { HeatCell } from '../charts/heatmap.js';
import { fmtNum, fmtPct } from '../format/numbers.js';
import { HEAT_INDICATORS, positions } from './indicators.js';
import { bool, NotBuilt, num, query, str } from './sql.js';

export interface OverviewFlag {
  flag: string;
  flag_level: string;
  rule_id: string;
  reason: string;
  exit_criterion: string;
}
export interface OverviewSchool {
  code: string;
  name: string;
  short_name: string;
  school_type: string | null;
  settlement_type: string | null;
  enrolment: number | null;
  ior: number | null;
  ior_change: number | null;
  ior_pct: number | null;
  ku: number | null;
  ou: number | null;
  vpr_n: number | null;
  vpr_insufficient: boolean;
  components: Record<string, number | null>;
  flags: OverviewFlag[];
  trend: { school_year: string; ior: number | null }[];
}
export interface FlagCount {
  flag: string;
  flag_level: string;
  selected: number;
  eligible: number;
}
export interface Overview {
  year: string | null;
  years: string[];
  /** The year asked for (`?year=`) when it has no data: the page says so and shows `year` (the last one) instead. */
  missingYear: string | null;
  municipality: { ku: number | null; ou: number | null; vpr_n: number | null };
  /** Named municipalities of the registry (a selector when more than one) and the one shown (null: all of them). */
  municipalities: string[];
  mo: string | null;
  schools: OverviewSchool[];
  flagCounts: FlagCount[];
  heat: { schools: string[]; indicators: string[]; cells: HeatCell[] };
}

export async function loadYears(conn: DuckDBConnection): Promise<string[]> {
  return (await query(conn, 'overview-years')).map((r) => String(r.school_year));
}

export async function loadMunicipalities(conn: DuckDBConnection): Promise<string[]> {
  try {
    return (await query(conn, 'overview-municipalities')).map((r) => String(r.municipality));
  } catch (e) {
    if (e instanceof NotBuilt) return [];
    throw e;
  }
}

export async function loadOverview(conn: DuckDBConnection, wanted?: string, wantedMo?: string): Promise<Overview> {
  const years = await loadYears(conn);
  const missingYear = wanted && !years.includes(wanted) ? wanted : null;
  const year = wanted && !missingYear ? wanted : (years[years.length - 1] ?? null);
  const municipalities = await loadMunicipalities(conn);
  // One municipality in the store: the whole store is it (no selector, no filter).
  const mo = municipalities.length > 1 && wantedMo && municipalities.includes(wantedMo) ? wantedMo : null;
  const empty = {
    year,
    years,
    missingYear,
    municipality: { ku: null, ou: null, vpr_n: null },
    municipalities,
    mo,
    schools: [],
    flagCounts: [],
    heat: { schools: [], indicators: [], cells: [] },
  };
  if (!year) return empty;
  const [rows, trends, flags, mun] = await Promise.all([
    query(conn, 'overview-schools', { year, mo }),
    query(conn, 'overview-trends', { mo }),
    query(conn, 'overview-flags', { year, mo }),
    query(conn, 'overview-municipality', { year, mo }),
  ]);
  const trendOf = new Map<string, { school_year: string; ior: number | null }[]>();
  for (const t of trends) {
    const code = String(t.school_code);
    if (!trendOf.has(code)) trendOf.set(code, []);
    trendOf.get(code)!.push({ school_year: String(t.school_year), ior: num(t.ior) });
  }
  const flagsOf = new Map<string, OverviewFlag[]>();
  // Selectivity is counted per municipality (mart_flags); shown together, the municipalities' counts add up.
  const byMunicipality = new Map<string, Map<string, FlagCount>>();
  for (const f of flags) {
    const code = String(f.school_code);
    const flag: OverviewFlag = {
      flag: String(f.flag),
      flag_level: String(f.flag_level),
      rule_id: String(f.rule_id),
      reason: String(f.reason ?? ''),
      exit_criterion: String(f.exit_criterion ?? ''),
    };
    if (!flagsOf.has(code)) flagsOf.set(code, []);
    flagsOf.get(code)!.push(flag);
    const key = `${flag.flag}|${flag.flag_level}`;
    if (!byMunicipality.has(key)) byMunicipality.set(key, new Map());
    byMunicipality.get(key)!.set(String(f.municipality ?? ''), {
      flag: flag.flag,
      flag_level: flag.flag_level,
      selected: num(f.selected_schools) ?? 0,
      eligible: num(f.eligible_schools) ?? 0,
    });
  }
  const flagCounts = [...byMunicipality.values()].map((m) => {
    const [first, ...rest] = [...m.values()];
    const sum = { ...first! };
    for (const c of rest) {
      sum.selected += c.selected;
      sum.eligible += c.eligible;
    }
    return sum;
  });

  const schools: OverviewSchool[] = rows.map((r) => {
    const code = String(r.school_code);
    const components: Record<string, number | null> = {};
    for (const i of HEAT_INDICATORS) components[i.key] = num(r[i.key]);
    return {
      code,
      name: String(r.name),
      short_name: String(r.short_name),
      school_type: str(r.school_type),
      settlement_type: str(r.settlement_type),
      enrolment: num(r.enrolment),
      ior: num(r.ior),
      ior_change: num(r.ior_change),
      ior_pct: num(r.ior_pct),
      ku: num(r.ku),
      ou: num(r.ou),
      vpr_n: num(r.vpr_n),
      vpr_insufficient: bool(r.vpr_insufficient),
      components,
      flags: flagsOf.get(code) ?? [],
      trend: trendOf.get(code) ?? [],
    };
  });
  schools.sort((a, b) => a.short_name.localeCompare(b.short_name, 'ru', { numeric: true }));
  const m = mun[0] ?? {};
  return {
    year,
    years,
    missingYear,
    municipality: { ku: num(m.ku), ou: num(m.ou), vpr_n: num(m.vpr_n) },
    municipalities,
    mo,
    schools,
    flagCounts,
    heat: heatCells(schools),
  };
}

export function heatCells(schools: OverviewSchool[]): Overview['heat'] {
  const listed = schools.filter((s) => s.ior !== null || s.ku !== null);
  const cells: HeatCell[] = [];
  for (const ind of HEAT_INDICATORS) {
    const vals = listed.map((s) => s.components[ind.key] ?? null);
    const pos = positions(vals, ind.direction);
    listed.forEach((s, i) => {
      const v = vals[i] ?? null;
      cells.push({
        school: s.short_name,
        indicator: ind.label,
        value: v,
        pos: pos[i] ?? null,
        text: v === null ? '—' : ind.share ? fmtPct(v, 0) : fmtNum(v, ind.key === 'ege_score' ? 1 : 2),
      });
    });
  }
  return { schools: listed.map((s) => s.short_name), indicators: HEAT_INDICATORS.map((i) => i.label), cells };
}
