// The programme workbook without a store: statuses, deadlines, years and values, the catalogue, the template's
// layout and the seed passports round-tripping through it, standalone roadmap tables.
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { customIndicatorId, INDICATORS, indicatorById, indicatorOf } from '../../domain/indicators.js';
import { CollectingContext } from '../../ingest/collect.js';
import type { TemplateIndicator } from '../../ingest/formats/programme/index.js';
import {
  MEASURE_STATUSES,
  measureId,
  parseDeadline,
  programmeWorkbook,
  STATUS_CAPTION,
  statusOf,
} from '../../ingest/formats/programme/index.js';
import { resolveIndicator } from '../../ingest/formats/programme/resolve.js';
import { readSchoolYear, readTerm, readValue } from '../../ingest/formats/programme/values.js';
import { targetValue } from '../../ingest/formats/reference/targets.js';
import { issueText } from '../../ingest/issues.js';
import { openWorkbook, probe } from '../../ingest/read/workbook.js';
import { VprScaleTable } from '../../ingest/scales.js';
import { FileRejected } from '../../ingest/types.js';
import { book, edit, SEEDS, seedOptions, template } from './programme-helpers.js';

async function parse(bytes: Buffer, fileName = 'Программа.xlsx') {
  const wb = await openWorkbook(bytes, fileName);
  const ctx = new CollectingContext('test-secret', new VprScaleTable([]));
  let rejected: FileRejected | null = null;
  try {
    await programmeWorkbook.parse(wb, ctx);
  } catch (e) {
    if (e instanceof FileRejected) rejected = e;
    else throw e;
  }
  return { ctx, rejected, score: programmeWorkbook.detect(await probe(wb)) };
}

describe('statuses', () => {
  it('map Russian captions, ids and usual variants; unknown text is null', () => {
    expect(MEASURE_STATUSES.map((s) => [s.id, s.caption])).toEqual([
      ['planned', 'запланировано'],
      ['in_progress', 'выполняется'],
      ['done', 'выполнено'],
      ['missed', 'не выполнено'],
      ['cancelled', 'отменено'],
    ]);
    for (const s of MEASURE_STATUSES) {
      expect(statusOf(s.caption)).toBe(s.id);
      expect(statusOf(s.id)).toBe(s.id);
      expect(statusOf(s.caption.toUpperCase())).toBe(s.id);
    }
    expect(['Выполнен', 'в работе', 'Не выполнено.', 'не начато', 'Отменён', 'сорвано'].map(statusOf)).toEqual([
      'done',
      'in_progress',
      'missed',
      'planned',
      'cancelled',
      'missed',
    ]);
    expect([statusOf(''), statusOf(null), statusOf('сделано наполовину')]).toEqual([null, null, null]);
    expect(STATUS_CAPTION.in_progress).toBe('выполняется');
  });
});

describe('deadlines: the last day of the stated period', () => {
  const span = { startYear: '2024/25', endYear: '2026/27' };
  it.each([
    ['сентябрь 2024', '2024-09-30'],
    ['До 18 ноября 2024', '2024-11-18'],
    ['до 01.10.2024', '2024-10-01'],
    ['Ноябрь,2024', '2024-11-30'],
    ['2024-2025', '2025-08-31'],
    ['в течение 2024/25 учебного года', '2025-08-31'],
    ['в течение года', '2025-08-31'],
    ['В течение периода реализации программы', '2027-08-31'],
    ['Март - май 2025 года; сентябрь - декабрь 2025 года', '2025-12-31'],
    ['Декабрь, 2023; 2024-2025 учебный год', '2025-08-31'],
    ['май', '2025-05-31'],
    ['II полугодие 2024/25', '2025-05-31'],
    ['2025 год', '2025-12-31'],
    ['ежемесячно', null],
    ['каждый последний понедельник месяца', null],
    ['', null],
  ])('%s → %s', (text, date) => {
    const r = parseDeadline(text, span);
    expect(r).toMatchObject({ ok: true, date });
  });
  it('without the programme years vague periods stay undated, with a note; impossible dates are errors', () => {
    expect(parseDeadline('в течение года')).toMatchObject({
      ok: true,
      date: null,
      note: expect.stringMatching(/не указан год начала программы/),
    });
    expect(parseDeadline('май')).toMatchObject({ ok: true, date: null, note: expect.stringMatching(/не указан год/) });
    expect(parseDeadline('когда получится')).toMatchObject({
      ok: true,
      date: null,
      note: expect.stringMatching(/не распознан как дата/),
    });
    expect(parseDeadline('31.02.2025')).toEqual({ ok: false, message: 'дата «31.02.2025» не существует.' });
  });
  it('measure ids are stable and tell repeats apart', () => {
    expect(measureId('9912', 'Раздел', 'Семинар')).toBe(measureId('9912', ' раздел ', 'СЕМИНАР'));
    expect(measureId('9912', 'Раздел', 'Семинар', 2)).not.toBe(measureId('9912', 'Раздел', 'Семинар'));
    expect(measureId('9928', 'Раздел', 'Семинар')).not.toBe(measureId('9912', 'Раздел', 'Семинар'));
  });
});

