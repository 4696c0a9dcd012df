// Draws every [data-chart] slot from the JSON its page embeds (html/chart.ts: one <script type="application/json">
// per data source, named by the slot's data-json), picks the data by path and renders the chart with the shared
// builders. No request: the page was rendered from the same data.
import * as Plot from '@observablehq/plot';
import { CHARTS, pick } from '../charts/index.js';

const parsed = new Map<string, unknown>();
/** Widest sensible rendering per chart kind (the container may be wider). */
const MAX_WIDTH: Record<string, number> = {
  'mark-matrix': 440,
  histogram: 640,
  targets: 640,
  timeline: 720,
  similar: 900,
  programme: 640,
  'programme-effect': 820,
};

/** The embedded JSON block `id`, parsed once per page. */
function embedded(id: string): unknown {
  if (!parsed.has(id)) {
    const el = document.getElementById(id);
    if (!(el instanceof HTMLScriptElement) || el.type !== 'application/json') throw new Error(`нет данных ${id}`);
    parsed.set(id, JSON.parse(el.textContent ?? 'null'));
  }
  return parsed.get(id);
}

function draw(el: HTMLElement, slotWidth: number): void {
  const kind = el.dataset.chart ?? '';
  const build = CHARTS[kind];
  try {
    if (!build) throw new Error(kind);
    const data = pick(embedded(el.dataset.json ?? ''), el.dataset.path ?? '');
    if (data === undefined || data === null) throw new Error('нет данных');
    const opts = JSON.parse(el.dataset.opts || '{}') as Record<string, unknown>;
    if (opts.width === undefined && kind !== 'sparkline' && slotWidth > 200)
      opts.width = Math.min(slotWidth, MAX_WIDTH[kind] ?? 960);
    el.replaceChildren(Plot.plot(build(data, opts)) as Node);
    el.dataset.rendered = '1';
  } catch {
    el.textContent = 'Диаграмму не удалось построить; значения — в таблице ниже.';
    el.dataset.rendered = 'error';
  }
}

/** The closed <details> a slot is in, if any: its charts have no width until it opens. */
const collapsed = (el: HTMLElement) => el.closest<HTMLDetailsElement>('details:not([open])');

function drawAll(slots: HTMLElement[]): void {
  // Every width read before any chart is drawn: one layout of the page, not one forced after each chart (27 on a
  // school page: a fifth of its load in Chromium).
  const widths = slots.map((el) => el.clientWidth);
  slots.forEach((el, i) => draw(el, widths[i]!));
}

/**
 * Draws the charts on show, then those of each collapsed section when it opens, at the width they then have (20
 * histograms on a school page: drawing them with the page took a fifth of its load, at a guessed width).
 * `data-charts-ready` counts the charts drawn on load; `data-charts-waiting` those still in closed sections.
 */
export function initCharts(): void {
  const slots = [...document.querySelectorAll<HTMLElement>('[data-chart]')];
  const waiting = new Set(slots.filter((el) => collapsed(el)));
  const shown = slots.filter((el) => !waiting.has(el));
  drawAll(shown);
  const body = document.body.dataset;
  body.chartsWaiting = String(waiting.size);
  for (const section of new Set([...waiting].map((el) => collapsed(el)!)))
    section.addEventListener('toggle', () => {
      const open = [...waiting].filter((el) => !collapsed(el));
      for (const el of open) waiting.delete(el);
      drawAll(open);
      body.chartsWaiting = String(waiting.size);
    });
  body.chartsReady = String(shown.length);
}
