// Bad programme workbooks: each is rejected as a whole with Russian messages naming the sheet, the row and the
// column, and the store (already holding a programme of the same school) is left exactly as it was.
import type ExcelJS from 'exceljs';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { INDICATORS } from '../../domain/indicators.js';
import { issueText } from '../../ingest/issues.js';
import { closeStore, type Store } from '../../store/db.js';
import { cellEdits, mutateCells } from '../fuzz/mutate.js';
import { checksums, ledger } from './load/store-state.js';
import { edit, ingest, programmeStore, seed, seedOptions, template } from './programme-helpers.js';

const BASE = {
  school: { code: '9912', name: 'МКОУ СОШ № 12' },
  passport: { name: 'Программа профилактики учебной неуспешности', startYear: '2024/25', endYear: '2025/26' },
  indicators: [
    { indicator: 'ku', baselineYear: '2023/24', baseline: 0.32, targets: { '2024/25': 0.34, '2025/26': 0.36 } },
    { indicator: 'iom_share', baselineYear: '2023/24', baseline: 0.3, targets: { '2024/25': 0.6, '2025/26': 1 } },
  ],
  roadmap: [
    { section: '1. Педагоги', title: 'Круглый стол', deadline: 'ноябрь 2024', status: 'done' as const },
    { section: '1. Педагоги', title: 'Курсы', deadline: 'в течение года' },
  ],
  actuals: [{ schoolYear: '2024/25', term: 1, indicator: 'iom_share', value: 0.4 }],
};
const sheet = (wb: ExcelJS.Workbook, name: string) => wb.getWorksheet(name)!;

interface Case {
  name: string;
  change: (wb: ExcelJS.Workbook) => void;
  errors: { sheet: string; row: number; column: RegExp | null; message: RegExp }[];
  fileName?: string;
}
const CASES: Case[] = [
  {
    name: 'unknown indicator without unit and direction',
    change: (wb) => {
      sheet(wb, 'Показатели').getRow(4).values = [
        'Средний балл по журналу',
        null,
        null,
        null,
        null,
        '2023/24',
        3.9,
        4.0,
      ];
    },
    errors: [
      {
        sheet: 'Показатели',
        row: 4,
        column: /^Показатель \(A\)$/,
        message:
          /показатель «Средний балл по журналу» не найден в справочнике\. Выберите показатель из списка или, чтобы добавить свой, заполните «Единица» и «Направление»\. Известные показатели: «ИОР Ориентира \(реконструкция\) \[R\]», «ОУ, %», «КУ, %»/,
      },
    ],
  },
  {
    name: 'own indicator with a unit but no direction',
    change: (wb) => {
      sheet(wb, 'Показатели').getRow(4).values = ['Число экскурсий', 'количество', null, null, null, '2023/24', 1, 2];
    },
    errors: [
      {
        sheet: 'Показатели',
        row: 4,
        column: /^Показатель \(A\)$/,
        message: /«Число экскурсий» не найден в справочнике/,
      },
    ],
  },
  {
    name: 'share over 100 %',
    change: (wb) => {
      sheet(wb, 'Показатели').getCell('H3').value = '120%';
    },
    errors: [
      {
        sheet: 'Показатели',
        row: 3,
        column: /^Цель 2024\/25 \(H\)$/,
        message: /значение 120% вне допустимого диапазона 0–100 %/,
      },
    ],
  },
  {
    name: 'bare baseline year',
    change: (wb) => {
      sheet(wb, 'Показатели').getCell('F2').value = '2023';
    },
    errors: [
      {
        sheet: 'Показатели',
        row: 2,
        column: /^Базовый год \(F\)$/,
        message:
          /год «2023» неоднозначен: укажите учебный год — 2022\/23 \(если имеется в виду весна 2023 г\.\) или 2023\/24/,
      },
    ],
  },
  {
    name: 'a target column headed by a bare year',
    change: (wb) => {
      sheet(wb, 'Показатели').getCell('I1').value = 'Цель 2026';
    },
    errors: [
      {
        sheet: 'Показатели',
        row: 1,
        column: /^Цель 2026 \(I\)$/,
        message: /в заголовке «Цель 2026» нужен учебный год, например «Цель 2025\/26» или «Цель 2026\/27»/,
      },
    ],
  },
  {
    name: 'baseline year not before the targets',
    change: (wb) => {
      sheet(wb, 'Показатели').getCell('F2').value = '2024/25';
    },
    errors: [
      {
        sheet: 'Показатели',
        row: 2,
        column: /^Базовый год \(F\)$/,
        message: /базовый год 2024\/25 должен быть раньше годов целей/,
      },
    ],
  },
  {
    name: 'the same indicator twice',
    change: (wb) => {
      sheet(wb, 'Показатели').getRow(4).values = ['Качество знаний', null, null, null, null, '2023/24', '30%', '35%'];
    },
    errors: [
      {
        sheet: 'Показатели',
        row: 4,
        column: /^Показатель \(A\)$/,
        message: /показатель «КУ, %» уже указан в строке 2/,
      },
    ],
  },
  {
    name: 'unknown status',
    change: (wb) => {
      sheet(wb, 'Дорожная карта').getCell('G3').value = 'сделано наполовину';
    },
    errors: [
      {
        sheet: 'Дорожная карта',
        row: 3,
        column: /^Статус \(G\)$/,
        message:
          /статус «сделано наполовину» не распознан; допустимые статусы: «запланировано», «выполняется», «выполнено», «не выполнено», «отменено»/,
      },
    ],
  },
  {
    name: 'impossible deadline',
    change: (wb) => {
      sheet(wb, 'Дорожная карта').getCell('D2').value = '31.02.2025';
    },
    errors: [
      { sheet: 'Дорожная карта', row: 2, column: /^Сроки \(D\)$/, message: /дата «31\.02\.2025» не существует/ },
    ],
  },
  {
    name: 'bad passport years',
    change: (wb) => {
      sheet(wb, 'Паспорт').getCell('B6').value = '2025';
      sheet(wb, 'Паспорт').getCell('B7').value = '2023/24';
    },
    errors: [
      {
        sheet: 'Паспорт',
        row: 6,
        column: null,
        message: /поле «Первый учебный год программы»: год «2025» неоднозначен/,
      },
    ],
  },
  {
    name: 'actuals: unknown indicator, a future year, a bad period, not a number',
    change: (wb) => {
      const ws = sheet(wb, 'Факт');
      ws.getRow(3).values = ['2024/25', '2 четверть', 'Доля отличников', '10%'];
      ws.getRow(4).values = ['2031/32', 'год', 'Доля ИОМ, согласованных с родителями, %', '10%'];
      ws.getRow(5).values = ['2024/25', '5 четверть', 'Количество наставнических пар', 3];
      ws.getRow(6).values = ['2024/25', 'год', 'Количество наставнических пар', 'три'];
    },
    errors: [
      {
        sheet: 'Факт',
        row: 3,
        column: /^Показатель \(C\)$/,
        message:
          /показатель «Доля отличников» не найден ни в справочнике, ни среди своих показателей ОО .*Показатели, которые сообщает ОО: «ИОР \(официальный, по данным региона\)», «Доля педагогов, включённых/,
      },
      { sheet: 'Факт', row: 4, column: /^Учебный год \(A\)$/, message: /2031\/32 учебный год ещё не начался/ },
      { sheet: 'Факт', row: 5, column: /^Период \(B\)$/, message: /период «5 четверть» не распознан/ },
      { sheet: 'Факт', row: 6, column: /^Значение \(D\)$/, message: /«три» — не число/ },
    ],
  },
];

