// What a dashboard query reads, from its text: the tables and views after FROM/JOIN that are not its own CTEs. A
// query is cached per data version (data/sql.ts) unless it writes or reads a live table — one that users' edits,
// jobs or the ledger change between builds — so whether a page can be cached follows from what it reads.

/** Tables changed by edits, jobs and the upload ledger, not only by an ingest or a build. */
export const LIVE_TABLES: ReadonlySet<string> = new Set([
  'uploads',
  'job_runs',
  'build_runs',
  'roadmap_measures',
  'mart_roadmap',
  'school_links',
  'school_ids',
]);

const withoutComments = (sql: string) => sql.replace(/--.*$/gm, '');

export function reads(sql: string): string[] {
  const text = withoutComments(sql);
  const ctes = new Set(
    [...text.matchAll(/\b(\w+)\s+AS\s*(?:(?:NOT\s+)?MATERIALIZED\s*)?\(/gi)].map((m) => m[1]!.toLowerCase()),
  );
  return [
    ...new Set([...text.matchAll(/\b(?:FROM|JOIN)\s+([a-z_][a-z0-9_]*)\b(?!\.)/gi)].map((m) => m[1]!.toLowerCase())),
  ].filter((t) => !ctes.has(t) && !['unnest', 'range'].includes(t));
}

/** Reads only what an ingest or a build writes (and writes nothing itself). */
export const cacheable = (sql: string): boolean =>
  !/^\s*(INSERT|UPDATE|DELETE)\b/im.test(withoutComments(sql)) && reads(sql).every((t) => !LIVE_TABLES.has(t));
