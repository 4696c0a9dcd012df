// Which exam a РЦОИ block is, from its title row: input → output cases, and the rejection placed on the title cell.
import { describe, expect, it } from 'vitest';
import { decideExam, examTitle } from '../../../ingest/formats/rcoi/exam.js';

const evidence = (cells: (string | null)[]) => ({
  title: examTitle(cells)!,
  hasTest: false,
  hasMark: true,
  classGrades: [9],
});

describe('examTitle', () => {
  it.each([
    [['2 - Математика 2023.06.01'], { code: '2', caption: 'Математика', date: '2023-06-01', column: 0 }],
    [[null, '', '1 - Русский язык 2024.05.24'], { code: '1', caption: 'Русский язык', date: '2024-05-24', column: 2 }],
    [['2 - Математика 2023.02.30'], null], // no such date
    [['Протокол результатов'], null],
  ])('%j → %j', (cells, expected) => {
    const t = examTitle(cells);
    if (expected === null) expect(t).toBeNull();
    else expect(t).toMatchObject(expected);
  });
});

describe('decideExam', () => {
  it('an ОГЭ title by subject name gives the subject, grade 9 and the school year of the date', () => {
    expect(decideExam(evidence(['2 - Математика 2023.06.01']), false, 'Протокол', 1)).toMatchObject({
      assessment: 'ОГЭ',
      subject: 'Математика',
      schoolYear: '2022/23',
      examDate: '2023-06-01',
    });
  });

  it('an unknown subject rejects the file at the title cell, worded «Заголовок экзамена (C)»', () => {
    expect(() => decideExam(evidence([null, null, '99 - Танцы 2023.06.01']), false, 'Протокол', 4)).toThrow(
      expect.objectContaining({
        sheet: 'Протокол',
        rowNo: 4,
        column: 'Заголовок экзамена (C)',
        message: expect.stringMatching(/^предмет экзамена «99 - Танцы 2023\.06\.01» не распознан/),
      }),
    );
  });
});
