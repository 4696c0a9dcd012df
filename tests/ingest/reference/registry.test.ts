// The school registry: full documented layout (xlsx), a loose CSV in cp1251, and row validation.
import { beforeAll, describe, expect, it } from 'vitest';
import { registry } from '../../../ingest/formats/reference/index.js';
import { settlementType } from '../../../ingest/formats/reference/settlement.js';
import { issueText, rejectionIssue } from '../../../ingest/issues.js';
import { FileRejected } from '../../../ingest/types.js';
import { detectScore, parseWith } from '../../helpers/parse.js';
import { writeReferenceFixtures } from './fixtures.js';
import { tempDir, writeCsv, writeXlsx } from './write-fixture.js';

let xlsx: string, csv: string;
beforeAll(async () => {
  ({ registry: xlsx, registryCsv: csv } = await writeReferenceFixtures(tempDir('registry')));
});

describe('school registry', () => {
  it('detects both layouts with high confidence', async () => {
    expect(await detectScore(registry, xlsx)).toBeGreaterThanOrEqual(0.9);
    expect(await detectScore(registry, csv)).toBeGreaterThanOrEqual(0.9);
  });

  it('reads the documented layout: codes, logins, settlement types and shares', async () => {
    const ctx = await parseWith(registry, xlsx);
    expect(ctx.schools.map((s) => s.schoolCode)).toEqual(['101', '102', '103', '108']);
    expect(ctx.schools[0]).toEqual({
      sheet: 'Реестр',
      rowNo: 2,
      schoolCode: '101',
      name: 'МБОУ «Средняя общеобразовательная школа № 1»',
      shortName: 'МБОУ СОШ № 1',
      fisokoLogin: 'sch220150',
      fisokoLoginOld: null,
      rcoiCode: '1001',
      municipality: 'Табунский район',
      schoolType: 'СОШ',
      settlementType: 'село',
      enrolment: 312,
      ovzShare: 0.075,
      nonNativeShare: 0.02,
    });
    expect(ctx.schools[1]).toMatchObject({
      fisokoLogin: 'edu223843',
      fisokoLoginOld: 'sch220164',
      rcoiCode: '1002',
      settlementType: 'город',
      enrolment: 540,
      ovzShare: 0.075,
      nonNativeShare: 0.1,
    });
    expect(ctx.schools[2]).toMatchObject({
      shortName: null,
      fisokoLogin: null,
      settlementType: 'город',
      enrolment: 0,
      ovzShare: 0.12,
      nonNativeShare: 0,
    });
    expect(ctx.schools[3]).toMatchObject({ settlementType: null, ovzShare: 0 });
  });

  it('rejects bad rows with messages naming row and column', async () => {
    const ctx = await parseWith(registry, xlsx);
    const errors = ctx.issues.filter((i) => i.severity === 'error');
    expect(errors.map((e) => [e.rowNo, e.column])).toEqual([
      [5, 'Код ОО (A)'],
      [6, 'Доля обучающихся с ОВЗ, % (K)'],
      [7, 'Численность обучающихся (J)'],
      [8, 'Наименование (B)'],
    ]);
    expect(errors.every((e) => e.scope === 'row' && e.sheet === 'Реестр')).toBe(true);
    expect(issueText(errors[0]!)).toBe(
      'Лист «Реестр», строка 5, столбец «Код ОО (A)»: код ОО «101» уже встречался (лист «Реестр», строка 2); коды в реестре должны быть уникальны.',
    );
    expect(errors[1]!.message).toContain('вне допустимого диапазона 0–100 %');
    expect(errors[2]!.message).toContain('не может быть отрицательной');
    const warnings = ctx.issues.filter((i) => i.severity === 'warning');
    // The non-native column holds only values ≤ 1 → read as fractions, and the user is told so.
    expect(warnings.map((w) => [w.rowNo, w.column])).toEqual([
      [1, 'Доля обучающихся, для которых русский язык не родной, % (L)'],
      [9, 'Тип населённого пункта (I)'],
    ]);
  });

  it('matches loose headers in a cp1251 CSV; shares ≤ 1 are fractions', async () => {
    const ctx = await parseWith(registry, csv);
    expect(ctx.schools).toHaveLength(2);
    expect(ctx.schools[0]).toMatchObject({
      rowNo: 3,
      schoolCode: '201',
      name: 'МБОУ «СОШ с. Новоегорьевское»',
      municipality: 'Егорьевский район',
      settlementType: 'село',
      enrolment: 120,
      ovzShare: 0.05,
    });
    expect(ctx.schools[1]).toMatchObject({
      settlementType: 'село',
      ovzShare: 0.125,
      fisokoLogin: null,
      rcoiCode: null,
    });
    expect(ctx.issues.filter((i) => i.severity === 'error')).toEqual([]);
    expect(issueText(ctx.issues[0]!)).toMatch(
      /^Строка 2, столбец «Доля детей с ОВЗ \(F\)»: все значения столбца не больше 1/,
    );
    expect(ctx.issues.map((i) => i.sheet)).toEqual(ctx.issues.map(() => null)); // a CSV has no sheets
  });

  it('normalises settlement types, including ФИС ОКО numbered answers', () => {
    expect(settlementType('4. Населенный пункт сельского типа (село, хутор, деревня и пр.)')).toBe('село');
    expect(settlementType('3. Поселок городского типа')).toBe('город');
    expect(settlementType('Городская')).toBe('город');
    expect(settlementType('сельская местность')).toBe('село');
    expect(settlementType('')).toBeNull();
    expect(settlementType('не знаю')).toBeUndefined();
  });
});

