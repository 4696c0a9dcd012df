// The YAML beside each model (transforms/models/<name>.yml, dbt style): what the model is, its columns, its data tests
// and its unit cases. The build runs the tests, docs/data-model.md is generated from the descriptions, and a test
// checks the listed columns against the built model.
import { existsSync, readFileSync } from 'node:fs';
import { parse } from 'yaml';

export type ColumnTest = 'not_null' | { accepted_values: string[] } | { range: [number, number] };
export interface ColumnSpec {
  name: string;
  description?: string;
  tests?: ColumnTest[];
}
/** A unit case: rows of the tables the model reads (the rest empty) → the rows it must give, in `order`. */
export interface ModelCase {
  name: string;
  given: Record<string, Record<string, unknown>[]>;
  expect: Record<string, unknown>[];
  order?: string[];
}
export interface ModelSpec {
  description: string;
  /** stg_ models are views, the rest tables; a model whose rows are only passed through says `view`. */
  materialized?: 'view' | 'table';
  /**
   * The rows of a school year are computed from that year's rows of the inputs only (no lag, no trend, no reference
   * across years): a build after loads of one year recomputes that year alone (transforms/year-build.ts).
   */
  by_year?: boolean;
  /** Column sets that identify a row. */
  unique?: string[][];
  columns: ColumnSpec[];
  cases?: ModelCase[];
}

/** Descriptions of columns that mean the same in every model (transforms/models/_columns.yml). */
export type Glossary = Record<string, string>;

const fail = (file: string, what: string): never => {
  throw new Error(`${file}: ${what}`);
};

export function readSpec(file: string): ModelSpec | null {
  if (!existsSync(file)) return null;
  const s = parse(readFileSync(file, 'utf8')) as Partial<ModelSpec> | null;
  if (!s || typeof s.description !== 'string' || !s.description.trim())
    return fail(file, 'нет описания модели (description).');
  if (!Array.isArray(s.columns) || s.columns.length === 0) return fail(file, 'нет списка столбцов (columns).');
  if (s.materialized !== undefined && s.materialized !== 'view' && s.materialized !== 'table')
    fail(file, `materialized: «${s.materialized}» — допустимо view или table.`);
  if (s.by_year !== undefined && typeof s.by_year !== 'boolean') fail(file, 'by_year: допустимо true или false.');
  if (s.by_year && !s.columns.some((c) => c?.name === 'school_year'))
    fail(file, 'by_year: у модели нет столбца school_year.');
  const names = new Set<string>();
  for (const c of s.columns) {
    if (!c || typeof c.name !== 'string') fail(file, 'у столбца нет имени (name).');
    if (names.has(c.name)) fail(file, `столбец ${c.name} указан дважды.`);
    names.add(c.name);
    for (const t of c.tests ?? []) {
      if (t !== 'not_null' && !(typeof t === 'object' && ('accepted_values' in t || 'range' in t)))
        fail(file, `${c.name}: неизвестная проверка ${JSON.stringify(t)}.`);
    }
  }
  for (const key of s.unique ?? [])
    for (const k of key) if (!names.has(k)) fail(file, `ключ уникальности: столбца ${k} нет в columns.`);
  return s as ModelSpec;
}

export function readGlossary(file: string): Glossary {
  return (parse(readFileSync(file, 'utf8')) ?? {}) as Glossary;
}
