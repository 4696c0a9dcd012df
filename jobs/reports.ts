// Reports job: the municipal risk list, the programmes report for meetings (when any school has a programme) and
// one «аналитическая справка» per school as formatted xlsx in reports/YYYY-MM-DD/, plus a change digest of the
// attention zones since the previous report.
// A справка is named «Справка <код> <краткое или полное наименование>.xlsx», cut to 200 bytes of UTF-8 (Linux allows
// 255 per name; an official name can be longer), unique within the folder. One school failing never stops the
// others: its failure is returned in `failed` and named in the digest; the digest and the snapshot are always written.
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join, sep } from 'node:path';
import type { Store } from '../store/db.js';
import { datasetRows, type Value, workbookBuffer } from '../transforms/export.js';
import { localDate } from './dates.js';
import { fitName } from './inbox.js';

interface Snapshot {
  date: string;
  year?: string;
  zones: string[];
} // zones: 'school_code|flag'

export const DIGEST_FILE = 'Изменения.txt';
export const PROGRAMMES_FILE = 'Программы поддержки ОО.xlsx';
export const SNAPSHOT_FILE = 'zones-snapshot.json';
const ZONE = 'зона внимания';

const safeName = (s: string) => s.replace(/[\\/:*?"<>|\r\n\t]/g, '_').trim();

/** «<base>.xlsx» within 200 bytes, not yet used in this folder (compared case-insensitively, as on a Windows share). */
function uniqueName(used: Set<string>, base: string): string {
  for (let i = 1; ; i++) {
    const suffix = i === 1 ? '' : ` (${i})`; // kept whole: the cut falls in the name before it
    const name = fitName(`${base}.xlsx`, 200 - Buffer.byteLength(suffix)).replace(/\.xlsx$/, `${suffix}.xlsx`);
    if (!used.has(name.toLowerCase())) {
      used.add(name.toLowerCase());
      return name;
    }
  }
}

function readSnapshot(path: string): Snapshot | null {
  if (!existsSync(path)) return null;
  try {
    const s = JSON.parse(readFileSync(path, 'utf8')) as Snapshot;
    return typeof s.date === 'string' && Array.isArray(s.zones) ? s : null;
  } catch {
    return null; // a damaged snapshot must not stop every later report: the digest starts over
  }
}

/** Written via a temporary file: a crash mid-write leaves the previous snapshot intact. */
function writeAtomic(path: string, text: string): void {
  writeFileSync(`${path}.tmp`, text);
  renameSync(`${path}.tmp`, path);
}

export interface ReportsResult {
  dir: string;
  /** Справки written. */
  schools: number;
  entered: string[];
  left: string[];
  /** Schools whose справка could not be written, with the reason. */
  failed: { code: string; message: string }[];
}

/** Writers of workbooks that also live elsewhere (the programmes report is the one the dashboard serves); the
 * process root passes them in, so jobs never import the dashboard. */
export interface ReportWriters {
  programmes?: (conn: Store['conn']) => Promise<Buffer>;
}

/** Index of a dataset's column by name: an export that renames a column fails here instead of reading the wrong one. */
function column(t: { columns: string[] }, name: string): number {
  const i = t.columns.indexOf(name);
  if (i < 0) throw new Error(`В выгрузке нет столбца «${name}» (есть: ${t.columns.join(', ')}).`);
  return i;
}

export async function runReports(
  store: Store,
  root: string,
  now = new Date(),
  timeZone = 'Europe/Moscow',
  writers: ReportWriters = {},
): Promise<ReportsResult> {
  const date = localDate(now, timeZone);
  const dir = join(root, date);
  mkdirSync(dir, { recursive: true });
  const flags = await datasetRows(store, 'flags', null);
  const [fCode, fYear, fFlag, fLevel] = ['school_code', 'school_year', 'flag', 'flag_level'].map((c) =>
    column(flags, c),
  ) as [number, number, number, number];
  const latest =
    flags.rows
      .map((r) => String(r[fYear]))
      .sort()
      .at(-1) ?? '';
  const current = flags.rows.filter((r) => r[fYear] === latest);
  const listName = latest ? `Перечень зон внимания ${latest.replace('/', '-')}.xlsx` : 'Перечень зон внимания.xlsx';
  writeFileSync(
    join(dir, listName),
    await workbookBuffer([{ title: 'Зоны внимания и сигналы', columns: flags.columns, rows: current }]),
  );
  // The same workbook the committee downloads from /programmes (one writer for both).
  // A store last built by an older version has no stg_programmes yet: then there is no such report.
  const hasView =
    (await store.conn.runAndReadAll(`SELECT 1 FROM duckdb_views() WHERE view_name = 'stg_programmes'`)).getRows()
      .length > 0;
  const programmes = hasView
    ? Number((await store.conn.runAndReadAll('SELECT count(*) FROM stg_programmes')).getRows()[0]![0])
    : 0;
  if (programmes > 0 && writers.programmes)
    writeFileSync(join(dir, PROGRAMMES_FILE), await writers.programmes(store.conn));

  const schools = (
    await store.conn.runAndReadAll('SELECT school_code, coalesce(short_name, name) FROM schools ORDER BY school_code')
  ).getRows();
  const names = new Map(schools.map(([code, name]) => [String(code), String(name)]));
  const used = new Set<string>();
  const failed: ReportsResult['failed'] = [];
  for (const [code, name] of schools) {
    try {
      const sheets = [];
      for (const [ds, title] of [
        ['school-metrics', 'Показатели'],
        ['objectivity', 'ВПР и журнал'],
        ['flags', 'Признаки'],
        ['risk-profile', 'Рисковый профиль'],
        ['targets', 'Целевые показатели'],
      ] as const) {
        const t = await datasetRows(store, ds, String(code));
        const c = column(t, 'school_code');
        sheets.push({ title, columns: t.columns, rows: t.rows.filter((r) => r[c] === code) as Value[][] });
      }
      writeFileSync(
        join(dir, uniqueName(used, `Справка ${safeName(String(code))} ${safeName(String(name))}`)),
        await workbookBuffer(sheets),
      );
    } catch (e) {
      failed.push({
        code: String(code),
        message: (e instanceof Error ? e.message : String(e)).replaceAll(`${dir}${sep}`, ''),
      });
    }
  }

  const snapPath = join(root, SNAPSHOT_FILE);
  const zones = [...new Set(current.filter((r) => r[fLevel] === ZONE).map((r) => `${r[fCode]}|${r[fFlag]}`))].sort();
  const prev = readSnapshot(snapPath);
  const entered = prev ? zones.filter((z) => !prev.zones.includes(z)) : zones;
  const left = prev ? prev.zones.filter((z) => !zones.includes(z)) : [];
  const line = (sign: string, z: string) => {
    const [code = '', flag = ''] = z.split('|');
    return `  ${sign} ${code}${names.has(code) ? ` ${names.get(code)}` : ''}: ${flag}`;
  };
  const lines = [
    `Изменения зон внимания на ${date}${prev ? ` по сравнению с отчётом от ${prev.date}` : ' (первый отчёт)'}${latest ? `, учебный год ${latest}` : ''}:`,
    `Вошли в зону внимания (${entered.length}):`,
    ...(entered.length ? entered.map((z) => line('+', z)) : ['  нет']),
    `Вышли из зоны внимания (${left.length}):`,
    ...(left.length ? left.map((z) => line('−', z)) : ['  нет']),
    `Всего в зоне внимания: ${zones.length}.`,
    ...(prev?.year && prev.year !== latest
      ? [
          `Внимание: прошлый отчёт был по ${prev.year} учебному году, этот — по ${latest}; изменения отражают и смену года.`,
        ]
      : []),
    ...(failed.length
      ? [
          `Не удалось сформировать справки (${failed.length} из ${schools.length}):`,
          ...failed.map((x) => `  ${x.code}${names.has(x.code) ? ` ${names.get(x.code)}` : ''}: ${x.message}`),
        ]
      : []),
  ];
  writeFileSync(join(dir, DIGEST_FILE), lines.join('\n') + '\n');
  writeAtomic(snapPath, JSON.stringify({ date, year: latest, zones } satisfies Snapshot));
  return { dir, schools: schools.length - failed.length, entered, left, failed };
}
