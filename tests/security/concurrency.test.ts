// Concurrency: 10 simultaneous web uploads (NDJSON stream, five committee users) of different files and duplicates, while
// the inbox job takes its own files (some the same bytes as web uploads). Every attempt is one ledger row, every
// distinct file is loaded exactly once, and the data rows in the store are exactly what the loaded uploads report.
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, utimesSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadJobSettings } from '../../domain/job-settings.js';
import { FORMATS } from '../../ingest/formats/index.js';
import { ingestFile, sha256 } from '../../ingest/load.js';
import { type InboxResult, runInbox } from '../../jobs/inbox.js';
import { closeStore, openStore, type Store } from '../../store/db.js';
import { queryRows } from '../../store/query.js';
import { addUser } from '../../store/users.js';
import { ndjson } from '../dashboard/http.js';
import { demoFiles } from '../helpers/demo-store.js';
import { loginAs, type Started, start } from './helpers.js';

/** Tables whose rows carry the upload that wrote them (the ones of ingest/ledger.ts DATA_TABLES that demo files write). */
const DATA_TABLES = [
  'pupil_results',
  'journal_marks',
  'aggregate_results',
  'schools',
  'scale_vpr',
  'program_targets',
  'task_info',
  'code_dictionary',
];
const PASSWORD = 'concurrency-pass';

const VPR1 = 'Проведение работы по истории, 5 класс. ВПР 2022.xlsx';
const VPR2 = 'Проведение работы по математике, 4 класс. ВПР 2023.xlsx';
const VPR3 = 'Проведение работы по биологии, 5 класс. ВПР 2024.xlsx';
const VPR4 = 'Проведение работы по географии, 10 класс. ВПР 2025.xlsx';
const CSV1 = 'ведомость_1006_2021-22.csv';
const CSV2 = 'ведомость_1014_2022-23.csv';
const EGE = 'ЕГЭ 2026 протоколы.xlsx';

/** [source file in the demo, name it is sent under] */
const WEB: [string, string][] = [
  [VPR1, VPR1],
  [VPR2, VPR2],
  [VPR3, VPR3],
  [VPR4, VPR4],
  [CSV1, CSV1],
  [CSV2, CSV2],
  [EGE, EGE],
  [VPR1, VPR1],
  [VPR2, 'копия.xlsx'],
  [CSV1, CSV1],
];
const INBOX: [string, string][] = [
  ['Ведомость Покровская ООШ 2023-24.xlsx', 'Ведомость Покровская ООШ 2023-24.xlsx'],
  ['Проведение работы по истории, 5 класс. ВПР 2023.xlsx', 'Проведение работы по истории, 5 класс. ВПР 2023.xlsx'],
  ['ведомость_1018_2023-24.csv', 'ведомость_1018_2023-24.csv'],
  [VPR3, VPR3],
  [EGE, 'ЕГЭ копия.xlsx'],
];

let root: string, store: Store, app: Started;
let firstId = 0;
const bytes = (name: string) => readFileSync(join(demoFiles(), name));

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), 'orientir-security-concurrency-'));
  store = await openStore(join(root, 'store.duckdb'));
  // Five committee members, two uploads each: a user may have at most two uploads in flight (MAX_UPLOADS_PER_USER).
  for (let u = 0; u < 5; u++) await addUser(store, `komitet-${u}`, 'committee', null, PASSWORD, 'test');
  // The registry and the ВПР scales first: with them every file below loads whatever order the queue takes.
  for (const f of ['Реестр ОО.xlsx', 'vpr_scales_demo.csv']) {
    expect((await ingestFile(store, FORMATS, { bytes: bytes(f), fileName: f, channel: 'cli' })).status).toBe('loaded');
  }
  firstId = Number((await store.conn.runAndReadAll('SELECT max(upload_id) FROM uploads')).getRows()[0]![0]) + 1;
  app = await start(store);
}, 300_000);

afterAll(async () => {
  await app?.close();
  if (store) await closeStore(store);
});

