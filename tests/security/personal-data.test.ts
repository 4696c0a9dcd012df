// Personal data. After the real samples and the demo's files are ingested (into a working store with the demo's
// data, workStoreCopy: a demo store takes no real files), no pupil name read from the source files is
// anywhere in the store (every table and view, every column cast to VARCHAR). The pseudonymisation key is in no
// export (every dataset as csv/xlsx/parquet, the Parquet lake), no HTTP response, no audit entry and no data of a
// backup; a backup restores only with the key (from the source store's key file, ORIENTIR_KEY or ORIENTIR_KEY_FILE).

import { existsSync, mkdtempSync, readdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { DuckDBConnection } from '@duckdb/node-api';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DemoLogins } from '../../cli/bootstrap.js';
import { ingestPaths } from '../../ingest/files.js';
import { backupTo, KEY_CHECK_SETTING, keyFileOf, restoreInto } from '../../jobs/backup.js';
import { closeStore, openStore, type Store } from '../../store/db.js';
import { queryRows } from '../../store/query.js';
import { serialize } from '../../store/queue.js';
import { sqlString } from '../../store/seed.js';
import { DATASETS, exportDataset, exportLake } from '../../transforms/export.js';
import { build } from '../../transforms/runner.js';
import { Client } from '../dashboard/http.js';
import { demoFiles, workStoreCopy } from '../helpers/demo-store.js';
import { enumerateRoutes, type Got, loginAs, read, start, xlsxCells } from './helpers.js';

const SAMPLES = new URL('../fixtures/samples/', import.meta.url).pathname;

let store: Store, logins: DemoLogins, key: string;
const tmp = (p: string) => mkdtempSync(join(tmpdir(), `orientir-security-${p}-`));

/** Every non-empty string cell of every sheet. */
async function sheetStrings(path: string): Promise<string[][]> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(path);
  const rows: string[][] = [];
  for (const ws of wb.worksheets)
    ws.eachRow((row) =>
      rows.push((row.values as unknown[]).slice(1).map((v) => (v === null || v === undefined ? '' : String(v).trim()))),
    );
  return rows;
}

/** Full names from a РЦОИ protocol (Фамилия, Имя, Отчество columns). */
async function protocolNames(path: string, limit: number): Promise<string[]> {
  const rows = await sheetStrings(path);
  const h = rows.findIndex((r) => r.includes('Фамилия') && r.includes('Имя'));
  const [f, i, o] = ['Фамилия', 'Имя', 'Отчество'].map((c) => rows[h]!.indexOf(c));
  return rows
    .slice(h + 1)
    .filter((r) => r[f!] && r[i!])
    .slice(0, limit)
    .map((r) => [r[f!], r[i!], o! >= 0 ? r[o!] : ''].filter(Boolean).join(' '));
}

/** Names from journal exports: a «Ученик» column or «Ученик: …» header lines. */
async function journalNames(path: string, limit: number): Promise<string[]> {
  const rows = await sheetStrings(path);
  const out = new Set<string>();
  const h = rows.findIndex((r) => r.includes('Ученик'));
  if (h >= 0)
    for (const r of rows.slice(h + 1)) if (r[rows[h]!.indexOf('Ученик')]) out.add(r[rows[h]!.indexOf('Ученик')]!);
  for (const r of rows)
    for (const c of r) {
      const m = /^Ученик:\s*(.+)$/.exec(c);
      if (m) out.add(m[1]!.trim());
    }
  return [...out].slice(0, limit);
}

/** Relations (tables and views) of the main schema with their columns that can hold text. */
async function relations(conn: DuckDBConnection): Promise<{ name: string; columns: string[] }[]> {
  const rows = await queryRows(
    conn,
    `SELECT table_name AS t, list(column_name ORDER BY ordinal_position) AS cols FROM information_schema.columns
    WHERE table_schema = 'main' AND regexp_matches(data_type, 'VARCHAR|JSON|BLOB|\\[\\]|STRUCT|MAP|UNION') GROUP BY table_name ORDER BY table_name`,
  );
  return rows.map((r) => ({ name: String(r.t), columns: (r.cols as string[]).map(String) }));
}

const quoteId = (s: string) => `"${s.replace(/"/g, '""')}"`;
const listOf = (xs: string[]) => `[${xs.map(sqlString).join(', ')}]::VARCHAR[]`;

