// The roadmap of one school on the «Программа» tab: measures with status, overdue highlighted, and the edit and
// add forms (POST with the session's CSRF token; the committee and the school's own head only).
import { MEASURE_STATUSES } from '../../domain/measure-statuses.js';
import type { Measure } from '../data/programme.js';
import { fmtDate, fmtDateTime } from '../format/dates.js';
import { fmtInt, plural } from '../format/numbers.js';
import { type Html, html } from '../html/escape.js';
import { measureBadge, overdueBadge } from './programme-parts.js';

const statusSelect = (current: string): Html =>
  html`<select name="status" required>${MEASURE_STATUSES.map(
    (s) => html`<option value="${s.id}"${s.id === current ? html` selected` : ''}>${s.caption}</option>`,
  )}</select>`;

const deadlineOf = (m: Measure): Html =>
  html`${m.deadline_text ?? (m.deadline ? fmtDate(m.deadline) : '—')}${m.deadline && m.deadline_text ? html`<br><span class="muted">до ${fmtDate(m.deadline)}</span>` : ''}`;

function editForm(action: string, m: Measure, csrf: string): Html {
  return html`<details class="edit"><summary>Изменить</summary>
    <form method="post" action="${action}" class="measure-form">
      <input type="hidden" name="_csrf" value="${csrf}">
      <label>Статус ${statusSelect(m.status)}</label>
      <label>Срок <input name="deadline" maxlength="100" value="${m.deadline_text ?? m.deadline ?? ''}" placeholder="например, ноябрь 2024 или 18.11.2024"></label>
      <label>Ответственные <input name="responsible" maxlength="300" value="${m.responsible ?? ''}"></label>
      <label>Подтверждение выполнения (документ, ссылка, итог) <textarea name="evidence" maxlength="2000" rows="3">${m.evidence ?? ''}</textarea></label>
      <button type="submit">Сохранить</button>
    </form></details>`;
}

export function roadmapSection(code: string, roadmap: Measure[], o: { csrf: string; editable: boolean }): Html {
  const base = `/schools/${encodeURIComponent(code)}/programme/roadmap`;
  const count = (s: string) => roadmap.filter((m) => m.status === s).length;
  const overdue = roadmap.filter((m) => m.overdue).length;
  const sections = [...new Set(roadmap.map((m) => m.section).filter((s): s is string => !!s))];
  const summary =
    roadmap.length === 0
      ? html`<p class="muted">Дорожная карта не загружена. Её можно загрузить в шаблоне программы (лист «Дорожная карта») или добавить мероприятия ниже.</p>`
      : html`<p>Мероприятий: ${fmtInt(roadmap.length)}; ${MEASURE_STATUSES.map((s) => `${s.caption} — ${fmtInt(count(s.id))}`).join(', ')}.
      ${overdue > 0 ? html`<strong class="overdue-text">Просрочено: ${fmtInt(overdue)}</strong> (срок прошёл, а мероприятие не выполнено и не отменено).` : 'Просроченных нет.'}</p>`;
  const filters =
    roadmap.length > 5
      ? html`<div class="filters noprint" data-filters-for="roadmap" data-count-label="Показано мероприятий">
    <label>Статус <select data-filter="status"><option value="">все</option>${MEASURE_STATUSES.map((s) => html`<option value="${s.caption}">${s.caption}</option>`)}</select></label>
    <label>Срок <select data-filter="overdue"><option value="">все</option><option value="просрочено">просрочено</option></select></label>
    <span class="muted" data-filter-count></span></div>`
      : '';
  // One table row per measure, so every count — «Мероприятий: N», the filter's «Показано мероприятий: k из N», the
  // numbering — counts measures. The section is named above the first measure of each section (and on every row
  // when a filter hides that one: data-section, title).
  let section: string | null | undefined;
  const rows = roadmap.map((m, i) => {
    const first = m.section !== section && (m.section !== null || section !== undefined);
    section = m.section;
    return html`<tr id="m-${m.measure_id}" class="${m.overdue ? 'overdue' : ''}"${first ? html` data-section-start` : ''} data-section="${m.section ?? ''}" data-status="${MEASURE_STATUSES.find((s) => s.id === m.status)?.caption ?? m.status}" data-overdue="${m.overdue ? 'просрочено' : ''}">
    <td class="num">${i + 1}</td>
    <td${m.section ? html` title="Раздел «${m.section}»"` : ''}>${first ? html`<span class="roadmap-section">${m.section ? `Раздел «${m.section}»` : 'Без раздела'}</span>` : ''}<strong>${m.title}</strong>${m.expected_result ? html`<br><span class="muted small">Ожидаемый результат: ${m.expected_result}</span>` : ''}</td>
    <td>${deadlineOf(m)}${m.overdue ? html` ${overdueBadge()}` : ''}</td>
    <td>${m.responsible ?? '—'}</td>
    <td class="status-cell">${measureBadge(m.status)}</td>
    <td>${m.evidence ?? html`<span class="muted">—</span>`}</td>
    <td>${m.updated_at ? html`${fmtDateTime(m.updated_at)}<br><span class="muted">${m.updated_by ?? ''}</span>` : html`<span class="muted">из файла</span>`}</td>
    ${o.editable ? html`<td class="noprint">${editForm(`${base}/${encodeURIComponent(m.measure_id)}`, m, o.csrf)}</td>` : ''}</tr>`;
  });
  const table =
    roadmap.length === 0
      ? ''
      : html`<div class="table-wrap"><table class="data roadmap">
    <caption>Дорожная карта по разделам (${fmtInt(roadmap.length)} ${plural(roadmap.length, ['мероприятие', 'мероприятия', 'мероприятий'])}): просроченные выделены и отмечены словом «просрочено»</caption>
    <thead><tr><th scope="col" class="num">№</th><th scope="col" class="title-col">Мероприятие</th><th scope="col">Срок</th><th scope="col">Ответственные</th>
      <th scope="col">Статус</th><th scope="col">Подтверждение</th><th scope="col">Изменено</th>${o.editable ? html`<th scope="col" class="noprint">Действие</th>` : ''}</tr></thead>
    <tbody>${rows}</tbody></table></div>`;
  const add = o.editable
    ? html`<details class="add-measure noprint"><summary>Добавить мероприятие</summary>
    <form method="post" action="${base}" class="measure-form">
      <input type="hidden" name="_csrf" value="${o.csrf}">
      <label>Раздел <input name="section" maxlength="300" list="roadmap-sections"></label>
      <datalist id="roadmap-sections">${sections.map((s) => html`<option value="${s}">`)}</datalist>
      <label>Мероприятие <input name="title" maxlength="500" required></label>
      <label>Срок <input name="deadline" maxlength="100" placeholder="например, ноябрь 2024 или 18.11.2024"></label>
      <label>Ответственные <input name="responsible" maxlength="300"></label>
      <label>Ожидаемый результат <input name="expected_result" maxlength="1000"></label>
      <label>Статус ${statusSelect('planned')}</label>
      <button type="submit">Добавить</button>
    </form></details>`
    : '';
  return html`${summary}${filters}<div id="roadmap">${table}</div>${add}`;
}
