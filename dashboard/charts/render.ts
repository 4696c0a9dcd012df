// Server-side rendering of a chart to markup with linkedom (print layout, snapshot tests).
import * as Plot from '@observablehq/plot';
import { parseHTML } from 'linkedom';
import { CHARTS, pick } from './index.js';

export function renderPlot(options: Plot.PlotOptions): string {
  const { document } = parseHTML('<!doctype html><html><head></head><body></body></html>');
  const el = Plot.plot({ ...options, document: document as unknown as Document }) as unknown as { outerHTML: string };
  return el.outerHTML;
}

export function renderChart(kind: string, json: unknown, path: string, opts: Record<string, unknown>): string {
  const build = CHARTS[kind];
  if (!build) throw new Error(`Неизвестный тип диаграммы: ${kind}`);
  return renderPlot(build(pick(json, path), opts));
}