/**
 * table.column → the words of `words` found in it. Every text value (any type cast to VARCHAR, lower-cased) is
 * split into words and joined against the list, so hundreds of names cost one pass per column (a regular
 * expression with hundreds of alternatives falls off RE2's fast path on large tables).
 */
async function scanWords(
  conn: DuckDBConnection,
  words: string[],
  only?: (rel: string) => boolean,
): Promise<Record<string, string[]>> {
  const hits: Record<string, string[]> = {};
  const list = listOf([...new Set(words.map((w) => w.toLowerCase()))]);
  for (const rel of await relations(conn)) {
    if (only && !only(rel.name)) continue;
    const parts = rel.columns.map(
      (c, i) => `SELECT ${i} AS col, list(DISTINCT t) AS found FROM (
        SELECT unnest(regexp_split_to_array(lower(CAST(${quoteId(c)} AS VARCHAR)), '[^0-9a-zа-яё]+')) AS t FROM ${quoteId(rel.name)}) WHERE list_contains(${list}, t)`,
    );
    for (const row of (await conn.runAndReadAll(parts.join(' UNION ALL '))).getRows()) {
      const found = row[1] === null ? [] : (row[1] as unknown as { items: unknown[] }).items.map(String);
      if (found.length) hits[`${rel.name}\t${rel.columns[Number(row[0])]}`] = found.sort();
    }
  }
  return hits;
}

/**
 * table.column → the pupil names found in it. Surnames are found as words first; a column with one is then
 * checked for the name itself («Фамилия Имя», «Имя Фамилия», «Фамилия И.»), so a school «имени А.Н. Савельева»
 * or «Покровская ООШ» is not taken for a pupil. `direct` words (the samples' «Тестовый») count as found at once.
 */
async function findNames(
  conn: DuckDBConnection,
  fullNames: string[],
  direct: string[],
  only?: (rel: string) => boolean,
): Promise<Record<string, string[]>> {
  const bySurname = new Map<string, string[]>();
  for (const n of fullNames) {
    const [f, i] = n.toLowerCase().split(' ') as [string, string];
    bySurname.set(f, [...(bySurname.get(f) ?? []), `${f} ${i}`, `${i} ${f}`, `${f} ${i[0]}.`]);
  }
  const directWords = direct.map((w) => w.toLowerCase());
  const candidates = await scanWords(conn, [...bySurname.keys(), ...directWords], only);
  const hits: Record<string, string[]> = {};
  for (const [at, found] of Object.entries(candidates)) {
    const [rel, col] = at.split('\t') as [string, string];
    const out = found.filter((w) => directWords.includes(w));
    const phrases = [...new Set(found.flatMap((w) => bySurname.get(w) ?? []))];
    if (phrases.length) {
      const r =
        await conn.runAndReadAll(`SELECT list(DISTINCT p) FROM ${quoteId(rel)} x, unnest(${listOf(phrases)}) u(p)
        WHERE contains(lower(CAST(x.${quoteId(col)} AS VARCHAR)), p)`);
      const v = r.getRows()[0]![0] as unknown as { items: unknown[] } | null;
      out.push(...(v?.items ?? []).map(String));
    }
    if (out.length) hits[`${rel}.${col}`] = out.sort();
  }
  return hits;
}

/** table.column → rows whose text contains the needle. */
async function scanText(conn: DuckDBConnection, needle: string): Promise<Record<string, number>> {
  const hits: Record<string, number> = {};
  for (const rel of await relations(conn)) {
    const cols = rel.columns.map(
      (c, i) => `count(*) FILTER (WHERE contains(CAST(${quoteId(c)} AS VARCHAR), ${sqlString(needle)})) AS c${i}`,
    );
    const row = (await conn.runAndReadAll(`SELECT ${cols.join(', ')} FROM ${quoteId(rel.name)}`)).getRows()[0]!;
    rel.columns.forEach((c, i) => {
      if (Number(row[i]) > 0) hits[`${rel.name}.${c}`] = Number(row[i]);
    });
  }
  return hits;
}

