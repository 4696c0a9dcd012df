// Static assets: the client bundle (built once per process with esbuild's JS API, in memory) and the stylesheet.

import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import type { Express } from 'express';

const ENTRY = fileURLToPath(new URL('../client/main.ts', import.meta.url));
const CSS = fileURLToPath(new URL('../public/style.css', import.meta.url));

let bundle: Promise<string> | null = null;

/** The browser bundle (IIFE, minified); built on first call and cached. */
export function clientBundle(): Promise<string> {
  bundle ??= build({
    entryPoints: [ENTRY],
    bundle: true,
    write: false,
    format: 'iife',
    platform: 'browser',
    target: ['es2020'],
    minify: true,
    legalComments: 'none',
    logLevel: 'silent',
  })
    .then((r) => r.outputFiles[0]!.text)
    .catch((e: unknown) => {
      bundle = null;
      throw e;
    });
  return bundle;
}

export async function assetRoutes(app: Express): Promise<void> {
  const js = await clientBundle();
  const css = readFileSync(CSS, 'utf8');
  app.get('/assets/app.js', (_req, res) => {
    res.set('Cache-Control', 'no-cache').type('application/javascript; charset=utf-8').send(js);
  });
  app.get('/assets/style.css', (_req, res) => {
    res.set('Cache-Control', 'no-cache').type('text/css; charset=utf-8').send(css);
  });
}
