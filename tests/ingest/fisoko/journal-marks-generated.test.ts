// Unusable journal marks in small generated files: one warning per distinct value with the right count and rows,
// «нет»/«нет отметки» are no mark (no warning), and other row problems still exclude their rows. Expectations come
// from the plan each file is written from.
import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FORMATS } from '../../../ingest/formats/index.js';
import { issueText } from '../../../ingest/issues.js';
import { ingestFile } from '../../../ingest/load.js';
import { type IngestReport, partialMessage } from '../../../ingest/report.js';
import { closeStore, openStore, type Store } from '../../../store/db.js';
import { VPR21_HEADER } from '../../fixtures/bad/make.js';
import { q } from '../load/store-state.js';
import { individualResults, irPupils, tempDir } from './build-fixtures.js';

const TASKS = 16; // математика 5 (2021): 12 tasks of 1 point, 4 of 2
const TASK_MAX = Array.from({ length: TASKS }, (_, k) => (k < 12 ? 1 : 2));

interface Planned {
  journal: string | number | null;
  absent?: boolean;
  badTask?: boolean;
  badTotal?: boolean;
}

// Row n of the sheet is PLAN[n - 2].
const PLAN: Planned[] = [
  { journal: '4' },
  { journal: '1' },
  { journal: '*' },
  { journal: '1' },
  { journal: '6' },
  { journal: 'нет' },
  { journal: '1' },
  { journal: '5' },
  { journal: '1' },
  { journal: '*', badTask: true },
  { journal: '1' },
  { journal: '3', badTotal: true },
  { journal: 1 },
  { journal: '1', absent: true },
  { journal: 'нет отметки' },
  { journal: '2' },
];
const rowOf = (i: number): number => i + 2;
const rowsWith = (v: string): number[] =>
  PLAN.flatMap((p, i) => (String(p.journal) === v && !p.badTask && !p.badTotal ? [rowOf(i)] : []));

/** A ВПР-2021 regional export (all cells text, as the real one) written from PLAN. */
async function vpr21(path: string): Promise<void> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('Sheet');
  ws.addRow(VPR21_HEADER);
  PLAN.forEach((p, i) => {
    const scores = TASK_MAX.map((m, k) => String((i + k) % (m + 1)));
    if (p.badTask) scores[0] = 'abc';
    const total = scores.reduce((a, s) => a + (Number(s) || 0), 0);
    ws.addRow([
      'sch229003',
      'Энский муниципальный район',
      String(i + 1),
      String(70001 + i),
      p.journal,
      i % 2 ? 'ж' : 'м',
      'А',
      p.absent ? 'отсутствовал' : String((i % 2) + 1),
      p.absent ? null : p.badTotal ? '-3' : String(total),
      ...(p.absent ? scores.map(() => null) : scores),
      '',
      '',
      '',
    ]);
  });
  await wb.xlsx.writeFile(path);
}

const journalWarnings = (r: IngestReport) =>
  r.issues.filter((i) => i.severity === 'warning' && i.message.includes('отметка по журналу «'));

let dir: string;
let store: Store;
beforeAll(async () => {
  dir = tempDir();
  store = await openStore(':memory:');
});
afterAll(async () => {
  await closeStore(store);
  rmSync(dir, { recursive: true, force: true });
});

