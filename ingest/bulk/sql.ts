// Named statements of a .sql file: each starts at a line «-- name: <name>» and runs to the next; other comments go.
import { readFileSync } from 'node:fs';

const cache = new Map<string, Record<string, string>>();

export function namedStatements(path: string): Record<string, string> {
  let named = cache.get(path);
  if (!named) {
    named = {};
    let current: string | null = null;
    for (const line of readFileSync(path, 'utf8').split('\n')) {
      const m = /^--\s*name:\s*(\w+)\s*$/.exec(line);
      if (m) {
        current = m[1]!;
        named[current] = '';
        continue;
      }
      if (current === null || line.trim().startsWith('--')) continue;
      named[current] += line + '\n';
    }
    for (const k of Object.keys(named)) named[k] = named[k]!.trim().replace(/;$/, '');
    cache.set(path, named);
  }
  return named;
}
