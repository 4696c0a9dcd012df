// Small shared fragments: flag level badges, status words.
import { plural } from '../format/numbers.js';
import { type Html, html } from './escape.js';

const LEVEL_CLASS: Record<string, string> = {
  'зона внимания': 'lvl-attention',
  сигнал: 'lvl-signal',
  информация: 'lvl-info',
};

export const levelBadge = (level: string): Html =>
  html`<span class="badge ${LEVEL_CLASS[level] ?? ''}">${level}</span>`;

const RISK_CLASS: Record<string, string> = {
  высокий: 'lvl-attention',
  средний: 'lvl-signal',
  низкий: 'lvl-ok',
  'нет данных': 'lvl-none',
};
export const riskBadge = (level: string): Html => html`<span class="badge ${RISK_CLASS[level] ?? ''}">${level}</span>`;

const UPLOAD_STATUS: Record<string, [string, string]> = {
  loaded: ['загружен', 'lvl-ok'],
  rejected: ['отклонён', 'lvl-attention'],
  duplicate: ['повтор', 'lvl-info'],
};
/** A loaded file with excluded rows (the ledger's rows_rejected) is «загружен частично»; warnings alone do not make it so. */
export function uploadBadge(status: string, rowsRejected = 0): Html {
  if (status === 'loaded' && rowsRejected > 0)
    return html`<span class="badge lvl-signal" title="Файл загружен, но ${rowsRejected} ${plural(rowsRejected, ['строка исключена', 'строки исключены', 'строк исключено'])}: см. отчёт">загружен частично</span>`;
  const [t, c] = UPLOAD_STATUS[status] ?? [status, ''];
  return html`<span class="badge ${c}">${t}</span>`;
}

const OUTCOME: Record<string, [string, string]> = {
  ok: ['успешно', 'lvl-ok'],
  failed: ['ошибка', 'lvl-attention'],
  running: ['выполняется', 'lvl-signal'],
  skipped: ['пропущено', 'lvl-info'],
};
export const outcomeBadge = (o: string): Html => {
  const [t, c] = OUTCOME[o] ?? [o, ''];
  return html`<span class="badge ${c}">${t}</span>`;
};

/** Year switcher links. */
export function yearLinks(base: string, years: string[], current: string | null, extra = ''): Html {
  if (years.length < 2) return html``;
  return html`<nav class="years" aria-label="Учебный год">Учебный год: ${years.map((y) =>
    y === current
      ? html`<strong aria-current="true">${y}</strong>`
      : html`<a href="${base}?year=${encodeURIComponent(y)}${extra}">${y}</a>`,
  )}</nav>`;
}
