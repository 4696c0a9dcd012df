// Demo municipality generator: writes a full set of source files in real layouts
// (registry, ВПР, ОГЭ, ЕГЭ, journals, табель, programme workbooks) plus truth.json.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { demoProgrammes } from './programmes.js';
import { writeRegistry } from './registry.js';
import type { Truth } from './truth.js';
import { vprCatalog, worksForYear } from './vpr-works.js';
import { buildWorld } from './world.js';
import { writeJournal } from './write-journal.js';
import { writeProgramme } from './write-programmes.js';
import { writeEge, writeOge } from './write-rcoi.js';
import { writeVprScales } from './write-scales.js';
import { writeTabel } from './write-tabel.js';
import { writeVprFile } from './write-vpr.js';

export interface DemoOptions {
  outDir: string;
  /** Default 42. */
  seed?: number;
  /** Default 20. */
  schools?: number;
  /** Default 5. */
  years?: number;
  /** Spring of the last school year; default 2026 (= 2025/26). */
  lastYear?: number;
}

export interface DemoResult {
  /** Absolute paths in load order (truth.json is not included). */
  files: string[];
  truth: Truth;
  schools: { school_code: string; name: string; fisoko_login: string; rcoi_code: string }[];
  /** Rows written per family (registry, scales, vpr, oge, ege, journal, tabel; programmes: workbook rows). */
  rows: Record<string, number>;
}

export const TRUTH_FILE = 'truth.json';

export async function generateDemo(opts: DemoOptions): Promise<DemoResult> {
  const seed = opts.seed ?? 42,
    nSchools = opts.schools ?? 20,
    nYears = opts.years ?? 5,
    lastYear = opts.lastYear ?? 2026;
  if (!Number.isInteger(seed)) throw new Error('seed must be an integer');
  if (!(nSchools >= 4 && nSchools <= 200)) throw new Error('schools must be between 4 and 200');
  if (!(nYears >= 1 && nYears <= 10)) throw new Error('years must be between 1 and 10');
  mkdirSync(opts.outDir, { recursive: true });
  vprCatalog();
  const w = buildWorld(seed, nSchools, nYears, lastYear);
  const files: string[] = [];
  const rows: Record<string, number> = {
    registry: 0,
    scales: 0,
    vpr: 0,
    oge: 0,
    ege: 0,
    journal: 0,
    tabel: 0,
    programmes: 0,
  };
  const add = (family: string, out: { path: string; rows: number }) => {
    files.push(out.path);
    rows[family] = (rows[family] ?? 0) + out.rows;
  };

  add('registry', await writeRegistry(w.schools, opts.outDir));
  const perYear = w.years.map((year) => ({ year, works: worksForYear(seed, year.spring) }));
  add('scales', writeVprScales(perYear, opts.outDir));
  for (const { year, works } of perYear) {
    for (const work of works) add('vpr', await writeVprFile(w, year, work, opts.outDir));
  }
  const last = w.years[w.years.length - 1];
  for (const year of w.years) for (const out of await writeOge(w, year, opts.outDir, year === last)) add('oge', out);
  for (const year of w.years) add('ege', await writeEge(w, year, opts.outDir));
  for (const { year, works } of perYear) {
    for (const s of w.schools) add('journal', await writeJournal(w, s, year, works, year === last, opts.outDir));
  }
  if (last) {
    const tabel = await writeTabel(w, last, opts.outDir);
    if (tabel) add('tabel', tabel);
  }
  const programmes = demoProgrammes(w);
  for (const p of programmes) add('programmes', await writeProgramme(p, opts.outDir));

  const truth: Truth = {
    seed,
    schools: w.schools.map((s) => ({ school_code: s.code, planted: [...s.planted] })),
    programmes: programmes.map((p) => ({
      school_code: p.school.code,
      start_year: p.passport.startYear,
      effect: p.school.programme!.effect,
    })),
  };
  writeFileSync(join(opts.outDir, TRUTH_FILE), JSON.stringify(truth, null, 2) + '\n', 'utf8');
  return {
    files,
    truth,
    schools: w.schools.map((s) => ({
      school_code: s.code,
      name: s.name,
      fisoko_login: s.loginNew,
      rcoi_code: s.rcoiCode,
    })),
    rows,
  };
}