describe('cells', () => {
  it('school years: «2024/25», «2024/2025», «2024-2025»; a bare year is refused as ambiguous', () => {
    expect(['2024/25', '2024/2025', '2024-2025', '2024–25 уч. г.'].map((y) => readSchoolYear(y))).toEqual(
      Array(4).fill({ ok: true, value: '2024/25' }),
    );
    expect(readSchoolYear('2025')).toEqual({
      ok: false,
      message:
        'год «2025» неоднозначен: укажите учебный год — 2024/25 (если имеется в виду весна 2025 г.) или 2025/26.',
    });
    expect(readSchoolYear('2024/26')).toMatchObject({ ok: false });
  });
  it('periods: quarters 1–4 or the year', () => {
    expect(['1', '2 четверть', 'III четверть', 'четверть 4', 'год', 'за год', ''].map((t) => readTerm(t))).toEqual(
      [1, 2, 3, 4, null, null, null].map((value) => ({ ok: true, value })),
    );
    expect(readTerm('5 четверть')).toMatchObject({
      ok: false,
      message: expect.stringMatching(/«5 четверть» не распознан/),
    });
  });
  it('shares «32%», «32», «0,32» → 0.32; qualifiers dropped; counts accept «имеется»; ranges checked', () => {
    expect(['32%', '32', '0,32', 'не менее 32%', 0.32].map((v) => readValue('share', v))).toEqual(
      Array(5).fill({ ok: true, value: 0.32 }),
    );
    expect(readValue('share', '120%')).toEqual({
      ok: false,
      message: 'значение 120% вне допустимого диапазона 0–100 %.',
    });
    expect([
      readValue('count', 'не менее 3'),
      readValue('count', 'имеется'),
      readValue('count', 'нет'),
      readValue('count', '5 пар'),
    ]).toEqual([3, 1, 0, 5].map((value) => ({ ok: true, value })));
    expect(readValue('count', '2,5')).toMatchObject({ ok: false });
    expect(readValue('mark', '5,5')).toMatchObject({ ok: false, message: expect.stringMatching(/от 2 до 5/) });
  });
  it('the long targets form (reference/targets.ts) takes counts too', () => {
    expect(targetValue(indicatorById('mentoring_pairs')!, 3)).toEqual({ ok: true, value: 3 });
    expect(targetValue(indicatorById('mentoring_pairs')!, '2,5')).toEqual({
      ok: false,
      message: '2,5: количество должно быть целым неотрицательным числом.',
    });
  });
});

