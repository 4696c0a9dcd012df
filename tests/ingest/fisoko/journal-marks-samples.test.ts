// Unusable previous-term journal marks («1», «*») in the real ФИС ОКО layouts, through ingestFile on a fresh store.
// The copies of the samples in tests/fixtures/samples hold only «2»–«5», «нет отметки» and empty cells in that
// column (counted with exceljs: e.g. geography-10 2021 — 425×«4», 387×«5», 177×«3», 4×«2», 46 «нет отметки»,
// 122 empty), so a few marks of present pupils are replaced by «1» and «*» as in the regional exports that have
// them. Everything expected is read back from the edited sheet with exceljs, not from the parser.
import { mkdirSync, readFileSync, rmSync } from 'node:fs';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FORMATS } from '../../../ingest/formats/index.js';
import { issueText } from '../../../ingest/issues.js';
import { ingestFile } from '../../../ingest/load.js';
import { columnLetter } from '../../../ingest/read/values.js';
import { closeStore, openStore } from '../../../store/db.js';
import { samplePath } from '../../helpers/parse.js';
import { q } from '../load/store-state.js';
import { editSample, tempDir } from './build-fixtures.js';

const FORM = 'fisoko_vpr_school_protocol_form_example__base_form.xlsx';
const FORM_NAME = 'Проведение работы по математике, 4 класс. ВПР 2021 sch220150.xlsx';
const J_OLD = 'отметка за предыдущую четверть/триместр';
const J_NEW = 'Отметка за предыдущий триместр/ четверть/полугодие';

interface Case {
  title: string;
  sample: string;
  name: string;
  format: string;
  sheet: string;
  code: string;
  journal: string;
  ones: number;
  stars: number;
  oneAsNumber: boolean; // the 2020 and 2022 exports keep marks as numbers
}

const CASES: Case[] = [
  {
    title: 'ВПР-2020',
    sample: 'fisoko_vpr2020_altai_raw_export_french7.xlsx',
    name: 'fisoko_vpr2020_altai_raw_export_french7.xlsx',
    format: 'fisoko-vpr-2020',
    sheet: 'Sheet1',
    code: 'code',
    journal: 'otc',
    ones: 2,
    stars: 1,
    oneAsNumber: true,
  },
  {
    title: 'ВПР-2021',
    sample: 'fisoko_vpr2021_altai_export_geography10.xlsx',
    name: 'fisoko_vpr2021_altai_export_geography10.xlsx',
    format: 'fisoko-vpr-2021',
    sheet: 'Sheet',
    code: 'код обучающегося',
    journal: J_OLD,
    ones: 7,
    stars: 3,
    oneAsNumber: false,
  },
  {
    title: 'ВПР-2022',
    sample: 'fisoko_vpr2022_altai_export_geography10.xlsx',
    name: 'fisoko_vpr2022_altai_export_geography10.xlsx',
    format: 'fisoko-vpr-2022',
    sheet: 'Протокол',
    code: 'Код',
    journal: J_NEW,
    ones: 4,
    stars: 2,
    oneAsNumber: true,
  },
  // «Протокол_2» repeats the codes of «Протокол» and is skipped by the parser: only «Протокол» is edited and counted.
  {
    title: 'форма протокола',
    sample: FORM,
    name: FORM_NAME,
    format: 'fisoko-vpr-protocol-form',
    sheet: 'Протокол',
    code: 'Код',
    journal: J_NEW,
    ones: 1,
    stars: 2,
    oneAsNumber: false,
  },
];

interface PupilRow {
  rowNo: number;
  present: boolean;
  journalText: string;
  mark: number | null;
}

/** Pupil rows of a sheet (a participant code), whether present (no «отсутствовал» anywhere) and the journal cell. */
async function readPupils(
  path: string,
  sheet: string,
  codeHeader: string,
  journalHeader: string,
): Promise<{ rows: PupilRow[]; journalCol: number }> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(path);
  const ws = wb.getWorksheet(sheet)!;
  const header = (ws.getRow(1).values as ExcelJS.CellValue[]).map((v) => String(v ?? ''));
  const codeCol = header.indexOf(codeHeader),
    journalCol = header.indexOf(journalHeader);
  expect([codeCol, journalCol].every((c) => c > 0)).toBe(true);
  const rows: PupilRow[] = [];
  ws.eachRow((row, rowNo) => {
    if (rowNo === 1 || String(row.getCell(codeCol).value ?? '').trim() === '') return;
    const values = row.values as ExcelJS.CellValue[];
    const journalText = String(row.getCell(journalCol).value ?? '').trim();
    rows.push({
      rowNo,
      present: !values.some((v) => typeof v === 'string' && /^отсутств/i.test(v.trim())),
      journalText,
      mark: /^[2-5]$/.test(journalText) ? Number(journalText) : null,
    });
  });
  return { rows, journalCol };
}

/** The row list a warning names: the first five rows, then «и ещё N». */
const rowList = (rows: number[]): string =>
  `${rows.length === 1 ? 'строка' : 'строки'} ${rows.slice(0, 5).join(', ')}${rows.length > 5 ? ` и ещё ${rows.length - 5}` : ''}`;

