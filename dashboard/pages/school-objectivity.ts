// The objectivity panel of a school page: ВПР vs journal per work, the mark-vs-mark matrix, and primary-score
// histograms with the mark cut-offs; wording — «признак необъективности», never a verdict.

import { pathKey } from '../charts/index.js';
import type { HistWork, ObjectivityData, ObjectivityRow } from '../data/school.js';
import { fmtInt, fmtNum, fmtPct, fmtPp } from '../format/numbers.js';
import type { PageCharts } from '../html/chart.js';
import { type Html, html } from '../html/escape.js';
import { dataTable, figure } from '../html/table.js';

const FLAG_TEXT: Record<string, string> = {
  F1: 'F1: подтвердили меньше половины при чистом завышении журнала',
  F2: 'F2 [R]: понизивших значимо больше, чем ожидается при таком составе отметок ВПР и уровне школы',
  F3: 'F3: много расхождений на 2 и более отметки',
  F4: 'F4: повысили заметно чаще, чем понизили',
};

function worksTable(d: ObjectivityData): Html {
  return dataTable<ObjectivityRow>(
    [
      { title: 'Работа', value: (w) => w.work },
      { title: 'Сопоставлено', value: (w) => fmtInt(w.compared), num: true },
      { title: 'Понизили', value: (w) => `${fmtPct(w.p_lowered)} (${fmtInt(w.lowered)})`, num: true },
      { title: 'Подтвердили', value: (w) => `${fmtPct(w.p_confirmed)} (${fmtInt(w.confirmed)})`, num: true },
      { title: 'Повысили', value: (w) => `${fmtPct(w.p_raised)} (${fmtInt(w.raised)})`, num: true },
      { title: 'NI', value: (w) => fmtNum(w.ni), num: true },
      { title: 'Ожидаемо понизили', value: (w) => fmtPct(w.expected_lowered), num: true },
      {
        title: 'Превышение (95% ДИ)',
        value: (w) =>
          w.excess_lowered === null
            ? '—'
            : `${fmtPp(w.excess_lowered)} (${fmtPp(w.excess_lo)} … ${fmtPp(w.excess_hi)})`,
        num: true,
      },
      { title: 'q', value: (w) => (w.f2_q === null ? '—' : fmtNum(w.f2_q, 3)), num: true },
      { title: 'κ взвеш.', value: (w) => fmtNum(w.kappa_w), num: true },
      {
        title: 'Признаки',
        value: (w) =>
          w.insufficient
            ? 'недостаточно данных'
            : w.flags.length
              ? w.flags.map((f) => FLAG_TEXT[f] ?? f).join('; ')
              : 'нет',
      },
    ],
    d.works,
  );
}

/** The справка's table: only works with a sign, signs as codes (explained under the table). */
function flaggedTable(works: ObjectivityRow[]): Html {
  return dataTable<ObjectivityRow>(
    [
      { title: 'Работа', value: (w) => w.work },
      { title: 'Сопоставлено', value: (w) => fmtInt(w.compared), num: true },
      { title: 'Понизили', value: (w) => fmtPct(w.p_lowered), num: true },
      { title: 'Подтвердили', value: (w) => fmtPct(w.p_confirmed), num: true },
      { title: 'Повысили', value: (w) => fmtPct(w.p_raised), num: true },
      {
        title: 'Превышение понизивших',
        value: (w) => (w.excess_lowered === null ? '—' : fmtPp(w.excess_lowered)),
        num: true,
      },
      { title: 'Признаки', value: (w) => w.flags.join(', ') },
    ],
    works,
    { cls: 'data flagged-works' },
  );
}

/** The codes of the signs that occur, in words. */
const flagLegend = (works: ObjectivityRow[]): string =>
  (['F1', 'F2', 'F3', 'F4'] as const)
    .filter((f) => works.some((w) => w.flags.includes(f)))
    .map((f) => FLAG_TEXT[f])
    .join('. ');

function matrixTable(d: ObjectivityData): Html {
  const rows = [5, 4, 3, 2].map((v) => ({
    v,
    cells: [2, 3, 4, 5].map((j) => d.matrix.find((c) => c.vpr === v && c.journal === j)?.n ?? 0),
  }));
  return dataTable(
    [
      { title: 'ВПР \\ журнал', value: (r: (typeof rows)[number]) => `«${r.v}»` },
      ...[2, 3, 4, 5].map((j, i) => ({
        title: `журнал «${j}»`,
        num: true,
        value: (r: (typeof rows)[number]) => fmtInt(r.cells[i]!),
      })),
    ],
    rows,
  );
}

