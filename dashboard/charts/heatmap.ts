// School × indicator heat map: colour is the school's position among the municipality's schools in that year
// (direction-aware: the same colour means the same relative position for every indicator); the cell shows the value.
import * as Plot from '@observablehq/plot';
import { fmtPct } from '../format/numbers.js';

export interface HeatCell {
  school: string;
  indicator: string;
  value: number | null;
  text: string;
  pos: number | null;
}

export function heatmapOptions(
  cells: HeatCell[],
  o: { schools: string[]; indicators: string[]; width?: number },
): Plot.PlotOptions {
  return {
    width: o.width ?? 900,
    height: 60 + 22 * o.schools.length,
    marginLeft: 200,
    marginTop: 60,
    marginRight: 70,
    padding: 0.04,
    x: { domain: o.indicators, axis: 'top', label: null, tickRotate: -20 },
    y: { domain: o.schools, label: null },
    color: {
      type: 'quantize',
      n: 5,
      scheme: 'RdYlBu',
      domain: [0, 1],
      label: 'положение среди ОО муниципалитета (0 — ниже всех, 1 — выше всех)',
      legend: true,
      unknown: '#eeeeee',
      tickFormat: (d: number) => String(d).replace('.', ','),
    },
    marks: [
      Plot.cell(cells, {
        x: 'indicator',
        y: 'school',
        fill: 'pos',
        tip: true,
        title: (c: HeatCell) =>
          `${c.school}\n${c.indicator}: ${c.text}${c.pos !== null ? `\nположение среди ОО: ${fmtPct(c.pos, 0)}` : '\nнет данных'}`,
      }),
      Plot.text(cells, {
        x: 'indicator',
        y: 'school',
        text: 'text',
        fontSize: 9,
        pointerEvents: 'none',
        fill: (c: HeatCell) => (c.pos !== null && (c.pos < 0.2 || c.pos > 0.8) ? 'white' : 'black'),
      }),
    ],
  };
}
