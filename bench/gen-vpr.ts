// A large ВПР-2021 regional export (formats.md §1.2b, the layout demo/write-vpr.ts writes): sheet `Sheet`,
// every cell text, `логин школы … всего баллов, балл за 1…N, Учебник …`. Math, grade 5 (16 tasks, max 20),
// ~100 pupils per school, 3 % absent, some tasks «X». Written once through the demo's streaming xlsx writer
// (shared strings) into bench/.cache/ and reused while the generator version is unchanged; the same rows also as
// ФИС ОКО itself writes the export (openpyxl: inline strings, every non-ASCII character a numeric reference).
import { existsSync, mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { crc32, deflateRawSync } from 'node:zlib';
import { mulberry32, type Rng } from '../demo/rng.js';
import { type Cell, writeXlsx } from '../demo/xlsx.js';
import { CACHE_DIR } from './paths.js';

const GEN_VERSION = 1;
// КИМ «Математика, 5 класс» of ВПР 2021 as in demo/vpr-works.ts: tasks 1–10, 11.1, 11.2 (1 point), 12–15 (2 points).
const TASK_MAX = [1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 2, 2, 2, 2];
const MUNICIPALITIES = ['Энский муниципальный район', 'Город Энск', 'Приморский муниципальный округ', 'Заречный район'];
const TEXTBOOKS = [
  'Виленкин Н.Я., Жохов В.И. Математика Мнемозина',
  'Мерзляк А.Г., Полонский В.Б. Математика Вентана-Граф',
  'Никольский С.М. Математика Просвещение',
];
export const VPR_FILE_NAME = 'Проведение работы по математике, 5 класс. ВПР 2021.xlsx';
export const PUPILS_PER_SCHOOL = 100;

export const vprHeader = (): string[] => [
  'логин школы',
  'регион',
  'номер обучающегося',
  'код обучающегося',
  'отметка за предыдущую четверть/триместр',
  'пол',
  'класс',
  'вариант',
  'всего баллов',
  ...TASK_MAX.map((_, i) => `балл за ${i + 1}`),
  'Учебник',
  'Др.уч. автор',
  'Др.уч. название',
];

function* rows(n: number, r: Rng): Generator<Cell[]> {
  yield vprHeader();
  for (let i = 0; i < n; i++) {
    const school = Math.floor(i / PUPILS_PER_SCHOOL);
    const login = `sch${String(220000 + school).padStart(6, '0')}`;
    const head: Cell[] = [
      login,
      MUNICIPALITIES[school % MUNICIPALITIES.length]!,
      String(i + 1),
      String(10000 + (i % PUPILS_PER_SCHOOL) * 7 + (school % 7)),
    ];
    if (r() < 0.03) {
      yield [...head, null, null, null, 'отсутствовал'];
      continue;
    }
    const ability = r();
    const scores = TASK_MAX.map((m) =>
      r() < 0.04 ? 'X' : String(Math.min(m, Math.floor(ability * (m + 1) + r() * 0.8))),
    );
    const total = scores.reduce((a, s) => a + (s === 'X' ? 0 : Number(s)), 0);
    const journal =
      r() < 0.05 ? 'нет отметки' : String(Math.min(5, Math.max(2, Math.round(2.6 + ability * 2.4 + (r() - 0.5)))));
    const letter = school % 11 === 0 ? 'НЕТ' : 'АБВГ'[Math.floor(r() * 4)]!;
    yield [
      ...head,
      journal,
      r() < 0.5 ? 'М' : 'Ж',
      letter,
      String(1 + Math.floor(r() * 2)),
      String(total),
      ...scores,
      TEXTBOOKS[school % TEXTBOOKS.length]!,
      null,
      null,
    ];
  }
}

/** Path of the cached workbook with `n` pupil rows, generating it when absent. */
export async function vprWorkbook(n: number): Promise<string> {
  const dir = join(CACHE_DIR, `vpr2021-v${GEN_VERSION}-${n}`);
  const path = join(dir, VPR_FILE_NAME);
  if (existsSync(path)) return path;
  mkdirSync(dir, { recursive: true });
  const tmp = join(dir, `.partial-${process.pid}.xlsx`);
  await writeXlsx(tmp, [{ name: 'Sheet', rows: rows(n, mulberry32(2021)) }]);
  renameSync(tmp, path);
  return path;
}

// ------------------------------------------------------------------ the export as ФИС ОКО writes it

const xmlText = (v: string): string =>
  v
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/[^\x00-\x7f]/g, (c) => `&#${c.codePointAt(0)};`);
const colName = (i: number): string =>
  (i >= 26 ? String.fromCharCode(64 + Math.floor(i / 26)) : '') + String.fromCharCode(65 + (i % 26));

