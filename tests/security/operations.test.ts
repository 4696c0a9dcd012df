// Operating the server safely: store and backup files private to their owner, the listen address and Secure cookies
// behind a TLS proxy, a page cache that random query strings cannot grow, no server paths on /jobs, builds left
// «running» by a killed process marked at start-up, and exports in a stable order.
import { readdirSync, statSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import type { Request } from 'express';
import express from 'express';
import { afterAll, describe, expect, it } from 'vitest';
import type { Session } from '../../dashboard/auth/session.js';
import { withoutPaths } from '../../dashboard/format/paths.js';
import { DEFAULT_HOST, listenAt } from '../../dashboard/listen.js';
import { PageCache } from '../../dashboard/routes/page-cache.js';
import { runBackup } from '../../jobs/backup.js';
import { JobRunner } from '../../jobs/runner.js';
import { closeStore, openStore } from '../../store/db.js';
import { DATASETS, datasetSql } from '../../transforms/export.js';
import { BUILD_INTERRUPTED } from '../../transforms/runner.js';
import { Client, listen } from '../dashboard/http.js';
import { PASSWORD, programmeStore } from '../dashboard/programme-fixture.js';
import { demoStore } from '../helpers/demo-store.js';
import { removeTempDirs, settingsIn, tempDir } from '../jobs/helpers.js';

afterAll(() => removeTempDirs());

const privateMode = (path: string) => (statSync(path).mode & 0o077) === 0;

describe('files of the store', () => {
  it('the store, its WAL and a backup are readable by their owner only', async () => {
    const root = tempDir('modes');
    const path = join(root, 'store.duckdb');
    const store = await openStore(path);
    try {
      await store.conn.run(`INSERT INTO settings VALUES ('probe', 'x')`);
      expect(privateMode(path)).toBe(true);
      const wal = readdirSync(root).filter((f) => f.endsWith('.wal'));
      for (const f of wal) expect(privateMode(join(root, f)), f).toBe(true);
      const { dir } = await runBackup(store, join(root, 'backups'), 2);
      expect(privateMode(dir)).toBe(true);
      const files = readdirSync(dir);
      expect(files.length).toBeGreaterThan(3);
      for (const f of files) expect(privateMode(join(dir, f)), f).toBe(true);
    } finally {
      await closeStore(store);
    }
  });
});

describe('the store clock', () => {
  it('writes timestamps in the committee time zone whatever the server clock is', async () => {
    const store = await openStore(join(tempDir('tz'), 'store.duckdb'));
    try {
      const r = (
        await store.conn.runAndReadAll(
          `SELECT current_setting('TimeZone'), (current_timestamp::TIMESTAMP - timezone('UTC', current_timestamp))::VARCHAR`,
        )
      ).getRows()[0]!;
      expect(r[0]).toBe('Europe/Moscow');
      expect(r[1]).toBe('03:00:00'); // Moscow is UTC+3 all year
      const other = await store.instance.connect(); // every connection of the store, not only the first
      expect((await other.runAndReadAll(`SELECT current_setting('TimeZone')`)).getRows()[0]![0]).toBe('Europe/Moscow');
      other.closeSync();
    } finally {
      await closeStore(store);
    }
  });
});

describe('listening and proxies', () => {
  it('listens on 127.0.0.1 unless HOST says otherwise', async () => {
    const app = express();
    const at = await listenAt(app, 0, DEFAULT_HOST);
    try {
      expect((at.servers[0]!.address() as AddressInfo).address).toBe('127.0.0.1');
      expect(at.servers).toHaveLength(1);
      expect(at.url).toBe(`http://127.0.0.1:${at.port}`);
    } finally {
      for (const s of at.servers) s.close();
    }
  });

  it('behind a trusted TLS proxy the session cookie is Secure; without trust a forged header changes nothing', async () => {
    const { store } = await programmeStore();
    try {
      for (const [trustProxy, secure] of [
        ['loopback', true],
        [undefined, false],
      ] as const) {
        const app = await listen(store, trustProxy ? { trustProxy } : {});
        try {
          const c = new Client(app.base);
          const page = await (await c.get('/login')).text();
          const token = /name="_csrf" value="([^"]+)"/.exec(page)![1]!;
          const r = await c.req('/login', {
            method: 'POST',
            body: new URLSearchParams({ _csrf: token, login: 'kom', password: PASSWORD }),
            headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-forwarded-proto': 'https' },
          });
          expect(r.status).toBe(303);
          const sid = r.headers.getSetCookie().find((x) => x.startsWith('orientir_sid='))!;
          expect(/;\s*Secure/i.test(sid), String(trustProxy)).toBe(secure);
        } finally {
          await app.close();
        }
      }
    } finally {
      await closeStore(store);
    }
  });
});

