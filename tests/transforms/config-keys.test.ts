// Every threshold a rule reads exists in config/methodology.json with its status, title and explanation: a
// cfg('key') that is missing would read NULL and silently switch the rule off.
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../domain/methodology.js';

const DIRS = [
  '../../transforms/models/',
  '../../transforms/',
  '../../transforms/exports/',
  '../../dashboard/queries/',
].map((d) => fileURLToPath(new URL(d, import.meta.url)));

function referencedKeys(): Map<string, string[]> {
  const keys = new Map<string, string[]>();
  for (const dir of DIRS) {
    for (const f of readdirSync(dir).filter((x) => x.endsWith('.sql'))) {
      for (const m of readFileSync(dir + f, 'utf8').matchAll(/cfg\('([a-z0-9_]+)'\)/g))
        keys.set(m[1]!, [...(keys.get(m[1]!) ?? []), f]);
    }
  }
  return keys;
}

describe('methodology config', () => {
  it('has every key the SQL reads, each with a status, a title and an explanation', () => {
    const params = loadConfig().params;
    const keys = referencedKeys();
    expect(keys.size).toBeGreaterThan(30);
    const missing = [...keys]
      .filter(([k]) => !(k in params))
      .map(([k, files]) => `${k} (${[...new Set(files)].join(', ')})`);
    expect(missing).toEqual([]);
    for (const k of keys.keys()) {
      const p = params[k]!;
      expect(['S', 'M', 'R'], k).toContain(p.status);
      expect(p.title.length, k).toBeGreaterThan(3);
    }
  });

  it('names a reference area for every rule the SQL asks for, and none that no rule reads', () => {
    const rules = loadConfig().reference_areas.rules;
    const used = new Set<string>();
    for (const dir of DIRS)
      for (const f of readdirSync(dir).filter((x) => x.endsWith('.sql')))
        for (const m of readFileSync(dir + f, 'utf8').matchAll(/ref_area\('([a-z_]+)'/g)) used.add(m[1]!);
    expect(used.size).toBeGreaterThan(5);
    expect([...used].sort()).toEqual(Object.keys(rules).sort());
    for (const [k, a] of Object.entries(rules)) expect(['municipality', 'registry'], k).toContain(a.value);
  });

  it('the rules that used to be literals read their thresholds from the config', () => {
    const keys = referencedKeys();
    for (const k of [
      'f2_min_schools',
      'f2_q',
      'f2_excess_min',
      'a2_min_tasks',
      'bunching_min_tests',
      'bunching_level_min_schools',
      'resilient_ior_pct',
      'hard_context_percentile',
      'risk_class_percentile',
      'risk_class_min_n',
    ])
      expect(keys.has(k), k).toBe(true);
  });
});
