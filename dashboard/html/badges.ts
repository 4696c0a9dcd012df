// Small shared fragments: flag level badges, status words.
import { html, type Html } from './escape.js';

const LEVEL_CLASS: Record<string, string> = { 'зона внимания': 'lvl-attention', 'сигнал': 'lvl-signal', 'информация': 'lvl-info' };

export const levelBadge = (level: string): Html => html`<span class="badge ${LEVEL_CLASS[level] ?? ''}">${level}</span>`;

const RISK_CLASS: Record<string, string> = { 'высокий': 'lvl-attention', 'средний': 'lvl-signal', 'низкий': 'lvl-ok', 'нет данных': 'lvl-none' };
export const riskBadge = (level: string): Html => html`<span class="badge ${RISK_CLASS[level] ?? ''}">${level}</span>`;

const UPLOAD_STATUS: Record<string, [string, string]> = {
  loaded: ['загружен', 'lvl-ok'], rejected: ['отклонён', 'lvl-attention'], duplicate: ['повтор', 'lvl-info'],
};
export const uploadBadge = (status: string): Html => { const [t, c] = UPLOAD_STATUS[status] ?? [status, '']; return html`<span class="badge ${c}">${t}</span>`; };

const OUTCOME: Record<string, [string, string]> = {
  ok: ['успешно', 'lvl-ok'], failed: ['ошибка', 'lvl-attention'], running: ['выполняется', 'lvl-signal'], skipped: ['пропущено', 'lvl-info'],
};
export const outcomeBadge = (o: string): Html => { const [t, c] = OUTCOME[o] ?? [o, '']; return html`<span class="badge ${c}">${t}</span>`; };

/** Year switcher links. */
export function yearLinks(base: string, years: string[], current: string | null, extra = ''): Html {
  if (years.length < 2) return html``;
  return html`<nav class="years" aria-label="Учебный год">Учебный год: ${years.map((y) => (y === current
    ? html`<strong aria-current="true">${y}</strong>`
    : html`<a href="${base}?year=${encodeURIComponent(y)}${extra}">${y}</a>`))}</nav>`;
}