describe('page cache', () => {
  it('is keyed by the parameters a page reads: 600 random query strings keep one page', async () => {
    const cache = new PageCache({});
    let renders = 0;
    const session = {
      id: 's',
      csrf: 'token',
      expires: Date.now() + 60_000,
      user: { login: 'kom', role: 'committee', schoolCode: null },
    } as unknown as Session;
    for (let i = 0; i < 600; i++) {
      const req = {
        session,
        originalUrl: `/?year=2024%2F25&r=${Math.random()}`,
        acceptsEncodings: () => false,
      } as unknown as Request;
      const page = await cache.get(req, 'overview|2024/25', async () => {
        renders++;
        return '<p>обзор</p>';
      });
      expect(page!.body.toString()).toBe('<p>обзор</p>');
    }
    expect(cache.size).toBe(1);
    expect(renders).toBe(1);
  });
});

describe('/jobs and start-up', () => {
  it('shows job and build messages without absolute server paths', async () => {
    const { store } = await programmeStore();
    const app = await listen(store);
    try {
      await store.conn.run(`INSERT INTO job_runs VALUES (1, 'inbox', 'cron', current_timestamp, current_timestamp, 'failed', NULL,
        'ENOENT: no such file or directory, open ''/srv/orientir/data/inbox/Реестр ОО.xlsx''')`);
      await store.conn.run(
        `INSERT INTO build_runs VALUES (1, current_timestamp, current_timestamp, 'failed', 'IO Error: /home/orientir/data/orientir.duckdb.wal', '[]')`,
      );
      const c = new Client(app.base);
      expect((await c.login('kom', PASSWORD)).status).toBe(303);
      for (const body of [await (await c.get('/jobs')).text(), await (await c.get('/api/jobs')).text()]) {
        expect(body).not.toContain('/srv/orientir');
        expect(body).not.toContain('/home/orientir');
        expect(body).toContain('orientir.duckdb.wal');
      }
      expect(withoutPaths('учебный год 2023/24, файл /a/b/c.xlsx')).toBe('учебный год 2023/24, файл c.xlsx');
    } finally {
      await app.close();
      await closeStore(store);
    }
  });

  it('a build left «running» by a killed process is marked interrupted when the runner starts', async () => {
    const root = tempDir('recover');
    const store = await openStore(join(root, 'store.duckdb'));
    try {
      await store.conn.run(`INSERT INTO build_runs VALUES (7, current_timestamp, NULL, 'running', NULL, NULL)`);
      const runner = new JobRunner(store, settingsIn(root));
      expect(await runner.recover()).toBe(1);
      const row = (
        await store.conn.runAndReadAll('SELECT outcome, message FROM build_runs WHERE build_id = 7')
      ).getRows()[0]!;
      expect(row).toEqual(['failed', BUILD_INTERRUPTED]);
      await runner.close();
    } finally {
      await closeStore(store);
    }
  });
});

describe('exports', () => {
  it('every dataset is ordered by a key that no two rows share, so the same data export identically', async () => {
    const { store } = await demoStore();
    try {
      for (const ds of DATASETS) {
        const sql = datasetSql(ds, null);
        const order = /ORDER BY ([\s\S]+)$/i
          .exec(sql)![1]!
          .split(',')
          .map((c) => c.trim().replace(/\s+(ASC|DESC)$/i, ''));
        const ties = await store.conn.runAndReadAll(
          `SELECT count(*) FROM (SELECT ${order.join(', ')}, count(*) AS n FROM (${sql.replace(/ORDER BY[\s\S]+$/i, '')}) GROUP BY ALL HAVING n > 1)`,
        );
        expect(Number(ties.getRows()[0]![0]), `${ds}: ${order.join(', ')}`).toBe(0);
        // A school's export is ordered by the same key at the outermost level (not inside the filtering subquery).
        const school = datasetSql(ds, '1001');
        expect(school.endsWith(/ORDER BY [\s\S]+$/i.exec(sql)![0]), ds).toBe(true);
        expect(school.lastIndexOf(')'), ds).toBeLessThan(school.lastIndexOf('ORDER BY'));
      }
    } finally {
      await closeStore(store);
    }
  });
});
