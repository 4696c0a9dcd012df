// The ШНОР list over a window of school years (§4): a school with shnor_years_min «low» years of the last
// shnor_years_window stays on the year's list even when that year is not low; a single past low year is no signal;
// a year without the school's data is neither «low» nor «not low». The store is written through the source tables
// (one ВПР work a year) and built by the real runner, so ИОР, the «low» rule and the flags all run.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../domain/methodology.js';
import { appendRows } from '../../store/append.js';
import { closeStore, openStore, type Store } from '../../store/db.js';
import { queryRows } from '../../store/query.js';
import { resolveSchools } from '../../store/school-identity.js';
import { build } from '../../transforms/runner.js';

const YEARS = ['2021/22', '2022/23', '2023/24', '2024/25'];
// Marks of 20 pupils: G — КУ 50%, no «2»; L — КУ 15%, 10% «2» (below half the median ИОР); W — the worst school every
// year (КУ 0, 30% «2»), so that P10 and P90 pick it and not the school under test; '-' — no data that year.
const MARKS: Record<string, number[]> = {
  G: [...Array(10).fill(4), ...Array(10).fill(3)],
  L: [...Array(3).fill(4), ...Array(15).fill(3), ...Array(2).fill(2)],
  W: [...Array(14).fill(3), ...Array(6).fill(2)],
};
const PATTERN: Record<string, string> = {
  Z: 'WWWW',
  A: 'GLLG',
  B: 'GLGG',
  C: 'GLGL',
  D: 'GGLL',
  M: 'LL-G',
  E: 'GGGL',
  F: 'GGLG',
  G1: 'GGGG',
  G2: 'GGGG',
  G3: 'GGGG',
  G4: 'GGGG',
  G5: 'GGGG',
  G6: 'GGGG',
};

let store: Store;
type Flag = {
  school_code: string;
  school_year: string;
  flag_level: string;
  rule_id: string;
  reason: string;
  exit_criterion: string;
};
let flags: Flag[];
const flag = (code: string, year: string) => flags.filter((f) => f.school_code === code && f.school_year === year);

