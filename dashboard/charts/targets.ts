// Programme targets of one indicator over the years (the school page's «Целевые показатели»): one row per year from the
// baseline year to the page's year; plan (black tick), actual (dot coloured by status), baseline (grey dot). Values in the
// indicator's unit (share → %, index → 0,438, mark, score, count); axis ticks at a precision that keeps them distinct.
import * as Plot from '@observablehq/plot';
import { fmtUnit } from '../format/units.js';
import { C } from './palette.js';

export interface TargetPoint {
  school_year: string; label: string; baseline: number | null; planned: number | null; actual: number | null; achieved: boolean | null;
  /** Status of the year (mart_programme_progress): on_track, at_risk, off_track, no_data, baseline. */
  status?: string; status_reason?: string; planned_explicit?: boolean;
}
export interface TargetOptions {
  title: string; unit?: string; direction?: string; upTo?: string | null; width?: number;
  /** Legacy: share = unit 'share', otherwise a plain number. */
  share?: boolean;
}

const STATUS_TEXT: Record<string, string> = { on_track: 'в графике', at_risk: 'под угрозой', off_track: 'отстаёт', no_data: 'нет данных о факте', baseline: 'базовый год' };
const STATUS_FILL: Record<string, string> = { on_track: C.good, at_risk: '#d9822b', off_track: C.bad, no_data: C.muted, baseline: C.muted };
const UNIT_AXIS: Record<string, string> = { share: '%', index: 'индекс (0–1)', mark: 'отметка', score: 'балл', count: 'количество' };

const statusOf = (p: TargetPoint): string => p.status ?? (p.achieved === null ? 'no_data' : p.achieved ? 'on_track' : 'off_track');
const MINUS = (s: string) => s.replace(/^-/, '−');

/** «Nice» step of about `count` intervals over [lo, hi]: 1, 2 or 5 × 10^k (as d3.tickStep). */
export function tickStep(lo: number, hi: number, count: number): number {
  const raw = Math.abs(hi - lo) / Math.max(1, count);
  if (!(raw > 0) || !Number.isFinite(raw)) return 1;
  const p = 10 ** Math.floor(Math.log10(raw));
  const e = raw / p;
  return (e >= 7.07 ? 10 : e >= 3.16 ? 5 : e >= 1.41 ? 2 : 1) * p;
}

/**
 * Domain, ticks and a tick format for values of a unit: ticks every «nice» step, each tick labelled with as many decimals
 * as the step needs (so «20 %, 20 %, 21 %» cannot happen: 19,5 %, 20,0 %, 20,5 %). Shares and indices stay within 0…1.
 */
export function unitAxis(values: number[], unit: string, count = 3): { domain: [number, number]; ticks: number[]; format: (d: number) => string } {
  const share = unit === 'share';
  let lo = Math.min(...values), hi = Math.max(...values);
  if (!Number.isFinite(lo)) { lo = 0; hi = 1; }
  if (hi - lo < 1e-9) {
    const pad = Math.abs(lo) > 0 ? Math.abs(lo) * 0.1 : share || unit === 'index' ? 0.05 : 1;
    lo -= pad; hi += pad;
  }
  if (share || unit === 'index') { lo = Math.max(0, lo); hi = Math.min(1, hi); }
  if (unit === 'count') lo = Math.max(0, lo);
  let step = tickStep(lo, hi, count);
  if (unit === 'count') step = Math.max(1, step);
  const t0 = Math.floor(lo / step + 1e-9) * step, t1 = Math.ceil(hi / step - 1e-9) * step;
  const ticks: number[] = [];
  for (let i = 0, t = t0; t <= t1 + step / 2 && i < 50; i++, t = t0 + i * step) ticks.push(Number(t.toPrecision(12)));
  const shown = share ? step * 100 : step;
  const digits = Math.max(0, Math.min(4, -Math.floor(Math.log10(shown) + 1e-9)));
  const nf = new Intl.NumberFormat('ru-RU', { minimumFractionDigits: digits, maximumFractionDigits: digits });
  const format = (d: number) => MINUS(nf.format(share ? 100 * d : d).replace(/\u00a0/g, ' ')) + (share ? ' %' : '');
  return { domain: [ticks[0]!, ticks[ticks.length - 1]!], ticks, format };
}

