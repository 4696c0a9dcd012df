// Renders the model sections of docs/data-model.md from the YAML beside each model (transforms/models/<name>.yml) and the
// column glossary (_columns.yml), so the document, the data tests and the models read one source.
// `npx tsx transforms/model-docs.ts --write` refreshes the document.
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { loadModels, type Model } from './model-graph.js';
import { type ColumnTest, type Glossary, readGlossary } from './model-spec.js';

export const DATA_MODEL_DOC = fileURLToPath(new URL('../docs/data-model.md', import.meta.url));
export const GLOSSARY = fileURLToPath(new URL('./models/_columns.yml', import.meta.url));
const BEGIN =
  '<!-- models:begin (генерируется из transforms/models/*.yml: npx tsx transforms/model-docs.ts --write) -->';
const END = '<!-- models:end -->';

const LAYERS: [string, string][] = [
  ['stg', '## Staging (`stg_*`, представления: только переименование и приведение типов)'],
  ['int', '## Промежуточные модели (`int_*`; витрин не читают — это проверяет tests/transforms/layers.test.ts)'],
  ['mart', '## Витрины (`mart_*`; интерфейс панели и выгрузок, могут читать друг друга)'],
];

const num = (x: number) => String(x).replace('.', ',');
function testText(t: ColumnTest): string {
  if (t === 'not_null') return 'не пусто';
  if ('range' in t) return `${num(t.range[0])} … ${num(t.range[1])}`;
  return `одно из: ${t.accepted_values.map((v) => `«${v}»`).join(', ')}`;
}
const cell = (s: string) =>
  s
    .replace(/\s*\n\s*/g, ' ')
    .replace(/\|/g, '\\|')
    .trim();

function modelSection(m: Model, glossary: Glossary): string {
  const spec = m.spec!;
  const keys = (spec.unique ?? []).map((k) => `\`${k.join(', ')}\``);
  const rows = spec.columns.map(
    (c) =>
      `| \`${c.name}\` | ${cell(c.description ?? glossary[c.name] ?? '')} | ${(c.tests ?? []).map(testText).join('; ')} |`,
  );
  return [
    `### \`${m.name}\``,
    cell(spec.description) +
      (m.kind === 'VIEW' && !m.name.startsWith('stg_')
        ? ' Представление: не хранится, читается из исходных строк.'
        : '') +
      (spec.by_year ? ' Пересчитывается по учебным годам: после загрузки за один год — только этот год.' : ''),
    ...(keys.length ? ['', `Ключ строки: ${keys.join('; ')}.`] : []),
    '',
    '| Столбец | Смысл | Проверки |',
    '|---|---|---|',
    ...rows,
  ].join('\n');
}

export function modelDocs(models = loadModels(), glossary = readGlossary(GLOSSARY)): string {
  const parts = [BEGIN];
  for (const [layer, title] of LAYERS) {
    parts.push(title);
    for (const m of models.filter((x) => x.name.startsWith(layer + '_')).sort((a, b) => a.name.localeCompare(b.name)))
      parts.push(modelSection(m, glossary));
  }
  parts.push(END);
  return parts.join('\n\n');
}

export function renderDataModelDoc(doc: string, block = modelDocs()): string {
  const a = doc.indexOf(BEGIN),
    b = doc.indexOf(END);
  if (a < 0 || b < 0) throw new Error('В docs/data-model.md нет меток раздела моделей.');
  return doc.slice(0, a) + block + doc.slice(b + END.length);
}

if (process.argv.includes('--write'))
  writeFileSync(DATA_MODEL_DOC, renderDataModelDoc(readFileSync(DATA_MODEL_DOC, 'utf8')));
