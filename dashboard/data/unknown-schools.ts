// «Неизвестные ОО» (issue #14): source identifiers no registry school answers to, and the committee's links of such an
// identifier to a registry school. A link is a school_ids row of the kind the file's family matches (ref_kind_rank,
// store/migrations/007), remembered in school_links so it can be listed and undone; the stored rows are re-resolved in
// the same transaction. Writes go through the write queue.
import type { DuckDBConnection } from '@duckdb/node-api';
import type { Store } from '../../store/db.js';
import { serialize } from '../../store/queue.js';
import { resolveSchools } from '../../store/school-identity.js';
import { dataChanged } from '../../store/version.js';
import { num, query, type Row, str } from './sql.js';

/** Source families (ref_family) in Russian and the identifier kind a committee link gets in each. */
export const FAMILIES: Record<string, { caption: string; kind: string }> = {
  fisoko: { caption: 'логин ФИС ОКО', kind: 'fisoko_login' },
  rcoi: { caption: 'код РЦОИ', kind: 'rcoi_code' },
  'open-data': { caption: 'открытые данные', kind: 'open_data_id' },
  journal: { caption: 'журнал', kind: 'journal_ref' },
  other: { caption: 'формы комитета', kind: 'alias' },
};
export const familyCaption = (f: string): string => FAMILIES[f]?.caption ?? f;

/** Rows shown at once: a regional file alone brings some 600 schools; the search narrows the list. */
export const UNKNOWN_SHOWN = 30;

export interface UnknownSchool {
  family: string;
  idValue: string;
  ref: string;
  rows: number;
  files: number;
  lastFile: string;
  years: string[];
  name: string | null;
  municipality: string | null;
  suggested: string | null;
  wasLinked: boolean;
}
export interface SchoolLink {
  idValue: string;
  kind: string;
  family: string;
  ref: string;
  schoolCode: string;
  schoolName: string | null;
  linkedBy: string | null;
  linkedAt: string;
  active: boolean;
  fromRegistry: boolean;
}
export interface RegistrySchool {
  code: string;
  name: string;
}
export interface UnknownSchools {
  rows: UnknownSchool[];
  total: number;
  q: string;
  links: SchoolLink[];
  registry: RegistrySchool[];
}

const unknownOf = (r: Row): UnknownSchool => ({
  family: String(r.family),
  idValue: String(r.id_value),
  ref: String(r.ref),
  rows: num(r.n_rows) ?? 0,
  files: num(r.n_files) ?? 0,
  lastFile: String(r.last_file),
  years: Array.isArray(r.years) ? r.years.map(String) : [],
  name: str(r.name),
  municipality: str(r.municipality),
  suggested: str(r.suggested_code),
  wasLinked: r.was_linked === true,
});

const linkOf = (r: Row): SchoolLink => ({
  idValue: String(r.id_value),
  kind: String(r.id_kind),
  family: String(r.family),
  ref: String(r.source_ref),
  schoolCode: String(r.school_code),
  schoolName: str(r.school_name),
  linkedBy: str(r.linked_by),
  linkedAt: String(r.linked_at),
  active: r.active === true,
  fromRegistry: r.from_registry === true,
});

/** The search text as typed: single-spaced, without control characters, at most 100 characters. */
export const searchText = (v: unknown): string =>
  typeof v === 'string'
    ? v
        .replace(/[\u0000-\u001f\u007f]/g, '')
        .replace(/\s+/g, ' ')
        .trim()
        .slice(0, 100)
    : '';

export async function loadUnknownSchools(
  conn: DuckDBConnection,
  q = '',
  limit = UNKNOWN_SHOWN,
): Promise<UnknownSchools> {
  const [rows, links, registry] = await Promise.all([
    query(conn, 'unknown-schools', { q, limit }),
    query(conn, 'school-links'),
    query(conn, 'registry-schools'),
  ]);
  return {
    rows: rows.map(unknownOf),
    total: num(rows[0]?.total) ?? 0,
    q,
    links: links.map(linkOf),
    registry: registry.map((r) => ({ code: String(r.school_code), name: String(r.name) })),
  };
}

export type LinkResult =
  | { ok: true; message: string; link: { idValue: string; kind: string; school: string } }
  | { ok: false; message: string };

const one = async (store: Store, sql: string, params: Record<string, string>): Promise<unknown[] | undefined> =>
  (await store.conn.runAndReadAll(sql, params)).getRows()[0];

