// Same seed → identical files (cell by cell, CSV byte by byte); another seed → different content.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type DemoOptions, type DemoResult, generateDemo } from '../../demo/index.js';
import { readBook } from './read.js';

const dirs: string[] = [];
const OPTS: Omit<DemoOptions, 'outDir'> = { schools: 6, years: 3 };
let a: DemoResult, b: DemoResult, c: DemoResult;

async function run(seed: number): Promise<DemoResult> {
  const dir = mkdtempSync(join(tmpdir(), 'orientir-demo-det-'));
  dirs.push(dir);
  return generateDemo({ ...OPTS, outDir: dir, seed });
}

beforeAll(async () => {
  a = await run(7);
  b = await run(7);
  c = await run(8);
});
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

const rel = (r: DemoResult) => r.files.map((f) => basename(f));

describe('demo determinism', () => {
  it('same seed: same file list, truth and school identifiers', () => {
    expect(rel(a)).toEqual(rel(b));
    expect(a.truth).toEqual(b.truth);
    expect(a.schools).toEqual(b.schools);
    expect(a.rows).toEqual(b.rows);
    const truth = (r: DemoResult) => readFileSync(join(dirs[[a, b, c].indexOf(r)]!, 'truth.json'), 'utf8');
    expect(truth(a)).toBe(truth(b));
    expect(a.files.length).toBeGreaterThan(40);
  });

  it('same seed: identical cell contents of every xlsx and identical CSV bytes', async () => {
    for (let i = 0; i < a.files.length; i++) {
      const fa = a.files[i]!,
        fb = b.files[i]!;
      if (fa.endsWith('.xlsx')) {
        expect(await readBook(fb), basename(fa)).toEqual(await readBook(fa));
      } else {
        expect(readFileSync(fb).equals(readFileSync(fa)), basename(fa)).toBe(true);
      }
    }
  });

  it('another seed gives different content', async () => {
    expect(c.truth.seed).toBe(8);
    const differs: boolean[] = [];
    for (const name of ['Реестр ОО.xlsx', 'Проведение работы по математике, 4 класс. ВПР 2026.xlsx']) {
      const pa = a.files.find((f) => basename(f) === name)!,
        pc = c.files.find((f) => basename(f) === name)!;
      expect(pa).toBeDefined();
      expect(pc).toBeDefined();
      differs.push(JSON.stringify(await readBook(pa)) !== JSON.stringify(await readBook(pc)));
    }
    expect(differs).toEqual([true, true]);
    const csv = (r: DemoResult) => readFileSync(r.files.find((f) => basename(f) === '01_2026.05.29.csv')!);
    expect(csv(a).equals(csv(c))).toBe(false);
  });
});
