// ФИС ОКО «Статистика по отметкам» and «Сравнение отметок с отметками по журналу» on generated fixtures.
import { beforeAll, describe, expect, it } from 'vitest';
import { readTitle } from '../../../ingest/formats/aggregate/fisoko-report.js';
import { fisokoMarkComparison, fisokoMarkStats } from '../../../ingest/formats/aggregate/index.js';
import { countsFromPercents } from '../../../ingest/formats/aggregate/mark-counts.js';
import { issueText, rejectionIssue } from '../../../ingest/issues.js';
import { FileRejected, type SheetRow } from '../../../ingest/types.js';
import { detectScore, parseWith } from '../../helpers/parse.js';
import { tempDir } from '../reference/write-fixture.js';
import { GROUPS, writeMarkComparison, writeMarkStats } from './fisoko-fixtures.js';

/** A rejection worded as the report shows it: its place, then its message. */
const rejectedText = (e: FileRejected, fileName?: string): string =>
  issueText(rejectionIssue(e), fileName === undefined ? {} : { fileName });

const files = { stats: '', statsBad: '', cmp: '', cmpBad: '', cmpDecimals: '' };
beforeAll(async () => {
  const dir = tempDir('fisoko-reports');
  files.stats = await writeMarkStats(dir, 'Статистика по отметкам.xlsx');
  files.statsBad = await writeMarkStats(dir, 'stats-bad.xlsx', {
    date: false,
    mutate: (d) => {
      d[1]![2] = '—';
      d[3]![4] = 'абв';
      d[4]![6] = 12.22;
    },
  });
  files.cmp = await writeMarkComparison(dir, 'Сравнение отметок.xlsx');
  files.cmpBad = await writeMarkComparison(dir, 'cmp-bad.xlsx', {
    mutate: (d) => {
      d[14]![1] = 50;
      d[37]![1] = 'abc';
      d.splice(23, 1);
    },
  });
  files.cmpDecimals = await writeMarkComparison(dir, 'cmp-decimals.xlsx', {
    mutate: (d) => {
      d[1]![2] = 112.5;
      d[11]![1] = 2.5;
    },
  });
});

const LEVELS = ['all', 'region', 'municipality', 'school', 'school', 'school', 'municipality', 'school', 'school'];
const REFS = [null, null, null, 'sch220150', 'sch220151', 'edu223843', null, 'sch220164', 'sch220165'];

