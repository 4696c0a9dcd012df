// Programme targets of one indicator over the years: plan (tick), actual (dot, green when achieved), baseline (grey).
import * as Plot from '@observablehq/plot';
import { fmtNum, fmtPct, numTick, pctTick } from '../format/numbers.js';
import { C } from './palette.js';

export interface TargetPoint { school_year: string; label: string; baseline: number | null; planned: number; actual: number | null; achieved: boolean | null }

export function targetsOptions(points: TargetPoint[], o: { title: string; share: boolean; width?: number }): Plot.PlotOptions {
  const f = (v: number | null) => (o.share ? fmtPct(v) : fmtNum(v));
  const status = (p: TargetPoint) => (p.achieved === null ? 'нет данных о факте' : p.achieved ? 'достигнуто' : 'не достигнуто');
  return {
    width: o.width ?? 420,
    height: 60 + 28 * new Set(points.map((p) => p.label)).size,
    marginLeft: 150,
    x: { label: o.title, tickFormat: o.share ? pctTick : numTick, grid: true, nice: true },
    y: { label: null },
    marks: [
      Plot.dot(points.filter((p) => p.baseline !== null), { x: 'baseline', y: 'label', stroke: C.muted, r: 3 }),
      Plot.tickX(points, { x: 'planned', y: 'label', stroke: '#333', strokeWidth: 2 }),
      Plot.dot(points.filter((p) => p.actual !== null), {
        x: 'actual', y: 'label', r: 5, fill: (p: TargetPoint) => (p.achieved ? C.good : C.bad),
        tip: true, title: (p: TargetPoint) => `${p.label}\nплан ${f(p.planned)}, факт ${f(p.actual)}${p.baseline !== null ? `, база ${f(p.baseline)}` : ''}\n${status(p)}`,
      }),
    ],
  };
}
