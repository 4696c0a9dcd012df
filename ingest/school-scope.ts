// School checks after a parse, before anything is written: programme records must belong to schools of the
// registry (their refs are rewritten to the registry code, so slices and measure ids do not depend on whether a
// file used the code or the login), and an upload restricted to one school (a school head's) holds only that school.

import { fileURLToPath } from 'node:url';
import { LIST, listValue, VARCHAR } from '@duckdb/node-api';
import type { Store } from '../store/db.js';
import { sqlStatements } from '../store/sql-file.js';
import type { CollectingContext } from './collect.js';
import { assignMeasureIds } from './formats/programme/roadmap.js';
import { FileRejected } from './types.js';

const RESOLVE_SQL = fileURLToPath(new URL('./sql/resolve_refs.sql', import.meta.url));

interface Located {
  sheet: string;
  rowNo: number;
  schoolRef: string;
}
async function resolve(store: Store, refs: Set<string>): Promise<Map<string, string | null>> {
  if (refs.size === 0) return new Map();
  const rows = (
    await store.conn.runAndReadAll(
      sqlStatements(RESOLVE_SQL)[0]!,
      { refs: listValue([...refs]) },
      { refs: LIST(VARCHAR) },
    )
  ).getRows();
  return new Map(rows.map((r) => [String(r[0]), r[1] === null ? null : String(r[1])]));
}

/** Throws FileRejected (the loader's file error) when a school check fails; rewrites programme refs to registry codes. */
export async function checkSchools(
  store: Store,
  ctx: CollectingContext,
  formatId: string,
  onlySchool: string | null,
): Promise<void> {
  const programme: Located[] = [
    ...ctx.programmes,
    ...ctx.indicators,
    ...ctx.reported,
    ...ctx.measures,
    ...(formatId === 'programme-workbook' ? ctx.targets : []),
  ];
  // A programme file without a school code: a school head's upload is for their own school.
  for (const r of programme) {
    if (r.schoolRef) continue;
    if (!onlySchool)
      throw new FileRejected(
        `не указана ОО: заполните «Код ОО» на листе «Паспорт» (код из реестра или логин ФИС ОКО), добавьте столбец «Код ОО» или укажите логин ОО в имени файла.`,
        r.sheet,
        r.rowNo,
      );
    r.schoolRef = onlySchool;
  }
  // A bulk CSV load's records stand in by each school at its first row (the first of them is the first record of that school).
  const staged: Located[] = (ctx.staged?.schools ?? []).map((s) => ({
    sheet: ctx.staged!.sheet,
    rowNo: s.rowNo,
    schoolRef: s.ref,
  }));
  const located: Located[] = [
    ...programme,
    ...ctx.pupils,
    ...ctx.journal,
    ...staged,
    ...ctx.aggregates
      .filter((a) => a.level === 'school' && a.schoolRef)
      .map((a) => ({ ...a, schoolRef: a.schoolRef! })),
    ...(formatId === 'programme-workbook' ? [] : ctx.targets),
  ];
  const codes = await resolve(
    store,
    new Set([...located.map((r) => r.schoolRef), ...(onlySchool ? [onlySchool] : [])]),
  );
  const unknown = programme.find((r) => !codes.get(r.schoolRef));
  if (unknown)
    throw new FileRejected(
      `ОО «${unknown.schoolRef}» нет в реестре: программу можно загрузить только для ОО из реестра. Проверьте код ОО или сначала загрузите реестр с этой ОО.`,
      unknown.sheet,
      unknown.rowNo,
    );
  for (const r of programme) r.schoolRef = codes.get(r.schoolRef)!;
  // The same own indicator named by code in one sheet and by login in another: keep one definition.
  const own = new Set<string>();
  ctx.indicators = ctx.indicators.filter((i) => {
    const k = `${i.schoolRef}|${i.indicator}`;
    if (own.has(k)) return false;
    own.add(k);
    return true;
  });
  if (ctx.measures.length > 0) assignMeasureIds(ctx.measures);
  if (!onlySchool) return;
  const mine = codes.get(onlySchool) ?? onlySchool;
  if (
    ctx.schools.length + ctx.scales.length + ctx.taskInfo.length + ctx.codes.length > 0 ||
    ctx.aggregates.some((a) => a.level !== 'school')
  )
    throw new FileRejected(
      `справочные и сводные данные (реестр, шкалы, описания работ, отчёты по муниципалитету) может загружать только комитет; здесь можно загрузить только данные своей ОО.`,
    );
  const foreign = located.find((r) => (codes.get(r.schoolRef) ?? r.schoolRef) !== mine);
  if (foreign)
    throw new FileRejected(
      `данные ОО «${foreign.schoolRef}», а загружать можно только данные своей ОО («${mine}»). Файл не загружен.`,
      foreign.sheet,
      foreign.rowNo,
    );
}
