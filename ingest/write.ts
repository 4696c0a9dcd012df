// Maps parsed records to store rows (column order = the table definitions in store/migrations; the last column,
// school_code, is filled after the write by store/school-identity.ts). Registry rows and scales replace the rows
// with the same key; those removed rows are counted as replaced.
import type { DuckDBConnection } from '@duckdb/node-api';
import { listValue } from '@duckdb/node-api';
import { DEFAULT_STATUS } from '../domain/measure-statuses.js';
import { type appendRows as AppendRows, rowsOf } from '../store/append.js';
import type { CollectingContext } from './collect.js';
import { SEED_VPR_YEARS } from './seed-scales.js';
import type { VprScaleRow } from './types.js';

export async function writeRecords(
  conn: DuckDBConnection,
  uploadId: number,
  ctx: CollectingContext,
  append: typeof AppendRows,
): Promise<{ loaded: number; replaced: number }> {
  let n = 0,
    replaced = 0;
  const u = uploadId;
  if (ctx.works.length > 0) {
    await append(
      conn,
      'works',
      [
        'int',
        'int',
        'varchar',
        'varchar',
        'varchar',
        'int',
        'int',
        'date',
        'double',
        'varchar[]',
        'double[]',
        'varchar',
        'varchar',
      ],
      ctx.works.map((w, i) => [
        u,
        i,
        w.assessment,
        w.schoolYear,
        w.subject,
        w.kimGrade,
        w.grade,
        w.examDate,
        w.maxScore,
        w.taskLabels,
        w.taskMax,
        w.examCode ?? null,
        w.session ?? null,
      ]),
    );
  }
  n += await append(
    conn,
    'pupil_results',
    [
      'int',
      'int',
      'varchar',
      'int',
      'varchar',
      'varchar',
      'varchar',
      'varchar',
      'varchar',
      'varchar',
      'varchar',
      'varchar',
      'varchar',
      'double',
      'int',
      'bool',
      'double',
      'int',
      'double[]',
      'varchar',
    ],
    rowsOf(ctx.pupils, (p) => [
      u,
      p.work,
      p.sheet,
      p.rowNo,
      p.schoolRef,
      p.schoolName,
      p.municipality,
      p.participantCode,
      p.pupilKey,
      p.className,
      p.variant,
      p.status,
      p.sex,
      p.primaryScore,
      p.mark,
      p.markFromScale,
      p.testScore,
      p.journalMark,
      p.taskScores,
      null,
    ]),
  );
  n += await append(
    conn,
    'journal_marks',
    [
      'int',
      'varchar',
      'int',
      'varchar',
      'varchar',
      'varchar',
      'int',
      'varchar',
      'varchar',
      'varchar',
      'int',
      'int',
      'varchar',
      'double',
      'varchar',
    ],
    rowsOf(ctx.journal, (j) => [
      u,
      j.sheet,
      j.rowNo,
      j.schoolRef,
      j.schoolYear,
      j.className,
      j.grade,
      j.pupilKey,
      j.subject,
      j.periodKind,
      j.periodNo,
      j.mark,
      j.markText,
      j.avgMark,
      null,
    ]),
  );
  if (ctx.staged) n += await ctx.staged.write(conn, u); // a bulk CSV load's rows, from its staging table
  n += await append(
    conn,
    'aggregate_results',
    [
      'int',
      'varchar',
      'int',
      'varchar',
      'varchar',
      'varchar',
      'varchar',
      'varchar',
      'varchar',
      'int',
      'date',
      'double',
      'double',
      'double',
      'double',
      'double',
      'double',
      'bool',
      'double',
      'double',
      'double',
      'double',
      'double',
      'double',
      'json',
      'varchar',
    ],
    rowsOf(ctx.aggregates, (a) => [
      u,
      a.sheet,
      a.rowNo,
      a.level,
      a.schoolRef,
      a.name,
      a.assessment,
      a.schoolYear,
      a.subject,
      a.grade,
      a.examDate,
      a.participants,
      a.schoolsCount,
      a.n2,
      a.n3,
      a.n4,
      a.n5,
      a.sharesOnly,
      a.meanMark,
      a.meanScore,
      a.lowered,
      a.confirmed,
      a.raised,
      a.compared,
      a.extra,
      null,
    ]),
  );
  if (ctx.schools.length > 0) {
    const del = await conn.run('DELETE FROM schools WHERE list_contains($codes, school_code)', {
      codes: listValue(ctx.schools.map((s) => s.schoolCode)),
    });
    replaced += Number(del.rowsChanged ?? 0);
    n += await append(
      conn,
      'schools',
      [
        'varchar',
        'varchar',
        'varchar',
        'varchar',
        'varchar',
        'varchar',
        'varchar',
        'varchar',
        'varchar',
        'int',
        'double',
        'double',
        'int',
      ],
      ctx.schools.map((s) => [
        s.schoolCode,
        s.name,
        s.shortName,
        s.fisokoLogin,
        s.fisokoLoginOld,
        s.rcoiCode,
        s.municipality,
        s.schoolType,
        s.settlementType,
        s.enrolment,
        s.ovzShare,
        s.nonNativeShare,
        u,
      ]),
    );
  }
  if (ctx.scales.length > 0) {
    // A scale without a year applies to every seeded year; a scale with that year in the same file wins.
    const byKey = new Map<string, VprScaleRow & { schoolYear: string }>();
    for (const s of [...ctx.scales.filter((x) => !x.schoolYear), ...ctx.scales.filter((x) => x.schoolYear)])
      for (const y of s.schoolYear ? [s.schoolYear] : SEED_VPR_YEARS)
        byKey.set(`${y}|${s.subject}|${s.kimGrade}`, { ...s, schoolYear: y });
    const rows = [...byKey.values()];
    const del = await conn.run(
      `DELETE FROM scale_vpr WHERE list_contains($keys, school_year || '|' || subject || '|' || kim_grade)`,
      { keys: listValue([...byKey.keys()]) },
    );
    replaced += Number(del.rowsChanged ?? 0);
    n += await append(
      conn,
      'scale_vpr',
      ['varchar', 'varchar', 'int', 'double', 'double', 'double', 'double', 'varchar', 'int'],
      rows.map((r) => [
        r.schoolYear,
        r.subject,
        r.kimGrade,
        r.mark3Min,
        r.mark4Min,
        r.mark5Min,
        r.maxScore,
        'Загрузка пользователя',
        u,
      ]),
    );
  }
  n += await append(
    conn,
    'program_targets',
    [
      'int',
      'varchar',
      'int',
      'varchar',
      'varchar',
      'varchar',
      'varchar',
      'int',
      'double',
      'double',
      'varchar',
      'varchar',
    ],
    ctx.targets.map((t) => [
      u,
      t.sheet,
      t.rowNo,
      t.schoolRef,
      t.schoolYear,
      t.indicator,
      t.subject,
      t.grade,
      t.baseline,
      t.planned,
      t.baselineYear ?? null,
      null,
    ]),
  );
  n += await append(
    conn,
    'programmes',
    ['int', 'varchar', 'int', 'varchar', 'varchar', 'varchar', 'varchar', 'varchar', 'varchar'],
    ctx.programmes.map((p) => [u, p.sheet, p.rowNo, p.schoolRef, p.name, p.startYear, p.endYear, p.goal, null]),
  );
  n += await append(
    conn,
    'programme_indicators',
    ['int', 'varchar', 'int', 'varchar', 'varchar', 'varchar', 'varchar', 'varchar', 'varchar'],
    ctx.indicators.map((i) => [u, i.sheet, i.rowNo, i.schoolRef, i.indicator, i.caption, i.unit, i.direction, null]),
  );
  n += await append(
    conn,
    'reported_values',
    ['int', 'varchar', 'int', 'varchar', 'varchar', 'int', 'varchar', 'double', 'varchar'],
    ctx.reported.map((r) => [u, r.sheet, r.rowNo, r.schoolRef, r.schoolYear, r.term, r.indicator, r.value, null]),
  );
  // A measure without a status is written as planned; replace_slices.sql then carries over the stored status.
  n += await append(
    conn,
    'roadmap_measures',
    [
      'varchar',
      'int',
      'varchar',
      'int',
      'varchar',
      'varchar',
      'varchar',
      'date',
      'varchar',
      'varchar',
      'varchar',
      'varchar',
      'varchar',
      'varchar',
      'varchar',
      'varchar',
    ],
    ctx.measures.map((m) => [
      m.measureId,
      u,
      m.sheet,
      m.rowNo,
      m.schoolRef,
      m.section,
      m.title,
      m.deadline,
      m.deadlineText,
      m.responsible,
      m.expectedResult,
      m.status ?? DEFAULT_STATUS,
      m.evidence,
      null,
      null,
      null,
    ]),
  );
  n += await append(
    conn,
    'task_info',
    ['int', 'varchar', 'int', 'varchar', 'varchar', 'double', 'varchar', 'varchar', 'varchar'],
    ctx.taskInfo.map((t) => [u, t.subject, t.kimGrade, t.task, t.level, t.maxScore, t.skills, t.kes, t.kt]),
  );
  n += await append(
    conn,
    'code_dictionary',
    ['int', 'varchar', 'varchar', 'varchar'],
    ctx.codes.map((c) => [u, c.dictionary, c.code, c.text]),
  );
  return { loaded: n, replaced };
}
