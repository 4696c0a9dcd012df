// Every target row of the five seed passports (tests/fixtures/programme/seed-captions.json, issue #13) maps to the
// catalogue indicator it means; rows that are no school indicator are named and stay unmatched (flagged on import);
// every computed indicator of the catalogue is produced by transforms/models/mart_school_indicators.sql.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { INDICATORS, indicatorById, indicatorOf } from '../../domain/indicators.js';
import { normText } from '../../ingest/read/values.js';

interface SeedRow {
  seed: string;
  section: string;
  caption: string;
  base?: string;
  target?: string | Record<string, string>;
  whole?: string;
  note?: string;
  id: string;
}
interface UnmappableRow {
  seed: string;
  section: string;
  caption: string;
  reason: string;
}

const FIXTURE = JSON.parse(
  readFileSync(new URL('../fixtures/programme/seed-captions.json', import.meta.url), 'utf8'),
) as { rows: SeedRow[]; unmappable: UnmappableRow[] };
const SEEDS_DIR = new URL('../fixtures/seeds/', import.meta.url); // copies of ../shared/seeds
const SEED_FILES = [
  '000_9cd6b5d46850e2ca.txt',
  '001_f0318a42abaae5b1.txt',
  '002_dd4d86e076f5bf38.txt',
  '003_c42a163e8dfd0f1f.txt',
  '004_1e5c80a3e6c290c6.txt',
];

/** Ids the SQL (mart_school_indicators) must produce: every `computed` indicator of config/indicators.json. */
const SQL_COMPUTED_IDS: readonly string[] = [
  'ior',
  'ou',
  'ku',
  'vpr_confirmed',
  'vpr_mean',
  'oge_mean',
  'ege_mean',
  'at_risk_share',
  'vpr_confirmed_low',
  'gia_confirmed',
  'akr_confirmed',
  'vpr_mean_4',
  'vpr_mean_5_8',
  'oge_mean_vs_prev',
  'ege_mean_vs_prev',
  'gia_retakes',
  'failing_pupils',
  'vpr_pass_share',
  'oge_below_min_share',
  'ege_below_min_share',
  'cert9_share',
  'cert11_share',
];

