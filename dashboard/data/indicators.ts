// Indicators of the overview heat map and of the similar-schools comparison (all from mart_index / ВПР counts).
export interface Indicator {
  key: string;
  label: string;
  direction: 1 | -1;
  share: boolean;
}

export const HEAT_INDICATORS: Indicator[] = [
  { key: 'ior', label: 'ИОР', direction: 1, share: false },
  { key: 'ku', label: 'КУ ВПР', direction: 1, share: true },
  { key: 'ou', label: 'ОУ ВПР', direction: 1, share: true },
  { key: 'vpr_fail', label: 'Доля «2» ВПР (рус., мат.)', direction: -1, share: true },
  { key: 'oge_pct', label: 'ОГЭ: % от макс. балла', direction: 1, share: true },
  { key: 'oge_fail', label: 'Доля «2» ОГЭ', direction: -1, share: true },
  { key: 'ege_score', label: 'ЕГЭ: средний балл', direction: 1, share: false },
  { key: 'ege_fail', label: 'ЕГЭ: ниже минимума', direction: -1, share: true },
];

/** For the similar-schools chart every indicator is on a 0–1 scale (ЕГЭ mean score is left out). */
export const SIMILAR_INDICATORS = HEAT_INDICATORS.filter((i) => i.key !== 'ege_score');

/** Direction-aware position among values: 0 = worst, 1 = best (mid-rank for ties). */
export function positions(values: (number | null)[], direction: 1 | -1): (number | null)[] {
  const known = values.filter((v): v is number => v !== null);
  if (known.length < 2) return values.map((v) => (v === null ? null : 0.5));
  return values.map((v) => {
    if (v === null) return null;
    const below = known.filter((x) => x < v).length,
      equal = known.filter((x) => x === v).length;
    const p = (below + (equal - 1) / 2) / (known.length - 1);
    return direction > 0 ? p : 1 - p;
  });
}

/** Quantile with linear interpolation (as DuckDB quantile_cont). */
export function quantile(sorted: number[], q: number): number | null {
  if (sorted.length === 0) return null;
  const pos = (sorted.length - 1) * q,
    lo = Math.floor(pos),
    hi = Math.ceil(pos);
  return sorted[lo]! + (sorted[hi]! - sorted[lo]!) * (pos - lo);
}