async function writeStore(s: Store): Promise<void> {
  const c = s.conn;
  for (const code of Object.keys(PATTERN)) {
    await c.run(
      `INSERT INTO schools (school_code, name, short_name, municipality, school_type, settlement_type) VALUES ($c, $n, $n, 'Район', 'СОШ', 'город')`,
      { c: code, n: `СОШ ${code}` },
    );
    await c.run(`INSERT INTO school_ids VALUES ($k, 'registry', $c)`, { k: code.toLowerCase(), c: code });
  }
  const rows: unknown[][] = [];
  let row = 0;
  for (const [w, year] of YEARS.entries()) {
    await c.run(
      `INSERT INTO works (upload_id, work_no, assessment, school_year, subject, kim_grade, grade, max_score, task_labels, task_max)
      VALUES (1, $w, 'ВПР', $y, 'Математика', 5, 5, 20, [], [])`,
      { w, y: year },
    );
    for (const [code, pattern] of Object.entries(PATTERN)) {
      const kind = pattern[w]!;
      if (kind === '-') continue;
      for (const mark of MARKS[kind]!) rows.push([1, w, ++row, code, `P${row}`, 'present', mark * 4, mark]);
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

beforeAll(async () => {
  store = await openStore(':memory:');
  await writeStore(store);
  await resolveSchools(store.conn); // rows written directly, as ingest would resolve them
  const r = await build(store);
  expect(r.failures).toEqual([]);
  expect(r.ok).toBe(true);
  flags = (await queryRows(
    store.conn,
    `SELECT school_code, school_year, flag_level, rule_id, reason, exit_criterion FROM mart_flags WHERE flag = 'ШНОР'`,
  )) as Flag[];
});
afterAll(async () => closeStore(store));

describe('ШНОР: «2 low years of the last 3» by school years', () => {
  it('the fixture is what it claims: L and W years are «low», G years are not, «-» years have no ИОР', async () => {
    const rows = await queryRows(store.conn, `SELECT school_code, school_year, is_low FROM mart_shnor_years`);
    for (const [code, pattern] of Object.entries(PATTERN))
      for (const [w, year] of YEARS.entries()) {
        const r = rows.filter((x) => x.school_code === code && x.school_year === year);
        if (pattern[w] === '-') expect(r, `${code} ${year}`).toEqual([]);
        else
          expect(
            r.map((x) => x.is_low),
            `${code} ${year}`,
          ).toEqual([pattern[w] !== 'G']);
      }
  });

  it('low in y−2 and y−1 but not in y: on the y list as «зона внимания», the reason names both years and says y is not low', () => {
    const a = flag('A', '2024/25');
    expect(a.map((f) => [f.flag_level, f.rule_id])).toEqual([['зона внимания', 'SHNOR-LOW-2of3']]);
    expect(a[0]!.reason).toMatch(/^Низкие результаты в 2022\/23, 2023\/24 \(2 из последних 3 лет\)\./);
    expect(a[0]!.reason).toMatch(
      /В 2024\/25 год не «низкий»: ИОР \d,\d\d \(10-й процентиль муниципалитета \d,\d\d, 0,50 медианы \d,\d\d\)/,
    );
  });

  it('two low years of three with y low: «зона внимания»; the earlier low year counts across a not-low year', () => {
    for (const [code, years] of [
      ['C', '2022/23, 2024/25'],
      ['D', '2023/24, 2024/25'],
      ['Z', '2022/23, 2023/24, 2024/25'],
    ] as const) {
      const f = flag(code, '2024/25');
      expect(
        f.map((x) => x.flag_level),
        code,
      ).toEqual(['зона внимания']);
      expect(f[0]!.reason, code).toContain(`Низкие результаты в ${years} (`);
      expect(f[0]!.reason, code).toMatch(/В 2024\/25: ИОР \d,\d\d — /);
    }
  });

  it('a single past low year is nothing now; a single low current year is a «сигнал»', () => {
    expect(flag('B', '2024/25')).toEqual([]); // low only in y−2
    expect(flag('F', '2024/25')).toEqual([]); // low only in y−1
    expect(flag('C', '2023/24')).toEqual([]); // low in 2022/23 only within 2021/22–2023/24
    expect(flag('E', '2024/25').map((f) => [f.flag_level, f.rule_id])).toEqual([['сигнал', 'SHNOR-LOW-1']]);
    expect(flag('B', '2022/23').map((f) => [f.flag_level, f.rule_id])).toEqual([['сигнал', 'SHNOR-LOW-1']]);
    for (const g of ['G1', 'G2', 'G3', 'G4', 'G5', 'G6'])
      expect(
        flags.filter((f) => f.school_code === g),
        g,
      ).toEqual([]);
  });

  it('a school without data in a year is neither «low» nor «not low»: it stays listed and the reason says so', () => {
    // M: low 2021/22 and 2022/23, no data 2023/24, not low 2024/25.
    const gap = flag('M', '2023/24');
    expect(gap.map((f) => f.flag_level)).toEqual(['зона внимания']);
    expect(gap[0]!.reason).toContain(
      'Низкие результаты в 2021/22, 2022/23 (2 из последних 3 лет; нет данных за 2023/24).',
    );
    expect(gap[0]!.reason).toContain('За 2023/24 данных ИОР нет');
    // 2024/25: one low year (2022/23) and one unknown (2023/24) in the window — undecidable, so the school keeps its place.
    const after = flag('M', '2024/25');
    expect(after.map((f) => f.flag_level)).toEqual(['зона внимания']);
    expect(after[0]!.reason).toContain('нет данных за 2023/24');
    expect(after[0]!.reason).toContain('не проверить: ОО остаётся в зоне внимания, как в 2023/24');
    expect(after[0]!.reason).toContain('В 2024/25 год не «низкий»');
  });

  it('the list exit agrees with the programme exit: programme_exit_years not-low years in a row ⇒ off the list', async () => {
    const cfg = loadConfig().params;
    const need = cfg.programme_exit_years!.value;
    // With fewer, a school meeting the programme criterion could still hold shnor_years_min low years of the window.
    expect(need).toBeGreaterThanOrEqual(cfg.shnor_years_window!.value - cfg.shnor_years_min!.value + 1);
    let checked = 0;
    for (const [code, pattern] of Object.entries(PATTERN)) {
      let run = 0;
      for (const [w, year] of YEARS.entries()) {
        run = pattern[w] === 'G' ? run + 1 : 0; // a low year or a year without data breaks the run (mart_programme_exit)
        if (run >= need) {
          expect(flag(code, year), `${code} ${year}`).toEqual([]);
          checked++;
        }
      }
    }
    expect(checked).toBeGreaterThanOrEqual(10);
    // And the zone's exit text states the window rule, not only the programme's streak.
    expect(flag('A', '2024/25')[0]!.exit_criterion).toMatch(
      /^Снимается, когда из последних 3 лет «низких» останется меньше 2 и текущий год не «низкий»/,
    );
  });
});
