// The first start (#16 item 3): while the demo municipality is generated, loaded and built, pages answer with a
// Russian progress page (step, how far, auto-refresh) instead of 503 «not ready»; machine requests get a short 503
// with Retry-After; once built, the same address shows the populated page — never a 503 on the way.
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type DemoLogins, loadDemo } from '../../cli/bootstrap.js';
import { StartupProgress } from '../../dashboard/routes/startup.js';
import { closeStore, openStore, type Store } from '../../store/db.js';
import { addUser } from '../../store/users.js';
import { demoFiles, demoStore } from '../helpers/demo-store.js';
import { Client, listen, type Running } from './http.js';

describe('pages while the demo loads', () => {
  let store: Store, logins: DemoLogins, app: Running;
  const startup = new StartupProgress();

  beforeAll(async () => {
    ({ store, logins } = await demoStore());
    app = await listen(store, { startup });
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

  it('before the demo logins exist, the login page itself shows the progress', async () => {
    startup.set({ step: 'prepare' });
    const r = await new Client(app.base).get('/login');
    expect(r.status).toBe(200);
    const body = await r.text();
    expect(body).toContain('Готовим демонстрационный муниципалитет');
    expect(body).toContain('Шаг 1 из 3');
    expect(body).toContain('<meta http-equiv="refresh" content="5">');
    expect(body).not.toContain('name="password"');
  });

  it('every page of a signed-in user shows the step and how far, auto-refreshing; API and files get 503 with Retry-After', async () => {
    startup.set({ step: 'files', done: 0, total: 40 });
    const c = await committee(); // the login page works again once the users exist
    startup.set({ step: 'files', done: 11, total: 40 });
    for (const path of ['/', '/jobs', '/uploads', '/methodology', `/schools/${logins.schools[0]!.schoolCode}`]) {
      const r = await c.get(path);
      expect(r.status, path).toBe(200);
      const body = await r.text();
      expect(body, path).toContain('Загрузка демонстрационных данных: файл 12 из 40');
      expect(body, path).toContain('Шаг 2 из 3');
      expect(body, path).toMatch(/<progress max="40" value="11"/);
      expect(body, path).toContain('<meta http-equiv="refresh" content="5">');
      expect(body, path).not.toContain('Данные ещё не готовы');
    }
    const api = await c.get('/api/overview');
    expect(api.status).toBe(503);
    expect(api.headers.get('retry-after')).toBe('5');
    expect(((await api.json()) as { error: string }).error).toContain('файл 12 из 40');
    const file = await c.get('/export/flags.csv');
    expect(file.status).toBe(503);
    expect(file.headers.get('retry-after')).toBe('5');
    // Anonymous visitors still go to the login page.
    expect((await new Client(app.base).get('/')).headers.get('location')).toBe('/login?next=%2F');
  });

  it('says when the marts are being built, and shows the real page once done', async () => {
    const c = await committee();
    startup.set({ step: 'build' });
    const building = await (await c.get('/')).text();
    expect(building).toContain('Сборка витрин показателей');
    expect(building).toContain('Шаг 3 из 3');
    startup.set({ step: 'done' });
    const r = await c.get('/');
    expect(r.status).toBe(200);
    const body = await r.text();
    expect(body).not.toContain('Готовим демонстрационный муниципалитет');
    expect(body).not.toContain('http-equiv="refresh"');
    expect(body).toContain('Гимназия № 1');
  });
});

describe('a real demo load on an empty store', () => {
  let store: Store, app: Running;
  const startup = new StartupProgress();

  beforeAll(async () => {
    store = await openStore(':memory:');
    await addUser(store, 'komitet', 'committee', null, 'password-123', 'test');
    app = await listen(store, { startup });
  });
  afterAll(async () => {
    await app?.close();
    await closeStore(store);
  });

  it('before anything ran, «Задания» says so in words instead of «Нет данных»', async () => {
    const c = new Client(app.base);
    expect((await c.login('komitet', 'password-123')).status).toBe(303);
    const body = await (await c.get('/jobs')).text();
    expect(body).toContain('Задания ещё не запускались');
    expect(body).toContain('Витрины ещё не собирались');
    expect(body).not.toContain('Нет данных');
  });

  it('goes from the progress page to the populated overview without a single 503', async () => {
    const dir = demoFiles();
    const files = [
      'Реестр ОО.xlsx',
      'vpr_scales_demo.csv',
      'Проведение работы по русскому языку, 4 класс. ВПР 2026.xlsx',
      'Проведение работы по математике, 4 класс. ВПР 2026.xlsx',
    ].map((f) => join(dir, f));
    startup.set({ step: 'files', done: 0, total: files.length });
    const c = new Client(app.base);
    expect((await c.login('komitet', 'password-123')).status).toBe(303);
    let finished = false;
    const loading = loadDemo(
      store,
      files,
      () => {},
      (s) => startup.set(s),
    ).finally(() => {
      finished = true;
    });
    const seen: string[] = [];
    let last = '';
    for (;;) {
      const done = finished; // a page fetched after the load has finished must be the real one
      const r = await c.get('/');
      last = await r.text();
      expect(r.status, last.slice(0, 300)).toBe(200);
      const step = /data-startup-step>([^<]+)/.exec(last)?.[1];
      if (step && seen.at(-1) !== step) seen.push(step);
      if (done) break;
      await new Promise((ok) => setTimeout(ok, 150));
    }
    await loading;
    expect(last).not.toContain('data-startup-step');
    expect(last).toContain('Гимназия № 1');
    expect(
      seen.some((s) => /^Загрузка демонстрационных данных: файл \d из 4$/.test(s) || s === 'Сборка витрин показателей'),
    ).toBe(true);
  }, 180_000);
});
