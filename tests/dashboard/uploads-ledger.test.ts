// The uploads page (#16 item 7): the ledger by pages of 50 with «Показаны 1–50 из N»; sizes in байт/КБ/МБ; Russian
// plural agreement; the duplicate-upload date in Russian; an impossible ВПР total excludes its row when the work's
// maximum is known and is reported with its row otherwise; no sideways scrolling at 1366 px after long names.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DemoLogins } from '../../cli/bootstrap.js';
import { datesInText } from '../../dashboard/format/dates.js';
import { countText, fileSize } from '../../dashboard/format/numbers.js';
import { FORMATS } from '../../ingest/formats/index.js';
import { issueText } from '../../ingest/issues.js';
import { ingestFile } from '../../ingest/load.js';
import { closeStore, type Store } from '../../store/db.js';
import { demoStore } from '../helpers/demo-store.js';
import { BrowserSession } from './browser-session.js';
import { Client, listen, type Running } from './http.js';

let store: Store,
  logins: DemoLogins,
  app: Running,
  total = 0;

const csv = (lines: string[]) => Buffer.from(lines.join('\r\n') + '\r\n');
const VPR21 = [
  'логин школы;регион;код обучающегося;отметка за предыдущую четверть/триместр;вариант;всего баллов;балл за 1;балл за 2',
  'sch229001;Энский район;1001;4;1;99;1;2',
  'sch229001;Энский район;1002;4;1;3;1;2',
  'sch229001;Энский район;1003;3;2;2;1;1',
];
const FORM = [
  'Код;Вариант (часть 1);1 (1б);2 (2б);Класс;Пол;Отметка за предыдущий триместр/ четверть/полугодие;Итого баллов',
  '1001;1;1;2;5а;м;4;99',
  '1002;1;1;1;5а;ж;4;2',
];
const LONG_NAME = `Выгрузка_${'очень_длинное_имя_файла_без_пробелов_'.repeat(6)}.xlsx`;
const LONG_MESSAGE = `отклонён: не найдена шапка в /srv/orientir/data/inbox/${'подпапка_без_пробелов/'.repeat(8)}файл.xlsx; ${'ОченьДлинноеСловоБезПробелов'.repeat(6)}`;

beforeAll(async () => {
  ({ store, logins } = await demoStore());
  await store.conn.run(`INSERT INTO uploads (upload_id, received_at, uploaded_by, channel, file_name, sha256, size_bytes, status, message)
    VALUES (nextval('upload_seq'), now(), 'komitet', 'web', 'tiny.csv', 'x1', 96, 'rejected', 'отклонён: формат не распознан'),
           (nextval('upload_seq'), now(), 'komitet', 'web', '${LONG_NAME}', 'x2', 3500000, 'rejected', '${LONG_MESSAGE}')`);
  app = await listen(store);
  total = Number((await store.conn.runAndReadAll('SELECT count(*) FROM uploads')).getRows()[0]![0]);
});
afterAll(async () => {
  await app?.close();
  await closeStore(store);
});

const committee = async () => {
  const c = new Client(app.base);
  expect((await c.login(logins.committee, logins.password)).status).toBe(303);
  return c;
};
const ledgerRows = (page: string) =>
  (/<table class="data ledger">[\s\S]*?<tbody>([\s\S]*?)<\/tbody>/.exec(page)?.[1] ?? '').split('<tr').length - 1;
const fmt = (n: number) => new Intl.NumberFormat('ru-RU').format(n).replace(/\u00a0/g, ' ');

describe('formats', () => {
  it('sizes in байт, КБ, МБ; plural agreement; timestamps in messages as Russian dates', () => {
    expect(fileSize(96)).toBe('96 байт');
    expect(fileSize(1)).toBe('1 байт');
    expect(fileSize(2)).toBe('2 байта');
    expect(fileSize(1536)).toBe('1,5 КБ');
    expect(fileSize(200 * 1024)).toBe('200 КБ');
    expect(fileSize(3_500_000)).toBe('3,3 МБ');
    expect(fileSize(50 * 1024 * 1024)).toBe('50 МБ');
    expect([1, 2, 5, 11, 21, 22, 111].map((n) => countText(n, ['строка', 'строки', 'строк']))).toEqual([
      '1 строка',
      '2 строки',
      '5 строк',
      '11 строк',
      '21 строка',
      '22 строки',
      '111 строк',
    ]);
    expect(
      datesInText(
        'уже загружен ранее (загрузка № 3, «отчёт-2025-03-05.xlsx», 2025-03-05 14:03) — повторная загрузка ничего не меняет.',
      ),
    ).toBe(
      'уже загружен ранее (загрузка № 3, «отчёт-2025-03-05.xlsx», 5 марта 2025 г., 14:03) — повторная загрузка ничего не меняет.',
    );
  });
});

