// Renders the thresholds table of docs/methodology.md from config/methodology.json, so the document, the SQL
// and the dashboard read one source. `npx tsx transforms/methodology-doc.ts --write` refreshes the document.
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { AREA_KINDS, loadConfig, type MethodologyConfig } from '../domain/methodology.js';

export const DOC_PATH = fileURLToPath(new URL('../docs/methodology.md', import.meta.url));
const BEGIN = '<!-- thresholds:begin (генерируется из config/methodology.json) -->';
const END = '<!-- thresholds:end -->';
const STATUS: Record<string, string> = {
  S: '[S] по источнику',
  M: '[M] по памяти, требует сверки',
  R: '[R] реконструкция, не официальная норма',
};

export function thresholdsTable(cfg: MethodologyConfig): string {
  const rows = Object.entries(cfg.params).map(
    ([k, p]) =>
      `| \`${k}\` | ${p.title} | ${String(p.value).replace('.', ',')} | ${STATUS[p.status]} | ${p.text || '—'} |`,
  );
  const areas = Object.entries(cfg.reference_areas.rules).map(
    ([k, a]) => `| \`reference_areas.rules.${k}\` | ${a.title} | ${AREA_KINDS[a.value]} | ${a.text || '—'} |`,
  );
  return [
    BEGIN,
    `Версия правил: **${cfg.version}**. ${cfg.note}`,
    '',
    '| Параметр | Смысл | Значение | Статус | Пояснение |',
    '|---|---|---|---|---|',
    ...rows,
    '',
    `**Опорные территории относительных правил.** ${cfg.reference_areas.note}`,
    '',
    '| Правило | Смысл | С какими ОО сравнивается школа | Пояснение |',
    '|---|---|---|---|',
    ...areas,
    END,
  ].join('\n');
}

export function renderDoc(doc: string, cfg: MethodologyConfig): string {
  const a = doc.indexOf(BEGIN),
    b = doc.indexOf(END);
  if (a < 0 || b < 0) throw new Error('В docs/methodology.md нет меток таблицы порогов.');
  return doc.slice(0, a) + thresholdsTable(cfg) + doc.slice(b + END.length);
}

if (process.argv.includes('--write')) writeFileSync(DOC_PATH, renderDoc(readFileSync(DOC_PATH, 'utf8'), loadConfig()));
