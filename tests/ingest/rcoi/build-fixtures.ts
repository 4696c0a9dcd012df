// Builds realistic РЦОИ files (formats.md §2) in a temp dir: real protocols carry pupils' names, so none is committed.
// All names below are invented.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';

export const NAMES = {
  petrov: ['Петров', 'Пётр', 'Петрович'],
  sidorova: ['Сидорова', 'Анна', 'Сергеевна'],
  kuznetsov: ['Кузнецов', 'Максим', 'Олегович'],
  volkova: ['Волкова', 'Дарья', 'Игоревна'],
  lebedev: ['Лебедев', 'Артём', 'Андреевич'],
  morozova: ['Морозова', 'Полина', 'Денисовна'],
  sokolov: ['Соколов', 'Илья', 'Викторович'],
} as const;
export const ALL_NAME_PARTS: string[] = Object.values(NAMES)
  .flat()
  .filter((p) => p.length > 3);
export const DOCUMENT_NUMBERS = ['4519', '781203', '4520', '781399'];

const mask = (n: number, pluses: number) => '+'.repeat(pluses) + '-'.repeat(n - pluses);
const groups = (scores: number[], max: number[]) => scores.map((s, i) => `${s}(${max[i]})`).join('');
const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);

async function save(wb: ExcelJS.Workbook, path: string): Promise<string> {
  await wb.xlsx.writeFile(path);
  return path;
}

const OGE_HEADER = [
  '№',
  'Код ОО',
  'Класс',
  'Код ППЭ',
  'Аудитория',
  'Код регистрации',
  'Фамилия',
  'Имя',
  'Отчество',
  'Серия',
  'Номер',
  'Задания с кратким ответом',
  'Задания с развёрнутым ответом',
  'Первичный балл',
  'Оценка',
];
const MATH_OGE_MAX = [2, 2, 2, 2, 2, 2];
const RUS_OGE_MAX = [2, 3, 1, 2, 1, 1, 3, 3, 2, 2];

type OgeRow = {
  name: readonly string[];
  school: string | number;
  cls: string;
  p1: number;
  p2: number[];
  mark: number | string;
  primary?: number;
};

function ogeRows(rows: OgeRow[], p1Len: number, p2Max: number[]): (string | number)[][] {
  return rows.map((r, i) => {
    const primary = r.primary ?? r.p1 + sum(r.p2);
    return [
      i + 1,
      r.school,
      r.cls,
      '0301',
      '0012',
      `R${String(1000 + i)}`,
      ...r.name,
      DOCUMENT_NUMBERS[i % 2]!,
      DOCUMENT_NUMBERS[2 + (i % 2)]!,
      mask(p1Len, r.p1),
      groups(r.p2, p2Max),
      primary,
      r.mark,
    ];
  });
}

/** ОГЭ multi-exam protocol, dense legacy layout, school codes as '1003.0' text. */
export async function ogeDense(
  dir: string,
  opts: { name?: string; dropPrimary?: boolean; badRows?: boolean; noHeader?: boolean } = {},
): Promise<string> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('Протокол');
  const header = opts.dropPrimary ? OGE_HEADER.map((h) => (h === 'Первичный балл' ? 'Балл' : h)) : OGE_HEADER;
  const math: OgeRow[] = [
    { name: NAMES.petrov, school: '1003.0', cls: '9А', p1: 15, p2: [2, 1, 2, 0, 0, 0], mark: 4 },
    { name: NAMES.sidorova, school: '1003.0', cls: '9А', p1: 18, p2: [2, 2, 2, 2, 1, 0], mark: 5 },
    { name: NAMES.kuznetsov, school: '1003.0', cls: '9Б', p1: 6, p2: [0, 0, 0, 0, 0, 0], mark: 2 },
    { name: NAMES.volkova, school: 1017, cls: '9А', p1: 12, p2: [1, 0, 0, 0, 0, 0], mark: 3 },
  ];
  if (opts.badRows) {
    math.push({ name: NAMES.lebedev, school: 1017, cls: '9А', p1: 10, p2: [0, 0, 0, 0, 0, 0], mark: 7 });
    math.push({ name: NAMES.morozova, school: 1017, cls: '9А', p1: 10, p2: [0, 0, 0, 0, 0, 0], mark: 3, primary: -1 });
    math.push({ name: NAMES.sokolov, school: 1017, cls: '9А', p1: 10, p2: [0, 0, 0, 0, 0, 0], mark: 5, primary: 40 });
  }
  const rus: OgeRow[] = [
    { name: NAMES.petrov, school: '1003.0', cls: '9А', p1: 6, p2: [2, 2, 1, 1, 1, 1, 2, 2, 1, 1], mark: 4 },
    { name: NAMES.sidorova, school: '1003.0', cls: '9А', p1: 7, p2: [2, 3, 1, 2, 1, 1, 3, 3, 2, 2], mark: 5 },
    { name: NAMES.volkova, school: 1017, cls: '9А', p1: 4, p2: [1, 1, 0, 1, 0, 1, 1, 1, 1, 0], mark: 3 },
  ];
  const blocks: [string, OgeRow[], number, number[]][] = [
    ['02 - Математика 2024.06.07', math, 19, MATH_OGE_MAX],
    ['01 - Русский язык 2024.06.03', rus, 7, RUS_OGE_MAX],
  ];
  for (const [title, rows, p1, p2] of blocks) {
    const t = ws.addRow([title]);
    ws.mergeCells(t.number, 1, t.number, OGE_HEADER.length);
    if (!opts.noHeader) ws.addRow(header);
    for (const r of ogeRows(rows, p1, p2)) ws.addRow(r);
    ws.addRow([]);
    ws.addRow(['Всего участников:', rows.length]);
    ws.addRow([]);
  }
  return save(wb, join(dir, opts.name ?? 'ОГЭ_протоколы_2024.xlsx'));
}

