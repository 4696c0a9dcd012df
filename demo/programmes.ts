// Anti-risk programmes of the demo's `low` schools, built from the three seed passports (demo/seed-passports.json):
// indicators, baselines and targets as in the seeds, the roadmap with statuses, and the reported actuals per term.
// Schools whose programme has an effect (schools.ts) also meet their reported targets and finish more measures.
import { readFileSync } from 'node:fs';
import type { IndicatorDirection, IndicatorUnit } from '../domain/indicators.js';
import { indicatorById, indicatorOf } from '../domain/indicators.js';
import type { MeasureStatus } from '../domain/measure-statuses.js';
import { parseDeadline } from '../domain/measures.js';
import type { TemplateActual, TemplateIndicator, TemplateMeasure } from '../ingest/index.js';
import { clamp, type Rng, randInt, rngFor, uniform } from './rng.js';
import type { School } from './schools.js';
import { type World, yearInfo } from './world.js';

interface SeedIndicator {
  ref: string;
  caption: string;
  unit: IndicatorUnit;
  direction: IndicatorDirection;
  subject: string | null;
  grade: number | null;
  baseline: number | null;
  targets: Record<string, number>;
}
interface SeedMeasure {
  section: string | null;
  title: string;
  deadline: string | null;
  responsible: string | null;
  expected_result: string | null;
  documents: string | null;
}
interface SeedPassport {
  seed: string;
  seed_school: string;
  years: number;
  programme_name: string;
  goal: string;
  indicators: SeedIndicator[];
  roadmap: SeedMeasure[];
}

export interface DemoProgramme {
  school: School;
  passport: { name: string; startYear: string; endYear: string; goal: string };
  indicators: TemplateIndicator[];
  roadmap: TemplateMeasure[];
  actuals: TemplateActual[];
}

let seeds: SeedPassport[] | null = null;
function seedPassports(): SeedPassport[] {
  seeds ??= (
    JSON.parse(readFileSync(new URL('./seed-passports.json', import.meta.url), 'utf8')) as { passports: SeedPassport[] }
  ).passports;
  return seeds;
}

const label = (start: number) => yearInfo(0, start + 1).label;
const fill = (s: string | null, school: School) => (s === null ? null : s.replaceAll('{school}', school.name));
/** Catalogue id for a seed row, or the seed's own wording (the school's own indicator). */
const indicatorKey = (i: SeedIndicator): string => indicatorById(i.ref)?.id ?? indicatorOf(i.caption)?.id ?? i.caption;
const isComputed = (key: string): boolean => indicatorById(key)?.origin === 'computed';
const seniorOnly = (key: string): boolean => /^(ege_|cert11_)/.test(key);

/** Planned value for year offset o (0 = first programme year): explicit target, else linear from the previous anchor, then held. */
function plannedAt(base: number, targets: Record<string, number>, o: number): number {
  const offs = Object.keys(targets)
    .map(Number)
    .sort((a, b) => a - b);
  const next = offs.find((t) => t >= o);
  const prev = [...offs].reverse().find((t) => t < o);
  const [pv, py] = prev === undefined ? [base, -1] : [targets[String(prev)]!, prev];
  if (next === undefined) return pv;
  return pv + ((targets[String(next)]! - pv) * (o - py)) / (next - py);
}

/** A plausible start where the seed gives no baseline: well short of the target. */
function startValue(r: Rng, i: SeedIndicator): number {
  const t = Object.values(i.targets)[0] ?? 0;
  if (i.unit === 'count') return i.direction === 'lower-better' ? randInt(r, 3, 8) : 0;
  return i.direction === 'lower-better'
    ? clamp(t + uniform(r, 0.1, 0.3), 0, 1)
    : Math.round(t * uniform(r, 0.3, 0.6) * 100) / 100;
}

const inRange = (unit: IndicatorUnit, v: number): number =>
  unit === 'share' ? clamp(v, 0, 1) : unit === 'count' ? Math.max(0, v) : v;
const rounded = (unit: IndicatorUnit, v: number): number =>
  unit === 'count' ? Math.round(v) : unit === 'share' ? Math.round(v * 1000) / 1000 : Math.round(v * 100) / 100;

