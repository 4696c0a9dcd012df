// Parse a fixture with one format module, without a store.
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { openWorkbook, probe } from '../../ingest/read/workbook.js';
import { VprScaleTable } from '../../ingest/scales.js';
import { seedVprScales } from '../../ingest/seed-scales.js';
import type { FormatModule } from '../../ingest/types.js';
import { ValidatingContext } from '../../ingest/validate.js';

export const SAMPLES = new URL('../fixtures/samples/', import.meta.url);
export const samplePath = (name: string): string => new URL(name, SAMPLES).pathname;

export async function parseWith(mod: FormatModule, path: string, scales = new VprScaleTable(seedVprScales())) {
  const book = await openWorkbook(readFileSync(path), basename(path));
  // The loader's context: its range checks and its CSV convention (issues name no sheet) apply, as in ingestFile.
  const ctx = new ValidatingContext('test-secret', scales);
  if (book.kind === 'csv') ctx.sheetless = book.sheets[0]?.name ?? null;
  await mod.parse(book, ctx);
  return ctx;
}

export async function detectScore(mod: FormatModule, path: string): Promise<number> {
  const book = await openWorkbook(readFileSync(path), basename(path));
  return mod.detect(await probe(book));
}
