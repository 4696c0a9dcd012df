// Subject, grade, year and login from ФИС ОКО and transliterated file names; the ВПР session rule.
import { describe, expect, it } from 'vitest';
import { CollectingContext } from '../../../ingest/collect.js';
import { parseFileName, subjectPhrase } from '../../../ingest/formats/fisoko/file-name.js';
import { type ContentMeta, resolveMeta } from '../../../ingest/formats/fisoko/work-meta.js';
import { VprScaleTable } from '../../../ingest/scales.js';
import { FileRejected, type Workbook } from '../../../ingest/types.js';

describe('parseFileName', () => {
  it.each([
    ['Проведение работы по географии, 10 класс. ВПР 2021.xlsx', 'География', 10, 10, 2021, null],
    ['Проведение работы по биологии, 7 класс (по образцу 8 класса). ВПР 2021.xlsx', 'Биология', 7, 8, 2021, null],
    ['Проведение работы по русскому языку, 5 класс. ВПР 2025 edu223843.xlsx', 'Русский язык', 5, 5, 2025, 'edu223843'],
    [
      'Проведение работы по окружающему миру, 4 класс. ВПР 2024 sch220150.xlsx',
      'Окружающий мир',
      4,
      4,
      2024,
      'sch220150',
    ],
    ['Проведение работы по математике, 4 класс. ВПР 2025 sch220150.xlsx', 'Математика', 4, 4, 2025, 'sch220150'],
    ['fisoko_vpr2021_altai_export_geography10.xlsx', 'География', 10, 10, 2021, null],
    ['fisoko_vpr2020_altai_raw_export_french7.xlsx', 'Французский язык', 7, 7, 2020, null],
    ['fisoko_vpr2022_altai_export_german11.xlsx', 'Немецкий язык', 11, 11, 2022, null],
    ['vpr2025_math4_SCH220150.xlsx', 'Математика', 4, 4, 2025, 'sch220150'],
    ['russian5 ВПР-2024.xlsx', 'Русский язык', 5, 5, 2024, null],
    ['fisoko_vpr_school_protocol_form_example__base_form.xlsx', null, null, null, null, null],
  ])('%s', (name, subject, grade, kimGrade, vprYear, login) => {
    expect(parseFileName(name)).toEqual({ subject, grade, kimGrade, vprYear, login });
  });
});

describe('session rule', () => {
  const ctx = new CollectingContext('s', new VprScaleTable([]));
  const book = (fileName: string): Workbook => ({ fileName, kind: 'xlsx', sheets: [] });

  it('spring ВПР of year Y belongs to school year (Y-1)/Y', () => {
    expect(resolveMeta(book('Проведение работы по географии, 10 класс. ВПР 2021.xlsx'), { source: 'x' }, ctx)).toEqual({
      subject: 'География',
      kimGrade: 10,
      grade: 10,
      vprYear: 2021,
      autumn: false,
      schoolYear: '2020/21',
    });
  });

  it('autumn 2020: КИМ N written by grade N+1 in 2020/21; 11th grade wrote in spring 2020', () => {
    expect(resolveMeta(book('vpr2020_math5.xlsx'), { source: 'x' }, ctx)).toMatchObject({
      kimGrade: 5,
      grade: 6,
      schoolYear: '2020/21',
      autumn: true,
    });
    expect(resolveMeta(book('vpr2020_french11.xlsx'), { source: 'x' }, ctx)).toMatchObject({
      kimGrade: 11,
      grade: 11,
      schoolYear: '2019/20',
      autumn: false,
    });
  });

  it('«по образцу 8 класса»: 7th-graders on the 8th-grade КИМ', () => {
    expect(
      resolveMeta(
        book('Проведение работы по биологии, 7 класс (по образцу 8 класса). ВПР 2021.xlsx'),
        { source: 'x' },
        ctx,
      ),
    ).toMatchObject({ subject: 'Биология', kimGrade: 8, grade: 7, schoolYear: '2020/21' });
  });

  it('content wins over the name, with a warning', () => {
    const c = new CollectingContext('s', new VprScaleTable([]));
    expect(
      resolveMeta(
        book('vpr2021_math4.xlsx'),
        { source: 'заголовок отчёта', subject: 'Русский язык', kimGrade: 4, vprYear: 2021 },
        c,
      ),
    ).toMatchObject({ subject: 'Русский язык' });
    expect(c.issues.map((i) => i.message)).toEqual([
      expect.stringContaining('предмет — «Математика», а в содержимом (заголовок отчёта) — «Русский язык»'),
    ]);
  });
});

describe('an unknown subject', () => {
  const book = (fileName: string): Workbook => ({ fileName, kind: 'xlsx', sheets: [] });
  const ctx = new CollectingContext('s', new VprScaleTable([]));
  const rejection = (fileName: string, content: ContentMeta = { source: 'выгрузка ВПР-2021' }) => {
    try {
      resolveMeta(book(fileName), content, ctx);
      return null;
    } catch (e) {
      return e as FileRejected;
    }
  };

  it('the subject words of a ФИС ОКО name are found whether known or not', () => {
    expect(subjectPhrase('Проведение работы по астрономии, 10 класс. ВПР 2021.xlsx')).toBe('по астрономии');
    expect(subjectPhrase('Проведение работы по математике, 4 класс. ВПР 2025 sch220150.xlsx')).toBe('по математике');
    expect(subjectPhrase('vpr2025_math4.xlsx')).toBeNull();
  });

  it('in the file name: named as written, the known subjects listed', () => {
    const err = rejection('Проведение работы по астрономии, 10 класс. ВПР 2021.xlsx');
    expect(err).toBeInstanceOf(FileRejected);
    expect(err!.message).toMatch(
      /^Файл «Проведение работы по астрономии, 10 класс\. ВПР 2021\.xlsx»: в имени файла предмет «по астрономии» не распознан — Ориентир знает предметы «Русский язык», «Математика», .*«Родной язык»\. Если в названии предмета опечатка/,
    );
  });

  it('in the content: named with its source', () => {
    const err = rejection('report.xlsx', { source: 'заголовок отчёта', subjectText: 'Астрономия' });
    expect(err!.message).toMatch(
      /^Файл «report\.xlsx» \(заголовок отчёта\): предмет «Астрономия» не распознан — Ориентир знает предметы/,
    );
  });

  it('a name without any subject still gets the naming rule', () => {
    expect(rejection('protocol.xlsx')!.message).toMatch(
      /^Не удалось определить предмет, класс, год ВПР: .*Назовите файл так, как его называет ФИС ОКО/,
    );
  });
});
