// How issues read in the report: one number formatter (decimal comma) and places without a sheet for CSV.

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FORMATS } from '../../../ingest/formats/index.js';
import { shown } from '../../../ingest/formats/table.js';
import { issueText } from '../../../ingest/issues.js';
import { ingestFile } from '../../../ingest/load.js';
import { issueLine, num } from '../../../ingest/report.js';
import { closeStore, openStore } from '../../../store/db.js';
import { BAD_DIR } from '../../fixtures/bad/make.js';

describe('numbers in Russian messages', () => {
  it('use a decimal comma and no float noise', () => {
    expect([112.5, 0.1 + 0.2, -3, 1234567, 2.0000001, 1e21].map(num)).toEqual([
      '112,5',
      '0,3',
      '-3',
      '1234567',
      '2',
      '1e+21',
    ]);
    expect([4.5, '4.5', 7, null, 'н/а'].map((v) => shown(v))).toEqual(['4,5', '4.5', '7', '', 'н/а']); // text is quoted as written
  });
});

describe('issue lines', () => {
  it('name the sheet of a workbook, and only the row and column of a CSV', () => {
    expect(
      issueLine('a.xlsx', {
        severity: 'error',
        scope: 'row',
        sheet: 'Протокол',
        rowNo: 5,
        column: 'Отметка',
        message: 'м',
      }),
    ).toBe('a.xlsx: лист «Протокол», строка 5, столбец «Отметка» — строка исключена: м');
    expect(
      issueLine('b.csv', { severity: 'error', scope: 'row', sheet: null, rowNo: 5, column: 'Отметка', message: 'м' }),
    ).toBe('b.csv: строка 5, столбец «Отметка» — строка исключена: м');
  });

  it('a loaded CSV ведомость reports «строка N, столбец «…»» without a sheet, in the issue and in its message', async () => {
    const store = await openStore(':memory:');
    try {
      const file = '47-ведомость будущий учебный год.csv';
      const r = await ingestFile(store, FORMATS, {
        bytes: readFileSync(join(BAD_DIR, file)),
        fileName: file,
        channel: 'cli',
      });
      const rows = r.issues.filter((i) => i.scope === 'row' && i.severity === 'error');
      expect(rows.map((i) => [i.sheet, i.rowNo, i.column])).toEqual([
        [null, 2, 'Учебный год'],
        [null, 7, 'Учебный год'],
      ]);
      expect(rows[0]!.message).toBe('2099/00 учебный год ещё не начался — строка исключена.');
      expect(issueText(rows[0]!)).toBe(
        'Строка 2, столбец «Учебный год»: 2099/00 учебный год ещё не начался — строка исключена.',
      );
      expect(issueLine(r.fileName, rows[0]!)).toBe(
        `${file}: строка 2, столбец «Учебный год» — строка исключена: ${rows[0]!.message}`,
      );
    } finally {
      await closeStore(store);
    }
  });
});
