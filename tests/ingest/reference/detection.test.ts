// Detection across the reference and aggregate modules: every file is claimed by exactly one module (≥ 0.9),
// the others stay below the loader's 0.5 threshold, and other teams' samples are left alone.
import { beforeAll, describe, expect, it } from 'vitest';
import { aggregateFormats } from '../../../ingest/formats/aggregate/index.js';
import { referenceFormats } from '../../../ingest/formats/reference/index.js';
import { detectScore, samplePath } from '../../helpers/parse.js';
import { writeMarkComparison, writeMarkStats } from '../aggregate/fisoko-fixtures.js';
import { writeReferenceFixtures } from './fixtures.js';
import { tempDir } from './write-fixture.js';

const MODULES = [...referenceFormats, ...aggregateFormats];

const SAMPLES: [string, string][] = [
  ['fisoko_school_logins_altai_sch22xxxx.xlsx', 'fisoko-logins'],
  ['fisoko_vpr_task_description_math4/ALL.xlsx', 'fisoko-task-description'],
  ['fisoko_vpr_task_description_math4/KS.xlsx', 'fisoko-code-dictionary'],
  ['fisoko_vpr_task_description_math4/KT.xlsx', 'fisoko-code-dictionary'],
  ['moscow_ege_by_school_2015-2016__data-9722-2016-10-31.csv', 'moscow-ege-9722'],
  ['moscow_gia9_oge_2015_by_exam__data.xlsx', 'moscow-gia9-2015'],
];
const FOREIGN = [
  'fisoko_vpr2021_altai_export_geography10.xlsx',
  'ejournal_tabel_uspevaemosti_8A_2024-25_PSEUDONYMISED.xlsx',
  'ejournal_otchet_uspevaemost_poseshchaemost_8A_2024-25_PSEUDONYMISED.xlsx',
  'fisoko_vpr2020_altai_raw_export_french7.xlsx',
  'fisoko_vpr2021_altai_export_french11.xlsx',
  'fisoko_vpr2022_altai_export_geography10.xlsx',
  'fisoko_vpr2022_altai_export_german11.xlsx',
  'fisoko_vpr_school_protocol_form_example__base_form.xlsx',
];

async function scores(path: string): Promise<Map<string, number>> {
  return new Map(await Promise.all(MODULES.map(async (m) => [m.id, await detectScore(m, path)] as const)));
}

function expectOnly(s: Map<string, number>, id: string): void {
  expect(s.get(id)).toBeGreaterThanOrEqual(0.9);
  for (const [other, v] of s) if (other !== id) expect({ other, below: v < 0.5 }).toEqual({ other, below: true });
}

const generated: [string, string][] = [];
beforeAll(async () => {
  const dir = tempDir('detect');
  const fx = await writeReferenceFixtures(dir);
  generated.push(
    [fx.registry, 'school-registry'],
    [fx.registryCsv, 'school-registry'],
    [fx.scalesRu, 'vpr-scales'],
    [fx.scalesEn, 'vpr-scales'],
    [fx.targets, 'programme-targets'],
  );
  generated.push(
    [await writeMarkStats(dir, 'stats.xlsx'), 'fisoko-mark-stats'],
    [await writeMarkComparison(dir, 'cmp.xlsx'), 'fisoko-mark-comparison'],
  );
});

describe('detection', () => {
  it.each(SAMPLES)('%s → %s only', async (file, id) => {
    expectOnly(await scores(samplePath(file)), id);
  });

  it('generated fixtures → their module only', async () => {
    for (const [path, id] of generated) expectOnly(await scores(path), id);
  });

  it.each(FOREIGN)('%s is not claimed', async (file) => {
    for (const [id, v] of await scores(samplePath(file))) expect({ id, below: v < 0.5 }).toEqual({ id, below: true });
  });
});
