// Programme targets of one indicator over the years (the school page's «Целевые показатели»): one row per year from the
// baseline year to the page's year; plan (black tick), actual (dot coloured by status), baseline (grey dot). Values in the
// indicator's unit (share → %, index → 0,438, mark, score, count); axis ticks at a precision that keeps them distinct.
import * as Plot from '@observablehq/plot';
import { fmtUnit } from '../format/units.js';
import { unitAxis } from './axis.js';
import { C } from './palette.js';

export interface TargetPoint {
  school_year: string;
  label: string;
  baseline: number | null;
  planned: number | null;
  actual: number | null;
  achieved: boolean | null;
  /** Status of the year (mart_programme_progress): on_track, at_risk, off_track, no_data, baseline. */
  status?: string;
  status_reason?: string;
  planned_explicit?: boolean;
}
export interface TargetOptions {
  title: string;
  unit?: string;
  direction?: string;
  upTo?: string | null;
  width?: number;
  /** Legacy: share = unit 'share', otherwise a plain number. */
  share?: boolean;
}

const STATUS_TEXT: Record<string, string> = {
  on_track: 'в графике',
  at_risk: 'под угрозой',
  off_track: 'отстаёт',
  no_data: 'нет данных о факте',
  baseline: 'базовый год',
};
const STATUS_FILL: Record<string, string> = {
  on_track: C.good,
  at_risk: '#d9822b',
  off_track: C.bad,
  no_data: C.muted,
  baseline: C.muted,
};
const UNIT_AXIS: Record<string, string> = {
  share: '%',
  index: 'индекс (0–1)',
  mark: 'отметка',
  score: 'балл',
  count: 'количество',
};

const statusOf = (p: TargetPoint): string =>
  p.status ?? (p.achieved === null ? 'no_data' : p.achieved ? 'on_track' : 'off_track');

// The unit-aware axis moved to ./axis.ts (shared with the programme charts); kept importable from here.
export { tickStep, unitAxis } from './axis.js';

export function targetsOptions(all: TargetPoint[], o: TargetOptions): Plot.PlotOptions {
  const unit = o.unit ?? (o.share ? 'share' : 'plain');
  const f = (v: number | null) => fmtUnit(v, unit);
  const points = o.upTo ? all.filter((p) => p.school_year <= o.upTo!) : all;
  const values = points
    .flatMap((p) => [p.baseline, p.planned, p.actual])
    .filter((v): v is number => typeof v === 'number' && Number.isFinite(v));
  const axis = unitAxis(values, unit);
  const isBase = (p: TargetPoint) => statusOf(p) === 'baseline';
  const baseRows = points.filter((p) => isBase(p) && (p.actual ?? p.baseline) !== null);
  const legacyBase = points.filter((p) => p.status === undefined && p.baseline !== null);
  const missing = points.filter((p) => !isBase(p) && p.actual === null && p.planned !== null);
  const facts = points.filter((p) => !isBase(p) && p.actual !== null);
  const title = (p: TargetPoint) =>
    [
      `${o.title}, ${p.school_year}`,
      isBase(p)
        ? `базовое значение ${f(p.actual ?? p.baseline)}`
        : `план ${f(p.planned)}, факт ${f(p.actual)}${p.baseline !== null ? `, база ${f(p.baseline)}` : ''}`,
      `${STATUS_TEXT[statusOf(p)] ?? ''}${p.status_reason && !isBase(p) ? `: ${p.status_reason}` : ''}`,
    ].join('\n');
  const better =
    o.direction === 'lower-better' ? ', лучше — меньше' : o.direction === 'higher-better' ? ', лучше — больше' : '';
  return {
    width: o.width ?? 420,
    height: 64 + 28 * new Set(points.map((p) => p.label)).size,
    marginLeft: 120,
    marginRight: 24,
    x: {
      label: `${UNIT_AXIS[unit] ?? 'значение'}${better}`,
      labelArrow: 'none',
      domain: axis.domain,
      ticks: axis.ticks,
      tickFormat: axis.format,
      grid: true,
    },
    y: { label: null, domain: [...new Set(points.map((p) => p.label))] },
    marks: [
      Plot.dot(baseRows, {
        x: (p: TargetPoint) => p.actual ?? p.baseline,
        y: 'label',
        fill: C.muted,
        r: 4,
        className: 'baseline',
        ariaDescription: 'базовое значение',
        tip: true,
        title,
      }),
      Plot.dot(legacyBase, { x: 'baseline', y: 'label', stroke: C.muted, r: 3, ariaDescription: 'базовое значение' }),
      Plot.tickX(
        points.filter((p) => !isBase(p) && p.planned !== null),
        { x: 'planned', y: 'label', stroke: '#333', strokeWidth: 2, className: 'plan', ariaDescription: 'план' },
      ),
      Plot.dot(facts, {
        x: 'actual',
        y: 'label',
        r: 5,
        fill: (p: TargetPoint) => STATUS_FILL[statusOf(p)] ?? C.muted,
        stroke: 'white',
        className: 'fact',
        ariaDescription: 'факт',
        tip: true,
        title,
      }),
      Plot.text(facts, {
        x: 'actual',
        y: 'label',
        dy: -10,
        text: (p: TargetPoint) => f(p.actual),
        fontSize: 9,
        fill: '#333',
      }),
      Plot.text(baseRows, {
        x: (p: TargetPoint) => p.actual ?? p.baseline,
        y: 'label',
        dy: -10,
        text: (p: TargetPoint) => f(p.actual ?? p.baseline),
        fontSize: 9,
        fill: C.median,
      }),
      Plot.text(missing, {
        x: 'planned',
        y: 'label',
        dy: -10,
        text: () => 'нет данных',
        fontSize: 9,
        fill: C.muted,
        className: 'no-data',
      }),
    ],
  };
}