describe('the catalogue (config/indicators.json)', () => {
  it('keeps the 8 indicators with their ids and adds computed and reported ones', () => {
    expect(INDICATORS.slice(0, 8).map((i) => i.id)).toEqual([
      'ior',
      'ou',
      'ku',
      'vpr_confirmed',
      'vpr_mean',
      'oge_mean',
      'ege_mean',
      'at_risk_share',
    ]);
    for (const id of [
      'oge_below_min_share',
      'ege_below_min_share',
      'vpr_pass_share',
      'cert9_share',
      'cert11_share',
      'gia_confirmed',
      'akr_confirmed',
      'vpr_confirmed_low',
      'vpr_mean_4',
      'vpr_mean_5_8',
      'oge_mean_vs_prev',
      'ege_mean_vs_prev',
      'gia_retakes',
      'failing_pupils',
    ])
      expect(indicatorById(id)?.origin).toBe('computed');
    for (const id of ['teachers_trained_share', 'iom_share', 'parents_reached_share', 'mentoring_pairs'])
      expect(indicatorById(id)?.origin).toBe('reported');
    expect(indicatorById('mentoring_pairs')?.unit).toBe('count');
    for (const i of INDICATORS) expect(indicatorOf(i.caption)?.id, i.caption).toBe(i.id);
    expect(customIndicatorId('Моё  Показание')).toMatch(/^c_[0-9a-f]{10}$/);
    expect(customIndicatorId('Моё  Показание')).toBe(customIndicatorId('моё показание'));
  });
  it("recognises the seeds' wordings", () => {
    expect(
      indicatorOf(
        'Доля педагогических работников, прошедших адресное обучение по вопросам организации образовательной деятельности со слабоуспевающими',
      )?.id,
    ).toBe('teachers_trained_share');
    expect(indicatorOf('Наличие действующих наставнических пар по форме «учитель-ученик»')?.id).toBe('mentoring_pairs');
    expect(indicatorOf('100% выпускников 9 класса, получивших аттестат об основном общем образовании')?.id).toBe(
      'cert9_share',
    );
    expect(
      indicatorOf(
        'Доля педагогических работников включенных в работу по профилактике рисков учебной неуспешности обучающихся',
      )?.id,
    ).toBe('teachers_involved_share');
    expect(indicatorOf('Доля обучающихся с рисками учебной неуспешности')?.id).toBe('at_risk_share');
    // issue #13; all five seeds' rows: programme-seed-captions.test.ts
    expect(indicatorOf('Отсутствие неуспевающих по итогам четверти, года')?.id).toBe('failing_pupils');
    expect(indicatorOf('Повышение ИОР по итогам участия в Проекте ШНОР-2024 (с 0,400 до 0,438 и выше)')?.id).toBe(
      'ior_official',
    );
  });
});