/** Links a source identifier (as written in the file) of a family to a registry school. */
export function linkSchool(
  store: Store,
  o: { family: string; ref: string; school: string; user: string },
): Promise<LinkResult> {
  return serialize(async () => {
    const fam = FAMILIES[o.family];
    const ref = o.ref.replace(/[\u0000-\u001f\u007f]/g, '').trim();
    if (!fam || !ref || ref.length > 300)
      return { ok: false, message: 'Идентификатор ОО не указан или указан неверно. Обновите страницу и повторите.' };
    const school = await one(store, 'SELECT school_code, name FROM schools WHERE school_code = $c', { c: o.school });
    if (!school) return { ok: false, message: 'Выберите школу из реестра: указанной школы в реестре нет.' };
    const idValue = String((await one(store, 'SELECT norm_id($r)', { r: ref }))![0]);
    // Already resolved for this family (by the registry or by an earlier link): nothing to link.
    const known = await one(
      store,
      `SELECT i.school_code, s.name FROM school_ids i LEFT JOIN schools s USING (school_code)
      WHERE i.id_value = $v AND ref_kind_rank($f, i.id_kind) IS NOT NULL ORDER BY ref_kind_rank($f, i.id_kind) LIMIT 1`,
      { v: idValue, f: o.family },
    );
    if (known)
      return {
        ok: false,
        message: `«${ref}» (${fam.caption}) уже связан со школой реестра «${known[1] ?? known[0]}» (код ${known[0]}).`,
      };
    await store.conn.run('BEGIN TRANSACTION');
    try {
      await store.conn.run('INSERT INTO school_ids (id_value, id_kind, school_code) VALUES ($v, $k, $c)', {
        v: idValue,
        k: fam.kind,
        c: o.school,
      });
      await store.conn.run(
        `INSERT OR REPLACE INTO school_links (id_value, id_kind, school_code, family, source_ref, linked_by, linked_at)
        VALUES ($v, $k, $c, $f, $r, $u, current_timestamp)`,
        { v: idValue, k: fam.kind, c: o.school, f: o.family, r: ref, u: o.user },
      );
      await resolveSchools(store.conn);
      await store.conn.run('COMMIT');
    } catch (e) {
      await store.conn.run('ROLLBACK');
      throw e;
    }
    dataChanged(store, 'link');
    return {
      ok: true,
      link: { idValue, kind: fam.kind, school: o.school },
      message: `«${ref}» (${fam.caption}) связан со школой «${String(school[1])}» (код ${o.school}). Витрины пересобираются: данные этой школы обновятся через несколько минут (ход — на странице «Задания»).`,
    };
  });
}

/** Undoes a committee link: its school_ids row goes unless the registry itself now holds that identifier. */
export function unlinkSchool(store: Store, o: { idValue: string; kind: string }): Promise<LinkResult> {
  return serialize(async () => {
    const link = (await query(store.conn, 'school-links'))
      .map(linkOf)
      .find((l) => l.idValue === o.idValue && l.kind === o.kind);
    if (!link) return { ok: false, message: 'Такой связи нет: возможно, её уже отменили. Обновите страницу.' };
    await store.conn.run('BEGIN TRANSACTION');
    try {
      if (!link.fromRegistry)
        await store.conn.run('DELETE FROM school_ids WHERE id_value = $v AND id_kind = $k AND school_code = $c', {
          v: link.idValue,
          k: link.kind,
          c: link.schoolCode,
        });
      await store.conn.run('DELETE FROM school_links WHERE id_value = $v AND id_kind = $k', {
        v: link.idValue,
        k: link.kind,
      });
      await resolveSchools(store.conn);
      await store.conn.run('COMMIT');
    } catch (e) {
      await store.conn.run('ROLLBACK');
      throw e;
    }
    dataChanged(store, 'link');
    const what = `«${link.ref}» (${familyCaption(link.family)}) и «${link.schoolName ?? link.schoolCode}»`;
    return {
      ok: true,
      link: { idValue: link.idValue, kind: link.kind, school: link.schoolCode },
      message: link.fromRegistry
        ? `Связь ${what} отменена, но этот идентификатор теперь указан в самом реестре — данные остаются у школы. Чтобы их отвязать, исправьте реестр.`
        : `Связь ${what} отменена. Витрины пересобираются: через несколько минут данные снова будут вне показателей муниципалитета.`,
    };
  });
}
