// Real (pseudonymised) journal exports: numbers checked against the raw cells read independently with exceljs.
import ExcelJS from 'exceljs';
import { beforeAll, describe, expect, it } from 'vitest';
import type { CollectingContext } from '../../../ingest/collect.js';
import { attendanceReport, tabel } from '../../../ingest/formats/journal/index.js';
import { issueText } from '../../../ingest/issues.js';
import type { JournalMark } from '../../../ingest/types.js';
import { parseWith, samplePath } from '../../helpers/parse.js';

const TABEL = samplePath('ejournal_tabel_uspevaemosti_8A_2024-25_PSEUDONYMISED.xlsx');
const OTCHET = samplePath('ejournal_otchet_uspevaemost_poseshchaemost_8A_2024-25_PSEUDONYMISED.xlsx');
const SCHOOL = 'Муниципальное автономное общеобразовательное учреждение "Средняя общеобразовательная школа № 9"';

const text = (v: ExcelJS.CellValue): string => (v === null || v === undefined ? '' : String(v).trim());

/** Raw scan: per pupil block, the columns captioned «Итог»/«Год. оценка»/«Итоговая оценка за период» and their 2..5 values. */
async function rawMarks(
  path: string,
  captions: RegExp,
): Promise<{
  pupils: string[];
  marks: { pupil: string; subject: string; caption: string; col: number; mark: number }[];
  subjects: Set<string>;
}> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(path);
  const ws = wb.worksheets[0]!;
  const pupils: string[] = [];
  const marks: { pupil: string; subject: string; caption: string; col: number; mark: number }[] = [];
  const subjects = new Set<string>();
  let cols = new Map<number, string>();
  let subjectCol = 0;
  ws.eachRow((row) => {
    const a = text(row.getCell(1).value);
    if (a.startsWith('Ученик:')) {
      pupils.push(a.slice('Ученик:'.length).trim());
      cols = new Map();
      return;
    }
    row.eachCell((cell, c) => {
      const t = text(cell.value).replace(/\s+/g, ' ');
      if (captions.test(t)) cols.set(c, t);
      if (t === 'Предмет') subjectCol = c;
    });
    const subject = text(row.getCell(subjectCol || 1).value);
    if (cols.size === 0 || !subject || subject === 'Предмет' || /^[НОБУ]$/.test(subject)) return;
    for (const [c, caption] of cols) {
      const v = text(row.getCell(c).value);
      if (/^[2-5]$/.test(v)) {
        marks.push({ pupil: pupils.at(-1)!, subject, caption, col: c, mark: Number(v) });
        subjects.add(subject);
      }
    }
  });
  return { pupils, marks, subjects };
}

const count = <T>(xs: T[], key: (x: T) => string): Record<string, number> => {
  const out: Record<string, number> = {};
  for (const x of xs) out[key(x)] = (out[key(x)] ?? 0) + 1;
  return out;
};

function expectNoNames(ctx: CollectingContext): void {
  const dump = JSON.stringify([ctx.journal, ctx.issues, ctx.pupils, ctx.works]);
  expect(dump).not.toContain('Тестовый');
  expect(dump).not.toMatch(/Ученик \d\d/);
}