function statusFor(r: Rng, deadline: string | null, asOf: string, works: boolean): MeasureStatus {
  if (deadline === null) return 'in_progress';
  if (deadline > asOf) return r() < (works ? 0.6 : 0.4) ? 'in_progress' : 'planned';
  const x = r();
  const [done, missed, inProgress] = works ? [0.8, 0.05, 0.1] : [0.5, 0.2, 0.2];
  return x < done ? 'done' : x < done + missed ? 'missed' : x < done + missed + inProgress ? 'in_progress' : 'planned';
}

export function demoProgrammes(w: World): DemoProgramme[] {
  const last = w.years[w.years.length - 1];
  if (!last) return [];
  const asOf = `${last.spring}-08-31`;
  return w.schools
    .filter((s) => s.programme)
    .map((s, k) => {
      const seed = seedPassports()[k % seedPassports().length]!;
      const r = rngFor(w.seed, 'programme', s.code);
      const rOwn = r;
      const works = s.programme!.effect > 0;
      const start = w.years[s.programme!.startIdx]!.spring - 1;
      const passport = {
        name: fill(seed.programme_name, s)!,
        startYear: label(start),
        endYear: label(start + seed.years - 1),
        goal: fill(seed.goal, s)!,
      };
      const rows = seed.indicators.filter((i) => s.maxGrade === 11 || !seniorOnly(indicatorKey(i)));
      const indicators: TemplateIndicator[] = rows.map((i) => ({
        indicator: indicatorKey(i),
        unit: i.unit,
        direction: i.direction,
        subject: i.subject,
        grade: i.grade,
        baselineYear: label(start - 1),
        baseline: i.baseline,
        targets: Object.fromEntries(Object.entries(i.targets).map(([o, v]) => [label(start + Number(o)), v])),
      }));
      // Reported indicators: the value at the baseline year, then per quarter of each programme year up to the last demo year.
      const actuals: TemplateActual[] = [];
      for (const i of rows.filter((x) => !isComputed(indicatorKey(x)))) {
        const key = indicatorKey(i);
        // The official ИОР (the seeds' «ИОР», reported since it is the region's index) draws from its own stream, so the
        // other actuals and the roadmap statuses stay as they were when it was taken for Ориентир's computed ИОР.
        const r = key === 'ior_official' ? rngFor(w.seed, 'programme', s.code, key) : rOwn;
        const base = i.baseline ?? startValue(r, i);
        actuals.push({ schoolYear: label(start - 1), term: null, indicator: key, value: rounded(i.unit, base) });
        let prev = base;
        for (let o = 0; start + o < last.spring; o++) {
          const plan = plannedAt(base, i.targets, o);
          // A working programme meets the plan, at times a little beyond it; one that does not gets 30–70 % of the way.
          const beyond = (i.direction === 'lower-better' ? -1 : 1) * Math.abs(plan - prev) * uniform(r, 0, 0.1);
          const goal = inRange(i.unit, works ? plan + beyond : prev + (plan - prev) * uniform(r, 0.3, 0.7));
          for (let t = 1; t <= 4; t++)
            actuals.push({
              schoolYear: label(start + o),
              term: t,
              indicator: key,
              value: rounded(i.unit, prev + ((goal - prev) * t) / 4),
            });
          prev = goal;
        }
      }
      const span = { startYear: passport.startYear, endYear: passport.endYear };
      const roadmap: TemplateMeasure[] = seed.roadmap.map((m) => {
        const d = parseDeadline(m.deadline ?? '', span);
        const status = statusFor(r, d.ok ? d.date : null, asOf, works);
        return {
          section: fill(m.section, s),
          title: fill(m.title, s)!,
          deadline: m.deadline,
          responsible: m.responsible,
          expectedResult: fill(m.expected_result, s),
          status,
          evidence: status === 'done' ? (fill(m.documents, s) ?? 'Справка о выполнении') : null,
        };
      });
      return { school: s, passport, indicators, roadmap, actuals };
    });
}
