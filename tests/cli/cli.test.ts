import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { beforeAll, describe, expect, it } from 'vitest';
import { orientir } from './run.js';

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'orientir-cli-'));
});

describe('orientir CLI', () => {
  it('prints usage with exit 0 and rejects bad usage with exit 2 in Russian', async () => {
    const help = await orientir(['help']);
    expect(help.code).toBe(0);
    expect(help.out).toContain('Использование: orientir');
    const unknown = await orientir(['frobnicate']);
    expect(unknown.code).toBe(2);
    expect(unknown.out).toContain('Неизвестная команда «frobnicate»');
    expect((await orientir(['ingest', '--db', join(dir, 'x.duckdb')])).code).toBe(2);
    const badSet = await orientir(['export', 'nonsense', '--out', join(dir, 'a.csv'), '--db', join(dir, 'x.duckdb')]);
    expect(badSet.code).toBe(2);
    expect(badSet.out).toContain('school-metrics');
    expect((await orientir(['ingest', '--frob'])).code).toBe(2);
  });

  it('demo → ingest → build → export works end to end; a rejected file gives exit 1', async () => {
    const demo = join(dir, 'demo'),
      db = join(dir, 'store.duckdb');
    const g = await orientir(['demo', '--out', demo, '--schools', '8', '--years', '2', '--seed', '7']);
    expect(g.code, g.out).toBe(0);
    expect(existsSync(join(demo, 'truth.json'))).toBe(true);
    const ing = await orientir(['ingest', demo, '--db', db]);
    expect(ing.code, ing.out.slice(-2000)).toBe(0);
    expect(ing.out).toMatch(/Итого файлов: \d+; загружено: \d+; повторных: 0; отклонено: 0\./);
    const again = await orientir(['ingest', demo, '--db', db]);
    expect(again.code).toBe(0);
    expect(again.out).toMatch(/загружено: 0; повторных: \d+; отклонено: 0/);
    const b = await orientir(['build', '--db', db]);
    expect(b.code, b.out).toBe(0);
    expect(b.out).toMatch(/Витрины собраны/);
    const pq = join(dir, 'm.parquet');
    const e = await orientir(['export', 'school-metrics', '--out', pq, '--db', db]);
    expect(e.code, e.out).toBe(0);
    const inst = await DuckDBInstance.create(':memory:');
    const c = await inst.connect();
    const r = (
      await c.runAndReadAll(
        `SELECT count(*)::INTEGER, count(DISTINCT school_code)::INTEGER, min(ku), max(ku), typeof(any_value(ku)) FROM read_parquet('${pq}')`,
      )
    ).getRows()[0]!;
    expect(Number(r[0])).toBeGreaterThan(100);
    expect(Number(r[1])).toBe(8);
    expect(Number(r[2])).toBeGreaterThanOrEqual(0);
    expect(Number(r[3])).toBeLessThanOrEqual(1); // shares as fractions in Parquet
    expect(r[4]).toBe('DOUBLE');
    const csv = join(dir, 'flags.csv');
    expect((await orientir(['export', 'flags', '--out', csv, '--db', db])).code).toBe(0);
    const bytes = readFileSync(csv);
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(bytes.toString('utf8', 3, 200)).toMatch(/^school_code;school_year;flag;flag_level;rule_id;reason/);

    const lake = join(dir, 'lake');
    expect((await orientir(['export', 'all', '--out', lake, '--db', db])).code).toBe(0);
    const years = readdirSync(join(lake, 'mart_school_metrics')).sort();
    expect(years.length).toBe(2); // --years 2, Hive partitions school_year=…
    expect(years[0]).toMatch(/^school_year=\d{4}%2F\d{2}$/);
    const n = (
      await c.runAndReadAll(
        `SELECT count(*)::INTEGER FROM read_parquet('${lake}/mart_school_metrics/*/*.parquet', hive_partitioning = true)`,
      )
    ).getRows()[0]![0];
    expect(Number(n)).toBe(Number(r[0]));

    const junk = join(dir, 'junk.xlsx');
    writeFileSync(junk, Buffer.from('это не книга Excel\n'.repeat(10)));
    const bad = await orientir(['ingest', junk, '--db', db]);
    expect(bad.code).toBe(1);
    expect(bad.out).toContain('junk.xlsx');
    expect(bad.out).toMatch(/отклонён/);
  }, 240_000); // nine child processes, each starting Node and DuckDB: 45 s on a quiet machine, over 60 s beside other tests
});
