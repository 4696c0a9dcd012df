// «Real regional ВПР» (issue #17): a region's ten ФИС ОКО exports, 253 025 pupil rows in all, ingested end to end,
// against a bare read of the same files by SheetJS. Neither is in this environment: the files are generated in
// ФИС ОКО's own encoding (gen-vpr.ts: inline strings, every Cyrillic letter a character reference), ten sizes around
// 25 300 rows; SheetJS — its last release on the npm registry, 0.18.5 — is installed into bench/.cache/ on first use,
// never into the project: it is the bench's reference only.
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { vprWorkbookInline } from './gen-vpr.js';
import { type IngestMeasure, ingestE2E } from './ingest-tasks.js';
import { now, peakRssMb } from './measure.js';
import { CACHE_DIR } from './paths.js';

export const REGIONAL_ROWS = 253_025;
export const SHEETJS_VERSION = '0.18.5';
const SHEETJS_DIR = join(CACHE_DIR, `sheetjs-${SHEETJS_VERSION}`);

/** The ten files (generated once into bench/.cache/): sizes 25 298 … 25 307, together REGIONAL_ROWS. */
export function regionalFiles(): { paths: string[]; rows: number } {
  const sizes = Array.from({ length: 10 }, (_, k) => Math.floor(REGIONAL_ROWS / 10) - 4 + k);
  return { paths: sizes.map((n) => vprWorkbookInline(n)), rows: sizes.reduce((a, b) => a + b, 0) };
}

/** Installs SheetJS from the npm registry into the bench cache when it is not there yet. */
export function ensureSheetjs(): void {
  if (existsSync(join(SHEETJS_DIR, 'node_modules', 'xlsx', 'package.json'))) return;
  execFileSync(
    'npm',
    [
      'install',
      '--no-save',
      '--no-package-lock',
      '--no-audit',
      '--no-fund',
      '--prefix',
      SHEETJS_DIR,
      `xlsx@${SHEETJS_VERSION}`,
    ],
    { stdio: 'ignore', timeout: 300_000 },
  );
}

interface SheetjsBook {
  Sheets: Record<string, { '!ref'?: string }>;
}

/** A bare SheetJS read of every file (dense sheets, no styles or formatted text): the reference. */
export async function sheetjsRead(a: { paths: string[] }): Promise<IngestMeasure> {
  const XLSX = createRequire(join(SHEETJS_DIR, 'node_modules', 'index.js'))('xlsx') as {
    read: (data: Buffer, opts: Record<string, unknown>) => SheetjsBook;
    utils: { decode_range: (ref: string) => { s: { r: number }; e: { r: number } } };
  };
  const t0 = now();
  let rows = 0;
  for (const p of a.paths) {
    const book = XLSX.read(readFileSync(p), { type: 'buffer', dense: true, cellStyles: false, cellHTML: false });
    for (const sheet of Object.values(book.Sheets)) {
      const range = sheet['!ref'] ? XLSX.utils.decode_range(sheet['!ref']) : null;
      rows += range ? range.e.r - range.s.r + 1 : 0; // every row of the sheet, header rows included
    }
  }
  return { ms: now() - t0, rows, rssMb: peakRssMb() };
}

/** Each file ingested end to end into a store of its own (ingestE2E), as ten different works load: the sum. */
export async function regionalIngest(a: { paths: string[] }): Promise<IngestMeasure> {
  let ms = 0,
    rows = 0;
  const statuses = new Set<string>();
  for (const path of a.paths) {
    const m = await ingestE2E({ path });
    ms += m.ms;
    rows += m.rows;
    statuses.add(m.status ?? '');
  }
  return { ms, rows, rssMb: peakRssMb(), status: [...statuses].join(', ') };
}
