// Pieces shared by the «Программа» tab and the committee's /programmes page: status badges, the on-track rule with
// its thresholds, the «does the help work» table and its wording, the programme upload box.

import type { MeasureStatus } from '../../domain/measure-statuses.js';
import { STATUS_CAPTION } from '../../domain/measure-statuses.js';
import { PROG_STATUS, type ProgStatus } from '../charts/programme.js';
import { type EffectRow, MIN_ANONYMOUS_CONTROLS, type Series, type Thresholds } from '../data/programme.js';
import { fileSize, fmtInt, fmtNum, fmtPct } from '../format/numbers.js';
import { fmtUnitDelta } from '../format/units.js';
import { type Html, html } from '../html/escape.js';
import { dataTable } from '../html/table.js';

export const progBadge = (s: ProgStatus): Html => html`<span class="badge prog prog-${s}">${PROG_STATUS[s]}</span>`;

const MEASURE_CLASS: Record<MeasureStatus, string> = {
  planned: 'lvl-info',
  in_progress: 'lvl-signal',
  done: 'lvl-ok',
  missed: 'lvl-attention',
  cancelled: 'lvl-none',
};
export const measureBadge = (s: string): Html =>
  html`<span class="badge ${MEASURE_CLASS[s as MeasureStatus] ?? ''}">${STATUS_CAPTION[s as MeasureStatus] ?? s}</span>`;
export const overdueBadge = (): Html => html`<span class="badge lvl-attention overdue-badge">просрочено</span>`;

/** The baseline in words: both numbers where the passport's differs from the one the status is judged from. */
export function baselineNote(
  s: Pick<Series, 'baseline' | 'passport_baseline' | 'measured_baseline' | 'baseline_origin' | 'origin'>,
  f: (v: number | null) => string,
): string {
  const both =
    s.passport_baseline !== null && s.measured_baseline !== null && f(s.passport_baseline) !== f(s.measured_baseline);
  if (!both) return f(s.baseline);
  const own = s.origin === 'computed' ? 'по данным Ориентира' : 'по отчёту школы';
  return s.baseline_origin === 'measured'
    ? `${own}: ${f(s.measured_baseline)}; по паспорту: ${f(s.passport_baseline)}`
    : `по паспорту: ${f(s.passport_baseline)}; ${own}: ${f(s.measured_baseline)}`;
}

/** The on-track rule in words, with the thresholds in force. */
export function ruleText(t: Thresholds, print = false): Html {
  const p = t.atRisk;
  if (print) {
    return html`<p class="note">Статус года [R]: «в графике» — план года достигнут; «под угрозой» — не достигнут, но пройдено не меньше
      ${fmtPct(p, 0)} пути от базы к плану; «отстаёт» — пройдено меньше или показатель ухудшился; «нет данных» — значения за год нет.
      Для показателей, которые вычисляет Ориентир, база — значение базового года по его данным, план — изменение по паспорту от этой базы.</p>`;
  }
  return html`<details class="rule" open><summary>Как определяется статус показателя</summary>
    <p>Правило [R] — реконструкция, а не официальная норма. Порог — параметр методики
      <a href="/methodology#programme_at_risk_progress">«доля пути к плану для статуса „под угрозой“»</a>, сейчас ${fmtNum(p, 2)};
      его меняет администратор Ориентира по решению комитета (<a href="/methodology#change">как меняются пороги</a>).</p>
    <ul>
      <li>${progBadge('on_track')} — фактическое значение года достигло планового (для показателей «лучше — меньше» — не превысило его).</li>
      <li>${progBadge('at_risk')} — план года не достигнут, но пройдено не меньше ${fmtPct(p, 0)} пути от базового значения к плановому:
        (факт − база) / (план − база) ≥ ${fmtNum(p, 2)}.</li>
      <li>${progBadge('off_track')} — пройдено меньше ${fmtPct(p, 0)} пути или показатель изменился в худшую сторону.</li>
      <li>${progBadge('no_data')} — значения за год нет: для вычисляемых показателей — нет результатов в загруженных данных,
        для отчётных — школа ещё не сообщила значение.</li>
    </ul>
    <p>Одна база на показатель. Для показателей, которые вычисляет Ориентир, база — значение базового года по данным Ориентира,
      а план — изменение, заложенное в паспорте (цель − база паспорта), от этой базы: так статус следует за направлением изменения
      в одной шкале. Если база паспорта отличается от базы Ориентира больше допустимого (для долей — на ${fmtUnitDelta(t.baselineTol, 'share', false)},
      для остальных единиц — на ${fmtPct(t.baselineTolRel, 0)} значения по паспорту; параметры методики
      <a href="/methodology#programme_baseline_tolerance_rel">«допустимое расхождение базового значения»</a>), рядом выводится примечание. Для показателей, которые сообщает школа
      (в том числе официальный ИОР региона), и собственных показателей ОО база — из паспорта.</p>
    <p class="muted">План между целевыми значениями паспорта — линейная интерполяция от базового значения. Статус — повод для разговора о программе, а не оценка работы школы.</p></details>`;
}

