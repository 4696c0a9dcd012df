// Every real sample goes through the loader (detect → parse → validate → write) and loads with the row counts
// the per-format tests establish (tests/ingest/*); the protocol form loads only under a name carrying the work.
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FORMATS } from '../../../ingest/formats/index.js';
import { ingestFile } from '../../../ingest/load.js';
import type { IngestReport } from '../../../ingest/report.js';
import { closeStore, openStore, type Store } from '../../../store/db.js';
import { samplePath } from '../../helpers/parse.js';
import { FORM_SAMPLE, ingestSample, ledger, one, SAMPLES, uploadRows } from './store-state.js';

let store: Store;
const reports = new Map<string, IngestReport>();
const storedAfterLoad = new Map<string, number>(); // rows of the upload right after it was loaded

beforeAll(async () => {
  store = await openStore(':memory:');
  for (const s of SAMPLES) {
    const r = await ingestSample(store, s);
    reports.set(s.file, r);
    if (r.uploadId !== null) storedAfterLoad.set(s.file, await uploadRows(store, s.table, r.uploadId));
  }
});
afterAll(async () => closeStore(store));

describe.each(SAMPLES)('$file', (s) => {
  it(`loads ${s.rows} rows into ${s.table} as ${s.format}`, async () => {
    const r = reports.get(s.file)!;
    expect([r.status, r.format, r.message], r.message).toEqual(['loaded', s.format, 'загружен.']);
    expect([r.rowsLoaded, r.rowsRead, r.rowsRejected, r.rowsReplaced]).toEqual([s.rows, s.rows, 0, s.replaced ?? 0]);
    expect(r.issues.filter((i) => i.severity === 'error')).toEqual([]);
    // The loader's own screening (markup, formulas, unknown journal subjects, extension, uncalculated formulas) stays quiet on real files.
    expect(
      r.issues.filter((i) =>
        /HTML-разметку|формула электронной таблицы|не распознан \(нет среди|формулами без|ошибкой формулы|назван как/.test(
          i.message,
        ),
      ),
    ).toEqual([]);
    expect(storedAfterLoad.get(s.file)).toBe(s.rows);
    if (s.works) expect(await uploadRows(store, 'works', r.uploadId!)).toBe(s.works);
    const row = (await ledger(store)).find((l) => l.upload_id === r.uploadId)!;
    expect(row).toMatchObject({
      status: 'loaded',
      file_name: s.name ?? s.file.split('/').pop(),
      rows_loaded: s.rows,
      rows_rejected: 0,
      rows_replaced: s.replaced ?? 0,
    });
  });
});

describe('the store after all samples', () => {
  it('holds exactly the rows of the samples; the табель replaced every mark of the attendance report', async () => {
    expect(await uploadRows(store, 'journal_marks', reports.get(SAMPLES[9]!.file)!.uploadId!)).toBe(0);
    const sum = (t: string) =>
      SAMPLES.filter((s) => s.table === t).reduce(
        (a, s) => a + s.rows - (s.table === 'journal_marks' ? (s.replaced ?? 0) : 0),
        0,
      );
    expect(Number(await one(store, 'SELECT count(*) FROM pupil_results'))).toBe(sum('pupil_results'));
    expect(Number(await one(store, 'SELECT count(*) FROM journal_marks'))).toBe(2345);
    expect(Number(await one(store, 'SELECT count(*) FROM aggregate_results'))).toBe(sum('aggregate_results'));
    expect(Number(await one(store, 'SELECT count(*) FROM schools'))).toBe(692);
    expect(Number(await one(store, 'SELECT count(*) FROM works'))).toBe(6);
    expect(Number(await one(store, 'SELECT count(*) FROM task_info'))).toBe(15);
    expect(Number(await one(store, 'SELECT count(*) FROM code_dictionary'))).toBe(12);
  });

  it('the protocol form under its plain sample name is rejected with the naming rule, and changes nothing', async () => {
    const before = Number(await one(store, 'SELECT count(*) FROM pupil_results'));
    const r = await ingestFile(store, FORMATS, {
      bytes: readFileSync(samplePath(FORM_SAMPLE)),
      fileName: FORM_SAMPLE,
      channel: 'cli',
    });
    // Same bytes as the renamed copy, but that one is loaded: the same content is a duplicate whatever its name.
    expect(r.status).toBe('duplicate');
    const fresh = await openStore(':memory:');
    try {
      const rej = await ingestFile(fresh, FORMATS, {
        bytes: readFileSync(samplePath(FORM_SAMPLE)),
        fileName: FORM_SAMPLE,
        channel: 'cli',
      });
      expect(rej.status).toBe('rejected');
      expect(rej.message).toMatch(/Не удалось определить предмет, класс, год ВПР/);
      expect(rej.message).toContain(`«${FORM_SAMPLE}»`);
      expect(rej.message).toContain('«Проведение работы по математике, 4 класс. ВПР 2025 sch220150.xlsx»');
      expect(Number(await one(fresh, 'SELECT count(*) FROM pupil_results'))).toBe(0);
    } finally {
      await closeStore(fresh);
    }
    expect(Number(await one(store, 'SELECT count(*) FROM pupil_results'))).toBe(before);
  });
});
