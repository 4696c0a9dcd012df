// A store that holds the demo never mixes with real data (store/demo-guard.ts): a real file uploaded through the web
// (the committee's uploads) or dropped into the inbox is refused with a Russian
// message naming the working store, and nothing in the store changes; a demo file again is a harmless duplicate. A
// working store with the same data (workStoreCopy) takes the same real file. The CLI's refusal: tests/cli/no-demo.test.ts.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DemoLogins } from '../../cli/bootstrap.js';
import { programmeTemplateBuffer } from '../../ingest/index.js';
import { REPORT_SUFFIX, runInbox } from '../../jobs/inbox.js';
import { closeStore, type Store } from '../../store/db.js';
import {
  DEMO_STORE_FILE_REFUSED,
  demoInStore,
  demoStoreCheck,
  demoStoreRefuses,
  isWorkStore,
  WORK_STORE,
} from '../../store/demo-guard.js';
import { queryRows } from '../../store/query.js';
import { onDataChanged } from '../../store/version.js';
import { Client, listen, ndjson, type Running } from '../dashboard/http.js';
import { demoFiles, demoStore, workStoreCopy } from '../helpers/demo-store.js';
import { drop, ls, removeTempDirs, settingsIn, tempDir } from '../jobs/helpers.js';

const SAMPLE = 'fisoko_vpr2022_altai_export_geography10.xlsx';
const samplePath = join('tests/fixtures/samples', SAMPLE);
const demoVpr = () => readdirSync(demoFiles()).find((f) => /ВПР.*\.xlsx$/.test(f))!;

interface Report {
  status: string;
  message: string;
  fileName: string;
  lines: string[];
  rowsLoaded: number;
}

/** What must not change when a file is refused: the ledger, the pupil rows and works of ВПР, the schools. */
const state = async (store: Store) =>
  (
    await queryRows(
      store.conn,
      `SELECT (SELECT count(*) FROM uploads) AS uploads,
  (SELECT count(*) FROM pupil_results) AS pupils, (SELECT count(*) FROM works) AS works, (SELECT count(*) FROM schools) AS schools`,
    )
  )[0]!;

const post = async (c: Client, url: string, name: string, bytes: Buffer) => {
  const fd = new FormData();
  fd.append('files', new Blob([new Uint8Array(bytes)]), name);
  const r = await c.req(url, { method: 'POST', body: fd, headers: { 'x-csrf-token': c.csrf } });
  expect(r.status).toBe(200);
  const events = ndjson(await r.text());
  return { report: events.find((e) => e.type === 'report')!.report as Report, done: events.at(-1)! };
};

let demo: Store, work: Store, logins: DemoLogins, app: Running;
let rebuilds = 0;

beforeAll(async () => {
  ({ store: demo, logins } = await demoStore());
  ({ store: work } = await workStoreCopy());
  // What the server root answers with a rebuild (cli/start.ts): every committed data change but the demo's own.
  onDataChanged(demo, (c) => {
    if (c !== 'demo') rebuilds++;
  });
  app = await listen(demo, {});
});

afterAll(async () => {
  await app?.close();
  if (demo) await closeStore(demo);
  if (work) await closeStore(work);
  removeTempDirs();
});

const committee = async () => {
  const c = new Client(app.base);
  expect((await c.login(logins.committee, logins.password)).status).toBe(303);
  return c;
};

describe('the guard', () => {
  it('knows a demo store (by the store or its connection) and lets only the bytes of demo files through', async () => {
    expect(await demoInStore(demo)).toBe(true);
    expect(await demoInStore(demo.conn)).toBe(true);
    expect(await demoStoreRefuses(demo, readFileSync(samplePath))).toBe(true);
    expect(await demoStoreRefuses(demo, readFileSync(join(demoFiles(), demoVpr())))).toBe(false);
    // The same file with one byte more is another file.
    expect(
      await demoStoreRefuses(demo, Buffer.concat([readFileSync(join(demoFiles(), demoVpr())), Buffer.from([0])])),
    ).toBe(true);
    expect(DEMO_STORE_FILE_REFUSED).toContain(WORK_STORE);
  });

  it('a working store with the same data is not a demo store and takes any file', async () => {
    expect(await demoInStore(work)).toBe(false);
    expect(await isWorkStore(work)).toBe(true);
    expect(await demoStoreCheck(work)).toBeNull();
    expect(await demoStoreRefuses(work, readFileSync(samplePath))).toBe(false);
  });
});

