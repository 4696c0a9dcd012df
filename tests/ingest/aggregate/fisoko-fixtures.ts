// Realistic ФИС ОКО report fixtures (formats.md §1.4), written with exceljs: merged title block, header,
// Вся выборка → 1 region → 2 municipalities → 5 schools. Percentages are computed from the counts below.
import { type FixtureCell, writeXlsx } from '../reference/write-fixture.js';

export interface FixtureGroup {
  caption: string;
  schools: number | null;
  marks: [number, number, number, number];
  cmp: [number, number, number];
}

// marks = counts of «2», «3», «4», «5»; cmp = понизили, подтвердили, повысили.
export const GROUPS: FixtureGroup[] = [
  { caption: 'Вся выборка', schools: 40312, marks: [98176, 532957, 533757, 237628], cmp: [210345, 1089452, 102721] },
  { caption: 'Алтайский край', schools: 812, marks: [1652, 8733, 9441, 3778], cmp: [4011, 17598, 1995] },
  { caption: 'Табунский район', schools: 3, marks: [3, 16, 20, 8], cmp: [8, 35, 4] },
  { caption: '(sch220150) МБОУ «Табунская СОШ»', schools: null, marks: [2, 8, 10, 5], cmp: [5, 18, 2] },
  { caption: '(sch220151) МКОУ «Елизаветградская СОШ»', schools: null, marks: [0, 3, 4, 2], cmp: [1, 7, 1] },
  { caption: 'МБОУ «Серебропольская СОШ» (edu223843)', schools: null, marks: [1, 5, 6, 1], cmp: [2, 10, 1] },
  { caption: 'г. Бийск', schools: 2, marks: [3, 30, 68, 42], cmp: [14, 120, 9] },
  { caption: '(sch220164) МБОУ «СОШ № 1»', schools: null, marks: [3, 20, 30, 12], cmp: [10, 50, 5] },
  { caption: '(sch220165) МБОУ «Гимназия № 2»', schools: null, marks: [0, 10, 38, 30], cmp: [4, 70, 4] },
];

const pct = (n: number, total: number) => Math.round((10000 * n) / total) / 100;
const sum = (a: number[]) => a.reduce((x, y) => x + y, 0);

function titleBlock(
  report: string,
  width: string,
  opts: { date?: boolean } = {},
): { rows: FixtureCell[][]; merges: string[] } {
  const lines = [
    'Всероссийские проверочные работы 2024 (4 класс)',
    opts.date === false ? null : 'Дата: 16.04.2024',
    'Предмет: Математика',
    report,
    'Максимальный первичный балл: 20',
  ];
  return {
    rows: [...lines.map((l) => [l]), []],
    merges: lines.map((l, i) => (l === null ? '' : `A${i + 1}:${width}${i + 1}`)).filter((m) => m !== ''),
  };
}

/** «Статистика по отметкам»; `mutate` may edit the data rows (index 0 = «Вся выборка», Excel row 9). */
export async function writeMarkStats(
  dir: string,
  fileName: string,
  opts: { date?: boolean; mutate?: (rows: FixtureCell[][]) => void } = {},
): Promise<string> {
  const t = titleBlock('Статистика по отметкам', 'G', opts);
  const header: FixtureCell[][] = [
    ['Группы участников', 'Кол-во ОО', 'Кол-во участников', 'Распределение групп баллов в %', null, null, null],
    [null, null, null, 2, 3, 4, 5],
  ];
  const data: FixtureCell[][] = GROUPS.map((g) => {
    const n = sum(g.marks);
    return [g.caption, g.schools, n, ...g.marks.map((m) => pct(m, n))];
  });
  opts.mutate?.(data);
  const note = 'Примечание: проценты округлены до сотых.';
  const rows = [...t.rows, ...header, ...data, [note]];
  const noteRow = rows.length;
  return writeXlsx(dir, fileName, [
    {
      name: 'Статистика по отметкам',
      rows,
      merges: [...t.merges, 'A7:A8', 'B7:B8', 'C7:C8', 'D7:G7', `A${noteRow}:G${noteRow}`],
    },
  ]);
}

/** «Сравнение отметок с отметками по журналу»: a merged caption row per group, then the four rows. */
export async function writeMarkComparison(
  dir: string,
  fileName: string,
  opts: { mutate?: (rows: FixtureCell[][]) => void } = {},
): Promise<string> {
  const t = titleBlock('Сравнение отметок с отметками по журналу', 'C');
  const data: FixtureCell[][] = [];
  for (const g of GROUPS) {
    const total = sum(g.cmp);
    data.push([g.caption]);
    data.push(['Понизили (Отметка < Отметка по журналу) %', g.cmp[0], pct(g.cmp[0], total)]);
    data.push(['Подтвердили (Отметка = Отметке по журналу) %', g.cmp[1], pct(g.cmp[1], total)]);
    data.push(['Повысили (Отметка > Отметка по журналу) %', g.cmp[2], pct(g.cmp[2], total)]);
    data.push(['Всего', total, 100]);
  }
  opts.mutate?.(data);
  const rows = [...t.rows, ['Группы участников', 'Кол-во участников', '%'], ...data];
  const first = t.rows.length + 2; // Excel row of the first data row
  const captionMerges = data.flatMap((r, i) => (r.length === 1 ? [`A${first + i}:C${first + i}`] : []));
  return writeXlsx(dir, fileName, [{ name: 'Сравнение отметок', rows, merges: [...t.merges, ...captionMerges] }]);
}