describe('the template', () => {
  it('has the five sheets, the instructions, the catalogue and drop-downs', async () => {
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load((await template({ now: new Date(Date.UTC(2026, 0, 15)) })) as unknown as ArrayBuffer);
    expect(wb.worksheets.map((w) => w.name)).toEqual(['Паспорт', 'Показатели', 'Дорожная карта', 'Факт', 'Справочник']);
    expect(String(wb.getWorksheet('Паспорт')!.getCell('D1').value)).toBe('Как заполнить шаблон');
    expect((wb.getWorksheet('Показатели')!.getRow(1).values as unknown[]).slice(1)).toEqual([
      'Показатель',
      'Единица',
      'Направление (для своих показателей)',
      'Предмет',
      'Класс',
      'Базовый год',
      'Базовое значение',
      'Цель 2025/26',
      'Цель 2026/27',
      'Цель 2027/28',
    ]);
    const cat = wb.getWorksheet('Справочник')!;
    expect(cat.getColumn(1).values.slice(2)).toEqual(INDICATORS.map((i) => i.caption));
    const dv = (ws: string, cell: string) => wb.getWorksheet(ws)!.getCell(cell).dataValidation;
    expect(dv('Показатели', 'A2')).toMatchObject({
      type: 'list',
      formulae: [`'Справочник'!$A$2:$A$${INDICATORS.length + 1}`],
    });
    expect(dv('Показатели', 'A150')).toMatchObject({ type: 'list' });
    expect(dv('Дорожная карта', 'G2')).toMatchObject({ type: 'list', showErrorMessage: true });
    expect(dv('Факт', 'C2')).toMatchObject({ type: 'list' });
    expect(dv('Факт', 'B2')).toMatchObject({ type: 'list' });
  });

  it('an empty template is recognised and has no data', async () => {
    const r = await parse(await template({}));
    expect(r.score).toBeGreaterThanOrEqual(0.95);
    expect([r.rejected, r.ctx.recordCount, r.ctx.issues]).toEqual([null, 0, []]);
  });

  it.each(SEEDS.map((s) => [s.key, s] as const))(
    '%s: the seed passport round-trips through the template',
    async (_k, s) => {
      const { ctx, rejected } = await parse(await template(seedOptions(s)));
      expect(rejected).toBeNull();
      expect(ctx.issues.filter((i) => i.severity === 'error')).toEqual([]);
      expect(ctx.programmes).toEqual([
        {
          sheet: 'Паспорт',
          rowNo: 5,
          schoolRef: s.school.code,
          name: s.passport.name,
          startYear: s.passport.startYear,
          endYear: s.passport.endYear,
          goal: s.passport.goal,
        },
      ]);
      const idOf = (i: TemplateIndicator) => {
        const r = resolveIndicator(i.indicator, i.unit ?? null, i.direction ?? null);
        return r.kind === 'catalogue' ? r.ind.id : customIndicatorId(i.indicator);
      };
      const want = s.indicators.flatMap((i) =>
        Object.entries(i.targets!).map(([y, v]) => [
          idOf(i),
          y,
          v,
          i.baseline ?? null,
          i.baselineYear ?? null,
          i.grade ?? null,
        ]),
      );
      expect(
        ctx.targets.map((t) => [t.indicator, t.schoolYear, t.planned, t.baseline, t.baselineYear ?? null, t.grade]),
      ).toEqual(want);
      expect(
        ctx.measures.map((m) => [m.section, m.title, m.deadlineText, m.responsible, m.expectedResult, m.status]),
      ).toEqual(
        s.roadmap.map((m) => [
          m.section ?? null,
          m.title,
          m.deadline ?? null,
          m.responsible ?? null,
          m.expectedResult ?? null,
          null,
        ]),
      );
      expect(new Set(ctx.measures.map((m) => m.measureId)).size).toBe(s.roadmap.length);
    },
  );

  it('own indicators need unit and direction; listed in «Справочник» they are known to a «Факт»-only file', async () => {
    const own = {
      caption: 'Количество учебных экскурсий',
      unit: 'count' as const,
      direction: 'higher-better' as const,
    }; // «Количество неуспевающих …» is failing_pupils now
    const r = await parse(
      await template({
        school: { code: '9912' },
        customIndicators: [own],
        actuals: [
          { schoolYear: '2024/25', term: null, indicator: own.caption, value: 3 },
          { schoolYear: '2024/25', term: 2, indicator: 'iom_share', value: 0.4 },
          { schoolYear: '2024/25', term: 2, indicator: 'ku', value: 0.4 },
        ],
      }),
    );
    expect(r.rejected).toBeNull();
    expect(r.ctx.reported.map((v) => [v.schoolRef, v.schoolYear, v.term, v.indicator, v.value])).toEqual([
      ['9912', '2024/25', null, customIndicatorId(own.caption), 3],
      ['9912', '2024/25', 2, 'iom_share', 0.4],
    ]);
    expect(r.ctx.issues.map((i) => issueText(i))).toEqual([
      'Лист «Факт», строка 4, столбец «Показатель (C)»: показатель «КУ, %» вычисляется по загруженным результатам; значение из файла не загружено.',
    ]);
    await expect(() =>
      template({ indicators: [{ indicator: 'Совсем новый показатель', targets: { '2025/26': 1 } }] }),
    ).rejects.toThrow(/единица \(unit\) и направление/);
  });

  it("a wording close to the catalogue with another direction becomes the school's own indicator, with a warning", async () => {
    const caption = 'Доля обучающихся с низкими результатами, подтвердивших свои оценки';
    const bytes = await edit(
      await template({ school: { code: '9902' }, passport: { name: 'П', startYear: '2024/25', endYear: '2024/25' } }),
      (wb) => {
        const ws = wb.getWorksheet('Показатели')!;
        ws.getRow(2).values = [caption, '%', 'ниже — лучше', null, null, '2023/24', '12%', '4%'];
        ws.getRow(3).values = [
          caption.replace('свои оценки', 'свои отметки на ВПР'),
          null,
          null,
          null,
          null,
          '2023/24',
          '60',
          '70',
        ];
      },
    );
    const { ctx, rejected } = await parse(bytes);
    expect(rejected).toBeNull();
    expect(ctx.indicators).toEqual([
      {
        sheet: 'Показатели',
        rowNo: 2,
        schoolRef: '9902',
        indicator: customIndicatorId(caption),
        caption,
        unit: 'share',
        direction: 'lower-better',
      },
    ]);
    expect(ctx.targets.map((t) => [t.indicator, t.baseline, t.planned])).toEqual([
      [customIndicatorId(caption), 0.12, 0.04],
      ['vpr_confirmed_low', 0.6, 0.7],
    ]);
    expect(ctx.issues.map((i) => issueText(i))).toEqual([
      expect.stringMatching(
        /^Лист «Показатели», строка 2, столбец «Показатель \(A\)»: .*загружен как свой показатель ОО .*«Доля обучающихся с низкими промежуточными результатами, подтвердивших отметки ВПР, %»/,
      ),
    ]);
  });
});

