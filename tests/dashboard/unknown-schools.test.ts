// «Неизвестные ОО» on the uploads page (issue #14): a real regional ФИС ОКО file and an open-data file in the demo
// municipality; the unknown ids listed once with their counts; committee only; a link (POST with CSRF) attaches the
// id's rows to the chosen registry school after a rebuild and drops it from the list; «Отвязать» restores; the
// suggestion comes from the name in the file; a loaded file with excluded rows has its own badge in the ledger.
import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DemoLogins } from '../../cli/bootstrap.js';
import { FORMATS } from '../../ingest/formats/index.js';
import { ingestFile } from '../../ingest/load.js';
import type { IngestReport } from '../../ingest/report.js';
import { closeStore, type Store } from '../../store/db.js';
import { queryRows } from '../../store/query.js';
import { resolveSchools } from '../../store/school-identity.js';
import { runSqlFile } from '../../store/sql-file.js';
import { onDataChanged } from '../../store/version.js';
import { build } from '../../transforms/runner.js';
import { demoStore } from '../helpers/demo-store.js';
import { Client, listen, type Running } from './http.js';

const SAMPLES = join(import.meta.dirname, '..', 'fixtures', 'samples');
const REGIONAL = 'fisoko_vpr2021_altai_export_geography10.xlsx';
const OPEN_DATA = 'moscow_ege_by_school_2015-2016__data-9722-2016-10-31.csv';
const SCHOOL_IDS_SQL = join(import.meta.dirname, '..', '..', 'ingest', 'sql', 'school_ids.sql');

let store: Store,
  dir = '',
  logins: DemoLogins,
  app: Running,
  rebuilds = 0;
let vpr: IngestReport, open: IngestReport;
/** The regional school with the most rows, its row count and present pupils (counted from the source table). */
let top = { ref: '', rows: 0, present: 0 };
/** An open-data id that equals a registry code (1015) — linked to another school, 1002. */
let clash = '';

const one = async (sql: string): Promise<number> => Number(Object.values((await queryRows(store.conn, sql))[0]!)[0]);
const fmt = (n: number) => new Intl.NumberFormat('ru-RU').format(n).replace(/\u00a0/g, ' ');
const unknownRow = (page: string, ref: string): string[] =>
  [...page.matchAll(new RegExp(`<tr data-unknown-ref="${ref}">([\\s\\S]*?)</tr>`, 'g'))].map((m) => m[1]!);
const rebuild = async () => {
  const b = await build(store);
  expect(b.failures).toEqual([]);
};
const stgRows = (code: string) => one(`SELECT count(*) FROM stg_pupil_results WHERE school_code = '${code}'`);
const openAttached = (code: string) =>
  one(
    `SELECT count(*) FROM stg_aggregates s JOIN uploads u USING (upload_id) WHERE u.format LIKE 'moscow-%' AND s.in_registry AND s.school_code = '${code}'`,
  );

async function committee(): Promise<Client> {
  const c = new Client(app.base);
  expect((await c.login(logins.committee, logins.password)).status).toBe(303);
  return c;
}

beforeAll(async () => {
  ({ store, dir, logins } = await demoStore());
  vpr = await ingestFile(store, FORMATS, {
    bytes: readFileSync(join(SAMPLES, REGIONAL)),
    fileName: REGIONAL,
    channel: 'cli',
  });
  open = await ingestFile(store, FORMATS, {
    bytes: readFileSync(join(SAMPLES, OPEN_DATA)),
    fileName: OPEN_DATA,
    channel: 'cli',
  });
  await rebuild();
  const t = (
    await queryRows(
      store.conn,
      `SELECT school_ref, count(*) AS n, count(*) FILTER (WHERE status = 'present') AS present
    FROM pupil_results WHERE upload_id = ${vpr.uploadId} GROUP BY 1 ORDER BY 2 DESC, 1 LIMIT 1`,
    )
  )[0]!;
  top = { ref: String(t.school_ref), rows: Number(t.n), present: Number(t.present) };
  clash = String(
    (
      await queryRows(
        store.conn,
        `SELECT min(school_ref) AS r FROM aggregate_results WHERE upload_id = ${open.uploadId} AND school_ref IN (SELECT school_code FROM schools)`,
      )
    )[0]!.r,
  );
  // What the server root answers with a rebuild (cli/start.ts): every committed data change but the demo's own.
  onDataChanged(store, (c) => {
    if (c !== 'demo') rebuilds++;
  });
  app = await listen(store, {});
}, 240_000);
afterAll(async () => {
  await app?.close();
  await closeStore(store);
  rmSync(dir, { recursive: true, force: true });
});

