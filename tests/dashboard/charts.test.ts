// Chart snapshots: the main charts rendered on the server with linkedom from fixed small data.
import { parseHTML } from 'linkedom';
import { describe, expect, it } from 'vitest';
import { type HeatCell, heatmapOptions } from '../../dashboard/charts/heatmap.js';
import { histogramOptions } from '../../dashboard/charts/histogram.js';
import { markMatrixOptions } from '../../dashboard/charts/mark-matrix.js';
import { objectivityOptions } from '../../dashboard/charts/objectivity.js';
import { renderPlot } from '../../dashboard/charts/render.js';
import { similarOptions } from '../../dashboard/charts/similar.js';
import { sparklineOptions } from '../../dashboard/charts/sparkline.js';
import { changeIndex, gridCells, levelIndex, statusGridOptions } from '../../dashboard/charts/status-grid.js';
import { targetsOptions } from '../../dashboard/charts/targets.js';
import { type TimelinePoint, timelineOptions } from '../../dashboard/charts/timeline.js';

const YEARS = ['2021/22', '2022/23', '2023/24', '2024/25'];
const timeline: TimelinePoint[] = [
  {
    school_year: '2021/22',
    value: 0.52,
    lo: 0.45,
    hi: 0.59,
    n: 180,
    insufficient: false,
    median: 0.48,
    q1: 0.4,
    q3: 0.56,
  },
  {
    school_year: '2022/23',
    value: 0.55,
    lo: 0.48,
    hi: 0.62,
    n: 176,
    insufficient: false,
    median: 0.5,
    q1: 0.42,
    q3: 0.57,
  },
  { school_year: '2023/24', value: 0.7, lo: 0.3, hi: 0.9, n: 8, insufficient: true, median: 0.49, q1: 0.41, q3: 0.58 },
  {
    school_year: '2024/25',
    value: null,
    lo: null,
    hi: null,
    n: null,
    insufficient: false,
    median: 0.51,
    q1: 0.43,
    q3: 0.6,
  },
];

const count = (svg: string, selector: string) =>
  parseHTML(`<!doctype html><html><body>${svg}</body></html>`).document.querySelectorAll(selector).length;
const marks = (svg: string, label: string, el: string) => count(svg, `g[aria-label="${label}"] ${el}`);
const cls = (svg: string, name: string, el: string) => count(svg, `g.${name} ${el}`);

