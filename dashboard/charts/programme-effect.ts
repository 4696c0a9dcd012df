// «Помогает ли программа»: the difference-in-differences estimate per programme school and for the district, with
// its 95% interval (a forest plot). The zero line is «no difference from similar schools». Ticks are differences in
// the unit (shares in percentage points) with a real minus, distinct at any range (./axis.ts).
import * as Plot from '@observablehq/plot';
import { fmtInt } from '../format/numbers.js';
import { fmtUnitDelta } from '../format/units.js';
import { unitAxis } from './axis.js';
import { C } from './palette.js';

export interface EffectPoint {
  label: string;
  district: boolean;
  effect: number | null;
  ci_lo: number | null;
  ci_hi: number | null;
  n_controls: number | null;
  evidence: string;
}

export function effectOptions(
  rows: EffectPoint[],
  o: { caption: string; unit: string; width?: number },
): Plot.PlotOptions {
  const ok = rows.filter((r) => r.effect !== null);
  const ci = ok.filter((r) => r.ci_lo !== null && r.ci_hi !== null);
  const d = (v: number | null) => fmtUnitDelta(v, o.unit);
  const values = [...ok.map((r) => r.effect!), ...ci.flatMap((r) => [r.ci_lo!, r.ci_hi!])];
  const axis = unitAxis(values, o.unit, { count: 5, delta: true, include: [0] });
  return {
    width: o.width ?? 620,
    height: 50 + 30 * Math.max(1, rows.length),
    marginLeft: 200,
    marginRight: 30,
    x: {
      label: `${o.caption}: изменение по сравнению с похожими ОО (разность разностей)`,
      grid: true,
      domain: axis.domain,
      ticks: axis.ticks,
      tickFormat: axis.format,
    },
    y: { domain: rows.map((r) => r.label), label: null },
    marks: [
      Plot.ruleX([0], { stroke: '#333' }),
      Plot.ruleY(ci, {
        y: 'label',
        x1: 'ci_lo',
        x2: 'ci_hi',
        stroke: (r: EffectPoint) => (r.district ? '#333' : C.ci),
        strokeWidth: 2,
        className: 'ci',
        ariaDescription: '95% доверительный интервал',
      }),
      Plot.dot(ok, {
        x: 'effect',
        y: 'label',
        r: (r: EffectPoint) => (r.district ? 6 : 4.5),
        symbol: (r: EffectPoint) => (r.district ? 'diamond' : 'circle'),
        fill: (r: EffectPoint) => (r.district ? '#333' : C.school),
        className: 'effect',
        ariaDescription: 'оценка эффекта',
        tip: true,
        title: (r: EffectPoint) =>
          `${r.label}\nразность разностей ${d(r.effect)} (95% ДИ ${d(r.ci_lo)} … ${d(r.ci_hi)})\nпохожих ОО в сравнении: ${fmtInt(r.n_controls)}\n${r.evidence}`,
      }),
    ],
  };
}