describe('the list', () => {
  it('names every unknown id once, with its kind, rows, files and year; capped with «и ещё N»; searchable', async () => {
    expect(vpr.status).toBe('loaded');
    expect(open.status).toBe('loaded');
    const total = vpr.unknownSchools.length + open.unknownSchools.length; // the demo registry knows every demo school
    const page = await (await (await committee()).get('/uploads')).text();
    expect(page).toContain('<h2>Неизвестные ОО</h2>');
    expect(page).toContain(`Всего ${fmt(total)} идентификатор`);
    expect(page).toContain(`и ещё ${fmt(total - 30)}</strong>`);
    expect(page.match(/<tr data-unknown-ref=/g)).toHaveLength(30);
    const row = unknownRow(page, top.ref);
    expect(row).toHaveLength(1);
    expect(row[0]).toContain('логин ФИС ОКО');
    expect(row[0]).toContain(`<td class="num">${fmt(top.rows)}</td>`);
    expect(row[0]).toContain(REGIONAL);
    expect(row[0]).toContain('2020/21');
    const found = await (await (await committee()).get(`/uploads?unknown=${encodeURIComponent(clash)}`)).text();
    const openRow = unknownRow(found, clash);
    expect(openRow).toHaveLength(1);
    expect(openRow[0]).toContain('открытые данные');
    expect(openRow[0]).toContain('2015/16');
  });

  it('suggests a registry school by the name in the file, and none for schools of other municipalities', async () => {
    // A demo ВПР file whose login is not in the registry (as after a login change): the name still says «Гимназия № 1».
    const upload = await one(`SELECT min(upload_id) FROM pupil_results WHERE school_name = 'МАОУ "Гимназия № 1"'`);
    const login = String(
      (
        await queryRows(
          store.conn,
          `SELECT DISTINCT school_ref AS r FROM pupil_results WHERE upload_id = ${upload} AND school_name = 'МАОУ "Гимназия № 1"'`,
        )
      )[0]!.r,
    );
    await store.conn.run(
      `UPDATE pupil_results SET school_ref = 'edu990777' WHERE upload_id = ${upload} AND school_ref = '${login}'`,
    );
    await resolveSchools(store.conn, upload); // as ingest resolves the rows it writes
    try {
      const page = await (await (await committee()).get('/uploads')).text();
      const row = unknownRow(page, 'edu990777');
      expect(row).toHaveLength(1);
      expect(row[0]).toMatch(/МАОУ «Гимназия № 1» <span class="muted small">\(похожее название — проверьте\)/);
      expect(row[0]).toContain('<option value="1001" selected>');
      expect(page.indexOf('data-unknown-ref="edu990777"')).toBeLessThan(page.indexOf(`data-unknown-ref="${top.ref}"`)); // suggestions first
      // The regional file names municipalities of Altai, not the demo one: no suggestion, no preselected school.
      expect(unknownRow(page, top.ref)[0]).not.toContain(' selected>');
    } finally {
      await store.conn.run(
        `UPDATE pupil_results SET school_ref = '${login}' WHERE upload_id = ${upload} AND school_ref = 'edu990777'`,
      );
      await resolveSchools(store.conn, upload);
    }
  });
});

