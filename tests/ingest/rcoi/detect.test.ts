// Detection: each РЦОИ / journal file is claimed by exactly one of these modules (≥ 0.9); ФИС ОКО files by none (< 0.5).
import { rmSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { journalFormats } from '../../../ingest/formats/journal/index.js';
import { rcoiFormats } from '../../../ingest/formats/rcoi/index.js';
import { detectScore, samplePath } from '../../helpers/parse.js';
import { tempDir as journalTemp, vedomostCsv1251, vedomostXlsx } from '../journal/build-fixtures.js';
import { egeCompact, egeSparse, gia9Csv, ogeDense, tempDir } from './build-fixtures.js';

const MODULES = [...rcoiFormats, ...journalFormats];
let dirs: string[] = [];
const files: [string, string][] = [];

beforeAll(async () => {
  const d = tempDir(),
    j = journalTemp();
  dirs = [d, j];
  files.push(
    ['rcoi-protocol', await ogeDense(d)],
    ['rcoi-protocol', await ogeDense(d, { name: 'ОГЭ_без_шапки.xlsx', noHeader: true })],
    ['rcoi-protocol', await egeCompact(d)],
    ['rcoi-protocol', await egeSparse(d)],
    ['rcoi-gia9-csv', gia9Csv(d)],
    ['journal-vedomost', await vedomostXlsx(j)],
    ['journal-vedomost', vedomostCsv1251(j)],
    ['journal-tabel', samplePath('ejournal_tabel_uspevaemosti_8A_2024-25_PSEUDONYMISED.xlsx')],
    [
      'journal-attendance-report',
      samplePath('ejournal_otchet_uspevaemost_poseshchaemost_8A_2024-25_PSEUDONYMISED.xlsx'),
    ],
  );
});
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

async function scores(path: string): Promise<Record<string, number>> {
  const out: Record<string, number> = {};
  for (const m of MODULES) out[m.id] = await detectScore(m, path);
  return out;
}

describe('detection', () => {
  it('claims every РЦОИ and journal file by exactly one module with confidence ≥ 0.9', async () => {
    for (const [id, path] of files) {
      const s = await scores(path);
      const claimed = Object.entries(s)
        .filter(([, v]) => v >= 0.9)
        .map(([k]) => k);
      expect({ path, claimed }).toEqual({ path, claimed: [id] });
    }
  });

  it.each([
    'fisoko_vpr2021_altai_export_geography10.xlsx',
    'fisoko_vpr2022_altai_export_german11.xlsx',
    'fisoko_vpr_school_protocol_form_example__base_form.xlsx',
    'moscow_ege_by_school_2015-2016__data-9722-2016-10-31.csv',
  ])('%s is not taken for РЦОИ or a journal', async (name) => {
    const s = await scores(samplePath(name));
    for (const v of Object.values(s)) expect(v).toBeLessThan(0.5);
  });
});