/** Every column of a Parquet file as text → rows containing the needle. */
async function parquetHits(conn: DuckDBConnection, file: string, needle: string): Promise<number> {
  const r = await conn.runAndReadAll(
    `SELECT count(*) FROM read_parquet(${sqlString(file)}) t WHERE contains(CAST(t AS VARCHAR), ${sqlString(needle)})`,
  );
  return Number(r.getRows()[0]![0]);
}

const filesUnder = (dir: string): string[] =>
  readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => join(e.parentPath, e.name));

beforeAll(async () => {
  ({ store, logins } = await workStoreCopy());
  const reports = await ingestPaths(store, [SAMPLES], 'cli', 'test');
  expect(reports.filter((r) => r.status === 'loaded').map((r) => r.fileName)).toEqual(
    expect.arrayContaining([
      'ejournal_otchet_uspevaemost_poseshchaemost_8A_2024-25_PSEUDONYMISED.xlsx',
      'ejournal_tabel_uspevaemosti_8A_2024-25_PSEUDONYMISED.xlsx',
    ]),
  );
  const b = await serialize(() => build(store));
  expect(b.ok, b.failures.join('\n')).toBe(true);
  key = String(
    (await store.conn.runAndReadAll(`SELECT value FROM settings WHERE key = 'pseudonymisation_key'`)).getRows()[0]![0],
  );
  expect(key).toMatch(/^[0-9a-f]{64}$/);
}, 300_000);

afterAll(async () => {
  if (store) await closeStore(store);
});

describe('pupil names', () => {
  let names: string[] = [];
  let full: string[] = [];

  it('are read from the source files: the journal samples and the demo РЦОИ protocols and journals', async () => {
    const samples = [
      ...(await journalNames(join(SAMPLES, 'ejournal_tabel_uspevaemosti_8A_2024-25_PSEUDONYMISED.xlsx'), 100)),
      ...(await journalNames(
        join(SAMPLES, 'ejournal_otchet_uspevaemost_poseshchaemost_8A_2024-25_PSEUDONYMISED.xlsx'),
        100,
      )),
    ];
    expect(samples.length).toBeGreaterThan(5);
    expect(samples.every((n) => /^Ученик \d+ Тестовый$/.test(n))).toBe(true);
    const demo = [
      ...(await protocolNames(join(demoFiles(), 'ОГЭ 2024 протоколы.xlsx'), 60)),
      ...(await protocolNames(join(demoFiles(), 'ЕГЭ 2025 протоколы.xlsx'), 60)),
      ...(await journalNames(join(demoFiles(), 'Ведомость Лицей № 3 2022-23.xlsx'), 60)),
      ...(await journalNames(join(demoFiles(), 'Табель успеваемости 8А Гимназия № 1 2025-26.xlsx'), 60)),
    ];
    expect(demo.length).toBeGreaterThan(150);
    for (const n of demo) expect(n, n).toMatch(/^[А-ЯЁ][а-яё-]+ [А-ЯЁ][а-яё-]+( [А-ЯЁ][а-яё-]+)?$/u);
    full = [...new Set(demo)];
    names = [...new Set(samples)];
    expect(new Set(full.map((n) => n.split(' ')[0])).size).toBeGreaterThan(40);
    // These files were really loaded: their pupils are in the store, under keys.
    const loaded = await queryRows(
      store.conn,
      `SELECT file_name, status FROM uploads WHERE status = 'loaded' AND file_name IN
      ('ОГЭ 2024 протоколы.xlsx', 'ЕГЭ 2025 протоколы.xlsx', 'Ведомость Лицей № 3 2022-23.xlsx', 'Табель успеваемости 8А Гимназия № 1 2025-26.xlsx')`,
    );
    expect(loaded).toHaveLength(4);
  });

  it('the scan finds a name when one is there (control)', async () => {
    const [f, i] = full[7]!.split(' ') as [string, string];
    await store.conn.run(`CREATE TABLE pd_control AS SELECT * FROM (VALUES
      (1, ${sqlString(`заметка: ${f.toUpperCase()} ${i}`)}, [${sqlString(names[3]!)}], ${sqlString(`{"issue": "строка 5: ${i} ${f}"}`)}::JSON),
      (2, ${sqlString(`школа имени ${i[0]}.Н. ${f}`)}, ['${f}ская СОШ'], ${sqlString(`{"issue": "${f} ${i[0]}. — нет отметки"}`)}::JSON)) t(id, note, list, report)`);
    try {
      expect(await findNames(store.conn, full, ['Тестовый'], (r) => r === 'pd_control')).toEqual({
        'pd_control.note': [`${f} ${i}`.toLowerCase()],
        'pd_control.list': ['тестовый'],
        'pd_control.report': [`${f} ${i[0]}.`, `${i} ${f}`].map((x) => x.toLowerCase()).sort(),
      });
    } finally {
      await store.conn.run('DROP TABLE pd_control');
    }
  });

  it('no table, view or column of the store holds any of them', async () => {
    const rels = await relations(store.conn);
    expect(rels.length).toBeGreaterThan(35);
    expect(await findNames(store.conn, full, ['Тестовый'])).toEqual({});
  }, 240000);
});

