// Methodology: statuses, who changes the thresholds and how, the formulas, the school marks the product computes
// (ШНОР, сложные условия, ШНСУ, резильентная школа, положительная динамика), and the thresholds in force
// (cfg_params of the last build) under their Russian names; the config keys only in a small column for administrators.
import { AREA_KINDS, type AreaKind } from '../../domain/methodology.js';
import type { Session } from '../auth/session.js';
import { CHANGE_CUTS, CHANGES, LEVEL_CUTS, LEVELS } from '../charts/status-grid.js';
import { fmtNum, fmtSigned } from '../format/numbers.js';
import { type Html, html } from '../html/escape.js';
import { page } from '../html/layout.js';
import { dataTable } from '../html/table.js';
import { JOB_TITLES } from './jobs.js';

export interface CfgParam {
  key: string;
  value: number;
  status: string;
  title: string;
  text: string;
}
export interface AreaRule {
  rule: string;
  value: AreaKind;
  title: string;
  text: string;
}
export interface Methodology {
  version: string;
  note: string;
  params: CfgParam[];
  source: 'store' | 'file';
  areasNote: string;
  areas: AreaRule[];
}

const STATUS: Record<string, string> = {
  S: 'стандартная формула или норматив из официального источника',
  M: 'по методическим рекомендациям (Рособрнадзор, ФИОКО, региональные документы), требует сверки',
  R: 'реконструкция по открытым источникам, а не официальная норма Рособрнадзора или ФИОКО: обоснованное правило Ориентира по умолчанию',
};

const fmtValue = (v: number) => (Number.isInteger(v) ? String(v) : String(v).replace('.', ','));

/** Parameter keys inside an explanation («см. hard_context_percentile») → the parameter's Russian name. */
function readable(text: string, titles: Map<string, string>): string {
  return text.replace(/\b[a-z][a-z0-9]*(?:_[a-z0-9]+)+\b/g, (k) => (titles.has(k) ? `«${titles.get(k)}»` : k));
}

/** The marks a school can get beside the attention flags, defined with the thresholds in force. */
function schoolMarks(m: Methodology): Html {
  const v = (k: string): number | null => m.params.find((p) => p.key === k)?.value ?? null;
  const n = (k: string, d = 2): string => fmtNum(v(k), d);
  const pct = (k: string): string => (v(k) === null ? '—' : `P${Math.round(100 * v(k)!)}`);
  return html`<dl class="formulas">
    <dt id="shnor">ШНОР — школа с низкими образовательными результатами (зона внимания) [R]</dt>
    <dd>Год ОО считается «низким», если её ИОР не выше ${pct('shnor_low_percentile')} ОО муниципалитета, или ниже ${n('shnor_median_ratio')} медианы ИОР
      муниципалитета, или доля «2» на ВПР не ниже ${pct('shnor_fail_percentile')}. ОО в зоне внимания ШНОР, если «низких» лет не меньше
      ${n('shnor_years_min', 0)} из последних ${n('shnor_years_window', 0)}; один «низкий» год списка — «сигнал».</dd>
    <dt id="hard-context">Сложные условия [R]</dt>
    <dd>Контекстный балл ОО — среднее трёх величин: перцентиль доли обучающихся с ОВЗ, перцентиль доли обучающихся, для которых русский
      язык не родной (обе — по ОО муниципалитета, из реестра ОО), и признак «село» (1 — село, 0 — иначе). ОО работает в сложных условиях,
      если её балл не ниже ${pct('hard_context_percentile')} баллов ОО муниципалитета. Балл считается для ОО, у которых в реестре указана
      хотя бы одна из двух долей.</dd>
    <dt id="shnsu">ШНСУ — школа, работающая в сложных социальных условиях (информация) [R]</dt>
    <dd>ОО в сложных условиях, у которой процентиль ИОР в учебном году ниже ${n('resilient_ior_pct')} (ниже, чем у половины ОО муниципалитета
      при пороге 0,50). Это не зона внимания: признак говорит об условиях работы и о том, что результаты пока не выше средних.</dd>
    <dt id="resilient">Резильентная школа (информация) [R]</dt>
    <dd>ОО в сложных условиях, у которой процентиль ИОР в учебном году не ниже ${n('resilient_ior_pct')}: результаты не ниже средних по
      муниципалитету вопреки условиям. Её опыт полезно изучать другим ОО. Признаки ШНСУ и «резильентная школа» снимаются, когда меняются
      контекстные данные реестра или процентиль ИОР.</dd>
    <dt id="improving">Положительная динамика (информация) [R]</dt>
    <dd>Наклон линейного тренда процентиля ИОР за последние ${n('improving_years', 0)} года не меньше ${n('improving_min_slope')} в год,
      и ИОР последнего года выше, чем в начале окна.</dd>
  </dl>`;
}

