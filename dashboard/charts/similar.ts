// A school against its group of similar schools: per indicator the group's interquartile range (bar), median
// (tick), the school (red dot) and, for the committee only, the other schools by name (grey dots). Two panels with
// their own axes: `part: 'index'` — ИОР in index units (0–1), `part: 'shares'` — the shares in %. A median or range
// the group is too small for is null and not drawn.
import * as Plot from '@observablehq/plot';
import { fmtNum, fmtPct, pctTick } from '../format/numbers.js';
import { C } from './palette.js';

export interface SimilarStat {
  indicator: string;
  share: boolean;
  q1: number | null;
  median: number | null;
  q3: number | null;
  self: number | null;
  n: number;
}
export interface SimilarPeer {
  indicator: string;
  share: boolean;
  name: string;
  value: number;
}
export type SimilarPart = 'index' | 'shares';

/** An indicator value as the page shows it: a share in %, the index with three decimals. */
export const similarValue = (v: number | null, share: boolean): string => (share ? fmtPct(v) : fmtNum(v, 3));

export function similarOptions(
  stats: SimilarStat[],
  peers: SimilarPeer[],
  o: { selfName: string; width?: number; part?: SimilarPart },
): Plot.PlotOptions {
  const share = (o.part ?? 'shares') === 'shares';
  const rows = stats.filter((s) => s.share === share);
  const f = similarValue;
  const range = (s: SimilarStat) =>
    s.median === null
      ? 'медиана и размах не показываются: мало ОО с данными'
      : `медиана ${f(s.median, s.share)}, межквартильный размах ${f(s.q1, s.share)} – ${f(s.q3, s.share)}`;
  return {
    width: o.width ?? 640,
    height: 56 + 34 * rows.length,
    marginLeft: 220,
    x: share
      ? { domain: [0, 1], label: 'доля, %', tickFormat: pctTick, grid: true }
      : { domain: [0, 1], label: 'ИОР, индекс от 0 до 1', tickFormat: (d: number) => fmtNum(d, 1), grid: true },
    y: { domain: rows.map((s) => s.indicator), label: null },
    marks: [
      Plot.barX(
        rows.filter((s) => s.q1 !== null && s.q3 !== null),
        { x1: 'q1', x2: 'q3', y: 'indicator', fill: C.band, insetTop: 6, insetBottom: 6 },
      ),
      Plot.tickX(
        rows.filter((s) => s.median !== null),
        { x: 'median', y: 'indicator', stroke: C.median, strokeWidth: 2, insetTop: 4, insetBottom: 4 },
      ),
      Plot.dot(
        peers.filter((p) => p.share === share),
        {
          x: 'value',
          y: 'indicator',
          r: 3,
          fill: C.muted,
          fillOpacity: 0.7,
          tip: true,
          title: (p: SimilarPeer) => `${p.name}\n${p.indicator}: ${f(p.value, p.share)}`,
        },
      ),
      Plot.dot(
        rows.filter((s) => s.self !== null),
        {
          x: 'self',
          y: 'indicator',
          r: 5,
          fill: C.cut,
          tip: true,
          title: (s: SimilarStat) => `${o.selfName}: ${f(s.self, s.share)}\nгруппа (ОО с данными: ${s.n}): ${range(s)}`,
        },
      ),
    ],
  };
}