describe("the seed passports' target rows (fixture)", () => {
  it('covers all five seeds; every stated id is a catalogue indicator', () => {
    expect([...new Set([...FIXTURE.rows, ...FIXTURE.unmappable].map((r) => r.seed))].sort()).toEqual(SEED_FILES);
    for (const r of FIXTURE.rows) expect(indicatorById(r.id), `${r.seed}: ${r.caption}`).toBeDefined();
    for (const r of FIXTURE.unmappable) expect(r.reason.length, r.caption).toBeGreaterThan(20);
  });

  it.each(FIXTURE.rows.map((r) => [`${r.seed.slice(0, 3)} ${r.id}: ${r.caption.slice(0, 80)}`, r] as const))(
    '%s',
    (_name, r) => {
      expect(indicatorOf(r.caption)?.id ?? null).toBe(r.id);
    },
  );

  it('rows that are no school indicator of the catalogue stay unmatched (an import flags them)', () => {
    expect(FIXTURE.unmappable.map((r) => [r.caption, indicatorOf(r.caption)?.id ?? null])).toEqual(
      FIXTURE.unmappable.map((r) => [r.caption, null]),
    );
  });

  it("the seeds' own wordings named in issue #13", () => {
    const id = (caption: string) => indicatorOf(caption)?.id ?? null;
    expect(id('Повышение ИОР по итогам участия в Проекте ШНОР-2024 (с 0,400 до 0,438 и выше)')).toBe('ior_official');
    expect(id('Повышение ОУ (от 98% до 99% и выше)')).toBe('ou');
    expect(id('КУ (от 32% до 34% и выше)')).toBe('ku');
    expect(id('ОГЭ (ср. оценка не ниже 3,40 (9кл)')).toBe('oge_mean');
    expect(id('ЕГЭ (средний балл: 54,60)')).toBe('ege_mean');
    expect(id('Отсутствие неуспевающих по итогам четверти, года')).toBe('failing_pupils');
    expect(id('Обучающихся, подтвердивших свои оценки на ВПР - не менее 90%')).toBe('vpr_confirmed');
    expect(id('Доля обучающихся, подтвердивших годовые отметки на ОГЭ')).toBe('gia_confirmed');
    expect(id('Доля обучающихся, подтвердивших отметки на АКР')).toBe('akr_confirmed');
    expect(id('без повторной сдачи ОГЭ, ЕГЭ')).toBe('gia_retakes');
    // Wordings that read the other way round are not the «подтвердивших» indicators (higher is better there).
    expect(id('Доля обучающихся, не подтверждающих внутренние оценки по результатам внешнего оценивания')).toBeNull();
    // Neighbours that must keep their indicators.
    expect(
      id(
        'Доля слабоуспевающих и неуспевающих обучающихся (от числа слабоуспевающих и неуспевающих) охваченных тьюторским сопровождением',
      ),
    ).toBe('at_risk_tutoring_share');
    expect(id('Средняя отметка ВПР')).toBe('vpr_mean');
    expect(id('Средний балл по журналу')).toBeNull();
  });

  it('captions and values are as written in the seed texts', () => {
    // The fixture's one-line form of a seed: HTML tags and footnote marks dropped, words broken at a line end joined.
    const flat = (s: string) =>
      normText(
        s
          .replace(/<sup>\d+<\/sup>/g, '')
          .replace(/<\/?[ib]>/g, '')
          .replace(/-[ \t]*\n\s*(?=[а-яё])/g, '-')
          .replace(/\s+/g, ' ')
          .replace(/\(\s+/g, '(')
          .replace(/\s+\)/g, ')')
          .replace(/\s+([.,;])/g, '$1')
          .replace('детях 7 «группы', 'детях «группы'),
      );
    const text = new Map(SEED_FILES.map((f) => [f, flat(readFileSync(new URL(f, SEEDS_DIR), 'utf8'))]));
    const missing: string[] = [];
    for (const r of [...FIXTURE.rows, ...FIXTURE.unmappable]) {
      const t = text.get(r.seed)!;
      const row = r as SeedRow;
      const target =
        row.target === undefined ? [] : typeof row.target === 'string' ? [row.target] : Object.values(row.target);
      const parts = [...(row.whole ?? r.caption).split('…'), ...(row.base === undefined ? [] : [row.base]), ...target];
      for (const p of parts.map((x) => normText(x)).filter(Boolean))
        if (!t.includes(p)) missing.push(`${r.seed}: «${p}»`);
    }
    expect(missing).toEqual([]);
  });
});

describe('computed indicators and the SQL', () => {
  it('the new computed indicators of issue #13 are in the catalogue as specified', () => {
    const spec = (id: string) => {
      const i = indicatorById(id);
      return i && [i.unit, i.direction, i.origin, i.bySubject, i.byGrade];
    };
    expect(
      Object.fromEntries(
        [
          'gia_confirmed',
          'akr_confirmed',
          'vpr_confirmed_low',
          'vpr_mean_4',
          'vpr_mean_5_8',
          'oge_mean_vs_prev',
          'ege_mean_vs_prev',
          'gia_retakes',
          'failing_pupils',
        ].map((id) => [id, spec(id)]),
      ),
    ).toEqual({
      gia_confirmed: ['share', 'higher-better', 'computed', false, false],
      akr_confirmed: ['share', 'higher-better', 'computed', false, false],
      vpr_confirmed_low: ['share', 'higher-better', 'computed', false, false],
      vpr_mean_4: ['mark', 'higher-better', 'computed', false, false],
      vpr_mean_5_8: ['mark', 'higher-better', 'computed', false, false],
      oge_mean_vs_prev: ['mark', 'higher-better', 'computed', false, false],
      ege_mean_vs_prev: ['score', 'higher-better', 'computed', false, false],
      gia_retakes: ['count', 'lower-better', 'computed', false, false],
      failing_pupils: ['count', 'lower-better', 'computed', false, false],
    });
  });

  it('every computed catalogue id is in SQL_COMPUTED_IDS', () => {
    expect(
      INDICATORS.filter((i) => i.origin === 'computed')
        .map((i) => i.id)
        .sort(),
    ).toEqual([...SQL_COMPUTED_IDS].sort());
  });

  it('mart_school_indicators.sql produces every id of SQL_COMPUTED_IDS (as a quoted literal)', () => {
    const sql = readFileSync(new URL('../../transforms/models/mart_school_indicators.sql', import.meta.url), 'utf8');
    expect(SQL_COMPUTED_IDS.filter((id) => !sql.includes(`'${id}'`))).toEqual([]);
  });
});
