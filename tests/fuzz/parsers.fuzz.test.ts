// Property-based fuzzing of every parser through the real loader: random mutations of the real samples never crash
// the process, never half-load (a rejected file leaves every data table unchanged), and stay within bounded time.
// `npm test` runs a short version; `npm run fuzz` runs FUZZ_RUNS (default 300) per property.

import { readdirSync, readFileSync } from 'node:fs';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FORMATS } from '../../ingest/formats/index.js';
import { ingestFile } from '../../ingest/load.js';
import { closeStore, openStore, type Store } from '../../store/db.js';
import { queryRows } from '../../store/query.js';
import { SAMPLES } from '../helpers/parse.js';
import { cellEdits, damageBytes, mutateCells } from './mutate.js';

const RUNS = Number(process.env.FUZZ_RUNS ?? 12);
const DATA_TABLES = [
  'works',
  'pupil_results',
  'journal_marks',
  'aggregate_results',
  'schools',
  'school_ids',
  'scale_vpr',
  'program_targets',
  'task_info',
  'code_dictionary',
];
const samples = readdirSync(SAMPLES).filter((f) => /\.(xlsx|csv)$/.test(f) && !/moscow_gia9/.test(f)); // the 7k-row ГИА sheet is slow to rewrite

let store: Store;
beforeAll(async () => {
  store = await openStore(':memory:');
});
afterAll(async () => closeStore(store));

async function checksums(): Promise<string> {
  const parts: string[] = [];
  for (const t of DATA_TABLES)
    parts.push(
      JSON.stringify(
        await queryRows(store.conn, `SELECT count(*) AS n, coalesce(sum(hash(t)), 0)::VARCHAR AS h FROM ${t} t`),
      ),
    );
  return parts.join('|');
}

async function ingestChecked(bytes: Uint8Array, name: string): Promise<void> {
  const before = await checksums();
  const t0 = Date.now();
  const r = await ingestFile(store, FORMATS, { bytes, fileName: name, channel: 'cli' });
  expect(Date.now() - t0).toBeLessThan(30_000);
  expect(['loaded', 'rejected', 'duplicate']).toContain(r.status);
  expect(r.message).toMatch(/[а-я]/);
  if (r.status !== 'loaded') expect(await checksums()).toBe(before);
  else expect(r.rowsLoaded).toBeGreaterThan(0);
  for (const i of r.issues) expect(i.message).toMatch(/[А-Яа-я]/);
}

describe('fuzzing parsers with mutated real samples', () => {
  it('cell-level mutations (edits, dropped rows) of every sample', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...samples),
        cellEdits,
        fc.array(fc.nat(500), { maxLength: 5 }),
        async (name, edits, drops) => {
          const bytes = readFileSync(new URL(name, SAMPLES));
          const mutated = await mutateCells(bytes, name, edits, drops);
          await ingestChecked(mutated, name.replace(/\.csv$/, '.xlsx'));
        },
      ),
      { numRuns: RUNS, seed: Number(process.env.FUZZ_SEED ?? 20261123) },
    );
  });

  it('byte-level damage (flips, truncation) of every sample', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...samples),
        fc.array(fc.record({ at: fc.nat(), value: fc.nat(255) }), { maxLength: 20 }),
        fc.option(fc.nat(), { nil: null }),
        async (name, flips, cut) => {
          const bytes = readFileSync(new URL(name, SAMPLES));
          await ingestChecked(damageBytes(bytes, flips, cut), name);
        },
      ),
      { numRuns: RUNS, seed: Number(process.env.FUZZ_SEED ?? 20261123) },
    );
  });
});
