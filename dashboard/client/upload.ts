// Drag-and-drop upload: files go one by one by XHR; the transfer bar follows upload progress events (bytes),
// the processing bar follows the server's NDJSON stream (rows read, then the report).
import { fileSize } from '../format/numbers.js';

interface Report {
  fileName: string;
  status: string;
  message: string;
  formatTitle?: string | null;
  rowsRead: number;
  rowsLoaded: number;
  rowsRejected: number;
  rowsReplaced: number;
  issuesTotal: number;
  lines: string[];
  uploadId?: number | null;
}

const STATUS: Record<string, string> = { loaded: 'загружен', rejected: 'отклонён', duplicate: 'повтор' };
const nf = new Intl.NumberFormat('ru-RU');

function el<K extends keyof HTMLElementTagNameMap>(tag: K, cls?: string, text?: string): HTMLElementTagNameMap[K] {
  const e = document.createElement(tag);
  if (cls) e.className = cls;
  if (text !== undefined) e.textContent = text;
  return e;
}

function bar(label: string): { wrap: HTMLElement; progress: HTMLProgressElement; text: HTMLElement } {
  const wrap = el('div', 'bar');
  const l = el('span', 'bar-label', label);
  const progress = el('progress');
  progress.max = 100;
  progress.value = 0;
  progress.setAttribute('aria-label', label);
  const text = el('span', 'bar-text', '0 %');
  wrap.append(l, progress, text);
  return { wrap, progress, text };
}

function renderReport(box: HTMLElement, r: Report): void {
  box.replaceChildren();
  box.className = `report status-${r.status}`;
  const word = STATUS[r.status] ?? r.status;
  const head = r.message.startsWith(word) ? r.message : `${word}: ${r.message}`;
  box.append(el('p', 'report-head', head.charAt(0).toUpperCase() + head.slice(1)));
  if (r.formatTitle) box.append(el('p', undefined, `Формат: ${r.formatTitle}`));
  if (r.status !== 'duplicate')
    box.append(
      el(
        'p',
        undefined,
        `Строк прочитано: ${nf.format(r.rowsRead)}, загружено: ${nf.format(r.rowsLoaded)}, исключено: ${nf.format(r.rowsRejected)}${r.rowsReplaced ? `, заменено прежних: ${nf.format(r.rowsReplaced)}` : ''}`,
      ),
    );
  if (r.lines.length) {
    const ul = el('ul', 'issues');
    for (const line of r.lines) ul.append(el('li', undefined, line));
    box.append(ul);
    if (r.issuesTotal > r.lines.length)
      box.append(
        el('p', 'muted', `… и ещё ${nf.format(r.issuesTotal - r.lines.length)} замечаний — в отчёте загрузки.`),
      );
  }
  if (r.uploadId) {
    const a = el('a', undefined, 'Скачать отчёт');
    a.href = `/uploads/${r.uploadId}/report.txt`;
    box.append(a);
  }
}

