// A first day without the demo (issue #14): `orientir start --no-demo` / ORIENTIR_DEMO=0 starts a working store —
// no demo data, no demo logins, empty marts (the pages' «start here» state), the exact command for the first
// committee login in the console; the store stays a working store. The demo never mixes with real data: --no-demo
// refuses a store that holds the demo, and `orientir ingest` loads nothing but the demo's own files into it.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { demoMode, parse, UsageError } from '../../cli/args.js';
import { DEMO_COMMITTEE, demoDecision, demoInStore, isWorkStore, pendingDemo, planDemo } from '../../cli/bootstrap.js';
import { runStoreCommand } from '../../cli/commands.js';
import { FORMATS } from '../../ingest/formats/index.js';
import { ingestFile } from '../../ingest/load.js';
import { closeStore, openStore, type Store } from '../../store/db.js';
import { queryRows } from '../../store/query.js';
import { findUser } from '../../store/users.js';
import { orientir, serveUntilListening } from './run.js';

const tmp = () => mkdtempSync(join(tmpdir(), 'orientir-nodemo-'));
const REGISTRY =
  'Код ОО;Наименование;Краткое наименование;Логин ФИС ОКО\n' +
  '1001;Муниципальное бюджетное общеобразовательное учреждение «Средняя школа № 1»;СОШ № 1;sch220101\n';
const REAL_REGISTRY =
  REGISTRY + '1002;Муниципальное бюджетное общеобразовательное учреждение «Гимназия № 2»;Гимназия № 2;sch220102\n';

async function withStore<T>(path: string, fn: (store: Store) => Promise<T>): Promise<T> {
  const store = await openStore(path);
  try {
    return await fn(store);
  } finally {
    await closeStore(store);
  }
}

const count = async (store: Store, sql: string) => Number((await queryRows(store.conn, sql))[0]!.n);

/** A store holding the demo, cheaply: one file loaded through the demo channel (as loadDemo does). */
async function demoishStore(path: string, dir: string): Promise<string> {
  const file = join(dir, 'Реестр ОО.csv');
  writeFileSync(file, REGISTRY);
  await withStore(path, async (s) => {
    const r = await ingestFile(s, FORMATS, {
      bytes: Buffer.from(REGISTRY),
      fileName: 'Реестр ОО.csv',
      channel: 'demo',
      user: 'demo',
    });
    expect(r.status).toBe('loaded');
  });
  return file;
}

async function expectWorkingStoreWithoutDemo(db: string): Promise<void> {
  await withStore(db, async (s) => {
    expect(await count(s, 'SELECT count(*) AS n FROM users')).toBe(0);
    expect(await findUser(s, DEMO_COMMITTEE)).toBeNull();
    expect(await count(s, 'SELECT count(*) AS n FROM uploads')).toBe(0);
    expect(await pendingDemo(s)).toBeNull();
    expect(await demoInStore(s)).toBe(false);
    expect(await isWorkStore(s)).toBe(true);
    // The empty marts are built, so pages show their empty state rather than «not built».
    expect(await count(s, `SELECT count(*) AS n FROM information_schema.tables WHERE table_name = 'mart_index'`)).toBe(
      1,
    );
  });
}

