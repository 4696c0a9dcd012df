// Planted signals are visible in the generated files (read back as the ingest would).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type DemoResult, generateDemo } from '../../demo/index.js';
import { col, csvRows, readBook, readText } from './read.js';
import { readScales, readVpr, VPR_NAME, type VprRecord } from './vpr-data.js';

let dir = '';
let res: DemoResult;
const vpr: VprRecord[] = [];
const codeByLogin = new Map<string, string>();
const codeByRcoi = new Map<string, string>();
const planted = (code: string) => res.truth.schools.find((s) => s.school_code === code)?.planted ?? [];
const isClean = (code: string) => planted(code).length === 0;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'orientir-demo-model-'));
  res = await generateDemo({ outDir: dir });
  const [reg] = await readBook(join(dir, 'Реестр ОО.xlsx'));
  const [h = [], ...rows] = reg?.rows ?? [];
  for (const r of rows) {
    const code = String(r[col(h, 'Код ОО')]);
    codeByLogin.set(String(r[col(h, 'Логин ФИС ОКО')]), code);
    codeByLogin.set(String(r[col(h, 'Прежний логин ФИС ОКО')]), code);
    codeByRcoi.set(String(r[col(h, 'Код ОО РЦОИ')]), code);
  }
  const scales = readScales(join(dir, 'vpr_scales_demo.csv'));
  // Russian and maths cover grades 4–8 every year; enough for both ВПР checks.
  const files = res.files.filter(
    (f) => VPR_NAME.test(basename(f)) && /по (русскому языку|математике),/.test(basename(f)),
  );
  for (const f of files) vpr.push(...(await readVpr(f, scales)));
});

afterAll(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('demo model', () => {
  it('maps every ВПР login to a registry school', () => {
    expect(vpr.length).toBeGreaterThan(20_000);
    for (const r of vpr) expect(codeByLogin.has(r.login), r.login).toBe(true);
  });

  it('inflated schools: journal mark above the ВПР mark far more often than in clean schools', () => {
    const share = new Map<string, { up: number; n: number }>();
    for (const r of vpr) {
      if (r.absent || r.journal === null || r.grade < 5 || r.grade > 8) continue;
      const code = codeByLogin.get(r.login) ?? '?';
      const s = share.get(code) ?? { up: 0, n: 0 };
      s.n++;
      if (r.journal > r.mark) s.up++;
      share.set(code, s);
    }
    const rate = (c: string) => {
      const s = share.get(c);
      return s?.n ? s.up / s.n : NaN;
    };
    const codes = [...share.keys()];
    const inflated = codes.filter((c) => planted(c).includes('inflated'));
    const clean = codes.filter(isClean);
    expect(inflated.length).toBe(2);
    const cleanRates = clean.map(rate);
    const cleanMean = cleanRates.reduce((a, b) => a + b, 0) / cleanRates.length;
    expect(cleanMean).toBeGreaterThan(0.2);
    expect(cleanMean).toBeLessThan(0.45);
    for (const c of inflated) {
      expect(rate(c)).toBeGreaterThan(Math.max(...cleanRates));
      expect(rate(c)).toBeGreaterThan(cleanMean + 0.2);
    }
  });

  it('low schools have a lower mean ВПР primary % than clean schools in every year', () => {
    const years = [...new Set(vpr.map((r) => r.year))].sort();
    expect(years).toHaveLength(5);
    for (const y of years) {
      const agg = { low: [0, 0], clean: [0, 0] };
      for (const r of vpr) {
        if (r.year !== y || r.absent) continue;
        const code = codeByLogin.get(r.login) ?? '?';
        const k = planted(code).includes('low') ? 'low' : isClean(code) ? 'clean' : null;
        if (!k) continue;
        agg[k][0]! += r.total / r.max;
        agg[k][1]! += 1;
      }
      const low = agg.low[0]! / agg.low[1]!,
        clean = agg.clean[0]! / agg.clean[1]!;
      expect(low, y).toBeLessThan(clean - 0.05);
    }
  });

  it('the bunching school has excess ОГЭ mass at the mark cut-offs', async () => {
    const cuts: Record<string, number[]> = { '01': [15, 23, 29], '02': [8, 15, 22] };
    const counts = new Map<string, { at: number; below: number }>();
    const addScore = (code: string, exam: string, score: number) => {
      const c = counts.get(code) ?? { at: 0, below: 0 };
      for (const cut of cuts[exam] ?? []) {
        if (score === cut || score === cut + 1) c.at++;
        if (score === cut - 1 || score === cut - 2) c.below++;
      }
      counts.set(code, c);
    };
    for (const f of res.files.filter((p) => /^ОГЭ \d{4} протоколы\.xlsx$/.test(basename(p)))) {
      const [sheet] = await readBook(f);
      let exam = '';
      for (const r of sheet?.rows ?? []) {
        const first = r[0];
        if (typeof first === 'string' && / - /.test(first)) exam = first.slice(0, 2);
        if (typeof first !== 'number' || !(exam in cuts)) continue;
        addScore(codeByRcoi.get(String(r[1]).replace(/\.0$/, '')) ?? '?', exam, Number(r[13]));
      }
    }
    const csv = res.files.find((p) => /^01_\d{4}\.\d{2}\.\d{2}\.csv$/.test(basename(p)));
    expect(csv).toBeDefined();
    const [h = [], ...rows] = csvRows(readText(csv!));
    for (const r of rows)
      addScore(codeByRcoi.get(r[h.indexOf('SchoolCode')] ?? '') ?? '?', '01', Number(r[h.indexOf('PrimaryMark')]));

    const bunching = res.truth.schools.filter((s) => s.planted.includes('bunching')).map((s) => s.school_code);
    expect(bunching).toHaveLength(1);
    const b = counts.get(bunching[0]!)!;
    expect(b.at).toBeGreaterThan(3 * b.below);
    const clean = [...counts.entries()].filter(([c]) => isClean(c)).map(([, v]) => v);
    const pooled = clean.reduce((a, v) => ({ at: a.at + v.at, below: a.below + v.below }), { at: 0, below: 0 });
    expect(pooled.at).toBeLessThan(1.5 * pooled.below);
  });
});
