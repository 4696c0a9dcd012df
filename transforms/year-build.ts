// A build after loads that changed some school years of some sources only (transforms/build-inputs.ts): each model
// is brought up to date for the years that changed in what it reads, in build order, inside the caller's transaction
// (a ВПР file leaves the models of the e-journal alone).
// - A model that reads no year-keyed source (registry areas, programme lists) is as the last build left it.
// - A `by_year` table (its YAML: a year's rows come from that year's input rows alone) has those years deleted and
//   recomputed from its inputs restricted to them.
// - Any other table (trends, lags, persistence across years) is recomputed whole into a scratch table; the years whose
//   rows differ from the stored ones are replaced and passed on as changed to the models that read it.
// - Views are not stored: nothing to do.
import type { DuckDBConnection } from '@duckdb/node-api';
import type { MethodologyConfig } from '../domain/methodology.js';
import { sqlString } from '../store/seed.js';
import { type Changes, reads, YEAR_TABLES } from './build-inputs.js';
import { inlineConfig, type Model, replaceRefs } from './model-graph.js';

/** Years changed in a model's rows: a set, or 'all' when the model has no year column or changed in every way. */
type Changed = Set<string> | 'all';

const inList = (years: Set<string>) => [...years].sort().map(sqlString).join(', ');
/** A relation's rows of the given school years, as a subquery. */
export const forYears = (name: string, years: Set<string>) =>
  `(SELECT * FROM ${name} WHERE school_year IN (${inList(years)}))`;
const hasYear = (m: Model) => m.spec?.columns.some((c) => c.name === 'school_year') ?? false;

function union(parts: Changed[]): Changed {
  const out = new Set<string>();
  for (const p of parts) {
    if (p === 'all') return 'all';
    for (const y of p) out.add(y);
  }
  return out;
}

/** The model's SQL with each named input read for the given years only. */
export const restrictInputs = (sql: string, inputs: string[], years: Set<string>) =>
  replaceRefs(sql, inputs, (name) => forYears(name, years));

/**
 * The year-keyed sources a model reads: staging views are the only models that read the store's tables (a CTE may be
 * named like a table elsewhere).
 */
const yearSources = (m: Model) => (m.name.startsWith('stg_') ? YEAR_TABLES.filter((t) => reads(m.sql, t)) : []);

/** The models whose rows come, directly or not, from the year-keyed sources. */
export function yearKeyedModels(models: Model[]): Set<string> {
  const keyed = new Set<string>();
  for (const m of models) if (yearSources(m).length > 0 || m.deps.some((d) => keyed.has(d))) keyed.add(m.name);
  return keyed;
}

async function yearsOf(conn: DuckDBConnection, sql: string): Promise<(string | null)[]> {
  return (await conn.runAndReadAll(sql)).getRows().map((r) => (r[0] === null ? null : String(r[0])));
}

/** Recomputes a table whole in scratch and replaces only what differs; what changed, for the models that read it. */
async function replaceDiffering(conn: DuckDBConnection, m: Model, sql: string): Promise<Changed> {
  await conn.run(`CREATE OR REPLACE TEMP TABLE year_build_scratch AS ${sql}`);
  try {
    // Doubles compared to 1e-9: DuckDB sums in parallel, so an unchanged year may differ in the last bits.
    const cols = (
      await conn.runAndReadAll(
        `SELECT column_name, data_type FROM duckdb_columns() WHERE table_name = 'year_build_scratch' AND database_name = 'temp'`,
      )
    )
      .getRows()
      .map(([c, t]) => (/^(DOUBLE|FLOAT)$/.test(String(t)) ? `round("${c}", 9) AS "${c}"` : `"${c}"`))
      .join(', ');
    const diff = `(SELECT ${cols} FROM year_build_scratch EXCEPT ALL SELECT ${cols} FROM main.${m.name})
      UNION ALL (SELECT ${cols} FROM main.${m.name} EXCEPT ALL SELECT ${cols} FROM year_build_scratch)`;
    if (!hasYear(m)) {
      if ((await yearsOf(conn, `SELECT 1 FROM (${diff}) LIMIT 1`)).length === 0) return new Set();
      await conn.run(`DELETE FROM main.${m.name}`);
      await conn.run(`INSERT INTO main.${m.name} SELECT * FROM year_build_scratch`);
      return 'all';
    }
    const years = await yearsOf(conn, `SELECT DISTINCT school_year FROM (${diff})`);
    if (years.length === 0) return new Set();
    const changed = new Set(years.filter((y) => y !== null));
    const which = `school_year IN (${inList(changed)})${years.includes(null) ? ' OR school_year IS NULL' : ''}`;
    await conn.run(`DELETE FROM main.${m.name} WHERE ${which}`);
    await conn.run(`INSERT INTO main.${m.name} SELECT * FROM year_build_scratch WHERE ${which}`);
    return years.includes(null) ? 'all' : changed;
  } finally {
    await conn.run('DROP TABLE year_build_scratch');
  }
}

/**
 * Brings every table model up to date for the changed years: the tables it recomputed, and what changed in each
 * model that reads year-keyed sources (views included) for the data tests.
 */
export async function updateYears(
  conn: DuckDBConnection,
  cfg: MethodologyConfig,
  models: Model[],
  changes: Changes,
): Promise<{ recomputed: string[]; changed: Map<string, Changed> }> {
  const changed = new Map<string, Changed>();
  const recomputed: string[] = [];
  for (const m of models) {
    const sources = yearSources(m);
    const isSource = sources.length > 0;
    const yearDeps = m.deps.filter((d) => changed.has(d));
    if (!isSource && yearDeps.length === 0) continue; // reads no year-keyed source: unchanged
    const c = isSource
      ? union(sources.map((t) => changes.get(t) ?? new Set<string>()))
      : union(yearDeps.map((d) => changed.get(d)!));
    if (c !== 'all' && c.size === 0) {
      changed.set(m.name, c);
      continue;
    }
    if (m.kind === 'VIEW') {
      changed.set(m.name, m.spec?.by_year || isSource ? c : 'all');
      continue;
    }
    const sql = inlineConfig(m.sql, cfg, m.name);
    try {
      if (m.spec?.by_year && c !== 'all') {
        const which = `school_year IN (${inList(c)})`;
        await conn.run(`DELETE FROM main.${m.name} WHERE ${which}`);
        await conn.run(
          `INSERT INTO main.${m.name} BY NAME SELECT * FROM (${restrictInputs(sql, yearDeps, c)}\n) WHERE ${which}`,
        );
        changed.set(m.name, c);
      } else changed.set(m.name, await replaceDiffering(conn, m, sql));
    } catch (e) {
      throw new Error(`модель ${m.name}: ${(e as Error).message}`);
    }
    recomputed.push(m.name);
  }
  return { recomputed, changed };
}
