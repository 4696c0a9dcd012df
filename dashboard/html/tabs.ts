// The tabs of a school's pages: «Обзор» | «Программа» | «Похожие школы».
import { type Html, html } from './escape.js';

export type SchoolTab = 'overview' | 'programme' | 'similar';

export function schoolTabs(code: string, active: SchoolTab): Html {
  const c = encodeURIComponent(code);
  const tabs: [SchoolTab, string, string][] = [
    ['overview', `/schools/${c}`, 'Обзор'],
    ['programme', `/schools/${c}/programme`, 'Программа'],
    ['similar', `/schools/${c}/similar`, 'Похожие школы'],
  ];
  return html`<nav class="tabs noprint" aria-label="Разделы страницы ОО">${tabs.map(([id, href, label]) =>
    id === active
      ? html`<a href="${href}" class="tab active" aria-current="page">${label}</a>`
      : html`<a href="${href}" class="tab">${label}</a>`,
  )}</nav>`;
}
