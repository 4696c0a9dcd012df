// The streaming xlsx reader against the exceljs reader it replaces: on every real sample and every xlsx of the
// bad-input corpus, the same rows and cells (types included: numbers stay numbers, dates the same instant, merged
// ranges resolved, empty cells null, text trimmed), the same reader remarks, the same rejection messages; and the
// streaming reader really is the one used for them.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { basename, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { probe, xlsxReader } from '../../../ingest/read/workbook.js';
import { bothReaders, view } from './compare.js';

const FIXTURES = fileURLToPath(new URL('../../fixtures/', import.meta.url));
const walk = (dir: string): string[] =>
  readdirSync(dir).flatMap((f) => {
    const p = join(dir, f);
    return statSync(p).isDirectory() ? walk(p) : [p];
  });
const xlsxFiles = (sub: string) =>
  walk(join(FIXTURES, sub))
    .filter((p) => /\.xlsx$/i.test(p))
    .map((p) => [p.slice(FIXTURES.length), p] as const);

describe.each([
  ['samples', xlsxFiles('samples')],
  ['bad-input corpus', xlsxFiles('bad')],
])('every xlsx of the %s', (_, files) => {
  it.each(files)(
    '%s: same rows, remarks and messages from both readers',
    async (_name, path) => {
      const bytes = readFileSync(path);
      const { old, now } = await bothReaders(bytes, basename(path));
      expect(await view(now)).toEqual(await view(old));
      if ('book' in old && 'book' in now && old.book.kind === 'xlsx') {
        expect(now.reader, `${basename(path)} left to exceljs: ${JSON.stringify(xlsxReader(now.book))}`).toBe(
          'streaming',
        );
        expect((await probe(now.book)).sheets).toEqual((await probe(old.book)).sheets);
      }
    },
    60_000,
  );
});