/** A protocol pasted without its exam title row: header and rows only. */
export async function ogeWithoutTitle(dir: string): Promise<string> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('Протокол');
  ws.addRow(OGE_HEADER);
  for (const r of ogeRows(
    [{ name: NAMES.petrov, school: 1003, cls: '9А', p1: 15, p2: [2, 1, 2, 0, 0, 0], mark: 4 }],
    19,
    MATH_OGE_MAX,
  ))
    ws.addRow(r);
  return save(wb, join(dir, 'ОГЭ_без_заголовка.xlsx'));
}

const EGE_COMPACT = [
  '№',
  'Код МСУ',
  'Код ОО',
  'Класс',
  'Код ППЭ',
  'Аудитория',
  'Фамилия',
  'Имя',
  'Отчество',
  'Документ',
  'Код участника',
  'Вариант',
  'Задания с кратким ответом',
  'Задания с развёрнутым ответом',
  'Первичный балл',
  'Тестовый балл',
];
export const PROFILE_MAX = [2, 3, 2, 2, 3, 4, 4];

/** ЕГЭ compact layout, two exams: profile maths (test score) and base maths with code 22 and a 5-point mark. */
export async function egeCompact(dir: string): Promise<string> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('Лист1');
  ws.addRow(['2 - Математика профильного уровня 2024.06.01']);
  ws.addRow(EGE_COMPACT);
  const prof: [readonly string[], number, number[], number][] = [
    [NAMES.lebedev, 11, [2, 3, 2, 1, 0, 2, 0], 76],
    [NAMES.morozova, 9, [1, 0, 0, 0, 0, 0, 0], 52],
    [NAMES.sokolov, 4, [0, 0, 0, 0, 0, 0, 0], 22],
  ];
  prof.forEach(([n, p1, p2, test], i) =>
    ws.addRow([
      i + 1,
      10,
      1003,
      '11А',
      '0301',
      '0007',
      ...n,
      DOCUMENT_NUMBERS[i % 4]!,
      `22000${i}1`,
      301,
      mask(12, p1),
      groups(p2, PROFILE_MAX),
      p1 + sum(p2),
      test,
    ]),
  );
  ws.addRow([]);
  ws.addRow(['22 - Математика 2024.05.31']);
  ws.addRow([...EGE_COMPACT.slice(0, 14), 'Первичный балл', 'Оценка']);
  const base: [readonly string[], number, number][] = [
    [NAMES.volkova, 17, 5],
    [NAMES.kuznetsov, 8, 3],
  ];
  base.forEach(([n, p1, mark], i) =>
    ws.addRow([i + 1, 10, 1017, '11Б', '0301', '0009', ...n, '', `22100${i}2`, 1, mask(21, p1), '', p1, mark]),
  );
  return save(wb, join(dir, 'ЕГЭ_математика_2024.xlsx'));
}