describe('server-side chart rendering', () => {
  it('timeline: school line with CIs and n, municipal median and IQR band, «недостаточно данных»', async () => {
    const svg = renderPlot(timelineOptions(timeline, { label: 'КУ', share: true }));
    expect(cls(svg, 'school-dot', 'circle')).toBe(2);
    expect(cls(svg, 'insufficient', 'circle')).toBe(1);
    expect(cls(svg, 'ci', 'line')).toBe(2); // CIs only where the group is large enough
    expect(svg).toContain('недостаточно данных');
    expect(svg).toContain('n=180');
    expect(svg).toContain('60 %'); // Russian tick format
    expect(cls(svg, 'iqr', 'path')).toBe(1);
    expect(cls(svg, 'median', 'path')).toBe(1);
    await expect(svg).toMatchFileSnapshot('__snapshots__/timeline.svg');
  });

  it('objectivity: three stacked segments per work with a legend', async () => {
    const works = [
      { work: 'Математика, 5 кл.', compared: 50, lowered: 25, confirmed: 20, raised: 5, insufficient: false },
      { work: 'Русский язык, 5 кл.', compared: 40, lowered: 8, confirmed: 28, raised: 4, insufficient: false },
      { work: 'История, 6 кл.', compared: 7, lowered: 1, confirmed: 5, raised: 1, insufficient: true },
    ];
    const out = renderPlot(objectivityOptions(works));
    expect(marks(out, 'bar', 'rect')).toBe(9);
    expect(out).toContain('понизили');
    expect(out).toContain('(мало данных)');
    await expect(out).toMatchFileSnapshot('__snapshots__/objectivity.html');
  });

  it('mark matrix: a 4×4 grid with counts', async () => {
    const svg = renderPlot(
      markMatrixOptions([
        { vpr: 3, journal: 4, n: 12 },
        { vpr: 4, journal: 4, n: 20 },
        { vpr: 2, journal: 4, n: 3 },
        { vpr: 5, journal: 5, n: 6 },
      ]),
    );
    expect(marks(svg, 'cell', 'rect')).toBe(16);
    expect(marks(svg, 'text', 'text')).toBe(16);
    expect(svg).toContain('«5»');
    await expect(svg).toMatchFileSnapshot('__snapshots__/mark-matrix.svg');
  });

  it('histogram: bars per score, municipal line and three cut-off rules', async () => {
    const bins = [4, 5, 6, 7, 8, 9, 10, 11, 12].map((score, i) => ({
      score,
      n: [1, 2, 4, 9, 3, 5, 6, 2, 1][i]!,
      share: [1, 2, 4, 9, 3, 5, 6, 2, 1][i]! / 33,
      municipal_share: 1 / 9,
    }));
    const svg = renderPlot(
      histogramOptions(bins, {
        title: 'Математика, 5 кл.',
        cuts: { mark3_min: 7, mark4_min: 10, mark5_min: 12, max_score: 14 },
      }),
    );
    expect(cls(svg, 'bins', 'rect')).toBe(9);
    expect(cls(svg, 'cut', 'line')).toBe(3);
    expect(svg).toContain('«4» с 10');
    await expect(svg).toMatchFileSnapshot('__snapshots__/histogram.svg');
  });

  it('status grid: 25 coloured cells, counts and written thresholds', async () => {
    const schools = [
      { name: 'СОШ № 1', ior: 0.1, ior_change: -0.2 },
      { name: 'СОШ № 2', ior: 0.85, ior_change: 0.15 },
      { name: 'СОШ № 3', ior: 0.5, ior_change: 0 },
      { name: 'СОШ № 4', ior: 0.5, ior_change: 0.01 },
      { name: 'новая', ior: 0.5, ior_change: null },
    ];
    expect([levelIndex(0.2), levelIndex(0.19), changeIndex(-0.03), changeIndex(0.1)]).toEqual([1, 0, 2, 4]);
    const cells = gridCells(schools);
    expect(cells.reduce((a, c) => a + c.count, 0)).toBe(4);
    expect(cells.find((c) => c.level === 'средний' && c.change === 'без существенных изменений')?.count).toBe(2);
    const svg = renderPlot(statusGridOptions(schools));
    expect(marks(svg, 'cell', 'rect')).toBe(25);
    await expect(svg).toMatchFileSnapshot('__snapshots__/status-grid.svg');
  });

  it('heat map: one cell per school × indicator', async () => {
    const cells: HeatCell[] = ['А', 'Б', 'В'].flatMap((school, i) =>
      ['ИОР', 'КУ ВПР'].map((indicator, j) => ({
        school,
        indicator,
        value: 0.2 * (i + j),
        text: `${i}${j}`,
        pos: i / 2,
      })),
    );
    const out = renderPlot(heatmapOptions(cells, { schools: ['А', 'Б', 'В'], indicators: ['ИОР', 'КУ ВПР'] }));
    expect(marks(out, 'cell', 'rect')).toBe(6);
    await expect(out).toMatchFileSnapshot('__snapshots__/heatmap.html');
  });

  it('sparkline, targets and similar-schools charts render', async () => {
    const spark = renderPlot(
      sparklineOptions(
        YEARS.map((school_year, i) => ({ school_year, ior: [0.4, 0.5, null, 0.6][i]! })),
        { years: YEARS },
      ),
    );
    expect(marks(spark, 'line', 'path')).toBe(1);
    const targets = renderPlot(
      targetsOptions(
        [
          { school_year: '2023/24', label: '2023/24', baseline: 0.5, planned: 0.6, actual: 0.65, achieved: true },
          { school_year: '2024/25', label: '2024/25', baseline: 0.5, planned: 0.7, actual: 0.62, achieved: false },
        ],
        { title: 'КУ', share: true },
      ),
    );
    expect(marks(targets, 'tick', 'line')).toBe(2);
    const stats = [
      { indicator: 'ИОР', share: false, q1: 0.4, median: 0.5, q3: 0.6, self: 0.45, n: 5 },
      { indicator: 'КУ ВПР', share: true, q1: 0.3, median: 0.4, q3: 0.5, self: 0.55, n: 5 },
    ];
    // ИОР (0–1) on its own panel, shares on a % axis: one bar each.
    const index = renderPlot(similarOptions(stats, [], { selfName: 'СОШ № 1', part: 'index' }));
    const shares = renderPlot(similarOptions(stats, [], { selfName: 'СОШ № 1', part: 'shares' }));
    expect(marks(index, 'bar', 'rect')).toBe(1);
    expect(marks(shares, 'bar', 'rect')).toBe(1);
    expect(shares).toContain('%');
    await expect([spark, targets, index, shares].join('\n')).toMatchFileSnapshot('__snapshots__/small-charts.svg');
  });
});
