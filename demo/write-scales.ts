// Versioned ВПР scale file for the demo years (`vpr_scales_demo.csv`).
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { VprWork } from './vpr-works.js';
import type { YearInfo } from './world.js';

export const SCALES_FILE = 'vpr_scales_demo.csv';

export function writeVprScales(
  perYear: { year: YearInfo; works: VprWork[] }[],
  outDir: string,
): { path: string; rows: number } {
  const lines = ['school_year,subject,kim_grade,mark2_max,mark3_min,mark3_max,mark4_min,mark4_max,mark5_min,max_score'];
  for (const { year, works } of perYear) {
    for (const w of works) {
      const s = w.scale;
      lines.push(
        [
          year.label,
          w.subject,
          w.grade,
          s.mark2_max,
          s.mark3_min,
          s.mark3_max,
          s.mark4_min,
          s.mark4_max,
          s.mark5_min,
          w.max,
        ].join(','),
      );
    }
  }
  const path = join(outDir, SCALES_FILE);
  writeFileSync(path, lines.join('\n') + '\n', 'utf8');
  return { path, rows: lines.length - 1 };
}
