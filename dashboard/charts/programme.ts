// Plan vs actual of one programme indicator over the years: the plan (dashed, diamonds at the passport's explicit
// targets), the actual values (line; dot colour and shape by status), «нет данных» where a due year has no value.
// The value axis is unit-aware (./axis.ts): a narrow range of shares reads «19,5 %, 20,0 %, 20,5 %», not «20 %, 20 %, 21 %».
import * as Plot from '@observablehq/plot';
import { fmtInt } from '../format/numbers.js';
import { fmtUnit } from '../format/units.js';
import { unitAxis } from './axis.js';
import { C } from './palette.js';

export type ProgStatus = 'on_track' | 'at_risk' | 'off_track' | 'no_data' | 'baseline';
export const PROG_STATUS: Record<ProgStatus, string> = {
  on_track: 'в графике',
  at_risk: 'под угрозой',
  off_track: 'отстаёт',
  no_data: 'нет данных',
  baseline: 'базовый год',
};
export const STATUS_COLOR: Record<ProgStatus, string> = {
  on_track: C.good,
  at_risk: '#d9822b',
  off_track: C.bad,
  no_data: C.muted,
  baseline: C.muted,
};
const SYMBOL: Record<ProgStatus, string> = {
  on_track: 'circle',
  at_risk: 'triangle',
  off_track: 'square',
  no_data: 'circle',
  baseline: 'circle',
};

export interface ProgrammePoint {
  school_year: string;
  baseline: number | null;
  planned: number | null;
  planned_explicit: boolean;
  actual: number | null;
  n: number | null;
  progress: number | null;
  status: ProgStatus;
  status_reason: string;
}
export interface ProgrammeOptions {
  caption: string;
  unit: string;
  direction: string;
  upTo?: string | null;
  width?: number;
  height?: number;
}

interface Pt {
  school_year: string;
  v: number;
  p: ProgrammePoint;
}

export function programmeOptions(points: ProgrammePoint[], o: ProgrammeOptions): Plot.PlotOptions {
  const f = (v: number | null) => fmtUnit(v, o.unit);
  const years = [...new Set(points.map((p) => p.school_year))].sort();
  const at = (p: ProgrammePoint, v: number | null): Pt[] => (v === null ? [] : [{ school_year: p.school_year, v, p }]);
  const plan = points.flatMap((p) => at(p, p.status === 'baseline' ? p.baseline : p.planned));
  const targets = points.filter((p) => p.planned_explicit).flatMap((p) => at(p, p.planned));
  const fact = points.flatMap((p) => at(p, p.actual ?? (p.status === 'baseline' ? p.baseline : null)));
  const missing = points
    .filter((p) => p.status === 'no_data' && p.actual === null && (!o.upTo || p.school_year <= o.upTo))
    .flatMap((p) => at(p, p.planned));
  const title = (d: Pt) =>
    [
      `${o.caption}, ${d.school_year}`,
      d.p.status === 'baseline'
        ? `базовое значение ${f(d.v)}`
        : `факт ${f(d.p.actual)} · план ${f(d.p.planned)}${d.p.n !== null ? ` · n = ${fmtInt(d.p.n)}` : ''}`,
      `${PROG_STATUS[d.p.status]}${d.p.status_reason ? `: ${d.p.status_reason}` : ''}`,
    ].join('\n');
  const axis = unitAxis(
    [...plan, ...targets, ...fact, ...missing].map((d) => d.v),
    o.unit,
    { count: 4 },
  );
  const dots = (Object.keys(PROG_STATUS) as ProgStatus[])
    .filter((s) => s !== 'no_data')
    .map((s) =>
      Plot.dot(
        fact.filter((d) => d.p.status === s),
        {
          x: 'school_year',
          y: 'v',
          r: s === 'baseline' ? 4 : 5.5,
          symbol: SYMBOL[s],
          fill: STATUS_COLOR[s],
          stroke: 'white',
          strokeWidth: 1,
          className: `st-${s}`,
          ariaDescription: PROG_STATUS[s],
          tip: true,
          title,
        },
      ),
    );
  return {
    width: o.width ?? 460,
    height: o.height ?? 230,
    marginLeft: 56,
    marginTop: 24,
    marginRight: 24,
    x: { type: 'point', domain: years, label: null, padding: 0.35 },
    y: {
      label: `${o.caption} ${o.direction === 'lower-better' ? '(лучше — меньше)' : '(лучше — больше)'}`,
      labelArrow: 'none',
      grid: true,
      domain: axis.domain,
      ticks: axis.ticks,
      tickFormat: axis.format,
    },
    marks: [
      Plot.lineY(plan, {
        x: 'school_year',
        y: 'v',
        stroke: '#333',
        strokeWidth: 1.5,
        strokeDasharray: '5,4',
        className: 'plan',
        ariaDescription: 'план',
      }),
      Plot.dot(targets, {
        x: 'school_year',
        y: 'v',
        symbol: 'diamond',
        r: 4.5,
        stroke: '#333',
        fill: 'white',
        className: 'target',
        ariaDescription: 'целевое значение паспорта',
      }),
      Plot.lineY(fact, {
        x: 'school_year',
        y: 'v',
        stroke: C.school,
        strokeWidth: 2,
        className: 'actual',
        ariaDescription: 'факт',
      }),
      ...dots,
      Plot.text(fact, { x: 'school_year', y: 'v', dy: -11, text: (d: Pt) => f(d.v), fontSize: 9, fill: '#333' }),
      Plot.text(missing, {
        x: 'school_year',
        y: 'v',
        dy: 14,
        text: () => 'нет данных',
        fill: C.muted,
        fontSize: 9,
        className: 'no-data',
      }),
    ],
  };
}
