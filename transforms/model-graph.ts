// The models as a graph: read from transforms/models/ (SQL beside its YAML spec), their references, the build order,
// and the config inlined into their SQL.
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { MethodologyConfig } from '../domain/methodology.js';
import { type ModelSpec, readSpec } from './model-spec.js';

const DIR = fileURLToPath(new URL('./', import.meta.url));

/** SQL without its comments: a model or table named in a comment is not read. */
export const sqlCode = (sql: string) => sql.replace(/--.*$/gm, '');

/** Each whole, unqualified reference to one of the relations in the SQL replaced (`x.name` and `name_x` are not). */
export function replaceRefs(sql: string, names: readonly string[], by: (name: string) => string): string {
  if (names.length === 0) return sql;
  return sql.replace(new RegExp(`(?<![.\\w])(${names.join('|')})(?![.\\w])`, 'g'), by);
}

export interface Model {
  name: string;
  sql: string;
  deps: string[];
  kind: 'VIEW' | 'TABLE';
  spec: ModelSpec | null;
}
export function loadModels(): Model[] {
  const files = readdirSync(DIR + 'models').filter((f) => f.endsWith('.sql'));
  const names = new Set(files.map((f) => f.replace(/\.sql$/, '')));
  return files.map((f) => {
    const name = f.replace(/\.sql$/, '');
    const sql = readFileSync(DIR + 'models/' + f, 'utf8');
    const deps = [...new Set(sqlCode(sql).match(/\b(?:stg|int|mart)_\w+/g) ?? [])].filter(
      (d) => d !== name && names.has(d),
    );
    const spec = readSpec(DIR + `models/${name}.yml`);
    const kind = (spec?.materialized ?? (name.startsWith('stg_') ? 'view' : 'table')) === 'view' ? 'VIEW' : 'TABLE';
    return { name, sql, deps, kind, spec };
  });
}

export function orderModels(models: Model[]): Model[] {
  const byName = new Map(models.map((m) => [m.name, m]));
  const out: Model[] = [];
  const state = new Map<string, 'visiting' | 'done'>();
  const visit = (m: Model, path: string[]) => {
    if (state.get(m.name) === 'done') return;
    if (state.get(m.name) === 'visiting')
      throw new Error(`Циклическая зависимость моделей: ${[...path, m.name].join(' → ')}`);
    state.set(m.name, 'visiting');
    for (const d of m.deps) visit(byName.get(d)!, [...path, m.name]);
    state.set(m.name, 'done');
    out.push(m);
  };
  for (const m of [...models].sort((a, b) => a.name.localeCompare(b.name))) visit(m, []);
  return out;
}

/** Inlines cfg('key') as a numeric literal: DuckDB needs constants in places such as quantile fractions. */
export function inlineConfig(sql: string, cfg: MethodologyConfig, model: string): string {
  return sql.replace(/cfg\('(\w+)'\)/g, (_, key: string) => {
    const p = cfg.params[key];
    if (!p) throw new Error(`модель ${model}: параметр «${key}» отсутствует в config/methodology.json`);
    return `(${p.value}::DOUBLE)`;
  });
}

/** A model and every model it reads, directly or not, in build order. */
export function withUpstream(name: string, models = loadModels()): Model[] {
  const byName = new Map(models.map((m) => [m.name, m]));
  const need = new Set<string>();
  const visit = (n: string) => {
    if (need.has(n)) return;
    need.add(n);
    for (const d of byName.get(n)?.deps ?? []) visit(d);
  };
  visit(name);
  return orderModels(models.filter((m) => need.has(m.name)));
}
