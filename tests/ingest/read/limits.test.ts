// Which limits hold for which reader: sheets the streaming reader takes are held one row at a time, so the cell
// cap and the per-part size limit do not apply to them (their inflated size counts against the streamed budget);
// a book left to exceljs gets every limit of a book held whole, with the same messages as before.
import { afterEach, describe, expect, it } from 'vitest';
import { openWorkbook, xlsxReader } from '../../../ingest/read/workbook.js';
import { XLSX_LIMITS } from '../../../ingest/read/zip-guard.js';
import { rawXlsx } from './compare.js';

const saved = { ...XLSX_LIMITS };
afterEach(() => {
  Object.assign(XLSX_LIMITS, saved);
});

const rows = (n: number) =>
  Array.from(
    { length: n },
    (_, i) =>
      `<row r="${i + 1}">${[1, 2, 3, 4, 5].map((c) => `<c r="${'ABCDE'[c - 1]}${i + 1}"><v>${i * c}</v></c>`).join('')}</row>`,
  ).join('');
const book = (n: number, tail = '') => rawXlsx({ sheets: [{ name: 'Данные', data: rows(n), tail }] });
const HYPERLINKS = '<hyperlinks><hyperlink ref="A1" location="Данные!A1"/></hyperlinks>';

async function count(bytes: Buffer): Promise<{ rows: number; reader: string | undefined }> {
  const b = await openWorkbook(bytes, 'книга.xlsx');
  let n = 0;
  for await (const _ of b.sheets[0]!.rows()) n++;
  return { rows: n, reader: xlsxReader(b)?.reader };
}

describe('limits by reader', () => {
  it('the cell cap does not apply to the streaming reader; a book left to exceljs is refused over it, as before', async () => {
    XLSX_LIMITS.maxCells = 100;
    expect(await count(book(200))).toEqual({ rows: 200, reader: 'streaming' });
    await expect(openWorkbook(book(200, HYPERLINKS), 'книга.xlsx')).rejects.toMatchObject({
      sheet: 'Данные',
      message: expect.stringMatching(
        /^в книге больше 100 ячеек \(на этом листе не меньше [\d\s]+\) — файл слишком большой для загрузки/,
      ),
    });
    expect(await count(book(10, HYPERLINKS))).toEqual({ rows: 10, reader: 'exceljs' });
  });

  it('a streamed sheet may inflate beyond the part limit, within the streamed budget', async () => {
    XLSX_LIMITS.maxEntryBytes = 4096;
    expect(await count(book(300))).toEqual({ rows: 300, reader: 'streaming' });
    await expect(openWorkbook(book(300, HYPERLINKS), 'книга.xlsx')).rejects.toMatchObject({
      sheet: 'Данные',
      message: expect.stringMatching(/^в распакованном виде больше 0 МБ/),
    });
    XLSX_LIMITS.maxStreamedBytes = 8192;
    await expect(openWorkbook(book(300), 'книга.xlsx')).rejects.toThrow(
      /^листы книги в распакованном виде больше 0 МБ — файл слишком большой для загрузки/,
    );
  });

  it('parts held whole keep the part limit under the streaming reader (shared strings)', async () => {
    XLSX_LIMITS.maxEntryBytes = 4096;
    const shared = Array.from({ length: 400 }, (_, i) => `<t>строка ${i}</t>`);
    const bytes = rawXlsx({ shared, sheets: [{ name: 'S', data: '<row r="1"><c r="A1" t="s"><v>0</v></c></row>' }] });
    await expect(openWorkbook(bytes, 'книга.xlsx')).rejects.toThrow(
      /таблица строк книги \(sharedStrings\.xml\) в распакованном виде больше 0 МБ/,
    );
  });
});
