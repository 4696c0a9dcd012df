// Primary-score histogram of one ВПР work: the school's share of participants at each score (bars), the
// municipality's share (line), and the mark cut-offs as vertical rules labelled «3», «4», «5».
import * as Plot from '@observablehq/plot';
import { fmtInt, fmtPct, numTick, pctTick } from '../format/numbers.js';
import { C } from './palette.js';

export interface HistBin {
  score: number;
  n: number;
  share: number | null;
  municipal_share: number | null;
}
export interface HistCuts {
  mark3_min: number;
  mark4_min: number;
  mark5_min: number;
  max_score: number | null;
}

export function histogramOptions(
  bins: HistBin[],
  o: { title: string; cuts: HistCuts | null; width?: number; height?: number },
): Plot.PlotOptions {
  const cuts = o.cuts
    ? [
        { mark: 3, at: o.cuts.mark3_min },
        { mark: 4, at: o.cuts.mark4_min },
        { mark: 5, at: o.cuts.mark5_min },
      ]
    : [];
  const maxX = Math.max(o.cuts?.max_score ?? 0, ...bins.map((b) => b.score));
  return {
    width: o.width ?? 420,
    height: o.height ?? 200,
    marginLeft: 46,
    marginTop: 22,
    x: { domain: [-0.5, maxX + 0.5], label: 'первичный балл', tickFormat: numTick },
    y: { label: 'доля участников', tickFormat: pctTick, grid: true, nice: true },
    marks: [
      Plot.rectY(bins, {
        x1: (b: HistBin) => b.score - 0.45,
        x2: (b: HistBin) => b.score + 0.45,
        y: (b: HistBin) => b.share ?? 0,
        fill: C.school,
        fillOpacity: 0.8,
        className: 'bins',
        ariaDescription: 'доля участников',
        tip: true,
        title: (b: HistBin) =>
          `${o.title}\nбалл ${fmtInt(b.score)}: ${fmtInt(b.n)} уч. (${fmtPct(b.share)})\nв муниципалитете ${fmtPct(b.municipal_share)}`,
      }),
      Plot.lineY(bins, {
        x: 'score',
        y: 'municipal_share',
        stroke: C.median,
        strokeWidth: 1.5,
        curve: 'step',
        className: 'municipal',
        ariaDescription: 'муниципалитет',
      }),
      Plot.ruleX(cuts, {
        x: (c: { at: number }) => c.at - 0.5,
        stroke: C.cut,
        strokeDasharray: '3,2',
        className: 'cut',
        ariaDescription: 'порог отметки',
      }),
      Plot.text(cuts, {
        x: (c: { at: number }) => c.at - 0.5,
        frameAnchor: 'top',
        dy: -10,
        text: (c: { mark: number; at: number }) => `«${c.mark}» с ${c.at}`,
        fill: C.cut,
        fontSize: 9,
      }),
      Plot.ruleY([0]),
    ],
  };
}