describe('ФИС ОКО «Статистика по отметкам»', () => {
  it('is detected by content, not confused with the comparison report', async () => {
    expect(await detectScore(fisokoMarkStats, files.stats)).toBeGreaterThanOrEqual(0.9);
    expect(await detectScore(fisokoMarkComparison, files.stats)).toBeLessThan(0.5);
  });

  it('reads the title, the hierarchy and the logins', async () => {
    const ctx = await parseWith(fisokoMarkStats, files.stats);
    expect(ctx.issues).toEqual([]);
    expect(ctx.aggregates.map((a) => a.level)).toEqual(LEVELS);
    expect(ctx.aggregates.map((a) => a.schoolRef)).toEqual(REFS);
    expect(ctx.aggregates.map((a) => a.name)).toEqual([
      'Вся выборка',
      'Алтайский край',
      'Табунский район',
      'МБОУ «Табунская СОШ»',
      'МКОУ «Елизаветградская СОШ»',
      'МБОУ «Серебропольская СОШ»',
      'г. Бийск',
      'МБОУ «СОШ № 1»',
      'МБОУ «Гимназия № 2»',
    ]);
    expect(ctx.aggregates.map((a) => a.rowNo)).toEqual([9, 10, 11, 12, 13, 14, 15, 16, 17]); // the note row 18 is skipped
    expect(
      ctx.aggregates.every(
        (a) =>
          a.assessment === 'ВПР' &&
          a.subject === 'Математика' &&
          a.grade === 4 &&
          a.schoolYear === '2023/24' &&
          a.examDate === '2024-04-16',
      ),
    ).toBe(true);
    expect(ctx.aggregates[0]!.extra).toEqual({ max_score: 20 });
    expect(ctx.aggregates.map((a) => a.participants)).toEqual(GROUPS.map((g) => g.marks.reduce((x, y) => x + y, 0)));
    expect(ctx.aggregates.map((a) => a.schoolsCount)).toEqual(GROUPS.map((g) => g.schools));
  });

  it('recovers exact counts for schools and municipalities, keeps shares for large groups', async () => {
    const ctx = await parseWith(fisokoMarkStats, files.stats);
    expect(ctx.aggregates.map((a) => a.sharesOnly)).toEqual([
      true,
      true,
      false,
      false,
      false,
      false,
      false,
      false,
      false,
    ]);
    ctx.aggregates.forEach((a, i) => {
      if (a.sharesOnly) return;
      expect([a.n2, a.n3, a.n4, a.n5]).toEqual(GROUPS[i]!.marks);
    });
    // Region: 1652 of 23 604 «2» printed as 7 % → share 0.07; 3778 → 16.01 % → 0.1601.
    expect([ctx.aggregates[1]!.n2, ctx.aggregates[1]!.n5]).toEqual([0.07, 0.1601]);
  });

  it('reports bad cells by row and column and assumes spring without a date', async () => {
    const ctx = await parseWith(fisokoMarkStats, files.statsBad);
    const errors = ctx.issues.filter((i) => i.severity === 'error');
    expect(errors.map((e) => [e.rowNo, e.column])).toEqual([
      [10, 'Кол-во участников (C)'],
      [12, 'Распределение групп баллов в %: 3 (E)'],
    ]);
    expect(issueText(errors[0]!)).toBe(
      'Лист «Статистика по отметкам», строка 10, столбец «Кол-во участников (C)»: «—» — количество участников должно быть целым неотрицательным числом.',
    );
    const warnings = ctx.issues.filter((i) => i.severity === 'warning');
    expect(warnings.map((w) => [w.scope, w.rowNo])).toEqual([
      ['file', null],
      ['row', 13],
    ]);
    expect(warnings[0]!.message).toContain('ВПР 2024 отнесены к весенней сессии, 2023/24 учебный год');
    expect(warnings[1]!.message).toContain('сумма процентов по отметкам «2»–«5» равна 89,99, а не 100');
    expect(ctx.aggregates).toHaveLength(7);
    expect(ctx.aggregates.every((a) => a.examDate === null && a.schoolYear === '2023/24')).toBe(true);
    // Hierarchy still right after the rejected region row.
    expect(ctx.aggregates.map((a) => a.level)).toEqual([
      'all',
      'municipality',
      'school',
      'school',
      'municipality',
      'school',
      'school',
    ]);
  });

  it('emits counts only when the percentages pin them down', () => {
    expect(countsFromPercents([8, 32, 40, 20], 25)).toEqual([2, 8, 10, 5]);
    expect(countsFromPercents(['0', '33,33', '44,44', '22,22'], 9)).toEqual([0, 3, 4, 2]);
    expect(countsFromPercents([7, 37, 40, 16.01], 23604)).toBeNull(); // ±0.005 % of 23 604 covers more than one pupil
    expect(countsFromPercents([10, 30, 40, 20], 25)).toBeNull(); // 30 % of 25 is not a whole pupil
    expect(countsFromPercents([8, 32, 40, 20], null)).toBeNull();
  });
});

describe('ФИС ОКО «Сравнение отметок с отметками по журналу»', () => {
  it('is detected by content', async () => {
    expect(await detectScore(fisokoMarkComparison, files.cmp)).toBeGreaterThanOrEqual(0.9);
    expect(await detectScore(fisokoMarkStats, files.cmp)).toBeLessThan(0.5);
  });

  it('gives one result per group with lowered/confirmed/raised/compared counts', async () => {
    const ctx = await parseWith(fisokoMarkComparison, files.cmp);
    expect(ctx.issues).toEqual([]);
    expect(ctx.aggregates.map((a) => a.level)).toEqual(LEVELS);
    expect(ctx.aggregates.map((a) => a.schoolRef)).toEqual(REFS);
    expect(ctx.aggregates.map((a) => a.rowNo)).toEqual(GROUPS.map((_, i) => 8 + 5 * i)); // the caption row of each group
    expect(ctx.aggregates.map((a) => [a.lowered, a.confirmed, a.raised])).toEqual(GROUPS.map((g) => g.cmp));
    expect(ctx.aggregates.map((a) => a.compared)).toEqual(GROUPS.map((g) => g.cmp.reduce((x, y) => x + y, 0)));
    expect(
      ctx.aggregates.every(
        (a) =>
          a.participants === a.compared &&
          a.n2 === null &&
          a.assessment === 'ВПР' &&
          a.grade === 4 &&
          a.schoolYear === '2023/24',
      ),
    ).toBe(true);
  });

  it('skips incomplete groups with row errors and flags inconsistent totals', async () => {
    const ctx = await parseWith(fisokoMarkComparison, files.cmpBad);
    const errors = ctx.issues.filter((i) => i.severity === 'error');
    expect(errors.map((e) => [e.rowNo, e.column])).toEqual([
      [28, 'Группы участников (A)'],
      [44, 'Кол-во участников (B)'],
    ]);
    expect(issueText(errors[0]!)).toBe(
      'Лист «Сравнение отметок», строка 28, столбец «Группы участников (A)»: у группы «МКОУ «Елизаветградская СОШ»» нет строк «Повысили» — группа пропущена.',
    );
    const warnings = ctx.issues.filter((i) => i.severity === 'warning');
    expect(warnings.map((w) => [w.rowNo, w.column])).toEqual([[22, 'Кол-во участников (B)']]);
    expect(warnings[0]!.message).toContain('«Всего» (50) не равно сумме «Понизили» + «Подтвердили» + «Повысили» (47)');
    expect(ctx.aggregates.map((a) => a.schoolRef ?? a.name)).toEqual([
      'Вся выборка',
      'Алтайский край',
      'Табунский район',
      'sch220150',
      'edu223843',
      'г. Бийск',
      'sch220165',
    ]);
    expect(ctx.aggregates[2]!.compared).toBe(50);
  });
});