describe('the pseudonymisation key', () => {
  it('is in no export: every dataset as csv, xlsx and parquet, and the Parquet lake', async () => {
    const dir = tmp('exports');
    for (const d of DATASETS) {
      for (const ext of ['csv', 'xlsx', 'parquet']) {
        const out = join(dir, `${d}.${ext}`);
        await exportDataset(store, d, out);
        const bytes = readFileSync(out);
        expect(bytes.includes(key), out).toBe(false);
        if (ext === 'xlsx')
          expect(
            (await xlsxCells(bytes)).some((c) => c.includes(key)),
            out,
          ).toBe(false);
        if (ext === 'parquet') expect(await parquetHits(store.conn, out, key), out).toBe(0);
      }
    }
    const lake = join(dir, 'lake');
    expect((await exportLake(store, lake)).length).toBeGreaterThan(10);
    for (const f of filesUnder(lake)) {
      expect(readFileSync(f).includes(key), f).toBe(false);
      expect(await parquetHits(store.conn, f, key), f).toBe(0);
    }
  }, 300000);

  it('is in no HTTP response: every GET route as the committee and as a school head, logins, uploads, errors', async () => {
    const app = await start(store, { runJob: async () => ({ ok: true, message: 'ok' }) });
    try {
      const A = logins.schools[0]!.schoolCode;
      const ids = (await store.conn.runAndReadAll('SELECT upload_id FROM uploads ORDER BY upload_id DESC LIMIT 5'))
        .getRows()
        .map((r) => String(r[0]));
      const values: Record<string, string[]> = {
        ':code': [A, logins.schools[1]!.schoolCode],
        ':id': ids,
        ':file': DATASETS.flatMap((d) => [`${d}.csv`, `${d}.xlsx`]),
      };
      const urls = enumerateRoutes(app.app)
        .routes.filter((r) => r.method === 'GET')
        .flatMap((r) => {
          let out = [r.path];
          for (const p of r.path.match(/:\w+/g) ?? []) {
            if (!values[p]) throw new Error(`no values for ${p} in ${r.path}`);
            out = out.flatMap((u) => values[p]!.map((v) => u.replace(p, v)));
          }
          return out;
        });
      const got: { url: string; got: Got }[] = [];
      const c = await loginAs(app.base, logins.committee, logins.password);
      const h = await loginAs(app.base, logins.schools[0]!.login, logins.password);
      for (const [who, client] of [
        ['committee', c],
        ['head', h],
      ] as const) {
        for (const url of [...urls, '/?print=1', `/schools/${A}?print=1`, '/no/such/page'])
          got.push({ url: `${who} ${url}`, got: await read(await client.get(url)) });
      }
      const fd = new FormData();
      fd.append(
        'files',
        new Blob([
          new Uint8Array(readFileSync(join(SAMPLES, 'ejournal_tabel_uspevaemosti_8A_2024-25_PSEUDONYMISED.xlsx'))),
        ]),
        'повтор.xlsx',
      );
      got.push({
        url: 'upload',
        got: await read(await c.req('/api/uploads', { method: 'POST', body: fd, headers: { 'x-csrf-token': c.csrf } })),
      });
      got.push({ url: 'job', got: await read(await c.form('/jobs/run', { job: 'rebuild', _csrf: c.csrf })) });
      got.push({ url: 'bad login', got: await read(await new Client(app.base).login(logins.committee, key)) });
      expect(got.filter((x) => x.got.status === 200).length).toBeGreaterThan(60);
      for (const { url, got: g } of got) {
        expect(g.text.includes(key) || g.bytes.includes(key), url).toBe(false);
        expect(
          [...g.headers.values()].some((v) => v.includes(key)),
          url,
        ).toBe(false);
      }
    } finally {
      await app.close();
    }
  }, 300000);

  it('is in no audit entry', async () => {
    const rows = await queryRows(
      store.conn,
      `SELECT count(*) AS n, count(*) FILTER (WHERE contains(CAST(a AS VARCHAR), $k)) AS hits FROM audit_log a`,
      { k: key },
    );
    expect(Number(rows[0]!.n)).toBeGreaterThan(10);
    expect(Number(rows[0]!.hits)).toBe(0);
    // Nor anywhere else in the store than its one settings row.
    expect(await scanText(store.conn, key)).toEqual({ 'settings.value': 1 });
  }, 180000);

  describe('backups', () => {
    let dir: string;

    it('a backup holds no key in any of its files; the key is kept in a key file beside the store (0600)', async () => {
      dir = join(tmp('backup'), 'copy');
      await backupTo(store, dir);
      const files = filesUnder(dir);
      expect(files.some((f) => f.endsWith('settings.parquet'))).toBe(true);
      for (const f of files) {
        expect(readFileSync(f).includes(key), f).toBe(false);
        if (f.endsWith('.parquet')) expect(await parquetHits(store.conn, f, key), f).toBe(0);
      }
      const settings = await queryRows(
        store.conn,
        `SELECT key, value FROM read_parquet(${sqlString(join(dir, 'settings.parquet'))}) ORDER BY key`,
      );
      expect(settings.map((r) => r.key)).not.toContain('pseudonymisation_key');
      expect(settings.map((r) => r.key)).toContain(KEY_CHECK_SETTING);
      const keyFile = keyFileOf(store.path);
      expect(readFileSync(keyFile, 'utf8').trim()).toBe(key);
      expect(statSync(keyFile).mode & 0o077).toBe(0);
      expect(keyFile.startsWith(dir)).toBe(false);
    }, 180000);

    const restoredKey = async (path: string) => {
      const s = await openStore(path);
      try {
        return (await queryRows(s.conn, `SELECT key, value FROM settings ORDER BY key`)).map(
          (r) => `${r.key}=${r.value}`,
        );
      } finally {
        await closeStore(s);
      }
    };

    it('restores with the key found in the source store key file: settings exactly as before', async () => {
      const before = (await queryRows(store.conn, `SELECT key, value FROM settings ORDER BY key`)).map(
        (r) => `${r.key}=${r.value}`,
      );
      const target = join(tmp('restore'), 'restored.duckdb');
      await restoreInto(target, dir, { env: {} });
      expect(await restoredKey(target)).toEqual(before);
    }, 120000);

    it('without any key the restore is refused and leaves no file; ORIENTIR_KEY or ORIENTIR_KEY_FILE make it work; a wrong key is refused', async () => {
      const keyFile = keyFileOf(store.path);
      const aside = `${keyFile}.aside`;
      renameSync(keyFile, aside);
      try {
        const root = tmp('restore-key');
        const target = join(root, 'restored.duckdb');
        await expect(restoreInto(target, dir, { env: {} })).rejects.toThrow(/ORIENTIR_KEY/);
        expect(existsSync(target)).toBe(false);
        await expect(restoreInto(target, dir, { env: { ORIENTIR_KEY: 'f'.repeat(64) } })).rejects.toThrow(
          /не подходит/,
        );
        expect(existsSync(target)).toBe(false);
        await restoreInto(target, dir, { env: { ORIENTIR_KEY: key } });
        expect(await restoredKey(target)).toContain(`pseudonymisation_key=${key}`);
        const other = join(root, 'other.duckdb');
        const file = join(root, 'ключ.key');
        writeFileSync(file, `${key}\n`, { mode: 0o600 });
        await restoreInto(other, dir, { env: { ORIENTIR_KEY_FILE: file } });
        expect(await restoredKey(other)).toContain(`pseudonymisation_key=${key}`);
        expect((await restoredKey(other)).some((r) => r.startsWith(KEY_CHECK_SETTING))).toBe(false);
      } finally {
        renameSync(aside, keyFile);
      }
    }, 180000);
  });
});