describe('табель успеваемости (реальный образец, 8А, 2024/25)', () => {
  let ctx: CollectingContext;
  let raw: Awaited<ReturnType<typeof rawMarks>>;
  beforeAll(async () => {
    ctx = await parseWith(tabel, TABEL);
    raw = await rawMarks(TABEL, /^(Итог|Год\. оценка|Экз\. оценка|Гос\. экз\. оценка|Итог\. оценка)$/);
  });

  it('finds 28 pupils and 18 graded subjects', () => {
    expect(raw.pupils).toHaveLength(28);
    expect(new Set(ctx.journal.map((j) => j.pupilKey)).size).toBe(28);
    expect(raw.subjects.size).toBe(18);
    expect(new Set(ctx.journal.map((j) => j.subject)).size).toBe(18);
    // Non-graded subjects have no marks and are skipped; captions without a canonical name are kept.
    const subjects = new Set(ctx.journal.map((j) => j.subject));
    expect(subjects.has('Разговоры о важном')).toBe(false);
    expect(subjects.has('Профессиональный минимум')).toBe(false);
    expect(subjects.has('Английский язык')).toBe(true); // «Иностранный язык (английский)»
    expect(subjects.has('Труд (Технология девочки)')).toBe(true);
    expect(subjects.has('Вероятность и статистика')).toBe(true);
  });

  it('emits every 2..5 mark of the sheet: 4 quarters and the year', () => {
    expect(ctx.journal).toHaveLength(raw.marks.length);
    expect(ctx.journal).toHaveLength(2345);
    expect(count(ctx.journal, (j) => `${j.periodKind}${j.periodNo ?? ''}`)).toEqual({
      четверть1: 475,
      четверть2: 476,
      четверть3: 472,
      четверть4: 474,
      год: 448,
    });
    const yearRaw = raw.marks.filter((m) => m.caption === 'Год. оценка');
    const yearOut = ctx.journal.filter((j) => j.periodKind === 'год');
    expect(count(yearOut, (j) => String(j.mark))).toEqual(count(yearRaw, (m) => String(m.mark)));
    expect(count(yearOut, (j) => String(j.mark))).toEqual({ 2: 17, 3: 209, 4: 192, 5: 30 });
    expect(
      ctx.journal.every(
        (j) => j.schoolRef === SCHOOL && j.schoolYear === '2024/25' && j.className === '8А' && j.grade === 8,
      ),
    ).toBe(true);
    expect(ctx.journal.every((j) => j.markText === null && j.mark !== null)).toBe(true);
  });

  it('keeps the term average and drops «0» final marks with a warning', () => {
    // Pupil 01, Биология, 1st quarter: «Средний балл» 2.67, «Итог» '3' (row 16).
    const bio = ctx.journal.find((j) => j.rowNo === 16 && j.periodKind === 'четверть' && j.periodNo === 1)!;
    expect([bio.subject, bio.mark, bio.avgMark]).toEqual(['Биология', 3, 2.67]);
    // «0» in the «Итог» columns (rows 321, 390, 810) is not a mark.
    expect(ctx.issues.map((i) => [i.severity, i.rowNo])).toEqual([
      ['warning', 321],
      ['warning', 390],
      ['warning', 810],
    ]);
    expect(issueText(ctx.issues[0]!)).toMatch(
      /строка 321, столбец «[^»]* \(E\)»: предмет «[^»]+»: «0» не является отметкой/,
    );
  });

  it('never emits pupil names', () => expectNoNames(ctx));
});

describe('отчёт об успеваемости и посещаемости (реальный образец, 24.03–24.05.2025)', () => {
  let ctx: CollectingContext;
  let raw: Awaited<ReturnType<typeof rawMarks>>;
  beforeAll(async () => {
    ctx = await parseWith(attendanceReport, OTCHET);
    raw = await rawMarks(OTCHET, /^Итоговая оценка за период$/);
  });

  it('emits the period final mark per pupil × subject as the 4th quarter', () => {
    expect(raw.pupils).toHaveLength(28);
    expect(new Set(ctx.journal.map((j) => j.pupilKey)).size).toBe(28);
    expect(new Set(ctx.journal.map((j) => j.subject)).size).toBe(raw.subjects.size);
    expect(raw.subjects.size).toBe(18);
    expect(ctx.journal).toHaveLength(raw.marks.length);
    expect(ctx.journal).toHaveLength(474);
    expect(
      ctx.journal.every(
        (j) => j.periodKind === 'четверть' && j.periodNo === 4 && j.schoolYear === '2024/25' && j.className === '8А',
      ),
    ).toBe(true);
    expect(count(ctx.journal, (j) => String(j.mark))).toEqual(count(raw.marks, (m) => String(m.mark)));
    expect(count(ctx.journal, (j) => String(j.mark))).toEqual({ 2: 42, 3: 235, 4: 141, 5: 56 });
    // No period-uncertainty warning: only the two «0» final marks are reported.
    expect(ctx.issues.map((i) => i.rowNo)).toEqual([424, 886]);
  });

  it('takes «Средняя оценка» as the average (0 = not computed)', () => {
    const geo = ctx.journal.find((j) => j.rowNo === 16)!; // pupil 01, География
    expect([geo.subject, geo.mark]).toEqual(['География', 3]);
    expect(geo.avgMark).toBeCloseTo(3.2857, 3);
    expect(ctx.journal.find((j) => j.rowNo === 15)!.avgMark).toBeNull(); // Вероятность и статистика: 0
  });

  it('agrees with the табель: the same pupils (same keys) and the same 4th-quarter marks', async () => {
    const t = await parseWith(tabel, TABEL);
    const key = (j: JournalMark) => `${j.pupilKey}|${j.subject}`;
    const q4 = new Map(
      t.journal.filter((j) => j.periodKind === 'четверть' && j.periodNo === 4).map((j) => [key(j), j]),
    );
    expect(q4.size).toBe(ctx.journal.length);
    for (const j of ctx.journal) {
      const other = q4.get(key(j));
      expect(other?.mark).toBe(j.mark);
      if (other?.avgMark != null && j.avgMark != null) expect(j.avgMark).toBeCloseTo(other.avgMark, 2);
    }
  });

  it('never emits pupil names', () => expectNoNames(ctx));
});
