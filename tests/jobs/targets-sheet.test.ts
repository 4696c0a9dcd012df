// The weekly справка's «Целевые показатели» sheet (and the targets export behind it, transforms/exports/targets.sql):
// Russian headers, the indicator's Russian caption instead of its catalogue id, the unit and direction in words, values
// rounded to the unit's precision; every target row of the school is there.

import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { INDICATORS } from '../../domain/indicators.js';
import { runReports } from '../../jobs/reports.js';
import { closeStore, type Store } from '../../store/db.js';
import { queryRows } from '../../store/query.js';
import { datasetRows } from '../../transforms/export.js';
import { demoStore } from '../helpers/demo-store.js';
import { removeTempDirs, tempDir } from './helpers.js';

/** A raw identifier: what a catalogue id or a column name looks like (ege_below_min_share, school_code). */
const RAW_ID = /\b[a-z][a-z0-9]*_[a-z0-9_]*[a-z0-9]\b/;

let store: Store,
  copyDir = '';
beforeAll(async () => {
  ({ store, dir: copyDir } = await demoStore());
});
afterAll(async () => {
  await closeStore(store);
  removeTempDirs(copyDir);
});

describe('«Целевые показатели» in the weekly справка', () => {
  it("Russian headers and captions, units in words, values rounded, all of the school's targets", async () => {
    const code = String((await queryRows(store.conn, 'SELECT min(school_code) AS c FROM mart_targets'))[0]!.c);
    const n = Number(
      (await queryRows(store.conn, 'SELECT count(*) AS n FROM mart_targets WHERE school_code = $c', { c: code }))[0]!.n,
    );
    expect(n).toBeGreaterThan(3);

    const r = await runReports(store, tempDir('targets-sheet'), new Date('2026-03-01T22:00:00Z'), 'Europe/Moscow');
    const file = readdirSync(r.dir).find((f) => f.startsWith(`Справка ${code} `))!;
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(readFileSync(join(r.dir, file)) as unknown as ArrayBuffer);
    const ws = wb.getWorksheet('Целевые показатели')!;
    const rows: unknown[][] = [];
    ws.eachRow((row) => rows.push((row.values as unknown[]).slice(1)));
    const [head, ...body] = rows as [string[], ...unknown[][]];
    expect(body).toHaveLength(n);

    expect(head).toEqual([
      'Код ОО',
      'Учебный год',
      'Показатель',
      'Предмет',
      'Класс',
      'Единица',
      'Направление',
      'Базовое значение',
      'План',
      'Факт',
      'Достигнуто',
      'Отклонение от плана',
      'Код показателя',
    ]);
    const captions = new Set(INDICATORS.map((i) => i.caption.replace(/,\s*%$/, '')));
    for (const row of body) {
      const [, , indicator, , , unit, direction, ...values] = row as [
        string,
        string,
        string,
        unknown,
        unknown,
        string,
        string,
        ...unknown[],
      ];
      expect(indicator).not.toMatch(RAW_ID);
      expect(captions.has(indicator) || !INDICATORS.some((i) => i.id === indicator), indicator).toBe(true);
      expect(['доля (0–1)', 'индекс (0–1)', 'отметка', 'балл', 'количество']).toContain(unit);
      expect(['лучше — больше', 'лучше — меньше']).toContain(direction);
      // No float noise (−0.06799999999999998): at most 3 decimals for any unit.
      for (const v of values)
        if (typeof v === 'number')
          expect(Math.abs(v * 1000 - Math.round(v * 1000)), `${indicator}: ${v}`).toBeLessThan(1e-6);
    }
    expect(body.some((row) => captions.has(row[2] as string))).toBe(true);
  }, 120_000);

  it('the CSV/Parquet export: the column names, one row per target, shares still fractions 0…1', async () => {
    const t = await datasetRows(store, 'targets', null);
    expect(t.columns).toEqual([
      'school_code',
      'school_year',
      'indicator',
      'subject',
      'grade',
      'unit',
      'direction',
      'baseline',
      'planned',
      'actual',
      'achieved',
      'gap',
      'indicator_id',
    ]);
    // Analysts (Parquet) keep the machine id beside the caption: every row's id is a target's indicator.
    const ids = new Set(
      (await queryRows(store.conn, 'SELECT DISTINCT indicator FROM mart_targets')).map((r) => String(r.indicator)),
    );
    for (const r of t.rows) expect(ids.has(String(r[12]))).toBe(true);
    expect(t.rows).toHaveLength(Number((await queryRows(store.conn, 'SELECT count(*) AS n FROM mart_targets'))[0]!.n));
    const shares = t.rows
      .filter((r) => r[5] === 'доля (0–1)')
      .flatMap((r) => [r[7], r[8], r[9]])
      .filter((v): v is number => typeof v === 'number');
    expect(shares.length).toBeGreaterThan(0);
    for (const v of shares) {
      expect(v).toBeGreaterThanOrEqual(0);
      expect(v).toBeLessThanOrEqual(1);
    }
  });
});