export function targetsOptions(all: TargetPoint[], o: TargetOptions): Plot.PlotOptions {
  const unit = o.unit ?? (o.share ? 'share' : 'plain');
  const f = (v: number | null) => fmtUnit(v, unit);
  const points = o.upTo ? all.filter((p) => p.school_year <= o.upTo!) : all;
  const values = points.flatMap((p) => [p.baseline, p.planned, p.actual]).filter((v): v is number => typeof v === 'number' && Number.isFinite(v));
  const axis = unitAxis(values, unit);
  const isBase = (p: TargetPoint) => statusOf(p) === 'baseline';
  const baseRows = points.filter((p) => isBase(p) && (p.actual ?? p.baseline) !== null);
  const legacyBase = points.filter((p) => p.status === undefined && p.baseline !== null);
  const missing = points.filter((p) => !isBase(p) && p.actual === null && p.planned !== null);
  const facts = points.filter((p) => !isBase(p) && p.actual !== null);
  const title = (p: TargetPoint) => [
    `${o.title}, ${p.school_year}`,
    isBase(p) ? `базовое значение ${f(p.actual ?? p.baseline)}` : `план ${f(p.planned)}, факт ${f(p.actual)}${p.baseline !== null ? `, база ${f(p.baseline)}` : ''}`,
    `${STATUS_TEXT[statusOf(p)] ?? ''}${p.status_reason && !isBase(p) ? `: ${p.status_reason}` : ''}`,
  ].join('\n');
  const better = o.direction === 'lower-better' ? ', лучше — меньше' : o.direction === 'higher-better' ? ', лучше — больше' : '';
  return {
    width: o.width ?? 420,
    height: 64 + 28 * new Set(points.map((p) => p.label)).size,
    marginLeft: 120,
    marginRight: 24,
    x: { label: `${UNIT_AXIS[unit] ?? 'значение'}${better}`, labelArrow: 'none', domain: axis.domain, ticks: axis.ticks, tickFormat: axis.format, grid: true },
    y: { label: null, domain: [...new Set(points.map((p) => p.label))] },
    marks: [
      Plot.dot(baseRows, { x: (p: TargetPoint) => p.actual ?? p.baseline, y: 'label', fill: C.muted, r: 4, className: 'baseline', ariaDescription: 'базовое значение', tip: true, title }),
      Plot.dot(legacyBase, { x: 'baseline', y: 'label', stroke: C.muted, r: 3, ariaDescription: 'базовое значение' }),
      Plot.tickX(points.filter((p) => !isBase(p) && p.planned !== null), { x: 'planned', y: 'label', stroke: '#333', strokeWidth: 2, className: 'plan', ariaDescription: 'план' }),
      Plot.dot(facts, {
        x: 'actual', y: 'label', r: 5, fill: (p: TargetPoint) => STATUS_FILL[statusOf(p)] ?? C.muted, stroke: 'white', className: 'fact', ariaDescription: 'факт',
        tip: true, title,
      }),
      Plot.text(facts, { x: 'actual', y: 'label', dy: -10, text: (p: TargetPoint) => f(p.actual), fontSize: 9, fill: '#333' }),
      Plot.text(baseRows, { x: (p: TargetPoint) => p.actual ?? p.baseline, y: 'label', dy: -10, text: (p: TargetPoint) => f(p.actual ?? p.baseline), fontSize: 9, fill: C.median }),
      Plot.text(missing, { x: 'planned', y: 'label', dy: -10, text: () => 'нет данных', fontSize: 9, fill: C.muted, className: 'no-data' }),
    ],
  };
}
