// Bench workloads of ingest: xlsx (both encodings), the regional ВПР files against SheetJS, the CSV ведомость.
import type { CsvFiles } from './gen-csv.js';
import type { IngestMeasure } from './ingest-tasks.js';
import { fmtNum, fmtRatio } from './measure.js';
import { bestOf, child, failed, info, log, mb, type Opts, raw, rows, sec } from './run-context.js';

export async function xlsx(o: Opts): Promise<void> {
  const n = o.quick ? 20_000 : 100_000;
  // The same rows twice: as the demo writer stores them (shared strings) and as ФИС ОКО itself writes the export
  // (inline strings, every Cyrillic letter a numeric character reference: 168 MB of sheet XML per 100 000 rows).
  try {
    log(`xlsx: ВПР-2021 export, ${fmtNum(n)} rows (generating once into bench/.cache/)`);
    const { path } = await child<{ path: string }>('gen-vpr', { rows: n }, o);
    await xlsxVariant(o, n, 'shared strings', path);
  } catch (e) {
    failed('xlsx', 'xlsx ingest', '≤ 1.5× reader', e);
  }
  try {
    const path = (await import('./gen-vpr.js')).vprWorkbookInline(n);
    await xlsxVariant(o, n, 'ФИС ОКО encoding', path);
  } catch (e) {
    failed('xlsx', 'xlsx ingest (ФИС ОКО encoding)', '≤ 1.5× reader', e);
  }
}

/** Ten ФИС ОКО exports of a region (generated) end to end against a bare SheetJS read of the same files. */
export async function regional(o: Opts): Promise<void> {
  const G = 'xlsx';
  const workload = 'regional ВПР (generated, ФИС ОКО encoding): 10 files';
  try {
    const { ensureSheetjs, SHEETJS_VERSION } = await import('./regional.js');
    log('regional: 10 ФИС ОКО exports (generating once into bench/.cache/), SheetJS from the npm registry');
    const files = await child<{ paths: string[]; rows: number }>('gen-regional', {}, o);
    ensureSheetjs();
    const m = await bestOf(
      { sheetjs: ['sheetjs-read', { paths: files.paths }], e2e: ['regional-ingest', { paths: files.paths }] },
      o,
    );
    const e2e = m.e2e!,
      ref = m.sheetjs!;
    raw.regional = { files, e2e, sheetjs: ref };
    rows.push({
      group: G,
      workload: `${workload}, ${fmtNum(files.rows)} rows`,
      value: `${sec(e2e.ms)}, ${fmtNum(e2e.rows)} rows loaded (${e2e.status}), peak RSS ${mb(e2e.rssMb)}`,
      reference: `SheetJS ${SHEETJS_VERSION} read (dense): ${sec(ref.ms)}, ${fmtNum(ref.rows)} rows, ${mb(ref.rssMb)}`,
      ratio: fmtRatio(e2e.ms / ref.ms),
      target: '≤ 0.5× SheetJS read',
      pass: e2e.status === 'loaded' && e2e.rows === files.rows && e2e.ms <= 0.5 * ref.ms,
    });
  } catch (e) {
    failed(G, workload, '≤ 0.5× SheetJS read', e);
  }
}