describe('standalone roadmap tables like the seeds', () => {
  const rows = (code: string | null) => [
    ['Дорожная карта реализации программы антирисковых мер', null, null, null, null],
    ...(code ? [[`Код ОО: ${code}`, null, null, null, null]] : []),
    ['№', 'Мероприятие', 'Сроки', 'Ответственные', 'Ожидаемый результат'],
    ['1. «Повышение профессионального мастерства»', null, null, null, null],
    [
      1,
      'Круглый стол «Как повысить качество знаний»',
      'До 18 ноября 2024',
      'заместитель директора по УВР',
      'Проведён круглый стол',
    ],
    [2, 'Диагностика профессиональных дефицитов', 'В течение года', 'заместитель директора по УВР', null],
    [
      '2. «Индивидуализация образовательного процесса»',
      '2. «Индивидуализация образовательного процесса»',
      '2. «Индивидуализация образовательного процесса»',
      '2. «Индивидуализация образовательного процесса»',
      '2. «Индивидуализация образовательного процесса»',
    ],
    [1, 'Разработка ИОМ', 'Ноябрь 2024', 'Учителя-предметники', 'ИОМ у 100 % обучающихся с рисками'],
  ];
  it('takes the school from a cell above the header, sections from heading rows (merged or not)', async () => {
    const r = await parse(
      await book([{ name: 'Лист1', rows: rows('9912'), merges: ['A7:E7'] }]),
      'дорожная карта.xlsx',
    );
    expect(r.score).toBeGreaterThanOrEqual(0.8);
    expect(r.rejected).toBeNull();
    expect(r.ctx.measures.map((m) => [m.schoolRef, m.section, m.title, m.deadline, m.status])).toEqual([
      [
        '9912',
        '1. «Повышение профессионального мастерства»',
        'Круглый стол «Как повысить качество знаний»',
        '2024-11-18',
        null,
      ],
      ['9912', '1. «Повышение профессионального мастерства»', 'Диагностика профессиональных дефицитов', null, null],
      ['9912', '2. «Индивидуализация образовательного процесса»', 'Разработка ИОМ', '2024-11-30', null],
    ]);
    expect(r.ctx.issues.map((i) => issueText(i))).toEqual([
      expect.stringMatching(/^Лист «Лист1», строка 6, столбец «Сроки \(C\)»: срок «в течение года» не привязан к дате/),
    ]);
  });
  it('or from a login in the file name; without either the school is left to the loader', async () => {
    expect(
      (await parse(await book([{ name: 'Лист1', rows: rows(null) }]), 'Дорожная карта sch229928.xlsx')).ctx.measures[0]!
        .schoolRef,
    ).toBe('sch229928');
    expect(
      (await parse(await book([{ name: 'Лист1', rows: rows(null) }]), 'Дорожная карта.xlsx')).ctx.measures[0]!
        .schoolRef,
    ).toBe('');
  });
});
