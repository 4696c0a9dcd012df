// The dbt-style tests of a model's YAML (transforms/data-tests.ts) on a small table: each finds what it is for and
// passes when nothing offends; the unique test's quick hash check is confirmed by the exact count.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closeStore, openStore, type Store } from '../../store/db.js';
import { runTest, testQueries } from '../../transforms/data-tests.js';
import type { ModelSpec } from '../../transforms/model-spec.js';

let store: Store;
const spec: ModelSpec = {
  description: 'a model',
  unique: [['a', 'b']],
  columns: [
    { name: 'a', tests: ['not_null'] },
    { name: 'b', tests: [{ accepted_values: ['x', 'y', 'z'] }] },
    { name: 'v', tests: [{ range: [0, 1] }] },
  ],
};

async function failures(table: string): Promise<string[]> {
  const out: string[] = [];
  for (const q of testQueries('m', spec, table)) {
    const f = await runTest(store.conn, q);
    if (f) out.push(f);
  }
  return out;
}

beforeAll(async () => {
  store = await openStore(':memory:');
  await store.conn.run(
    `CREATE TABLE good AS SELECT * FROM (VALUES (1, 'x', 0.5), (1, 'y', 1.0), (NULL, 'x', 0.0), (2, NULL, NULL)) t(a, b, v)`,
  );
  // Keys (1, x) and (NULL, z) repeat; one NULL a; 'w' not accepted; 1.5 out of range.
  await store.conn.run(`CREATE TABLE bad AS SELECT * FROM (VALUES (1, 'x', 0.5), (1, 'x', 0.5), (1, 'y', 1.5),
    (NULL, 'z', 0.1), (NULL, 'z', 0.2), (3, 'w', 0.3)) t(a, b, v)`);
});
afterAll(async () => closeStore(store));

describe('data tests of a model', () => {
  it('find repeated keys (NULL equal to NULL), empty values, values not accepted and out of range', async () => {
    expect(await failures('bad')).toEqual([
      'm: 2 повторяющихся ключей (a, b)',
      'm.a: 2 пустых значений',
      'm.b: 1 недопустимых значений',
      'm.v: 1 значений вне [0; 1]',
    ]);
  });

  it('pass on a table that breaks none of them (one NULL a is not a repeat)', async () => {
    expect(await failures('good')).toEqual(['m.a: 1 пустых значений']);
    await store.conn.run('DELETE FROM good WHERE a IS NULL');
    expect(await failures('good')).toEqual([]);
  });

  it('a failing quick check is confirmed by the exact count: a false alarm is no failure', async () => {
    const [unique] = testQueries('m', spec, 'good');
    expect(await runTest(store.conn, { ...unique!, sql: 'SELECT 1' })).toBeNull();
    expect(await runTest(store.conn, { ...unique!, exact: 'SELECT 3' })).toBeNull(); // quick check 0: not run
  });
});
