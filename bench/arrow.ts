// Issue #17: would Apache Arrow pay for the chart data sent to the browser? On school pages of the demo store every
// chart's data (picked by data-path from the JSON block the page embeds) is encoded both ways: JSON text and
// Arrow IPC (tableFromJSON → tableToIPC). Compared: bytes and gzip bytes on the wire, decode time to the row objects
// the chart builders take, and what the Arrow decoder adds to the client bundle (esbuild, minified, gzip).

import { gzipSync } from 'node:zlib';
import { tableFromIPC, tableFromJSON, tableToIPC } from 'apache-arrow';
import { build } from 'esbuild';
import { pick } from '../dashboard/charts/index.js';
import { clientBundle } from '../dashboard/routes/assets.js';
import { login } from './http-load.js';
import { startServer } from './server-proc.js';

export interface ArrowMeasure {
  pages: number;
  payloads: number;
  charts: number;
  tabular: number;
  jsonBytes: number;
  jsonGzip: number;
  arrowBytes: number;
  arrowGzip: number;
  jsonDecodeMs: number;
  arrowDecodeMs: number;
  reps: number;
  bundleGzip: number;
  arrowLibGzip: number;
}

const attr = (tag: string, name: string) => new RegExp(`${name}="([^"]*)"`).exec(tag)?.[1]?.replace(/&amp;/g, '&');

async function get(
  base: string,
  path: string,
  cookie: string,
  accept: 'text/html' | 'application/json',
): Promise<string> {
  const r = await fetch(base + path, { headers: { cookie, Accept: accept } });
  if (!r.ok) throw new Error(`${path}: HTTP ${r.status}`);
  return r.text();
}

function timeMs(reps: number, fn: () => void): number {
  fn(); // warm-up
  const t0 = performance.now();
  for (let i = 0; i < reps; i++) fn();
  return (performance.now() - t0) / reps;
}

export async function arrowPayload(a: {
  store: string;
  user: string;
  password: string;
  schools: string[];
  reps: number;
}): Promise<ArrowMeasure> {
  const srv = await startServer(a.store);
  try {
    const cookie = await login(srv.base, a.user, a.password);
    const payloads = new Map<string, string>();
    const charts: { src: string; path: string }[] = [];
    for (const code of a.schools) {
      const html = await get(srv.base, `/schools/${code}`, cookie, 'text/html');
      // Each slot names the page's embedded JSON block (data-json = its id) and the path to its values in it.
      const blocks = new Map<string, string>();
      for (const m of html.matchAll(/<script type="application\/json" id="([^"]*)"[^>]*>([\s\S]*?)<\/script>/g))
        blocks.set(m[1]!, m[2]!);
      for (const tag of html.match(/<[^>]*data-chart="[^"]*"[^>]*>/g) ?? []) {
        const id = attr(tag, 'data-json');
        const block = id === undefined ? undefined : blocks.get(id);
        if (id === undefined || block === undefined) continue;
        const src = `${code}#${id}`;
        charts.push({ src, path: attr(tag, 'data-path') ?? '' });
        payloads.set(src, block);
      }
    }
    // Both sides carry each chart's own data (as if embedded per chart). Arrow carries tables: a chart whose data is
    // not an array of flat rows (nested lists, objects) stays JSON on the Arrow side too.
    const ipc: Uint8Array[] = [];
    const rest: string[] = [];
    const json: string[] = [];
    for (const c of charts) {
      const data = pick(JSON.parse(payloads.get(c.src)!), c.path);
      json.push(JSON.stringify(data ?? null));
      const flat =
        Array.isArray(data) &&
        data.length > 0 &&
        data.every(
          (r) => r && typeof r === 'object' && Object.values(r).every((v) => v === null || typeof v !== 'object'),
        );
      if (flat) ipc.push(tableToIPC(tableFromJSON(data as Record<string, unknown>[])));
      else rest.push(JSON.stringify(data ?? null));
    }
    const cat = (xs: Uint8Array[]) => Buffer.concat(xs.map((x) => Buffer.from(x)));
    const arrowWire = Buffer.concat([cat(ipc), Buffer.from(rest.join(''))]);
    const jsonWire = Buffer.from(json.join(''));
    const jsonDecodeMs = timeMs(a.reps, () => {
      for (const p of json) JSON.parse(p);
    });
    const arrowDecodeMs = timeMs(a.reps, () => {
      for (const b of ipc)
        tableFromIPC(b)
          .toArray()
          .map((r) => r.toJSON());
      for (const p of rest) JSON.parse(p);
    });
    const lib = await build({
      stdin: {
        contents: `import { tableFromIPC } from 'apache-arrow'; globalThis.t = tableFromIPC;`,
        resolveDir: process.cwd(),
      },
      bundle: true,
      write: false,
      format: 'iife',
      platform: 'browser',
      target: ['es2020'],
      minify: true,
      legalComments: 'none',
      logLevel: 'silent',
    });
    return {
      pages: a.schools.length,
      payloads: payloads.size,
      charts: charts.length,
      tabular: ipc.length,
      jsonBytes: jsonWire.length,
      jsonGzip: gzipSync(jsonWire).length,
      arrowBytes: arrowWire.length,
      arrowGzip: gzipSync(arrowWire).length,
      jsonDecodeMs,
      arrowDecodeMs,
      reps: a.reps,
      bundleGzip: gzipSync(Buffer.from(await clientBundle())).length,
      arrowLibGzip: gzipSync(Buffer.from(lib.outputFiles[0]!.text)).length,
    };
  } finally {
    await srv.stop();
  }
}
