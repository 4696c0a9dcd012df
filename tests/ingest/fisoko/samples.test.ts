// The real ФИС ОКО samples. Expected numbers were counted independently of the parser (exceljs over the raw
// sheets + the seeded scales, see the comments) and spot-checked by hand against the files.
import { rmSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CollectingContext } from '../../../ingest/collect.js';
import {
  fisokoProtocolForm,
  fisokoVpr2020,
  fisokoVpr2021,
  fisokoVpr2022,
} from '../../../ingest/formats/fisoko/index.js';
import { issueText } from '../../../ingest/issues.js';
import { FileRejected, type FormatModule } from '../../../ingest/types.js';
import { parseWith, samplePath } from '../../helpers/parse.js';
import { copySample, tempDir } from './build-fixtures.js';

interface Expected {
  mod: FormatModule;
  file: string;
  subject: string;
  kimGrade: number;
  grade: number;
  schoolYear: string;
  maxScore: number | null;
  tasks: number;
  rows: number;
  present: number;
  absent: number;
  schools: number;
  marks: [number, number, number, number];
  journal: number;
}

const FORM_NAME = 'Проведение работы по математике, 4 класс. ВПР 2021 sch220150.xlsx';

const CASES: Expected[] = [
  // Autumn 2020: КИМ 7 written by 8th-graders. Sums 6,9,8,4,28,9,9,6,7,14,10,6,7,7,5; scale 13/21/27.
  {
    mod: fisokoVpr2020,
    file: 'fisoko_vpr2020_altai_raw_export_french7.xlsx',
    subject: 'Французский язык',
    kimGrade: 7,
    grade: 8,
    schoolYear: '2020/21',
    maxScore: null,
    tasks: 9,
    rows: 15,
    present: 15,
    absent: 0,
    schools: 1,
    marks: [13, 1, 0, 1],
    journal: 15,
  },
  // Totals 23,23,24,28,10,25,15,13,10,8,14,10,12,8; scale 11/18/25.
  {
    mod: fisokoVpr2021,
    file: 'fisoko_vpr2021_altai_export_french11.xlsx',
    subject: 'Французский язык',
    kimGrade: 11,
    grade: 11,
    schoolYear: '2020/21',
    maxScore: null,
    tasks: 9,
    rows: 14,
    present: 14,
    absent: 0,
    schools: 2,
    marks: [5, 4, 3, 2],
    journal: 14,
  },
  // 122 «отсутствовал»; journal: 425×«4» + 387×«5» + 177×«3» + 4×«2» (46 «нет отметки», 122 empty); scale 7/13/18.
  {
    mod: fisokoVpr2021,
    file: 'fisoko_vpr2021_altai_export_geography10.xlsx',
    subject: 'География',
    kimGrade: 10,
    grade: 10,
    schoolYear: '2020/21',
    maxScore: null,
    tasks: 18,
    rows: 1161,
    present: 1039,
    absent: 122,
    schools: 92,
    marks: [29, 318, 496, 196],
    journal: 993,
  },
  {
    mod: fisokoVpr2022,
    file: 'fisoko_vpr2022_altai_export_geography10.xlsx',
    subject: 'География',
    kimGrade: 10,
    grade: 10,
    schoolYear: '2021/22',
    maxScore: 21,
    tasks: 18,
    rows: 274,
    present: 256,
    absent: 18,
    schools: 27,
    marks: [3, 107, 125, 21],
    journal: 255,
  },
  // Rows 295–299 (edu223112) and 340 (edu223356) have «Итого баллов» 0 beside non-zero task scores: the task sum is used.
  {
    mod: fisokoVpr2022,
    file: 'fisoko_vpr2022_altai_export_german11.xlsx',
    subject: 'Немецкий язык',
    kimGrade: 11,
    grade: 11,
    schoolYear: '2021/22',
    maxScore: 32,
    tasks: 9,
    rows: 342,
    present: 308,
    absent: 34,
    schools: 83,
    marks: [13, 102, 141, 52],
    journal: 308,
  },
  // Sheet «Протокол» (Протокол_2 repeats it); totals 20,18,19,16,18,18,13,13,15,16,16,16,16,16,17,15,15,9; scale 6/10/15.
  {
    mod: fisokoProtocolForm,
    file: FORM_NAME,
    subject: 'Математика',
    kimGrade: 4,
    grade: 4,
    schoolYear: '2020/21',
    maxScore: 20,
    tasks: 15,
    rows: 20,
    present: 18,
    absent: 2,
    schools: 1,
    marks: [0, 1, 2, 15],
    journal: 18,
  },
];

