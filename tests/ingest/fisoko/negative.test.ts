// Broken copies of the real samples: a missing required column rejects the file naming the column; a bad value
// excludes only its row, with an issue naming sheet, row and column; an unusable journal mark only warns.
import { mkdirSync, rmSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  fisokoProtocolForm,
  fisokoVpr2020,
  fisokoVpr2021,
  fisokoVpr2022,
} from '../../../ingest/formats/fisoko/index.js';
import { issueText } from '../../../ingest/issues.js';
import { VprScaleTable } from '../../../ingest/scales.js';
import { FileRejected, type FormatModule } from '../../../ingest/types.js';
import { parseWith } from '../../helpers/parse.js';
import { copySample, editSample, tempDir } from './build-fixtures.js';

const S2020 = 'fisoko_vpr2020_altai_raw_export_french7.xlsx';
const S2021 = 'fisoko_vpr2021_altai_export_french11.xlsx';
const S2022 = 'fisoko_vpr2022_altai_export_german11.xlsx';
const FORM = 'fisoko_vpr_school_protocol_form_example__base_form.xlsx';
const FORM_NAME = 'Проведение работы по математике, 4 класс. ВПР 2021 sch220150.xlsx';

let dir: string;
beforeAll(() => {
  dir = tempDir();
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

let n = 0;
/** Each edited copy in its own folder, under the name the parser needs (subject/year live in the name). */
async function edited(sample: string, name: string, edits: Parameters<typeof editSample>[3]): Promise<string> {
  const sub = `${dir}/${++n}`;
  mkdirSync(sub);
  return editSample(sample, sub, name, edits);
}

async function rejection(mod: FormatModule, path: string, scales?: VprScaleTable): Promise<FileRejected> {
  const err = await parseWith(mod, path, scales).catch((e: unknown) => e);
  expect(err).toBeInstanceOf(FileRejected);
  return err as FileRejected;
}

interface Case {
  title: string;
  mod: FormatModule;
  sample: string;
  name: string;
  sheet: string;
  header: string;
  headerCell: string;
  markCell: string;
  markRow: number;
  journalHeader: string;
  rows: number;
}

const CASES: Case[] = [
  {
    title: 'ВПР-2020',
    mod: fisokoVpr2020,
    sample: S2020,
    name: S2020,
    sheet: 'Sheet1',
    header: 'sum',
    headerCell: 'J1',
    markCell: 'E6',
    markRow: 6,
    journalHeader: 'otc',
    rows: 15,
  },
  {
    title: 'ВПР-2021',
    mod: fisokoVpr2021,
    sample: S2021,
    name: S2021,
    sheet: 'Sheet',
    header: 'всего баллов',
    headerCell: 'I1',
    markCell: 'E5',
    markRow: 5,
    journalHeader: 'отметка за предыдущую четверть/триместр',
    rows: 14,
  },
  {
    title: 'ВПР-2022',
    mod: fisokoVpr2022,
    sample: S2022,
    name: S2022,
    sheet: 'Протокол',
    header: 'Итого баллов',
    headerCell: 'U1',
    markCell: 'T2',
    markRow: 2,
    journalHeader: 'Отметка за предыдущий триместр/ четверть/полугодие',
    rows: 342,
  },
  {
    title: 'форма протокола',
    mod: fisokoProtocolForm,
    sample: FORM,
    name: FORM_NAME,
    sheet: 'Протокол',
    header: 'Код',
    headerCell: 'A1',
    markCell: 'U3',
    markRow: 3,
    journalHeader: 'Отметка за предыдущий триместр/ четверть/полугодие',
    rows: 20,
  },
];

describe.each(CASES)('$title', (c) => {
  it(`rejects the file without the «${c.header}» column`, async () => {
    const path = await edited(c.sample, c.name, { [c.sheet]: { [c.headerCell]: null } });
    const err = await rejection(c.mod, path);
    expect(err.message).toContain(`нет обязательного столбца «${c.header}»`);
    expect(err.sheet).toBe(c.sheet);
    expect(
      issueText({
        severity: 'error',
        scope: 'file',
        sheet: err.sheet,
        rowNo: err.rowNo,
        column: err.column,
        message: err.message,
      }),
    ).toContain(`Лист «${c.sheet}»`);
    expect(err.column).toBe(c.header);
  });

  it('loads a row whose previous-term mark is 7 without that mark, with a warning instead of an error', async () => {
    const path = await edited(c.sample, c.name, { [c.sheet]: { [c.markCell]: 7 } });
    const ctx = await parseWith(c.mod, path);
    expect(ctx.issues.filter((i) => i.severity === 'error')).toEqual([]);
    const warnings = ctx.issues.filter((i) => i.message.includes('отметка по журналу'));
    expect(warnings).toHaveLength(1);
    const journalColumn = `${c.journalHeader} (${c.markCell.replace(/\d+/, '')})`;
    expect(warnings[0]).toMatchObject({ severity: 'warning', scope: 'file', sheet: c.sheet, column: journalColumn });
    expect(issueText(warnings[0]!)).toContain(
      `Лист «${c.sheet}», столбец «${journalColumn}»: в 1 строке отметка по журналу «7»`,
    );
    expect(warnings[0]!.message).toContain(`(строка ${c.markRow}).`);
    expect(ctx.pupils).toHaveLength(c.rows);
    expect(ctx.pupils.find((p) => p.rowNo === c.markRow && p.sheet === c.sheet)).toMatchObject({
      status: 'present',
      journalMark: null,
    });
  });
});

describe('row checks', () => {
  it('a task score above the task maximum excludes the row (ВПР-2022, «1 (5б)» = 6)', async () => {
    const ctx = await parseWith(fisokoVpr2022, await edited(S2022, S2022, { Протокол: { I2: 6 } }));
    expect(ctx.issues.filter((i) => i.severity === 'error')).toEqual([
      expect.objectContaining({
        rowNo: 2,
        column: '1 (5б) (I)',
        message: expect.stringContaining('балл 6 больше максимального за задание 1 (5)'),
      }),
    ]);
    expect(ctx.pupils).toHaveLength(341);
  });

  it('a repeated participant code in one school is an error for the repeat only (ВПР-2021)', async () => {
    const ctx = await parseWith(fisokoVpr2021, await edited(S2021, S2021, { Sheet: { D3: '1003' } }));
    const errors = ctx.issues.filter((i) => i.severity === 'error');
    expect(errors).toEqual([
      expect.objectContaining({
        rowNo: 3,
        column: 'код обучающегося (D)',
        message: expect.stringContaining('код участника 1003 (ОО sch220164) уже встречался (лист «Sheet», строка 2)'),
      }),
    ]);
    expect(ctx.pupils.filter((p) => p.participantCode === '1003').map((p) => p.rowNo)).toEqual([2]);
  });

  it('a total above the work maximum excludes the row (форма протокола, max 20)', async () => {
    const ctx = await parseWith(
      fisokoProtocolForm,
      await edited(FORM, FORM_NAME, { Протокол: { V4: { formula: 'SUM(C4:J4)', result: 25 } } }),
    );
    expect(ctx.issues.filter((i) => i.severity === 'error')).toEqual([
      expect.objectContaining({
        rowNo: 4,
        column: 'Итого баллов (V)',
        message: expect.stringContaining('первичный балл 25 больше максимального для работы (20)'),
      }),
    ]);
  });

  it('a task value that is not a score excludes the row (ВПР-2021, «abc»)', async () => {
    const ctx = await parseWith(fisokoVpr2021, await edited(S2021, S2021, { Sheet: { K4: 'abc' } }));
    expect(ctx.issues.filter((i) => i.severity === 'error')).toEqual([
      expect.objectContaining({
        rowNo: 4,
        column: 'балл за 2 (K)',
        message: expect.stringContaining('«abc» не является баллом'),
      }),
    ]);
  });
});

describe('scales and names', () => {
  const FORM_2025 = 'Проведение работы по математике, 5 класс. ВПР 2025 sch220150.xlsx';

  it('rejects a file without marks when no scale is known for its year', async () => {
    const err = await rejection(fisokoProtocolForm, copySample(FORM, dir, FORM_2025));
    expect(err.message).toMatch(
      /^Нет шкалы перевода первичных баллов в отметки для ВПР «Математика», 5 класс \(КИМ\), 2024\/25 учебный год/,
    );
    expect(err.message).toContain('Загрузите шкалу перевода');
  });

  it('uses a loaded scale for that year', async () => {
    const scales = new VprScaleTable([
      {
        schoolYear: '2024/25',
        subject: 'Математика',
        kimGrade: 5,
        mark3Min: 7,
        mark4Min: 11,
        mark5Min: 15,
        maxScore: 20,
      },
    ]);
    const ctx = await parseWith(fisokoProtocolForm, copySample(FORM, dir, FORM_2025), scales);
    expect(ctx.works[0]).toMatchObject({ subject: 'Математика', kimGrade: 5, grade: 5, schoolYear: '2024/25' });
    // Totals 20,18,19,16,18,18,13,13,15,16,16,16,16,16,17,15,15,9 on 7/11/15.
    expect([2, 3, 4, 5].map((m) => ctx.pupils.filter((p) => p.mark === m).length)).toEqual([0, 1, 2, 15]);
  });

  it("loads a form whose name has no login, with schoolRef '' and a warning", async () => {
    const ctx = await parseWith(
      fisokoProtocolForm,
      copySample(FORM, dir, 'Проведение работы по математике, 4 класс. ВПР 2021.xlsx'),
    );
    expect(ctx.pupils).toHaveLength(20);
    expect(ctx.pupils.every((p) => p.schoolRef === '')).toBe(true);
    expect(ctx.issues.some((i) => i.severity === 'warning' && i.message.includes('нет логина ОО'))).toBe(true);
  });

  it('rejects a ВПР-2021 export whose name does not tell the subject', async () => {
    const err = await rejection(fisokoVpr2021, copySample(S2021, dir, 'export.xlsx'));
    expect(err.message).toContain('Не удалось определить предмет, класс, год ВПР');
    expect(err.message).toContain('Назовите файл');
  });
});