describe('ВПР-2021 export with journal marks «1», «*», «6», «нет»', () => {
  const name = 'Проведение работы по математике, 5 класс. ВПР 2021.xlsx';
  let r: IngestReport;
  beforeAll(async () => {
    await vpr21(join(dir, name));
    r = await ingestFile(store, FORMATS, { bytes: readFileSync(join(dir, name)), fileName: name, channel: 'cli' });
  });

  it('groups the unusable marks: one warning per distinct value, with its count and rows', () => {
    const w = journalWarnings(r);
    // «нет» and «нет отметки» are no mark: no warning for them.
    expect(w.map((i) => /отметка по журналу «(.+?)»/.exec(i.message)![1])).toEqual(['1', '*', '6']);
    // «1» — as text and as a number, present and absent pupils: 7 rows, five named.
    expect(rowsWith('1')).toEqual([3, 5, 8, 10, 12, 14, 15]);
    expect(issueText(w[0]!)).toBe(
      'Лист «Sheet», столбец «отметка за предыдущую четверть/триместр (E)»: в 7 строках отметка по журналу «1» — допустимы 2–5, ' +
        '«нет отметки» или пусто. Результаты ВПР загружены, в сравнение с журналом эти строки не входят (строки 3, 5, 8, 10, 12 и ещё 2).',
    );
    // «*»: the row with a bad task score is excluded, so it is not counted here.
    expect(w[1]!.message).toContain(
      'в 1 строке отметка по журналу «*» — допустимы 2–5, «нет отметки» или пусто. Результат ВПР загружен, в сравнение с журналом строка не входит (строка 4).',
    );
    expect(w[2]!.message).toContain('в 1 строке отметка по журналу «6»');
    expect(w[2]!.message).toContain('(строка 6).');
    expect(
      w.every(
        (i) =>
          i.scope === 'file' &&
          i.sheet === 'Sheet' &&
          i.rowNo === null &&
          i.column === 'отметка за предыдущую четверть/триместр (E)',
      ),
    ).toBe(true);
  });

  it('still excludes rows with a bad score or total, and only those', () => {
    const errors = r.issues.filter((i) => i.severity === 'error');
    expect(errors.map((i) => [i.scope, i.rowNo, i.column])).toEqual([
      ['row', 11, 'балл за 1 (J)'],
      ['row', 13, 'всего баллов (I)'],
    ]);
    expect([r.status, r.rowsRejected, r.message]).toEqual(['loaded', 2, partialMessage(2)]);
  });

  it('loads every other pupil; journal_mark is NULL exactly where the mark is unusable or absent', async () => {
    const rows = await q(
      store,
      'SELECT row_no, status, journal_mark, primary_score FROM pupil_results WHERE upload_id = $id ORDER BY row_no',
      { id: r.uploadId! },
    );
    const kept = PLAN.flatMap((p, i) => (p.badTask || p.badTotal ? [] : [{ row: rowOf(i), p }]));
    expect(rows.map((x) => x.row_no)).toEqual(kept.map((k) => k.row));
    expect(rows.filter((x) => x.status === 'absent').map((x) => x.row_no)).toEqual([15]);
    const usable = (v: Planned['journal']) => (/^[2-5]$/.test(String(v)) ? Number(v) : null);
    expect(rows.map((x) => x.journal_mark)).toEqual(kept.map((k) => usable(k.p.journal)));
    expect(rows.filter((x) => x.journal_mark !== null).map((x) => x.row_no)).toEqual([2, 9, 17]);
    expect(rows.filter((x) => x.status === 'present').every((x) => x.primary_score !== null)).toBe(true);
  });
});

describe('«Индивидуальные результаты» with journal marks «1» and «*»', () => {
  it('loads all 15 pupils, warns once per value, rejects nothing', async () => {
    // Rows 9.. hold pupils 0..14; pupil 6 is absent.
    const pupils = irPupils().map((p, i) =>
      i === 1 || i === 4 ? { ...p, journal: 1 } : i === 10 ? { ...p, journal: '*' } : p,
    );
    const path = await individualResults(dir, { name: 'ir_journal_1.xlsx', pupils });
    const r = await ingestFile(store, FORMATS, {
      bytes: readFileSync(path),
      fileName: 'ir_journal_1.xlsx',
      channel: 'cli',
    });
    expect([r.status, r.format, r.rowsRejected, r.message]).toEqual([
      'loaded',
      'fisoko-vpr-individual',
      0,
      'загружен.',
    ]);
    const w = journalWarnings(r);
    expect(w).toHaveLength(2);
    expect(issueText(w[0]!)).toMatch(
      /^Лист «Индивидуальные результаты», столбец «Отметка по журналу \([A-Z]+\)»: в 2 строках отметка по журналу «1» .* \(строки 10, 13\)\.$/,
    );
    expect(w[1]!.message).toMatch(/в 1 строке отметка по журналу «\*» .* \(строка 19\)\.$/);
    const rows = await q(
      store,
      'SELECT row_no, journal_mark FROM pupil_results WHERE upload_id = $id ORDER BY row_no',
      { id: r.uploadId! },
    );
    expect(rows).toHaveLength(15);
    const nulls = pupils.flatMap((p, i) => (typeof p.journal === 'number' && p.journal >= 2 ? [] : [9 + i]));
    expect(rows.filter((x) => x.journal_mark === null).map((x) => x.row_no)).toEqual(nulls);
    expect(nulls).toEqual(expect.arrayContaining([10, 13, 19]));
  });
});
