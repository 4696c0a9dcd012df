// Plain data tables: the text alternative under every chart and the lists on the pages.
import { type Html, html } from './escape.js';

export interface Column<T> {
  title: string;
  value: (row: T) => string | number | Html | null | undefined;
  num?: boolean;
  sortKey?: (row: T) => string | number | null;
  /** Extra classes of the column's cells, e.g. «print-hide» (not printed) or «nowrap». */
  cls?: string;
}

const cellClass = (c: Column<never>): Html | '' => {
  const cls = [c.num ? 'num' : '', c.cls ?? ''].filter(Boolean).join(' ');
  return cls ? html` class="${cls}"` : '';
};

export function dataTable<T>(
  columns: Column<T>[],
  rows: T[],
  o: { caption?: string; cls?: string; sortable?: boolean; rowAttrs?: (row: T) => Html } = {},
): Html {
  if (rows.length === 0) return html`<p class="muted">Нет данных.</p>`;
  return html`<table class="${o.cls ?? 'data'}"${o.sortable ? html` data-sortable` : ''}>
    ${o.caption ? html`<caption>${o.caption}</caption>` : ''}
    <thead><tr>${columns.map((c) => html`<th scope="col"${cellClass(c)}>${c.title}</th>`)}</tr></thead>
    <tbody>${rows.map(
      (r) =>
        html`<tr${o.rowAttrs ? o.rowAttrs(r) : ''}>${columns.map((c) => {
          const key = c.sortKey ? c.sortKey(r) : null;
          return html`<td${cellClass(c)}${key !== null && key !== undefined ? html` data-sort="${key}"` : ''}>${c.value(r) ?? '—'}</td>`;
        })}</tr>`,
    )}</tbody></table>`;
}

/** A chart figure: a container the client fills (or server-rendered SVG in print) and the numbers under it. */
export function figure(o: {
  id: string;
  title: string;
  chart: Html;
  table: Html;
  note?: Html | string;
  open?: boolean;
}): Html {
  return html`<figure class="chart" id="${o.id}"><figcaption>${o.title}</figcaption>${o.chart}
    ${o.note ? html`<p class="note">${o.note}</p>` : ''}
    <details class="alt"${o.open ? html` open` : ''}><summary>Таблица значений</summary>${o.table}</details></figure>`;
}
