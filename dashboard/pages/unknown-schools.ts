// The «Неизвестные ОО» section of the uploads page (committee only): identifiers from the files that no registry
// school answers to, a suggested registry school (a hint, never applied by itself), the «Связать» form per row, the
// committee's links with «Отвязать», and how to add a new school to the registry (a registry file upload).

import { familyCaption, type SchoolLink, type UnknownSchool, type UnknownSchools } from '../data/unknown-schools.js';
import { fmtDateTime } from '../format/dates.js';
import { countText, fmtInt } from '../format/numbers.js';
import { type Html, html } from '../html/escape.js';

export const LINK_ACTION = '/uploads/unknown-schools/link';
export const UNLINK_ACTION = '/uploads/unknown-schools/unlink';
const BACK = '/uploads#unknown-schools';

function linkForm(u: UnknownSchool, d: UnknownSchools, csrf: string): Html {
  return html`<form method="post" action="${LINK_ACTION}" class="link-form">
    <input type="hidden" name="_csrf" value="${csrf}"><input type="hidden" name="family" value="${u.family}"><input type="hidden" name="ref" value="${u.ref}">
    <label><span class="visually-hidden">Школа реестра для «${u.ref}»</span><select name="school" required>
      <option value="">— выберите школу —</option>
      ${d.registry.map((s) => html`<option value="${s.code}"${s.code === u.suggested ? html` selected` : ''}>${s.name} (${s.code})</option>`)}
    </select></label>
    <button type="submit">Связать со школой реестра</button></form>`;
}

function suggestion(u: UnknownSchool, d: UnknownSchools): Html {
  if (!u.suggested) return html`<span class="muted">—</span>`;
  const name = d.registry.find((s) => s.code === u.suggested)?.name ?? u.suggested;
  return html`${name} <span class="muted small">(${u.wasLinked ? 'была связана ранее; связь сброшена загрузкой реестра' : 'похожее название — проверьте'})</span>`;
}

function unknownTable(d: UnknownSchools, csrf: string): Html {
  const rows = d.rows.map(
    (u) => html`<tr data-unknown-ref="${u.ref}">
    <td><strong>${u.ref}</strong>${u.name || u.municipality ? html`<br><span class="muted small">${[u.name, u.municipality].filter(Boolean).join('; ')}</span>` : ''}</td>
    <td>${familyCaption(u.family)}</td>
    <td class="num">${fmtInt(u.rows)}</td>
    <td>${fmtInt(u.files)}<br><span class="muted small" title="Последний файл">${u.lastFile}</span></td>
    <td>${u.years.join(', ') || '—'}</td>
    <td>${suggestion(u, d)}</td>
    <td class="noprint">${linkForm(u, d, csrf)}</td></tr>`,
  );
  return html`<div class="table-wrap"><table class="data unknown-schools">
    <caption>Идентификаторы ОО из файлов, которых нет в реестре${d.q ? html` (поиск «${d.q}»)` : ''}</caption>
    <thead><tr><th scope="col">Идентификатор в файле</th><th scope="col">Вид</th><th scope="col" class="num">Строк</th><th scope="col">Файлов (последний)</th>
      <th scope="col">Учебные годы</th><th scope="col">Возможно, это</th><th scope="col" class="noprint">Действие</th></tr></thead>
    <tbody>${rows}</tbody></table></div>`;
}

const linkState = (l: SchoolLink): Html =>
  l.fromRegistry
    ? html`<span class="badge lvl-info">указан в реестре</span>`
    : l.active
      ? html`<span class="badge lvl-ok">действует</span>`
      : html`<span class="badge lvl-signal">сброшена</span> <span class="muted small">реестр загружен заново; свяжите ещё раз в списке выше</span>`;

