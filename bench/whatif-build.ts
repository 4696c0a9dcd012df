// What-if measurements behind the build plan in docs/performance.md (transforms/ is not changed here):
// `npx tsx bench/whatif-build.ts <region store>` builds a copy of the store, then times the three heaviest
// models as they are and as rewritten, checking the rewrite gives the same result:
//   int_results            persisted per pupil with the work-level lists task_labels/task_max copied into every row
//                          → the same table without those two lists (the mart that needs task_max joins works);
//   mart_bunching          binomial tail via `tested × range(0, 10000)` filtered by j BETWEEN k AND m
//                          → `LATERAL unnest(range(k, m + 1))`, exactly m − k + 1 terms per test;
//   mart_task_difficulty   `int_results × range(1, 100)` filtered by i ≤ len(task_scores)
//                          → generate_subscripts(task_scores, 1).
import { copyFileSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { closeStore, openStore } from '../store/db.js';
import { loadConfig } from '../transforms/config.js';
import { build, inlineConfig } from '../transforms/runner.js';
import { now, peakRssMb } from './measure.js';

const MODELS = fileURLToPath(new URL('../transforms/models/', import.meta.url));
const model = (name: string): string => inlineConfig(readFileSync(`${MODELS}${name}.sql`, 'utf8'), loadConfig(), name);

function rewrite(sql: string, from: RegExp | string, to: string, what: string): string {
  const out = sql.replace(from, to);
  if (out === sql) throw new Error(`${what}: the model text changed; the rewrite no longer applies`);
  return out;
}

async function main(): Promise<void> {
  const src = process.argv[2];
  if (!src) throw new Error('usage: whatif-build.ts <store.duckdb>');
  const dir = mkdtempSync(join(tmpdir(), 'orientir-whatif-'));
  try {
    copyFileSync(src, join(dir, 'store.duckdb'));
    const store = await openStore(join(dir, 'store.duckdb'));
    const c = store.conn;
    const b = await build(store);
    console.log(`build: ${b.ok ? 'ok' : 'FAILED'} in ${(b.ms / 1000).toFixed(1)} s; int_results ${b.rows.int_results} rows`);
    const time = async (label: string, sql: string, check: string): Promise<string> => {
      const t0 = now();
      await c.run(sql);
      const ms = now() - t0;
      const sig = String((await c.runAndReadAll(check)).getRows()[0]!.map(String).join(' | '));
      console.log(`${label.padEnd(56)} ${(ms / 1000).toFixed(2).padStart(7)} s   check: ${sig}`);
      return sig;
    };

    const ir = model('int_results');
    const irLean = rewrite(ir, 'SELECT r.*,', 'SELECT r.* EXCLUDE (task_labels, task_max),', 'int_results');
    // Two alternating rounds: the machine is shared and single figures are noisy.
    for (let round = 1; round <= 2; round++) {
      await time(`int_results as is (#${round})`, `CREATE OR REPLACE TABLE w_ir AS ${ir}`, 'SELECT count(*), sum(primary_score) FROM w_ir');
      await time(`int_results without task_labels/task_max (#${round})`, `CREATE OR REPLACE TABLE w_ir_lean AS ${irLean}`, 'SELECT count(*), sum(primary_score) FROM w_ir_lean');
      await time(`int_results as is, TEMP table (#${round})`, `CREATE OR REPLACE TEMP TABLE w_ir_tmp AS ${ir}`, 'SELECT count(*), sum(primary_score) FROM w_ir_tmp');
    }

    const bu = model('mart_bunching');
    const buLateral = rewrite(bu, /FROM tested t, range\(0, 10000\) r\(j\)\s+WHERE j BETWEEN t\.k AND t\.m/, 'FROM tested t, LATERAL unnest(range(t.k::BIGINT, t.m::BIGINT + 1)) r(j)', 'mart_bunching');
    const q = 'SELECT count(*), round(sum(p_value), 6), round(sum(q_value), 6) FROM';
    for (let round = 1; round <= 2; round++) {
      const a1 = await time(`mart_bunching as is (#${round})`, `CREATE OR REPLACE TABLE w_bu AS ${bu}`, `${q} w_bu`);
      const a2 = await time(`mart_bunching, lateral range(k, m + 1) (#${round})`, `CREATE OR REPLACE TABLE w_bu2 AS ${buLateral}`, `${q} w_bu2`);
      if (a1 !== a2) console.log('  ! results differ');
    }

    const td = model('mart_task_difficulty');
    const tdSub = rewrite(td, /FROM int_results r, range\(1, 100\) t\(i\)\s+WHERE r\.assessment = 'ВПР' AND t\.i <= len\(r\.task_scores\) AND/,
      `FROM int_results r, LATERAL (SELECT generate_subscripts(r.task_scores, 1) AS i) t
  WHERE r.assessment = 'ВПР' AND`, 'mart_task_difficulty');
    const q2 = 'SELECT count(*), round(sum(beta), 6), count(*) FILTER (a2) FROM';
    for (let round = 1; round <= 2; round++) {
      const b1 = await time(`mart_task_difficulty as is (#${round})`, `CREATE OR REPLACE TABLE w_td AS ${td}`, `${q2} w_td`);
      const b2 = await time(`mart_task_difficulty, generate_subscripts (#${round})`, `CREATE OR REPLACE TABLE w_td2 AS ${tdSub}`, `${q2} w_td2`);
      if (b1 !== b2) console.log('  ! results differ');
    }
    console.log(`peak RSS ${Math.round(peakRssMb())} MB`);
    await closeStore(store);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((e: unknown) => { console.error(e); process.exit(1); });
