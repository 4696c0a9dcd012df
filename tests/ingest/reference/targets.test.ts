// Programme targets: indicator captions → ids, shares → fractions, validation.
import { beforeAll, describe, expect, it } from 'vitest';
import { INDICATORS, indicatorOf, targets } from '../../../ingest/formats/reference/index.js';
import { issueText } from '../../../ingest/issues.js';
import { detectScore, parseWith } from '../../helpers/parse.js';
import { type ReferenceFixtures, writeReferenceFixtures } from './fixtures.js';
import { tempDir } from './write-fixture.js';

let fx: ReferenceFixtures;
beforeAll(async () => {
  fx = await writeReferenceFixtures(tempDir('targets'));
});

describe('programme targets', () => {
  it('maps every caption to its indicator and stores shares as fractions', async () => {
    expect(await detectScore(targets, fx.targets)).toBeGreaterThanOrEqual(0.9);
    const ctx = await parseWith(targets, fx.targets);
    expect(
      ctx.targets.map((t) => [
        t.rowNo,
        t.schoolRef,
        t.schoolYear,
        t.indicator,
        t.subject,
        t.grade,
        t.baseline,
        t.planned,
      ]),
    ).toEqual([
      [2, '101', '2024/25', 'ior_official', null, null, 0.4, 0.438], // «ИОР» of a passport is the region's index
      [3, '101', '2024/25', 'ou', null, null, 0.95, 0.98],
      [4, '101', '2024/25', 'ku', null, null, 0.455, 0.5],
      [5, '101', '2024/25', 'vpr_mean', 'Математика', 4, 3.6, 3.8],
      [6, '101', '2024/25', 'vpr_confirmed', null, null, 0.62, 0.7],
      [7, 'sch220150', '2024/25', 'oge_mean', 'Русский язык', null, null, 3.9],
      [8, '102', '2025/26', 'ege_mean', 'Физика', null, 61, 65],
      [9, '102', '2024/25', 'at_risk_share', null, null, 0.12, 0.08],
      [14, '103', '2024/25', 'ou', null, null, null, 1],
    ]);
  });

  it('rejects unknown indicators, out-of-range shares, duplicates and bad years', async () => {
    const ctx = await parseWith(targets, fx.targets);
    const errors = ctx.issues.filter((i) => i.severity === 'error');
    expect(errors.map((e) => [e.rowNo, e.column])).toEqual([
      [10, 'Показатель (C)'],
      [11, 'Плановое значение (G)'],
      [12, 'Показатель (C)'],
      [13, 'Учебный год (B)'],
    ]);
    expect(issueText(errors[0]!)).toMatch(
      /^Лист «Цели», строка 10, столбец «Показатель \(C\)»: показатель «Средний балл по журналу» неизвестен; известные показатели: «ИОР Ориентира \(реконструкция\) \[R\]», «ОУ, %», «КУ, %»/,
    );
    for (const ind of INDICATORS) expect(errors[0]!.message).toContain(`«${ind.caption}»`);
    expect(errors[1]!.message).toContain('значение 120 вне допустимого диапазона 0–100 %');
    expect(errors[2]!.message).toContain('уже задана (лист «Цели», строка 3)');
    const warnings = ctx.issues.filter((i) => i.severity === 'warning');
    expect(warnings.map((w) => [w.rowNo, w.column])).toEqual([
      [14, 'Предмет (D)'],
      [14, 'Плановое значение (G)'],
    ]);
    expect(warnings[1]!.message).toContain('понято как доля 1,0 (100 %)');
  });

  it('exports the indicator list for the dashboard', () => {
    // The catalogue (config/indicators.json) starts with the original eight; programme indicators follow.
    expect(INDICATORS.slice(0, 8).map((i) => i.id)).toEqual([
      'ior',
      'ou',
      'ku',
      'vpr_confirmed',
      'vpr_mean',
      'oge_mean',
      'ege_mean',
      'at_risk_share',
    ]);
    expect(
      INDICATORS.slice(0, 8)
        .filter((i) => i.direction === 'lower-better')
        .map((i) => i.id),
    ).toEqual(['at_risk_share']);
    expect(indicatorOf('Качество знаний')?.id).toBe('ku');
    expect(indicatorOf('ku')?.id).toBe('ku');
    expect(indicatorOf('Средняя отметка за ВПР')?.id).toBe('vpr_mean');
    expect(indicatorOf('Индекс образовательных результатов')?.id).toBe('ior_official');
    expect(indicatorOf('ИОР Ориентира')?.id).toBe('ior');
    expect(indicatorOf('Оценка')).toBeNull();
  });
});