function linksTable(links: SchoolLink[], csrf: string): Html {
  if (links.length === 0) return html``;
  const rows = links.map(
    (l) => html`<tr data-link-ref="${l.ref}">
    <td><strong>${l.ref}</strong></td><td>${familyCaption(l.family)}</td><td>${l.schoolName ?? l.schoolCode} (${l.schoolCode})</td>
    <td>${fmtDateTime(l.linkedAt)}<br><span class="muted small">${l.linkedBy ?? '—'}</span></td><td>${linkState(l)}</td>
    <td class="noprint"><form method="post" action="${UNLINK_ACTION}"><input type="hidden" name="_csrf" value="${csrf}">
      <input type="hidden" name="id_value" value="${l.idValue}"><input type="hidden" name="kind" value="${l.kind}">
      <button type="submit">Отвязать</button></form></td></tr>`,
  );
  return html`<h3>Связи, добавленные комитетом</h3>
    <p class="muted">«Отвязать» отменяет связь: после пересборки данные по этому идентификатору снова не входят в показатели школы. Каждая связь и её отмена записываются в журнал действий.</p>
    <div class="table-wrap"><table class="data school-links"><thead><tr><th scope="col">Идентификатор</th><th scope="col">Вид</th><th scope="col">Школа реестра</th>
      <th scope="col">Связал</th><th scope="col">Состояние</th><th scope="col" class="noprint">Действие</th></tr></thead><tbody>${rows}</tbody></table></div>`;
}

const HOW_TO_ADD = html`<details class="registry-help"><summary>Школы нет в реестре?</summary>
  <p>Новая школа добавляется в реестр файлом, а не здесь: подготовьте файл реестра ОО (xlsx или CSV) со столбцами «Код ОО»,
    «Наименование» и, чтобы связались её результаты, «Логин ФИС ОКО» (и «Прежний логин ФИС ОКО», если логин менялся) и «Код ОО РЦОИ»;
    остальные столбцы — «Краткое наименование», «Муниципалитет», «Тип ОО», «Тип населённого пункта», «Численность обучающихся» — по возможности.
    Достаточно строки одной новой школы: школы реестра заменяются по коду ОО, остальные остаются как были.
    Загрузите файл в <a href="#upload-zone">поле загрузки</a> вверху страницы; при следующей сборке её данные из уже загруженных файлов войдут в показатели.</p>
  <p class="muted">Загрузка реестра пересобирает таблицу идентификаторов из реестра: связи, сделанные здесь, после неё отмечаются как «сброшена», и их нужно сделать ещё раз (или внести логин и код в сам реестр — так надёжнее).</p></details>`;

export function unknownSchoolsSection(d: UnknownSchools, csrf: string, message?: { ok: boolean; text: string }): Html {
  const notice = message
    ? html`<p class="notice ${message.ok ? 'ok' : 'error'}" role="status">${message.text}</p>`
    : '';
  const search = html`<form method="get" action="${BACK}" class="filters noprint" role="search">
    <label>Поиск по идентификатору, названию или муниципалитету <input name="unknown" value="${d.q}" maxlength="100"></label>
    <button type="submit">Найти</button>${d.q ? html` <a href="${BACK}">весь список</a>` : ''}</form>`;
  const more = d.total - d.rows.length;
  const list =
    d.total === 0
      ? html`<p class="muted">${d.q ? `По запросу «${d.q}» неизвестных ОО нет.` : 'Все ОО из загруженных файлов найдены в реестре.'}</p>`
      : html`<p data-unknown-count>Всего ${countText(d.total, ['идентификатор', 'идентификатора', 'идентификаторов'])}${
          more > 0
            ? html`; показаны первые ${fmtInt(d.rows.length)}
      (сначала с подсказкой, затем по числу строк) <strong>и ещё ${fmtInt(more)}</strong> — найдите нужную ОО поиском`
            : ''
        }.</p>${unknownTable(d, csrf)}`;
  return html`<section id="unknown-schools"><h2>Неизвестные ОО</h2>${notice}
    <p>ОО из загруженных файлов, которых нет в реестре. Их строки сохранены, но не входят в показатели и списки муниципалитета.
      В региональных выгрузках ФИС ОКО и РЦОИ это обычно школы других муниципалитетов: они остаются региональной базой для сравнения, связывать их не нужно.
      Если это школа вашего реестра под другим логином или кодом (например, логин ФИС ОКО сменился), свяжите идентификатор со школой реестра —
      после пересборки витрин её данные войдут в показатели. «Возможно, это» — только подсказка по похожему названию; проверьте её перед связыванием.</p>
    ${search}${list}${linksTable(d.links, csrf)}${HOW_TO_ADD}</section>`;
}
