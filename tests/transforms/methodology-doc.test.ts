import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../domain/methodology.js';
import { DOC_PATH, renderDoc } from '../../transforms/methodology-doc.js';
import { loadModels } from '../../transforms/model-graph.js';

describe('methodology document and config', () => {
  it('docs/methodology.md carries the thresholds table generated from the config (no drift)', () => {
    const doc = readFileSync(DOC_PATH, 'utf8');
    expect(renderDoc(doc, loadConfig())).toBe(doc);
  });
  it('every cfg() key used by the SQL models exists in the config, and every config key is used or documented', () => {
    const cfg = loadConfig();
    const used = new Set(loadModels().flatMap((m) => [...m.sql.matchAll(/cfg\('(\w+)'\)/g)].map((x) => x[1]!)));
    for (const k of used) expect(cfg.params[k], k).toBeDefined();
    const doc = readFileSync(DOC_PATH, 'utf8');
    for (const k of Object.keys(cfg.params)) expect(used.has(k) || doc.includes(k), k).toBe(true);
    expect(Object.values(cfg.params).filter((p) => p.status === 'R').length).toBeGreaterThan(10);
  });
});
