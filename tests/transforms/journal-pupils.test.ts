// «Качество знаний» and «успеваемость» from the journal as the seeds define them — shares of pupils over all their
// subjects — computed by hand on a small journal and compared with the marts and the programme indicators.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closeStore, openStore, type Store } from '../../store/db.js';
import { queryRows } from '../../store/query.js';
import { resolveSchools } from '../../store/school-identity.js';
import { build } from '../../transforms/runner.js';

/** Annual marks of five pupils in three subjects (null = «н/а»), and a first-term mark set for P1. */
const YEAR: Record<string, (number | null)[]> = {
  P1: [5, 4, 5], // на 4 и 5
  P2: [4, 3, 5], // успевающий, не на 4 и 5
  P3: [4, 2, 5], // неуспевающий
  P4: [5, 5, null], // «н/а» — неуспевающий
  P5: [4, 4, 4], // на 4 и 5
};
const SUBJECTS = ['Математика', 'Русский язык', 'История'];
const W: Record<string, number> = { 5: 100, 4: 64, 3: 36, 2: 16, na: 7 };

let store: Store;
const rows = (sql: string) => queryRows(store.conn, sql);

beforeAll(async () => {
  store = await openStore(':memory:');
  const c = store.conn;
  await c.run(
    `INSERT INTO schools (school_code, name, short_name, municipality, school_type, settlement_type) VALUES ('A', 'СОШ А', 'СОШ А', 'Район', 'СОШ', 'город')`,
  );
  await c.run(`INSERT INTO school_ids VALUES ('a', 'registry', 'A')`);
  let row = 0;
  const ins = (
    pupil: string,
    subject: string,
    kind: string,
    no: number | null,
    mark: number | null,
    text: string | null,
  ) =>
    c.run(
      `INSERT INTO journal_marks VALUES (1, 'Лист', $r, 'A', '2024/25', '5А', 5, $p, $s, $k, $no, $m, $t, NULL, NULL)`,
      { r: ++row, p: pupil, s: subject, k: kind, no, m: mark, t: text },
    );
  for (const [pupil, marks] of Object.entries(YEAR)) {
    for (const [i, m] of marks.entries())
      await ins(pupil, SUBJECTS[i]!, 'год', null, m, m === null ? 'н/а' : String(m));
  }
  // «зачёт» in a fourth subject does not count either way.
  await ins('P3', 'Физическая культура', 'год', null, null, 'зачёт');
  // First term: P1 had a «3» — a term of its own, not mixed into the year.
  for (const [i, m] of [3, 4, 5].entries()) await ins('P1', SUBJECTS[i]!, 'четверть', 1, m, String(m));
  await resolveSchools(store.conn); // rows written directly, as ingest would resolve them
  const r = await build(store);
  expect(r.failures).toEqual([]);
});
afterAll(async () => closeStore(store));

describe('journal indicators per pupil', () => {
  it('КУ, ОУ and СОУ of the year are shares of pupils, not of marks', async () => {
    const q = (
      await rows(`SELECT * FROM mart_journal_quality WHERE school_code = 'A' AND period_kind = 'год' AND grade IS NULL`)
    )[0]!;
    const pupils = Object.values(YEAR);
    const good = pupils.filter((ms) => ms.every((m) => m !== null && m >= 4)).length;
    const passing = pupils.filter((ms) => ms.every((m) => m !== null && m >= 3)).length;
    expect(Number(q.pupils)).toBe(5);
    expect(Number(q.good)).toBe(good);
    expect(q.ku as number).toBeCloseTo(good / 5, 12); // 0,4 — the share of marks 4/5 would be 11/15
    expect(q.ou as number).toBeCloseTo(passing / 5, 12); // 0,6
    const sou = pupils.map(
      (ms) => ms.reduce<number>((a, m) => a + W[m === null ? 'na' : String(m)]!, 0) / ms.length / 100,
    );
    expect(q.sou as number).toBeCloseTo(sou.reduce((a, b) => a + b) / sou.length, 12);
    // The marks-based figure the product used to show is different here: that is the point.
    const marks = pupils.flat();
    expect(marks.filter((m) => m !== null && m >= 4).length / marks.length).not.toBeCloseTo(q.ku as number, 2);
  });

  it('a term is its own period; the per-grade row equals the school row for a one-grade school', async () => {
    const t = (
      await rows(
        `SELECT * FROM mart_journal_quality WHERE school_code = 'A' AND period_kind = 'четверть' AND grade IS NULL`,
      )
    )[0]!;
    expect(Number(t.pupils)).toBe(1);
    expect(t.ku as number).toBe(0);
    expect(t.ou as number).toBe(1);
    const g = (
      await rows(
        `SELECT ku, ou, pupils FROM mart_journal_quality WHERE school_code = 'A' AND period_kind = 'год' AND grade = 5`,
      )
    )[0]!;
    expect(g.ku as number).toBeCloseTo(0.4, 12);
    expect(Number(g.pupils)).toBe(5);
  });

  it('the programme indicators «ku» and «ou» use the same per-pupil shares', async () => {
    const ind = await rows(
      `SELECT indicator, actual, n FROM mart_school_indicators WHERE school_code = 'A' AND school_year = '2024/25' AND indicator IN ('ku', 'ou') ORDER BY indicator`,
    );
    expect(ind.map((x) => [x.indicator, Number(x.n)])).toEqual([
      ['ku', 5],
      ['ou', 5],
    ]);
    expect(ind[0]!.actual as number).toBeCloseTo(0.4, 12);
    expect(ind[1]!.actual as number).toBeCloseTo(0.6, 12);
  });
});
