// Runs (job runs, builds) in progress in this process, per store file and table. A 'running' row is committed
// before its work starts, so a killed process leaves it behind: any 'running' row not live here is such a leftover.
import type { DuckDBConnection } from '@duckdb/node-api';

const LIVE = new Map<string, Set<number>>();

export function liveRuns(table: 'job_runs' | 'build_runs', storePath: string): Set<number> {
  const key = `${table}|${storePath}`;
  return LIVE.get(key) ?? LIVE.set(key, new Set()).get(key)!;
}

/** Marks the leftover 'running' rows of `table` as failed with `message`; returns how many. */
export async function markInterrupted(
  conn: DuckDBConnection,
  table: 'job_runs' | 'build_runs',
  idColumn: 'run_id' | 'build_id',
  storePath: string,
  message: string,
): Promise<number> {
  const ids = [...liveRuns(table, storePath), -1].join(', ');
  const r = await conn.run(
    `UPDATE ${table} SET finished_at = current_timestamp, outcome = 'failed', message = $m
    WHERE outcome = 'running' AND ${idColumn} NOT IN (${ids})`,
    { m: message },
  );
  return Number(r.rowsChanged);
}