describe('a registry header with the same column twice', () => {
  const dir = tempDir('registry-dup');
  const rejection = (path: string) =>
    parseWith(registry, path).then(
      () => null,
      (e: unknown) => e as FileRejected,
    );

  it('is rejected, naming the file, sheet, row and both columns (case and spacing do not hide a duplicate)', async () => {
    const path = await writeXlsx(dir, 'реестр два кода.xlsx', [
      {
        name: 'Реестр',
        rows: [
          ['Реестр ОО на 01.09.2024'],
          ['Код ОО', 'Наименование', 'Муниципалитет', 'код  ОО'],
          ['101', 'МБОУ СОШ № 1', 'Энский район', '9101'],
        ],
      },
    ]);
    const err = await rejection(path);
    expect(err).toBeInstanceOf(FileRejected);
    expect(err!.message).toBe(
      'встречается в шапке дважды — «Код ОО (A)» и «код  ОО (D)»; ' +
        'неясно, какой из них читать. Оставьте один такой столбец (лишний удалите или переименуйте) и загрузите файл заново.',
    );
    expect([err!.sheet, err!.rowNo, err!.column]).toEqual(['Реестр', 2, 'Код ОО']);
    expect(issueText(rejectionIssue(err!), { fileName: 'реестр два кода.xlsx' })).toBe(
      'Файл «реестр два кода.xlsx», лист «Реестр», строка 2, столбец «Код ОО»: встречается в шапке дважды — «Код ОО (A)» и «код  ОО (D)»; ' +
        'неясно, какой из них читать. Оставьте один такой столбец (лишний удалите или переименуйте) и загрузите файл заново.',
    );
  });

  it('an optional column twice too; a CSV names no sheet', async () => {
    const path = writeCsv(dir, 'реестр.csv', [
      ['Код ОО', 'Наименование', 'Численность обучающихся', 'Численность обучающихся'],
      ['101', 'МБОУ СОШ № 1', '300', '310'],
    ]);
    const err = await rejection(path);
    expect(err).toBeInstanceOf(FileRejected);
    expect(issueText(rejectionIssue(err!), { fileName: 'реестр.csv' })).toMatch(
      /^Файл «реестр\.csv», строка 1, столбец «Численность обучающихся»: встречается в шапке дважды — «Численность обучающихся \(C\)» и «Численность обучающихся \(D\)»;/,
    );
    expect([err!.sheet, err!.rowNo, err!.column]).toEqual([null, 1, 'Численность обучающихся']);
  });

  it('different columns that merely look alike are not duplicates', async () => {
    const path = writeCsv(dir, 'реестр логины.csv', [
      ['Код ОО', 'Наименование', 'Краткое наименование', 'Логин ФИС ОКО', 'Прежний логин ФИС ОКО', 'Код ОО РЦОИ'],
      ['101', 'МБОУ СОШ № 1', 'СОШ № 1', 'sch220150', 'sch220100', '1001'],
    ]);
    const ctx = await parseWith(registry, path);
    expect(ctx.schools).toMatchObject([
      {
        schoolCode: '101',
        shortName: 'СОШ № 1',
        fisokoLogin: 'sch220150',
        fisokoLoginOld: 'sch220100',
        rcoiCode: '1001',
      },
    ]);
  });
});
