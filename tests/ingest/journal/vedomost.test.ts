import { rmSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { vedomost } from '../../../ingest/formats/journal/index.js';
import { guessPeriod } from '../../../ingest/formats/journal/period-span.js';
import { issueText, rejectionIssue } from '../../../ingest/issues.js';
import { FileRejected } from '../../../ingest/types.js';
import { parseWith } from '../../helpers/parse.js';

/** A rejection worded as the report shows it: its place (after the file, when given), then its message. */
const rejectedText = (e: FileRejected, fileName?: string): string =>
  issueText(rejectionIssue(e), fileName === undefined ? {} : { fileName });

import {
  HEADER,
  PUPILS,
  ROWS,
  SCHOOL,
  tempDir,
  vedomostCsv,
  vedomostCsv1251,
  vedomostCsvNoSchool,
  vedomostXlsx,
} from './build-fixtures.js';

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
    expect(
      ctx.journal.every(
        (j) => j.schoolRef === SCHOOL && j.schoolYear === '2024/25' && j.className === '7Б' && j.grade === 7,
      ),
    ).toBe(true);
    expect(new Set(ctx.journal.map((j) => j.pupilKey)).size).toBe(3);
    const errs = ctx.issues.filter((i) => i.severity === 'error' && i.scope === 'row');
    expect(errs.map((e) => [e.rowNo, e.column])).toEqual([
      [17, 'Период (E)'],
      [18, 'Отметка (F)'],
    ]);
    expect(issueText(errs[0]!)).toMatch(
      /^Лист «Ведомость», строка 17, столбец «Период \(E\)»: период «5 четверть» не распознан/,
    );
    expect(issueText(errs[1]!)).toMatch(
      /^Лист «Ведомость», строка 18, столбец «Отметка \(F\)»: «7» не является отметкой/,
    );
    expect(errs.every((e) => e.sheet === 'Ведомость')).toBe(true);
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
    const err = await parseWith(vedomost, files.noSchool!).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(FileRejected);
    expect(rejectedText(err as FileRejected)).toMatch(
      /^Строка 1: не указана образовательная организация — нет ни столбца «Код ОО», ни строки «ОО:/,
    );
  });

  it('CSV has no sheets: bad rows are «Строка N, столбец «…»», the issue has no sheet', async () => {
    const path = vedomostCsv(dir, 'ведомость_ошибки.csv', [['Код ОО', ...HEADER], ...ROWS.map((r) => ['1005', ...r])]);
    const ctx = await parseWith(vedomost, path);
    const errs = ctx.issues.filter((i) => i.severity === 'error');
    expect(errs.map((e) => [e.sheet, e.rowNo, e.column])).toEqual([
      [null, 14, 'Период (F)'],
      [null, 15, 'Отметка (G)'],
    ]);
    expect(issueText(errs[0]!)).toBe(
      'Строка 14, столбец «Период (F)»: период «5 четверть» не распознан (ожидается «1 четверть», «2 триместр», «1 полугодие», «Год», «Экзамен», «Итоговая») — строка исключена.',
    );
    expect(issueText(errs[1]!)).toBe(
      'Строка 15, столбец «Отметка (G)»: «7» не является отметкой (2–5, н/а, зач, осв, неатт) — строка исключена.',
    );
    expect(JSON.stringify(ctx.issues)).not.toMatch(/ведомость_ошибки|лист/i);
  });
});

describe('a header with the same column twice is rejected', () => {
  it('CSV: two «Код ОО» — file, row and both columns named, no sheet', async () => {
    const path = vedomostCsv(dir, 'ведомость_два_кода.csv', [
      ['Код ОО', ...HEADER, 'Код ОО'],
      ...ROWS.slice(0, 3).map((r) => ['1005', ...r, '1006']),
    ]);
    const err = await parseWith(vedomost, path).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(FileRejected);
    expect(rejectedText(err as FileRejected, 'ведомость_два_кода.csv')).toBe(
      'Файл «ведомость_два_кода.csv», строка 1, столбец «Код ОО»: встречается в шапке дважды — «Код ОО (A)» и «Код ОО (H)»; ' +
        'неясно, какой из них читать. Оставьте один такой столбец (лишний удалите или переименуйте) и загрузите файл заново.',
    );
    expect([(err as FileRejected).sheet, (err as FileRejected).rowNo, (err as FileRejected).column]).toEqual([
      null,
      1,
      'Код ОО',
    ]);
  });

  it('xlsx: «Отметка» and its synonym «Оценка» are the same column', async () => {
    const path = await vedomostXlsx(dir, [...HEADER, 'Оценка'], 'ведомость_две_отметки.xlsx');
    const err = await parseWith(vedomost, path).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(FileRejected);
    expect(rejectedText(err as FileRejected, 'ведомость_две_отметки.xlsx')).toMatch(
      /^Файл «ведомость_две_отметки\.xlsx», лист «Ведомость», строка 4, столбец «Отметка»: встречается в шапке дважды — «Отметка \(F\)» и «Оценка \(G\)»;/,
    );
    expect([(err as FileRejected).sheet, (err as FileRejected).rowNo]).toEqual(['Ведомость', 4]);
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
