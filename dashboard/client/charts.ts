// Draws every [data-chart] slot: fetches its JSON (one request per URL), picks the data by path and renders the
// chart with the shared builders.
import * as Plot from '@observablehq/plot';
import { CHARTS, pick } from '../charts/index.js';

const cache = new Map<string, Promise<unknown>>();
/** Widest sensible rendering per chart kind (the container may be wider). */
const MAX_WIDTH: Record<string, number> = { 'mark-matrix': 440, histogram: 640, targets: 640, timeline: 720, similar: 900, programme: 640, 'programme-effect': 820 };

function getJson(url: string): Promise<unknown> {
  let p = cache.get(url);
  if (!p) {
    p = fetch(url, { credentials: 'same-origin', headers: { Accept: 'application/json' } }).then((r) => {
      if (!r.ok) throw new Error(`HTTP ${r.status}`);
      return r.json();
    });
    cache.set(url, p);
  }
  return p;
}

async function draw(el: HTMLElement): Promise<void> {
  const kind = el.dataset.chart ?? '';
  const build = CHARTS[kind];
  try {
    if (!build) throw new Error(kind);
    const data = pick(await getJson(el.dataset.src ?? ''), el.dataset.path ?? '');
    if (data === undefined || data === null) throw new Error('нет данных');
    const opts = JSON.parse(el.dataset.opts || '{}') as Record<string, unknown>;
    if (opts.width === undefined && kind !== 'sparkline' && el.clientWidth > 200) opts.width = Math.min(el.clientWidth, MAX_WIDTH[kind] ?? 960);
    el.replaceChildren(Plot.plot(build(data, opts)) as Node);
    el.dataset.rendered = '1';
  } catch {
    el.textContent = 'Диаграмму не удалось построить; значения — в таблице ниже.';
    el.dataset.rendered = 'error';
  }
}

export async function initCharts(): Promise<void> {
  const slots = [...document.querySelectorAll<HTMLElement>('[data-chart]')];
  await Promise.all(slots.map(draw));
  document.body.dataset.chartsReady = String(slots.length);
}
