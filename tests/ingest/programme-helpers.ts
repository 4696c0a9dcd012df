// Shared by the programme tests: the seed passports (tests/fixtures/programme), a store with their schools in the
// registry, filled templates and edits of them.
import { readFileSync } from 'node:fs';
import ExcelJS from 'exceljs';
import { FORMATS } from '../../ingest/formats/index.js';
import {
  type ProgrammeTemplateOptions,
  programmeTemplateBuffer,
  type TemplateIndicator,
  type TemplateMeasure,
} from '../../ingest/formats/programme/index.js';
import { type IngestOptions, ingestFile } from '../../ingest/load.js';
import type { IngestReport } from '../../ingest/report.js';
import { openStore, type Store } from '../../store/db.js';

export interface SeedPassport {
  key: string;
  seedFile: string;
  school: { code: string; name: string };
  passport: { name: string; startYear: string; endYear: string; goal: string };
  indicators: (TemplateIndicator & { seedCaption: string; seedRaw: string[] })[];
  roadmap: TemplateMeasure[];
}

export const SEEDS: SeedPassport[] = JSON.parse(
  readFileSync(new URL('../fixtures/programme/seed-passports.json', import.meta.url), 'utf8'),
).passports;
export const seed = (key: string): SeedPassport => SEEDS.find((s) => s.key === key)!;

/** The seed's school, passport, indicators and roadmap as template options. */
export const seedOptions = (s: SeedPassport, extra: ProgrammeTemplateOptions = {}): ProgrammeTemplateOptions => ({
  school: s.school,
  passport: s.passport,
  indicators: s.indicators,
  roadmap: s.roadmap,
  ...extra,
});

const REGISTRY =
  [
    'Код ОО;Наименование;Логин ФИС ОКО;Муниципалитет',
    '9912;МКОУ СОШ № 12;sch229912;Энский район',
    '9928;МКОУ СОШ № 28 пос. Балковского;sch229928;Энский район',
    '9902;МБОУ СОШ № 2;sch229902;Энский район',
    '9950;МБОУ СОШ № 50;sch229950;Энский район',
  ].join('\r\n') + '\r\n';

export const ingest = (
  store: Store,
  bytes: Uint8Array,
  fileName: string,
  options: IngestOptions = {},
): Promise<IngestReport> => ingestFile(store, FORMATS, { bytes, fileName, channel: 'web', user: 'test' }, options);

/** An in-memory store whose registry holds the seed schools (9912, 9928, 9902) and 9950. */
export async function programmeStore(): Promise<Store> {
  const store = await openStore(':memory:');
  const r = await ingest(store, Buffer.from(REGISTRY, 'utf8'), 'реестр ОО.csv');
  if (r.status !== 'loaded') throw new Error(r.message);
  return store;
}

export const template = (opts: ProgrammeTemplateOptions): Promise<Buffer> => programmeTemplateBuffer(opts);

/** A workbook changed through exceljs (cells the template cannot write: wrong years, shares as text …). */
export async function edit(bytes: Uint8Array, change: (wb: ExcelJS.Workbook) => void): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(bytes as unknown as ArrayBuffer);
  change(wb);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

/** A plain workbook of sheets given as rows (standalone tables). */
export async function book(
  sheets: { name: string; rows: (string | number | null)[][]; merges?: string[] }[],
): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  for (const s of sheets) {
    const ws = wb.addWorksheet(s.name);
    s.rows.forEach((r, i) =>
      r.forEach((v, j) => {
        if (v !== null) ws.getCell(i + 1, j + 1).value = v;
      }),
    );
    for (const m of s.merges ?? []) ws.mergeCells(m);
  }
  return Buffer.from(await wb.xlsx.writeBuffer());
}
