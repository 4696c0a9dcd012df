import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { closeStore, listMigrations, migrate, openStore } from '../../store/db.js';
import { queryRows } from '../../store/query.js';

describe('store migrations', () => {
  it('applies every migration once; re-opening is a no-op and keeps data and the pseudonymisation key', async () => {
    const path = join(mkdtempSync(join(tmpdir(), 'orientir-mig-')), 'store.duckdb');
    const s1 = await openStore(path);
    const applied = await queryRows(s1.conn, 'SELECT version FROM schema_migrations ORDER BY version');
    expect(applied.map((r) => r.version)).toEqual(listMigrations().map((m) => m.version));
    const key1 = (await queryRows(s1.conn, `SELECT value FROM settings WHERE key = 'pseudonymisation_key'`))[0]!.value;
    expect(String(key1)).toMatch(/^[0-9a-f]{64}$/);
    const scales1 = (await queryRows(s1.conn, 'SELECT count(*) AS n FROM scale_vpr'))[0]!.n;
    await s1.conn.run(`INSERT INTO schools (school_code, name) VALUES ('1001', 'Школа')`);
    await closeStore(s1);

    const s2 = await openStore(path);
    expect(await migrate(s2.conn)).toEqual([]);
    expect((await queryRows(s2.conn, 'SELECT count(*) AS n FROM schema_migrations'))[0]!.n).toBe(
      listMigrations().length,
    );
    expect((await queryRows(s2.conn, `SELECT value FROM settings WHERE key = 'pseudonymisation_key'`))[0]!.value).toBe(
      key1,
    );
    expect((await queryRows(s2.conn, 'SELECT count(*) AS n FROM scale_vpr'))[0]!.n).toBe(scales1);
    expect((await queryRows(s2.conn, 'SELECT name FROM schools'))[0]!.name).toBe('Школа');
    await closeStore(s2);
  });

  it('seeds the ВПР scales for 2019/20–2021/22 from the shipped CSV (40 subject×grade rows each)', async () => {
    const s = await openStore(':memory:');
    const rows = await queryRows(s.conn, `SELECT school_year, count(*) AS n FROM scale_vpr GROUP BY 1 ORDER BY 1`);
    expect(rows).toEqual([
      { school_year: '2019/20', n: 40 },
      { school_year: '2020/21', n: 40 },
      { school_year: '2021/22', n: 40 },
    ]);
    const math4 = (
      await queryRows(
        s.conn,
        `SELECT mark3_min, mark4_min, mark5_min FROM scale_vpr WHERE school_year = '2020/21' AND subject = 'Математика' AND kim_grade = 4`,
      )
    )[0];
    expect(math4).toEqual({ mark3_min: 6, mark4_min: 10, mark5_min: 15 });
    await closeStore(s);
  });
});
