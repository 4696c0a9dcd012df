// Programme charts rendered on the server from fixed data: plan vs actual with status marks, and the
// difference-in-differences forest plot; SVG snapshots like the other chart tests.
import { parseHTML } from 'linkedom';
import { describe, expect, it } from 'vitest';
import { type ProgrammePoint, programmeOptions } from '../../dashboard/charts/programme.js';
import { type EffectPoint, effectOptions } from '../../dashboard/charts/programme-effect.js';
import { renderPlot } from '../../dashboard/charts/render.js';
import { fmtUnit, fmtUnitDelta } from '../../dashboard/format/units.js';

const count = (svg: string, selector: string) =>
  parseHTML(`<!doctype html><html><body>${svg}</body></html>`).document.querySelectorAll(selector).length;
const cls = (svg: string, name: string, el: string) => count(svg, `g.${name} ${el}`);
/** Marks of a dot layer: circles are drawn as <circle>, other symbols as <path>. */
const dots = (svg: string, name: string) => count(svg, `g.${name} > circle, g.${name} > path`);

const pt = (school_year: string, o: Partial<ProgrammePoint>): ProgrammePoint => ({
  school_year,
  baseline: 0.2,
  planned: null,
  planned_explicit: false,
  actual: null,
  n: null,
  progress: null,
  status: 'no_data',
  status_reason: '',
  ...o,
});

const risk: ProgrammePoint[] = [
  pt('2023/24', { actual: 0.2, status: 'baseline', status_reason: 'базовый год' }),
  pt('2024/25', {
    planned: 0.18,
    actual: 0.17,
    n: 240,
    progress: 1.5,
    status: 'on_track',
    status_reason: 'факт 17,0 % не выше плана 18,0 %',
  }),
  pt('2025/26', {
    planned: 0.16,
    planned_explicit: true,
    actual: 0.175,
    n: 236,
    progress: -0.1,
    status: 'off_track',
    status_reason: 'пройдено −10 % пути к плану',
  }),
  pt('2026/27', { planned: 0.15, planned_explicit: true, status: 'no_data' }),
];

describe('programme charts', () => {
  it('plan vs actual: dashed plan with passport targets, actual line, a mark per status, «нет данных» only for due years', async () => {
    const svg = renderPlot(
      programmeOptions(risk, {
        caption: 'Доля обучающихся с рисками',
        unit: 'share',
        direction: 'lower-better',
        upTo: '2026/27',
      }),
    );
    expect(cls(svg, 'plan', 'path')).toBe(1);
    expect(dots(svg, 'target')).toBe(2); // explicit passport targets
    expect(cls(svg, 'actual', 'path')).toBe(1);
    expect(dots(svg, 'st-on_track')).toBe(1);
    expect(dots(svg, 'st-off_track')).toBe(1);
    expect(dots(svg, 'st-baseline')).toBe(1);
    expect(cls(svg, 'no-data', 'text')).toBe(1);
    expect(svg).toContain('17,0 %'); // value labels in Russian format
    expect(svg).toContain('лучше — меньше');
    const future = renderPlot(
      programmeOptions(risk, { caption: 'Доля', unit: 'share', direction: 'lower-better', upTo: '2025/26' }),
    );
    expect(cls(future, 'no-data', 'text')).toBe(0); // a year still ahead is not «нет данных»
    await expect(svg).toMatchFileSnapshot('__snapshots__/programme.svg');
  });

  it('a count indicator without any actual yet draws the plan only', () => {
    const svg = renderPlot(
      programmeOptions(
        [
          pt('2024/25', { baseline: 2, actual: 2, status: 'baseline' }),
          pt('2025/26', { baseline: 2, planned: 6, planned_explicit: true }),
        ],
        { caption: 'Наставнические пары', unit: 'count', direction: 'higher-better' },
      ),
    );
    expect(dots(svg, 'st-on_track') + dots(svg, 'st-at_risk') + dots(svg, 'st-off_track')).toBe(0);
    expect(dots(svg, 'target')).toBe(1);
  });

  it('difference in differences: a dot and a 95% interval per programme, the district as a diamond, the zero line', async () => {
    const rows: EffectPoint[] = [
      {
        label: 'Все ОО с программами',
        district: true,
        effect: 0.021,
        ci_lo: -0.004,
        ci_hi: 0.046,
        n_controls: 9,
        evidence: 'не отличается от похожих школ',
      },
      {
        label: 'СОШ № 12',
        district: false,
        effect: 0.05,
        ci_lo: 0.012,
        ci_hi: 0.088,
        n_controls: 5,
        evidence: 'изменение лучше, чем у похожих школ',
      },
      {
        label: 'СОШ № 28',
        district: false,
        effect: -0.01,
        ci_lo: -0.07,
        ci_hi: 0.05,
        n_controls: 5,
        evidence: 'не отличается от похожих школ',
      },
      {
        label: 'СОШ № 2',
        district: false,
        effect: null,
        ci_lo: null,
        ci_hi: null,
        n_controls: 0,
        evidence: 'недостаточно данных',
      },
    ];
    const svg = renderPlot(effectOptions(rows, { caption: 'КУ', unit: 'share' }));
    expect(dots(svg, 'effect')).toBe(3);
    expect(cls(svg, 'ci', 'line')).toBe(3);
    expect(svg).toContain('Все ОО с программами');
    expect(svg).toContain('разность разностей');
    await expect(svg).toMatchFileSnapshot('__snapshots__/programme-effect.svg');
  });

  it('formats values and differences by unit', () => {
    expect([
      fmtUnit(0.384, 'share'),
      fmtUnit(0.4, 'index'),
      fmtUnit(3.614, 'mark'),
      fmtUnit(62.25, 'score'),
      fmtUnit(12, 'count'),
      fmtUnit(null, 'share'),
    ]).toEqual(['38,4 %', '0,400', '3,61', '62,3', '12', '—']);
    expect([
      fmtUnitDelta(0.052, 'share'),
      fmtUnitDelta(-0.028, 'index'),
      fmtUnitDelta(0.01, 'share', false),
      fmtUnitDelta(0, 'count'),
    ]).toEqual(['+5,2 п. п.', '−0,028', '1,0 п. п.', '0']);
  });
});