function histogram(h: HistWork, i: number, src: string, d: ObjectivityData, charts: PageCharts): Html {
  const table = dataTable(
    [
      { title: 'Первичный балл', value: (b: HistWork['bins'][number]) => fmtInt(b.score), num: true },
      { title: 'Участников', value: (b) => fmtInt(b.n), num: true },
      { title: 'Доля в ОО', value: (b) => fmtPct(b.share), num: true },
      { title: 'Доля в муниципалитете', value: (b) => fmtPct(b.municipal_share), num: true },
    ],
    h.bins,
  );
  const cuts =
    'Столбцы — доли участников ОО по первичному баллу, ступенчатая линия — доли по муниципалитету. ' +
    (h.cuts
      ? `Пороги отметок: «3» с ${h.cuts.mark3_min}, «4» с ${h.cuts.mark4_min}, «5» с ${h.cuts.mark5_min} первичных баллов.`
      : 'Шкала перевода для этой работы не загружена.');
  const sig = h.bunching.filter((b) => typeof b.q_value === 'number' && b.q_value < 0.05);
  const bunch = sig.length
    ? ` Скопление у порога (признак необъективности, сигнал): ${sig.map((b) => `порог ${b.cut}: ${b.k} из ${b.m} работ в окне, q = ${fmtNum(b.q_value as number, 3)}`).join('; ')}.`
    : '';
  return figure({
    id: `hist-${i}`,
    title: `${h.work}: распределение первичных баллов`,
    chart: charts.slot(
      { kind: 'histogram', src, path: `histogramsByWork.${pathKey(h.work)}`, opts: { title: h.work }, cls: 'small' },
      d,
    ),
    table,
    note: cuts + bunch,
  });
}

/** The справка's summary of the mark-vs-mark matrix: all works of the year together. */
function matrixLine(d: ObjectivityData): Html {
  const all = d.matrix.reduce((a, c) => a + c.n, 0);
  if (all === 0) return html``;
  const part = (f: (v: number, j: number) => boolean) =>
    d.matrix.filter((c) => f(c.vpr, c.journal)).reduce((a, c) => a + c.n, 0) / all;
  return html`<p>Все работы ${d.year} вместе: сопоставлено ${fmtInt(all)} отметок; понизили ${fmtPct(part((v, j) => v < j))},
    подтвердили ${fmtPct(part((v, j) => v === j))}, повысили ${fmtPct(part((v, j) => v > j))}.</p>`;
}

/** The справка's line on the score distributions: how many works, and the works with significant bunching at a cut-off. */
function histogramsLine(d: ObjectivityData): Html {
  const sig = d.histograms.flatMap((h) =>
    h.bunching
      .filter((b) => typeof b.q_value === 'number' && b.q_value < 0.05)
      .map((b) => `${h.work}, порог ${b.cut}: ${b.k} из ${b.m} работ в окне, q = ${fmtNum(b.q_value as number, 3)}`),
  );
  return html`<p>${sig.length ? html`Скопление первичных баллов у порога отметки (признак необъективности, сигнал): ${sig.join('; ')}. ` : 'Значимых скоплений первичных баллов у порогов отметок нет. '}
    <span class="muted">Распределения баллов по ${fmtInt(d.histograms.length)} работам — на странице ОО в Ориентире.</span></p>`;
}

export function objectivitySection(d: ObjectivityData, code: string, charts: PageCharts): Html {
  const print = charts.print;
  if (d.works.length === 0 && d.histograms.length === 0) {
    return html`<p class="muted">За ${d.year} нет результатов ВПР, сопоставленных с отметками журнала.</p>`;
  }
  const src = `/api/schools/${encodeURIComponent(code)}/objectivity?year=${encodeURIComponent(d.year)}`;
  const flagged = d.works.filter((w) => w.flags.length > 0 && !w.insufficient);
  return html`
    <p>Сравнение отметки за ВПР с отметкой в журнале за предыдущую четверть (триместр). «Понизили» — отметка за ВПР ниже журнальной.
      Высокая доля понизивших — <strong>признак необъективности</strong> текущего оценивания и повод для анализа, а не вывод.</p>
    ${print ? matrixLine(d) : ''}
    ${
      d.works.length
        ? figure({
            id: 'objectivity',
            title: `ВПР и журнал по работам, ${d.year}`,
            open: print && flagged.length > 0,
            chart: charts.slot({ kind: 'objectivity', src, path: 'works', opts: print ? { width: 680 } : {} }, d),
            // The справка lists only the works with a sign; every work is on the page.
            table: print ? flaggedTable(flagged) : worksTable(d),
            note: print
              ? flagged.length
                ? `Работы с признаками необъективности (${flagged.length} из ${d.works.length}; все работы — на странице ОО). ${flagLegend(flagged)}.`
                : 'Признаков необъективности по отдельным работам нет.'
              : 'NI = доля понизивших − доля повысивших; κ — взвешенная каппа Коэна (согласованность отметок). Полупрозрачные полосы — работы с недостаточным числом участников.',
          })
        : ''
    }
    ${
      print
        ? ''
        : d.matrix.length
          ? figure({
              id: 'mark-matrix',
              title: `Отметка за ВПР × отметка в журнале, все работы ${d.year}`,
              chart: charts.slot({ kind: 'mark-matrix', src, path: 'matrix', cls: 'small' }, d),
              table: matrixTable(d),
              note: 'Диагональ (обведена) — подтвердили; ниже диагонали — понизили; выше — повысили.',
            })
          : ''
    }
    ${
      print
        ? d.histograms.length
          ? histogramsLine(d)
          : ''
        : d.histograms.length
          ? html`<details class="hists"${d.histograms.length <= 4 ? html` open` : ''}><summary>Распределения первичных баллов ВПР с порогами отметок (${d.histograms.length})</summary>
      <div class="grid2">${d.histograms.map((h, i) => histogram(h, i, src, d, charts))}</div></details>`
          : ''
    }`;
}
