// Test files for the ФИС ОКО parsers, built in a temp dir: edited copies of the real samples (a header removed,
// a bad mark typed in) and a generated «Индивидуальные результаты» report (no real download is available).
import { copyFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { samplePath } from '../../helpers/parse.js';

export const tempDir = (): string => mkdtempSync(join(tmpdir(), 'orientir-fisoko-'));

/** The real sample under another name (names carry subject/grade/year/login for some layouts). */
export function copySample(sample: string, dir: string, name: string): string {
  const path = join(dir, name);
  copyFileSync(samplePath(sample), path);
  return path;
}

/** A copy of a sample with cells changed: `edits` maps sheet name → { 'E5': value }. */
export async function editSample(
  sample: string,
  dir: string,
  name: string,
  edits: Record<string, Record<string, ExcelJS.CellValue>>,
): Promise<string> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(samplePath(sample));
  for (const [sheet, cells] of Object.entries(edits)) {
    const ws = wb.getWorksheet(sheet)!;
    for (const [addr, v] of Object.entries(cells)) ws.getCell(addr).value = v;
  }
  const path = join(dir, name);
  await wb.xlsx.writeFile(path);
  return path;
}

// ---- «Индивидуальные результаты», ВПР 2025, математика, 5 класс (invented school and scores) ----

export const IR_TASKS: [string, number, 'Б' | 'П'][] = [
  ['1', 1, 'Б'],
  ['2', 1, 'Б'],
  ['3', 1, 'Б'],
  ['4', 1, 'Б'],
  ['5', 1, 'Б'],
  ['6', 1, 'Б'],
  ['7', 1, 'Б'],
  ['8', 2, 'Б'],
  ['9', 2, 'П'],
  ['10', 2, 'П'],
  ['11.1', 1, 'Б'],
  ['11.2', 1, 'П'],
  ['12', 2, 'П'],
  ['13', 3, 'П'],
];
export const IR_MAX = IR_TASKS.reduce((a, t) => a + t[1], 0); // 20

export interface IrPupil {
  code: number;
  cls: string;
  variant: number | 'отсутствовал';
  scores: (number | 'X')[];
  mark: number | null;
  journal: number | string | null;
}

/** Marks as the report writes them (scale of ВПР-2025 математика 5: 0–6 «2», 7–10 «3», 11–14 «4», 15–20 «5»). */
const markOf = (p: number): number => (p >= 15 ? 5 : p >= 11 ? 4 : p >= 7 ? 3 : 2);

// Per-pupil level of success (pupil 7 is absent): spreads the primary scores over all four marks.
const LEVELS = [0.15, 0.9, 0.5, 0.7, 1, 0.3, 0, 0.6, 0.1, 0.8, 0.95, 0.45, 0.55, 0.25, 0.75];

/** 15 pupils: 14 present (deterministic scores, a few X) and one absent. */
export function irPupils(): IrPupil[] {
  return LEVELS.map((level, i) => {
    const code = 50001 + i;
    if (i === 6)
      return {
        code,
        cls: '5А',
        variant: 'отсутствовал',
        scores: IR_TASKS.map(() => 'X' as const),
        mark: null,
        journal: 4,
      };
    const scores = IR_TASKS.map(([, max], k): number | 'X' => {
      if ((i + k) % 9 === 0) return 'X';
      const share = Math.min(1, Math.max(0, level + (((k * 37 + i * 11) % 5) - 2) * 0.1));
      return Math.round(max * share);
    });
    const primary = scores.reduce<number>((a, s) => a + (s === 'X' ? 0 : s), 0);
    return {
      code,
      cls: i < 8 ? '5А' : '5Б',
      variant: (i % 2) + 1,
      scores,
      mark: markOf(primary),
      journal: i === 3 ? null : 2 + ((i + 1) % 4),
    };
  });
}

export interface IrOptions {
  name?: string;
  pupils?: IrPupil[];
  dropHeader?: string;
  noMarks?: boolean;
  withNames?: boolean;
  date?: string;
  subject?: string;
}

/** Invented names for the variant of the report that carries them (some schools add «ФИО»). */
export const IR_NAMES = ['Гусева Алиса', 'Тихонов Марк', 'Егорова Вера'];

export async function individualResults(dir: string, o: IrOptions = {}): Promise<string> {
  const pupils = o.pupils ?? irPupils();
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('Индивидуальные результаты');
  const header = [
    'ОО',
    'Муниципалитет',
    'Название ОО',
    'Код участника',
    'Класс',
    'Вариант',
    ...IR_TASKS.map(([l, m]) => `${l} (${m}б)`),
    'Первичный балл',
    'Отметка',
    'Отметка по журналу',
  ]
    .map((h) => (h === o.dropHeader ? '' : h))
    .concat(o.withNames ? ['ФИО'] : []);
  const last = header.length;
  const present = pupils.filter((p) => p.variant !== 'отсутствовал').length;
  ws.getRow(1).values = [`ВПР 2025 ${o.subject ?? 'Математика'} 5 класс`];
  ws.mergeCells(1, 1, 1, last);
  ws.getRow(2).values = ['Предмет:', o.subject ?? 'Математика'];
  ws.getRow(3).values = ['Максимальный первичный балл', IR_MAX];
  ws.getRow(4).values = ['Дата', o.date ?? '15.04.2025'];
  ws.getRow(5).values = [`МБОУ "СОШ № 7" (edu220150) | Кол-во участников: ${present}`];
  ws.mergeCells(5, 1, 5, last);
  ws.getRow(7).values = [null, null, null, null, null, null, ...IR_TASKS.map((t) => t[2])];
  ws.getRow(8).values = header;
  pupils.forEach((p, i) => {
    const absent = p.variant === 'отсутствовал';
    const primary = absent ? null : p.scores.reduce<number>((a, s) => a + (s === 'X' ? 0 : s), 0);
    ws.getRow(9 + i).values = [
      'edu220150',
      'город Бийск',
      'МБОУ "СОШ № 7"',
      p.code,
      p.cls,
      p.variant,
      ...(absent ? IR_TASKS.map(() => null) : p.scores),
      primary,
      o.noMarks ? null : p.mark,
      p.journal,
      ...(o.withNames ? [IR_NAMES[i % 3]!] : []),
    ];
  });
  ws.getRow(9 + pupils.length + 1).values = ['Отчёт сформирован в ФИС ОКО 20.05.2025'];
  const path = join(dir, o.name ?? 'individual_results_math5_2025.xlsx');
  await wb.xlsx.writeFile(path);
  return path;
}
