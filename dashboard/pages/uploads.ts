// Uploads: drag-and-drop of several files with per-file transfer and processing progress, the validation
// report of each file, the ledger by pages («Показаны 1–50 из 1 234») with a downloadable report per upload, and the
// «Неизвестные ОО» section (pages/unknown-schools.ts).
import type { Session } from '../auth/session.js';
import { num, type Row } from '../data/sql.js';
import { datesInText, fmtDateTime } from '../format/dates.js';
import { fileSize, fmtInt } from '../format/numbers.js';
import { uploadBadge } from '../html/badges.js';
import { type Html, html } from '../html/escape.js';
import { page } from '../html/layout.js';
import { dataTable } from '../html/table.js';

const CHANNELS: Record<string, string> = {
  web: 'браузер',
  cli: 'командная строка',
  inbox: 'папка входящих',
  demo: 'демо',
};

export interface LedgerPage {
  ledger: Row[];
  page: number;
  perPage: number;
  total: number;
}

/** «Показаны 51–100 из 1 234» and links to the newer/older pages. */
export function pager(o: LedgerPage, withCount = true): Html {
  if (o.total === 0) return html``;
  const pages = Math.max(1, Math.ceil(o.total / o.perPage));
  const from = (o.page - 1) * o.perPage + 1,
    to = from + o.ledger.length - 1;
  const link = (p: number, text: string, rel: string) =>
    html`<a href="/uploads${p > 1 ? `?page=${p}` : ''}" rel="${rel}">${text}</a>`;
  const nav =
    pages === 1
      ? html``
      : html`<nav class="pager" aria-label="Страницы журнала загрузок">
    ${o.page > 1 ? html`${link(1, '« самые новые', 'first')} ${link(o.page - 1, '← новее', 'prev')}` : ''}
    <span>страница ${fmtInt(o.page)} из ${fmtInt(pages)}</span>
    ${o.page < pages ? html`${link(o.page + 1, 'старее →', 'next')} ${link(pages, 'самые старые »', 'last')}` : ''}</nav>`;
  return withCount
    ? html`<p class="muted" data-ledger-count>Показаны ${fmtInt(from)}–${fmtInt(to)} из ${fmtInt(o.total)}, сначала новые.</p>${nav}`
    : nav;
}

/**
 * In the demo store: real files are not accepted here (store/demo-guard.ts refuses them, here and in the inbox), and
 * where they go instead (README, «Начало работы с реальными данными»).
 */
const DEMO_NOTICE = html`<p class="notice" data-demo-store><strong>Это демонстрационное хранилище: настоящие файлы в него не
  принимаются.</strong> Данные в нём выдуманы, и чтобы настоящие с ними не смешались, здесь и через папку входящих
  загружаются только файлы самого демо (повторно — без изменений). Для настоящих данных запустите отдельное рабочее
  хранилище, без демо и в другом файле: <code>npm start -- --no-demo --db data/work.duckdb</code> (то же —
  <code>ORIENTIR_DB=data/work.duckdb ORIENTIR_DEMO=0 npm start</code>; см. README, раздел «Начало работы с реальными данными»).</p>`;

export function uploadsPage(
  o: LedgerPage & { maxBytes: number; formats: string[]; unknown?: Html; demo?: boolean },
  s: Session,
): string {
  const body = html`
    <h1>Загрузка данных</h1>
    ${o.demo ? DEMO_NOTICE : ''}
    <section class="upload" id="upload-zone" data-upload data-max-bytes="${o.maxBytes}">
      <div class="dropzone" data-dropzone tabindex="0">
        <p><strong>Перетащите файлы сюда</strong> или
          <label class="button">выберите их<input type="file" multiple data-file-input class="visually-hidden" accept=".xlsx,.xls,.csv,.txt"></label></p>
        <p class="muted">Выгрузки ФИС ОКО (ВПР), протоколы РЦОИ (ОГЭ, ЕГЭ), отчёты электронного журнала, реестр ОО, шкалы, целевые показатели.
          Размер одного файла — не более ${fileSize(o.maxBytes)}. Формат определяется автоматически по заголовкам.</p>
      </div>
      <ol class="upload-list" data-upload-list aria-live="polite"></ol>
      <p class="muted" data-upload-after hidden>После загрузки витрины пересобираются автоматически; обновлённые показатели появятся через несколько минут.</p>
    </section>
    <details><summary>Известные форматы (${o.formats.length})</summary><ul>${o.formats.map((f) => html`<li>${f}</li>`)}</ul></details>
    <section id="ledger"><h2>Журнал загрузок</h2>
    ${
      o.total === 0
        ? html`<p class="muted">Загрузок ещё не было.</p>`
        : html`${pager(o)}
    ${dataTable(
      [
        { title: '№', value: (r: Row) => String(r.upload_id), num: true },
        { title: 'Получен', value: (r) => fmtDateTime(r.received_at as string | null) },
        { title: 'Кто', value: (r) => (r.uploaded_by === null ? '—' : String(r.uploaded_by)) },
        { title: 'Канал', value: (r) => CHANNELS[String(r.channel)] ?? String(r.channel) },
        { title: 'Файл', value: (r) => String(r.file_name) },
        { title: 'Размер', value: (r) => fileSize(num(r.size_bytes) ?? Number.NaN), num: true },
        { title: 'Формат', value: (r) => (r.format_title === null ? 'не распознан' : String(r.format_title)) },
        {
          title: 'Строк прочитано / загружено / исключено',
          value: (r) =>
            `${fmtInt(r.rows_read as number)} / ${fmtInt(r.rows_loaded as number)} / ${fmtInt(r.rows_rejected as number)}`,
          num: true,
        },
        { title: 'Статус', value: (r) => uploadBadge(String(r.status), num(r.rows_rejected) ?? 0) },
        { title: 'Итог', value: (r) => (r.message === null ? '' : datesInText(String(r.message))) },
        {
          title: 'Отчёт',
          value: (r) => html`<a href="/uploads/${String(r.upload_id)}/report.txt" download>скачать</a>`,
        },
      ],
      o.ledger,
      { cls: 'data ledger' },
    )}
    ${pager(o, false)}`
    }</section>
    ${o.unknown ?? ''}`;
  return page({ title: 'Загрузки', session: s, active: '/uploads', body });
}