describe('the ledger', () => {
  it('pages by 50 and says which uploads are shown', async () => {
    const c = await committee();
    expect(total).toBeGreaterThan(100);
    const first = await (await c.get('/uploads')).text();
    expect(first).toContain(`Показаны 1–50 из ${fmt(total)}`);
    expect(ledgerRows(first)).toBe(50);
    expect(first).toContain('Это демонстрационное хранилище'); // real files belong in a working store
    expect(first).toContain('href="/uploads?page=2" rel="next"');
    const second = await (await c.get('/uploads?page=2')).text();
    expect(second).toContain(`Показаны 51–100 из ${fmt(total)}`);
    expect(second).toContain('href="/uploads" rel="prev"');
    const pages = Math.ceil(total / 50);
    const last = await (await c.get(`/uploads?page=${pages}`)).text();
    expect(last).toContain(`Показаны ${fmt((pages - 1) * 50 + 1)}–${fmt(total)} из ${fmt(total)}`);
    expect(ledgerRows(last)).toBe(total - (pages - 1) * 50);
    expect(last).not.toContain('rel="next"');
    const past = await c.get('/uploads?page=999');
    expect(past.status).toBe(303);
    expect(past.headers.get('location')).toBe(`/uploads?page=${pages}`);
    expect(await (await c.get('/uploads?page=abc')).text()).toContain(`Показаны 1–50 из ${fmt(total)}`);
  });

  it('shows human sizes: a 96-byte file is «96 байт», not «0 МБ»', async () => {
    const page = await (await (await committee()).get('/uploads')).text();
    expect(page).toContain('96 байт');
    expect(page).toContain('3,3 МБ');
    expect(page).not.toMatch(/>0 МБ</);
  });

  it('an impossible total: excluded when the maximum is known, named by row otherwise; plural agreement; duplicate date in Russian', async () => {
    const form = await ingestFile(store, FORMATS, {
      bytes: csv(FORM),
      fileName: 'Проведение работы по математике, 5 класс. ВПР 2021 sch229001.csv',
      channel: 'cli',
      user: 'komitet',
    });
    expect(form.rowsRejected).toBe(1);
    expect(form.issues.map((i) => issueText(i))).toContainEqual(
      expect.stringMatching(
        /^Строка 2, столбец «Итого баллов \(H\)»: первичный балл 99 больше максимального для работы \(3\) — строка исключена/,
      ),
    );
    expect(form.issues.some((i) => /не совпадает с суммой/.test(i.message))).toBe(false); // the excluded row is not counted again
    const v21 = await ingestFile(store, FORMATS, {
      bytes: csv(VPR21),
      fileName: 'Проведение работы по математике, 5 класс. ВПР 2021.csv',
      channel: 'cli',
      user: 'komitet',
    });
    expect(v21.status).toBe('loaded');
    expect(v21.issues.map((i) => i.message)).toContainEqual(
      expect.stringMatching(
        /в 1 строке итоговый балл не совпадает с суммой баллов за задания \(первая — лист «.*», строка 2: итоговый балл 99, сумма баллов за задания 3\)/,
      ),
    );
    const dup = await ingestFile(store, FORMATS, {
      bytes: csv(VPR21),
      fileName: 'повтор.csv',
      channel: 'cli',
      user: 'komitet',
    });
    expect(dup.status).toBe('duplicate');
    const c = await committee();
    const page = await (await c.get('/uploads')).text();
    expect(page).toMatch(
      /уже загружен ранее \(загрузка № \d+, «Проведение работы по математике, 5 класс\. ВПР 2021\.csv», \d{1,2} [а-я]+ \d{4} г\., \d{2}:\d{2}\)/,
    );
    expect(page).not.toMatch(/уже загружен ранее[^<]*\d{4}-\d{2}-\d{2}/);
    const report = await (await c.get(`/uploads/${dup.uploadId}/report.txt`)).text();
    expect(report).not.toMatch(/\d{4}-\d{2}-\d{2}/);
    expect(report).toMatch(/размер файла: \d+ байт/);
  });

  it('does not scroll sideways at 1366 px after long file names and messages', async () => {
    const browser = await BrowserSession.open(app.base);
    try {
      await browser.page.setViewportSize({ width: 1366, height: 900 });
      await browser.login(logins.committee, logins.password);
      const res = await browser.page.goto(`${app.base}/uploads`);
      // What the browser got, should the ledger be missing (a CI run once found no table.ledger within 30 s).
      const got = `${res?.status()} ${browser.page.url()}: ${(await browser.page.locator('main, body').first().innerText()).slice(0, 300)}`;
      expect(res?.status(), got).toBe(200);
      expect(await browser.page.locator('table.ledger').count(), got).toBe(1);
      expect(await browser.page.locator('table.ledger').textContent()).toContain(LONG_NAME.slice(0, 30));
      const { scroll, inner } = await browser.page.evaluate(() => ({
        scroll: document.documentElement.scrollWidth,
        inner: window.innerWidth,
      }));
      expect(scroll).toBeLessThanOrEqual(inner);
    } finally {
      await browser.close();
    }
  }, 120_000);
});
