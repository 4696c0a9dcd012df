// Programme workbooks through ingestFile: the seed passports stored as written, re-imports idempotent, roadmap
// edits kept, reported actuals by term, standalone roadmaps, and the school head's restricted upload.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { customIndicatorId } from '../../domain/indicators.js';
import type { TemplateIndicator } from '../../ingest/formats/programme/index.js';
import { resolveIndicator } from '../../ingest/formats/programme/resolve.js';
import { closeStore, type Store } from '../../store/db.js';
import { checksums, q } from './load/store-state.js';
import { book, edit, ingest, programmeStore, SEEDS, seed, seedOptions, template } from './programme-helpers.js';

const idOf = (i: TemplateIndicator): string => {
  const r = resolveIndicator(i.indicator, i.unit ?? null, i.direction ?? null);
  return r.kind === 'catalogue' ? r.ind.id : customIndicatorId(i.indicator);
};
const round = (v: unknown) => (typeof v === 'number' ? Math.round(v * 1e9) / 1e9 : v);
const counts = async (store: Store, code: string) =>
  Object.fromEntries(
    await Promise.all(
      ['program_targets', 'programmes', 'programme_indicators', 'reported_values', 'roadmap_measures'].map(
        async (t) => [
          t,
          Number((await q(store, `SELECT count(*) AS n FROM ${t} WHERE school_ref = $c`, { c: code }))[0]!.n),
        ],
      ),
    ),
  );

let store: Store;
beforeAll(async () => {
  store = await programmeStore();
});
afterAll(async () => closeStore(store));

describe('the three seed passports entered through the template', () => {
  it.each(SEEDS.map((s) => [s.key, s] as const))(
    '%s: passport, baselines and targets are stored as in the seed',
    async (_k, s) => {
      const r = await ingest(store, await template(seedOptions(s)), `Программа ${s.school.name}.xlsx`);
      expect([r.status, r.format, r.rowsRejected], r.message).toEqual(['loaded', 'programme-workbook', 0]);
      expect(
        await q(store, 'SELECT school_ref, name, start_year, end_year, goal FROM programmes WHERE upload_id = $u', {
          u: r.uploadId!,
        }),
      ).toEqual([
        {
          school_ref: s.school.code,
          name: s.passport.name,
          start_year: s.passport.startYear,
          end_year: s.passport.endYear,
          goal: s.passport.goal,
        },
      ]);
      const stored = await q(
        store,
        `SELECT indicator, school_year, planned, baseline, baseline_year, grade FROM program_targets WHERE upload_id = $u ORDER BY row_no, school_year`,
        { u: r.uploadId! },
      );
      expect(stored.map((x) => Object.values(x).map(round))).toEqual(
        s.indicators.flatMap((i) =>
          Object.entries(i.targets!).map(([y, v]) => [
            idOf(i),
            y,
            v,
            i.baseline ?? null,
            i.baselineYear ?? null,
            i.grade ?? null,
          ]),
        ),
      );
      const measures = await q(
        store,
        'SELECT title, deadline_text, status, updated_by FROM roadmap_measures WHERE school_ref = $c ORDER BY row_no',
        { c: s.school.code },
      );
      expect(measures).toEqual(
        s.roadmap.map((m) => ({
          title: m.title,
          deadline_text: m.deadline ?? null,
          status: 'planned',
          updated_by: null,
        })),
      );
    },
  );

  it("the school's own indicators are stored with unit and direction (only what the catalogue has no indicator for)", async () => {
    // 9928's «Количество неуспевающих по итогам четверти, года» is the catalogue's failing_pupils, not its own.
    const own = await q(
      store,
      'SELECT school_ref, caption, unit, direction FROM programme_indicators ORDER BY school_ref',
    );
    expect(own).toEqual([
      {
        school_ref: '9902',
        caption: seed('sosh2').indicators.find((i) => i.unit)!.indicator,
        unit: 'share',
        direction: 'lower-better',
      },
    ]);
  });
});

