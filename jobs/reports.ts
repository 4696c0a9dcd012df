// Reports job: the municipal risk list and one «аналитическая справка» per school as formatted xlsx in
// reports/YYYY-MM-DD/, plus a change digest of the attention zones since the previous report.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Store } from '../store/db.js';
import { datasetRows, workbookBuffer, type Value } from '../transforms/export.js';

interface Snapshot { date: string; zones: string[] } // 'school_code|flag'

export async function runReports(store: Store, root: string, now = new Date()): Promise<{ dir: string; schools: number; entered: string[]; left: string[] }> {
  const date = now.toISOString().slice(0, 10);
  const dir = join(root, date);
  mkdirSync(dir, { recursive: true });
  const flags = await datasetRows(store, 'flags', null);
  const latest = flags.rows.reduce<string>((m, r) => (String(r[1]) > m ? String(r[1]) : m), '');
  const current = flags.rows.filter((r) => r[1] === latest);
  writeFileSync(join(dir, `Перечень зон внимания ${latest.replace('/', '-')}.xlsx`), await workbookBuffer([{ title: 'Зоны внимания и сигналы', columns: flags.columns, rows: current }]));

  const schools = (await store.conn.runAndReadAll('SELECT school_code, short_name FROM schools ORDER BY school_code')).getRows();
  for (const [code, name] of schools) {
    const sheets = [];
    for (const [ds, title] of [['school-metrics', 'Показатели'], ['objectivity', 'ВПР и журнал'], ['flags', 'Признаки'], ['risk-profile', 'Рисковый профиль'], ['targets', 'Целевые показатели']] as const) {
      const t = await datasetRows(store, ds, String(code));
      sheets.push({ title, columns: t.columns, rows: t.rows.filter((r) => r[0] === code) as Value[][] });
    }
    const safe = String(name).replace(/[\\/:*?"<>|]/g, '_');
    writeFileSync(join(dir, `Справка ${code} ${safe}.xlsx`), await workbookBuffer(sheets));
  }

  const snapPath = join(root, 'zones-snapshot.json');
  const zones = current.filter((r) => r[3] === 'зона внимания').map((r) => `${r[0]}|${r[2]}`).sort();
  const prev: Snapshot | null = existsSync(snapPath) ? JSON.parse(readFileSync(snapPath, 'utf8')) : null;
  const entered = prev ? zones.filter((z) => !prev.zones.includes(z)) : zones;
  const left = prev ? prev.zones.filter((z) => !zones.includes(z)) : [];
  const lines = [`Изменения зон внимания на ${date}${prev ? ` по сравнению с отчётом от ${prev.date}` : ' (первый отчёт)'}:`,
    ...(entered.length ? entered.map((z) => `  + ${z.replace('|', ': ')}`) : ['  новых зон внимания нет']),
    ...(left.length ? left.map((z) => `  − ${z.replace('|', ': ')}`) : ['  вышедших из зон внимания нет'])];
  writeFileSync(join(dir, 'Изменения.txt'), lines.join('\n') + '\n');
  writeFileSync(snapPath, JSON.stringify({ date, zones } satisfies Snapshot));
  return { dir, schools: schools.length, entered, left };
}
