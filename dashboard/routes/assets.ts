// Static assets: the client bundle (built once per process with esbuild's JS API, in memory) and the stylesheet.

import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
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

/** Serves `text` as `type`, gzip-compressed (once, at start-up) to clients that accept it. */
function asset(app: Express, path: string, type: string, text: string): void {
  const plain = Buffer.from(text),
    gz = gzipSync(plain, { level: 9 });
  app.get(path, (req, res) => {
    res.set('Cache-Control', 'no-cache').type(type).vary('Accept-Encoding');
    if (req.acceptsEncodings('gzip') !== 'gzip') return res.send(plain);
    res.set('Content-Encoding', 'gzip').send(gz);
  });
}

export async function assetRoutes(app: Express): Promise<void> {
  asset(app, '/assets/app.js', 'application/javascript; charset=utf-8', await clientBundle());
  asset(app, '/assets/style.css', 'text/css; charset=utf-8', readFileSync(CSS, 'utf8'));
}
