// The model graph means its layers (dbt style): staging reads sources only, intermediate models never read a mart,
// and a threshold missing from the config fails the query that reads it instead of switching a rule off.

import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { DuckDBInstance } from '@duckdb/node-api';
import { describe, expect, it } from 'vitest';
import { cacheable, LIVE_TABLES, reads } from '../../dashboard/data/reads.js';
import { sqlStatements } from '../../store/sql-file.js';
import { loadModels } from '../../transforms/model-graph.js';

const layer = (name: string) => name.split('_')[0]!;

const QUERIES = fileURLToPath(new URL('../../dashboard/queries/', import.meta.url));
/** Non-mart reads a page may make: live tables, the registry, and the source rows the «Неизвестные ОО» list reads. */
const ALLOWED = new Set([
  ...LIVE_TABLES,
  'schools',
  'pupil_results',
  'journal_marks',
  'aggregate_results',
  'program_targets',
  'works',
]);

describe('model layers', () => {
  const models = loadModels();

  it('every model is named by its layer', () => {
    expect(models.length).toBeGreaterThan(20);
    for (const m of models) expect(['stg', 'int', 'mart'], m.name).toContain(layer(m.name));
  });

  it('stg_ reads no int_ or mart_; int_ reads no mart_', () => {
    const against = models.flatMap((m) =>
      m.deps
        .filter(
          (d) => (layer(m.name) === 'stg' && layer(d) !== 'stg') || (layer(m.name) === 'int' && layer(d) === 'mart'),
        )
        .map((d) => `${m.name} → ${d}`),
    );
    expect(against).toEqual([]);
  });

  it('stg_ models rename and cast one source table each: no joins, no other model', () => {
    const against = models
      .filter((m) => layer(m.name) === 'stg')
      .flatMap((m) => {
        const tables = reads(m.sql);
        return tables.length === 1 && !/^(stg|int|mart)_/.test(tables[0]!) ? [] : [`${m.name} → ${tables.join(', ')}`];
      });
    expect(against).toEqual([]);
  });

  it('dashboard queries read marts, config and live tables only', () => {
    const against = readdirSync(QUERIES)
      .filter((f) => f.endsWith('.sql'))
      .flatMap((f) =>
        reads(readFileSync(QUERIES + f, 'utf8'))
          .filter((t) => !/^(mart|cfg)_/.test(t) && !ALLOWED.has(t))
          .map((t) => `${f} → ${t}`),
      );
    expect(against).toEqual([]);
    expect(
      reads('WITH x AS (SELECT 1 FROM int_results) SELECT * FROM x JOIN mart_index i ON i.a IS NOT DISTINCT FROM x.a'),
    ).toEqual(['int_results', 'mart_index']);
    expect(reads('WITH y AS MATERIALIZED (SELECT 1 FROM uploads) SELECT * FROM y')).toEqual(['uploads']);
    // Caching follows from the reads: a live table or a write makes a query uncached.
    expect([
      cacheable('SELECT * FROM mart_index'),
      cacheable('SELECT * FROM mart_index JOIN uploads USING (upload_id)'),
      cacheable('UPDATE roadmap_measures SET status = 1'),
    ]).toEqual([true, false, false]);
  });

  it('cfg() and ref_area() with a key missing from the config fail with the key named (macros and dashboard queries too)', async () => {
    const db = await DuckDBInstance.create(':memory:');
    const conn = await db.connect();
    await conn.run(`CREATE TABLE cfg_params (key VARCHAR, value DOUBLE); INSERT INTO cfg_params VALUES ('ci_z', 1.96)`);
    await conn.run(
      `CREATE TABLE cfg_areas (rule VARCHAR, area VARCHAR); INSERT INTO cfg_areas VALUES ('index', 'municipality'), ('shnor', 'registry')`,
    );
    for (const s of sqlStatements(fileURLToPath(new URL('../../transforms/macros.sql', import.meta.url))))
      await conn.run(s);
    const one = async (sql: string) => (await conn.runAndReadAll(sql)).getRows()[0]![0];
    expect(await one(`SELECT cfg('ci_z')`)).toBe(1.96);
    await expect(one(`SELECT x FROM range(3) t(x) WHERE x > cfg('no_such_key')`)).rejects.toThrow(
      /Нет параметра методики «no_such_key»/,
    );
    expect(await one(`SELECT ref_area('index', 'Район')`)).toBe('Район');
    expect(await one(`SELECT ref_area('index', NULL)`)).toBe('Муниципалитет не указан');
    expect(await one(`SELECT ref_area('shnor', 'Район')`)).toBe('Все ОО реестра');
    await expect(one(`SELECT ref_area('no_such_rule', 'Район')`)).rejects.toThrow(
      /Нет опорной территории правила «no_such_rule»/,
    );
    conn.closeSync();
  });
});
