// Moscow open data: ЕГЭ by school (dataset 9722, CSV) and ГИА-9 2015 by exam (xlsx). Totals are recomputed
// here straight from the files (CSV text / exceljs), independently of the ingest readers.
import { readFileSync } from 'node:fs';
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { moscowEge, moscowGia9 } from '../../../ingest/formats/aggregate/index.js';
import { MOSCOW_EGE_SUBJECT } from '../../../ingest/formats/aggregate/moscow-ege.js';
import { parseWith, samplePath } from '../../helpers/parse.js';

const EGE = samplePath('moscow_ege_by_school_2015-2016__data-9722-2016-10-31.csv');
const GIA = samplePath('moscow_gia9_oge_2015_by_exam__data.xlsx');

function egeCsv(): Record<string, string>[] {
  const lines = readFileSync(EGE, 'utf8')
    .split('\n')
    .filter((l) => l.trim() !== '');
  const split = (l: string) => l.trim().replace(/;$/, '').slice(1, -1).split('";"');
  const header = split(lines[0]!);
  return lines.slice(1).map((l) => Object.fromEntries(split(l).map((v, i) => [header[i]!, v])));
}

describe('data.mos.ru 9722: ЕГЭ by school', () => {
  it('yields one school row per CSV line with the same total of graduates', async () => {
    const raw = egeCsv();
    const ctx = await parseWith(moscowEge, EGE);
    expect(ctx.issues).toEqual([]);
    expect(raw).toHaveLength(626);
    expect(ctx.aggregates).toHaveLength(626);
    const total = raw.reduce((a, r) => a + Number(r.PASSED_NUMBER_FULL), 0);
    expect(total).toBe(66461);
    expect(ctx.aggregates.reduce((a, r) => a + r.participants!, 0)).toBe(total);
    expect(
      ctx.aggregates.every(
        (a) =>
          a.level === 'school' &&
          a.assessment === 'ЕГЭ' &&
          a.schoolYear === '2015/16' &&
          a.subject === MOSCOW_EGE_SUBJECT,
      ),
    ).toBe(true);
    expect(new Set(ctx.aggregates.map((a) => a.schoolRef)).size).toBe(626);
    expect(ctx.aggregates.map((a) => a.schoolRef)).toEqual(raw.map((r) => r.ID));
  });

  it('keeps the ≥220 and (cumulative) ≥160 counts, OGRN and district in extra', async () => {
    const ctx = await parseWith(moscowEge, EGE);
    expect(ctx.aggregates[0]).toMatchObject({ rowNo: 2, schoolRef: '5093', participants: 109, grade: 11 });
    expect(ctx.aggregates[0]!.name).toMatch(/^Государственное автономное образовательное учреждение .*школа № 179\)$/);
    expect(ctx.aggregates[0]!.extra).toEqual({
      passes_over_220: 80,
      passes_160_or_more: 101,
      ogrn: '1027700566761',
      adm_area: 'Северный административный округ',
      district: 'район Аэропорт',
      global_id: '4697910',
    });
    // «PASSER_UNDER_160» is cumulative: in 146 schools the two counts add up to more than the total.
    const over = ctx.aggregates.filter(
      (a) => (a.extra!.passes_over_220 as number) + (a.extra!.passes_160_or_more as number) > a.participants!,
    );
    expect(over).toHaveLength(146);
    expect(
      ctx.aggregates.every((a) => (a.extra!.passes_over_220 as number) <= (a.extra!.passes_160_or_more as number)),
    ).toBe(true);
  });
});

describe('data.mos.ru ГИА-9 2015', () => {
  it('yields 7 471 exam rows, 14 subjects, the same number of participants', async () => {
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(GIA);
    const ws = wb.worksheets[0]!;
    const header = (ws.getRow(1).values as string[]).slice(1);
    const [iPassed, iSubject] = [header.indexOf('PassedQuantity') + 1, header.indexOf('SubjectName') + 1];
    let rows = 0,
      passed = 0;
    const subjects = new Set<string>();
    ws.eachRow((row, n) => {
      if (n === 1) return;
      rows++;
      passed += Number(row.getCell(iPassed).value);
      subjects.add(String(row.getCell(iSubject).value));
    });
    expect(rows).toBe(7471);
    expect(passed).toBe(167163);
    expect(subjects.size).toBe(14);

    const ctx = await parseWith(moscowGia9, GIA);
    expect(ctx.aggregates).toHaveLength(7471);
    expect(ctx.aggregates.reduce((a, r) => a + r.participants!, 0)).toBe(passed);
    expect(new Set(ctx.aggregates.map((a) => a.subject))).toEqual(
      new Set([
        'Химия',
        'Математика',
        'Обществознание',
        'Биология',
        'География',
        'Литература',
        'Физика',
        'Английский язык',
        'Информатика',
        'Немецкий язык',
        'Русский язык',
        'История',
        'Французский язык',
        'Испанский язык',
      ]),
    );
    expect(ctx.aggregates.filter((a) => a.subject === 'Русский язык')).toHaveLength(919);
    // No school id survives: system_object_id is unique per row, and the user is warned once.
    expect(new Set(ctx.aggregates.map((a) => a.schoolRef)).size).toBe(7471);
    expect(ctx.issues).toHaveLength(1);
    expect(ctx.issues[0]).toMatchObject({ severity: 'warning', column: 'system_object_id' });
  });

  it('converts text cells: dates to ISO, «14.0» to 14, «3.79» to a mean mark', async () => {
    const ctx = await parseWith(moscowGia9, GIA);
    expect(ctx.aggregates[0]).toMatchObject({
      rowNo: 2,
      level: 'school',
      schoolRef: '0004c454e7926f59f677e4daa413fc93',
      assessment: 'ОГЭ',
      subject: 'Химия',
      grade: 9,
      examDate: '2015-05-29',
      schoolYear: '2014/15',
      participants: 14,
      meanMark: 3.79,
      sharesOnly: false,
    });
    expect(ctx.aggregates.every((a) => a.schoolYear === '2014/15' && a.examDate!.startsWith('2015-'))).toBe(true);
    expect(ctx.aggregates.every((a) => a.meanMark! >= 2 && a.meanMark! <= 5)).toBe(true);
  });
});
