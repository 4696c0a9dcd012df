// ВПР-8 → ОГЭ-9 of the same cohort (§2.4): the excess gap is tested only on compulsory subjects, with a standard
// error, a one-sided p-value and Benjamini–Hochberg q across the year's tests. Twenty independent replicates
// (seeds) share one store as twenty ОГЭ years: ВПР-8 in year 2000 + r, ОГЭ-9 in 2001 + r. Thirty schools have the
// same true КУ on both (the null); school P has КУ 80% on ВПР and 30% on ОГЭ in mathematics and in geography.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chance, randInt, rngFor, uniform } from '../../demo/rng.js';
import { loadConfig } from '../../domain/methodology.js';
import { appendRows } from '../../store/append.js';
import { closeStore, openStore, type Store } from '../../store/db.js';
import { queryRows } from '../../store/query.js';
import { resolveSchools } from '../../store/school-identity.js';
import { build } from '../../transforms/runner.js';

const REPS = 20;
const SCHOOLS = Array.from({ length: 30 }, (_, i) => `N${String(i + 1).padStart(2, '0')}`);
const SUBJECTS = ['Математика', 'Русский язык', 'География'];
const label = (y: number) => `${y}/${String((y + 1) % 100).padStart(2, '0')}`;
const cfg = loadConfig().params;

let store: Store;
type Row = Record<string, unknown>;
let cohort: Row[];
let flags: Row[];

/** k of n pupils get «4»/«5», the rest «3»/«2»: the exact КУ k/n. */
function marks(k: number, n: number, r: () => number): number[] {
  return Array.from({ length: n }, (_, i) => (i < k ? (chance(r, 0.3) ? 5 : 4) : chance(r, 0.8) ? 3 : 2));
}

async function writeWorld(s: Store): Promise<void> {
  const c = s.conn;
  for (const code of [...SCHOOLS, 'P']) {
    await c.run(
      `INSERT INTO schools (school_code, name, short_name, municipality, school_type, settlement_type) VALUES ($c, $n, $n, 'Район', 'СОШ', 'город')`,
      { c: code, n: `СОШ ${code}` },
    );
    await c.run(`INSERT INTO school_ids VALUES ($k, 'registry', $c)`, { k: code.toLowerCase(), c: code });
  }
  const rows: unknown[][] = [];
  let work = 0,
    row = 0;
  for (let rep = 0; rep < REPS; rep++) {
    const r = rngFor(rep + 1, 'cohort-null');
    const truth = SCHOOLS.map(() => SUBJECTS.map(() => uniform(r, 0.25, 0.75)));
    for (const [sIdx, subject] of SUBJECTS.entries()) {
      for (const [assessment, y, grade] of [
        ['ВПР', 2000 + rep, 8],
        ['ОГЭ', 2001 + rep, 9],
      ] as const) {
        await c.run(
          `INSERT INTO works (upload_id, work_no, assessment, school_year, subject, kim_grade, grade, exam_date, max_score, task_labels, task_max)
          VALUES (1, $w, $a, $y, $s, $g, $g, $d, 30, [], [])`,
          {
            w: work,
            a: assessment,
            y: label(y),
            s: subject,
            g: grade,
            d: assessment === 'ОГЭ' ? `${y + 1}-06-01` : null,
          },
        );
        const add = (code: string, ms: number[]) => {
          for (const m of ms) rows.push([1, work, ++row, code, `P${row}`, 'present', m * 6, m]);
        };
        for (const [i, code] of SCHOOLS.entries()) {
          const n = randInt(r, 15, 40);
          let k = 0;
          for (let p = 0; p < n; p++) if (chance(r, truth[i]![sIdx]!)) k++;
          add(code, marks(k, n, r));
        }
        // P: a planted gap in mathematics and geography (48 → 18 of 60), none in Russian (30 of 60 on both).
        add('P', marks(subject === 'Русский язык' ? 30 : assessment === 'ВПР' ? 48 : 18, 60, r));
        work++;
      }
    }
  }
  await c.run(
    'CREATE TEMP TABLE gen_rows (upload_id BIGINT, work_no INTEGER, row_no INTEGER, school_ref VARCHAR, participant_code VARCHAR, status VARCHAR, primary_score DOUBLE, mark TINYINT)',
  );
  await appendRows(c, 'gen_rows', ['int', 'int', 'int', 'varchar', 'varchar', 'varchar', 'double', 'int'], rows);
  await c.run(`INSERT INTO pupil_results (upload_id, work_no, row_no, school_ref, participant_code, status, primary_score, mark, task_scores)
    SELECT upload_id, work_no, row_no, school_ref, participant_code, status, primary_score, mark, [] FROM gen_rows`);
  await c.run('DROP TABLE gen_rows');
}

/** Upper normal tail by the Numerical Recipes erfc (Chebyshev fit, relative error < 1.2e-7) — not the SQL macro's formula. */
function normSf(z: number): number {
  const x = Math.abs(z) / Math.SQRT2;
  const t = 1 / (1 + 0.5 * x);
  const erfc =
    t *
    Math.exp(
      -x * x -
        1.26551223 +
        t *
          (1.00002368 +
            t *
              (0.37409196 +
                t *
                  (0.09678418 +
                    t *
                      (-0.18628806 +
                        t *
                          (0.27886807 + t * (-1.13520398 + t * (1.48851587 + t * (-0.82215223 + t * 0.17087277)))))))),
    );
  return z >= 0 ? erfc / 2 : 1 - erfc / 2;
}

