// Filled programme workbooks («Программа …xlsx»), one per programme school, written with the product's own
// template so the demo exercises the same import path as a school head's upload.
import { join } from 'node:path';
import { writeProgrammeTemplate } from '../ingest/index.js';
import type { DemoProgramme } from './programmes.js';
import { FIXED_DATE } from './xlsx.js';

const programmeFileName = (p: DemoProgramme): string => `Программа ${p.school.code} ${p.school.shortName}.xlsx`;

export async function writeProgramme(p: DemoProgramme, outDir: string): Promise<{ path: string; rows: number }> {
  const path = join(outDir, programmeFileName(p));
  await writeProgrammeTemplate(path, {
    school: { code: p.school.code, name: p.school.name },
    passport: p.passport,
    indicators: p.indicators,
    roadmap: p.roadmap,
    actuals: p.actuals,
    now: FIXED_DATE,
  });
  return { path, rows: 1 + p.indicators.length + p.roadmap.length + p.actuals.length };
}
