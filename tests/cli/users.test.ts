// `orientir users list|passwd|remove`: the real command on a store file (no server), and the same commands through
// the server's loopback endpoint, where a changed or removed login loses its open sessions at once.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from '../../cli/args.js';
import { DEMO_PASSWORD } from '../../cli/bootstrap.js';
import { mountLocalApi } from '../../cli/local-api.js';
import { closeStore, openStore, type Store } from '../../store/db.js';
import { queryRows } from '../../store/query.js';
import { addUser, findUser, verifyPassword } from '../../store/users.js';
import { Client, listen, type Running } from '../dashboard/http.js';
import { orientir } from './run.js';

const OLD = 'старый-пароль-1',
  NEW = 'новый-пароль-2';
let dir: string, db: string;

async function withStore<T>(fn: (store: Store) => Promise<T>): Promise<T> {
  const store = await openStore(db);
  try {
    return await fn(store);
  } finally {
    await closeStore(store);
  }
}
const audited = (store: Store, action: string, target: string) =>
  queryRows(store.conn, 'SELECT actor FROM audit_log WHERE action = $a AND target = $t', { a: action, t: target });

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'orientir-cli-users-'));
  db = join(dir, 'store.duckdb');
  await withStore(async (s) => {
    await addUser(s, 'ivanova', 'school', '1001', OLD, 'test');
    await addUser(s, 'boss', 'committee', null, OLD, 'test');
    await addUser(s, 'komitet', 'committee', null, DEMO_PASSWORD, 'demo');
    await addUser(s, 'school-1001', 'school', '1001', DEMO_PASSWORD, 'demo');
  });
});

describe('orientir users (local store)', () => {
  it('users list prints login, role, school and creation time, never a password hash, and asks for no password', async () => {
    const r = await orientir(['users', 'list', '--db', db]);
    expect(r.code, r.out).toBe(0);
    const lines = r.out.split('\n');
    expect(lines[0]).toMatch(/^Логин\s+Роль\s+ОО\s+Создан$/);
    expect(lines.find((l) => l.startsWith('ivanova '))).toMatch(
      /^ivanova\s+school\s+1001\s+\d{4}-\d{2}-\d{2} \d{2}:\d{2}$/,
    );
    expect(lines.find((l) => l.startsWith('boss '))).toMatch(/^boss\s+committee\s+—\s+\d{4}-\d{2}-\d{2} \d{2}:\d{2}$/);
    expect(r.out).toContain('Всего: 4.');
    expect(r.out).not.toMatch(/scrypt|\$16384\$/);
    expect(r.out).not.toContain('Пароль');
  });

  it('users passwd sets a new password: the old one fails, the new one works; the change is audited', async () => {
    const r = await orientir(['users', 'passwd', 'ivanova', '--db', db], { ORIENTIR_PASSWORD: NEW });
    expect(r.code, r.out).toBe(0);
    expect(r.out).toContain('Пароль пользователя ivanova изменён');
    await withStore(async (s) => {
      const u = await findUser(s, 'ivanova');
      expect(await verifyPassword(OLD, u!.hash)).toBe(false);
      expect(await verifyPassword(NEW, u!.hash)).toBe(true);
      expect({ role: u!.role, school: u!.schoolCode }).toEqual({ role: 'school', school: '1001' });
      expect(await audited(s, 'user.passwd', 'ivanova')).toEqual([{ actor: 'cli' }]);
      // Nobody else's password moved.
      expect(await verifyPassword(OLD, (await findUser(s, 'boss'))!.hash)).toBe(true);
    });
  });

  it('users passwd: an unknown login is exit 1 with a Russian message; no password is exit 2, a short one exit 1', async () => {
    const unknown = await orientir(['users', 'passwd', 'nobody', '--db', db], { ORIENTIR_PASSWORD: NEW });
    expect(unknown.code).toBe(1);
    expect(unknown.out).toContain('Пользователя «nobody» нет');
    const none = await orientir(['users', 'passwd', 'boss', '--db', db], { ORIENTIR_PASSWORD: '' });
    expect(none.code).toBe(2);
    expect(none.out).toContain('Пароль не задан');
    const short = await orientir(['users', 'passwd', 'boss', '--db', db], { ORIENTIR_PASSWORD: 'abc' });
    expect(short.code).toBe(1);
    expect(short.out).toContain('не короче 8 символов');
    await withStore(async (s) => expect(await verifyPassword(OLD, (await findUser(s, 'boss'))!.hash)).toBe(true));
    const missing = await orientir(['users', 'passwd', '--db', db], { ORIENTIR_PASSWORD: NEW });
    expect(missing.code).toBe(2);
  });

  it('users remove deletes the user (audited); an unknown login is exit 1 with a Russian message', async () => {
    const r = await orientir(['users', 'remove', 'boss', '--db', db]);
    expect(r.code, r.out).toBe(0);
    expect(r.out).toContain('Пользователь boss удалён');
    const again = await orientir(['users', 'remove', 'boss', '--db', db]);
    expect(again.code).toBe(1);
    expect(again.out).toContain('Пользователя «boss» нет');
    await withStore(async (s) => {
      expect(await findUser(s, 'boss')).toBeNull();
      expect(await audited(s, 'user.remove', 'boss')).toEqual([{ actor: 'cli' }]);
      expect(await findUser(s, 'ivanova')).not.toBeNull();
    });
  });

  it('users remove --demo removes every login with the published demo password, and only those', async () => {
    const r = await orientir(['users', 'remove', '--demo', '--db', db]);
    expect(r.code, r.out).toBe(0);
    expect(r.out).toContain('Удалены входы с демо-паролем (2): komitet, school-1001.');
    await withStore(async (s) => {
      expect((await queryRows(s.conn, 'SELECT login FROM users ORDER BY login')).map((x) => x.login)).toEqual([
        'ivanova',
      ]);
      expect((await audited(s, 'user.remove', 'komitet')).length).toBe(1);
    });
    expect((await orientir(['users', 'remove', '--demo', 'ivanova', '--db', db])).code).toBe(2);
  });
});