let dir: string;
const parsed = new Map<string, CollectingContext>();
const pathOf = (file: string): string =>
  file === FORM_NAME
    ? copySample('fisoko_vpr_school_protocol_form_example__base_form.xlsx', dir, FORM_NAME)
    : samplePath(file);

beforeAll(async () => {
  dir = tempDir();
  for (const c of CASES) parsed.set(c.file, await parseWith(c.mod, pathOf(c.file)));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe.each(CASES)('$file', (c) => {
  it('emits one work with subject, grades, year and tasks', () => {
    const ctx = parsed.get(c.file)!;
    expect(ctx.works).toHaveLength(1);
    const w = ctx.works[0]!;
    expect([w.assessment, w.subject, w.kimGrade, w.grade, w.schoolYear, w.maxScore, w.examDate]).toEqual([
      'ВПР',
      c.subject,
      c.kimGrade,
      c.grade,
      c.schoolYear,
      c.maxScore,
      null,
    ]);
    expect(w.taskLabels).toHaveLength(c.tasks);
    expect(w.taskMax).toHaveLength(c.tasks);
  });

  it('emits every pupil row with the right status, schools, marks and journal marks', () => {
    const ctx = parsed.get(c.file)!;
    const p = ctx.pupils;
    expect(ctx.issues.filter((i) => i.severity === 'error')).toEqual([]);
    expect(p).toHaveLength(c.rows);
    expect(p.filter((x) => x.status === 'present')).toHaveLength(c.present);
    expect(p.filter((x) => x.status === 'absent')).toHaveLength(c.absent);
    expect(new Set(p.map((x) => x.schoolRef)).size).toBe(c.schools);
    expect([2, 3, 4, 5].map((m) => p.filter((x) => x.mark === m).length)).toEqual(c.marks);
    expect(p.filter((x) => x.journalMark !== null)).toHaveLength(c.journal);
    // No mark in these files: every present mark comes from the scale; absent pupils carry no result.
    expect(p.every((x) => (x.status === 'present') === x.markFromScale)).toBe(true);
    for (const a of p.filter((x) => x.status === 'absent')) {
      expect([a.mark, a.primaryScore, a.variant]).toEqual([null, null, null]);
      expect(a.taskScores.every((s) => s === null)).toBe(true);
    }
    expect(
      p.every((x) => x.taskScores.length === c.tasks && /^\d+$/.test(x.participantCode) && x.pupilKey === null),
    ).toBe(true);
    expect(ctx.rowsRead).toBeGreaterThanOrEqual(c.rows);
  });
});

describe('row details checked by hand', () => {
  it('ВПР-2020: «не пройд.» is not attempted; letters, sex and previous-term mark', () => {
    const r = parsed.get(CASES[0]!.file)!.pupils.find((x) => x.participantCode === '80036')!;
    expect(r).toMatchObject({
      rowNo: 13,
      schoolRef: 'sch220164',
      className: 'б',
      sex: 'м',
      variant: '4',
      primaryScore: 6,
      mark: 2,
      journalMark: 4,
    });
    expect(r.taskScores).toEqual([3, 1, null, null, null, null, 0, 1, 1]);
    expect(parsed.get(CASES[0]!.file)!.works[0]!.taskLabels).toEqual(['1', '2', '3', '4', '5', '6', '7', '8', '9']);
  });

  it('ВПР-2021: X is not attempted, «регион» is the municipality, «НЕТ» class is null', () => {
    const fr = parsed.get(CASES[1]!.file)!.pupils.find((x) => x.participantCode === '1029')!;
    expect(fr).toMatchObject({
      schoolRef: 'sch220164',
      municipality: 'город Барнаул',
      className: 'А',
      primaryScore: 10,
      mark: 2,
      journalMark: 4,
    });
    expect(fr.taskScores).toEqual([1, 5, 2, 0, 1, 1, null, null, null]);
    const geo = parsed.get(CASES[2]!.file)!.pupils;
    expect(geo[0]).toMatchObject({
      rowNo: 2,
      schoolRef: 'sch220206',
      municipality: 'СПО Алтайский край',
      className: null,
      primaryScore: 14,
      mark: 4,
      journalMark: 5,
    });
    expect(geo[2]).toMatchObject({ rowNo: 4, participantCode: '20003', status: 'absent', sex: null });
  });

  it('ВПР-2022: «code | name» cells split, criteria tasks, class names normalised', () => {
    const ctx = parsed.get(CASES[3]!.file)!;
    expect(ctx.works[0]!.taskLabels.slice(-3)).toEqual(['16', '17К1', '17К2']);
    expect(ctx.works[0]!.taskMax).toEqual([1, 1, 2, 1, 1, 1, 1, 1, 1, 1, 1, 2, 1, 1, 1, 1, 2, 1]);
    expect(ctx.pupils[0]).toMatchObject({
      schoolRef: 'edu223843',
      schoolName: 'МБОУ "Серебропольская СОШ"',
      municipality: 'Табунский муниципальный район',
      participantCode: '20001',
      className: '10',
      variant: '2',
      sex: 'м',
      primaryScore: 7,
      mark: 3,
      journalMark: 4,
    });
    expect(ctx.pupils[0]!.taskScores.slice(-2)).toEqual([null, null]);
    const classes = new Set(ctx.pupils.map((x) => x.className));
    expect(classes.has('10А')).toBe(true);
    expect([...classes].some((x) => x !== null && /нет|\s|"/i.test(x))).toBe(false);
    // Real totals lag the task sums in 99 rows; the file's total is kept and one summary warning says so.
    expect(ctx.issues.filter((i) => i.severity === 'warning').map((i) => i.message)).toEqual([
      expect.stringContaining('в 99 строках итоговый балл не совпадает'),
    ]);
  });

  it('ВПР-2022 German: a zero total beside task scores is replaced by the task sum, with a warning per row', () => {
    const ctx = parsed.get(CASES[4]!.file)!;
    const warned = ctx.issues.filter((i) => i.severity === 'warning' && i.scope === 'row');
    expect(warned.map((i) => i.rowNo)).toEqual([295, 296, 297, 298, 299, 340]);
    expect(warned.every((i) => i.column === 'Итого баллов (U)' && i.message.includes('равен 0'))).toBe(true);
    expect(ctx.pupils.find((x) => x.rowNo === 296)).toMatchObject({
      schoolRef: 'edu223112',
      primaryScore: 31,
      mark: 5,
    });
  });

  it('protocol form: school from the file name, repeated sheet skipped, criteria label «11.3К1»', () => {
    const ctx = parsed.get(FORM_NAME)!;
    expect(ctx.works[0]!.taskLabels).toEqual([
      '1',
      '2',
      '3',
      '4',
      '5.1',
      '5.2',
      '6.1',
      '6.2',
      '7',
      '8',
      '9.1',
      '9.2',
      '10',
      '11.3К1',
      '12',
    ]);
    expect(ctx.pupils.every((x) => x.schoolRef === 'sch220150' && x.sheet === 'Протокол')).toBe(true);
    expect(ctx.pupils[0]).toMatchObject({
      participantCode: '40001',
      className: '1',
      sex: 'м',
      variant: '1',
      primaryScore: 20,
      mark: 5,
      journalMark: 5,
    });
    expect(ctx.issues.map((i) => i.sheet)).toEqual(['Протокол_2']);
    expect(ctx.issues.map((i) => issueText(i))).toEqual([
      expect.stringContaining('Лист «Протокол_2»: лист повторяет участников листа «Протокол»'),
    ]);
  });

  it('protocol form under its plain sample name is rejected with the naming rule', async () => {
    const err = await parseWith(
      fisokoProtocolForm,
      samplePath('fisoko_vpr_school_protocol_form_example__base_form.xlsx'),
    ).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(FileRejected);
    expect((err as Error).message).toMatch(/Не удалось определить предмет, класс, год ВПР/);
    expect((err as Error).message).toContain('«Проведение работы по математике, 4 класс. ВПР 2025 sch220150.xlsx»');
  });
});
