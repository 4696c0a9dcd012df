// A small store for the programme pages, independent of the demo: three schools (two under a programme), users,
// roadmaps in roadmap_measures, and the programme marts with the contract's columns (built here by hand, not by the
// transforms), so the dashboard is tested on known numbers.
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { measureId } from '../../domain/measures.js';
import { openStore, type Store } from '../../store/db.js';
import { runSqlFile } from '../../store/sql-file.js';
import { addUser } from '../../store/users.js';

export const PASSWORD = 'fixture-password-1';
export const A = '2001',
  B = '2002',
  C = '2003';
export const NAMES: Record<string, string> = {
  [A]: 'СОШ № 12 (проверка)',
  [B]: 'СОШ № 28 пос. Проверочного',
  [C]: 'Гимназия № 5 (без программы)',
};
export const MEASURE_A = measureId(
  A,
  '1. Работа с педагогами',
  'Курсы повышения квалификации по работе с низкомотивированными обучающимися',
);
export const MEASURE_A2 = measureId(
  A,
  '2. Работа с обучающимися',
  'Индивидуальные образовательные маршруты для обучающихся группы риска',
);
export const MEASURE_B = measureId(B, null, 'Родительские собрания по профилактике неуспешности');

const SCHOOL_IDS = fileURLToPath(new URL('../../ingest/sql/school_ids.sql', import.meta.url));

