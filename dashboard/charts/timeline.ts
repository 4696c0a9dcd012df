// Timeline of one metric of one school over the years: the school's line with 95% CI whiskers and n under each
// point, the municipal median (dashed) and interquartile band; hollow points mark «недостаточно данных».
import * as Plot from '@observablehq/plot';
import { fmtInt, fmtNum, fmtPct, numTick, pctTick } from '../format/numbers.js';
import { C } from './palette.js';

export interface TimelinePoint {
  school_year: string;
  value: number | null;
  lo: number | null;
  hi: number | null;
  n: number | null;
  insufficient: boolean;
  median: number | null;
  q1: number | null;
  q3: number | null;
}
export interface TimelineOptions {
  label: string;
  share: boolean;
  width?: number;
  height?: number;
}

export function timelineOptions(points: TimelinePoint[], o: TimelineOptions): Plot.PlotOptions {
  const f = (v: number | null) => (o.share ? fmtPct(v) : fmtNum(v));
  const years = points.map((p) => p.school_year);
  const own = points.filter((p) => p.value !== null);
  const ok = own.filter((p) => !p.insufficient);
  const thin = own.filter((p) => p.insufficient);
  const band = points.filter((p) => p.q1 !== null && p.q3 !== null);
  const title = (p: TimelinePoint) =>
    [
      `${o.label}, ${p.school_year}`,
      `Школа: ${f(p.value)}${p.lo !== null && p.hi !== null ? ` (95% ДИ ${f(p.lo)} – ${f(p.hi)})` : ''}`,
      p.n !== null ? `n = ${fmtInt(p.n)}${p.insufficient ? ' — недостаточно данных' : ''}` : '',
      `Медиана муниципалитета: ${f(p.median)}; межквартильный размах ${f(p.q1)} – ${f(p.q3)}`,
    ]
      .filter(Boolean)
      .join('\n');
  return {
    width: o.width ?? 520,
    height: o.height ?? 240,
    marginLeft: 52,
    marginBottom: 40,
    x: { type: 'point', domain: years, label: null, padding: 0.4 },
    y: {
      label: o.label,
      grid: true,
      tickFormat: o.share ? pctTick : numTick,
      nice: true,
      ...(o.share ? { domain: [0, 1] } : {}),
    },
    marks: [
      Plot.areaY(band, {
        x: 'school_year',
        y1: 'q1',
        y2: 'q3',
        fill: C.band,
        fillOpacity: 0.5,
        className: 'iqr',
        ariaDescription: 'межквартильный размах',
      }),
      Plot.lineY(band, {
        x: 'school_year',
        y: 'median',
        stroke: C.median,
        strokeDasharray: '4,3',
        className: 'median',
        ariaDescription: 'медиана муниципалитета',
      }),
      Plot.ruleX(
        ok.filter((p) => p.lo !== null && p.hi !== null),
        {
          x: 'school_year',
          y1: 'lo',
          y2: 'hi',
          stroke: C.ci,
          strokeWidth: 1.5,
          className: 'ci',
          ariaDescription: 'доверительный интервал',
        },
      ),
      Plot.lineY(own, {
        x: 'school_year',
        y: 'value',
        stroke: C.school,
        strokeWidth: 2,
        className: 'school-line',
        ariaDescription: 'линия ОО',
      }),
      Plot.dot(ok, {
        x: 'school_year',
        y: 'value',
        fill: C.school,
        r: 4,
        className: 'school-dot',
        ariaDescription: 'значение ОО',
      }),
      Plot.dot(thin, {
        x: 'school_year',
        y: 'value',
        fill: 'white',
        stroke: C.school,
        r: 4,
        className: 'insufficient',
        ariaDescription: 'недостаточно данных',
      }),
      Plot.text(own, {
        x: 'school_year',
        y: 'value',
        dx: 7,
        dy: 9,
        textAnchor: 'start',
        text: (p: TimelinePoint) => (p.n !== null ? `n=${fmtInt(p.n)}` : ''),
        fill: C.median,
        fontSize: 9,
      }),
      Plot.text(thin, {
        x: 'school_year',
        y: 'value',
        dy: -10,
        text: () => 'недостаточно данных',
        fill: C.bad,
        fontSize: 9,
      }),
      Plot.tip(
        points.filter((p) => p.value !== null || p.median !== null),
        Plot.pointerX({ x: 'school_year', y: (p: TimelinePoint) => p.value ?? p.median, title }),
      ),
    ],
  };
}