describe('users commands through the running server', () => {
  let store: Store, app: Running;
  const TOKEN = 'local-token-for-tests';
  const cli = async (argv: string[], password?: string): Promise<{ code: number; output: string[] }> => {
    const p = parse(argv);
    if (password) (p.values as Record<string, unknown>).password = password;
    const res = await fetch(`${app.base}/api/local/cli`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-orientir-token': TOKEN },
      body: JSON.stringify(p),
    });
    return (await res.json()) as { code: number; output: string[] };
  };
  const signedIn = async (c: Client) => (await c.get('/uploads')).status !== 303;

  beforeAll(async () => {
    store = await openStore(':memory:');
    await addUser(store, 'petrova', 'committee', null, OLD, 'test');
    await addUser(store, 'sidorov', 'committee', null, OLD, 'test');
    app = await listen(store, {
      mount: (a, hooks) =>
        mountLocalApi(
          a,
          store,
          () => TOKEN,
          async () => ({ ok: true, message: '' }),
          hooks.endSessions,
        ),
    });
  });
  afterAll(async () => {
    await app?.close();
    if (store) await closeStore(store);
  });

  it('passwd ends the sessions of that login only; the new password works, the old does not', async () => {
    const c = new Client(app.base),
      other = new Client(app.base);
    expect((await c.login('petrova', OLD)).status).toBe(303);
    expect((await other.login('sidorov', OLD)).status).toBe(303);
    expect(await signedIn(c)).toBe(true);
    const r = await cli(['users', 'passwd', 'petrova'], NEW);
    expect(r).toEqual({ code: 0, output: ['Пароль пользователя petrova изменён; его открытые сеансы завершены.'] });
    const after = await c.get('/uploads');
    expect(after.status).toBe(303);
    expect(after.headers.get('location')).toMatch(/^\/login/);
    expect(await signedIn(other)).toBe(true);
    expect((await new Client(app.base).login('petrova', OLD)).status).toBe(401);
    expect((await new Client(app.base).login('petrova', NEW)).status).toBe(303);
  });

  it('remove ends the sessions and the login; list shows who is left; an unknown login is code 1', async () => {
    const c = new Client(app.base);
    expect((await c.login('sidorov', OLD)).status).toBe(303);
    const r = await cli(['users', 'remove', 'sidorov']);
    expect(r.code, r.output.join('\n')).toBe(0);
    expect(await signedIn(c)).toBe(false);
    expect((await new Client(app.base).login('sidorov', OLD)).status).toBe(401);
    const list = await cli(['users', 'list']);
    expect(list.code).toBe(0);
    expect(list.output.filter((l) => /^\S+\s+committee\s/.test(l)).map((l) => l.split(/\s+/)[0])).toEqual(['petrova']);
    const unknown = await cli(['users', 'remove', 'sidorov']);
    expect(unknown).toEqual({ code: 1, output: ['Пользователя «sidorov» нет (список: orientir users list).'] });
  });
});
