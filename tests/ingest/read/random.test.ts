// Property: for random workbooks written by exceljs (text with edge whitespace and markup, numbers, dates with
// date formats, booleans, errors, formulas with every kind of cached result, rich text, merged ranges, shared or
// inline strings), the streaming reader gives exactly the exceljs reader's rows and remarks.
import ExcelJS from 'exceljs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { xlsxReader } from '../../../ingest/read/workbook.js';
import { bothReaders, view } from './compare.js';

const text = fc.oneof(
  fc.string({ maxLength: 8 }),
  fc.constantFrom(
    ' ',
    '  x ',
    'A & B <c>',
    '_x0041_',
    'ё\u00a0Ё',
    '\tтаб\n',
    'sch220001',
    '3,5',
    '=1+1',
    '"кавычки"',
    "'",
  ),
);
const result = fc.oneof(
  fc.integer({ min: -5, max: 5 }),
  fc.double({ noNaN: true, min: -1e6, max: 1e6 }),
  text,
  fc.boolean(),
  fc.constant({ error: '#N/A' }),
  fc.constant(undefined),
);
const value: fc.Arbitrary<ExcelJS.CellValue> = fc.oneof(
  { weight: 3, arbitrary: fc.constant(null) },
  { weight: 3, arbitrary: text },
  { weight: 2, arbitrary: fc.integer({ min: -1000, max: 100000 }) },
  { weight: 1, arbitrary: fc.double({ noNaN: true, noDefaultInfinity: true, min: -1e9, max: 1e9 }) },
  { weight: 1, arbitrary: fc.boolean() },
  {
    weight: 1,
    arbitrary: fc.date({
      min: new Date(Date.UTC(1950, 0, 1)),
      max: new Date(Date.UTC(2040, 0, 1)),
      noInvalidDate: true,
    }),
  },
  {
    weight: 1,
    arbitrary: fc.constantFrom({ error: '#DIV/0!' }, { error: '#REF!' }) as fc.Arbitrary<ExcelJS.CellValue>,
  },
  { weight: 1, arbitrary: result.map((r) => ({ formula: 'A1+1', result: r }) as ExcelJS.CellValue) },
  {
    weight: 1,
    arbitrary: fc
      .array(text, { minLength: 1, maxLength: 3 })
      .map(
        (ts) => ({ richText: ts.map((t, i) => ({ text: t, font: i % 2 ? { bold: true } : {} })) }) as ExcelJS.CellValue,
      ),
  },
);
const sheet = fc.record({
  cells: fc.array(
    fc.record({
      r: fc.integer({ min: 1, max: 30 }),
      c: fc.integer({ min: 1, max: 12 }),
      v: value,
      fmt: fc.constantFrom(undefined, 'dd.mm.yyyy', '0.00', '[Red]0', 'yyyy-mm-dd hh:mm'),
    }),
    { maxLength: 80 },
  ),
  merges: fc.array(
    fc.record({
      r: fc.integer({ min: 1, max: 32 }),
      c: fc.integer({ min: 1, max: 12 }),
      h: fc.integer({ min: 1, max: 4 }),
      w: fc.integer({ min: 1, max: 3 }),
    }),
    { maxLength: 4 },
  ),
});

type SheetSpec = typeof sheet extends fc.Arbitrary<infer T> ? T : never;

async function write(sheets: SheetSpec[], shared: boolean, date1904: boolean): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  if (date1904) wb.properties.date1904 = true;
  sheets.forEach((s, i) => {
    const ws = wb.addWorksheet(`Лист ${i + 1}`);
    for (const { r, c, v, fmt } of s.cells) {
      const cell = ws.getCell(r, c);
      cell.value = v;
      if (fmt) cell.numFmt = fmt;
    }
    for (const m of s.merges) {
      try {
        ws.mergeCells(m.r, m.c, m.r + m.h - 1, m.c + m.w - 1);
      } catch {
        /* overlaps an earlier merge */
      }
    }
  });
  return Buffer.from(await wb.xlsx.writeBuffer({ useSharedStrings: shared } as ExcelJS.XlsxWriteOptions));
}

describe('random workbooks written by exceljs', () => {
  it('read alike by both readers', async () => {
    let streamed = 0;
    await fc.assert(
      fc.asyncProperty(
        fc.array(sheet, { minLength: 1, maxLength: 3 }),
        fc.boolean(),
        fc.boolean(),
        async (sheets, shared, d1904) => {
          const { old, now } = await bothReaders(await write(sheets, shared, d1904), 'случайная.xlsx');
          expect(await view(now)).toEqual(await view(old));
          if ('book' in now && now.reader === 'streaming') streamed++;
          else if (process.env.READER_STATS)
            console.log('not streamed:', 'book' in now ? xlsxReader(now.book) : now.error);
        },
      ),
      { numRuns: Number(process.env.FUZZ_RUNS ?? 60), seed: Number(process.env.FUZZ_SEED ?? 20261123) },
    );
    if (process.env.READER_STATS) console.log('streamed', streamed);
    expect(streamed).toBeGreaterThan(0);
  }, 120_000);
});
