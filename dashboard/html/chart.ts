// Chart slots of one page. On screen the bundle draws every slot from JSON embedded in the same page: one
// <script type="application/json"> block per data source, holding only the values the page's slots read — the page
// needs no second request for data it was rendered from. In the print layout the same chart is rendered on the server
// (linkedom) and embedded as SVG.

import { pick } from '../charts/index.js';
import { renderChart } from '../charts/render.js';
import { type Html, html, jsonScript, raw } from './escape.js';

export interface ChartSlot {
  kind: string;
  /** The data source: the API address serving the same JSON (/api/…). Slots of one source share one embedded block. */
  src: string;
  /** Dot path of encoded keys (charts/index.ts pathKey) to the chart's data within the source; '' — all of it. */
  path?: string;
  opts?: Record<string, unknown>;
  cls?: string;
}

interface Source {
  id: string;
  json: unknown;
  paths: Set<string>;
}

/** The chart slots of one page and the data they read; `page()` (html/layout.ts) embeds the data after the body. */
export class PageCharts {
  private readonly sources = new Map<string, Source>();

  constructor(readonly print: boolean) {}

  /** A chart of `json` (the value served at `c.src`) at `c.path`: an SVG in print, otherwise a slot the bundle draws. */
  slot(c: ChartSlot, json: unknown): Html {
    const cls = `chart-box ${c.cls ?? ''}`.trim();
    const path = c.path ?? '';
    if (this.print) {
      try {
        return html`<div class="${cls}">${raw(renderChart(c.kind, json, path, c.opts ?? {}))}</div>`;
      } catch {
        return html`<div class="${cls}"><p class="muted">Диаграмму не удалось построить; значения — в таблице ниже.</p></div>`;
      }
    }
    let s = this.sources.get(c.src);
    if (!s) {
      s = { id: `chart-data-${this.sources.size + 1}`, json, paths: new Set() };
      this.sources.set(c.src, s);
    }
    s.paths.add(path);
    return html`<div class="${cls}" data-chart="${c.kind}" data-json="${s.id}" data-path="${path}" data-opts="${JSON.stringify(c.opts ?? {})}" role="img" aria-label="Диаграмма; значения — в таблице ниже"><span class="muted loading">Диаграмма загружается…</span></div>`;
  }

  /**
   * One JSON block per source with the values its slots read (nothing in print: the charts are already drawn);
   * data-src names the API address that serves the whole source.
   */
  data(): Html {
    return html`${[...this.sources].map(([src, s]) => jsonScript(s.id, prune(s.json, s.paths), { 'data-src': src }))}`;
  }
}

/** Sets an own property (a key from the data, even «__proto__», never reaches a prototype). */
function put(o: Record<string, unknown>, k: string, v: unknown): void {
  Object.defineProperty(o, k, { value: v, enumerable: true, writable: true, configurable: true });
}

/**
 * The parts of `json` at `paths` (as `pick` reads them) in the same nesting, so `pick(prune(json, paths), p)` equals
 * `pick(json, p)` for each of the paths; '' keeps the whole value. Paths that lead nowhere are left out.
 */
export function prune(json: unknown, paths: Iterable<string>): unknown {
  const split = [...paths].map((p) => p.split('.').filter(Boolean)).sort((a, b) => a.length - b.length);
  if (split.some((keys) => keys.length === 0)) return json;
  const out: Record<string, unknown> = {};
  const kept: string[][] = [];
  for (const keys of split) {
    if (kept.some((k) => k.every((x, i) => keys[i] === x))) continue; // under a value already kept whole
    const v = pick(json, keys.join('.'));
    if (v === undefined) continue;
    let o = out;
    for (const k of keys.slice(0, -1).map(decodeURIComponent)) {
      if (!Object.hasOwn(o, k)) put(o, k, {});
      o = o[k] as Record<string, unknown>;
    }
    put(o, decodeURIComponent(keys.at(-1)!), v);
    kept.push(keys);
  }
  return out;
}