describe('Russian numbers in messages', () => {
  it('a percent and a count written as numbers are quoted with a decimal comma', async () => {
    const ctx = await parseWith(fisokoMarkComparison, files.cmpDecimals);
    const messages = ctx.issues.map((i) => issueText(i));
    expect(messages).toContain(
      'Лист «Сравнение отметок», строка 9, столбец «% (C)»: процент 112,5 вне диапазона 0–100.',
    );
    expect(messages).toContain(
      'Лист «Сравнение отметок», строка 19, столбец «Кол-во участников (B)»: «2,5» — количество участников должно быть целым неотрицательным числом; группа «Табунский район» пропущена.',
    );
    expect(messages.join('\n')).not.toMatch(/\d\.\d/);
  });
});

describe('the title block of a ФИС ОКО report', () => {
  const book = { kind: 'xlsx' as const, fileName: 'Статистика.xlsx' };
  const title = (...lines: string[]): SheetRow[] => [
    ...lines.map((l, i) => ({ rowNo: i + 1, cells: [l] })),
    { rowNo: lines.length + 1, cells: ['Группы участников'] },
  ];
  const rows = title('Всероссийские проверочные работы 2025 (5 класс)', 'Дата: 16.04.2025', 'Предмет: Математика');
  const read = (r: SheetRow[], today: Date) => {
    try {
      return readTitle(book, 'Отчёт', r, r.length - 1, today);
    } catch (e) {
      return e as FileRejected;
    }
  };

  it('a date later than today (injected) rejects the file, naming file, sheet and row', () => {
    const err = read(rows, new Date(2025, 3, 15, 23, 59));
    expect(err).toBeInstanceOf(FileRejected);
    expect(rejectedText(err as FileRejected, book.fileName)).toBe(
      'Файл «Статистика.xlsx», лист «Отчёт», строка 2: в заголовке отчёта ФИС ОКО дата проведения 16.04.2025 — она ещё не наступила (сегодня 15.04.2025). ' +
        'Вероятно, дата в отчёте указана с ошибкой или загружен не тот файл; проверьте отчёт и загрузите его заново.',
    );
    expect([(err as FileRejected).sheet, (err as FileRejected).rowNo]).toEqual(['Отчёт', 2]);
  });

  it('the day itself and later days are fine', () => {
    for (const today of [new Date(2025, 3, 16, 0, 1), new Date(2026, 0, 1)])
      expect(read(rows, today)).toMatchObject({
        examDate: '2025-04-16',
        schoolYear: '2024/25',
        subject: 'Математика',
        grade: 5,
      });
  });

  it('an unknown subject is named as written, with the known ones listed', () => {
    const err = read(title('ВПР 2025 10 класс', 'Дата: 16.04.2025', 'Предмет: Астрономия'), new Date(2025, 5, 1));
    expect(rejectedText(err as FileRejected)).toMatch(
      /^Лист «Отчёт»: в заголовке отчёта предмет «Астрономия» не распознан — Ориентир знает предметы «Русский язык», «Математика», .*«Родной язык» — результаты нельзя отнести к предмету\.$/,
    );
  });
});