export async function programmeStore(): Promise<{ store: Store; dir: string }> {
  const dir = mkdtempSync(join(tmpdir(), 'orientir-programme-'));
  const store = await openStore(join(dir, 'store.duckdb'));
  const run = (sql: string) => store.conn.run(sql);
  for (const [code, name] of Object.entries(NAMES))
    await store.conn.run(
      `INSERT INTO schools (school_code, name, short_name, school_type, settlement_type, enrolment) VALUES ($c, $n, $n, 'СОШ', 'село', 300)`,
      { c: code, n: name },
    );
  await runSqlFile(store.conn, SCHOOL_IDS);
  await addUser(store, 'kom', 'committee', null, PASSWORD, 'test');
  await addUser(store, `head-${A}`, 'school', A, PASSWORD, 'test');
  await addUser(store, `head-${B}`, 'school', B, PASSWORD, 'test');

  await run(`INSERT INTO programmes VALUES
    (1, 'Паспорт', 2, '${A}', 'Программа профилактики учебной неуспешности', '2024/25', '2025/26', 'Снизить долю обучающихся с рисками учебной неуспешности на 3–5 %', '${A}'),
    (2, 'Паспорт', 2, '${B}', 'Высокая доля обучающихся с рисками учебной неуспешности', '2024/25', '2025/26', NULL, '${B}')`);
  await run(`INSERT INTO roadmap_measures VALUES
    ('${MEASURE_A}', 1, 'Дорожная карта', 3, '${A}', '1. Работа с педагогами', 'Курсы повышения квалификации по работе с низкомотивированными обучающимися',
      DATE '2024-11-30', 'ноябрь 2024', 'Заместитель директора по УВР', 'Не менее 60 % педагогов прошли курсы', 'in_progress', NULL, NULL, NULL, '${A}'),
    ('${MEASURE_A2}', 1, 'Дорожная карта', 4, '${A}', '2. Работа с обучающимися', 'Индивидуальные образовательные маршруты для обучающихся группы риска',
      DATE '2099-05-31', 'май 2099', 'Классные руководители', 'ИОМ у всех обучающихся группы риска', 'planned', NULL, NULL, NULL, '${A}'),
    ('${MEASURE_B}', 2, 'Дорожная карта', 3, '${B}', NULL, 'Родительские собрания по профилактике неуспешности',
      DATE '2024-10-31', 'октябрь 2024', 'Директор', NULL, 'planned', NULL, NULL, NULL, '${B}')`);

  // The staging views and the passport mart from the real model files (nothing else of the build is needed here).
  const model = (name: string) => readFileSync(new URL(`../../transforms/models/${name}.sql`, import.meta.url), 'utf8');
  for (const v of ['stg_schools', 'stg_programmes', 'stg_roadmap', 'mart_roadmap'])
    await run(`CREATE OR REPLACE VIEW ${v} AS ${model(v)}`);
  await run(`CREATE OR REPLACE TABLE mart_programmes AS ${model('mart_programmes')}`);
  await run(
    `CREATE TABLE cfg_indicators (id VARCHAR, caption VARCHAR, unit VARCHAR, direction VARCHAR, origin VARCHAR, by_subject BOOLEAN, by_grade BOOLEAN, text VARCHAR)`,
  );
  await run(`INSERT INTO cfg_indicators VALUES
    ('at_risk_share', 'Доля обучающихся с рисками учебной неуспешности, %', 'share', 'lower-better', 'computed', false, false, ''),
    ('ku', 'КУ, %', 'share', 'higher-better', 'computed', false, false, ''),
    ('ior', 'ИОР', 'index', 'higher-better', 'computed', false, false, ''),
    ('teachers_trained_share', 'Доля педагогов, прошедших курсы, %', 'share', 'higher-better', 'reported', false, false, ''),
    ('ior_official', 'ИОР (официальный, по данным региона)', 'index', 'higher-better', 'reported', false, false, '')`);
  await run(
    `CREATE TABLE cfg_params (key VARCHAR PRIMARY KEY, value DOUBLE NOT NULL, status VARCHAR, title VARCHAR, text VARCHAR)`,
  );
  await run(`INSERT INTO cfg_params VALUES ('min_n', 10, 'R', 'Минимальная численность группы', ''),
    ('programme_at_risk_progress', 0.6, 'R', 'Порог «под угрозой»', ''), ('programme_min_controls', 3, 'R', 'Минимум похожих ОО', ''),
    ('programme_baseline_tolerance', 0.04, 'R', 'Допуск базы (доли)', ''), ('programme_baseline_tolerance_rel', 0.2, 'R', 'Допуск базы (прочие)', '')`);
  await run(`CREATE TABLE cfg_meta (key VARCHAR PRIMARY KEY, value_text VARCHAR)`);
  await run(`INSERT INTO cfg_meta VALUES ('version', 'test'), ('note', '')`);

  await run(`CREATE TABLE mart_programme_progress (school_code VARCHAR, indicator VARCHAR, caption VARCHAR, unit VARCHAR, direction VARCHAR,
    origin VARCHAR, subject VARCHAR, grade INTEGER, school_year VARCHAR, baseline DOUBLE, baseline_year VARCHAR, planned DOUBLE,
    planned_explicit BOOLEAN, actual DOUBLE, n INTEGER, progress DOUBLE, status VARCHAR, status_reason VARCHAR,
    passport_baseline DOUBLE, measured_baseline DOUBLE, baseline_origin VARCHAR, baseline_differs BOOLEAN, planned_passport DOUBLE,
    planned_adjusted BOOLEAN, orientir_ior DOUBLE)`);
  // x: the two baselines where they differ (by default the passport's stands and nothing else was measured).
  interface X {
    passport: number;
    measured: number;
    differs: boolean;
    plannedPassport: number | null;
    ior?: number;
  }
  const v = (x: number | null | undefined) => (x === null || x === undefined ? 'NULL' : String(x));
  const p = (
    school: string,
    ind: string,
    caption: string,
    unit: string,
    dir: string,
    src: string,
    subject: string | null,
    grade: number | null,
    year: string,
    base: number,
    planned: number | null,
    explicit: boolean,
    actual: number | null,
    progress: number | null,
    status: string,
    reason: string,
    x?: X,
  ) =>
    `('${school}', '${ind}', '${caption}', '${unit}', '${dir}', '${src}', ${subject === null ? 'NULL' : `'${subject}'`}, ${grade ?? 'NULL'}, '${year}', ${base}, '2023/24',
      ${planned ?? 'NULL'}, ${explicit}, ${actual ?? 'NULL'}, ${actual === null ? 'NULL' : 120}, ${progress ?? 'NULL'}, '${status}', '${reason}',
      ${x ? x.passport : base}, ${x ? x.measured : 'NULL'}, '${x && src === 'computed' ? 'measured' : 'passport'}', ${x?.differs ?? false},
      ${x ? v(x.plannedPassport) : v(planned)}, ${x !== undefined && src === 'computed' && x.passport !== x.measured}, ${v(x?.ior)})`;
  // B: the passport says 36 % at risk, Ориентир measures 30 % (beyond the 4 p.p. tolerance); the plan (−5 p.p.) runs from 30 %.
  const bx = (plannedPassport: number | null): X => ({ passport: 0.36, measured: 0.3, differs: true, plannedPassport });
  // B: the official ИОР reported by the school (0,400 → 0,410), with Ориентир's ИОР [R] of the same years beside it.
  const ior = 'ИОР (официальный, по данным региона)';
  const risk = 'Доля обучающихся с рисками учебной неуспешности, %';
  await run(`INSERT INTO mart_programme_progress VALUES
    ${p(A, 'at_risk_share', risk, 'share', 'lower-better', 'computed', null, null, '2023/24', 0.2, null, false, 0.2, null, 'baseline', 'базовый год')},
    ${p(A, 'at_risk_share', risk, 'share', 'lower-better', 'computed', null, null, '2024/25', 0.2, 0.17, true, 0.16, 1.33, 'on_track', 'факт 16,0 % не выше плана 17,0 %')},
    ${p(A, 'at_risk_share', risk, 'share', 'lower-better', 'computed', null, null, '2025/26', 0.2, 0.15, true, null, null, 'no_data', 'нет данных за год')},
    ${p(A, 'ku', 'КУ, %', 'share', 'higher-better', 'computed', 'Математика', 5, '2023/24', 0.3, null, false, 0.3, null, 'baseline', 'базовый год')},
    ${p(A, 'ku', 'КУ, %', 'share', 'higher-better', 'computed', 'Математика', 5, '2024/25', 0.3, 0.35, false, 0.32, 0.4, 'off_track', 'пройдено 40 % пути к плану (порог 60 %)')},
    ${p(A, 'ku', 'КУ, %', 'share', 'higher-better', 'computed', 'Математика', 5, '2025/26', 0.3, 0.4, true, null, null, 'no_data', 'нет данных за год')},
    ${p(A, 'c_0123456789', 'Число наставнических пар', 'count', 'higher-better', 'reported', null, null, '2023/24', 2, null, false, 2, null, 'baseline', 'базовый год')},
    ${p(A, 'c_0123456789', 'Число наставнических пар', 'count', 'higher-better', 'reported', null, null, '2024/25', 2, 6, true, 5, 0.75, 'at_risk', 'пройдено 75 % пути к плану')},
    ${p(B, 'at_risk_share', risk, 'share', 'lower-better', 'computed', null, null, '2023/24', 0.3, null, false, 0.3, null, 'baseline', 'базовый год', bx(null))},
    ${p(B, 'at_risk_share', risk, 'share', 'lower-better', 'computed', null, null, '2024/25', 0.3, 0.25, true, 0.31, -0.2, 'off_track', 'показатель ухудшился', bx(0.31))},
    ${p(B, 'ior_official', ior, 'index', 'higher-better', 'reported', null, null, '2023/24', 0.4, null, false, 0.4, null, 'baseline', 'базовый год', { passport: 0.4, measured: 0.4, differs: false, plannedPassport: null, ior: 0.113 })},
    ${p(B, 'ior_official', ior, 'index', 'higher-better', 'reported', null, null, '2024/25', 0.4, 0.438, true, 0.41, 10 / 38, 'off_track', 'пройдено 26 % пути', { passport: 0.4, measured: 0.4, differs: false, plannedPassport: 0.438, ior: 0.291 })}`);
  await run(`CREATE TABLE mart_programme_exit (school_code VARCHAR, school_year VARCHAR, criterion_no INTEGER, criterion_id VARCHAR, criterion VARCHAR,
    indicator VARCHAR, unit VARCHAR, threshold DOUBLE, value DOUBLE, distance DOUBLE, met BOOLEAN)`);
  await run(`INSERT INTO mart_programme_exit VALUES
    ('${A}', '2024/25', 1, 'ior_above_shnor_cut', 'ИОР не ниже порога муниципального плана', 'ior', 'index', 0.438, 0.41, 0.028, false),
    ('${A}', '2024/25', 2, 'at_risk_below_high', 'Доля обучающихся с рисками не выше 15 %', 'at_risk_year_share', 'share', 0.15, 0.16, 0.01, false),
    ('${B}', '2024/25', 1, 'ior_above_shnor_cut', 'ИОР не ниже порога муниципального плана', 'ior', 'index', 0.438, 0.45, 0, true)`);
  await run(`CREATE TABLE mart_programme_effect (school_code VARCHAR, programme_name VARCHAR, start_year VARCHAR, outcome_no INTEGER, outcome VARCHAR,
    outcome_caption VARCHAR, unit VARCHAR, direction VARCHAR, pre_years VARCHAR, post_years VARCHAR, treated_change DOUBLE, control_change DOUBLE,
    n_treated BIGINT, n_controls BIGINT, control_group VARCHAR, effect DOUBLE, se DOUBLE, ci_lo DOUBLE, ci_hi DOUBLE, evidence VARCHAR, evidence_text VARCHAR)`);
  const same = 'тот же тип ОО, тип поселения и размер';
  await run(`INSERT INTO mart_programme_effect VALUES
    ('${A}', 'Программа профилактики учебной неуспешности', '2024/25', 1, 'ku', 'КУ, %', 'share', 'higher-better', '2021/22, 2022/23, 2023/24', '2024/25',
      0.06, 0.01, 1, 5, '${same}', 0.05, 0.02, 0.011, 0.089, 'изменение лучше, чем у похожих школ', 'Изменение с начала программы: +6,0 п. п.'),
    ('${B}', 'Высокая доля обучающихся с рисками учебной неуспешности', '2024/25', 1, 'ku', 'КУ, %', 'share', 'higher-better', '2021/22, 2022/23, 2023/24', '2024/25',
      0.0, 0.01, 1, 2, '${same}', -0.01, 0.03, -0.069, 0.049, 'не отличается от похожих школ', 'Изменение с начала программы: 0,0 п. п.'),
    (NULL, NULL, '2024/25', 1, 'ku', 'КУ, %', 'share', 'higher-better', '2021/22, 2022/23, 2023/24', '2024/25',
      0.03, 0.01, 2, 7, '${same}', 0.02, 0.015, -0.009, 0.049, 'не отличается от похожих школ', 'Изменение с начала программы: +3,0 п. п. в среднем по 2 ОО')`);
  return { store, dir };
}
