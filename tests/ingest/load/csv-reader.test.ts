// The CSV reader under the loader: code page detection on short Russian headers, Excel row numbers, chunked parsing.
import iconv from 'iconv-lite';
import Papa from 'papaparse';
import { describe, expect, it } from 'vitest';
import { csvRows, decodeText, parseRows, russianScore } from '../../../ingest/read/csv.js';
import { FileRejected } from '../../../ingest/types.js';

describe('code page detection', () => {
  const TEXTS = [
    'Код ОО;Наименование',
    'ФИО;КЛАСС;ОЦЕНКА',
    'логин;имя;регион',
    'Учебный год;Класс;Ученик;Предмет;Период;Отметка',
    'Щукин;Эдуард;Юрьевич',
    'Код;Вариант;Итого баллов',
    'ОУ, %;КУ, %',
    'МБОУ «СОШ № 1»;2024/2025;8А',
  ];
  it.each(['win1251', 'cp866', 'koi8-r'])('%s: short headers, capitalised and all-caps, decode right', (enc) => {
    for (const t of TEXTS) {
      const want = enc === 'koi8-r' ? t.replace(/[№«»]/g, '?') : enc === 'cp866' ? t.replace(/[«»]/g, '?') : t; // characters the code page lacks
      expect(decodeText(iconv.encode(t, enc))).toBe(want);
    }
  });

  it('the score is the per-character definition: letter frequencies regardless of case, case swaps and symbols penalised', () => {
    // The definition, character by character (the reader scores code units from lookup tables).
    const freq = new Map<string, number>();
    for (const ch of 'оеаинтсрвлкмдпуяыьгзбчйхжшюцщэфъё') freq.set(ch, russianScore(ch)); // one lower-case letter scores its frequency
    const reference = (s: string) => {
      let score = 0,
        prevLower = false;
      for (const ch of s) {
        const lower = ch.toLowerCase();
        const f = freq.get(lower);
        if (f !== undefined) {
          score += f;
          if (lower !== ch && prevLower) score -= 60;
          prevLower = lower === ch;
          continue;
        }
        prevLower = false;
        if (/[\u0080-\u00bf\u2500-\u25ff]/.test(ch)) score -= 20;
      }
      return score;
    };
    expect([...freq.values()].every((f) => f > 0)).toBe(true);
    expect(russianScore('ОоО')).toBe(3 * freq.get('о')! - 60); // «оО»: a lower-case letter before an upper-case one
    // Every character the three single-byte code pages decode to, in random order and case, plus Latin and emoji.
    let seed = 7;
    const rnd = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    for (const enc of ['win1251', 'cp866', 'koi8-r']) {
      const bytes = Buffer.from(Array.from({ length: 20_000 }, () => Math.floor(rnd() * 256)));
      const text = `${iconv.decode(bytes, enc)}AbC 😀 ЁёЪ ¿\u0080\u007f\u00c0\u2500\u24ff\u25ff\u2600`;
      expect(russianScore(text)).toBe(reference(text));
    }
  });

  it('UTF-8 with and without BOM, UTF-16 LE and BE with BOM', () => {
    const t = 'Код ОО;Наименование\r\n101;МБОУ «СОШ № 1»\r\n';
    expect(decodeText(Buffer.from(t, 'utf8'))).toBe(t);
    expect(decodeText(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(t, 'utf8')]))).toBe(t);
    expect(decodeText(Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(t, 'utf16le')]))).toBe(t);
    expect(decodeText(Buffer.concat([Buffer.from([0xfe, 0xff]), iconv.encode(t, 'utf-16be')]))).toBe(t);
  });

  it('a UTF-8 file larger than the sample, cut inside a character, is still UTF-8', () => {
    const t = 'Ж'.repeat(200_000) + '\n';
    expect(decodeText(Buffer.from(t, 'utf8'))).toBe(t);
  });
});

describe('rows', () => {
  it('are numbered as Excel numbers them: blank lines count, a quoted multi-line value is one row', () => {
    const rows = parseRows('a;b\r\n\r\n"строка 1\r\nстрока 2";2\r\n;\r\nx;y\r\n');
    expect(rows).toEqual([
      { rowNo: 1, cells: ['a', 'b'] },
      { rowNo: 3, cells: ['строка 1\r\nстрока 2', '2'] },
      { rowNo: 5, cells: ['x', 'y'] },
    ]);
  });

  it('drop the trailing empty column of «;» at every line end', () => {
    expect(parseRows('"A";"B";\n"1";"2";\n').map((r) => r.cells)).toEqual([
      ['A', 'B'],
      ['1', '2'],
    ]);
    expect(parseRows('A;B;;\n1;;;\n').map((r) => r.cells)).toEqual([
      ['A', 'B'],
      ['1', null],
    ]);
  });

  it('parse chunk by chunk exactly as one whole parse, quoted values across chunk ends included', () => {
    // Long quoted multi-line values straddle each 1 MiB chunk end (where the reader looks for a record end).
    const lines: string[] = ['Код ОО;Ученик;Комментарий'];
    let length = lines[0]!.length + 2,
      k = 1;
    for (let i = 0; k <= 3; i++) {
      const straddle = length > k * (1 << 20) - 600;
      const line = straddle
        ? `${i};"Ученик ${i}";"${Array.from({ length: 40 }, (_, j) => `строка ${j}; ""цитата""`).join('\r\n')}"`
        : `${i};Ученик ${i};`;
      if (straddle) k++;
      lines.push(line);
      length += line.length + 2;
    }
    const text = lines.join('\r\n') + '\r\n';
    const whole = Papa.parse<string[]>(text, { delimiter: ';', newline: '\r\n' }).data.filter((r) =>
      r.some((v) => v.trim() !== ''),
    );
    const t = csvRows(text);
    const chunked = [...t.rows()];
    expect(t.count).toBe(whole.length);
    expect(chunked.map((r) => r.cells.map((c) => c ?? ''))).toEqual(whole.map((r) => r.map((v) => v.trim())));
    expect(chunked.filter((r) => String(r.cells[2] ?? '').includes('строка 39'))).toHaveLength(3);
    expect(chunked.at(-1)!.rowNo).toBe(lines.length);
  });

  it('an unterminated quote rejects the file, naming the row and column', () => {
    const err = (() => {
      try {
        csvRows('a;b;c\n1;2;3\n4;"5;6\n7;8;9\n', 'Лист');
      } catch (e) {
        return e;
      }
      return null;
    })();
    expect(err).toBeInstanceOf(FileRejected);
    expect(err).toMatchObject({ sheet: 'Лист', rowNo: 3, column: 'B' });
    expect((err as Error).message).toMatch(/^кавычка «"» открыта, но не закрыта/);
  });
});
