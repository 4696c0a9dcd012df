// Similar schools: same type, settlement and size band. The committee sees every school by name; a school head
// sees only anonymous aggregates (median and interquartile range) of the others, and none for groups under 3.
import type { DuckDBConnection } from '@duckdb/node-api';
import type { SimilarPeer, SimilarStat } from '../charts/similar.js';
import { SIMILAR_INDICATORS, quantile } from './indicators.js';
import { loadOverview } from './overview.js';
import { bool, num, query, str } from './sql.js';

export const MIN_ANONYMOUS_GROUP = 3;

export interface SimilarData {
  year: string | null; selfName: string; anonymous: boolean;
  group: { school_type: string | null; settlement_type: string | null; size_band: string; others: number };
  /** Aggregates over the other schools of the group; empty when the group is too small for an anonymous view. */
  stats: SimilarStat[];
  /** Named peers (committee only). */
  peers: SimilarPeer[];
  table: { name: string; code: string; is_self: boolean; values: Record<string, number | null> }[];
  suppressed: boolean;
}

export async function loadSimilar(conn: DuckDBConnection, code: string, anonymous: boolean, wantedYear?: string): Promise<SimilarData | null> {
  const group = await query(conn, 'similar-group', { code });
  const self = group.find((g) => bool(g.is_self));
  if (!self) return null;
  const ov = await loadOverview(conn, wantedYear);
  const inGroup = new Set(group.map((g) => String(g.school_code)));
  const rows = ov.schools.filter((s) => inGroup.has(s.code));
  const me = rows.find((s) => s.code === code);
  const others = rows.filter((s) => s.code !== code);
  const suppressed = anonymous && others.length < MIN_ANONYMOUS_GROUP;
  const stats: SimilarStat[] = suppressed ? [] : SIMILAR_INDICATORS.map((ind) => {
    const vals = others.map((s) => s.components[ind.key] ?? null).filter((v): v is number => v !== null).sort((a, b) => a - b);
    return { indicator: ind.label, share: ind.share, q1: quantile(vals, 0.25), median: quantile(vals, 0.5), q3: quantile(vals, 0.75), self: me?.components[ind.key] ?? null, n: vals.length };
  });
  const peers: SimilarPeer[] = anonymous ? [] : others.flatMap((s) => SIMILAR_INDICATORS.flatMap((ind) => {
    const v = s.components[ind.key];
    return v === null || v === undefined ? [] : [{ indicator: ind.label, share: ind.share, name: s.short_name, value: v }];
  }));
  const table = (anonymous ? (me ? [me] : []) : rows).map((s) => ({
    name: s.short_name, code: s.code, is_self: s.code === code,
    values: Object.fromEntries(SIMILAR_INDICATORS.map((i) => [i.key, s.components[i.key] ?? null])),
  }));
  return {
    year: ov.year, selfName: me?.short_name ?? String(self.short_name), anonymous, suppressed, stats, peers, table,
    group: { school_type: str(self.school_type), settlement_type: str(self.settlement_type), size_band: String(self.size_band), others: others.length },
  };
}

