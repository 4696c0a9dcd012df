// SQL shapes the pinned DuckDB (1.5.5) is known to break on. An unpartitioned window — count(*) OVER () beside a
// filter and ORDER BY … LIMIT, as a page total — intermittently fails with «Attempted to access index 0 within vector
// of size 0», a fatal error after which the database refuses every query until the process restarts
// (duckdb/duckdb#22846, still on 1.5.5: #25713). It took down the uploads page under load; totals use a subquery.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const LAYERS = ['store', 'ingest', 'transforms', 'dashboard', 'jobs', 'cli', 'bench'];

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((f) => {
    const p = join(dir, f);
    return statSync(p).isDirectory() ? files(p) : /\.(sql|ts)$/.test(p) ? [p] : [];
  });
}

const UNPARTITIONED_WINDOW = /\bOVER\s*\(\s*\)/i;

describe('SQL the pinned DuckDB fails on', () => {
  it('the check finds an unpartitioned window however it is spelled', () => {
    for (const sql of ['count(*) OVER () AS total', 'sum(n) over( ) t', 'count(*) OVER\n()'])
      expect(UNPARTITIONED_WINDOW.test(sql)).toBe(true);
    for (const sql of ['count(*) OVER (PARTITION BY school_code)', 'count(*) OVER w', 'runner.recover()'])
      expect(UNPARTITIONED_WINDOW.test(sql)).toBe(false);
  });

  it('no query or model uses an unpartitioned window (OVER ()): a total is a scalar subquery', () => {
    const found = LAYERS.flatMap((layer) => files(join(ROOT, layer)))
      .filter((f) => UNPARTITIONED_WINDOW.test(readFileSync(f, 'utf8')))
      .map((f) => relative(ROOT, f));
    expect(found).toEqual([]);
  });
});
