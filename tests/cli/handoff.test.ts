// While the server owns the store, CLI commands are handed to it over loopback instead of failing on the lock.
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closeStore, openStore } from '../../store/db.js';
import { queryRows } from '../../store/query.js';
import { Client } from '../dashboard/http.js';
import { demoFiles, demoStore } from '../helpers/demo-store.js';
import { orientir } from './run.js';

const BIN = fileURLToPath(new URL('../../bin/orientir.js', import.meta.url));
let server: ChildProcess;
let db: string;
const port = 3400 + Math.floor(Math.random() * 500);

beforeAll(async () => {
  const demo = await demoStore();
  db = demo.path;
  await closeStore(demo.store);
  server = spawn(process.execPath, [BIN, 'serve', '--port', String(port), '--db', db], {
    stdio: 'ignore',
    env: { ...process.env, ORIENTIR_INBOX: join(demo.dir, 'inbox') },
  });
  for (let i = 0; i < 120; i++) {
    const ok = await fetch(`http://127.0.0.1:${port}/login`).then(
      (r) => r.status === 200,
      () => false,
    );
    if (ok && existsSync(`${db}.server.json`)) return;
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new Error('server did not start');
});
afterAll(() => {
  server.kill('SIGKILL');
});

describe('CLI hand-off to the running server', () => {
  it('build, export, users and jobs run inside the server that holds the lock', async () => {
    const info = JSON.parse(readFileSync(`${db}.server.json`, 'utf8'));
    expect(info.port).toBe(port);
    // The server built the marts when it started: a build finds nothing changed, --full rebuilds every model.
    const same = await orientir(['build', '--db', db]);
    expect(same.code, same.out).toBe(0);
    expect(same.out).toMatch(/Исходные данные не менялись с прошлой сборки/);
    const b = await orientir(['build', '--full', '--db', db]);
    expect(b.code, b.out).toBe(0);
    expect(b.out).toMatch(/Витрины собраны/);
    const out = join(db + '-flags.csv');
    expect((await orientir(['export', 'flags', '--out', out, '--db', db])).code).toBe(0);
    expect(readFileSync(out, 'utf8')).toContain('ШНОР');
    const u = await orientir(['users', 'add', 'metodist', '--role', 'committee', '--db', db], {
      ORIENTIR_PASSWORD: 'очень-длинный-пароль',
    });
    expect(u.code, u.out).toBe(0);
    const j = await orientir(['jobs', 'run', 'freshness', '--db', db]);
    expect(j.code, j.out).toBe(0);
    expect(j.out).toMatch(/Полнота данных/);
  });

  it('ingest is handed over too: the same demo file again is a duplicate (exit 0)', async () => {
    const file = join(demoFiles(), 'Реестр ОО.xlsx');
    const r = await orientir(['ingest', file, '--db', db]);
    expect(r.code, r.out).toBe(0);
    expect(r.out).toMatch(/повторных: 1/);
  });

  it('users passwd, list and remove are handed over too; passwd carries the password and ends the open session', async () => {
    const add = await orientir(['users', 'add', 'zavuch', '--role', 'school', '--school', '1001', '--db', db], {
      ORIENTIR_PASSWORD: 'первый-пароль-1',
    });
    expect(add.code, add.out).toBe(0);
    const c = new Client(`http://127.0.0.1:${port}`);
    expect((await c.login('zavuch', 'первый-пароль-1')).status).toBe(303);
    expect((await c.get('/schools/1001')).status).toBe(200);
    const pw = await orientir(['users', 'passwd', 'zavuch', '--db', db], { ORIENTIR_PASSWORD: 'второй-пароль-2' });
    expect(pw.code, pw.out).toBe(0);
    // The open session ended in the server; the new password is the one the server checks.
    expect((await c.get('/schools/1001')).status).toBe(303);
    expect((await new Client(`http://127.0.0.1:${port}`).login('zavuch', 'первый-пароль-1')).status).toBe(401);
    expect((await new Client(`http://127.0.0.1:${port}`).login('zavuch', 'второй-пароль-2')).status).toBe(303);
    const list = await orientir(['users', 'list', '--db', db]);
    expect(list.code, list.out).toBe(0);
    expect(list.out).toMatch(/^zavuch\s+school\s+1001\s/m);
    const rm = await orientir(['users', 'remove', 'zavuch', '--db', db]);
    expect(rm.code, rm.out).toBe(0);
    const again = await orientir(['users', 'remove', 'zavuch', '--db', db]);
    expect(again.code).toBe(1);
    expect(again.out).toContain('Пользователя «zavuch» нет');
  });

  it('refuses a forged token', async () => {
    const res = await fetch(`http://127.0.0.1:${port}/api/local/cli`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-orientir-token': 'x' },
      body: '{}',
    });
    expect(res.status).toBe(403);
  });

  it('stops on SIGTERM and withdraws its advertisement', async () => {
    const exited = new Promise<number | null>((r) => server.once('exit', (code) => r(code)));
    server.kill('SIGTERM');
    expect(await exited).toBe(0);
    expect(existsSync(`${db}.server.json`)).toBe(false);
    // The user added through the server was written to the store it owned.
    const store = await openStore(db);
    const users = await queryRows(store.conn, `SELECT role FROM users WHERE login = 'metodist'`);
    await closeStore(store);
    expect(users).toEqual([{ role: 'committee' }]);
  });
});
