// The ВПР scales shipped with the product (store/seeds/vpr_scales_2020-2022.csv, transcribed from the Altai
// analytics app for ВПР 2020–2022). They are seeded for the school years those ВПР belong to.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { VprScale } from './scales.js';

export const SEED_VPR_YEARS = ['2019/20', '2020/21', '2021/22'];

export function seedVprScales(): VprScale[] {
  const path = fileURLToPath(new URL('../store/seeds/vpr_scales_2020-2022.csv', import.meta.url));
  const lines = readFileSync(path, 'utf8').trim().split(/\r?\n/).slice(1);
  const out: VprScale[] = [];
  for (const line of lines) {
    const [subject, kim, , m3, , m4, , m5] = line.split(',');
    for (const schoolYear of SEED_VPR_YEARS)
      out.push({
        schoolYear,
        subject: subject!,
        kimGrade: Number(kim),
        mark3Min: Number(m3),
        mark4Min: Number(m4),
        mark5Min: Number(m5),
        maxScore: null,
      });
  }
  return out;
}
