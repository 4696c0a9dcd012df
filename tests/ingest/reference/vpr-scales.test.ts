// ВПР primary → mark scales: the shipped seed CSV, Russian headers with years, English headers, validation.
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { vprScales } from '../../../ingest/formats/reference/index.js';
import { issueText } from '../../../ingest/issues.js';
import { detectScore, parseWith } from '../../helpers/parse.js';
import { type ReferenceFixtures, writeReferenceFixtures } from './fixtures.js';
import { tempDir } from './write-fixture.js';

const SEED = fileURLToPath(new URL('../../../store/seeds/vpr_scales_2020-2022.csv', import.meta.url));
let fx: ReferenceFixtures;
beforeAll(async () => {
  fx = await writeReferenceFixtures(tempDir('scales'));
});

describe('ВПР scales', () => {
  it('reads the seed file (no year, no max) without a single issue', async () => {
    expect(await detectScore(vprScales, SEED)).toBeGreaterThanOrEqual(0.9);
    const ctx = await parseWith(vprScales, SEED);
    expect(ctx.issues).toEqual([]);
    expect(ctx.scales).toHaveLength(40);
    expect(ctx.scales[0]).toEqual({
      sheet: 'vpr_scales_2020-2022',
      rowNo: 2,
      schoolYear: null,
      subject: 'Математика',
      kimGrade: 4,
      mark3Min: 6,
      mark4Min: 10,
      mark5Min: 15,
      maxScore: null,
    });
    expect(ctx.scales.find((s) => s.subject === 'Русский язык' && s.kimGrade === 4)).toMatchObject({
      mark3Min: 14,
      mark4Min: 24,
      mark5Min: 33,
    });
  });

  it('reads Russian headers with school years; rejects broken rows naming row and column', async () => {
    expect(await detectScore(vprScales, fx.scalesRu)).toBeGreaterThanOrEqual(0.9);
    const ctx = await parseWith(vprScales, fx.scalesRu);
    expect(
      ctx.scales.map((s) => [
        s.rowNo,
        s.schoolYear,
        s.subject,
        s.kimGrade,
        s.mark3Min,
        s.mark4Min,
        s.mark5Min,
        s.maxScore,
      ]),
    ).toEqual([
      [2, '2024/25', 'Математика', 4, 6, 10, 15, 20],
      [3, '2024/25', 'Русский язык', 4, 14, 24, 33, 38],
    ]);
    const errors = ctx.issues.filter((i) => i.severity === 'error');
    expect(errors.every((e) => e.scope === 'row' && e.sheet === 'Шкалы')).toBe(true);
    const byRow = (r: number) => errors.filter((e) => e.rowNo === r);
    expect(issueText(byRow(4)[0]!)).toBe(
      'Лист «Шкалы», строка 4, столбец ««4» от (G)»: пороги не возрастают: «3» от 8, «4» от 18, «5» от 15 (нужно «3» < «4» < «5»).',
    );
    expect(byRow(5).map((e) => e.column)).toEqual(['Предмет (B)']);
    expect(byRow(5)[0]!.message).toContain('предмет «Астрономия» не распознан');
    expect(byRow(6).map((e) => e.column)).toEqual(['«3» до (F)']);
    expect(byRow(6)[0]!.message).toContain('верхняя граница «3» = 10, а должен быть 11');
    expect(byRow(7).map((e) => e.column)).toEqual(['Учебный год (A)']);
    expect(byRow(8)[0]!.message).toContain(
      'шкала для «Математика», 4 класс, 2024/25 уже задана (лист «Шкалы», строка 2)',
    );
    expect(new Set(errors.map((e) => e.rowNo))).toEqual(new Set([4, 5, 6, 7, 8]));
  });

  it('reads the English CSV header: empty year → null (the loader applies seed years)', async () => {
    const ctx = await parseWith(vprScales, fx.scalesEn);
    expect(ctx.issues).toEqual([]);
    expect(
      ctx.scales.map((s) => [s.schoolYear, s.subject, s.kimGrade, s.mark3Min, s.mark4Min, s.mark5Min, s.maxScore]),
    ).toEqual([
      [null, 'Математика', 4, 6, 10, 15, 20],
      ['2023/24', 'География', 6, 10, 19, 30, 37],
    ]);
  });
});
