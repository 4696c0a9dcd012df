// Chart registry: a page names a chart kind, the data (JSON embedded in the page) and options; the browser bundle
// and the server-side print renderer call the same pure builders.
import type * as Plot from '@observablehq/plot';
import { heatmapOptions } from './heatmap.js';
import { histogramOptions } from './histogram.js';
import { markMatrixOptions } from './mark-matrix.js';
import { objectivityOptions } from './objectivity.js';
import { programmeOptions } from './programme.js';
import { effectOptions } from './programme-effect.js';
import { similarOptions } from './similar.js';
import { sparklineOptions } from './sparkline.js';
import { statusGridOptions } from './status-grid.js';
import { targetsOptions } from './targets.js';
import { timelineOptions } from './timeline.js';

/* eslint-disable @typescript-eslint/no-explicit-any */
// biome-ignore lint/suspicious/noExplicitAny: each chart reads its own row and option shapes from the page's JSON
export type ChartBuilder = (data: any, opts: any) => Plot.PlotOptions;

export const CHARTS: Record<string, ChartBuilder> = {
  timeline: (d, o) => timelineOptions(d, o),
  objectivity: (d, o) => objectivityOptions(d, o),
  'mark-matrix': (d, o) => markMatrixOptions(d, o),
  histogram: (d, o) => histogramOptions(d.bins, { ...o, cuts: d.cuts }),
  sparkline: (d, o) => sparklineOptions(d, o),
  heatmap: (d, o) => heatmapOptions(d.cells, { ...o, schools: d.schools, indicators: d.indicators }),
  'status-grid': (d, o) => statusGridOptions(d, o),
  targets: (d, o) => targetsOptions(d, o),
  similar: (d, o) => similarOptions(d.stats, d.peers, { ...o, selfName: d.selfName }),
  programme: (d, o) => programmeOptions(d, o),
  'programme-effect': (d, o) => effectOptions(d, o),
};

/** Encodes one key of a path (keys may contain dots: school identifiers from source files). */
export const pathKey = (k: string): string => encodeURIComponent(k).replace(/\./g, '%2E');

/** Picks a sub-value by a dot path of encoded keys ('series.vpr_ku'); '' returns the whole value. */
export function pick(json: unknown, path: string): unknown {
  let v: unknown = json;
  for (const k of path.split('.').filter(Boolean))
    v = v && typeof v === 'object' ? (v as Record<string, unknown>)[decodeURIComponent(k)] : undefined;
  return v;
}
