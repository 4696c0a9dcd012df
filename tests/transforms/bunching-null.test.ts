// A3 (scores bunched at mark cut-offs) on generated municipalities where the truth is known: with nothing planted
// strong and weak schools cross the raw 5 % level equally often and the attention zone stays within the nominal rate
// (a reference share from all other schools alike fails this — the control); planted bunching is found.
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { closeStore, openStore, type Store } from '../../store/db.js';
import { build } from '../../transforms/runner.js';
import { removeTempDirs, tempDir } from '../jobs/helpers.js';
import { type WorldOptions, writeWorld, YEARS } from './objectivity-world.js';

afterAll(() => removeTempDirs());

interface Test {
  level: number;
  p: number;
  pPlain: number;
  q: number;
}
interface Outcome {
  tests: Test[];
  zone: string[];
  bunched: string[];
}

/** p under the plain reference (all other schools alike), for the control: same binomial tail as mart_bunching. */
const PLAIN = `WITH b AS (SELECT *, (sum(k) OVER w - k) / nullif(sum(m) OVER w - m, 0) AS q0 FROM mart_bunching WINDOW w AS (PARTITION BY school_year, assessment, subject, grade, cut))
  SELECT b.school_code, b.school_year, b.subject, b.cut, b.p_value, b.q_value, l.x,
         least(1.0, sum(exp(lgamma(b.m + 1) - lgamma(j + 1) - lgamma(b.m - j + 1) + j * ln(least(greatest(b.q0, 0.01), 0.99)) + (b.m - j) * ln(1 - least(greatest(b.q0, 0.01), 0.99))))) AS p_plain
  FROM b JOIN (SELECT school_code, school_year, subject, avg(primary_score) AS x FROM int_results GROUP BY ALL) l USING (school_code, school_year, subject),
    unnest(range(b.k::BIGINT, b.m::BIGINT + 1)) r(j)
  GROUP BY ALL`;

async function run(o: WorldOptions): Promise<Outcome> {
  const store: Store = await openStore(join(tempDir('bunching'), 'store.duckdb'));
  try {
    const { bunched } = await writeWorld(store, o);
    const b = await build(store);
    expect(b.ok, b.ok ? '' : b.failures.join('\n')).toBe(true);
    const rows = async (sql: string) =>
      (await store.conn.runAndReadAll(sql)).getRowObjectsJson() as Record<string, unknown>[];
    const raw = await rows(PLAIN);
    // Level of a school: its rank among the schools of the same work (0 weakest … 1 strongest).
    const byWork = new Map<string, number[]>();
    for (const t of raw) {
      const k = `${t.school_year}|${t.subject}`;
      byWork.set(k, [...(byWork.get(k) ?? []), Number(t.x)]);
    }
    const tests = raw.map((t) => {
      const xs = [...new Set(byWork.get(`${t.school_year}|${t.subject}`)!)].sort((a, c) => a - c);
      return {
        level: xs.indexOf(Number(t.x)) / Math.max(1, xs.length - 1),
        p: Number(t.p_value),
        pPlain: Number(t.p_plain),
        q: Number(t.q_value),
      };
    });
    const zone = (
      await rows(
        `SELECT school_code || '|' || school_year AS k FROM mart_flags WHERE rule_id = 'OBJ-A3' AND flag_level = 'зона внимания'`,
      )
    ).map((x) => String(x.k));
    return { tests, zone, bunched };
  } finally {
    await closeStore(store);
  }
}

const rate = (ts: Test[], f: (t: Test) => boolean) => ts.filter(f).length / ts.length;

describe('A3 on a generated null municipality (nothing planted)', () => {
  it('strong and weak schools cross p < 0,05 equally often; the zone stays within 5 % of school-years; the plain reference is biased', async () => {
    const outcomes: Outcome[] = [];
    for (let seed = 21; seed <= 28; seed++) outcomes.push(await run({ seed, schools: 30 }));
    const tests = outcomes.flatMap((o) => o.tests);
    expect(tests.length).toBeGreaterThan(1000);
    const strong = tests.filter((t) => t.level >= 2 / 3),
      weak = tests.filter((t) => t.level <= 1 / 3);
    const [pStrong, pWeak] = [rate(strong, (t) => t.p < 0.05), rate(weak, (t) => t.p < 0.05)];
    console.log(
      `A3 null: raw p<0,05 strong ${pStrong.toFixed(3)}, weak ${pWeak.toFixed(3)}; plain reference: strong ${rate(strong, (t) => t.pPlain < 0.05).toFixed(3)}, weak ${rate(weak, (t) => t.pPlain < 0.05).toFixed(3)}`,
    );
    expect(pStrong).toBeLessThanOrEqual(0.07);
    expect(pWeak).toBeLessThanOrEqual(0.07);
    expect(Math.abs(pStrong - pWeak)).toBeLessThanOrEqual(0.03);
    expect(rate(tests, (t) => t.q < 0.05)).toBeLessThanOrEqual(0.05);
    const zone = outcomes.reduce((a, o) => a + o.zone.length, 0);
    expect(zone / (outcomes.length * 30 * YEARS.length)).toBeLessThanOrEqual(0.05);
    // The control: a reference from all other schools alike flags strong schools more often than weak ones.
    expect(rate(strong, (t) => t.pPlain < 0.05) - rate(weak, (t) => t.pPlain < 0.05)).toBeGreaterThan(0.02);
  }, 300_000);
});

describe('A3 with bunching planted', () => {
  it('finds most planted schools (seeds not used above) and few others', async () => {
    let found = 0,
      planted = 0,
      others = 0,
      otherSchoolYears = 0;
    for (const seed of [505, 606, 707, 808]) {
      const o = await run({ seed, schools: 25, bunched: 2, bunchingShare: 0.8 });
      const zoneSchools = new Set(o.zone.map((k) => k.split('|')[0]!));
      for (const s of o.bunched) {
        planted++;
        if (zoneSchools.has(s)) found++;
      }
      others += o.zone.filter((k) => !o.bunched.includes(k.split('|')[0]!)).length;
      otherSchoolYears += (25 - o.bunched.length) * YEARS.length;
    }
    expect(planted).toBe(8);
    expect(found / planted).toBeGreaterThanOrEqual(0.75);
    expect(others / otherSchoolYears).toBeLessThanOrEqual(0.05);
  }, 240_000);
});
