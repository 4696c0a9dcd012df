// Generated «сводная ведомость итоговых отметок» files (no public sample exists): xlsx with title rows,
// CP1251 CSV with a «Код ОО» column, UTF-8 CSV without any school → rejected. Names are invented.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import iconv from 'iconv-lite';

export const PUPILS = ['Орлова Мария Павловна', 'Зайцев Никита Романович', 'Белова Ксения Юрьевна'];
export const SCHOOL = 'МБОУ «Средняя общеобразовательная школа № 5»';
export const HEADER = ['Учебный год', 'Класс', 'Ученик', 'Предмет', 'Период', 'Отметка'];

/** Rows: year, class, pupil, subject, period, mark. Rows 5.. in the xlsx. */
export const ROWS: string[][] = [
  ['2024/2025', '7Б', PUPILS[0]!, 'Алгебра', '1 четверть', '4'],
  ['2024/2025', '7Б', PUPILS[0]!, 'Алгебра', '2 четверть', '5'],
  ['2024/2025', '7Б', PUPILS[0]!, 'Алгебра', 'Годовая', '5'],
  ['2024/2025', '7Б', PUPILS[0]!, 'Русский язык', 'Год', '4'],
  ['2024/2025', '7Б', PUPILS[1]!, 'Физическая культура', '1 четверть', 'осв'],
  ['2024/2025', '7Б', PUPILS[1]!, 'Алгебра', '1 четверть', 'н/а'],
  ['2024/2025', '7Б', PUPILS[1]!, 'Алгебра', '2 четверть', ''],
  ['2024/2025', '7Б', PUPILS[1]!, 'Разговоры о важном', 'Год', 'зач'],
  ['2024/2025', '7Б', PUPILS[2]!, 'Иностранный язык (английский)', '2 триместр', '3'],
  ['2024/2025', '7Б', PUPILS[2]!, 'История', '1 полугодие', '3'],
  ['2024/2025', '7Б', PUPILS[2]!, 'История', 'Экзамен', '4'],
  ['2024/2025', '7Б', PUPILS[2]!, 'История', 'Итоговая', '4'],
  ['2024/2025', '7Б', PUPILS[2]!, 'Алгебра', '5 четверть', '3'], // unknown period
  ['2024/2025', '7Б', PUPILS[2]!, 'Геометрия', '1 четверть', '7'], // not a mark
];

export async function vedomostXlsx(dir: string, header = HEADER, name = 'ведомость_7Б.xlsx'): Promise<string> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('Ведомость');
  ws.addRow(['Сводная ведомость итоговых отметок']);
  ws.mergeCells('A1:F1');
  ws.addRow([`ОО: ${SCHOOL}`]);
  ws.mergeCells('A2:F2');
  ws.addRow([]);
  ws.addRow(header);
  for (const r of ROWS)
    ws.addRow(
      [...r, ...header.slice(r.length).map(() => '3')].map((v) =>
        /^[2-5]$/.test(v) ? Number(v) : v === '' ? null : v,
      ),
    );
  const path = join(dir, name);
  await wb.xlsx.writeFile(path);
  return path;
}

export function vedomostCsv1251(dir: string): string {
  const lines = [['Код ОО', ...HEADER], ...ROWS.slice(0, 6).map((r) => ['1005.0', ...r])].map((l) => l.join(';'));
  const path = join(dir, 'ведомость_1005.csv');
  writeFileSync(path, iconv.encode(lines.join('\r\n') + '\r\n', 'win1251'));
  return path;
}

export function vedomostCsvNoSchool(dir: string): string {
  const lines = [HEADER, ...ROWS.slice(0, 3)].map((l) => l.join(';'));
  const path = join(dir, 'ведомость_без_школы.csv');
  writeFileSync(path, lines.join('\n') + '\n', 'utf8');
  return path;
}

/** A UTF-8 CSV of any header and rows (`;`). */
export function vedomostCsv(dir: string, name: string, lines: string[][]): string {
  const path = join(dir, name);
  writeFileSync(path, lines.map((l) => l.join(';')).join('\n') + '\n', 'utf8');
  return path;
}

export const tempDir = (): string => mkdtempSync(join(tmpdir(), 'orientir-journal-'));
