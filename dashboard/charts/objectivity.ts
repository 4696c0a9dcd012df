// ВПР vs journal per work: stacked shares понизили / подтвердили / повысили (horizontal bars).
import * as Plot from '@observablehq/plot';
import { fmtInt, fmtPct, pctTick } from '../format/numbers.js';
import { C } from './palette.js';

export interface ObjectivityWork {
  work: string;
  compared: number;
  lowered: number;
  confirmed: number;
  raised: number;
  insufficient: boolean;
}
export const OBJ_CATEGORIES = ['понизили', 'подтвердили', 'повысили'] as const;

interface Seg {
  work: string;
  category: string;
  count: number;
  share: number;
  compared: number;
  insufficient: boolean;
}

export function objectivitySegments(works: ObjectivityWork[]): Seg[] {
  return works.flatMap((w) =>
    (
      [
        ['понизили', w.lowered],
        ['подтвердили', w.confirmed],
        ['повысили', w.raised],
      ] as const
    ).map(([category, count]) => ({
      work: w.work,
      category,
      count,
      share: w.compared > 0 ? count / w.compared : 0,
      compared: w.compared,
      insufficient: w.insufficient,
    })),
  );
}

export function objectivityOptions(works: ObjectivityWork[], o: { width?: number } = {}): Plot.PlotOptions {
  const segs = objectivitySegments(works);
  const label = (w: string) => {
    const x = works.find((v) => v.work === w);
    return x?.insufficient ? `${w} (мало данных)` : w;
  };
  return {
    width: o.width ?? 640,
    height: 40 + 26 * Math.max(1, works.length),
    marginLeft: 190,
    x: {
      domain: [0, 1],
      tickFormat: pctTick,
      label: 'доля участников ВПР, сопоставленных с отметкой в журнале',
      grid: true,
    },
    y: { domain: works.map((w) => w.work), tickFormat: label, label: null },
    color: { domain: [...OBJ_CATEGORIES], range: [C.lowered, C.confirmed, C.raised], legend: true },
    marks: [
      Plot.barX(segs, {
        x: 'share',
        y: 'work',
        fill: 'category',
        order: [...OBJ_CATEGORIES],
        fillOpacity: (d: Seg) => (d.insufficient ? 0.45 : 1),
        tip: true,
        title: (d: Seg) =>
          `${d.work}\n${d.category}: ${fmtPct(d.share)} (${fmtInt(d.count)} из ${fmtInt(d.compared)})${d.insufficient ? '\nнедостаточно данных' : ''}`,
      }),
      Plot.ruleX([0]),
    ],
  };
}