let dir: string;
beforeAll(() => {
  dir = tempDir();
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe.each(CASES)('$title: journal marks «1» and «*» of present pupils', (c) => {
  it('load the ВПР results with no journal mark, one warning per value, nothing excluded', async () => {
    // Present pupils with a usable mark, spread over the sheet: the first `ones` get «1», the next `stars` get «*».
    const original = await readPupils(samplePath(c.sample), c.sheet, c.code, c.journal);
    const eligible = original.rows.filter((r) => r.present && r.mark !== null);
    const k = c.ones + c.stars;
    const step = Math.floor(eligible.length / k);
    const picked = Array.from({ length: k }, (_, i) => eligible[i * step]!.rowNo);
    const ones = picked.slice(0, c.ones),
      stars = picked.slice(c.ones);
    const letter = columnLetter(original.journalCol - 1);
    const edits = Object.fromEntries([
      ...ones.map((r) => [`${letter}${r}`, c.oneAsNumber ? 1 : '1']),
      ...stars.map((r) => [`${letter}${r}`, '*']),
    ]);
    const sub = `${dir}/${c.format}`;
    mkdirSync(sub);
    const path = await editSample(c.sample, sub, c.name, { [c.sheet]: edits });

    // What the edited file holds, read independently.
    const { rows } = await readPupils(path, c.sheet, c.code, c.journal);
    expect(rows.filter((r) => r.journalText === '1').map((r) => r.rowNo)).toEqual(ones);
    expect(rows.filter((r) => r.journalText === '*').map((r) => r.rowNo)).toEqual(stars);
    const present = rows.filter((r) => r.present);

    const store = await openStore(':memory:');
    try {
      const r = await ingestFile(store, FORMATS, { bytes: readFileSync(path), fileName: c.name, channel: 'cli' });
      expect([r.status, r.format, r.rowsRejected, r.message], JSON.stringify(r.issues.slice(0, 3))).toEqual([
        'loaded',
        c.format,
        0,
        'загружен.',
      ]);
      expect(r.issues.filter((i) => i.severity === 'error')).toEqual([]);

      const journalWarnings = r.issues.filter((i) => i.message.includes('отметка по журналу «'));
      expect(journalWarnings).toHaveLength(2);
      for (const [value, list] of [
        ['1', ones],
        ['*', stars],
      ] as const) {
        const w = journalWarnings.filter((i) => i.message.includes(`отметка по журналу «${value}»`));
        expect(w, value).toHaveLength(1);
        const column = `${c.journal} (${letter})`;
        expect(w[0]).toMatchObject({ severity: 'warning', scope: 'file', sheet: c.sheet, column });
        expect(issueText(w[0]!)).toContain(`Лист «${c.sheet}», столбец «${column}»: в ${list.length} `);
        expect(w[0]!.message).toContain(
          `в ${list.length} ${list.length === 1 ? 'строке' : 'строках'} отметка по журналу «${value}»`,
        );
        expect(w[0]!.message).toContain(`(${rowList(list)}).`);
        expect(w[0]!.message).toContain(
          list.length === 1 ? 'в сравнение с журналом строка не входит' : 'в сравнение с журналом эти строки не входят',
        );
      }

      const loaded = await q(
        store,
        `SELECT row_no, status, journal_mark FROM pupil_results WHERE upload_id = $id AND sheet = $sheet ORDER BY row_no`,
        { id: r.uploadId!, sheet: c.sheet },
      );
      expect(loaded).toHaveLength(rows.length);
      expect(loaded.filter((x) => x.status === 'present').map((x) => x.row_no)).toEqual(present.map((x) => x.rowNo));
      // journal_mark is NULL exactly where the sheet holds no 2–5 mark (the edited rows among them), else the mark.
      expect(loaded.filter((x) => x.journal_mark === null).map((x) => x.row_no)).toEqual(
        rows.filter((x) => x.mark === null).map((x) => x.rowNo),
      );
      expect(loaded.filter((x) => x.journal_mark === null).map((x) => x.row_no)).toEqual(
        expect.arrayContaining([...ones, ...stars]),
      );
      const byRow = new Map(rows.map((x) => [x.rowNo, x.mark]));
      expect(loaded.every((x) => x.journal_mark === byRow.get(Number(x.row_no)))).toBe(true);
      // Those pupils keep their ВПР result.
      const edited = loaded.filter((x) => [...ones, ...stars].includes(Number(x.row_no)));
      expect(edited.every((x) => x.status === 'present')).toBe(true);
      const marks = await q(
        store,
        `SELECT count(*) AS n FROM pupil_results WHERE upload_id = $id AND row_no IN (${[...ones, ...stars].join(',')}) AND mark BETWEEN 2 AND 5 AND primary_score IS NOT NULL`,
        { id: r.uploadId! },
      );
      expect(Number(marks[0]!.n)).toBe(k);
    } finally {
      await closeStore(store);
    }
  });
});
