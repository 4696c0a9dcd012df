// `orientir ingest` on a real ФИС ОКО export whose journal column holds «1» and «*»: the ВПР results load, the
// marks are reported as warnings, and the command exits 0; a row that really is excluded still gives exit 1.
import { mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { editSample, tempDir } from '../ingest/fisoko/build-fixtures.js';
import { orientir } from './run.js';

const SAMPLE = 'fisoko_vpr2021_altai_export_french11.xlsx'; // 14 pupils, all present; column E = journal mark

let dir: string;
beforeAll(() => {
  dir = tempDir();
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function copyWith(sub: string, cells: Record<string, string>): Promise<string> {
  mkdirSync(join(dir, sub));
  return editSample(SAMPLE, join(dir, sub), SAMPLE, { Sheet: cells });
}

describe('orientir ingest: unusable journal marks', () => {
  it('exits 0 when the only problem is journal marks «1» and «*»; exits 1 when a row is excluded', async () => {
    const marks = await copyWith('marks', { E2: '1', E5: '1', E9: '*' });
    const ok = await orientir(['ingest', marks, '--db', join(dir, 'a.duckdb')]);
    expect(ok.code, ok.out).toBe(0);
    expect(ok.out).toContain(`Файл «${SAMPLE}»: загружен.`);
    expect(ok.out).toContain('Строк прочитано: 14, загружено: 14, исключено: 0');
    expect(ok.out).toMatch(
      /: лист «Sheet», столбец «[^»]* \(E\)» — предупреждение: в 2 строках отметка по журналу «1» .*\(строки 2, 5\)\./,
    );
    expect(ok.out).toMatch(
      /: лист «Sheet», столбец «[^»]* \(E\)» — предупреждение: в 1 строке отметка по журналу «\*» .*\(строка 9\)\./,
    );

    const broken = await copyWith('broken', { E2: '1', K4: 'abc' }); // «балл за 2» = abc
    const bad = await orientir(['ingest', broken, '--db', join(dir, 'b.duckdb')]);
    expect(bad.code, bad.out).toBe(1);
    expect(bad.out).toContain('загружен частично: 1 строка исключена');
    expect(bad.out).toContain('отметка по журналу «1»');
  });
});
