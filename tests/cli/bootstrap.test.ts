// The demo policy at server start (cli/bootstrap.ts demoDecision / demoAtStart): demo data and the published demo
// logins only on a NEW store or on --demo, never beside real users; an interrupted demo load resumes. Also the
// real `orientir serve` on a store with a real user: no demo logins appear, and --demo is refused with exit 2.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { UsageError } from '../../cli/args.js';
import { DEMO_COMMITTEE, DEMO_PASSWORD, demoAtStart, demoDecision, pendingDemo } from '../../cli/bootstrap.js';
import { FORMATS } from '../../ingest/formats/index.js';
import { ingestFile } from '../../ingest/load.js';
import { closeStore, openStore, type Store } from '../../store/db.js';
import { queryRows } from '../../store/query.js';
import { addUser, findUser, verifyPassword } from '../../store/users.js';
import { orientir, serveUntilListening } from './run.js';

const REAL_PASSWORD = 'настоящий-пароль-1';
const tmp = () => mkdtempSync(join(tmpdir(), 'orientir-bootstrap-'));
const logins = async (store: Store) =>
  (await queryRows(store.conn, 'SELECT login FROM users ORDER BY login')).map((r) => String(r.login));
const uploads = async (store: Store) =>
  Number((await queryRows(store.conn, 'SELECT count(*) AS n FROM uploads'))[0]!.n);

async function withStore<T>(fn: (store: Store) => Promise<T>, path = ':memory:'): Promise<T> {
  const store = await openStore(path);
  try {
    return await fn(store);
  } finally {
    await closeStore(store);
  }
}

/** A rejected file in the ledger: the store is no longer new although nothing was loaded. */
const rejectedUpload = (store: Store) =>
  ingestFile(store, FORMATS, {
    bytes: Buffer.from('не таблица\n'.repeat(5)),
    fileName: 'мусор.xlsx',
    channel: 'cli',
    user: 'admin',
  });

