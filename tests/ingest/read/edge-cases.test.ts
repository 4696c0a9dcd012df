// Hand-written sheet XML for what real files may hold beyond the samples, each read by both xlsx readers: values
// decoded exactly as exceljs decodes them (its quirks included: a formula cached as 0 reads empty, `t="str"` text is
// entity-decoded twice), merged ranges over missing rows, date formats, the 1904 calendar — and the constructs the
// streaming reader leaves to exceljs (it must then be exceljs's answer, not a third one).
import { describe, expect, it } from 'vitest';
import { bothReaders, type RawBook, rawParts, rawXlsx, view, zip } from './compare.js';

const row = (r: number, cells: string, attrs = '') => `<row r="${r}"${attrs}>${cells}</row>`;
const XFS = [
  '<xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>',
  '<xf numFmtId="14" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>',
  '<xf numFmtId="164" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>',
  '<xf numFmtId="165" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>',
  '<xf numFmtId="166" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>',
  '<xf numFmtId="2" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>',
];
const NUMFMTS =
  '<numFmts count="3"><numFmt numFmtId="164" formatCode="dd.mm.yyyy"/><numFmt numFmtId="165" formatCode="[Red]0.00"/><numFmt numFmtId="166" formatCode="&quot;день&quot; 0"/></numFmts>';
const SHARED = [
  '<t>логин школы</t>',
  '<t xml:space="preserve">  sch220001 </t>',
  '<t>   </t>',
  '<t/>',
  '<t>A &amp; B &lt;i&gt; &#1083;&#x43E;</t>',
  '<t>_x0041__x000D_z</t>',
];

