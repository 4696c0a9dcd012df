// The columns each model's YAML lists are the columns the built model has, in order: the generated docs and the
// data tests never name a column the model does not have, nor miss one it has (built demo store).
import { rmSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closeStore, type Store } from '../../store/db.js';
import { queryRows } from '../../store/query.js';
import { loadModels } from '../../transforms/model-graph.js';
import { demoStore } from '../helpers/demo-store.js';

let store: Store,
  dir = '';
beforeAll(async () => {
  ({ store, dir } = await demoStore());
});
afterAll(async () => {
  await closeStore(store);
  rmSync(dir, { recursive: true, force: true });
});

describe('model YAML against the built models', () => {
  it('lists every column of every model, in order', async () => {
    const built = await queryRows(
      store.conn,
      `SELECT table_name, list(column_name ORDER BY ordinal_position) AS cols
      FROM information_schema.columns WHERE regexp_matches(table_name, '^(stg|int|mart)_') GROUP BY ALL`,
    );
    const actual = new Map(built.map((r) => [String(r.table_name), (r.cols as unknown[]).map(String)]));
    const models = loadModels();
    expect(models.length).toBe(actual.size);
    for (const m of models)
      expect(
        m.spec?.columns.map((c) => c.name),
        m.name,
      ).toEqual(actual.get(m.name));
  });
});
