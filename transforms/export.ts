// Exports of the marts — a public interface: stable column names, CSV for Russian Excel (UTF-8 BOM, ';', decimal
// comma, formula-looking cells neutralised), formatted xlsx with Russian headers, typed Parquet (shares as fractions).

import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { extname } from 'node:path';
import { fileURLToPath } from 'node:url';
import ExcelJS from 'exceljs';
import type { Store } from '../store/db.js';
import { sqlString } from '../store/seed.js';
import { SHADOW } from './shadow-build.js';

const DIR = fileURLToPath(new URL('./exports/', import.meta.url));
export const DATASETS = [
  'school-metrics',
  'objectivity',
  'index',
  'flags',
  'risk-profile',
  'targets',
  'pupils-at-risk',
] as const;
export type Dataset = (typeof DATASETS)[number];
const CAPTIONS = JSON.parse(readFileSync(DIR + 'captions.json', 'utf8')) as Record<string, string>;

export function datasetSql(dataset: Dataset, schoolCode: string | null): string {
  const sql = readFileSync(DIR + `${dataset}.sql`, 'utf8').trim();
  if (schoolCode === null) return sql;
  // A school head sees their own school's rows; municipality/region benchmark rows have no school code. The order
  // is applied outside the filter: an ORDER BY inside a subquery does not order what the outer query returns.
  const [, body = sql, order = ''] = /^([\s\S]*?)\s+(ORDER BY [\s\S]+)$/i.exec(sql) ?? [];
  return `SELECT * FROM (${body}) WHERE school_code = ${sqlString(schoolCode)} OR school_code IS NULL ${order}`.trim();
}

export type Value = string | number | boolean | null;
export async function datasetRows(
  store: Store,
  dataset: Dataset,
  schoolCode: string | null,
): Promise<{ columns: string[]; rows: Value[][] }> {
  const r = await store.conn.runAndReadAll(datasetSql(dataset, schoolCode));
  const columns = r.columnNames();
  const rows = r
    .getRows()
    .map((row) =>
      row.map((v) =>
        typeof v === 'bigint'
          ? Number(v)
          : v === null || typeof v === 'number' || typeof v === 'boolean' || typeof v === 'string'
            ? v
            : String(v),
      ),
    );
  return { columns, rows };
}

/** Spreadsheet injection guard: text starting with = + - @ (or tab/CR) is prefixed with an apostrophe. */
export function neutralise(v: Value): Value {
  return typeof v === 'string' && /^[=+\-@\t\r]/.test(v) ? `'${v}` : v;
}

function csvCell(v: Value): string {
  if (v === null) return '';
  if (typeof v === 'boolean') return v ? 'да' : 'нет';
  if (typeof v === 'number') return String(Math.round(v * 1e9) / 1e9).replace('.', ',');
  const s = String(neutralise(v));
  return /[;"\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

export function toCsv(columns: string[], rows: Value[][]): Buffer {
  const lines = [columns.join(';'), ...rows.map((r) => r.map(csvCell).join(';'))];
  return Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(lines.join('\r\n') + '\r\n', 'utf8')]);
}

export async function toXlsx(title: string, columns: string[], rows: Value[][]): Promise<Buffer> {
  return workbookBuffer([{ title, columns, rows }]);
}

/** A formatted workbook with one sheet per table (Russian headers, frozen header row, filters, % formats). */
export async function workbookBuffer(sheets: { title: string; columns: string[]; rows: Value[][] }[]): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  wb.creator = 'Ориентир';
  for (const s of sheets) addSheet(wb, s.title, s.columns, s.rows);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

function addSheet(wb: ExcelJS.Workbook, title: string, columns: string[], rows: Value[][]): void {
  const ws = wb.addWorksheet(title.slice(0, 31));
  ws.addRow(columns.map((c) => CAPTIONS[c] ?? c));
  ws.getRow(1).font = { bold: true };
  ws.views = [{ state: 'frozen', ySplit: 1 }];
  for (const r of rows) ws.addRow(r.map((v) => (typeof v === 'boolean' ? (v ? 'да' : 'нет') : neutralise(v))));
  columns.forEach((c, i) => {
    const col = ws.getColumn(i + 1);
    col.width = Math.min(60, Math.max(10, (CAPTIONS[c] ?? c).length + 2));
    if (/^(ku|ou|sou|share_|p_|ior_pct|vpr_ku|vpr_fail|oge_pct|oge_fail|ege_fail|g2|pct)/.test(c)) col.numFmt = '0.0%';
    else if (/^(mean_|ior|ni|kappa|block_|value|actual|planned|baseline|gap)/.test(c)) col.numFmt = '0.00';
  });
  if (columns.length > 0) ws.autoFilter = { from: { row: 1, column: 1 }, to: { row: 1, column: columns.length } };
}

export async function exportDataset(
  store: Store,
  dataset: Dataset,
  out: string,
  schoolCode: string | null = null,
): Promise<number> {
  const ext = extname(out).toLowerCase();
  if (ext === '.parquet') {
    const n = Number(
      (await store.conn.runAndReadAll(`SELECT count(*) FROM (${datasetSql(dataset, schoolCode)})`)).getRows()[0]![0],
    );
    await store.conn.run(`COPY (${datasetSql(dataset, schoolCode)}) TO ${sqlString(out)} (FORMAT parquet)`);
    return n;
  }
  const { columns, rows } = await datasetRows(store, dataset, schoolCode);
  if (ext === '.csv') writeFileSync(out, toCsv(columns, rows));
  else if (ext === '.xlsx') writeFileSync(out, await toXlsx(dataset, columns, rows));
  else throw new Error(`Неизвестный формат выгрузки «${ext}»: используйте .csv, .xlsx или .parquet.`);
  return rows.length;
}

/** Every staging and mart relation as Parquet partitioned by school_year (Hive layout), for engines beyond one machine. */
export async function exportLake(store: Store, dir: string): Promise<{ relation: string; rows: number }[]> {
  const rels = (
    await store.conn.runAndReadAll(
      // Not the shadow tables of a build under way or stopped (shadow-build.ts).
      `SELECT table_name FROM information_schema.tables WHERE table_schema = 'main'
       AND regexp_matches(table_name, '^(stg|int|mart)_') AND NOT suffix(table_name, '${SHADOW}') ORDER BY 1`,
    )
  )
    .getRows()
    .map((r) => String(r[0]));
  const out: { relation: string; rows: number }[] = [];
  mkdirSync(dir, { recursive: true });
  for (const rel of rels) {
    const cols = (
      await store.conn.runAndReadAll(`SELECT column_name FROM information_schema.columns WHERE table_name = $t`, {
        t: rel,
      })
    )
      .getRows()
      .map((r) => String(r[0]));
    const rows = Number((await store.conn.runAndReadAll(`SELECT count(*) FROM ${rel}`)).getRows()[0]![0]);
    const target = sqlString(`${dir}/${rel}`);
    const opts = cols.includes('school_year')
      ? 'FORMAT parquet, PARTITION_BY (school_year), OVERWRITE_OR_IGNORE'
      : 'FORMAT parquet';
    await store.conn.run(
      `COPY (SELECT * FROM ${rel}) TO ${cols.includes('school_year') ? target : sqlString(`${dir}/${rel}.parquet`)} (${opts})`,
    );
    out.push({ relation: rel, rows });
  }
  return out;
}