/** ЕГЭ regional sparse layout: merged two-row header, data in every other column (formats.md §2.1). */
export async function egeSparse(dir: string): Promise<string> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('Результаты');
  ws.getCell('A1').value = '1 - Русский язык 2024.05.30';
  ws.mergeCells('A1:X1');
  const top: [string, string][] = [
    ['A2:B3', '№'],
    ['C2:D3', 'Код МСУ'],
    ['E2:F3', 'Код ОО'],
    ['G2:H3', 'Класс'],
    ['I2:J3', 'Код ППЭ'],
    ['K2:L3', 'Аудитория'],
    ['M2:O2', 'Участник'],
    ['Q2:X2', 'Результаты экзамена'],
  ];
  for (const [range, v] of top) {
    ws.getCell(range.split(':')[0]!).value = v;
    ws.mergeCells(range);
  }
  const bottom: [string, string][] = [
    ['M3', 'Фамилия'],
    ['N3', 'Имя'],
    ['O3', 'Отчество'],
    ['Q3:R3', 'Задания с кратким ответом'],
    ['S3:T3', 'Задания с развёрнутым ответом'],
    ['U3:V3', 'Первичный балл'],
    ['W3:X3', 'Тестовый балл'],
  ];
  for (const [range, v] of bottom) {
    ws.getCell(range.split(':')[0]!).value = v;
    if (range.includes(':')) ws.mergeCells(range);
  }
  const k = [1, 3, 2, 1, 3, 1, 3, 1, 1, 2, 2, 2];
  const rows: [readonly string[], string, number[], number][] = [
    [NAMES.petrov, '22120112011101111011112111', [1, 3, 2, 1, 2, 1, 2, 1, 1, 1, 1, 1], 80],
    [NAMES.sidorova, '11110111011101101011111010', [1, 2, 1, 0, 1, 1, 1, 1, 1, 1, 1, 1], 61],
  ];
  rows.forEach(([n, p1, p2, test], i) => {
    const r = 4 + i;
    const set = (col: string, v: string | number) => {
      ws.getCell(`${col}${r}`).value = v;
    };
    set('A', i + 1);
    set('C', 10);
    set('E', 1003);
    set('G', '11А');
    set('I', '0301');
    set('K', '0011');
    set('M', n[0]!);
    set('N', n[1]!);
    set('O', n[2]!);
    set('Q', p1);
    set('S', groups(p2, k));
    set('U', [...p1].reduce((a, c) => a + Number(c), 0) + sum(p2));
    set('W', test);
  });
  return save(wb, join(dir, 'ЕГЭ_рус_регион.xlsx'));
}

const GIA_HEADER =
  'SchoolCode;ClassCode;StationCode;AuditoriumCode;GovernmentCell;SurnameCell;NameCell;SecondNameCell;DocumentSeriesCode;DocumentNumberCode;TestResultBCell;TestResultCCell;PrimaryMark;Mark5';
const SOC_MAX = [2, 2, 3, 2, 3, 1, 2, 2];

/** РИС ГИА-9 CSV: UTF-8 with BOM, `;`; exam 09 (обществознание) from the file name. */
export function gia9Csv(dir: string, name = '09_2024.06.04.csv'): string {
  const rows: [string, string, readonly string[], number, number[], number][] = [
    ['1003', '9А', NAMES.petrov, 14, [2, 1, 2, 1, 2, 1, 1, 1], 4],
    ['1003.0', '9Б', NAMES.kuznetsov, 7, [1, 0, 0, 0, 0, 0, 0, 0], 2],
    ['1017', '9А', NAMES.volkova, 12, [2, 2, 1, 1, 1, 0, 1, 1], 3],
  ];
  const lines = [
    GIA_HEADER,
    ...rows.map(([school, cls, n, p1, p2, mark], i) =>
      // РИС exports often write «е» for «ё»: the pupil key must not depend on it.
      [
        school,
        cls,
        '0301',
        '0005',
        `0000${i}`,
        ...n.map((x) => x.replace('ё', 'е')),
        DOCUMENT_NUMBERS[i % 2],
        DOCUMENT_NUMBERS[2 + (i % 2)],
        mask(16, p1),
        groups(p2, SOC_MAX),
        p1 + sum(p2),
        mark,
      ].join(';'),
    ),
  ];
  const path = join(dir, name);
  writeFileSync(
    path,
    Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(lines.join('\r\n') + '\r\n', 'utf8')]),
  );
  return path;
}

export const tempDir = (): string => mkdtempSync(join(tmpdir(), 'orientir-rcoi-'));
