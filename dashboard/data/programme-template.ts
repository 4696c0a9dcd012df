// The programme template pre-filled with what the store holds for a school (passport, indicators with baselines and
// the passport's targets, the roadmap with statuses), so a school edits its current programme and uploads it back.

import type { IndicatorDirection, IndicatorUnit } from '../../domain/indicators.js';
import type { MeasureStatus } from '../../domain/measure-statuses.js';
import type { ProgrammeTemplateOptions, TemplateIndicator } from '../../ingest/index.js';
import type { SchoolProgramme } from './programme.js';
import type { SchoolInfo } from './school.js';

const custom = (indicator: string) => indicator.startsWith('c_');

export function templateOptions(info: SchoolInfo, p: SchoolProgramme): ProgrammeTemplateOptions {
  const pass = p.passports[0];
  const indicators: TemplateIndicator[] = p.series.map((s) => ({
    indicator: custom(s.indicator) ? s.caption : s.indicator,
    unit: custom(s.indicator) ? (s.unit as IndicatorUnit) : null,
    direction: custom(s.indicator) ? (s.direction as IndicatorDirection) : null,
    subject: s.subject,
    grade: s.grade,
    baselineYear: s.baseline_year,
    baseline: s.baseline,
    targets: Object.fromEntries(
      s.points.filter((x) => x.planned_explicit && x.planned !== null).map((x) => [x.school_year, x.planned]),
    ),
  }));
  const seen = new Set<string>();
  const customIndicators = p.series
    .filter((s) => custom(s.indicator) && !seen.has(s.caption) && seen.add(s.caption))
    .map((s) => ({ caption: s.caption, unit: s.unit as IndicatorUnit, direction: s.direction as IndicatorDirection }));
  return {
    school: { code: info.code, name: info.name },
    passport: pass
      ? { name: pass.programme_name, startYear: pass.start_year, endYear: pass.end_year, goal: pass.goal }
      : null,
    indicators,
    customIndicators,
    roadmap: p.roadmap.map((m) => ({
      section: m.section,
      title: m.title,
      deadline: m.deadline_text ?? m.deadline,
      responsible: m.responsible,
      expectedResult: m.expected_result,
      status: m.status as MeasureStatus,
      evidence: m.evidence,
    })),
  };
}
