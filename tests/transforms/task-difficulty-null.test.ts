// A2 (inverted task difficulty) on generated municipalities where the truth is known: with nothing planted the
// slope statistic does not depend on school level (the % scale does, through the ceiling on easy tasks — the
// control) and almost no school is flagged; schools helping their pupils on hard tasks are found.
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { closeStore, openStore, type Store } from '../../store/db.js';
import { build } from '../../transforms/runner.js';
import { removeTempDirs, tempDir } from '../jobs/helpers.js';
import { WORKS, type WorldOptions, writeWorld, YEARS } from './objectivity-world.js';

afterAll(() => removeTempDirs());

interface Work {
  level: number;
  t: number;
  gap: number;
  a2: boolean;
}
interface Outcome {
  works: Work[];
  flagged: string[];
  helped: string[];
}

async function run(o: WorldOptions): Promise<Outcome> {
  const store: Store = await openStore(join(tempDir('a2'), 'store.duckdb'));
  try {
    const { helped } = await writeWorld(store, { ...o, tasks: true });
    const b = await build(store);
    expect(b.ok, b.ok ? '' : b.failures.join('\n')).toBe(true);
    const rows = async (sql: string) =>
      (await store.conn.runAndReadAll(sql)).getRowObjectsJson() as Record<string, unknown>[];
    // Level: the school's rank by mean primary score among the schools of the same work (0 weakest … 1 strongest).
    const works = (
      await rows(`SELECT t.t_stat, t.gap, t.a2, percent_rank() OVER (PARTITION BY t.school_year, t.subject ORDER BY l.x) AS level
      FROM mart_task_difficulty t JOIN (SELECT school_code, school_year, subject, avg(primary_score) AS x FROM int_results GROUP BY ALL) l USING (school_code, school_year, subject)`)
    ).map((x) => ({ level: Number(x.level), t: Number(x.t_stat), gap: Number(x.gap), a2: x.a2 === true }));
    const flagged = (await rows(`SELECT DISTINCT school_code FROM mart_flags WHERE rule_id = 'OBJ-A2'`)).map((x) =>
      String(x.school_code),
    );
    return { works, flagged, helped };
  } finally {
    await closeStore(store);
  }
}

const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;

describe('A2 on a generated null municipality (nothing planted)', () => {
  it('the slope statistic is level-neutral (the % gap is not: the control); few works and schools flagged', async () => {
    const outcomes: Outcome[] = [];
    for (let seed = 41; seed <= 46; seed++) outcomes.push(await run({ seed, schools: 30, levelSd: 0.9 }));
    const works = outcomes.flatMap((o) => o.works);
    expect(works.length).toBe(6 * 30 * YEARS.length * WORKS.length);
    const strong = works.filter((w) => w.level >= 2 / 3),
      weak = works.filter((w) => w.level <= 1 / 3);
    console.log(
      `A2 null: mean t strong ${mean(strong.map((w) => w.t)).toFixed(2)}, weak ${mean(weak.map((w) => w.t)).toFixed(2)}; mean % gap strong ${mean(strong.map((w) => w.gap)).toFixed(3)}, weak ${mean(weak.map((w) => w.gap)).toFixed(3)}`,
    );
    expect(Math.abs(mean(strong.map((w) => w.t)) - mean(weak.map((w) => w.t)))).toBeLessThan(0.5);
    // The control: on the % scale a strong school is «better on hard tasks» only because easy ones hit the ceiling.
    expect(mean(strong.map((w) => w.gap)) - mean(weak.map((w) => w.gap))).toBeGreaterThan(0.02);
    expect(works.filter((w) => w.a2).length / works.length).toBeLessThanOrEqual(0.02);
    const flagged = outcomes.reduce((a, o) => a + o.flagged.length, 0);
    expect(flagged / (outcomes.length * 30)).toBeLessThanOrEqual(0.05);
  }, 300_000);
});

describe('A2 with help on hard tasks planted', () => {
  it('finds most helped schools (seeds not used above) and few others', async () => {
    let found = 0,
      planted = 0,
      others = 0,
      otherSchools = 0;
    for (const seed of [909, 1010, 1111, 1212]) {
      const o = await run({ seed, schools: 25, helped: 2, helpShare: 0.5, levelSd: 0.9 });
      for (const s of o.helped) {
        planted++;
        if (o.flagged.includes(s)) found++;
      }
      others += o.flagged.filter((s) => !o.helped.includes(s)).length;
      otherSchools += 25 - o.helped.length;
    }
    expect(planted).toBe(8);
    expect(found / planted).toBeGreaterThanOrEqual(0.75);
    expect(others / otherSchools).toBeLessThanOrEqual(0.05);
  }, 240_000);
});