describe('simultaneous web uploads and the inbox job', () => {
  let events: Record<string, unknown>[][] = [];
  let inbox: InboxResult;

  it('all 10 uploads and all 5 inbox files are processed', async () => {
    const s = loadJobSettings({ ORIENTIR_INBOX: join(root, 'inbox'), ORIENTIR_BACKUPS: join(root, 'backups') });
    mkdirSync(s.inbox, { recursive: true });
    const old = Date.now() / 1000 - 600;
    INBOX.forEach(([src, name], i) => {
      const to = join(s.inbox, name);
      copyFileSync(join(demoFiles(), src), to);
      utimesSync(to, old + i, old + i);
    });
    const clients = await Promise.all([0, 1, 2, 3, 4].map((u) => loginAs(app.base, `komitet-${u}`, PASSWORD)));
    const post = async ([src, name]: [string, string], i: number) => {
      const c = clients[i % clients.length]!;
      const fd = new FormData();
      fd.append('files', new Blob([new Uint8Array(bytes(src))]), name);
      const r = await c.req('/api/uploads', { method: 'POST', body: fd, headers: { 'x-csrf-token': c.csrf } });
      expect(r.status).toBe(200);
      return ndjson(await r.text());
    };
    const [web, fromInbox] = await Promise.all([Promise.all(WEB.map(post)), runInbox(store, s, 20)]);
    events = web;
    inbox = fromInbox;
    for (const [i, ev] of events.entries()) {
      const reports = ev
        .filter((e) => e.type === 'report')
        .map((e) => e.report as { status: string; fileName: string; message: string });
      expect(reports, WEB[i]![1]).toHaveLength(1);
      expect(['loaded', 'duplicate'], `${WEB[i]![1]}: ${reports[0]!.message}`).toContain(reports[0]!.status);
      expect(reports[0]!.fileName).toBe(WEB[i]![1]);
      expect(ev.at(-1)!.type).toBe('done');
    }
    expect(inbox.files.sort()).toEqual(INBOX.map(([, n]) => n).sort());
    expect(inbox.rejected + inbox.waiting).toBe(0);
    expect(inbox.loaded + inbox.duplicate).toBe(INBOX.length);
    // The writes were serialised: with 10 requests at once, some waited in the queue.
    expect(events.some((ev) => ev.some((e) => e.type === 'queued'))).toBe(true);
  }, 300000);

  it('the ledger has one row per attempt, with the channel and the name it came under', async () => {
    const rows = await queryRows(
      store.conn,
      `SELECT channel, file_name, sha256, status FROM uploads WHERE upload_id >= $f ORDER BY upload_id`,
      { f: firstId },
    );
    expect(rows).toHaveLength(WEB.length + INBOX.length);
    const sorted = (x: string[]) => [...x].sort();
    expect(sorted(rows.filter((r) => r.channel === 'web').map((r) => String(r.file_name)))).toEqual(
      sorted(WEB.map(([, n]) => n)),
    );
    expect(sorted(rows.filter((r) => r.channel === 'inbox').map((r) => String(r.file_name)))).toEqual(
      sorted(INBOX.map(([, n]) => n)),
    );
    expect(rows.every((r) => r.status === 'loaded' || r.status === 'duplicate')).toBe(true);
    const audited = await queryRows(store.conn, `SELECT count(*) AS n FROM audit_log WHERE action = 'upload'`);
    expect(Number(audited[0]!.n)).toBe(WEB.length);
  });

  it('each distinct file is loaded exactly once, whichever channel got it first', async () => {
    const expected = new Set([...WEB, ...INBOX].map(([src]) => sha256(bytes(src))));
    expect(expected.size).toBe(10);
    const rows = await queryRows(
      store.conn,
      `SELECT sha256, count(*) FILTER (WHERE status = 'loaded') AS loaded, count(*) AS attempts
      FROM uploads WHERE upload_id >= $f GROUP BY sha256 ORDER BY sha256`,
      { f: firstId },
    );
    expect(new Set(rows.map((r) => String(r.sha256)))).toEqual(expected);
    for (const r of rows) expect(Number(r.loaded), String(r.sha256)).toBe(1);
    expect(rows.reduce((n, r) => n + Number(r.attempts), 0)).toBe(WEB.length + INBOX.length);
  });

  it('data rows equal the sum over the loaded uploads; duplicates wrote nothing', async () => {
    const perUpload = DATA_TABLES.map((t) => `SELECT upload_id FROM ${t} WHERE upload_id >= $f`).join(' UNION ALL ');
    const rows = await queryRows(
      store.conn,
      `WITH d AS (SELECT upload_id, count(*) AS n FROM (${perUpload}) GROUP BY upload_id)
      SELECT u.upload_id, u.file_name, u.status, u.rows_loaded, u.rows_replaced, coalesce(d.n, 0) AS in_store
      FROM uploads u LEFT JOIN d USING (upload_id) WHERE u.upload_id >= $f ORDER BY u.upload_id`,
      { f: firstId },
    );
    for (const r of rows) {
      const what = `${r.file_name} (${r.status})`;
      if (r.status === 'loaded') {
        expect(Number(r.in_store), what).toBe(Number(r.rows_loaded));
        expect(Number(r.rows_loaded), what).toBeGreaterThan(0);
        expect(Number(r.rows_replaced), what).toBe(0);
      } else {
        expect(Number(r.in_store), what).toBe(0);
        expect(Number(r.rows_loaded), what).toBe(0);
      }
    }
    const total = Number(
      (await queryRows(store.conn, `SELECT count(*) AS n FROM (${perUpload})`, { f: firstId }))[0]!.n,
    );
    expect(total).toBe(rows.filter((r) => r.status === 'loaded').reduce((n, r) => n + Number(r.rows_loaded), 0));
    // Rows that belong to no ledger row at all would be double counting by another path.
    const orphans = await queryRows(
      store.conn,
      `SELECT count(*) AS n FROM (${perUpload}) x WHERE x.upload_id NOT IN (SELECT upload_id FROM uploads WHERE status = 'loaded')`,
      { f: firstId },
    );
    expect(Number(orphans[0]!.n)).toBe(0);
    const works = await queryRows(
      store.conn,
      `SELECT count(*) AS n FROM works WHERE upload_id >= $f AND upload_id NOT IN (SELECT upload_id FROM uploads WHERE status = 'loaded')`,
      { f: firstId },
    );
    expect(Number(works[0]!.n)).toBe(0);
  });
});