const CASES: { name: string; reader: 'streaming' | 'exceljs'; book: RawBook }[] = [
  {
    name: 'shared strings, numbers, booleans, errors, empty and styled cells, gaps',
    reader: 'streaming',
    book: {
      shared: SHARED,
      cellXfs: XFS,
      sheets: [
        {
          name: 'Лист1',
          data: [
            row(
              1,
              '<c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c><c r="D1" t="s"><v>4</v></c><c r="E1" t="s"><v>5</v></c>',
            ),
            row(
              2,
              '<c r="A2"><v>42</v></c><c r="B2"><v>-3.5</v></c><c r="C2"><v>1.5E-3</v></c><c r="D2" t="n"><v>007</v></c><c r="E2"><v>123456789012345678</v></c><c r="F2" s="5"><v>0.1</v></c>',
            ),
            row(
              3,
              '<c r="A3" t="b"><v>1</v></c><c r="B3" t="b"><v>0</v></c><c r="C3" t="e"><v>#N/A</v></c><c r="D3" t="s"><v>2</v></c><c r="E3" t="s"><v>3</v></c>',
            ),
            row(4, '<c r="A4" s="1"/><c r="B4" s="2" t="n"></c><c r="C4"><v></v></c>'), // only empty cells: not a row
            '<row r="5"/>',
            row(7, '<c r="C7" t="str"><v>A &amp;amp;lt; B</v></c><c r="F7" s="3"/>'),
            row(
              8,
              '<c r="B8" t="d"><v>2024-03-01T00:00:00</v></c><c r="C8"><v>abc</v></c>',
              ' spans="1:3" ht="20" customHeight="1"',
            ),
          ].join(''),
        },
      ],
    },
  },
  {
    name: 'inline strings: references, line ends, rich runs, several <t>',
    reader: 'streaming',
    book: {
      cellXfs: XFS,
      sheets: [
        {
          name: 'Inline',
          data: [
            row(
              1,
              '<c r="A1" t="inlineStr"><is><t>&#1083;&#1086;&#1075;&#1080;&#1085; школы</t></is></c><c r="B1" t="inlineStr"><is><t xml:space="preserve"> a\r\nb\rc </t></is></c>',
            ),
            row(
              2,
              '<c r="A2" t="inlineStr"><is><r><rPr><b/><sz val="11"/></rPr><t>Жир</t></r><r><t xml:space="preserve">ный _x0041_</t></r></is></c><c r="B2" t="inlineStr"><is><t>_x0041_</t></is></c>',
            ),
            row(
              3,
              '<c r="A3" t="inlineStr"><is><t/></is></c><c r="B3" t="inlineStr"><is><t>раз</t><t>два</t></is></c><c r="C3"><is><t>12</t></is></c><c r="D3" t="inlineStr"><is><t>&#13;x&#9;</t></is></c>',
            ),
            row(4, '<c r="A4" t="inlineStr" s="1"><is><t>  </t></is></c>'),
            row(
              5,
              '<c r="A5" t="inlineStr"><is><t>&#x41;&#128512;&amp;&apos;&quot;&lt;&gt;</t></is></c><c r="B5" t="inlineStr"><is><t>A&#xD;&#xA;B\r\nC</t></is></c><c r="C5" t="inlineStr"><is><t>ё &#1105;</t></is></c>',
            ),
          ].join(''),
        },
      ],
    },
  },
  {
    name: 'dates by number format, text and [colour] formats that are not dates',
    reader: 'streaming',
    book: {
      cellXfs: XFS,
      numFmts: NUMFMTS,
      sheets: [
        {
          name: 'Даты',
          data: [
            row(
              1,
              '<c r="A1" s="1"><v>45000</v></c><c r="B1" s="2"><v>45000.75</v></c><c r="C1" s="3"><v>45000</v></c><c r="D1" s="4"><v>45000</v></c><c r="E1" s="0"><v>45000</v></c>',
            ),
            row(
              2,
              '<c r="A2" s="1"><v>0</v></c><c r="B2" s="1"><v>-1</v></c><c r="C2" s="1" t="s"><v>0</v></c><c r="D2" s="1"><v>x</v></c>',
            ),
          ].join(''),
        },
      ],
      shared: ['<t>10.01.2024</t>'],
    },
  },
  {
    name: 'the 1904 calendar',
    reader: 'streaming',
    book: {
      date1904: true,
      cellXfs: XFS,
      sheets: [
        { name: 'S', data: row(1, '<c r="A1" s="1"><v>43000</v></c><c r="B1" s="1"><f>A1+1</f><v>43001</v></c>') },
      ],
    },
  },
  {
    name: 'formulas: cached values, 0 and "" read empty, errors, never calculated, shared and array formulas',
    reader: 'streaming',
    book: {
      cellXfs: XFS,
      sheets: [
        {
          name: 'F',
          data: [
            row(
              1,
              '<c r="A1"><f>1+1</f><v>2</v></c><c r="B1"><f>1-1</f><v>0</v></c><c r="C1" t="str"><f>""</f><v></v></c><c r="D1" t="str"><f>"x"</f><v>A &amp;amp;amp; B</v></c><c r="E1" t="b"><f>TRUE()</f><v>1</v></c><c r="F1" t="b"><f>FALSE()</f><v>0</v></c>',
            ),
            row(
              2,
              '<c r="A2" t="e"><f>1/0</f><v>#DIV/0!</v></c><c r="B2"><f>SUM(A1:A1)</f></c><c r="C2" t="str"><f>A1</f><v/></c><c r="D2" t="e"><v>#REF!</v></c><c r="E2" s="1" t="str"><f>"t"</f><v>t</v></c>',
            ),
            row(
              3,
              '<c r="A3"><f t="shared" ref="A3:C3" si="0">ROW()</f><v>3</v></c><c r="B3"><f t="shared" si="0"/><v>3</v></c><c r="C3"><f t="shared" si="0"/></c><c r="D3"><f t="shared" si="7"/><v>9</v></c>',
            ),
            row(
              4,
              '<c r="A4"><f t="array" ref="A4">SUM(1)</f><v>1</v></c><c r="B4"><f t="dataTable" ref="B4" dt2D="0"/><v>5</v></c><c r="C4" s="1"><f>TODAY()</f><v>45000</v></c><c r="D4"><f></f><v>7</v></c>',
            ),
          ].join(''),
        },
      ],
    },
  },
  {
    name: 'shared strings beyond plain text: rich runs, phonetic runs, empty items, whitespace between items',
    reader: 'streaming',
    book: {
      cellXfs: XFS,
      shared:
        '\n  <si><r><rPr><b/></rPr><t>Bo</t></r><r><t xml:space="preserve">ld </t></r></si>\n  <si><t>ア</t><rPh sb="0" eb="1"><t>a</t></rPh><phoneticPr fontId="1"/></si>\n  <si/>\n  <si><t>plain</t></si>\n',
      sheets: [
        { name: 'S', data: row(1, [0, 1, 2, 3].map((i) => `<c r="${'ABCD'[i]}1" t="s"><v>${i}</v></c>`).join('')) },
      ],
    },
  },
  {
    name: 'merged ranges: over missing rows, empty top-left, one column, after the last row, covered values replaced',
    reader: 'streaming',
    book: {
      cellXfs: XFS,
      sheets: [
        {
          name: 'Merges',
          data: [
            row(
              1,
              '<c r="A1" t="inlineStr"><is><t>Заголовок</t></is></c><c r="B1" t="inlineStr"><is><t>скрыто</t></is></c>',
            ),
            row(2, '<c r="D2"><v>1</v></c><c r="E2"><v>2</v></c>'),
            row(4, '<c r="A4" t="inlineStr"><is><t>вниз</t></is></c><c r="C4" t="inlineStr"><is><t>  </t></is></c>'),
            row(9, '<c r="B9"><v>9</v></c>'),
          ].join(''),
          tail: '<mergeCells count="6"><mergeCell ref="A1:C1"/><mergeCell ref="A4:A7"/><mergeCell ref="F2:G3"/><mergeCell ref="C4:D5"/><mergeCell ref="B10:C12"/><mergeCell ref="H1:H1"/></mergeCells><pageMargins left="0.7" right="0.7" top="0.75" bottom="0.75" header="0.3" footer="0.3"/>',
        },
      ],
    },
  },
  {
    name: 'several sheets, names with references, a hidden sheet',
    reader: 'streaming',
    book: {
      cellXfs: XFS,
      sheets: [
        { name: 'A &amp;amp; B', data: row(1, '<c r="A1"><v>1</v></c>') },
        { name: 'Пусто', data: '' },
        { name: 'Третий', data: row(3, '<c r="C3"><v>3</v></c>') },
      ],
    },
  },
  // --- left to exceljs
  {
    name: 'cells without addresses',
    reader: 'exceljs',
    book: { cellXfs: XFS, sheets: [{ name: 'S', data: row(1, '<c><v>1</v></c><c><v>2</v></c>') }] },
  },
  {
    name: 'cells out of order',
    reader: 'exceljs',
    book: { cellXfs: XFS, sheets: [{ name: 'S', data: row(1, '<c r="B1"><v>1</v></c><c r="A1"><v>2</v></c>') }] },
  },
  {
    name: 'rows out of order',
    reader: 'exceljs',
    book: {
      cellXfs: XFS,
      sheets: [{ name: 'S', data: row(2, '<c r="A2"><v>1</v></c>') + row(1, '<c r="A1"><v>2</v></c>') }],
    },
  },
  {
    name: 'hyperlinks',
    reader: 'exceljs',
    book: {
      cellXfs: XFS,
      sheets: [
        {
          name: 'S',
          data: row(1, '<c r="A1"><f>1</f><v>0</v></c>'),
          tail: '<hyperlinks><hyperlink ref="A1" location="S!A1"/></hyperlinks>',
        },
      ],
    },
  },
  {
    name: 'overlapping merges (exceljs refuses the book)',
    reader: 'exceljs',
    book: {
      cellXfs: XFS,
      sheets: [
        {
          name: 'S',
          data: row(1, '<c r="A1"><v>1</v></c>'),
          tail: '<mergeCells><mergeCell ref="A1:B2"/><mergeCell ref="B2:C3"/></mergeCells>',
        },
      ],
    },
  },
  {
    name: 'a formula without a result over merged cells',
    reader: 'exceljs',
    book: {
      cellXfs: XFS,
      sheets: [
        {
          name: 'S',
          data: row(1, '<c r="A1"><f>X()</f></c>'),
          tail: '<mergeCells><mergeCell ref="A1:B1"/></mergeCells>',
        },
      ],
    },
  },
  {
    name: 'CDATA in a cell',
    reader: 'exceljs',
    book: {
      cellXfs: XFS,
      sheets: [{ name: 'S', data: row(1, '<c r="A1" t="inlineStr"><is><t><![CDATA[x]]></t></is></c>') }],
    },
  },
  {
    name: 'a shared string index past the table (exceljs fails)',
    reader: 'exceljs',
    book: { cellXfs: XFS, shared: ['<t>a</t>'], sheets: [{ name: 'S', data: row(1, '<c r="A1" t="s"><v>5</v></c>') }] },
  },
  {
    name: 'an unknown entity (saxes fails)',
    reader: 'exceljs',
    book: { cellXfs: XFS, sheets: [{ name: 'S', data: row(1, '<c r="A1" t="inlineStr"><is><t>&nbsp;</t></is></c>') }] },
  },
  {
    name: 'a control character in text (saxes fails)',
    reader: 'exceljs',
    book: {
      cellXfs: XFS,
      sheets: [{ name: 'S', data: row(1, '<c r="A1" t="inlineStr"><is><t>a\u0001b</t></is></c>') }],
    },
  },
];

