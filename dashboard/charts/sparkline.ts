// Tiny trend line of ИОР over the years for the overview table (the numbers are in the table under it).
import * as Plot from '@observablehq/plot';
import { fmtNum } from '../format/numbers.js';
import { C } from './palette.js';

export interface SparkPoint {
  school_year: string;
  ior: number | null;
}

export function sparklineOptions(
  points: SparkPoint[],
  o: { years: string[]; width?: number; height?: number },
): Plot.PlotOptions {
  const data = points.filter((p) => p.ior !== null);
  return {
    width: o.width ?? 110,
    height: o.height ?? 28,
    margin: 4,
    axis: null,
    x: { type: 'point', domain: o.years },
    y: { domain: [0, 1] },
    marks: [
      Plot.lineY(data, { x: 'school_year', y: 'ior', stroke: C.school, strokeWidth: 1.5 }),
      Plot.dot(data.slice(-1), { x: 'school_year', y: 'ior', fill: C.school, r: 2.5 }),
      Plot.dot(data, {
        x: 'school_year',
        y: 'ior',
        r: 6,
        fill: 'transparent',
        tip: true,
        title: (p: SparkPoint) => `ИОР ${p.school_year}: ${fmtNum(p.ior)}`,
      }),
    ],
  };
}