describe('re-imports', () => {
  const s = seed('sosh12');
  it('the same bytes are a duplicate; the same content in new bytes replaces its slices, nothing is counted twice', async () => {
    const bytes = await template(seedOptions(s, { now: new Date(Date.UTC(2025, 0, 10)) }));
    const first = await ingest(store, bytes, 'Программа СОШ 12.xlsx');
    expect(first.status).toBe('loaded');
    const after = await counts(store, '9912');
    expect(after).toEqual({
      program_targets: 66,
      programmes: 1,
      programme_indicators: 0,
      reported_values: 0,
      roadmap_measures: 21,
    });
    const sums = await checksums(store);
    expect((await ingest(store, bytes, 'копия.xlsx')).status).toBe('duplicate');
    expect(await checksums(store)).toEqual(sums);
    const again = await ingest(
      store,
      await template(seedOptions(s, { now: new Date(Date.UTC(2025, 0, 11)) })),
      'Программа СОШ 12 (2).xlsx',
    );
    expect([again.status, again.rowsLoaded, again.rowsReplaced]).toEqual(['loaded', 66 + 1 + 21, 66 + 1 + 21]);
    expect(await counts(store, '9912')).toEqual(after);
  });

  it('a corrected roadmap keeps statuses edited in the dashboard where the file leaves the status empty', async () => {
    const [a, b, c] = (
      await q(store, `SELECT measure_id, title FROM roadmap_measures WHERE school_ref = '9912' ORDER BY row_no LIMIT 3`)
    ).map((x) => String(x.measure_id));
    // The dashboard's edit: status, evidence and who changed it.
    await store.conn.run(
      `UPDATE roadmap_measures SET status = 'done', evidence = 'Протокол № 5', updated_at = TIMESTAMP '2025-01-20 10:00:00', updated_by = 'head9912' WHERE measure_id = '${a}'`,
    );
    await store.conn.run(
      `UPDATE roadmap_measures SET status = 'in_progress', updated_by = 'head9912' WHERE measure_id = '${b}'`,
    );
    const roadmap = s.roadmap.map((m, i) =>
      i === 0 ? { ...m, deadline: 'декабрь 2024' } : i === 1 ? { ...m, status: 'missed' as const } : m,
    );
    roadmap.push({ section: 'Новый раздел', title: 'Новое мероприятие', deadline: 'май 2025' });
    const r = await ingest(
      store,
      await template(seedOptions(s, { roadmap, now: new Date(Date.UTC(2025, 0, 12)) })),
      'Программа СОШ 12 (3).xlsx',
    );
    expect(r.status, r.message).toBe('loaded');
    const rows = await q(
      store,
      `SELECT measure_id, status, evidence, deadline::VARCHAR AS deadline, updated_by FROM roadmap_measures WHERE school_ref = '9912' ORDER BY row_no`,
    );
    expect(rows).toHaveLength(22);
    expect(rows[0]).toEqual({
      measure_id: a,
      status: 'done',
      evidence: 'Протокол № 5',
      deadline: '2024-12-31',
      updated_by: 'head9912',
    }); // kept, deadline from the file
    expect(rows[1]).toMatchObject({ measure_id: b, status: 'missed' }); // the file states a status: it wins
    expect(rows[2]).toMatchObject({ measure_id: c, status: 'planned' });
    expect(rows[21]).toMatchObject({ status: 'planned', deadline: '2025-05-31', updated_by: null });
  });
});

describe('reported actuals', () => {
  it('load per term and year; a corrected term replaces only that term', async () => {
    const acts = [
      { schoolYear: '2024/25', term: 1, indicator: 'iom_share', value: 0.3 },
      { schoolYear: '2024/25', term: 2, indicator: 'iom_share', value: 0.45 },
      { schoolYear: '2024/25', term: 2, indicator: 'Количество наставнических пар', value: 2 },
    ];
    const r = await ingest(store, await template({ school: { code: '9912' }, actuals: acts }), 'Факт СОШ 12.xlsx');
    expect([r.status, r.rowsLoaded]).toEqual(['loaded', 3]);
    const fix = await ingest(
      store,
      await template({ school: { code: 'sch229912' }, actuals: [{ ...acts[1]!, value: 0.5 }] }),
      'Факт СОШ 12 исправлен.xlsx',
    );
    expect([fix.status, fix.rowsLoaded, fix.rowsReplaced]).toEqual(['loaded', 1, 1]);
    expect(
      await q(
        store,
        `SELECT school_ref, school_year, term, indicator, value FROM reported_values ORDER BY term, indicator`,
      ),
    ).toEqual([
      { school_ref: '9912', school_year: '2024/25', term: 1, indicator: 'iom_share', value: 0.3 },
      { school_ref: '9912', school_year: '2024/25', term: 2, indicator: 'iom_share', value: 0.5 }, // stored under the registry code, not the login
      { school_ref: '9912', school_year: '2024/25', term: 2, indicator: 'mentoring_pairs', value: 2 },
    ]);
  });
});