function uploadOne(file: File, list: HTMLElement, csrf: string, maxBytes: number, url: string): Promise<boolean> {
  const item = el('li', 'upload-item');
  item.dataset.file = file.name;
  item.append(el('div', 'upload-name', `${file.name} (${fileSize(file.size)})`));
  const transfer = bar('Передача');
  const processing = bar('Обработка');
  const report = el('div', 'report');
  item.append(transfer.wrap, processing.wrap, report);
  list.append(item);
  if (file.size > maxBytes) {
    renderReport(report, {
      fileName: file.name,
      status: 'rejected',
      message: `файл больше допустимого размера (${fileSize(maxBytes)}) и не отправлен. Разделите данные на несколько файлов.`,
      rowsRead: 0,
      rowsLoaded: 0,
      rowsRejected: 0,
      rowsReplaced: 0,
      issuesTotal: 0,
      lines: [],
    });
    item.dataset.state = 'done';
    return Promise.resolve(false);
  }
  return new Promise((resolve) => {
    const xhr = new XMLHttpRequest();
    let seen = 0,
      loaded = false;
    xhr.open('POST', url);
    xhr.setRequestHeader('X-CSRF-Token', csrf);
    xhr.upload.onprogress = (e) => {
      if (!e.lengthComputable) return;
      const p = Math.round((100 * e.loaded) / e.total);
      transfer.progress.value = p;
      transfer.text.textContent = `${p} %`;
    };
    xhr.upload.onload = () => {
      transfer.progress.value = 100;
      transfer.text.textContent = '100 %';
      processing.progress.removeAttribute('value');
      processing.text.textContent = 'ожидание…';
    };
    const consume = () => {
      const text = xhr.responseText;
      let nl: number;
      while ((nl = text.indexOf('\n', seen)) >= 0) {
        const line = text.slice(seen, nl);
        seen = nl + 1;
        if (!line.trim()) continue;
        let ev: { type: string; rows?: number; report?: Report; error?: string };
        try {
          ev = JSON.parse(line);
        } catch {
          continue;
        }
        if (ev.type === 'queued') processing.text.textContent = 'в очереди: идёт другая загрузка или пересборка';
        if (ev.type === 'progress') processing.text.textContent = `обработано строк: ${nf.format(ev.rows ?? 0)}`;
        if (ev.type === 'report' && ev.report) {
          processing.progress.value = 100;
          processing.text.textContent = `100 % · строк: ${nf.format(ev.report.rowsRead)}`;
          renderReport(report, ev.report);
          loaded = ev.report.status === 'loaded';
        }
      }
    };
    xhr.onprogress = consume;
    xhr.onload = () => {
      if (xhr.status !== 200) {
        let msg = `ошибка ${xhr.status}`;
        try {
          msg = (JSON.parse(xhr.responseText) as { error: string }).error;
        } catch {
          /* plain */
        }
        renderReport(report, {
          fileName: file.name,
          status: 'rejected',
          message: msg,
          rowsRead: 0,
          rowsLoaded: 0,
          rowsRejected: 0,
          rowsReplaced: 0,
          issuesTotal: 0,
          lines: [],
        });
      } else consume();
      item.dataset.state = 'done';
      resolve(loaded);
    };
    xhr.onerror = () => {
      renderReport(report, {
        fileName: file.name,
        status: 'rejected',
        message: 'соединение с сервером прервано; файл, возможно, не загружен — проверьте журнал загрузок.',
        rowsRead: 0,
        rowsLoaded: 0,
        rowsRejected: 0,
        rowsReplaced: 0,
        issuesTotal: 0,
        lines: [],
      });
      item.dataset.state = 'done';
      resolve(false);
    };
    const fd = new FormData();
    fd.append('files', file, file.name);
    xhr.send(fd);
  });
}

export function initUpload(): void {
  const root = document.querySelector<HTMLElement>('[data-upload]');
  if (!root) return;
  const csrf = document.querySelector<HTMLMetaElement>('meta[name="csrf-token"]')?.content ?? '';
  const maxBytes = Number(root.dataset.maxBytes);
  const url = root.dataset.uploadUrl ?? '/api/uploads';
  const list = root.querySelector<HTMLElement>('[data-upload-list]')!;
  const zone = root.querySelector<HTMLElement>('[data-dropzone]')!;
  const input = root.querySelector<HTMLInputElement>('[data-file-input]')!;
  let queue = Promise.resolve();
  const take = (files: FileList | null) => {
    for (const f of [...(files ?? [])]) {
      queue = queue.then(async () => {
        if (await uploadOne(f, list, csrf, maxBytes, url))
          root.querySelector<HTMLElement>('[data-upload-after]')!.hidden = false;
      });
    }
  };
  input.addEventListener('change', () => {
    take(input.files);
    input.value = '';
  });
  zone.addEventListener('dragover', (e) => {
    e.preventDefault();
    zone.classList.add('over');
  });
  zone.addEventListener('dragleave', () => zone.classList.remove('over'));
  zone.addEventListener('drop', (e) => {
    e.preventDefault();
    zone.classList.remove('over');
    take(e.dataTransfer?.files ?? null);
  });
}
