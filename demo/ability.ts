// Latent ability model: θ per pupil × subject × year, a graded-step item model
// for task scores, and calibration of a test's difficulty offset.
import type { Enrolled, Pupil } from './cohorts.js';
import { clamp, hashKey, logistic, mulberry32, normal, type Rng } from './rng.js';
import { type School, schoolEffect } from './schools.js';

export interface Task {
  label: string;
  max: number;
  b: number;
}

const SLOPE = 1.7;
const STEP = 0.6;
/** Spread of subject-specific aptitude around the general ability. */
const APTITUDE_SD = 0.45;
/** Approximate population sd of θ for one subject (individual, class, school, aptitude). */
export const POP_SD = 1.12;

/** Persistent subject aptitude of a pupil, N(0,1). */
export function aptitude(p: Pupil, subject: string): number {
  return normal(mulberry32(p.key ^ hashKey('apt', subject)));
}

/** Ability of an enrolled pupil in a subject in a given demo year. */
export function subjectTheta(e: Enrolled, school: School, yearIdx: number, subject: string): number {
  return e.pupil.theta + e.classEffect + schoolEffect(school, yearIdx) + APTITUDE_SD * aptitude(e.pupil, subject);
}

/** Per-test calibration: position on the test's logit scale is k·θ − offset. */
export interface Fit {
  k: number;
  offset: number;
}

function stepProb(x: number, t: Task, j: number): number {
  return logistic(SLOPE * (x - t.b - j * STEP));
}

/** Random score on one task: steps are taken in order until one fails. */
export function drawTaskScore(r: Rng, theta: number, t: Task, fit: Fit): number {
  const x = fit.k * theta - fit.offset;
  let s = 0;
  while (s < t.max && r() < stepProb(x, t, s)) s++;
  return s;
}

function expectedAt(x: number, tasks: readonly Task[]): number {
  let e = 0;
  for (const t of tasks) {
    let p = 1;
    for (let j = 0; j < t.max; j++) {
      p *= stepProb(x, t, j);
      e += p;
    }
  }
  return e;
}

/** Test-scale position where the expected total equals `score` (bisection; monotone). */
function positionForScore(tasks: readonly Task[], score: number): number {
  let lo = -12,
    hi = 12;
  for (let i = 0; i < 60; i++) {
    const mid = (lo + hi) / 2;
    if (expectedAt(mid, tasks) < score) lo = mid;
    else hi = mid;
  }
  return (lo + hi) / 2;
}

export function expectedTotal(theta: number, tasks: readonly Task[], fit: Fit): number {
  return expectedAt(fit.k * theta - fit.offset, tasks);
}

/** θ at which the expected total equals `score`. */
export function thetaForScore(tasks: readonly Task[], fit: Fit, score: number): number {
  return (positionForScore(tasks, score) + fit.offset) / fit.k;
}

/**
 * Fit k and offset so that the population share below score `lowCut` is `pLow`
 * and the share at or above `highCut` is `pHigh` (θ ~ N(0, POP_SD), expected scores).
 */
export function calibrate(tasks: readonly Task[], lowCut: number, pLow: number, highCut: number, pHigh: number): Fit {
  const ta = POP_SD * qnorm(pLow),
    tb = POP_SD * qnorm(1 - pHigh);
  const xa = positionForScore(tasks, lowCut - 0.5),
    xb = positionForScore(tasks, highCut - 0.5);
  const k = (xb - xa) / (tb - ta);
  return { k, offset: k * ta - xa };
}

/** Inverse standard normal CDF (Acklam's rational approximation). */
export function qnorm(p: number): number {
  const a = [
    -39.6968302866538, 220.946098424521, -275.928510446969, 138.357751867269, -30.6647980661472, 2.50662827745924,
  ];
  const b = [-54.4760987982241, 161.585836858041, -155.698979859887, 66.8013118877197, -13.2806815528857];
  const c = [
    -0.00778489400243029, -0.322396458041136, -2.40075827716184, -2.54973253934373, 4.37466414146497, 2.93816398269878,
  ];
  const d = [0.00778469570904146, 0.32246712907004, 2.445134137143, 3.75440866190742];
  const q0 = clamp(p, 1e-9, 1 - 1e-9);
  const A = (i: number) => a[i] as number,
    B = (i: number) => b[i] as number;
  const C = (i: number) => c[i] as number,
    D = (i: number) => d[i] as number;
  if (q0 < 0.02425 || q0 > 1 - 0.02425) {
    const q = Math.sqrt(-2 * Math.log(q0 < 0.5 ? q0 : 1 - q0));
    const x =
      (((((C(0) * q + C(1)) * q + C(2)) * q + C(3)) * q + C(4)) * q + C(5)) /
      ((((D(0) * q + D(1)) * q + D(2)) * q + D(3)) * q + 1);
    return q0 < 0.5 ? x : -x;
  }
  const q = q0 - 0.5,
    r = q * q;
  return (
    ((((((A(0) * r + A(1)) * r + A(2)) * r + A(3)) * r + A(4)) * r + A(5)) * q) /
    (((((B(0) * r + B(1)) * r + B(2)) * r + B(3)) * r + B(4)) * r + 1)
  );
}

/** Tasks from a compact spec `label:max …`; difficulty rises along the paper. */
export function parseTasks(spec: string, key: string, spread = 1.2): Task[] {
  const r = mulberry32(hashKey('tasks', key));
  const toks = spec.trim().split(/\s+/);
  return toks.map((tok, i) => {
    const [label, max] = tok.split(':');
    const m = Number(max);
    if (!label || !Number.isInteger(m) || m < 1) throw new Error(`bad task token ${tok} in ${key}`);
    const pos = toks.length > 1 ? i / (toks.length - 1) : 0.5;
    return { label, max: m, b: spread * (pos - 0.6) + 0.4 * normal(r) - 0.25 * (m - 1) };
  });
}

export const totalMax = (tasks: readonly Task[]): number => tasks.reduce((s, t) => s + t.max, 0);