describe('orientir serve --no-demo / ORIENTIR_DEMO=0', () => {
  it('--no-demo on a new store: no demo data, no demo logins, and the exact command for the first committee login', async () => {
    const dir = tmp(),
      db = join(dir, 'рабочее хранилище.duckdb');
    const r = await serveUntilListening(['--no-demo', '--db', db], dir);
    expect(r.code, r.out).toBe(0);
    expect(r.out).toContain(`npx orientir users add admin --role committee --db '${db}'`);
    expect(r.out).toContain('нет загруженных данных');
    expect(r.out).not.toContain('Демонстрационные входы');
    expect(r.out).not.toContain('демонстрационные данные');
    await expectWorkingStoreWithoutDemo(db);
  }, 120_000);

  it('ORIENTIR_DEMO=0 does the same without the flag', async () => {
    const dir = tmp(),
      db = join(dir, 'store.duckdb');
    const r = await serveUntilListening(['--db', db], dir, { ORIENTIR_DEMO: '0' });
    expect(r.code, r.out).toBe(0);
    expect(r.out).toContain(`npx orientir users add admin --role committee --db ${db}`);
    expect(r.out).not.toContain('Демонстрационные входы');
    await expectWorkingStoreWithoutDemo(db);
  }, 120_000);

  it('refuses a store that holds the demo (exit 2, Russian message naming a separate store) and changes nothing', async () => {
    const dir = tmp(),
      db = join(dir, 'demo.duckdb');
    await demoishStore(db, dir);
    const r = await orientir(['serve', '--no-demo', '--port', '0', '--db', db], { ORIENTIR_INBOX: join(dir, 'inbox') });
    expect(r.code, r.out).toBe(2);
    expect(r.out).toContain(`В хранилище ${db} демонстрационные данные`);
    expect(r.out).toContain('npx orientir start --no-demo --db ПУТЬ');
    expect(r.out).not.toContain('Ориентир: http');
    await withStore(db, async (s) => expect(await isWorkStore(s)).toBe(false));
  }, 120_000);

  it('rejects contradictory or unknown settings with exit 2', async () => {
    const dir = tmp();
    const both = await orientir(['serve', '--demo', '--no-demo', '--port', '0', '--db', join(dir, 'a.duckdb')]);
    expect(both.code, both.out).toBe(2);
    expect(both.out).toContain('либо --demo, либо --no-demo');
    expect(() => demoMode(parse(['start']).values, 'может быть')).toThrow(UsageError);
    expect(demoMode(parse(['start']).values, '0')).toBe('off');
    expect(demoMode(parse(['start']).values, undefined)).toBe('auto');
    expect(demoMode(parse(['start', '--demo']).values, '0')).toBe('on'); // the flag wins over the environment
    expect(demoMode(parse(['start', '--no-demo']).values, '1')).toBe('off');
  });
});

describe('a working store stays one', () => {
  it('after --no-demo, a later start without the flag creates no demo, and --demo is refused', async () => {
    const store = await openStore(':memory:');
    try {
      expect(await demoDecision(store)).toEqual({ action: 'create', reason: 'new' });
      const said: string[] = [];
      expect(await planDemo(store, { off: true, log: (s) => said.push(s), inbox: '/srv/inbox' })).toEqual({
        create: false,
        resume: null,
        noData: true,
      });
      expect(said.join('\n')).toContain('npx orientir users add admin --role committee');
      expect(await demoDecision(store)).toEqual({ action: 'none', noUsers: true, noData: true });
      const d = await demoDecision(store, { explicit: true });
      expect(d.action).toBe('refuse');
      expect(d.action === 'refuse' && d.message).toContain('рабочее');
      await expect(planDemo(store, { explicit: true })).rejects.toBeInstanceOf(UsageError);
    } finally {
      await closeStore(store);
    }
  });
});

describe('real files and a demo store', () => {
  it('orientir ingest refuses a real file into a demo store (exit 2, nothing loaded); a demo file again is a harmless duplicate', async () => {
    const dir = tmp(),
      db = join(dir, 'demo.duckdb');
    const demoFile = await demoishStore(db, dir);
    const real = join(dir, 'Реестр ОО 2025.csv');
    writeFileSync(real, REAL_REGISTRY);
    const r = await orientir(['ingest', real, '--db', db]);
    expect(r.code, r.out).toBe(2);
    expect(r.out).toContain('настоящие файлы в него не загружаются');
    expect(r.out).toContain('Реестр ОО 2025.csv');
    expect(r.out).toContain('Ничего не загружено');
    // A folder with the demo file and a real one: refused as a whole.
    const mixed = await withStore(db, (s) =>
      runStoreCommand(parse(['ingest', dir]), s, { line: () => {} }).then(
        () => 'loaded',
        (e) => e,
      ),
    );
    expect(mixed).toBeInstanceOf(UsageError);
    await withStore(db, async (s) => {
      expect(await count(s, 'SELECT count(*) AS n FROM uploads')).toBe(1);
      expect(await count(s, `SELECT count(*) AS n FROM schools WHERE school_code = '1002'`)).toBe(0);
    });
    const again = await orientir(['ingest', demoFile, '--db', db]);
    expect(again.code, again.out).toBe(0);
    expect(again.out).toMatch(/повторных: 1/);
  }, 120_000);

  it('a store without the demo takes the same real file', async () => {
    const dir = tmp(),
      db = join(dir, 'work.duckdb');
    const real = join(dir, 'Реестр ОО 2025.csv');
    writeFileSync(real, REAL_REGISTRY);
    const r = await orientir(['ingest', real, '--db', db]);
    expect(r.code, r.out).toBe(0);
    expect(r.out).toMatch(/загружено: 1/);
  }, 120_000);
});
