// Detection is by content: each ФИС ОКО layout is claimed by exactly one module, and none claims other sources.
import { readdirSync, rmSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fisokoFormats } from '../../../ingest/formats/fisoko/index.js';
import { detectScore, SAMPLES, samplePath } from '../../helpers/parse.js';
import { copySample, individualResults, tempDir } from './build-fixtures.js';

const OWN: [string, string][] = [
  ['fisoko_vpr2020_altai_raw_export_french7.xlsx', 'fisoko-vpr-2020'],
  ['fisoko_vpr2021_altai_export_french11.xlsx', 'fisoko-vpr-2021'],
  ['fisoko_vpr2021_altai_export_geography10.xlsx', 'fisoko-vpr-2021'],
  ['fisoko_vpr2022_altai_export_geography10.xlsx', 'fisoko-vpr-2022'],
  ['fisoko_vpr2022_altai_export_german11.xlsx', 'fisoko-vpr-2022'],
  ['fisoko_vpr_school_protocol_form_example__base_form.xlsx', 'fisoko-vpr-protocol-form'],
];

let dir: string;
const paths: Record<string, string> = {};
beforeAll(async () => {
  dir = tempDir();
  for (const [f] of OWN) paths[f] = samplePath(f);
  paths.report = await individualResults(dir);
  // Detection must not depend on the file name.
  paths.renamed = copySample('fisoko_vpr2021_altai_export_geography10.xlsx', dir, 'results.xlsx');
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function scores(path: string): Promise<Record<string, number>> {
  const out: Record<string, number> = {};
  for (const m of fisokoFormats) out[m.id] = await detectScore(m, path);
  return out;
}

describe('ФИС ОКО detection', () => {
  it.each([...OWN, ['report', 'fisoko-vpr-individual'], ['renamed', 'fisoko-vpr-2021']])(
    '%s → %s only',
    async (key, id) => {
      const s = await scores(paths[key]!);
      expect(s[id]).toBeGreaterThanOrEqual(0.9);
      for (const [other, v] of Object.entries(s)) if (other !== id) expect(v, other).toBeLessThan(0.5);
    },
  );

  it('claims none of the other sample sources', async () => {
    const others = readdirSync(SAMPLES).filter((f) => /\.(xlsx|csv)$/.test(f) && !f.startsWith('fisoko_vpr'));
    expect(others.length).toBeGreaterThan(3);
    for (const f of others) {
      const s = await scores(samplePath(f));
      for (const [id, v] of Object.entries(s)) expect(v, `${id} on ${f}`).toBeLessThan(0.5);
    }
  });
});