describe('access', () => {
  it('a school head gets 403 for the page and for a link; a committee POST without the CSRF token is refused', async () => {
    const head = new Client(app.base);
    expect((await head.login(logins.schools[0]!.login, logins.password)).status).toBe(303);
    expect((await head.get('/uploads')).status).toBe(403);
    const before = await one('SELECT count(*) FROM school_ids');
    expect(
      (
        await head.form('/uploads/unknown-schools/link', {
          _csrf: head.csrf,
          family: 'fisoko',
          ref: top.ref,
          school: '1001',
        })
      ).status,
    ).toBe(403);
    const c = await committee();
    expect(
      (await c.form('/uploads/unknown-schools/link', { family: 'fisoko', ref: top.ref, school: '1001' })).status,
    ).toBe(403);
    expect(
      (
        await c.form('/uploads/unknown-schools/link', {
          _csrf: 'forged',
          family: 'fisoko',
          ref: top.ref,
          school: '1001',
        })
      ).status,
    ).toBe(403);
    expect(await one('SELECT count(*) FROM school_ids')).toBe(before);
    expect(rebuilds).toBe(0);
  });
});

describe('link and unlink', () => {
  it('refuses a school outside the registry and an id the registry already knows, changing nothing', async () => {
    const c = await committee();
    const before = await one('SELECT count(*) FROM school_ids');
    expect(
      (await c.form('/uploads/unknown-schools/link', { _csrf: c.csrf, family: 'fisoko', ref: top.ref, school: '9999' }))
        .status,
    ).toBe(303);
    expect(await (await c.get('/uploads')).text()).toContain('указанной школы в реестре нет');
    const login = String(
      (await queryRows(store.conn, `SELECT fisoko_login AS l FROM schools WHERE school_code = '1002'`))[0]!.l,
    );
    await c.form('/uploads/unknown-schools/link', { _csrf: c.csrf, family: 'fisoko', ref: login, school: '1001' });
    expect(await (await c.get('/uploads')).text()).toMatch(
      /уже связан со школой реестра «МАОУ «Гимназия № 2»» \(код 1002\)/,
    );
    expect(await one('SELECT count(*) FROM school_ids')).toBe(before);
    expect(rebuilds).toBe(0);
  });

  it('a link attaches the rows after the rebuild and leaves the list; «Отвязать» restores both', async () => {
    const [base1001, base1002] = [await stgRows('1001'), await openAttached('1002')];
    expect(await openAttached('1015')).toBe(0); // the open-data id equal to 1015's code is not 1015
    expect(
      await one(`SELECT count(*) FROM mart_school_metrics WHERE school_code = '1001' AND school_year = '2020/21'`),
    ).toBe(0);
    const c = await committee();
    const linked = await c.form('/uploads/unknown-schools/link', {
      _csrf: c.csrf,
      family: 'fisoko',
      ref: top.ref,
      school: '1001',
    });
    expect(linked.status).toBe(303);
    expect(linked.headers.get('location')).toBe('/uploads#unknown-schools');
    await c.form('/uploads/unknown-schools/link', { _csrf: c.csrf, family: 'open-data', ref: clash, school: '1002' });
    expect(rebuilds).toBe(2); // each link starts a rebuild, as an upload does
    const audit = await queryRows(
      store.conn,
      `SELECT actor, target, details FROM audit_log WHERE action = 'school.link' ORDER BY logged_at`,
    );
    expect(audit.map((a) => [a.actor, a.target])).toEqual([
      [logins.committee, `fisoko:${top.ref}`],
      [logins.committee, `open-data:${clash}`],
    ]);
    expect(JSON.parse(String(audit[0]!.details))).toEqual({
      id_value: top.ref,
      id_kind: 'fisoko_login',
      school: '1001',
    });

    let page = await (await c.get('/uploads')).text();
    expect(page).toMatch(
      new RegExp(`«${clash}» \\(открытые данные\\) связан со школой «МАОУ «Гимназия № 2»» \\(код 1002\\)`),
    );
    expect(unknownRow(page, top.ref)).toHaveLength(0);
    expect(page).toContain(`Всего ${fmt(vpr.unknownSchools.length + open.unknownSchools.length - 2)} идентификатор`);
    expect(page).toMatch(new RegExp(`<tr data-link-ref="${top.ref}">[\\s\\S]*?Гимназия № 1[\\s\\S]*?действует`));

    await rebuild();
    expect(await stgRows('1001')).toBe(base1001 + top.rows);
    expect(
      await one(
        `SELECT sum(participants) FROM mart_school_metrics WHERE school_code = '1001' AND school_year = '2020/21' AND assessment = 'ВПР'`,
      ),
    ).toBe(top.present);
    expect(await openAttached('1002')).toBe(base1002 + 1);
    expect(await openAttached('1015')).toBe(0);

    for (const [id, kind] of [
      [top.ref, 'fisoko_login'],
      [clash, 'open_data_id'],
    ]) {
      const r = await c.form('/uploads/unknown-schools/unlink', { _csrf: c.csrf, id_value: id!, kind: kind! });
      expect(r.status).toBe(303);
    }
    expect(rebuilds).toBe(4);
    expect(await one(`SELECT count(*) FROM audit_log WHERE action = 'school.unlink'`)).toBe(2);
    page = await (await c.get('/uploads')).text();
    expect(page).toContain(`Связь «${clash}» (открытые данные) и «МАОУ «Гимназия № 2»» отменена`);
    expect(unknownRow(page, top.ref)).toHaveLength(1);
    expect(page).not.toContain('data-link-ref=');
    await rebuild();
    expect(await stgRows('1001')).toBe(base1001);
    expect(await openAttached('1002')).toBe(base1002);
    expect(
      await one(`SELECT count(*) FROM mart_school_metrics WHERE school_code = '1001' AND school_year = '2020/21'`),
    ).toBe(0);
  });
});