let store: Store;
beforeAll(async () => {
  store = await programmeStore();
  const r = await ingest(store, await template(BASE), 'Программа СОШ 12.xlsx');
  if (r.status !== 'loaded') throw new Error(r.message);
});
afterAll(async () => closeStore(store));

describe.each(CASES)('$name', (c) => {
  it('rejects the whole workbook with Russian messages naming sheet, row and column; the store is unchanged', async () => {
    const before = await checksums(store);
    const n = (await ledger(store)).length;
    const r = await ingest(
      store,
      await edit(await template(BASE), c.change),
      c.fileName ?? 'Программа СОШ 12 (исправлено).xlsx',
    );
    expect(r.status, r.message).toBe('rejected');
    expect(r.format).toBe('programme-workbook');
    expect(r.message).toMatch(
      /^отклонён: Файл «Программа СОШ 12 \(исправлено\)\.xlsx»: \d+ ошиб\p{L}+ в данных программы \(первая — лист «/u,
    );
    expect(r.message).toMatch(/Файл программы загружается только целиком: исправьте ошибки и загрузите файл снова\.$/);
    const errors = r.issues.filter((i) => i.severity === 'error' && i.scope === 'row');
    expect(errors.map((e) => [e.sheet, e.rowNo])).toEqual(c.errors.map((e) => [e.sheet, e.row]));
    expect(r.message).toContain(`(первая — ${issueText(errors[0]!, { inline: true })})`);
    errors.forEach((e, i) => {
      const want = c.errors[i]!;
      if (want.column) expect(e.column ?? '').toMatch(want.column);
      else expect(e.column).toBeNull();
      expect(e.message).toMatch(want.message);
      expect(issueText(e)).toMatch(new RegExp(`^Лист «${want.sheet}», строка ${want.row}[,:]`));
    });
    expect(await checksums(store)).toEqual(before);
    expect((await ledger(store)).length).toBe(n + 1);
  });
});

describe('schools', () => {
  it('a programme for a school missing from the registry is rejected', async () => {
    const before = await checksums(store);
    const r = await ingest(store, await template({ ...BASE, school: { code: '7777' } }), 'Программа 7777.xlsx');
    expect(r.status).toBe('rejected');
    expect(r.message).toMatch(
      /^отклонён: Файл «Программа 7777\.xlsx», лист «Паспорт», строка 5: ОО «7777» нет в реестре: программу можно загрузить только для ОО из реестра/,
    );
    expect(await checksums(store)).toEqual(before);
  });
  it('the known-indicator list in the message covers the whole catalogue', async () => {
    const r = await ingest(store, await edit(await template(BASE), CASES[0]!.change), 'Программа (2).xlsx');
    for (const i of INDICATORS) expect(r.issues[0]!.message).toContain(`«${i.caption}»`);
  });
});

describe('fuzzing', () => {
  it('random cell edits of a filled seed template never crash and never half-load', async () => {
    const bytes = await template(seedOptions(seed('sosh28'), { actuals: BASE.actuals }));
    await fc.assert(
      fc.asyncProperty(cellEdits, fc.array(fc.nat(60), { maxLength: 3 }), async (edits, drops) => {
        const before = await checksums(store);
        const r = await ingest(store, await mutateCells(bytes, 'Программа.xlsx', edits, drops), 'Программа.xlsx');
        expect(['loaded', 'rejected']).toContain(r.status);
        for (const i of r.issues) expect(i.message).toMatch(/[А-Яа-я]/);
        if (r.status === 'rejected') expect(await checksums(store)).toEqual(before);
      }),
      { numRuns: Number(process.env.FUZZ_RUNS ?? 12), seed: Number(process.env.FUZZ_SEED ?? 20261123) },
    );
  });
});