async function xlsxVariant(o: Opts, n: number, label: string, path: string): Promise<void> {
  const G = 'xlsx';
  // With default limits first (what a user gets); should the book be refused, again with the limits lifted to
  // measure the reader anyway (the exceljs fallback refuses books over ORIENTIR_XLSX_MAX_CELLS).
  const dflt = await child<IngestMeasure>('ingest-e2e', { path }, o);
  log(
    `  ${label}: e2e with default limits: ${dflt.status}${dflt.status === 'loaded' ? '' : `: ${(dflt.message ?? '').slice(0, 160)}`}`,
  );
  const lifted =
    dflt.status === 'loaded'
      ? undefined
      : { ORIENTIR_XLSX_MAX_CELLS: '100000000', ORIENTIR_XLSX_MAX_PART_MB: '4096', ORIENTIR_XLSX_MAX_TOTAL_MB: '8192' };
  const m = await bestOf(
    {
      exceljs: ['xlsx-exceljs-stream', { path }],
      floor: ['xlsx-floor', { path }],
      read: ['ingest-e2e', { path, readOnly: true }, lifted],
      e2e: ['ingest-e2e', { path }, lifted],
    },
    o,
  );
  const e2e = m.e2e!,
    ex = m.exceljs!,
    fl = m.floor!,
    rd = m.read!;
  ((raw.xlsx ??= {}) as Record<string, unknown>)[label] = {
    rows: n,
    path,
    defaultLimits: dflt,
    liftedLimits: lifted ?? null,
    e2e,
    read: rd,
    exceljs: ex,
    floor: fl,
  };
  const w = `xlsx (${label})`;
  if (lifted) {
    rows.push({
      group: G,
      workload: `${w} ingest, ${fmtNum(n)} rows, default limits`,
      value: `${dflt.status}: ${(dflt.message ?? '').replace(/^.*?слишком большой для загрузки: /, '').slice(0, 80)}`,
      reference: '—',
      ratio: '—',
      target: 'loaded',
      pass: false,
    });
  }
  const rate = (x: IngestMeasure) => `${fmtNum(n / (x.ms / 1000))} rows/s`;
  const ok = e2e.status === 'loaded' && e2e.rows === n;
  const limits = lifted ? ' (limits lifted)' : '';
  // Issue #17: a user waits for the whole ingest; the product's own reader is the reference, so the write and the
  // format's checks may add at most half of what reading takes.
  rows.push({
    group: G,
    workload: `${w} ingest e2e, ${fmtNum(n)} rows${limits} (vs the reader alone)`,
    value: `${rate(e2e)} (${sec(e2e.ms)})`,
    reference: `reader alone (${String(rd.extra?.reader ?? '?')}): ${sec(rd.ms)}`,
    ratio: `${fmtRatio(e2e.ms / rd.ms)} time`,
    target: '≤ 1.5× reader',
    pass: ok && e2e.ms / rd.ms <= 1.5,
  });
  if (e2e.phases) {
    const p = e2e.phases;
    // The issue's parenthesis: the write is no slower than reading and parsing.
    rows.push({
      group: G,
      workload: `${w} e2e phases: open / parse / write`,
      value: `${sec(p.openMs)} / ${sec(p.parseMs)} / ${sec(p.writeMs)}`,
      reference: `open + parse: ${sec(p.openMs + p.parseMs)}`,
      ratio: `${fmtRatio(p.writeMs / (p.openMs + p.parseMs))} write`,
      target: 'write ≤ open + parse',
      pass: ok && p.writeMs <= p.openMs + p.parseMs,
    });
  }
  rows.push({
    group: G,
    workload: `${w} peak RSS: e2e`,
    value: mb(e2e.rssMb),
    reference: `reader alone: ${mb(rd.rssMb)}; exceljs stream: ${mb(ex.rssMb)}`,
    ratio: fmtRatio(e2e.rssMb / ex.rssMb),
    target: '≤ 400 MB',
    pass: ok && e2e.rssMb <= 400,
  });
  info(
    G,
    `${w} ingest e2e (vs exceljs stream)`,
    rate(e2e),
    `exceljs stream: ${rate(ex)} (${sec(ex.ms)})`,
    `${fmtRatio(e2e.ms / ex.ms)} time`,
  );
  info(
    G,
    `${w} reader alone: guard + all rows (${String(rd.extra?.reader ?? '?')})`,
    `${rate(rd)} (${sec(rd.ms)})`,
    `floor (inflate + count <row): ${sec(fl.ms)}; exceljs stream: ${sec(ex.ms)}`,
    `${fmtRatio(rd.ms / fl.ms)} floor, ${fmtRatio(rd.ms / ex.ms)} exceljs`,
  );
  if (!ok) log(`xlsx e2e (${label}): status ${e2e.status}, ${e2e.rows} rows loaded: ${e2e.message}`);
}

export async function csv(o: Opts): Promise<void> {
  const n = o.quick ? 200_000 : 1_000_000;
  const G = 'csv';
  try {
    log(`csv: journal ведомость, ${fmtNum(n)} rows, CP1251 (generating once into bench/.cache/)`);
    const f = await child<CsvFiles>('gen-csv', { rows: n }, o);
    const m = await bestOf(
      { duckdb: ['duckdb-read-csv', { path: f.utf8 }], e2e: ['ingest-e2e', { path: f.cp1251 }] },
      o,
    );
    const e2e = m.e2e!,
      dd = m.duckdb!;
    raw.csv = { rows: n, files: f, e2e, duckdb: dd };
    const rate = (x: IngestMeasure) => n / (x.ms / 1000);
    const ok = e2e.status === 'loaded' && e2e.rows === n;
    rows.push({
      group: G,
      workload: `csv ingest e2e, ${fmtNum(n)} rows CP1251 (vs DuckDB read_csv)`,
      value: `${fmtNum(rate(e2e))} rows/s (${sec(e2e.ms)})`,
      reference: `read_csv UTF-8: ${fmtNum(rate(dd))} rows/s (${sec(dd.ms)})`,
      ratio: `${fmtRatio(rate(e2e) / rate(dd))} rows/s`,
      target: '≥ 0.5× rows/s',
      pass: ok && rate(e2e) / rate(dd) >= 0.5,
    });
    const bulk = e2e.extra?.csvWay === 'bulk';
    rows.push({
      group: G,
      workload: 'csv ingest way (ingest/bulk/csv.ts)',
      value: String(e2e.extra?.csvWay ?? '?'),
      reference: '—',
      ratio: '—',
      target: 'bulk',
      pass: bulk,
    });
    if (e2e.phases) {
      const p = e2e.phases;
      info(
        G,
        bulk
          ? 'csv e2e phases: head+detect / copy+DuckDB staging / write'
          : 'csv e2e phases: decode+split / parse / write',
        `${sec(p.openMs)} / ${sec(p.parseMs)} / ${sec(p.writeMs)}`,
        `read_csv: ${sec(dd.ms)}`,
      );
    }
    rows.push({
      group: G,
      workload: 'csv ingest e2e peak RSS',
      value: mb(e2e.rssMb),
      reference: `read_csv: ${mb(dd.rssMb)}`,
      ratio: fmtRatio(e2e.rssMb / dd.rssMb),
      target: '< 300 MB',
      pass: e2e.rssMb < 300,
    });
    if (!ok) log(`csv e2e: status ${e2e.status}, ${e2e.rows} rows loaded: ${e2e.message}`);
  } catch (e) {
    failed(G, 'csv ingest', '≥ 0.5× rows/s', e);
  }
}