describe('hand-written sheets: both readers agree, and the streaming reader takes what it should', () => {
  it.each(CASES)('$name', async ({ book, reader }) => {
    const { old, now } = await bothReaders(rawXlsx(book), 'книга.xlsx');
    expect(await view(now)).toEqual(await view(old));
    if ('book' in now) expect(now.reader).toBe(reader);
  });

  it('the prefixed (x:) worksheet XML some generators write is left to exceljs', async () => {
    const ns = 'http://schemas.openxmlformats.org/spreadsheetml/2006/main';
    const sheet = `<?xml version="1.0" encoding="UTF-8"?><x:worksheet xmlns:x="${ns}"><x:sheetData><x:row r="1"><x:c r="A1"><x:v>1</x:v></x:c></x:row></x:sheetData></x:worksheet>`;
    const parts = rawParts({ cellXfs: XFS, sheets: [{ name: 'S', data: '' }] }).map(([n, b]): [string, Buffer] => [
      n,
      n === 'xl/worksheets/sheet1.xml' ? Buffer.from(sheet) : b,
    ]);
    const { old, now } = await bothReaders(zip(parts), 'x.xlsx');
    expect(await view(now)).toEqual(await view(old));
    if ('book' in now) expect(now.reader).toBe('exceljs');
  });
});
