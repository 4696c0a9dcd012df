import { rmSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { vedomost } from '../../../ingest/formats/journal/index.js';
import { guessPeriod } from '../../../ingest/formats/journal/period-span.js';
import { FileRejected } from '../../../ingest/types.js';
import { parseWith } from '../../helpers/parse.js';
import { PUPILS, SCHOOL, tempDir, vedomostCsv1251, vedomostCsvNoSchool, vedomostXlsx } from './build-fixtures.js';

let dir: string;
const files: Record<string, string> = {};
beforeAll(async () => {
  dir = tempDir();
  files.xlsx = await vedomostXlsx(dir);
  files.csv = vedomostCsv1251(dir);
  files.noSchool = vedomostCsvNoSchool(dir);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('сводная ведомость итоговых отметок', () => {
  it('xlsx with title rows: school from «ОО:», periods and text marks, empty marks skipped', async () => {
    const ctx = await parseWith(vedomost, files.xlsx!);
    const rows = ctx.journal.map((j) => [j.rowNo, j.subject, j.periodKind, j.periodNo, j.mark, j.markText]);
    expect(rows).toEqual([
      [5, 'Алгебра', 'четверть', 1, 4, null],
      [6, 'Алгебра', 'четверть', 2, 5, null],
      [7, 'Алгебра', 'год', null, 5, null],
      [8, 'Русский язык', 'год', null, 4, null],
      [9, 'Физическая культура', 'четверть', 1, null, 'осв'],
      [10, 'Алгебра', 'четверть', 1, null, 'н/а'],
      // row 11: empty mark → skipped silently
      [12, 'Разговоры о важном', 'год', null, null, 'зач'],
      [13, 'Английский язык', 'триместр', 2, 3, null],
      [14, 'История', 'полугодие', 1, 3, null],
      [15, 'История', 'экзамен', null, 4, null],
      [16, 'История', 'итог', null, 4, null],
    ]);
    expect(ctx.journal.every((j) => j.schoolRef === SCHOOL && j.schoolYear === '2024/25' && j.className === '7Б' && j.grade === 7)).toBe(true);
    expect(new Set(ctx.journal.map((j) => j.pupilKey)).size).toBe(3);
    const errs = ctx.issues.filter((i) => i.severity === 'error' && i.scope === 'row');
    expect(errs.map((e) => [e.rowNo, e.column])).toEqual([[17, 'E (Период)'], [18, 'F (Отметка)']]);
    expect(errs[0]!.message).toMatch(/строка 17, столбец E \(«Период»\): период «5 четверть» не распознан/);
    expect(errs[1]!.message).toMatch(/строка 18, столбец F \(«Отметка»\): «7» не является отметкой/);
    const dump = JSON.stringify([ctx.journal, ctx.issues]);
    for (const name of PUPILS) for (const part of name.split(' ')) expect(dump).not.toContain(part);
  });

  it('CP1251 CSV with «Код ОО»: the code (1005.0 → 1005) is the school', async () => {
    const ctx = await parseWith(vedomost, files.csv!);
    expect(ctx.issues).toEqual([]);
    expect(ctx.journal).toHaveLength(6);
    expect(new Set(ctx.journal.map((j) => j.schoolRef))).toEqual(new Set(['1005']));
    expect(ctx.journal.map((j) => j.rowNo)).toEqual([2, 3, 4, 5, 6, 7]);
    expect(ctx.journal[4]!.markText).toBe('осв');
  });

  it('rejects a file that names no school', async () => {
    await expect(parseWith(vedomost, files.noSchool!)).rejects.toThrow(FileRejected);
    await expect(parseWith(vedomost, files.noSchool!)).rejects.toThrow(/ни столбца «Код ОО», ни строки «ОО:/);
  });
});

describe('период отчёта по датам', () => {
  it.each([
    ['с 24.03.25 по 24.05.25', 'четверть', 4, true],
    ['с 01.09.24 по 27.10.24', 'четверть', 1, true],
    ['с 05.11.24 по 28.12.24', 'четверть', 2, true],
    ['с 09.01.25 по 21.03.25', 'четверть', 3, true],
    ['с 02.09.24 по 29.11.24', 'триместр', 1, true],
    ['с 02.12.24 по 28.02.25', 'триместр', 2, true],
    ['с 01.09.24 по 28.12.24', 'полугодие', 1, true],
    ['с 01.09.2024 по 26.05.2025', 'год', null, true],
    ['с 01.05.25 по 24.05.25', 'четверть', 4, false],
  ])('%s → %s %s', (text, kind, no, sure) => {
    const g = guessPeriod(text)!;
    expect([g.kind, g.no, g.sure]).toEqual([kind, no, sure]);
  });
});