describe('a registry upload after a link', () => {
  it("keeps the committee's link (school_ids is rebuilt with it); «Отвязать» still clears it", async () => {
    const c = await committee();
    await c.form('/uploads/unknown-schools/link', { _csrf: c.csrf, family: 'fisoko', ref: top.ref, school: '1003' });
    await runSqlFile(store.conn, SCHOOL_IDS_SQL); // what a registry upload does to school_ids
    const kept = await store.conn.runAndReadAll(
      `SELECT school_code FROM school_ids WHERE id_value = norm_id($r) AND id_kind = 'fisoko_login'`,
      { r: top.ref },
    );
    expect(kept.getRows().map((r) => String(r[0]))).toEqual(['1003']);
    let page = await (await c.get('/uploads')).text();
    expect(page).toMatch(new RegExp(`<tr data-link-ref="${top.ref}">`));
    expect(page).not.toMatch(new RegExp(`<tr data-link-ref="${top.ref}">[\\s\\S]*?сброшена[\\s\\S]*?</tr>`));
    expect(unknownRow(page, top.ref)).toHaveLength(0); // linked: no longer unknown
    await c.form('/uploads/unknown-schools/unlink', { _csrf: c.csrf, id_value: top.ref, kind: 'fisoko_login' });
    page = await (await c.get('/uploads')).text();
    expect(page).not.toContain('data-link-ref=');
    expect(unknownRow(page, top.ref)).toHaveLength(1);
  });
});

describe('the ledger', () => {
  it('a loaded file with excluded rows is «загружен частично»; warnings alone keep «загружен»', async () => {
    await store.conn.run(`INSERT INTO uploads (upload_id, received_at, uploaded_by, channel, file_name, sha256, size_bytes, status, rows_read, rows_loaded, rows_rejected, warnings, message)
      VALUES (nextval('upload_seq'), now(), 'komitet', 'web', 'частично.csv', 'p1', 100, 'loaded', 10, 7, 3, 0, 'загружен частично: 3 строки исключены (см. замечания).'),
             (nextval('upload_seq'), now(), 'komitet', 'web', 'с-предупреждением.csv', 'p2', 100, 'loaded', 10, 10, 0, 2, 'загружен.')`);
    const page = await (await (await committee()).get('/uploads')).text();
    const cell = (file: string) =>
      new RegExp(`<td>${file}</td>[\\s\\S]*?<span class="badge ([^"]*)"[^>]*>([^<]*)</span>`).exec(page)?.slice(1);
    expect(cell('частично\\.csv')).toEqual(['lvl-signal', 'загружен частично']);
    expect(cell('с-предупреждением\\.csv')).toEqual(['lvl-ok', 'загружен']);
    expect(page).toContain('title="Файл загружен, но 3 строки исключены: см. отчёт"');
  });
});
