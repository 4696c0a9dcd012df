// A school against its group of similar schools: per indicator the group's interquartile range (bar), median
// (tick), the school (red dot) and, for the committee only, the other schools by name (grey dots).
import * as Plot from '@observablehq/plot';
import { fmtNum, fmtPct, pctTick } from '../format/numbers.js';
import { C } from './palette.js';

export interface SimilarStat { indicator: string; share: boolean; q1: number | null; median: number | null; q3: number | null; self: number | null; n: number }
export interface SimilarPeer { indicator: string; share: boolean; name: string; value: number }

export function similarOptions(stats: SimilarStat[], peers: SimilarPeer[], o: { selfName: string; width?: number }): Plot.PlotOptions {
  const f = (v: number | null, share: boolean) => (share ? fmtPct(v) : fmtNum(v));
  const withBand = stats.filter((s) => s.q1 !== null && s.q3 !== null);
  return {
    width: o.width ?? 640,
    height: 50 + 34 * stats.length,
    marginLeft: 220,
    x: { domain: [0, 1], label: 'значение (доли; ИОР — индекс от 0 до 1)', tickFormat: pctTick, grid: true },
    y: { domain: stats.map((s) => s.indicator), label: null },
    marks: [
      Plot.barX(withBand, { x1: 'q1', x2: 'q3', y: 'indicator', fill: C.band, insetTop: 6, insetBottom: 6 }),
      Plot.tickX(stats.filter((s) => s.median !== null), { x: 'median', y: 'indicator', stroke: C.median, strokeWidth: 2, insetTop: 4, insetBottom: 4 }),
      Plot.dot(peers, { x: 'value', y: 'indicator', r: 3, fill: C.muted, fillOpacity: 0.7, tip: true, title: (p: SimilarPeer) => `${p.name}\n${p.indicator}: ${f(p.value, p.share)}` }),
      Plot.dot(stats.filter((s) => s.self !== null), {
        x: 'self', y: 'indicator', r: 5, fill: C.cut, tip: true,
        title: (s: SimilarStat) => `${o.selfName}: ${f(s.self, s.share)}\nгруппа (n = ${s.n}): медиана ${f(s.median, s.share)}, межквартильный размах ${f(s.q1, s.share)} – ${f(s.q3, s.share)}`,
      }),
    ],
  };
}