function sheetXml(n: number): Buffer {
  const out: string[] = [
    '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetPr><outlinePr summaryBelow="1" summaryRight="1"/><pageSetUpPr/></sheetPr><sheetFormatPr baseColWidth="8" defaultRowHeight="15"/><sheetData>',
  ];
  let r = 0;
  for (const cells of rows(n, mulberry32(2021))) {
    r++;
    const cs = cells.map((v, i) =>
      v === null
        ? ''
        : `<c r="${colName(i)}${r}" t="inlineStr"><is><t${/^\s|\s$/.test(String(v)) ? ' xml:space="preserve"' : ''}>${xmlText(String(v))}</t></is></c>`,
    );
    out.push(`<row r="${r}">${cs.join('')}</row>`);
  }
  out.push(
    '</sheetData><pageMargins left="0.75" right="0.75" top="1" bottom="1" header="0.5" footer="0.5"/></worksheet>',
  );
  return Buffer.from(out.join(''), 'utf8');
}

function zipFile(entries: [string, Buffer][]): Buffer {
  const locals: Buffer[] = [],
    centrals: Buffer[] = [];
  let offset = 0;
  for (const [name, content] of entries) {
    const data = deflateRawSync(content),
      crc = crc32(content) >>> 0,
      fname = Buffer.from(name);
    const h = Buffer.alloc(30),
      c = Buffer.alloc(46);
    h.writeUInt32LE(0x04034b50, 0);
    h.writeUInt16LE(20, 4);
    h.writeUInt16LE(8, 8);
    h.writeUInt32LE(crc, 14);
    h.writeUInt32LE(data.length, 18);
    h.writeUInt32LE(content.length, 22);
    h.writeUInt16LE(fname.length, 26);
    c.writeUInt32LE(0x02014b50, 0);
    c.writeUInt16LE(20, 4);
    c.writeUInt16LE(20, 6);
    c.writeUInt16LE(8, 10);
    c.writeUInt32LE(crc, 16);
    c.writeUInt32LE(data.length, 20);
    c.writeUInt32LE(content.length, 24);
    c.writeUInt16LE(fname.length, 28);
    c.writeUInt32LE(offset, 42);
    locals.push(h, fname, data);
    centrals.push(c, fname);
    offset += 30 + fname.length + data.length;
  }
  const cd = Buffer.concat(centrals),
    end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(cd.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, cd, end]);
}

/** Path of the cached workbook with `n` pupil rows in ФИС ОКО's own encoding (layout of the 2021 samples). */
export function vprWorkbookInline(n: number): string {
  const dir = join(CACHE_DIR, `vpr2021-inline-v${GEN_VERSION}-${n}`);
  const path = join(dir, VPR_FILE_NAME);
  if (existsSync(path)) return path;
  mkdirSync(dir, { recursive: true });
  const rel = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';
  const parts: [string, string | Buffer][] = [
    [
      '[Content_Types].xml',
      '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/></Types>',
    ],
    [
      '_rels/.rels',
      `<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Type="${rel}/officeDocument" Target="xl/workbook.xml" Id="rId1"/></Relationships>`,
    ],
    [
      'xl/workbook.xml',
      `<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><workbookPr/><sheets><sheet xmlns:r="${rel}" name="Sheet" sheetId="1" state="visible" r:id="rId1"/></sheets><definedNames/><calcPr calcId="124519" fullCalcOnLoad="1"/></workbook>`,
    ],
    [
      'xl/_rels/workbook.xml.rels',
      `<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Type="${rel}/worksheet" Target="/xl/worksheets/sheet1.xml" Id="rId1"/><Relationship Type="${rel}/styles" Target="styles.xml" Id="rId2"/></Relationships>`,
    ],
    [
      'xl/styles.xml',
      '<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><numFmts count="0"/><fonts count="1"><font><name val="Calibri"/><sz val="11"/></font></fonts><fills count="2"><fill><patternFill/></fill><fill><patternFill patternType="gray125"/></fill></fills><borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders><cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs><cellXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/></cellXfs></styleSheet>',
    ],
    ['xl/worksheets/sheet1.xml', sheetXml(n)],
  ];
  const tmp = join(dir, `.partial-${process.pid}.xlsx`);
  writeFileSync(tmp, zipFile(parts.map(([name, c]) => [name, typeof c === 'string' ? Buffer.from(c) : c])));
  renameSync(tmp, path);
  return path;
}
