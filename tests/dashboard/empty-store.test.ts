// A fresh store before the first build: pages that need the marts answer with a Russian «not ready» page,
// uploads, jobs and the methodology (from the config file) still work.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closeStore, openStore, type Store } from '../../store/db.js';
import { addUser } from '../../store/users.js';
import { Client, listen, type Running } from './http.js';

let store: Store, app: Running;

beforeAll(async () => {
  store = await openStore(':memory:');
  await addUser(store, 'komitet', 'committee', null, 'password-123', 'test');
  app = await listen(store);
});

afterAll(async () => {
  await app?.close();
  await closeStore(store);
});

describe('an empty store', () => {
  it('explains that the marts are not built yet, without internals', async () => {
    const c = new Client(app.base);
    expect((await c.login('komitet', 'password-123')).status).toBe(303);
    const r = await c.get('/');
    expect(r.status).toBe(503);
    const body = await r.text();
    expect(body).toContain('Витрины показателей ещё не собраны');
    expect(body).not.toContain('Catalog Error');
    const api = await c.get('/api/overview');
    expect(api.status).toBe(503);
    expect(((await api.json()) as { error: string }).error).toContain('не собраны');
  });

  it('still serves uploads, jobs and the methodology from the config file', async () => {
    const c = new Client(app.base);
    await c.login('komitet', 'password-123');
    const uploads = await (await c.get('/uploads')).text();
    expect(uploads).toContain('Перетащите файлы сюда');
    expect(uploads).not.toContain('Это демонстрационное хранилище'); // a working store is not warned about the demo
    expect((await c.get('/jobs')).status).toBe(200);
    const m = await (await c.get('/methodology')).text();
    expect(m).toContain('витрины ещё не собраны; показаны значения из файла конфигурации');
    expect(m).toContain('[R]');
  });
});
