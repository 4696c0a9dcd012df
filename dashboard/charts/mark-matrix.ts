// ВПР mark × journal mark: counts in a 4×4 grid; the diagonal is «подтвердили», above it «повысили».
import * as Plot from '@observablehq/plot';
import { fmtInt, fmtPct } from '../format/numbers.js';

export interface MatrixCell {
  vpr: number;
  journal: number;
  n: number;
}

export function markMatrixOptions(cells: MatrixCell[], o: { width?: number } = {}): Plot.PlotOptions {
  const total = cells.reduce((a, c) => a + c.n, 0);
  const full: MatrixCell[] = [];
  for (let v = 2; v <= 5; v++)
    for (let j = 2; j <= 5; j++)
      full.push({ vpr: v, journal: j, n: cells.find((c) => c.vpr === v && c.journal === j)?.n ?? 0 });
  const max = Math.max(1, ...full.map((c) => c.n));
  const kind = (c: MatrixCell) => (c.vpr === c.journal ? 'подтвердили' : c.vpr < c.journal ? 'понизили' : 'повысили');
  return {
    width: o.width ?? 300,
    height: 280,
    marginLeft: 60,
    marginBottom: 44,
    padding: 0.05,
    x: { domain: [2, 3, 4, 5], label: 'отметка в журнале', tickFormat: (d: number) => `«${d}»` },
    y: { domain: [5, 4, 3, 2], label: 'отметка за ВПР', tickFormat: (d: number) => `«${d}»` },
    color: { type: 'sqrt', scheme: 'blues', domain: [0, max] },
    marks: [
      Plot.cell(full, {
        x: 'journal',
        y: 'vpr',
        fill: 'n',
        stroke: (c: MatrixCell) => (c.vpr === c.journal ? '#333' : 'none'),
        strokeWidth: 1.5,
        tip: true,
        title: (c: MatrixCell) =>
          `ВПР «${c.vpr}», журнал «${c.journal}» (${kind(c)})\n${fmtInt(c.n)} уч. — ${fmtPct(total ? c.n / total : null)}`,
      }),
      Plot.text(full, {
        x: 'journal',
        y: 'vpr',
        pointerEvents: 'none',
        text: (c: MatrixCell) => fmtInt(c.n),
        fill: (c: MatrixCell) => (c.n > 0.5 * max ? 'white' : 'black'),
      }),
    ],
  };
}
