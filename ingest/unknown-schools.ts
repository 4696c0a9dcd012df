// Schools a file names that the registry does not know: which they are, and the one grouped line the report shows.
import { LIST, listValue, VARCHAR } from '@duckdb/node-api';
import type { Store } from '../store/db.js';
import type { CollectingContext } from './collect.js';

/** One grouped line for the schools outside the registry: the count, the first few ids, «и ещё N». */
export function unknownSchoolsMessage(refs: string[], shown = 5): string {
  const head = refs
    .slice(0, shown)
    .map((r) => `«${r}»`)
    .join(', ');
  const more = refs.length > shown ? ` и ещё ${refs.length - shown}` : '';
  return (
    `${refs.length} ОО нет в реестре: ${head}${more}. Их результаты сохранены, но не входят в показатели и списки ` +
    'муниципалитета (поимённые результаты ОО региона показываются строками «Регион …» для сравнения). Чтобы учитывать ОО в ' +
    'муниципалитете, добавьте её в реестр (с логином ФИС ОКО или кодом РЦОИ из этого файла) — данные свяжутся при следующей сборке.'
  );
}

export async function unknownSchoolRefs(store: Store, ctx: CollectingContext, format: string): Promise<string[]> {
  const refs = new Set<string>();
  for (const p of ctx.pupils) refs.add(p.schoolRef);
  for (const j of ctx.journal) refs.add(j.schoolRef);
  for (const s of ctx.staged?.schools ?? []) refs.add(s.ref);
  for (const a of ctx.aggregates) if (a.level === 'school' && a.schoolRef) refs.add(a.schoolRef);
  for (const t of ctx.targets) refs.add(t.schoolRef);
  if (refs.size === 0) return [];
  // The same normalisation and namespaces as staging (norm_id, ref_family, ref_kind_rank); schools registered by this very file count as known.
  const rows = await store.conn.runAndReadAll(
    `SELECT r FROM unnest($refs) t(r) WHERE r <> '' AND norm_id(r) NOT IN (SELECT id_value FROM school_ids WHERE ref_kind_rank(coalesce(ref_family($format), 'other'), id_kind) IS NOT NULL)
       AND norm_id(r) NOT IN (SELECT norm_id(unnest($own))) ORDER BY r`,
    {
      refs: listValue([...refs]),
      format,
      own: listValue(
        ctx.schools.flatMap((s) =>
          [s.schoolCode, s.name, s.shortName, s.fisokoLogin, s.fisokoLoginOld, s.rcoiCode].filter(
            (x): x is string => !!x,
          ),
        ),
      ),
    },
    { refs: LIST(VARCHAR), format: VARCHAR, own: LIST(VARCHAR) },
  );
  return rows.getRows().map((r) => String(r[0]));
}