describe('demoDecision', () => {
  it('a store with one committee user and no data: no demo, no demo logins, a Russian hint how to load data', () =>
    withStore(async (store) => {
      await addUser(store, 'admin', 'committee', null, REAL_PASSWORD, 'test');
      expect(await demoDecision(store)).toEqual({ action: 'none', noUsers: false, noData: true });
      const said: string[] = [];
      const r = await demoAtStart(store, tmp(), { log: (s) => said.push(s), inbox: '/srv/orientir/inbox' });
      expect(r).toEqual({ demo: null, resume: null });
      expect(await logins(store)).toEqual(['admin']);
      expect(await findUser(store, DEMO_COMMITTEE)).toBeNull();
      expect(await uploads(store)).toBe(0);
      expect(await pendingDemo(store)).toBeNull();
      const hint = said.join('\n');
      expect(hint).toContain('нет загруженных данных');
      expect(hint).toContain('/uploads');
      expect(hint).toContain('/srv/orientir/inbox');
      expect(hint).toContain('orientir ingest');
    }));

  it('a store with no users but an upload in the ledger (even rejected) is not new: no demo, a hint to add users', () =>
    withStore(async (store) => {
      expect((await rejectedUpload(store)).status).toBe('rejected');
      expect(await demoDecision(store)).toEqual({ action: 'none', noUsers: true, noData: true });
      const said: string[] = [];
      await demoAtStart(store, tmp(), { log: (s) => said.push(s), inbox: '/x' });
      expect(await logins(store)).toEqual([]);
      expect(said.join('\n')).toContain('orientir users add');
    }));

  it('an empty store is new: demo; --demo there too', () =>
    withStore(async (store) => {
      expect(await demoDecision(store)).toEqual({ action: 'create', reason: 'new' });
      expect(await demoDecision(store, { explicit: true })).toEqual({ action: 'create', reason: 'new' });
    }));

  it('--demo beside a real user is refused (UsageError, exit code 2) and creates nothing', () =>
    withStore(async (store) => {
      await addUser(store, 'admin', 'committee', null, REAL_PASSWORD, 'test');
      await addUser(store, DEMO_COMMITTEE, 'committee', null, DEMO_PASSWORD, 'demo');
      const d = await demoDecision(store, { explicit: true });
      expect(d.action).toBe('refuse');
      expect(d.action === 'refuse' && d.message).toMatch(/не создаются рядом с настоящими пользователями.*admin/);
      // The demo login itself is not named as a real user.
      expect(d.action === 'refuse' && d.message).not.toContain(DEMO_COMMITTEE);
      await expect(demoAtStart(store, tmp(), { explicit: true })).rejects.toBeInstanceOf(UsageError);
      expect(await logins(store)).toEqual(['admin', DEMO_COMMITTEE]);
      expect(await pendingDemo(store)).toBeNull();
    }));

  it('--demo on a store with real files (no users) is refused; with only demo logins it recreates the demo', () =>
    withStore(async (store) => {
      await addUser(store, DEMO_COMMITTEE, 'committee', null, DEMO_PASSWORD, 'demo');
      expect(await demoDecision(store)).toEqual({ action: 'none', noUsers: false, noData: true });
      expect(await demoDecision(store, { explicit: true })).toEqual({ action: 'create', reason: 'explicit' });
      await rejectedUpload(store);
      const d = await demoDecision(store, { explicit: true });
      expect(d.action === 'refuse' && d.message).toMatch(/не смешиваются с настоящими/);
    }));

  it('an interrupted demo load resumes, whatever else the store holds', () =>
    withStore(async (store) => {
      await addUser(store, 'admin', 'committee', null, REAL_PASSWORD, 'test');
      await store.conn.run(`INSERT INTO settings VALUES ('demo_pending', $f)`, {
        f: JSON.stringify(['/d/a.xlsx', '/d/b.csv']),
      });
      expect(await demoDecision(store)).toEqual({ action: 'resume', files: ['/d/a.xlsx', '/d/b.csv'] });
      expect(await demoAtStart(store, tmp())).toEqual({ demo: null, resume: ['/d/a.xlsx', '/d/b.csv'] });
    }));

  it(
    'a new store gets the demo logins with the published password and a pending demo load',
    () =>
      withStore(async (store) => {
        const r = await demoAtStart(store, tmp());
        expect(r.demo).not.toBeNull();
        const komitet = await findUser(store, DEMO_COMMITTEE);
        expect(komitet?.role).toBe('committee');
        expect(await verifyPassword(DEMO_PASSWORD, komitet!.hash)).toBe(true);
        expect((await logins(store)).length).toBe(1 + r.demo!.logins.schools.length);
        expect(await demoDecision(store)).toEqual({ action: 'resume', files: r.demo!.files });
      }),
    120_000,
  );
});

describe('orientir serve and the demo', () => {
  it('a store with a real committee user and no data starts empty with a hint; no demo logins are created', async () => {
    const dir = tmp(),
      db = join(dir, 'store.duckdb');
    await withStore((s) => addUser(s, 'admin', 'committee', null, REAL_PASSWORD, 'test'), db);
    const r = await serveUntilListening(['--db', db], dir);
    expect(r.code, r.out).toBe(0);
    expect(r.out).toContain('нет загруженных данных');
    expect(r.out).not.toContain('Демонстрационные входы');
    await withStore(async (s) => {
      expect(await logins(s)).toEqual(['admin']);
      expect(await uploads(s)).toBe(0);
    }, db);
  }, 120_000);

  it('serve --demo beside a real user is refused with exit code 2 and a Russian message', async () => {
    const dir = tmp(),
      db = join(dir, 'store.duckdb');
    await withStore((s) => addUser(s, 'admin', 'committee', null, REAL_PASSWORD, 'test'), db);
    const r = await orientir(['serve', '--demo', '--port', '0', '--db', db], { ORIENTIR_INBOX: join(dir, 'inbox') });
    expect(r.code, r.out).toBe(2);
    expect(r.out).toContain('не создаются рядом с настоящими пользователями');
    await withStore(async (s) => expect(await logins(s)).toEqual(['admin']), db);
  }, 120_000);
});
