// Chart data embedded in pages (html/chart.ts, html/escape.ts): the JSON block cannot end early or run as script
// whatever the data hold, the browser gets the value back, and a page embeds each data source once with only the
// values its charts read.
import { parseHTML } from 'linkedom';
import { describe, expect, it } from 'vitest';
import { pathKey, pick } from '../../dashboard/charts/index.js';
import { PageCharts, prune } from '../../dashboard/html/chart.js';
import { html, jsonScript, scriptJson } from '../../dashboard/html/escape.js';

const HOSTILE = 'ОО </script><script>alert(1)</script> <!-- <script> & </SCRIPT > \u2028\u2029 конец';

/** The page's elements as a browser's parser sees them. */
const parse = (markup: string) =>
  parseHTML(`<!doctype html><html><body>${markup}<p id="after">после</p></body></html>`).document;

describe('scriptJson / jsonScript', () => {
  it('escapes <, >, & and U+2028/2029 so «</script><script>» in the data stays data; JSON.parse gives the value back', () => {
    const value = { name: HOSTILE, list: [HOSTILE, 1, null], [HOSTILE]: true };
    const text = scriptJson(value);
    expect(text).not.toMatch(/[<>&\u2028\u2029]/);
    expect(text).toContain('\\u003c/script\\u003e\\u003cscript\\u003ealert(1)');
    expect(text).toContain('\\u2028\\u2029');
    expect(JSON.parse(text)).toEqual(value);
  });

  it('in a page: exactly one element, of type application/json, holding the value; nothing after it is swallowed', () => {
    const value = { name: HOSTILE };
    const doc = parse(jsonScript('chart-data-1', value, { 'data-src': '/api/x?a=1&b="2"' }).value);
    const scripts = doc.querySelectorAll('script');
    expect(scripts.length).toBe(1);
    expect(scripts[0]!.getAttribute('type')).toBe('application/json');
    expect(scripts[0]!.getAttribute('data-src')).toBe('/api/x?a=1&b="2"');
    expect(JSON.parse(scripts[0]!.textContent ?? '')).toEqual(value);
    expect(doc.getElementById('after')?.textContent).toBe('после');
  });

  it('undefined becomes null (the block is always valid JSON)', () => {
    expect(scriptJson(undefined)).toBe('null');
  });
});

describe('prune', () => {
  const json = { a: { b: 1, c: 2 }, trends: { 'x.y': [1], z: [2] }, heat: { cells: [1, 2] }, other: 'big' };

  it('keeps only the values at the paths, in the same nesting; pick reads the same from both', () => {
    const paths = ['heat', `trends.${pathKey('x.y')}`, 'a.c', 'missing.path'];
    const out = prune(json, paths);
    expect(out).toEqual({ heat: { cells: [1, 2] }, trends: { 'x.y': [1] }, a: { c: 2 } });
    for (const p of paths) expect(pick(out, p)).toEqual(pick(json, p));
  });

  it("'' keeps the whole value; a path under a kept value adds nothing", () => {
    expect(prune(json, ['a.b', ''])).toBe(json);
    expect(prune(json, ['a.b', 'a'])).toEqual({ a: { b: 1, c: 2 } });
  });

  it('a key «__proto__» from the data is an own property, not a prototype', () => {
    const data = JSON.parse('{"trends":{"__proto__":[1,2]}}') as unknown;
    const out = prune(data, [`trends.${pathKey('__proto__')}`]);
    expect(JSON.parse(JSON.stringify(out))).toEqual(data);
    expect(Object.getPrototypeOf((out as { trends: object }).trends)).toBe(Object.prototype);
  });
});

describe('PageCharts', () => {
  const json = {
    trends: { '1001': [{ school_year: '2024/25', ior: 0.5 }], '1002': [{ school_year: '2024/25', ior: 0.6 }] },
    names: [HOSTILE],
    unused: 'x'.repeat(1000),
  };

  it('slots of one source share one embedded block with the paths they read; the block is after every slot', () => {
    const charts = new PageCharts(false);
    const body = html`${['1001', '1002'].map((c) => charts.slot({ kind: 'sparkline', src: '/api/overview?year=2024%2F25', path: `trends.${pathKey(c)}`, opts: { years: ['2024/25'] } }, json))}
      ${charts.slot({ kind: 'heatmap', src: '/api/overview?year=2024%2F25', path: 'names' }, json)}
      ${charts.slot({ kind: 'timeline', src: '/api/schools/1001/timeline', path: 'series.vpr_ku' }, { series: { vpr_ku: [] } })}`;
    const doc = parse(`${body.value}${charts.data().value}`);
    const blocks = [...doc.querySelectorAll('script[type="application/json"]')];
    expect(blocks.map((b) => [b.id, b.getAttribute('data-src')])).toEqual([
      ['chart-data-1', '/api/overview?year=2024%2F25'],
      ['chart-data-2', '/api/schools/1001/timeline'],
    ]);
    expect(doc.querySelectorAll('script').length).toBe(2);
    const slots = [...doc.querySelectorAll('[data-chart]')];
    expect(slots.map((s) => s.getAttribute('data-json'))).toEqual([
      'chart-data-1',
      'chart-data-1',
      'chart-data-1',
      'chart-data-2',
    ]);
    const first = JSON.parse(blocks[0]!.textContent ?? '') as unknown;
    expect(first).toEqual({ trends: json.trends, names: [HOSTILE] }); // not «unused»
    for (const s of slots.slice(0, 3))
      expect(pick(first, s.getAttribute('data-path') ?? '')).toEqual(pick(json, s.getAttribute('data-path') ?? ''));
    expect(slots.every((s) => !s.hasAttribute('data-src'))).toBe(true);
  });

  it('in print the chart is an SVG and nothing is embedded', () => {
    const charts = new PageCharts(true);
    const svg = charts.slot(
      { kind: 'sparkline', src: '/api/overview', path: 'trends.1001', opts: { years: ['2024/25'] } },
      json,
    );
    expect(svg.value).toContain('<svg');
    expect(svg.value).not.toContain('data-chart');
    expect(charts.data().value).toBe('');
  });
});
