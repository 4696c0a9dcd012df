// A chart slot: in the browser the bundle fetches `src` and draws the chart named `kind`; in the print layout
// the same chart is rendered on the server (linkedom) and embedded as SVG.
import { renderChart } from '../charts/render.js';
import { html, raw, type Html } from './escape.js';

export interface ChartSlot { kind: string; src: string; path?: string; opts?: Record<string, unknown>; cls?: string }

export function chartSlot(c: ChartSlot, print: { json: unknown } | null): Html {
  const cls = `chart-box ${c.cls ?? ''}`.trim();
  if (print) {
    try {
      return html`<div class="${cls}">${raw(renderChart(c.kind, print.json, c.path ?? '', c.opts ?? {}))}</div>`;
    } catch {
      return html`<div class="${cls}"><p class="muted">Диаграмму не удалось построить; значения — в таблице ниже.</p></div>`;
    }
  }
  return html`<div class="${cls}" data-chart="${c.kind}" data-src="${c.src}" data-path="${c.path ?? ''}" data-opts="${JSON.stringify(c.opts ?? {})}" role="img" aria-label="Диаграмма; значения — в таблице ниже"><span class="muted loading">Диаграмма загружается…</span></div>`;
}
