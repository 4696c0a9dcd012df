// The YAML beside each model (transforms/models/<name>.yml) is the one place a model is described and tested: every
// model has one, docs/data-model.md is rendered from them, and the unit cases (given source rows → expected model
// rows) run against the real model SQL in an in-memory store.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../domain/methodology.js';
import { closeStore, openStore } from '../../store/db.js';
import { queryRows } from '../../store/query.js';
import { DATA_MODEL_DOC, modelDocs, renderDataModelDoc } from '../../transforms/model-docs.js';
import { loadModels, withUpstream } from '../../transforms/model-graph.js';
import { createModels } from '../../transforms/runner.js';

const models = loadModels();
const round = (v: unknown): unknown => (typeof v === 'number' && !Number.isInteger(v) ? Math.round(v * 1e9) / 1e9 : v);

describe('model specs', () => {
  it('every model has its YAML with a description and its columns', () => {
    expect(models.length).toBeGreaterThan(30);
    expect(models.filter((m) => !m.spec).map((m) => m.name)).toEqual([]);
  });

  it('every staging model and every mart has a row key or says why it has none', () => {
    const without = models.filter(
      (m) =>
        /^(stg|mart)_/.test(m.name) && !m.spec?.unique?.length && !/ключа строки нет/i.test(m.spec?.description ?? ''),
    );
    expect(without.map((m) => m.name)).toEqual([]);
  });

  it('docs/data-model.md is rendered from the YAML (npx tsx transforms/model-docs.ts --write)', () => {
    const doc = readFileSync(DATA_MODEL_DOC, 'utf8');
    expect(renderDataModelDoc(doc)).toBe(doc);
    for (const m of models) expect(modelDocs(), m.name).toContain(`### \`${m.name}\``);
  });

  it('the unit cases are given source tables only', () => {
    const names = new Set(models.map((m) => m.name));
    const cases = models.flatMap((m) => (m.spec?.cases ?? []).map((c) => ({ m, c })));
    expect(cases.length).toBeGreaterThan(2);
    for (const { m, c } of cases)
      expect(
        Object.keys(c.given).filter((t) => names.has(t)),
        `${m.name}: ${c.name}`,
      ).toEqual([]);
  });

  for (const m of models) {
    for (const c of m.spec?.cases ?? []) {
      it(`${m.name}: ${c.name}`, async () => {
        const store = await openStore(':memory:');
        try {
          for (const [table, rows] of Object.entries(c.given)) {
            for (const r of rows) {
              const cols = Object.keys(r);
              await store.conn.run(
                `INSERT INTO ${table} (${cols.join(', ')}) VALUES (${cols.map((k) => `$${k}`).join(', ')})`,
                r as Record<string, string | number | boolean | null>,
              );
            }
          }
          await createModels(store, loadConfig(), withUpstream(m.name, models));
          const cols = Object.keys(c.expect[0] ?? {});
          const got = await queryRows(
            store.conn,
            `SELECT ${cols.join(', ')} FROM ${m.name} ORDER BY ${(c.order ?? cols).join(', ')}`,
          );
          expect(got.map((r) => Object.fromEntries(Object.entries(r).map(([k, v]) => [k, round(v)])))).toEqual(
            c.expect,
          );
        } finally {
          await closeStore(store);
        }
      });
    }
  }
});
