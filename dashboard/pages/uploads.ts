// Uploads: drag-and-drop of several files with per-file transfer and processing progress, the validation
// report of each file, and the ledger with a downloadable report per upload.
import type { Session } from '../auth/session.js';
import { fmtDateTime } from '../format/dates.js';
import { fmtInt, sizeText } from '../format/numbers.js';
import { uploadBadge } from '../html/badges.js';
import { html } from '../html/escape.js';
import { page } from '../html/layout.js';
import { dataTable } from '../html/table.js';
import type { Row } from '../data/sql.js';

const CHANNELS: Record<string, string> = { web: 'браузер', cli: 'командная строка', inbox: 'папка входящих', demo: 'демо' };

export function uploadsPage(o: { ledger: Row[]; maxBytes: number; formats: string[] }, s: Session): string {
  const body = html`
    <h1>Загрузка данных</h1>
    <section class="upload" data-upload data-max-bytes="${o.maxBytes}">
      <div class="dropzone" data-dropzone tabindex="0">
        <p><strong>Перетащите файлы сюда</strong> или
          <label class="button">выберите их<input type="file" multiple data-file-input class="visually-hidden" accept=".xlsx,.xls,.csv,.txt"></label></p>
        <p class="muted">Выгрузки ФИС ОКО (ВПР), протоколы РЦОИ (ОГЭ, ЕГЭ), отчёты электронного журнала, реестр ОО, шкалы, целевые показатели.
          Размер одного файла — не более ${sizeText(o.maxBytes)}. Формат определяется автоматически по заголовкам.</p>
      </div>
      <ol class="upload-list" data-upload-list aria-live="polite"></ol>
      <p class="muted" data-upload-after hidden>После загрузки витрины пересобираются автоматически; обновлённые показатели появятся через несколько минут.</p>
    </section>
    <details><summary>Известные форматы (${o.formats.length})</summary><ul>${o.formats.map((f) => html`<li>${f}</li>`)}</ul></details>
    <section><h2>Журнал загрузок</h2>
    ${dataTable([
      { title: '№', value: (r: Row) => String(r.upload_id), num: true },
      { title: 'Получен', value: (r) => fmtDateTime(r.received_at as string | null) },
      { title: 'Кто', value: (r) => (r.uploaded_by === null ? '—' : String(r.uploaded_by)) },
      { title: 'Канал', value: (r) => CHANNELS[String(r.channel)] ?? String(r.channel) },
      { title: 'Файл', value: (r) => String(r.file_name) },
      { title: 'Формат', value: (r) => (r.format_title === null ? 'не распознан' : String(r.format_title)) },
      { title: 'Строк прочитано / загружено / исключено', value: (r) => `${fmtInt(r.rows_read as number)} / ${fmtInt(r.rows_loaded as number)} / ${fmtInt(r.rows_rejected as number)}`, num: true },
      { title: 'Статус', value: (r) => uploadBadge(String(r.status)) },
      { title: 'Итог', value: (r) => (r.message === null ? '' : String(r.message)) },
      { title: 'Отчёт', value: (r) => html`<a href="/uploads/${String(r.upload_id)}/report.txt" download>скачать</a>` },
    ], o.ledger, { cls: 'data ledger' })}</section>`;
  return page({ title: 'Загрузки', session: s, active: '/uploads', body });
}
