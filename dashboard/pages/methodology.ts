// Methodology: formulas, the thresholds in force (cfg_params/cfg_meta) with [S]/[M]/[R] status.
import type { Session } from '../auth/session.js';
import { CHANGES, CHANGE_CUTS, LEVELS, LEVEL_CUTS } from '../charts/status-grid.js';
import { fmtNum, fmtSigned } from '../format/numbers.js';
import { html } from '../html/escape.js';
import { page } from '../html/layout.js';
import { dataTable } from '../html/table.js';

export interface CfgParam { key: string; value: number; status: string; title: string; text: string }
export interface Methodology { version: string; note: string; params: CfgParam[]; source: 'store' | 'file' }

const STATUS: Record<string, string> = {
  S: 'стандартная формула или норматив (официальный источник)',
  M: 'методические рекомендации (Рособрнадзор, ФИОКО, региональные документы)',
  R: 'реконструкция по открытым источникам, а не официальная норма',
};

const fmtValue = (v: number) => (Number.isInteger(v) ? String(v) : String(v).replace('.', ','));

export function methodologyPage(m: Methodology, s: Session): string {
  const body = html`
    <h1>Методика расчёта</h1>
    <p class="lead">Версия конфигурации методики: <strong>${m.version}</strong>${m.source === 'file' ? ' (витрины ещё не собраны; показаны значения из файла конфигурации)' : ''}.</p>
    <p>${m.note}</p>
    <p class="notice"><strong>Важно.</strong> Правила и пороги со статусом [R] — реконструкция по открытым источникам, а не официальные нормы
      Рособрнадзора или ФИОКО. Отметки «зона внимания», «сигнал» и «признак необъективности» — повод для анализа, а не вывод о работе ОО и не рейтинг.</p>
    <h2>Статусы</h2>
    <ul>${Object.entries(STATUS).map(([k, t]) => html`<li><span class="status">[${k}]</span> — ${t}</li>`)}</ul>
    <h2>Формулы</h2>
    <dl class="formulas">
      <dt>Качество обучения (КУ) [S]</dt><dd>КУ = (n«4» + n«5») / N, где N — число участников.</dd>
      <dt>Обученность, успеваемость (ОУ) [S]</dt><dd>ОУ = (n«3» + n«4» + n«5») / N.</dd>
      <dt>Степень обученности (СОУ) [S]</dt><dd>СОУ = (100·n«5» + 64·n«4» + 36·n«3» + 16·n«2» + 7·n«н/а») / (100·N) (по В. П. Симонову; веса — в таблице параметров).</dd>
      <dt>Доверительные интервалы [S]</dt><dd>Для всех долей — 95% интервал Уилсона: (p + z²/2N ± z·√(p(1−p)/N + z²/4N²)) / (1 + z²/N), z ≈ 1,96. Для среднего балла ЕГЭ — x̄ ± z·s/√N.</dd>
      <dt>Недостаточно данных [R]</dt><dd>Группы с числом участников меньше минимальной численности не попадают в списки и показываются с пометкой «недостаточно данных».</dd>
      <dt>Объективность: ВПР и журнал [M]/[R]</dt><dd>Для каждой работы: доли понизивших (P↓, отметка за ВПР ниже журнальной), подтвердивших (P=) и повысивших (P↑);
        NI = P↓ − P↑; G2 — доля расхождений на 2 и более отметки; взвешенная каппа κ = 1 − E[(J−V)²] / (Var J + Var V + (J̄ − V̄)²).
        F1, F3, F4 — абсолютные пороги (только на странице ОО). F2 [R] сравнивает долю понизивших с ожидаемой для этой школы: доли понизивших
        при каждой отметке ВПР по остальным ОО той же работы, взвешенные составом отметок школы, с линейной поправкой на средний уровень школы;
        превышение — с 95% интервалом, односторонним p и поправкой Бенджамини–Хохберга по работам года. Пороги — в таблице параметров.</dd>
      <dt>Скопление баллов у порогов (A3) [R]</dt><dd>Для каждого порога отметки c: k — работ с баллом c или c+1, m — в окне [c−2; c+1]; одностороннее биномиальное сравнение с долей по остальным ОО; поправка Бенджамини–Хохберга.</dd>
      <dt>Индекс образовательных результатов (ИОР) [R]</dt><dd>Компоненты (КУ и доля «2» на ВПР по русскому языку и математике 4–8 классов, % первичного балла и доля «2» на ОГЭ, средний балл и доля ниже минимума на ЕГЭ)
        винзоризуются по перцентилям года, нормируются на отрезок [0; 1] с учётом направления, усредняются в блоки ВПР/ОГЭ/ЕГЭ, блоки — с равными весами.</dd>
      <dt>Сетка «уровень × динамика» (параметры отображения панели)</dt><dd>Значение на границе относится к верхнему интервалу. Уровень ИОР: ${LEVELS.map((l, i) => `${l} (${i < LEVEL_CUTS.length ? `< ${fmtNum(LEVEL_CUTS[i]!)}` : `≥ ${fmtNum(LEVEL_CUTS[i - 1]!)}`})`).join(', ')}.
        Изменение ИОР к прошлому году: ${CHANGES.map((c, i) => `${c} (${i < CHANGE_CUTS.length ? `< ${fmtSigned(CHANGE_CUTS[i]!)}` : `≥ ${fmtSigned(CHANGE_CUTS[i - 1]!)}`})`).join(', ')}.</dd>
    </dl>
    <h2>Параметры и пороги в действии</h2>
    ${dataTable([
      { title: 'Параметр', value: (p: CfgParam) => html`<code>${p.key}</code>` },
      { title: 'Статус', value: (p) => html`<span class="status" title="${STATUS[p.status] ?? ''}">[${p.status}]</span>` },
      { title: 'Название', value: (p) => p.title },
      { title: 'Значение', value: (p) => fmtValue(p.value), num: true },
      { title: 'Пояснение', value: (p) => p.text },
    ], m.params)}`;
  return page({ title: 'Методика', session: s, active: '/methodology', body });
}
