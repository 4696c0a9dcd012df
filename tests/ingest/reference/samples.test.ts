// Real ФИС ОКО reference samples: the logins list and the «Описание работы» of ВПР математика 4.
import { copyFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { codeDictionary, fisokoLogins, taskDescription } from '../../../ingest/formats/reference/index.js';
import { parseWith, samplePath } from '../../helpers/parse.js';
import { tempDir } from './write-fixture.js';

const MATH4 = (f: string) => samplePath(`fisoko_vpr_task_description_math4/${f}`);

describe('ФИС ОКО logins list', () => {
  it('yields 692 schools keyed by login, 70 municipalities', async () => {
    const ctx = await parseWith(fisokoLogins, samplePath('fisoko_school_logins_altai_sch22xxxx.xlsx'));
    expect(ctx.issues).toEqual([]);
    expect(ctx.schools).toHaveLength(692);
    expect(new Set(ctx.schools.map((s) => s.schoolCode)).size).toBe(692);
    expect(new Set(ctx.schools.map((s) => s.municipality)).size).toBe(70);
    expect(ctx.schools.every((s) => s.schoolCode === s.fisokoLogin && /^(sch|ksh)\d{6}$/.test(s.schoolCode))).toBe(
      true,
    );
    // All Altai (region 22) but one: the list really contains sch526312.
    expect(ctx.schools.filter((s) => !/^(sch|ksh)22/.test(s.schoolCode)).map((s) => s.schoolCode)).toEqual([
      'sch526312',
    ]);
    expect(ctx.schools.filter((s) => s.schoolCode.startsWith('ksh'))).toHaveLength(31);
    expect(ctx.schools[0]).toMatchObject({
      rowNo: 2,
      schoolCode: 'sch224145',
      name: 'МБОУ СОШ №7',
      municipality: 'г. Алейск',
    });
  });
});

describe('ФИС ОКО work description (математика 4)', () => {
  it('merges 48 rows into 15 tasks worth 20 points', async () => {
    const ctx = await parseWith(taskDescription, MATH4('ALL.xlsx'));
    expect(ctx.taskInfo.map((t) => t.task)).toEqual([
      '1',
      '2',
      '3',
      '4',
      '5.1',
      '5.2',
      '6.1',
      '6.2',
      '7',
      '8',
      '9.1',
      '9.2',
      '10',
      '11',
      '12',
    ]);
    expect(ctx.taskInfo.reduce((a, t) => a + (t.maxScore ?? 0), 0)).toBe(20);
    expect(ctx.taskInfo.filter((t) => t.level === 'П').map((t) => t.task)).toEqual(['10', '12']);
    // Task 3 spans rows 4–12 (КЭС 1, 2, 4 × КТ 1, 2.2, 4); task 10 repeats its pairs (rows 34–37).
    expect(ctx.taskInfo[2]).toMatchObject({ rowNo: 4, maxScore: 2, kes: '1; 2; 4', kt: '1; 2.2; 4' });
    expect(ctx.taskInfo[12]).toMatchObject({ task: '10', kes: '1; 4', kt: '1; 6' });
    expect(ctx.taskInfo[0]!.skills).toMatch(/^Умение выполнять арифметические действия с числами/); // PDF hyphenation undone
    expect(ctx.taskInfo[0]!.skills).toContain('Планируемый результат (ПООП): Выполнять устно сложение');
    // The name «ALL.xlsx» says nothing about the work: no subject/grade, and a warning says so.
    expect(ctx.taskInfo.every((t) => t.subject === null && t.kimGrade === null)).toBe(true);
    expect(ctx.issues).toHaveLength(1);
    expect(ctx.issues[0]).toMatchObject({ severity: 'warning', scope: 'file' });
    expect(ctx.issues[0]!.message).toContain('ALL.xlsx');
  });

  it('takes subject and КИМ grade from a descriptive file name', async () => {
    const dir = tempDir('math4');
    for (const name of ['математика 4 ALL.xlsx', 'math4_ALL.xlsx']) {
      copyFileSync(MATH4('ALL.xlsx'), join(dir, name));
      const ctx = await parseWith(taskDescription, join(dir, name));
      expect(ctx.issues).toEqual([]);
      expect(new Set(ctx.taskInfo.map((t) => `${t.subject}|${t.kimGrade}`))).toEqual(new Set(['Математика|4']));
    }
  });

  it('reads KS.xlsx as 4 КЭС and KT.xlsx as 8 КТ, codes as text', async () => {
    const ks = await parseWith(codeDictionary, MATH4('KS.xlsx'));
    expect(ks.issues).toEqual([]);
    expect(ks.codes.map((c) => `${c.dictionary} ${c.code}`)).toEqual(['КЭС 1', 'КЭС 2', 'КЭС 3', 'КЭС 4']);
    expect(ks.codes[1]!.text).toBe('Арифметика');
    const kt = await parseWith(codeDictionary, MATH4('KT.xlsx'));
    expect(kt.issues).toEqual([]);
    expect(kt.codes.every((c) => c.dictionary === 'КТ')).toBe(true);
    expect(kt.codes.map((c) => c.code)).toEqual(['1', '2.1', '2.2', '3.1', '3.2', '4', '5', '6']);
    expect(kt.codes[1]!.text).toBe('Выполнять арифметические действия с числами');
  });
});
