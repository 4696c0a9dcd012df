// Axes in an indicator's unit (share → %, index 0–1, mark, score, count): «nice» ticks, each labelled with as many
// decimals as the step needs, so two ticks never read the same («20 %, 20 %, 21 %»), and a real minus «−».
// Used by the school page's targets, the programme plan-vs-actual chart and the «помогает ли программа» chart.

const nfs = new Map<number, Intl.NumberFormat>();
const nf = (digits: number): Intl.NumberFormat => {
  let f = nfs.get(digits);
  if (!f)
    nfs.set(
      digits,
      (f = new Intl.NumberFormat('ru-RU', {
        minimumFractionDigits: digits,
        maximumFractionDigits: digits,
        signDisplay: 'negative',
      })),
    );
  return f;
};

/** «Nice» step of about `count` intervals over [lo, hi]: 1, 2 or 5 × 10^k (as d3.tickStep). */
export function tickStep(lo: number, hi: number, count: number): number {
  const raw = Math.abs(hi - lo) / Math.max(1, count);
  if (!(raw > 0) || !Number.isFinite(raw)) return 1;
  const p = 10 ** Math.floor(Math.log10(raw));
  const e = raw / p;
  return (e >= 7.07 ? 10 : e >= 3.16 ? 5 : e >= 1.41 ? 2 : 1) * p;
}

export interface UnitAxis {
  domain: [number, number];
  ticks: number[];
  format: (d: number) => string;
}
export interface AxisOptions {
  /** About how many intervals (default 3: the targets' short horizontal axes). */
  count?: number;
  /** Differences of values (the effect chart): any sign, shares in percentage points («+5 п. п.» without the plus). */
  delta?: boolean;
  /** Values the domain must reach besides the data (the effect chart's zero line). */
  include?: number[];
}

/**
 * Domain, ticks and a tick format for values of a unit: ticks every «nice» step, each tick labelled with as many decimals
 * as the step needs (so «20 %, 20 %, 21 %» cannot happen: 19,5 %, 20,0 %, 20,5 %). Shares and indices stay within 0…1.
 */
export function unitAxis(values: number[], unit: string, count: number | AxisOptions = 3): UnitAxis {
  const o: AxisOptions = typeof count === 'number' ? { count } : count;
  const share = unit === 'share';
  const all = [...values, ...(o.include ?? [])].filter((v) => Number.isFinite(v));
  let lo = Math.min(...all),
    hi = Math.max(...all);
  if (!Number.isFinite(lo)) {
    lo = 0;
    hi = o.delta ? 0 : 1;
  }
  if (hi - lo < 1e-9) {
    const pad = Math.abs(lo) > 0 ? Math.abs(lo) * 0.1 : share || unit === 'index' ? 0.05 : 1;
    lo -= pad;
    hi += pad;
  }
  if (!o.delta && (share || unit === 'index')) {
    lo = Math.max(0, lo);
    hi = Math.min(1, hi);
  }
  if (!o.delta && unit === 'count') lo = Math.max(0, lo);
  let step = tickStep(lo, hi, o.count ?? 3);
  if (unit === 'count') step = Math.max(1, step);
  const t0 = Math.floor(lo / step + 1e-9) * step,
    t1 = Math.ceil(hi / step - 1e-9) * step;
  const ticks: number[] = [];
  for (let i = 0, t = t0; t <= t1 + step / 2 && i < 50; i++, t = t0 + i * step) ticks.push(Number(t.toPrecision(12)));
  const shown = share ? step * 100 : step;
  const digits = Math.max(0, Math.min(4, -Math.floor(Math.log10(shown) + 1e-9)));
  const suffix = share ? (o.delta ? ' п. п.' : ' %') : '';
  const format = (d: number) =>
    nf(digits)
      .format(share ? 100 * d : d)
      .replace(/\u00a0/g, ' ')
      .replace(/^-/, '−') + suffix;
  return { domain: [ticks[0]!, ticks[ticks.length - 1]!], ticks, format };
}
