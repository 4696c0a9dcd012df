// How often the difference in differences gets it right over several generated municipalities (not one chosen
// seed): effective programmes (+0,5 θ) should mostly be found «лучше», programmes without effect should rarely be
// called different — the 95% interval promises about 1 in 20 for those.
import { describe, expect, it } from 'vitest';
import { closeStore, openStore } from '../../store/db.js';
import { queryRows } from '../../store/query.js';
import { build } from '../../transforms/runner.js';
import { loadWorld } from './programme-world.js';

const SEEDS = [3, 4, 5, 6];

async function verdicts(seed: number): Promise<{ effect: number; evidence: string }[]> {
  const store = await openStore(':memory:');
  try {
    const w = await loadWorld(store, { seed, schools: 80, effect: 0.5 });
    const r = await build(store);
    expect(r.failures).toEqual([]);
    const rows = await queryRows(
      store.conn,
      `SELECT school_code, evidence FROM mart_programme_effect WHERE outcome = 'vpr_mean' AND school_code IS NOT NULL`,
    );
    return w.schools
      .filter((s) => s.programme)
      .map((s) => ({
        effect: s.programme!.effect,
        evidence: String(rows.find((x) => x.school_code === s.code)?.evidence),
      }));
  } finally {
    await closeStore(store);
  }
}

describe('programme effect over several generated municipalities', () => {
  it('finds most effective programmes and rarely calls a programme without effect different', async () => {
    const all = [];
    for (const seed of SEEDS) all.push(...(await verdicts(seed)));
    const effective = all.filter((v) => v.effect > 0),
      nulls = all.filter((v) => v.effect === 0);
    expect(effective.length).toBeGreaterThanOrEqual(SEEDS.length);
    expect(nulls.length).toBeGreaterThanOrEqual(SEEDS.length);
    const found = effective.filter((v) => v.evidence === 'изменение лучше, чем у похожих школ').length;
    const falseCalls = nulls.filter((v) => v.evidence !== 'не отличается от похожих школ').length;
    console.log(
      `DiD over seeds ${SEEDS.join(', ')}: effective found ${found}/${effective.length}, programmes without effect called different ${falseCalls}/${nulls.length}`,
    );
    expect(found / effective.length).toBeGreaterThanOrEqual(0.75);
    expect(falseCalls / nulls.length).toBeLessThanOrEqual(0.25);
  }, 600_000);
});