beforeAll(async () => {
  store = await openStore(':memory:');
  await writeWorld(store);
  await resolveSchools(store.conn); // rows written directly, as ingest would resolve them
  const r = await build(store);
  expect(r.failures).toEqual([]);
  expect(r.ok).toBe(true);
  cohort = await queryRows(store.conn, `SELECT * FROM mart_cohort`);
  flags = await queryRows(store.conn, `SELECT * FROM mart_flags WHERE rule_id = 'OBJ-COHORT-DKU'`);
}, 300_000);
afterAll(async () => closeStore(store));

describe('ВПР-8 → ОГЭ-9 cohort gap', () => {
  it('every replicate pairs each school and subject once', () => {
    expect(cohort.length).toBe(REPS * (SCHOOLS.length + 1) * SUBJECTS.length);
    expect(new Set(cohort.map((c) => c.school_year)).size).toBe(REPS);
  });

  it('under the null at most 5% of schools are in the attention zone, though the bare 20 p.p. rule would list more', () => {
    const nulls = cohort.filter((c) => c.school_code !== 'P');
    const key = (c: Row) => `${c.school_code} ${c.school_year}`;
    const zone = new Set(flags.filter((f) => f.flag_level === 'зона внимания' && f.school_code !== 'P').map(key));
    const bare = new Set(
      nulls
        .filter((c) => c.subject !== 'География' && (c.dku_excess as number) >= cfg.cohort_dku_excess!.value)
        .map(key),
    );
    const units = SCHOOLS.length * REPS;
    expect(zone.size / units).toBeLessThanOrEqual(0.05);
    expect(bare.size / units).toBeGreaterThan(0.05); // the world is noisy enough to need the test
    // The zone in mart_flags is exactly the school-years with a zone-level subject in mart_cohort.
    const zoneAll = new Set(flags.filter((f) => f.flag_level === 'зона внимания').map(key));
    expect(zoneAll).toEqual(new Set(cohort.filter((c) => c.flag_level === 'зона внимания').map(key)));
  });

  it('the planted mathematics gap is in the attention zone in every replicate, with interval and q in the reason', () => {
    const p = flags.filter((f) => f.school_code === 'P');
    expect(p.length).toBe(REPS);
    for (const f of p) {
      expect(f.flag_level).toBe('зона внимания');
      expect(String(f.reason)).toMatch(
        /Математика: КУ на ВПР-8 \(\d{4}\/\d\d\) 80%, на ОГЭ \(\d{4}\/\d\d\) 30%, разрыв \+50,0 п\.п\..*превышение \+\d+,\d п\.п\. \(95% ДИ \+\d+,\d п\.п\. … \+\d+,\d п\.п\., q = 0,\d{3}\)/,
      );
      expect(String(f.reason)).not.toContain('География');
      expect(String(f.reason)).not.toContain('Русский язык'); // no gap planted there
    }
  });

  it('elective subjects are never tested or flagged, however large the gap', () => {
    const geo = cohort.filter((c) => c.subject === 'География');
    expect(geo.length).toBe(REPS * (SCHOOLS.length + 1));
    for (const g of geo)
      expect([g.compulsory, g.p_value, g.q_value, g.flag_level, g.flag_dku]).toEqual([false, null, null, null, false]);
    const pGeo = geo.filter((g) => g.school_code === 'P');
    for (const g of pGeo) expect(g.dku_excess as number).toBeGreaterThan(0.4);
    expect(cohort.filter((c) => c.subject !== 'География').every((c) => c.compulsory === true)).toBe(true);
  });

  it('SE, interval, one-sided p and Benjamini–Hochberg q agree with an independent computation', () => {
    const z = cfg.ci_z!.value;
    const byYear = new Map<string, Row[]>();
    for (const c of cohort.filter((x) => x.compulsory)) {
      const nv = Number(c.n_vpr),
        ng = Number(c.n_gia);
      const pv = (Math.round((c.ku_vpr as number) * nv) + 1) / (nv + 2),
        pg = (Math.round((c.ku_gia as number) * ng) + 1) / (ng + 2);
      const se = Math.sqrt((pv * (1 - pv)) / (nv + 2) + (pg * (1 - pg)) / (ng + 2));
      const ex = c.dku_excess as number;
      expect(c.se as number).toBeCloseTo(se, 12);
      expect(c.dku_lo as number).toBeCloseTo(ex - z * se, 12);
      expect(c.dku_hi as number).toBeCloseTo(ex + z * se, 12);
      expect(c.p_value as number).toBeCloseTo(normSf(ex / se), 6);
      byYear.set(String(c.school_year), [...(byYear.get(String(c.school_year)) ?? []), c]);
    }
    for (const rows of byYear.values()) {
      const m = rows.length;
      const sorted = [...rows].sort((a, b) => (a.p_value as number) - (b.p_value as number));
      let running = 1;
      for (let i = m - 1; i >= 0; i--) {
        running = Math.min(running, ((sorted[i]!.p_value as number) * m) / (i + 1));
        expect(sorted[i]!.q_value as number).toBeCloseTo(running, 9);
        const ex = sorted[i]!.dku_excess as number;
        const level =
          ex < cfg.cohort_dku_excess!.value ? null : running < cfg.cohort_q!.value ? 'зона внимания' : 'сигнал';
        expect(sorted[i]!.flag_level).toBe(level);
      }
    }
  });
});