describe('web upload into a demo store', () => {
  it('refuses a real sample with the Russian message, loads nothing, adds no ledger row, and audits the refusal', async () => {
    const c = await committee();
    const before = await state(demo);
    const { report, done } = await post(c, '/api/uploads', SAMPLE, readFileSync(samplePath));
    expect(report).toMatchObject({
      status: 'rejected',
      fileName: SAMPLE,
      message: DEMO_STORE_FILE_REFUSED,
      rowsLoaded: 0,
    });
    expect(report.message).toMatch(/^это демонстрационное хранилище: в него принимаются только файлы самого демо/);
    expect(report.message).toContain('--no-demo');
    expect(report.message).toContain('ORIENTIR_DEMO=0');
    expect(report.lines).toEqual([`${SAMPLE} — ошибка файла: ${DEMO_STORE_FILE_REFUSED}`]);
    expect(done).toMatchObject({ type: 'done', loaded: 0 });
    expect(rebuilds).toBe(0);
    expect(await state(demo)).toEqual(before);
    const audit = await queryRows(
      demo.conn,
      `SELECT action, target, details FROM audit_log WHERE action = 'upload.rejected'`,
    );
    expect(audit).toEqual([
      { action: 'upload.rejected', target: SAMPLE, details: JSON.stringify({ reason: 'demo_store' }) },
    ]);
  });

  it("takes a demo school head's programme workbook: it is restricted to that demo school", async () => {
    const school = logins.schools[0]!;
    const c = new Client(app.base);
    expect((await c.login(school.login, logins.password)).status).toBe(303);
    const before = await state(demo);
    const bytes = await programmeTemplateBuffer({
      school: { code: school.schoolCode },
      passport: { name: 'Программа ОО', startYear: '2024/25', endYear: '2025/26' },
    });
    const { report } = await post(c, `/api/schools/${school.schoolCode}/programme/uploads`, 'Программа.xlsx', bytes);
    expect(report.status, report.message).toBe('loaded');
    expect(await state(demo)).toEqual({ ...before, uploads: Number(before.uploads) + 1 });
    const [p] = await queryRows(
      demo.conn,
      `SELECT name AS programme_name FROM programmes WHERE school_code = '${school.schoolCode}'`,
    );
    expect(p?.programme_name).toBe('Программа ОО');
  });

  it('a demo file uploaded again is accepted as a duplicate (a ledger row, no data change)', async () => {
    const c = await committee();
    const before = await state(demo);
    const { report, done } = await post(c, '/api/uploads', demoVpr(), readFileSync(join(demoFiles(), demoVpr())));
    expect(report.status, report.message).toBe('duplicate');
    expect(done).toMatchObject({ type: 'done', loaded: 0 });
    expect(await state(demo)).toEqual({ ...before, uploads: Number(before.uploads) + 1 });
  });

  it('the uploads page says real files are not accepted here', async () => {
    const page = await (await (await committee()).get('/uploads')).text();
    expect(page).toContain('data-demo-store');
    expect(page).toContain('настоящие файлы в него не');
    expect(page).toContain('принимаются');
    expect(page).toContain('--no-demo');
  });
});

describe('inbox into a demo store', () => {
  it('moves a real sample to rejected/ with the same message and changes nothing; a demo file again is archived as a duplicate', async () => {
    const root = tempDir('demo-guard');
    const s = settingsIn(root);
    const before = await state(demo);
    drop([samplePath], s.inbox);
    expect(await runInbox(demo, s, 10)).toMatchObject({ loaded: 0, duplicate: 0, rejected: 1, files: [SAMPLE] });
    expect(ls(s.inbox)).toEqual([]);
    expect(ls(s.rejected)).toEqual([SAMPLE, `${SAMPLE}${REPORT_SUFFIX}`]);
    expect(readFileSync(join(s.rejected, `${SAMPLE}${REPORT_SUFFIX}`), 'utf8')).toBe(
      `Файл «${SAMPLE}»: отклонён: ${DEMO_STORE_FILE_REFUSED}\n`,
    );
    expect(await state(demo)).toEqual(before);

    drop([join(demoFiles(), demoVpr())], s.inbox);
    expect(await runInbox(demo, s, 10)).toMatchObject({ loaded: 0, duplicate: 1, rejected: 0 });
    expect(await state(demo)).toEqual({ ...before, uploads: Number(before.uploads) + 1 });
  });
});

describe('a working store with the demo data', () => {
  it('takes the same real sample from the inbox', async () => {
    const root = tempDir('work-store');
    const s = settingsIn(root);
    const before = await state(work);
    drop([samplePath], s.inbox);
    expect(await runInbox(work, s, 10)).toMatchObject({ loaded: 1, rejected: 0, files: [SAMPLE] });
    expect(ls(s.rejected)).toEqual([]);
    const after = await state(work);
    expect(Number(after.uploads)).toBe(Number(before.uploads) + 1);
    expect(Number(after.pupils)).toBeGreaterThan(Number(before.pupils));
  });
});
