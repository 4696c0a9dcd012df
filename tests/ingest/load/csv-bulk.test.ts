// The bulk CSV way (ingest/bulk/csv.ts, issue #17) against the row-by-row way on the same bytes: every ведомость
// variant gives the same report (status, counts, every message, row and column) and the same journal_marks rows in
// the same order; files the two readers could split differently go row by row and still answer the same; a failed
// write leaves nothing; the staging and the temporary copy are gone afterwards.
import { existsSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import iconv from 'iconv-lite';
import { afterAll, afterEach, describe, expect, it, vi } from 'vitest';
import { lastBulkCsv } from '../../../ingest/bulk/csv.js';
import { FORMATS } from '../../../ingest/formats/index.js';
import { issueText } from '../../../ingest/issues.js';
import { type IngestOptions, ingestFile } from '../../../ingest/load.js';
import { copyRecords, utf8Table } from '../../../ingest/read/csv-records.js';
import type { IngestReport } from '../../../ingest/report.js';
import { closeStore, openStore, type Store } from '../../../store/db.js';
import { q } from './store-state.js';

const SECRET = 'csv-bulk-test-secret';
const HEADER = 'Код ОО;Учебный год;Класс;Ученик;Предмет;Период;Отметка';
const SUBJECTS = ['Алгебра', 'Русский язык', 'Физика', 'История', 'Разговоры о важном'];
const PERIODS = ['1 четверть', '2 четверть', 'Год', 'Экзамен', 'Итоговая'];
const MARKS = ['5', '4', '3', '2', 'н/а', 'зач', '', 'осв', '4,0', ' 5 '];

/** `n` good rows (pupil × subject × period), as text lines without the header. */
function goodRows(n: number, school = '1005'): string[] {
  const out: string[] = [];
  for (let i = 0; out.length < n; i++) {
    const pupil = `Ученикова Анна ${Math.floor(i / 25)}`;
    out.push(
      [
        school,
        '2024/2025',
        `${5 + (Math.floor(i / 25) % 6)}${'АБВ'[i % 3]}`,
        pupil,
        SUBJECTS[i % 5]!,
        PERIODS[Math.floor(i / 5) % 5]!,
        MARKS[i % MARKS.length]!,
      ].join(';'),
    );
  }
  return out;
}

const cp1251 = (lines: string[], nl = '\r\n') => iconv.encode(lines.join(nl) + nl, 'win1251');
const utf8 = (lines: string[], nl = '\n', bom = false) =>
  Buffer.concat([bom ? Buffer.from([0xef, 0xbb, 0xbf]) : Buffer.alloc(0), Buffer.from(lines.join(nl) + nl, 'utf8')]);

interface Outcome {
  report: Omit<IngestReport, 'uploadId'>;
  rows: unknown[];
  bulk: boolean;
  reason: string;
}

const stores: Store[] = [];
async function freshStore(): Promise<Store> {
  const store = await openStore(':memory:');
  await store.conn.run(`UPDATE settings SET value = '${SECRET}' WHERE key = 'pseudonymisation_key'`);
  stores.push(store);
  return store;
}
afterAll(async () => {
  for (const s of stores) await closeStore(s);
});
afterEach(() => {
  delete process.env.ORIENTIR_CSV_BULK;
});

async function ingestWay(
  way: '0' | '1',
  bytes: Buffer,
  fileName: string,
  store?: Store,
  options: IngestOptions = {},
): Promise<Outcome> {
  process.env.ORIENTIR_CSV_BULK = way;
  const s = store ?? (await freshStore());
  const { uploadId, ...report } = await ingestFile(
    s,
    FORMATS,
    { bytes, fileName, channel: 'cli', user: 'test' },
    options,
  );
  const rows =
    uploadId === null
      ? []
      : await q(s, 'SELECT * EXCLUDE (upload_id) FROM journal_marks WHERE upload_id = $id ORDER BY rowid', {
          id: uploadId,
        });
  return { report, rows, ...lastBulkCsv() };
}

/** Both ways on the same bytes: the same answer. Returns the bulk way's outcome. */
async function same(bytes: Buffer, fileName: string, options: IngestOptions = {}): Promise<Outcome> {
  const bulk = await ingestWay('1', bytes, fileName, undefined, options);
  const rows = await ingestWay('0', bytes, fileName, undefined, options);
  expect(rows.bulk).toBe(false);
  expect(bulk.report).toEqual(rows.report);
  expect(bulk.rows).toEqual(rows.rows);
  return bulk;
}

describe('the bulk way gives what the row-by-row way gives', () => {
  it('CP1251, CRLF, «Код ОО» with «1005.0», text marks, «4,0» and blanks around values', async () => {
    const r = await same(cp1251([HEADER, ...goodRows(3000, '1005.0')]), 'ведомость_1005.csv');
    expect(r.bulk).toBe(true);
    expect(r.report.status).toBe('loaded');
    expect(r.report.rowsLoaded).toBe(2700); // every tenth mark is empty: skipped
    expect(new Set(r.rows.map((x) => (x as { school_ref: string }).school_ref))).toEqual(new Set(['1005']));
  });

  it('UTF-8 with a byte order mark, LF, title rows, «ОО: <name>» instead of a school column', async () => {
    const lines = [
      'Сводная ведомость итоговых отметок',
      'ОО: МБОУ «СОШ № 5»',
      '',
      HEADER.replace('Код ОО;', ''),
      ...goodRows(800).map((l) => l.replace(/^1005;/, '')),
    ];
    const r = await same(utf8(lines, '\n', true), 'ведомость.csv');
    expect(r.bulk).toBe(true);
    expect(r.rows[0] as { school_ref: string; row_no: number }).toMatchObject({
      school_ref: 'МБОУ «СОШ № 5»',
      row_no: 5,
    });
  });

  it('CP866 and KOI8-R', async () => {
    for (const enc of ['cp866', 'koi8-r']) {
      const r = await same(iconv.encode([HEADER, ...goodRows(500)].join('\r\n') + '\r\n', enc), `ведомость ${enc}.csv`);
      expect(r.bulk, enc).toBe(true);
    }
  });

  it("every kind of bad row, with the parser's messages, rows and columns", async () => {
    const bad = [
      '1005;2024/2025;7А;Иванов Иван;Алгебра;1 четверть;7', // not a mark
      '1005;2024/2025;7А;Иванов Иван;Алгебра;1 четверть;4,5', // not a whole mark
      '1005;2024/2025;7А;Иванов Иван;Алгебра;5 четверть;4', // period
      '1005;2024-2026;7А;Иванов Иван;Алгебра;Год;4', // year
      '1005;2024/2025;7А;;Алгебра;Год;4', // pupil
      '1005;2024/2025;7А;Иванов Иван;;Год;4', // subject
      ';2024/2025;7А;Иванов Иван;Алгебра;Год;4', // school
      '1005;2098/2099;7А;Иванов Иван;Алгебра;Год;4', // year not begun
      '1005;2024/2025;12А;Иванов Иван;Алгебра;Год;4', // class
      '1005;2024/2025;0;Иванов Иван;Алгебра;Год;4', // class
      '1005;2024/2025;;Иванов Иван;Алгебра;Год;', // no mark: skipped silently
    ];
    const r = await same(cp1251([HEADER, ...goodRows(40), ...bad, ...goodRows(40)]), 'ведомость ошибки.csv');
    expect(r.bulk).toBe(true);
    expect(r.report.rowsRejected).toBe(10);
    expect(r.report.issues.filter((i) => i.scope === 'row').map((i) => [i.rowNo, i.column])).toEqual([
      [42, 'Отметка (G)'],
      [43, 'Отметка (G)'],
      [44, 'Период (F)'],
      [45, 'Учебный год (B)'],
      [46, 'Ученик (D)'],
      [47, 'Предмет (E)'],
      [48, 'Код ОО (A)'],
      [49, 'Учебный год'],
      [50, 'Класс'],
      [51, 'Класс'],
    ]);
    expect(issueText(r.report.issues[0]!)).toBe(
      'Строка 42, столбец «Отметка (G)»: «7» не является отметкой (2–5, н/а, зач, осв, неатт) — строка исключена.',
    );
  });

  it('more row errors than a report shows: the first 500 kept, all counted', async () => {
    const bad = Array.from(
      { length: 700 },
      (_, i) => `1005;2024/2025;7А;Иванов Иван ${i};Алгебра;${i % 2 ? '9 четверть' : 'Год'};${i % 2 ? '4' : '8'}`,
    );
    const r = await same(cp1251([HEADER, ...goodRows(100), ...bad]), 'ведомость много ошибок.csv');
    expect(r.bulk).toBe(true);
    expect([r.report.issues.length, r.report.issuesTotal, r.report.rowsRejected, r.report.rowsRead]).toEqual([
      500, 701, 700, 790,
    ]);
  });

  it('nothing loadable: rejected with the first row error', async () => {
    const r = await same(
      cp1251([HEADER, '1005;2024/2025;7А;Иванов Иван;Алгебра;Год;9', '1005;2024/2025;7А;Иванов Иван;Алгебра;Год;']),
      'ведомость без отметок.csv',
    );
    expect(r.bulk).toBe(true);
    expect(r.report.status).toBe('rejected');
    expect(r.report.message).toMatch(
      /ни одна строка не прошла проверку \(исключено строк: 1\); первая ошибка — строка 2/,
    );
  });

  it('quoted fields with «""» and a line break inside a quoted value (an extra column), blank lines and delimiter-only lines', async () => {
    const rows = goodRows(300).map(
      (l, i) =>
        `${l
          .split(';')
          .map((v) => `"${v}"`)
          .join(';')};"${i % 50 ? 'ок' : 'две\r\nстроки ""с кавычками""'}"`,
    );
    const lines = [`${HEADER};Комментарий`, ...rows.slice(0, 100), '', '', ';;;;;;;', ...rows.slice(100)];
    const r = await same(cp1251(lines), 'ведомость в кавычках.csv');
    expect(r.bulk).toBe(true);
  });

  it('blank lines shift row numbers as in Excel', async () => {
    const lines = [
      HEADER,
      ...goodRows(50),
      '',
      '',
      ...goodRows(50),
      ';;;;;;',
      '1005;2024/2025;7А;Иванов Иван;Алгебра;Год;7',
    ];
    const r = await same(cp1251(lines), 'ведомость с пустыми строками.csv');
    expect(r.bulk).toBe(true);
    expect(r.report.issues[0]!.rowNo).toBe(105); // header 1, rows 2–51, blank 52–53, rows 54–103, «;;;;;;» 104
  });

  it('«;» at the end of every line (an empty last column), and where only the lines the head reads have it', async () => {
    const all = [`${HEADER};`, ...goodRows(6000).map((l) => `${l};`)];
    expect((await same(cp1251(all), 'ведомость с ; в конце.csv')).bulk).toBe(true);
    const some = [...all, ...goodRows(20)]; // past the head (256 KB), lines without the empty column
    const r = await same(cp1251(some), 'ведомость с ; в начале.csv');
    expect([r.bulk, r.reason]).toEqual([false, expect.stringMatching(/quoting or line breaks/)]);
  });

  it('unknown subjects and markup or formulas in school, subject and class are reported alike', async () => {
    const odd = [
      '1005;2024/2025;7А;Иванов Иван;Астрология;Год;4',
      '1005;2024/2025;=1+1;Иванов Иван;Алгебра;Год;4',
      '<b>1005</b>;2024/2025;7А;Иванов Иван;<script>x</script>;Год;5',
    ];
    const many = Array.from({ length: 60 }, (_, i) => `1005;2024/2025;7А;Петров Пётр ${i};@SUM(${i});Год;4`);
    const r = await same(cp1251([HEADER, ...goodRows(30), ...odd, ...many]), 'ведомость странные значения.csv');
    expect(r.bulk).toBe(true);
    expect(r.report.issues.some((i) => /ещё \d+ значений с HTML-разметкой или формулами/.test(i.message))).toBe(true);
    expect(r.report.issues.some((i) => /предмет «Астрология» не распознан/.test(i.message))).toBe(true);
  });

  it("a school head's upload with another school's rows is refused alike", async () => {
    const r = await same(cp1251([HEADER, ...goodRows(100), ...goodRows(10, '1006')]), 'ведомость две ОО.csv', {
      onlySchool: '1005',
    });
    expect(r.bulk).toBe(true);
    expect(r.report.status).toBe('rejected');
    expect(r.report.message).toMatch(
      /строка 102: данные ОО «1006», а загружать можно только данные своей ОО \(«1005»\)/,
    );
  });

  it('the same bytes again are a duplicate; a corrected file replaces the slices it covers', async () => {
    const bytes = cp1251([HEADER, ...goodRows(500)]);
    const corrected = cp1251([HEADER, ...goodRows(400)]);
    const answers: unknown[][] = [];
    for (const way of ['1', '0'] as const) {
      const store = await freshStore();
      const a = await ingestWay(way, bytes, 'ведомость.csv', store);
      const b = await ingestWay(way, bytes, 'ведомость.csv', store);
      const c = await ingestWay(way, corrected, 'ведомость исправленная.csv', store);
      expect([a.report.status, b.report.status, c.report.status]).toEqual(['loaded', 'duplicate', 'loaded']);
      answers.push([a.report, b.report.message.replace(/№ \d+.*?,/, ''), c.report, c.rows]);
    }
    expect(answers[0]).toEqual(answers[1]);
  });
});

describe('files the two readers could read differently go row by row', () => {
  const bulkRows = goodRows(5000); // past the head (256 KB): the copy or DuckDB's reader finds the difference
  const cases: [string, Buffer, RegExp][] = [
    [
      'an unterminated quote',
      cp1251([HEADER, ...bulkRows, '1005;"2024/2025;7А;Иванов;Алгебра;Год;4', ...goodRows(20)]),
      /quoting or line breaks/,
    ],
    [
      'an unterminated quote in the head',
      cp1251([HEADER, '1005;"2024/2025;7А;Иванов;Алгебра;Год;4', ...goodRows(20)]),
      /the head of the file/,
    ],
    [
      'a quote inside a value',
      cp1251([HEADER, ...bulkRows, '1005;2024/2025;7А;Иванов "Ваня" Иван;Алгебра;Год;4']),
      /quoting or line breaks/,
    ],
    [
      'a bare LF in a CRLF file',
      Buffer.concat([
        cp1251([HEADER, ...bulkRows]),
        iconv.encode('1005;2024/2025;7А;Иванов;Алгебра;Год;4\n', 'win1251'),
        cp1251(goodRows(20)),
      ]),
      /quoting or line breaks/,
    ],
    ['a row wider than the header', cp1251([HEADER, ...bulkRows, `${bulkRows[0]};1;2;3;4;5;6`]), /bulk staging failed/],
    [
      'invalid UTF-8 after the sniffed part',
      Buffer.concat([
        utf8([HEADER, ...goodRows(5000)], '\n'),
        Buffer.from([0x31, 0x3b, 0xff, 0xfe, 0x0a]),
        utf8(goodRows(10), '\n'),
      ]),
      /bulk staging failed/,
    ],
  ];
  for (const [what, bytes, reason] of cases) {
    it(what, async () => {
      const r = await same(bytes, `ведомость ${what}.csv`);
      expect(r.bulk).toBe(false);
      expect(r.reason).toMatch(reason);
    });
  }

  it('UTF-16 is not tried', async () => {
    const bytes = Buffer.concat([
      Buffer.from([0xff, 0xfe]),
      Buffer.from([HEADER, ...goodRows(20)].join('\r\n'), 'utf16le'),
    ]);
    const r = await same(bytes, 'ведомость utf16.txt');
    expect([r.bulk, r.reason]).toEqual([false, expect.stringMatching(/the head of the file/)]);
  });

  it('small files go row by row unless asked', async () => {
    const store = await freshStore();
    await ingestFile(store, FORMATS, {
      bytes: cp1251([HEADER, ...goodRows(50)]),
      fileName: 'маленькая.csv',
      channel: 'cli',
    });
    expect(lastBulkCsv()).toMatchObject({ bulk: false, reason: 'smaller than BULK_MIN_BYTES' });
  });
});

describe('the bulk way leaves nothing behind', () => {
  const staged = async (store: Store) =>
    (
      await q(
        store,
        `SELECT count(*)::INTEGER AS n FROM (
      SELECT table_name FROM duckdb_tables() WHERE table_name LIKE 'ingest_csv_%' UNION ALL SELECT view_name FROM duckdb_views() WHERE view_name LIKE 'ingest_csv_%'
      UNION ALL SELECT type_name FROM duckdb_types() WHERE type_name LIKE 'ingest_csv_%')`,
      )
    )[0]!.n;
  const copies = () =>
    readdirSync(tmpdir())
      .filter((f) => f.startsWith('orientir-csv-'))
      .filter((f) => existsSync(`${tmpdir()}/${f}/records.csv`));

  it('after a load and a rejection: no staging table, view, type or temporary copy of this process', async () => {
    const store = await freshStore();
    const before = new Set(copies());
    expect((await ingestWay('1', cp1251([HEADER, ...goodRows(400)]), 'ведомость.csv', store)).report.status).toBe(
      'loaded',
    );
    expect(
      (
        await ingestWay(
          '1',
          cp1251([HEADER, '1005;2024/2025;7А;Иванов Иван;Алгебра;Год;9']),
          'ведомость плохая.csv',
          store,
        )
      ).report.status,
    ).toBe('rejected');
    expect(await staged(store)).toBe(0);
    expect(copies().filter((f) => !before.has(f))).toEqual([]);
  });

  it('a failed insert rolls the whole file back', async () => {
    const store = await freshStore();
    const run = store.conn.run.bind(store.conn);
    const spy = vi.spyOn(store.conn, 'run').mockImplementation(((sql: string, ...rest: unknown[]) => {
      if (/^INSERT INTO journal_marks/.test(sql)) return Promise.reject(new Error('диск переполнен'));
      return (run as (...a: unknown[]) => unknown)(sql, ...rest);
    }) as typeof store.conn.run);
    const r = await ingestWay('1', cp1251([HEADER, ...goodRows(400)]), 'ведомость.csv', store);
    spy.mockRestore();
    expect(r.bulk).toBe(true);
    expect(r.report.status).toBe('rejected');
    expect(r.report.message).toMatch(/не записан в хранилище из-за ошибки записи, изменения отменены/);
    expect(await q(store, 'SELECT count(*)::INTEGER AS n FROM journal_marks')).toEqual([{ n: 0 }]);
    expect(await q(store, `SELECT status FROM uploads`)).toEqual([{ status: 'rejected' }]);
    expect(await staged(store)).toBe(0);
  });
});

describe('copyRecords', () => {
  const copy = (text: string, o: { skip?: number; newline?: '\r\n' | '\n'; trailing?: number } = {}) => {
    const parts: Buffer[] = [];
    const r = copyRecords(Buffer.from(text, 'utf8'), {
      start: 0,
      delimiter: 59,
      newline: o.newline ?? '\n',
      transcode: null,
      skip: o.skip ?? 0,
      trailing: o.trailing ?? 0,
      write: (b) => {
        parts.push(Buffer.from(b));
      },
    });
    return r && { ...r, text: Buffer.concat(parts).toString('utf8') };
  };

  it('numbers records as Excel rows: blank lines count and are not copied, a quoted line break stays in its row', () => {
    expect(copy('h\na;b\n\n"x\ny";z\nc;d', { skip: 1 })).toEqual({
      records: 5,
      copied: 3,
      quotedNewline: true,
      text: '2;a;b\n4;"x\ny";z\n5;c;d\n',
    });
    expect(copy('h\r\na;b\r\n\r\nc;d\r\n', { skip: 1, newline: '\r\n' })).toEqual({
      records: 4,
      copied: 2,
      quotedNewline: false,
      text: '2;a;b\n4;c;d\n',
    });
  });

  it('transcodes a single-byte code page to UTF-8', () => {
    const parts: Buffer[] = [];
    copyRecords(iconv.encode('Код;№\r\nЁж;«я»—€\r\n', 'win1251'), {
      start: 0,
      delimiter: 59,
      newline: '\r\n',
      transcode: utf8Table('windows-1251'),
      skip: 1,
      trailing: 0,
      write: (b) => {
        parts.push(Buffer.from(b));
      },
    });
    expect(Buffer.concat(parts).toString('utf8')).toBe('2;Ёж;«я»—€\n');
  });

  it('refuses what the row-by-row reader would split differently', () => {
    expect(copy('a;"b\nc')).toBeNull(); // never closed
    expect(copy('a;"b"c\n')).toBeNull(); // text after the closing quote
    expect(copy('a;b"c\n')).toBeNull(); // a quote inside a value
    expect(copy('a;b\r\nc;d\n', { newline: '\r\n' })).toBeNull(); // a bare LF
    expect(copy('a;b\rc\n')).toBeNull(); // a CR in a «\n» file
    expect(copy('a;b;\nc;d\n', { trailing: 1 })).toBeNull(); // the last column is not empty everywhere
    expect(copy('a;b;\nc;d; \n;;\n', { trailing: 1 })).not.toBeNull();
  });
});
