import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { defineConfig } from 'vitest/config';

// Two projects: «unit» needs nothing built (seconds: `npm run test:unit`), «demo» reads the demo store the global
// setup builds once per run (a minute). A test file that uses the demo store says so by importing its helper.
const files = (dir: string): string[] =>
  readdirSync(dir).flatMap((f) => {
    const p = join(dir, f);
    return statSync(p).isDirectory() ? files(p) : p.endsWith('.test.ts') ? [p] : [];
  });
const usesDemo = (f: string) => /demo-store|browser-session|programme-fixture/.test(readFileSync(f, 'utf8'));
const all = files('tests');
const common = {
  testTimeout: 60_000,
  hookTimeout: 120_000,
  pool: 'forks' as const,
  fileParallelism: true,
  maxWorkers: 2,
};

export default defineConfig({
  test: {
    ...common,
    projects: [
      { test: { ...common, name: 'unit', include: all.filter((f) => !usesDemo(f)) } },
      { test: { ...common, name: 'demo', include: all.filter(usesDemo), globalSetup: ['tests/setup/global.ts'] } },
    ],
  },
});
