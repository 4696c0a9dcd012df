// Every file family is written in the real source layout (formats.md): sheet names,
// exact header strings, title rows, merges and encodings.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import iconv from 'iconv-lite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type DemoResult, generateDemo } from '../../demo/index.js';
import { PROGRAMME_EFFECT } from '../../demo/schools.js';
import { csvRows, readBook, readText, type SheetData, type Value } from './read.js';
import { VPR_NAME } from './vpr-data.js';

const TITLE = /^\d+ - .+ \d{4}\.\d{2}\.\d{2}$/;
const TASK_2022 = /^\d+(?:[.,(]\d+\)?)?(?:\s*[КKk]\s*\d+)?\s*\(\d+б\)$/;
const CONTEXT = ['Пользователь', 'Код региона', 'Регион', 'Муниципалитет', 'Школа', 'Дата загрузки'];

let dir = '';
let res: DemoResult;
const names = () => res.files.map((f) => basename(f));
const find = (re: RegExp) => res.files.filter((f) => re.test(basename(f)));

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'orientir-demo-layout-'));
  res = await generateDemo({ outDir: dir, schools: 8 });
});
afterAll(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

const sheet = (book: SheetData[], name: string) => {
  const s = book.find((x) => x.name === name);
  if (!s) throw new Error(`no sheet ${name}`);
  return s;
};

describe('demo file layouts', () => {
  it('lists files in load order: registry, scales, ВПР, ОГЭ, ЕГЭ, journals, programme workbooks', () => {
    const n = names();
    expect(n[0]).toBe('Реестр ОО.xlsx');
    expect(n[1]).toBe('vpr_scales_demo.csv');
    const first = (re: RegExp) => n.findIndex((x) => re.test(x));
    const last = (re: RegExp) => n.length - 1 - [...n].reverse().findIndex((x) => re.test(x));
    expect(last(VPR_NAME)).toBeLessThan(first(/^ОГЭ /));
    expect(last(/^ОГЭ |^01_/)).toBeLessThan(first(/^ЕГЭ /));
    expect(last(/^ЕГЭ /)).toBeLessThan(first(/^Ведомость |^ведомость_/));
    const programmes = n.filter((x) => /^Программа \d{4} .+\.xlsx$/.test(x));
    expect(programmes.length).toBe(res.truth.programmes.length);
    expect(n.slice(-programmes.length)).toEqual(programmes);
    expect(n).not.toContain('truth.json');
  });

  it('registry: sheet «Реестр» with the exact header', async () => {
    const reg = sheet(await readBook(join(dir, 'Реестр ОО.xlsx')), 'Реестр');
    expect(reg.rows[0]).toEqual([
      'Код ОО',
      'Наименование',
      'Краткое наименование',
      'Логин ФИС ОКО',
      'Прежний логин ФИС ОКО',
      'Код ОО РЦОИ',
      'Муниципалитет',
      'Тип ОО',
      'Тип населённого пункта',
      'Численность обучающихся',
      'Доля обучающихся с ОВЗ, %',
      'Доля обучающихся, для которых русский язык не родной, %',
    ]);
    const data = reg.rows.slice(1);
    expect(data).toHaveLength(8);
    for (const r of data) {
      expect(r[0]).toMatch(/^\d{4}$/);
      expect(r[3]).toMatch(/^edu99\d{4}$/);
      expect(r[4]).toMatch(/^sch99\d{4}$/);
      expect(r[5]).toMatch(/^\d{6}$/);
      expect(typeof r[10]).toBe('number');
    }
  });

  it('scales CSV: versioned header, one row per year × work, max ≥ mark5_min', () => {
    const rows = readText(join(dir, 'vpr_scales_demo.csv'))
      .trim()
      .split('\n')
      .map((l) => l.split(','));
    expect(rows[0]?.join(',')).toBe(
      'school_year,subject,kim_grade,mark2_max,mark3_min,mark3_max,mark4_min,mark4_max,mark5_min,max_score',
    );
    expect(rows.length - 1).toBe(find(VPR_NAME).length);
    for (const r of rows.slice(1)) expect(Number(r[9])).toBeGreaterThanOrEqual(Number(r[8]));
  });

  it('ВПР 2021 layout (first two years): sheet «Sheet», all text, sch→edu logins', async () => {
    const files = find(VPR_NAME).filter((f) => /ВПР 202[23]\.xlsx$/.test(f));
    expect(files.length).toBeGreaterThan(10);
    for (const f of files.filter((x) => /математике, 4 класс/.test(x))) {
      const book = await readBook(f);
      expect(book.map((s) => s.name)).toEqual(['Sheet']);
      const [h = [], ...rows] = sheet(book, 'Sheet').rows;
      expect(h.slice(0, 9)).toEqual([
        'логин школы',
        'регион',
        'номер обучающегося',
        'код обучающегося',
        'отметка за предыдущую четверть/триместр',
        'пол',
        'класс',
        'вариант',
        'всего баллов',
      ]);
      expect(h[9]).toBe('балл за 1');
      expect(h.slice(-3)).toEqual(['Учебник', 'Др.уч. автор', 'Др.уч. название']);
      for (const r of rows) for (const v of r) if (v !== null) expect(typeof v).toBe('string');
      const login = /2022\.xlsx$/.test(f) ? /^sch99\d{4}$/ : /^edu99\d{4}$/;
      for (const r of rows) expect(r[0]).toMatch(login);
      const absent = rows.filter((r) => r[7] === 'отсутствовал');
      expect(absent.length).toBeGreaterThan(0);
      for (const r of absent) expect(r.slice(8).every((v) => v === null)).toBe(true);
      expect(rows.some((r) => r.slice(9).includes('X'))).toBe(true);
      expect(
        rows.every((r) => r[7] === 'отсутствовал' || ['2', '3', '4', '5', 'нет отметки'].includes(String(r[4]))),
      ).toBe(true);
    }
  });

  it('ВПР 2022 layout (later years): sheets «Классы» and «Протокол», code | name cells, mixed types', async () => {
    const f = find(/^Проведение работы по русскому языку, 5 класс\. ВПР 2026\.xlsx$/)[0];
    expect(f).toBeDefined();
    const book = await readBook(f!);
    expect(book.map((s) => s.name)).toEqual(['Классы', 'Протокол']);
    const [ch = []] = sheet(book, 'Классы').rows;
    expect(ch).toEqual([
      ...CONTEXT,
      'Буква (цифра) класса. Введите "нет" - если отсутствует',
      'Основной учебник по предмету',
      'Другое (автор учебника)',
      'Другое (название учебника)',
    ]);
    const [h = [], ...rows] = sheet(book, 'Протокол').rows;
    expect(h.slice(0, 8)).toEqual([...CONTEXT, 'Код', 'Вариант']);
    expect(h.slice(-4)).toEqual([
      'Наименование класса',
      'Пол',
      'Отметка за предыдущий триместр/ четверть/полугодие',
      'Итого баллов',
    ]);
    for (const t of h.slice(8, -4)) expect(String(t)).toMatch(TASK_2022);
    for (const r of rows) {
      expect(r[0]).toMatch(/^edu99\d{4}$/);
      expect(r[1]).toBe(99);
      expect(r[2]).toBe('reg990000 | Энская область');
      expect(r[3]).toBe('reg99_m001 | Энский муниципальный район');
      expect(String(r[4])).toMatch(/^edu99\d{4} \| .+/);
    }
    const variants = new Set(rows.map((r) => typeof r[7]));
    expect(variants.has('number')).toBe(true);
    const all = find(VPR_NAME).filter((x) => /ВПР 202[456]\.xlsx$/.test(x));
    let text = 0;
    for (const x of all.slice(0, 12)) {
      const p = sheet(await readBook(x), 'Протокол');
      text += p.rows.slice(1).filter((r) => typeof r[6] === 'string').length;
    }
    expect(text).toBeGreaterThan(0); // some schools upload codes as text
  });

  it('ОГЭ: multi-exam legacy dense layout; last year Russian as РИС ГИА-9 CSV with BOM', async () => {
    const header = [
      '№',
      'Код ОО',
      'Класс',
      'Код ППЭ',
      'Аудитория',
      'Код регистрации',
      'Фамилия',
      'Имя',
      'Отчество',
      'Серия',
      'Номер',
      'Задания с кратким ответом',
      'Задания с развёрнутым ответом',
      'Первичный балл',
      'Оценка',
    ];
    const files = find(/^ОГЭ \d{4} протоколы\.xlsx$/);
    expect(files).toHaveLength(5);
    let floats = 0;
    for (const f of files) {
      const rows = (await readBook(f))[0]?.rows ?? [];
      const titles = rows.map((r, i) => ({ r, i })).filter(({ r }) => typeof r[0] === 'string' && r.length === 1);
      for (const { r, i } of titles) {
        expect(String(r[0])).toMatch(TITLE);
        expect(rows[i + 1]).toEqual(header);
        expect(typeof rows[i + 2]?.[0]).toBe('number');
      }
      const codes = titles.map(({ r }) => String(r[0]).slice(0, 2));
      expect(codes).toEqual(f.includes('2026') ? ['02', '09', '08'] : ['01', '02', '09', '08']);
      floats += rows.filter((r) => typeof r[1] === 'string' && /^\d+\.0$/.test(String(r[1]))).length;
      for (const r of rows.filter((x) => typeof x[0] === 'number')) {
        expect(String(r[11])).toMatch(/^[+-]+$/);
        expect(String(r[12])).toMatch(/^(\d+\(\d+\))+$/);
      }
    }
    expect(floats).toBeGreaterThan(0);
    const csv = join(dir, '01_2026.05.29.csv');
    const bytes = readFileSync(csv);
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const [h, ...data] = csvRows(bytes.toString('utf8'));
    expect(h).toEqual([
      'SchoolCode',
      'ClassCode',
      'StationCode',
      'AuditoriumCode',
      'GovernmentCell',
      'SurnameCell',
      'NameCell',
      'SecondNameCell',
      'DocumentSeriesCode',
      'DocumentNumberCode',
      'TestResultBCell',
      'TestResultCCell',
      'PrimaryMark',
      'Mark5',
    ]);
    expect(data.length).toBeGreaterThan(20);
    for (const r of data) expect(r).toHaveLength(14);
  });

  it('ЕГЭ: compact layout with title rows; base maths ends in «Оценка»', async () => {
    const header = [
      '№',
      'Код МСУ',
      'Код ОО',
      'Класс',
      'Код ППЭ',
      'Аудитория',
      'Фамилия',
      'Имя',
      'Отчество',
      'Документ',
      'Код участника',
      'Вариант',
      'Задания с кратким ответом',
      'Задания с развёрнутым ответом',
      'Первичный балл',
      'Тестовый балл',
    ];
    const files = find(/^ЕГЭ \d{4} протоколы\.xlsx$/);
    expect(files).toHaveLength(5);
    for (const f of files) {
      const rows = (await readBook(f))[0]?.rows ?? [];
      const titles = rows.map((r, i) => ({ r, i })).filter(({ r }) => typeof r[0] === 'string' && r.length === 1);
      expect(titles.map(({ r }) => String(r[0]).split(' - ')[0])).toEqual(['1', '2', '22', '12']);
      for (const { r, i } of titles) {
        expect(String(r[0])).toMatch(TITLE);
        const base = String(r[0]).startsWith('22 - ');
        expect(rows[i + 1]).toEqual(base ? [...header.slice(0, -1), 'Оценка'] : header);
      }
      for (const r of rows.filter((x) => typeof x[0] === 'number')) expect(String(r[3])).toMatch(/^11/);
    }
  });

  it('journals: xlsx with title rows and header on row 4; CP1251 CSV with «Код ОО» first', async () => {
    const header: Value[] = ['Учебный год', 'Класс', 'Ученик', 'Предмет', 'Период', 'Отметка'];
    const xl = find(/^Ведомость .+ \d{4}-\d{2}\.xlsx$/);
    const csv = find(/^ведомость_\d{4}_\d{4}-\d{2}\.csv$/);
    expect(xl.length).toBe(20);
    expect(csv.length).toBe(20);
    const last = sheet(await readBook(xl.find((f) => f.endsWith('2025-26.xlsx'))!), 'Ведомость');
    expect(last.rows[0]).toEqual(['Сводная ведомость итоговых отметок']);
    expect(String(last.rows[1]?.[0])).toMatch(/^ОО: М[БАК]ОУ «.+»$/);
    expect(last.rows[2]).toEqual([]);
    expect(last.rows[3]).toEqual(header);
    const periods = new Set(last.rows.slice(4).map((r) => r[4]));
    expect([...periods].some((p) => /^1 (четверть|триместр)$/.test(String(p)))).toBe(true);
    expect(periods.has('Год')).toBe(true);
    const bytes = readFileSync(csv.find((f) => f.endsWith('2021-22.csv'))!);
    expect(() => new TextDecoder('utf-8', { fatal: true }).decode(bytes)).toThrow();
    const text = iconv.decode(bytes, 'win1251');
    expect(text).toContain('Учебный год');
    const [h, ...rows] = csvRows(text);
    expect(h).toEqual(['Код ОО', ...header]);
    const marks = new Set(rows.map((r) => r[6]));
    for (const m of marks) expect(['2', '3', '4', '5', 'н/а', 'зач', 'осв']).toContain(m);
    expect(new Set(rows.map((r) => r[5]))).toEqual(new Set(['Год'])); // earlier years: year marks only
  });

  it('табель: block layout with the real merged ranges', async () => {
    const f = find(/^Табель успеваемости /)[0];
    expect(f).toBeDefined();
    const [s] = await readBook(f!);
    expect(s?.name).toBe('Лист1');
    const rows = s!.rows,
      merges = s!.merges;
    for (const m of [
      'A1:Z1',
      'A3:Z3',
      'B11:B13',
      'C11:N11',
      'O11:O13',
      'P11:P13',
      'Q11:Q13',
      'R11:R13',
      'C12:E12',
      'C13:E13',
      'L13:N13',
    ]) {
      expect(merges).toContain(m);
    }
    const pupils = rows.filter((r) => typeof r[0] === 'string' && String(r[0]).startsWith('Ученик: ')).length;
    expect(pupils).toBeGreaterThanOrEqual(15);
    expect(merges).toHaveLength(2 + 14 * pupils);
    expect(rows[2]?.[0]).toBe('Табель успеваемости учащегося');
    expect(rows[5]?.[0]).toBe('Учебный год: 2025/2026');
    expect(String(rows[6]?.[0])).toMatch(/^Класс: 8[А-Я]$/);
    expect(rows[10]?.[1]).toBe('Предмет');
    expect(rows[10]?.[2]).toBe('Учебные периоды');
    expect(rows[10]?.[14]).toBe('Год. оценка');
    expect(rows[12]?.[2]).toBe('1 Четверть');
    expect(rows[13]?.slice(2, 5)).toEqual(['Средний балл', 'Ср. взв. балл', 'Итог']);
    const algebra = rows[14]!;
    expect(algebra[0]).toBe('1');
    expect(algebra[1]).toBe('Алгебра');
    expect(typeof algebra[2]).toBe('number');
    expect(algebra[4]).toMatch(/^[2-5]$/);
    expect(algebra[14]).toMatch(/^[2-5]$/);
  });

  it('programme workbooks and truth', async () => {
    // One filled template per `low` school; the programme starts in the second-to-last demo year.
    const low = res.truth.schools.filter((s) => s.planted.includes('low')).map((s) => s.school_code);
    expect(res.truth.programmes.map((p) => p.school_code)).toEqual(low);
    expect(new Set(res.truth.programmes.map((p) => p.start_year))).toEqual(new Set(['2024/25']));
    // Every other programme works (PROGRAMME_EFFECT on the ability scale), the rest do not.
    expect(res.truth.programmes.map((p) => p.effect)).toEqual(low.map((_, k) => (k % 2 === 0 ? PROGRAMME_EFFECT : 0)));
    const file = res.files.find((f) => basename(f).startsWith(`Программа ${low[0]} `))!;
    const book = await readBook(file);
    expect(book.map((x) => x.name)).toEqual(['Паспорт', 'Показатели', 'Дорожная карта', 'Факт', 'Справочник']);
    const passport = sheet(book, 'Паспорт').rows;
    expect(passport.some((r) => r[1] === low[0])).toBe(true);
    expect(passport.some((r) => r[1] === '2024/25')).toBe(true);
    const ind = sheet(book, 'Показатели').rows;
    expect(ind.length).toBeGreaterThan(5);
    const road = sheet(book, 'Дорожная карта').rows.slice(1);
    const statuses = new Set(road.map((r) => r[6]));
    expect(statuses.has('выполнено')).toBe(true);
    expect(sheet(book, 'Факт').rows.length).toBeGreaterThan(10);
    const truth = JSON.parse(readText(join(dir, 'truth.json'))) as typeof res.truth;
    expect(truth).toEqual(res.truth);
    expect(truth.seed).toBe(42);
    expect(truth.schools.map((s) => s.school_code)).toEqual(res.schools.map((s) => s.school_code));
    for (const s of truth.schools)
      for (const p of s.planted) expect(['low', 'inflated', 'bunching', 'improving']).toContain(p);
  });
});