describe("a committee's CSV of actuals for several schools", () => {
  it('is read as the «Факт» sheet with a «Код ОО» column', async () => {
    const csv = [
      'Код ОО;Учебный год;Период;Показатель;Значение',
      'sch229902;2024/2025;год;Доля родителей, вовлечённых в работу по профилактике учебной неуспешности, %;45',
      '9950;2024/25;1 четверть;Количество наставнических пар;4',
    ].join('\r\n');
    const r = await ingest(store, Buffer.from(csv, 'utf8'), 'факт по ОО.csv');
    expect([r.status, r.format, r.rowsLoaded], r.message).toEqual(['loaded', 'programme-workbook', 2]);
    expect(
      await q(
        store,
        `SELECT school_ref, term, indicator, value FROM reported_values WHERE upload_id = $u ORDER BY school_ref`,
        { u: r.uploadId! },
      ),
    ).toEqual([
      { school_ref: '9902', term: null, indicator: 'parents_reached_share', value: 0.45 },
      { school_ref: '9950', term: 1, indicator: 'mentoring_pairs', value: 4 },
    ]);
  });
});

describe('standalone roadmap files', () => {
  it("a seed-like table with the school in the file name replaces that school's roadmap", async () => {
    const bytes = await book([
      {
        name: 'Лист1',
        rows: [
          ['№', 'Мероприятие', 'Сроки', 'Ответственные', 'Ожидаемый результат', 'Статус'],
          ['1. Диагностика', null, null, null, null, null],
          [
            1,
            'Диагностика причин учебной неуспешности',
            'Март, сентябрь 2025',
            'Зам. директора по УВР',
            'Социальный паспорт классов',
            'выполнено',
          ],
        ],
      },
    ]);
    const r = await ingest(store, bytes, 'Дорожная карта sch229928.xlsx');
    expect([r.status, r.rowsLoaded, r.rowsReplaced]).toEqual(['loaded', 1, seed('sosh28').roadmap.length]);
    expect(
      await q(
        store,
        `SELECT school_ref, section, deadline::VARCHAR AS d, status FROM roadmap_measures WHERE school_ref = '9928'`,
      ),
    ).toEqual([{ school_ref: '9928', section: '1. Диагностика', d: '2025-09-30', status: 'done' }]);
  });
});

describe("a school head's upload (onlySchool, programme workbooks only)", () => {
  const head = { onlySchool: '9950', formats: ['programme-workbook'] };
  it("a template without a school code is taken as the head's own school", async () => {
    const r = await ingest(
      store,
      await template({
        passport: { name: 'Программа СОШ № 50', startYear: '2025/26', endYear: '2026/27' },
        indicators: [{ indicator: 'ku', baselineYear: '2024/25', baseline: 0.3, targets: { '2025/26': 0.33 } }],
      }),
      'Шаблон программы.xlsx',
      head,
    );
    expect(r.status, r.message).toBe('loaded');
    expect(await counts(store, '9950')).toMatchObject({ programmes: 1, program_targets: 1 });
  });
  it('without onlySchool the same file is rejected: the school is unknown', async () => {
    const before = await checksums(store);
    const r = await ingest(
      store,
      await template({ actuals: [{ schoolYear: '2024/25', term: null, indicator: 'iom_share', value: 0.5 }] }),
      'Факт.xlsx',
    );
    expect(r.status).toBe('rejected');
    expect(r.message).toMatch(
      /^отклонён: Файл «Факт\.xlsx», лист «Факт», строка 2: не указана ОО: заполните «Код ОО» на листе «Паспорт»/,
    );
    expect(await checksums(store)).toEqual(before);
  });
  it("another school's rows or another kind of file are refused, the store unchanged", async () => {
    const before = await checksums(store);
    const other = await ingest(
      store,
      await template(seedOptions(seed('sosh28'), { now: new Date(Date.UTC(2025, 1, 1)) })),
      'Программа.xlsx',
      head,
    );
    expect(other.status).toBe('rejected');
    expect(other.message).toMatch(
      /лист «Паспорт», строка 5: данные ОО «9928», а загружать можно только данные своей ОО \(«9950»\)/,
    );
    const row = await edit(
      await template({
        school: { code: '9950' },
        actuals: [{ schoolYear: '2024/25', term: 1, indicator: 'iom_share', value: 0.5 }],
      }),
      (wb) => {
        const ws = wb.getWorksheet('Факт')!;
        ws.getCell('E1').value = 'Код ОО';
        ws.getRow(3).values = ['2024/25', '2 четверть', 'Доля ИОМ, согласованных с родителями, %', '40%', 'sch229912'];
      },
    );
    const mixed = await ingest(store, row, 'Факт.xlsx', head);
    expect(mixed.message).toMatch(/лист «Факт», строка 3: данные ОО «9912», а загружать можно только данные своей ОО/);
    const registry = await ingest(
      store,
      Buffer.from('Код ОО;Наименование\r\n9951;МБОУ СОШ № 51\r\n'),
      'реестр.csv',
      head,
    );
    expect(registry.message).toMatch(
      /распознан как «Реестр образовательных организаций», а здесь можно загрузить только «Программа ОО/,
    );
    expect(await checksums(store)).toEqual(before);
  });
});
