// The bulk loader of a CSV «сводная ведомость итоговых отметок» (see ./csv.ts). Each distinct value of a column is
// read once by the row-by-row parser's functions (formats/journal/vedomost.ts vedomostCell, the loader's journal
// checks in validate.ts); SQL (sql/bulk_vedomost.sql) applies them to every row in the parser's order, and the
// excluded rows get the parser's own messages. Only as many row errors are kept as a report shows; the rest are counted.

import { fileURLToPath } from 'node:url';
import { BOOLEAN, type DuckDBType, type DuckDBValue, INTEGER, LIST, listValue, VARCHAR } from '@duckdb/node-api';
import type { StagedValue } from '../collect.js';
import { gradeOfClass } from '../formats/journal/common.js';
import {
  headerStep,
  NO_MARKS,
  type VedomostLayout,
  type VedomostProblem,
  vedomostCell,
  vedomostProblem,
} from '../formats/journal/vedomost.js';
import type { CsvHead } from '../read/csv.js';
import { MAX_ISSUES_IN_REPORT } from '../report.js';
import type { Cell, Workbook } from '../types.js';
import { FileRejected } from '../types.js';
import { MAX_PAYLOAD_WARNINGS, payloadKind, type ValidatingContext } from '../validate.js';
import type { BulkCsvFormat, BulkPlan, StagingCsv } from './csv.js';
import { namedStatements } from './sql.js';

const SQL = fileURLToPath(new URL('../sql/bulk_vedomost.sql', import.meta.url));
/** Length of a pupil key (CollectingContext.pseudonymize). */
const KEY_LENGTH = 20;
const PROBLEMS: Record<number, VedomostProblem> = {
  1: 'mark',
  2: 'period',
  3: 'year',
  4: 'pupil',
  5: 'subject',
  6: 'school',
};

type Lists = Record<string, { value: DuckDBValue; type: DuckDBType }>;
const list = (type: DuckDBType, xs: (string | number | boolean | null)[]) => ({
  value: listValue(xs),
  type: LIST(type),
});

export const vedomostBulk: BulkCsvFormat = {
  plan(head: CsvHead, sheet: string): BulkPlan | null {
    const book: Pick<Workbook, 'kind' | 'fileName'> = { kind: 'csv', fileName: '' };
    // The header as the parse finds it; a header the parse would reject goes that way (it also checks the whole file first).
    let layout: VedomostLayout | null = null;
    const seen = { schoolName: null as string | null };
    try {
      for (const r of head.rows) if ((layout = headerStep(book, sheet, seen, r.rowNo, r.cells))) break;
    } catch (e) {
      if (e instanceof FileRejected) return null;
      throw e;
    }
    if (!layout) return null;
    const l = layout;
    const c = l.cols;
    return {
      skip: l.rowNo,
      columns: {
        mark: c.mark,
        period: c.period,
        school_year: c.year,
        pupil: c.pupil,
        subject: c.subject,
        school: c.school >= 0 ? c.school : null,
        class: c.className,
      },
      stage: (csv, ctx) => stage(csv, ctx, l, sheet),
    };
  },
};

