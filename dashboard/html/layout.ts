// The page shell: header with navigation by role, the user and a logout form, or the A4 print header.
import type { Session } from '../auth/session.js';
import { fmtDateTime } from '../format/dates.js';
import type { PageCharts } from './chart.js';
import { type Html, html } from './escape.js';

export interface PageOptions {
  title: string;
  body: Html;
  session?: Session | undefined;
  /** Path of the active navigation item. */
  active?: string;
  /** A4 «аналитическая справка» layout: no navigation, print header. */
  print?: boolean;
  /** The page's chart slots: their data is embedded once, after the body (html/chart.ts). */
  charts?: PageCharts;
}

function nav(s: Session, active: string | undefined): Html {
  const items: [string, string][] =
    s.user.role === 'committee'
      ? [
          ['/', 'Обзор'],
          ['/programmes', 'Программы'],
          ['/uploads', 'Загрузки'],
          ['/jobs', 'Задания'],
          ['/methodology', 'Методика'],
        ]
      : [
          [`/schools/${encodeURIComponent(s.user.schoolCode ?? '')}`, 'Моя школа'],
          [`/schools/${encodeURIComponent(s.user.schoolCode ?? '')}/programme`, 'Программа'],
          [`/schools/${encodeURIComponent(s.user.schoolCode ?? '')}/similar`, 'Похожие школы'],
          ['/methodology', 'Методика'],
        ];
  return html`<nav class="nav" aria-label="Разделы">${items.map(
    ([href, label]) => html`<a href="${href}"${active === href ? html` aria-current="page"` : ''}>${label}</a>`,
  )}</nav>`;
}

function userBox(s: Session): Html {
  const role = s.user.role === 'committee' ? 'комитет' : `руководитель ОО ${s.user.schoolCode ?? ''}`;
  return html`<div class="user"><span>${s.user.login} (${role})</span>
    <form method="post" action="/logout"><input type="hidden" name="_csrf" value="${s.csrf}"><button type="submit" class="link">Выйти</button></form></div>`;
}

export function page(o: PageOptions): string {
  const s = o.session;
  const head = html`<!doctype html>
<html lang="ru"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${o.title} — Ориентир</title>
<link rel="icon" href="data:,">
<link rel="stylesheet" href="/assets/style.css">
<script src="/assets/app.js" defer></script>
${s ? html`<meta name="csrf-token" content="${s.csrf}">` : ''}
</head>`;
  const header = o.print
    ? html`<header class="print-head"><div class="brand">Ориентир · аналитическая справка</div>
        <div class="muted">Сформирована ${fmtDateTime(new Date())}. Показатели — информация для анализа, а не рейтинг и не оценка работы ОО.</div>
        <button type="button" class="noprint" data-print>Печать</button></header>`
    : html`<header class="top"><a class="brand" href="/">Ориентир</a>${s ? nav(s, o.active) : ''}${s ? userBox(s) : ''}</header>`;
  const footer = o.print
    ? ''
    : html`<footer class="foot">«Ориентир» — мониторинг образовательных результатов. Отметки «зона внимания» и «сигнал» — повод для анализа, а не вывод о работе школы.</footer>`;
  return html`${head}<body class="${o.print ? 'print' : ''}">${header}<main id="main">${o.body}</main>${footer}${o.charts?.data()}</body></html>`
    .value;
}