export function methodologyPage(m: Methodology, s: Session): string {
  const titles = new Map(m.params.map((p) => [p.key, p.title]));
  const body = html`
    <h1>Методика расчёта</h1>
    <p class="lead">Версия правил: <strong>${m.version}</strong>${m.source === 'file' ? ' (витрины ещё не собраны; показаны значения из файла конфигурации)' : ''}.
      Номер версии указывается в каждом признаке.</p>
    <h2>Статусы правил и порогов</h2>
    <ul>${Object.entries(STATUS).map(([k, t]) => html`<li><span class="status">[${k}]</span> — ${k === 'R' ? html`<strong>${t}</strong>` : t}.</li>`)}</ul>
    <h2 id="change">Кто и как меняет пороги</h2>
    <p>Пороги хранятся в файле <code>config/methodology.json</code> на сервере Ориентира; в панели они не редактируются. Их меняет
      администратор Ориентира по решению комитета: правит значение и номер версии в файле, затем пересобирает витрины — командой
      <code>npx orientir build</code> или кнопкой «Запустить» у задания «${JOB_TITLES.rebuild}» на странице «Задания» (иначе новые пороги
      вступят в силу при ночной пересборке). Файл хранится вместе с программой в системе контроля версий: у каждого изменения есть автор,
      дата и причина, и оно не может незаметно поменять списки школ между двумя совещаниями. Ниже — пороги, с которыми собраны текущие витрины.</p>
    <h2>Формулы</h2>
    <dl class="formulas">
      <dt>Качество обучения (КУ) [S]</dt><dd>КУ = (n«4» + n«5») / N, где N — число участников.</dd>
      <dt>Обученность, успеваемость (ОУ) [S]</dt><dd>ОУ = (n«3» + n«4» + n«5») / N.</dd>
      <dt>Степень обученности (СОУ) [S]</dt><dd>СОУ = (100·n«5» + 64·n«4» + 36·n«3» + 16·n«2» + 7·n«н/а») / (100·N) (по В. П. Симонову; веса — в таблице параметров).</dd>
      <dt>Доверительные интервалы [S]</dt><dd>Для всех долей — 95% интервал Уилсона: (p + z²/2N ± z·√(p(1−p)/N + z²/4N²)) / (1 + z²/N), z ≈ 1,96. Для среднего балла ЕГЭ — x̄ ± z·s/√N.</dd>
      <dt>Недостаточно данных [R]</dt><dd>Группы с числом участников меньше минимальной численности не попадают в списки и показываются с пометкой «недостаточно данных».</dd>
      <dt>ГИА: первая попытка [R]</dt><dd>Показатели ОГЭ и ЕГЭ (КУ, ОУ, доля «2», доля ниже минимума, средние, компоненты ИОР) считаются по первой сдаче предмета обучающимся в учебном году, когда бы она ни была; пересдачи (резервные дни, сентябрь) учитываются отдельно — число пересдававших и сдавших при пересдаче. Строки протокола без ФИО сопоставить нельзя — каждая считается первой попыткой.</dd>
      <dt id="objectivity-journal">Объективность: ВПР и журнал [M]/[R]</dt><dd>Для каждой работы: доли понизивших (P↓, отметка за ВПР ниже журнальной), подтвердивших (P=) и повысивших (P↑);
        NI = P↓ − P↑; G2 — доля расхождений на 2 и более отметки; взвешенная каппа κ = 1 − E[(J−V)²] / (Var J + Var V + (J̄ − V̄)²).
        F1, F3, F4 — абсолютные пороги (только на странице ОО). F2 [R] сравнивает долю понизивших с ожидаемой для этой школы: доли понизивших
        при каждой отметке ВПР по остальным ОО той же работы, взвешенные составом отметок школы, с линейной поправкой на средний уровень школы;
        превышение — с 95% интервалом, односторонним p и поправкой Бенджамини–Хохберга по работам года. Пороги — в таблице параметров.</dd>
      <dt id="bunching">Скопление баллов у порогов (A3) [R]</dt><dd>Для каждого порога отметки c: k — работ с баллом c или c+1, m — в окне [c−2; c+1]; одностороннее биномиальное сравнение с долей по остальным ОО; поправка Бенджамини–Хохберга.</dd>
      <dt id="task-inversion">Инверсия трудности заданий (A2) [R]</dt><dd>По заданиям работы ВПР сравниваются логиты выполнения ОО и муниципалитета: признак — лёгкие задания
        выполнены хуже муниципалитета, а трудные — лучше (наклон разности по трудности значим, разрыв трудных и лёгких не меньше порога). Сигнал — признак
        в нескольких работах одного года, зона внимания — такой сигнал два года подряд.</dd>
      <dt id="cohort">Объективность: ВПР и ОГЭ одной когорты [R]</dt><dd>ВПР-8 в прошлом году и ОГЭ-9 в этом, русский язык и математика: разрыв КУ (КУ на ВПР − КУ на ОГЭ)
        школы сравнивается с разрывом муниципалитета. Зона внимания — превышение не меньше порога и значимо (95% интервал, поправка Бенджамини–Хохберга);
        незначимое превышение — сигнал.</dd>
      <dt>Индекс образовательных результатов (ИОР) [R]</dt><dd>Компоненты (КУ и доля «2» на ВПР по русскому языку и математике 4–8 классов, % первичного балла и доля «2» на ОГЭ, средний балл и доля ниже минимума на ЕГЭ)
        винзоризуются по перцентилям года, нормируются на отрезок [0; 1] с учётом направления, усредняются в блоки ВПР/ОГЭ/ЕГЭ, блоки — с равными весами.</dd>
      <dt>Сетка «уровень × динамика» (параметры отображения панели)</dt><dd>Значение на границе относится к верхнему интервалу. Уровень ИОР: ${LEVELS.map((l, i) => `${l} (${i < LEVEL_CUTS.length ? `< ${fmtNum(LEVEL_CUTS[i]!)}` : `≥ ${fmtNum(LEVEL_CUTS[i - 1]!)}`})`).join(', ')}.
        Изменение ИОР к прошлому году: ${CHANGES.map((c, i) => `${c} (${i < CHANGE_CUTS.length ? `< ${fmtSigned(CHANGE_CUTS[i]!)}` : `≥ ${fmtSigned(CHANGE_CUTS[i - 1]!)}`})`).join(', ')}.</dd>
    </dl>
    <h2 id="marks">Признаки ОО, которые вычисляет Ориентир</h2>
    ${schoolMarks(m)}
    <h2 id="params">Параметры и пороги в действии</h2>
    ${dataTable(
      [
        { title: 'Параметр', value: (p: CfgParam) => p.title },
        { title: 'Значение', value: (p) => fmtValue(p.value), num: true },
        {
          title: 'Статус',
          value: (p) => html`<span class="status" title="${STATUS[p.status] ?? ''}">[${p.status}]</span>`,
        },
        { title: 'Пояснение', value: (p) => readable(p.text, titles) || '—' },
        // The one place a config key is shown: the administrator edits config/methodology.json by these keys (the only
        // exception tests/dashboard/leftovers.test.ts allows).
        { title: 'Ключ в файле (для администратора)', value: (p) => html`<code class="small muted">${p.key}</code>` },
      ],
      m.params,
      { rowAttrs: (p) => html` id="${p.key}"` },
    )}
    <h2 id="areas">Опорные территории относительных правил</h2>
    <p>${m.areasNote}</p>
    ${dataTable(
      [
        { title: 'Правило', value: (a: AreaRule) => a.title },
        { title: 'С какими ОО сравнивается школа', value: (a) => AREA_KINDS[a.value] ?? a.value },
        { title: 'Пояснение', value: (a) => a.text || '—' },
        {
          title: 'Ключ в файле (для администратора)',
          value: (a) => html`<code class="small muted">reference_areas.rules.${a.rule}</code>`,
        },
      ],
      m.areas,
    )}`;
  return page({ title: 'Методика', session: s, active: '/methodology', body });
}
