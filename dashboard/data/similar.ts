// Similar schools: the narrowest group with at least `similar_min_group` other schools with data — the same type,
// settlement and size band; without the size band; the same settlement; the municipality — and the page says which.
// Medians and interquartile ranges only over at least that many schools. The committee sees every school by name; a
// school head sees only anonymous aggregates of the others, and none for groups under 3.
import type { DuckDBConnection } from '@duckdb/node-api';
import { loadConfig } from '../../domain/methodology.js';
import type { SimilarPeer, SimilarStat } from '../charts/similar.js';
import { quantile, SIMILAR_INDICATORS } from './indicators.js';
import { loadOverview } from './overview.js';
import { bool, num, query, type Row, str } from './sql.js';

export const MIN_ANONYMOUS_GROUP = 3;

export interface SimilarGroup {
  school_type: string | null;
  settlement_type: string | null;
  size_band: string;
  /** Other schools with data in the chosen group. */
  others: number;
  /** 0 — same type, settlement and size band; 1 — without the size band; 2 — same settlement; 3 — the municipality. */
  level: number;
  /** «ОО того же типа (СОШ), типа поселения (село) и размера (200–499 обучающихся)». */
  title: string;
  /** The narrower groups that were too small, with their sizes, when the group was widened. */
  tooSmall: { title: string; others: number }[];
  /** The minimum number of other schools (config similar_min_group; at least 3 for the anonymous view). */
  minGroup: number;
}

export interface SimilarData {
  year: string | null;
  selfName: string;
  anonymous: boolean;
  group: SimilarGroup;
  /** Per indicator over the other schools of the group; median and quartiles null when fewer than minGroup have a value. */
  stats: SimilarStat[];
  /** Named peers (committee only). */
  peers: SimilarPeer[];
  table: { name: string; code: string; is_self: boolean; values: Record<string, number | null> }[];
  suppressed: boolean;
}

interface Level {
  match: (g: Row) => boolean;
  title: (me: Row) => string;
}

const LEVELS: Level[] = [
  {
    match: (g) => bool(g.same_type) && bool(g.same_settlement) && bool(g.same_size),
    title: (me) =>
      `ОО того же типа (${str(me.school_type) ?? 'не указан'}), типа поселения (${str(me.settlement_type) ?? 'не указан'}) и размера (${String(me.size_band)} обучающихся)`,
  },
  {
    match: (g) => bool(g.same_type) && bool(g.same_settlement),
    title: (me) =>
      `ОО того же типа (${str(me.school_type) ?? 'не указан'}) и типа поселения (${str(me.settlement_type) ?? 'не указан'}) любого размера`,
  },
  {
    match: (g) => bool(g.same_settlement),
    title: (me) => `ОО того же типа поселения (${str(me.settlement_type) ?? 'не указан'}) любого типа и размера`,
  },
  { match: () => true, title: () => 'все ОО муниципалитета' },
];

/** The config value in force (cfg_params of the last build), else the config file (a store built before the key existed). */
const minGroupOf = (row: Row): number =>
  num(row.min_group) ?? loadConfig().params.similar_min_group?.value ?? MIN_ANONYMOUS_GROUP;

export async function loadSimilar(
  conn: DuckDBConnection,
  code: string,
  anonymous: boolean,
  wantedYear?: string,
): Promise<SimilarData | null> {
  const all = await query(conn, 'similar-group', { code });
  const self = all.find((g) => bool(g.is_self));
  if (!self) return null;
  const ov = await loadOverview(conn, wantedYear);
  const withData = new Map(ov.schools.map((s) => [s.code, s]));
  const minGroup = anonymous ? Math.max(minGroupOf(self), MIN_ANONYMOUS_GROUP) : minGroupOf(self);
  const tooSmall: SimilarGroup['tooSmall'] = [];
  let level = 0,
    members: Row[] = [];
  for (; level < LEVELS.length; level++) {
    members = all.filter(LEVELS[level]!.match);
    const others = members.filter((g) => !bool(g.is_self) && withData.has(String(g.school_code))).length;
    if (others >= minGroup || level === LEVELS.length - 1) break;
    tooSmall.push({ title: LEVELS[level]!.title(self), others });
  }
  const rows = members.flatMap((g) => withData.get(String(g.school_code)) ?? []);
  const me = rows.find((s) => s.code === code);
  const others = rows.filter((s) => s.code !== code);
  const suppressed = anonymous && others.length < MIN_ANONYMOUS_GROUP;
  const stats: SimilarStat[] = suppressed
    ? []
    : SIMILAR_INDICATORS.map((ind) => {
        const vals = others
          .map((s) => s.components[ind.key] ?? null)
          .filter((v): v is number => v !== null)
          .sort((a, b) => a - b);
        const enough = vals.length >= minGroup;
        return {
          indicator: ind.label,
          share: ind.share,
          q1: enough ? quantile(vals, 0.25) : null,
          median: enough ? quantile(vals, 0.5) : null,
          q3: enough ? quantile(vals, 0.75) : null,
          self: me?.components[ind.key] ?? null,
          n: vals.length,
        };
      }).filter((st) => st.n > 0 || st.self !== null); // an indicator nobody in the group has (ЕГЭ for ООШ) is left out
  const peers: SimilarPeer[] = anonymous
    ? []
    : others.flatMap((s) =>
        SIMILAR_INDICATORS.flatMap((ind) => {
          const v = s.components[ind.key];
          return v === null || v === undefined
            ? []
            : [{ indicator: ind.label, share: ind.share, name: s.short_name, value: v }];
        }),
      );
  const table = (anonymous ? (me ? [me] : []) : rows).map((s) => ({
    name: s.short_name,
    code: s.code,
    is_self: s.code === code,
    values: Object.fromEntries(SIMILAR_INDICATORS.map((i) => [i.key, s.components[i.key] ?? null])),
  }));
  return {
    year: ov.year,
    selfName: me?.short_name ?? String(self.short_name),
    anonymous,
    suppressed,
    stats,
    peers,
    table,
    group: {
      school_type: str(self.school_type),
      settlement_type: str(self.settlement_type),
      size_band: String(self.size_band),
      others: others.length,
      level,
      title: LEVELS[level]!.title(self),
      tooSmall,
      minGroup,
    },
  };
}