/** The wording of the comparison: evidence about the change, never a verdict on the school. */
export function effectNote(t: Thresholds): Html {
  return html`<p>Для каждой ОО с программой сравнивается изменение результата после начала программы (среднее за годы после
    минус среднее за годы до) с таким же изменением у похожих ОО без программы — того же типа, типа поселения и размера
    (метод «разность разностей»). Положительная разность для показателей «лучше — больше» означает, что результаты ОО
    изменились лучше, чем у похожих школ. Интервал — 95% доверительный: если он включает ноль, данные не позволяют
    отличить изменение от изменения у похожих школ.${t.minControls !== null ? html` Если таких ОО меньше ${fmtInt(t.minControls)}, условие ослабляется: сначала без учёта размера, затем все ОО без программы — группа сравнения указана в таблице.` : ''}</p>
    <p class="notice">Это свидетельство, а не вердикт: разница может объясняться не только программой (смена состава
      обучающихся, кадров, условий проведения оценочных процедур), а малое число лет и школ даёт широкие интервалы.</p>`;
}

const between = (r: EffectRow): string =>
  r.ci_lo === null || r.ci_hi === null
    ? 'интервал не оценить'
    : `${fmtUnitDelta(r.ci_lo, r.unit)} … ${fmtUnitDelta(r.ci_hi, r.unit)}`;
const uniq = (xs: (string | null)[]) => [...new Set(xs.filter((x): x is string => !!x))];

/** Rows of the comparison; for a school head, rows built on fewer than 3 other schools hide the comparison. */
export function effectTable(rows: EffectRow[], o: { anonymous: boolean; named: boolean; print?: boolean }): Html {
  const hidden = (r: EffectRow) => o.anonymous && (r.n_controls ?? 0) < MIN_ANONYMOUS_CONTROLS;
  const pre = uniq(rows.map((r) => r.pre_years)),
    post = uniq(rows.map((r) => r.post_years));
  return html`${pre.length || post.length ? html`<p class="muted">Годы до программы: ${pre.join('; ') || '—'}; после начала: ${post.join('; ') || '—'}.</p>` : ''}${dataTable(
    [
      { title: 'Показатель', value: (r: EffectRow) => r.outcome_caption },
      ...(o.named
        ? [
            {
              title: 'ОО',
              value: (r: EffectRow) =>
                r.school_code === null
                  ? html`<strong>Все ОО с программами</strong>`
                  : o.print
                    ? (r.school_name ?? r.school_code)
                    : html`<a href="/schools/${encodeURIComponent(r.school_code)}/programme">${r.school_name ?? r.school_code}</a>`,
            },
          ]
        : [{ title: 'Кто', value: (r: EffectRow) => (r.school_code === null ? 'все ОО с программами' : 'эта ОО') }]),
      { title: 'Изменение ОО', value: (r) => fmtUnitDelta(r.treated_change, r.unit), num: true },
      {
        title: 'Изменение похожих ОО',
        value: (r) => (hidden(r) ? 'не показывается' : fmtUnitDelta(r.control_change, r.unit)),
        num: true,
      },
      {
        title: 'Разность (95% ДИ)',
        value: (r) =>
          hidden(r)
            ? '—'
            : html`<strong>${fmtUnitDelta(r.effect, r.unit)}</strong><br><span class="muted small">${between(r)}</span>`,
        num: true,
      },
      {
        title: 'ОО в сравнении',
        cls: 'print-hide',
        value: (r) =>
          html`${r.school_code === null && r.n_treated !== null ? html`с программой: ${fmtInt(r.n_treated)}, ` : ''}похожих: ${fmtInt(r.n_controls)}${r.control_group ? html`<br><span class="muted small">${r.control_group}</span>` : ''}`,
      },
      {
        title: 'Что показывают данные',
        value: (r) =>
          hidden(r)
            ? `похожих ОО меньше ${MIN_ANONYMOUS_CONTROLS}: сравнение не показывается, чтобы не раскрывать результаты отдельных школ`
            : html`<strong>${r.evidence}</strong>`,
      },
    ],
    rows,
    { cls: 'data effect' },
  )}`;
}

/** The upload box for filled programme workbooks of one school (client/upload.ts drives it). */
export function programmeUpload(code: string, maxBytes: number, committee: boolean): Html {
  const c = encodeURIComponent(code);
  return html`<section class="upload noprint" data-upload data-upload-url="/api/schools/${c}/programme/uploads" data-max-bytes="${maxBytes}">
    <div class="dropzone" data-dropzone tabindex="0">
      <p><strong>Перетащите заполненный шаблон программы сюда</strong> или
        <label class="button">выберите файл<input type="file" data-file-input class="visually-hidden" accept=".xlsx"></label></p>
      <p class="muted">Принимается только «Шаблон программы.xlsx» (паспорт, показатели, дорожная карта, факт) этой ОО;
        файл с данными другой ОО будет отклонён целиком. Размер — не более ${fileSize(maxBytes)}.
        <a href="/templates/programme.xlsx?school=${c}">Скачать шаблон с текущими данными программы</a>${committee ? html` · <a href="/templates/programme.xlsx">пустой шаблон</a>` : ''}.</p>
    </div>
    <ol class="upload-list" data-upload-list aria-live="polite"></ol>
    <p class="muted" data-upload-after hidden>Файл загружен: дорожная карта уже обновлена (обновите страницу), показатели и статусы обновятся после пересборки витрин — через несколько минут.</p>
  </section>`;
}
