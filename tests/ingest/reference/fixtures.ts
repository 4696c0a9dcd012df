// Generated reference fixtures (registry, ВПР scales, targets), shared by the parser and detection tests.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { type FixtureCell, writeCsv, writeXlsx } from './write-fixture.js';

export const REGISTRY_HEADER = [
  'Код ОО',
  'Наименование',
  'Краткое наименование',
  'Логин ФИС ОКО',
  'Прежний логин ФИС ОКО',
  'Код ОО РЦОИ',
  'Муниципалитет',
  'Тип ОО',
  'Тип населённого пункта',
  'Численность обучающихся',
  'Доля обучающихся с ОВЗ, %',
  'Доля обучающихся, для которых русский язык не родной, %',
];

const REGISTRY_ROWS: FixtureCell[][] = [
  REGISTRY_HEADER,
  [
    101,
    'МБОУ «Средняя общеобразовательная школа № 1»',
    'МБОУ СОШ № 1',
    'sch220150',
    null,
    1001,
    'Табунский район',
    'СОШ',
    '4. Населенный пункт сельского типа (село, хутор, деревня и пр.)',
    312,
    '7,5',
    0.02,
  ],
  [
    '102',
    'МБОУ «Гимназия № 2»',
    'Гимназия № 2',
    'EDU223843',
    'sch220164',
    '1002.0',
    'г. Бийск',
    'гимназия',
    'городская',
    '540',
    '7.5%',
    0.1,
  ],
  [103, 'МБОУ «Лицей»', null, null, null, null, 'г. Бийск', 'лицей', 'город', 0, 12, 0],
  [101, 'Дубль кода', null, null, null, null, null, null, null, null, null, null], // row 5: duplicate code
  [105, 'Школа с неверной долей', null, null, null, null, null, null, null, 100, '120', null], // row 6: share > 100 %
  [106, 'Школа с отрицательной численностью', null, null, null, null, null, null, null, -5, null, null], // row 7
  [107, null, null, null, null, null, null, null, null, 10, null, null], // row 8: no name
  [108, 'МКОУ «ООШ»', null, null, null, null, 'Табунский район', 'ООШ', 'неизвестно', 40, 0, 0], // row 9: unknown settlement → warning
];

const SCALE_ROWS_RU: FixtureCell[][] = [
  ['Учебный год', 'Предмет', 'Класс', '«2» до', '«3» от', '«3» до', '«4» от', '«4» до', '«5» от', 'Максимальный балл'],
  ['2024/2025', 'математика', 4, 5, 6, 9, 10, 14, 15, 20],
  ['2024/25', 'Русский язык', 4, 13, 14, 23, 24, 32, 33, 38],
  ['2024/25', 'Окружающий мир', 4, 7, 8, 17, 18, 14, 15, 32], // row 4: «4» от 18 > «5» от 15
  ['2024/25', 'Астрономия', 11, 4, 5, 9, 10, 14, 15, 20], // row 5: unknown subject
  ['2024/25', 'Математика', 5, 6, 7, 10, 12, 14, 15, 20], // row 6: «3» до 10, but «4» от 12
  ['2024', 'История', 5, 3, 4, 7, 8, 11, 12, 15], // row 7: not a school year
  ['2024/25', 'Математика', '4', 5, 6, 9, 10, 14, 15, 20], // row 8: same key as row 2
];

export const TARGET_HEADER = [
  'Код ОО',
  'Учебный год',
  'Показатель',
  'Предмет',
  'Класс',
  'Базовое значение',
  'Плановое значение',
];
const TARGET_ROWS: FixtureCell[][] = [
  TARGET_HEADER,
  [101, '2024/2025', 'ИОР', null, null, '0,400', '0,438'],
  [101, '2024/25', 'ОУ, %', null, null, 95, 98],
  ['101', '2024/25', 'КУ, %', null, null, '45,5', '50%'],
  [101, '2024/25', 'Средняя отметка ВПР', 'математика', 4, '3,6', '3,8'],
  [101, '2024/25', 'Доля подтвердивших отметки ВПР, %', null, null, 0.62, 0.7],
  ['sch220150', '2024/25', 'Средняя отметка ОГЭ', 'Русский язык', null, null, 3.9],
  [102, '2025/26', 'Средний балл ЕГЭ', 'Физика', null, 61, 65],
  [102, '2024/25', 'доля обучающихся с рисками учебной неуспешности', null, null, '12', '8'],
  [102, '2024/25', 'Средний балл по журналу', null, null, null, 4], // row 10: unknown indicator
  [102, '2024/25', 'ОУ, %', null, null, null, 120], // row 11: 120 %
  [101, '2024/25', 'ОУ', null, null, null, 97], // row 12: duplicates row 3
  [103, '2024', 'КУ, %', null, null, null, 50], // row 13: bad year
  [103, '2024/25', 'ОУ, %', 'Математика', null, null, 1], // row 14: subject ignored (warning), «1» = 100 % (warning)
];

export interface ReferenceFixtures {
  registry: string;
  registryCsv: string;
  scalesRu: string;
  scalesEn: string;
  targets: string;
}

export async function writeReferenceFixtures(dir: string): Promise<ReferenceFixtures> {
  const scalesEn = join(dir, 'vpr_scales.csv');
  writeFileSync(
    scalesEn,
    'school_year,subject,kim_grade,mark2_max,mark3_min,mark3_max,mark4_min,mark4_max,mark5_min,max_score\n,Математика,4,5,6,9,10,14,15,20\n2023/24,География,6,9,10,18,19,29,30,37\n',
  );
  return {
    registry: await writeXlsx(dir, 'реестр ОО.xlsx', [{ name: 'Реестр', rows: REGISTRY_ROWS }]),
    registryCsv: writeCsv(
      dir,
      'schools.csv',
      [
        ['Реестр общеобразовательных организаций на 01.09.2024'],
        [
          'код оо',
          'Полное НАИМЕНОВАНИЕ ОО',
          'муниципалитет (район)',
          'Тип населенного пункта (город/село)',
          'Численность обучающихся, чел.',
          'Доля детей с ОВЗ',
        ],
        ['201', 'МБОУ «СОШ с. Новоегорьевское»', 'Егорьевский район', 'сельская', '120', '0,05'],
        ['202', 'МБОУ «СОШ № 3»', 'Егорьевский район', 'с. Лебяжье', '85', '0,125'],
      ],
      'cp1251',
    ),
    scalesRu: await writeXlsx(dir, 'шкалы ВПР 2025.xlsx', [{ name: 'Шкалы', rows: SCALE_ROWS_RU }]),
    scalesEn,
    targets: await writeXlsx(dir, 'целевые показатели.xlsx', [{ name: 'Цели', rows: TARGET_ROWS }]),
  };
}