async function stage(csv: StagingCsv, ctx: ValidatingContext, layout: VedomostLayout, sheet: string): Promise<void> {
  const sql = namedStatements(SQL);
  const v = csv.values;
  const cells = (k: string): Cell[] => v[k]!.map(csv.cell);

  // What each distinct value means (index = code).
  const marks = cells('mark').map(vedomostCell.mark);
  const periods = cells('period').map(vedomostCell.period);
  const years = cells('school_year').map(vedomostCell.year);
  const pupils = cells('pupil').map(vedomostCell.pupil);
  const subjects = cells('subject').map(vedomostCell.subject);
  const schools = cells('school').map((x) => vedomostCell.school(x, layout));
  const classes = cells('class').map(vedomostCell.className);
  const grades = classes.map(gradeOfClass);
  // Codes of the values failing a check: a handful at most, so the checks are lookups in lists of a few items.
  const codes = <T>(xs: T[], bad: (x: T, i: number) => boolean) => xs.flatMap((x, i) => (bad(x, i) ? [i] : []));
  const lists: Lists = {
    mark_empty: list(
      INTEGER,
      codes(marks, (m) => m === null),
    ),
    mark_bad: list(
      INTEGER,
      codes(marks, (m) => m === 'invalid'),
    ),
    period_bad: list(
      INTEGER,
      codes(periods, (p) => p === null),
    ),
    year_bad: list(
      INTEGER,
      codes(years, (y) => y === null),
    ),
    year_future: list(
      INTEGER,
      codes(years, (y) => y !== null && ctx.journalYearProblem(y) !== null),
    ),
    pupil_bad: list(
      INTEGER,
      codes(pupils, (p) => p === ''),
    ),
    subject_bad: list(
      INTEGER,
      codes(subjects, (x) => x === ''),
    ),
    school_bad: list(
      INTEGER,
      codes(schools, (x) => x === ''),
    ),
    class_bad: list(
      INTEGER,
      codes(classes, (cn, i) => ctx.journalClassProblem(cn, grades[i]!) !== null),
    ),
    // What the loaded rows store, by code.
    mark_value: list(
      INTEGER,
      marks.map((m) => (m && m !== 'invalid' ? m.mark : null)),
    ),
    mark_text: list(
      VARCHAR,
      marks.map((m) => (m && m !== 'invalid' ? m.markText : null)),
    ),
    period_kind: list(
      VARCHAR,
      periods.map((p) => p?.kind ?? null),
    ),
    period_no: list(
      INTEGER,
      periods.map((p) => p?.no ?? null),
    ),
    year_label: list(VARCHAR, years),
    subject_name: list(VARCHAR, subjects),
    school_ref: list(VARCHAR, schools),
    class_name: list(VARCHAR, classes),
    grade: list(INTEGER, grades),
    school_flag: list(
      BOOLEAN,
      schools.map((x) => payloadKind(x) !== null),
    ),
    subject_flag: list(
      BOOLEAN,
      subjects.map((x) => payloadKind(x) !== null),
    ),
    class_flag: list(
      BOOLEAN,
      classes.map((cn) => payloadKind(cn) !== null),
    ),
  };
  // The pupils' keys (20 characters each) as one string, by code; an empty name's place is blank (its rows are excluded).
  const keys = pupils.map((p) => (p ? ctx.pseudonymize(p) : ' '.repeat(KEY_LENGTH)));
  if (keys.some((k) => k.length !== KEY_LENGTH || !/^[\x20-\x7e]+$/.test(k)))
    throw new Error('pupil keys are not 20 ASCII characters');
  const pupilKeys = { value: keys.join('') as DuckDBValue, type: VARCHAR as DuckDBType };

  const params = (extra: Record<string, DuckDBValue> = {}) => ({
    ...Object.fromEntries(Object.entries(lists).map(([k, x]) => [k, x.value])),
    ...extra,
  });
  const types = (extra: Record<string, DuckDBType> = {}) => ({
    ...Object.fromEntries(Object.entries(lists).map(([k, x]) => [k, x.type])),
    ...extra,
  });

  await csv.run(sql.stage!, params(), types());
  await csv.release(); // the copy and the reader are no longer needed: the staged rows hold codes only

  const [loaded, excluded] = (await csv.run(sql.counts!))[0]!.map(Number) as [number, number];
  // The excluded rows, as the parse words them, in row order; beyond what a report shows only counted.
  const book = { kind: 'csv' as const };
  for (const [rowNo, problem, mark, period, year, cls] of (
    await csv.run(sql.problems!, { limit: MAX_ISSUES_IN_REPORT }, { limit: INTEGER })
  ).map((r) => r.map(Number))) {
    const p = PROBLEMS[problem!];
    if (p) {
      const raw =
        p === 'mark'
          ? v.mark![mark!]
          : p === 'period'
            ? v.period![period!]
            : p === 'year'
              ? v.school_year![year!]
              : null;
      ctx.issue(
        vedomostProblem(book, sheet, rowNo!, layout, p, raw === null || raw === undefined ? null : csv.cell(raw)),
      );
    } else if (problem === 7) {
      ctx.issue(ctx.rowIssue(sheet, rowNo!, 'Учебный год', ctx.journalYearProblem(years[year!]!)!));
    } else {
      ctx.issue(ctx.rowIssue(sheet, rowNo!, 'Класс', ctx.journalClassProblem(classes[cls!]!, grades[cls!]!)!));
    }
  }
  ctx.uncountedRowErrors += Math.max(0, excluded - MAX_ISSUES_IN_REPORT);
  if (loaded === 0) ctx.issue({ ...NO_MARKS });

  // Each school and subject at its first loaded row (codes of one value merge: «1005» and «1005.0» are one school).
  const firstRows = async (stmt: string, names: string[]) => {
    const out = new Map<string, number>();
    for (const [code, rowNo] of (await csv.run(stmt)).map((r) => r.map(Number)))
      if (!out.has(names[code!]!)) out.set(names[code!]!, rowNo!);
    return [...out].map(([value, rowNo]) => ({ value, rowNo }));
  };
  const schoolRows = await firstRows(sql.schools!, schools);
  const subjectRows = await firstRows(sql.subjects!, subjects);

  // Markup and formulas in the school, subject and class of loaded rows (validate.ts screenText words them).
  const screened: StagedValue[] = [];
  let total = 0;
  if ([...schools, ...subjects, ...classes].some((x) => payloadKind(x) !== null)) {
    total = Number((await csv.run(sql.screened_total!, params(), types()))[0]![0]);
    for (const r of await csv.run(
      sql.screened!,
      params({ limit: MAX_PAYLOAD_WARNINGS + 1 }),
      types({ limit: INTEGER }),
    )) {
      const [rowNo, school, subject, cls] = r.slice(0, 4).map(Number) as [number, number, number, number];
      const [sf, jf, cf] = r.slice(4) as boolean[];
      if (sf) screened.push({ rowNo, field: 'ОО', text: schools[school]! });
      if (jf) screened.push({ rowNo, field: 'Предмет', text: subjects[subject]! });
      if (cf) screened.push({ rowNo, field: 'Класс', text: classes[cls]! });
    }
  }

  const rowsTable = csv.names.rows!;
  ctx.staged = {
    sheet,
    count: loaded,
    schools: schoolRows.map(({ value, rowNo }) => ({ ref: value, rowNo })),
    subjects: subjectRows.map(({ value, rowNo }) => ({ subject: value, rowNo })),
    screened: { values: screened.slice(0, MAX_PAYLOAD_WARNINGS + 1), total },
    async write(conn, uploadId) {
      const text = sql.insert!.replaceAll('{rows}', rowsTable);
      const keep = Object.keys(lists).filter((k) => new RegExp(`\\$${k}\\b`).test(text));
      const r = await conn.run(
        text,
        {
          ...Object.fromEntries(keep.map((k) => [k, lists[k]!.value])),
          pupil_keys: pupilKeys.value,
          upload_id: uploadId,
          sheet,
        },
        {
          ...Object.fromEntries(keep.map((k) => [k, lists[k]!.type])),
          pupil_keys: pupilKeys.type,
          upload_id: INTEGER,
          sheet: VARCHAR,
        },
      );
      return Number(r.rowsChanged ?? 0);
    },
    dispose: csv.dispose,
  };
}
