// Imports run one way: domain (shared vocabulary) ← store ← ingest / transforms ← dashboard / jobs ← cli (the process
// root that wires server, scheduler and demo). Outside ingest/, only its public face ingest/index.ts is imported.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
/** Which layers each layer may import (besides itself). */
const ALLOWED: Record<string, string[]> = {
  domain: [],
  store: ['domain'],
  ingest: ['domain', 'store'],
  transforms: ['domain', 'store'],
  demo: ['domain', 'ingest'],
  dashboard: ['domain', 'store', 'ingest', 'transforms'],
  jobs: ['domain', 'store', 'ingest', 'transforms'],
  cli: ['domain', 'store', 'ingest', 'transforms', 'dashboard', 'jobs', 'demo'],
};

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((f) => {
    const p = join(dir, f);
    return statSync(p).isDirectory() ? sources(p) : p.endsWith('.ts') ? [p] : [];
  });
}

/** Every relative import or re-export (type-only ones too) as [importer, imported], paths from the repository root. */
function importEdges(): [string, string][] {
  return Object.keys(ALLOWED).flatMap((layer) =>
    sources(join(ROOT, layer)).flatMap((file) =>
      [
        ...readFileSync(file, 'utf8').matchAll(
          /^\s*(?:import|export)\s[^'";]*?from\s+'(\.[^']+)'|import\(\s*'(\.[^']+)'\s*\)/gm,
        ),
      ].map(
        (m) =>
          [relative(ROOT, file), relative(ROOT, resolve(dirname(file), (m[1] ?? m[2])!)).replace(/\.js$/, '.ts')] as [
            string,
            string,
          ],
      ),
    ),
  );
}

describe('import direction', () => {
  const edges = importEdges();
  const top = (p: string) => p.split('/')[0]!;

  it('finds the imports it checks', () => {
    expect(edges.length).toBeGreaterThan(300);
    expect(edges.some(([a, b]) => top(a) === 'dashboard' && top(b) === 'store')).toBe(true);
  });

  it('no layer imports against the direction', () => {
    const against = edges
      .filter(([a, b]) => top(a) !== top(b) && !ALLOWED[top(a)]!.includes(top(b)))
      .map(([a, b]) => `${a} → ${b}`);
    expect(against).toEqual([]);
  });

  it('outside ingest/, only ingest/index.ts is imported', () => {
    const internals = edges
      .filter(([a, b]) => top(a) !== 'ingest' && top(b) === 'ingest' && b !== 'ingest/index.ts')
      .map(([a, b]) => `${a} → ${b}`);
    expect(internals).toEqual([]);
  });
});
