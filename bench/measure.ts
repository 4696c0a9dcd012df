// Small measurement helpers shared by the bench tasks: clocks, peak RSS, percentiles, number formatting.

export const now = (): number => performance.now();

/** Peak resident set size of this process so far, in MB (getrusage: includes native memory such as DuckDB's). */
export function peakRssMb(): number {
  return process.resourceUsage().maxRSS / 1024;
}

/** Nearest-rank percentile of an already sorted array. */
export function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  const i = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[i]!;
}

export function median(xs: number[]): number {
  return percentile(
    [...xs].sort((a, b) => a - b),
    50,
  );
}

/** Human formatting: 1234567 → "1 234 567", 12.345 → "12.3". */
export function fmtNum(x: number, digits = 0): string {
  if (!Number.isFinite(x)) return '—';
  const s = x.toFixed(digits);
  const [int, frac] = s.split('.');
  const grouped = int!.replace(/\B(?=(\d{3})+(?!\d))/g, ' ');
  return frac ? `${grouped}.${frac}` : grouped;
}

export function fmtRatio(x: number): string {
  return Number.isFinite(x) ? `${x.toFixed(2)}×` : '—';
}
