// The embedded default: an empty store gets the demo municipality, generated in the real source layouts and
// loaded through the ordinary ingest path, then built; demo logins are created for the committee and each school.
// Two phases so the server can answer (and users can log in) while the data is still loading.
import { join } from 'node:path';
import type { Store } from '../store/db.js';
import { addUser } from '../store/users.js';
import { ingestPaths } from '../ingest/files.js';
import { build } from '../transforms/runner.js';
import { serialize } from '../store/queue.js';

export const DEMO_PASSWORD = 'orientir-demo';
export const DEMO_COMMITTEE = 'komitet';

export async function storeIsEmpty(store: Store): Promise<boolean> {
  return Number((await store.conn.runAndReadAll(`SELECT count(*) FROM uploads WHERE status = 'loaded'`)).getRows()[0]![0]) === 0;
}

export interface DemoLogins { committee: string; schools: { login: string; schoolCode: string; name: string }[]; password: string }
export interface PreparedDemo { logins: DemoLogins; files: string[] }

/** Phase 1 (seconds): generate the source files and create the demo users. */
export async function prepareDemo(store: Store, dir: string, log: (s: string) => void = () => {}, seed = 42): Promise<PreparedDemo> {
  const { generateDemo } = await import('../demo/index.js');
  log('Создаю демонстрационный муниципалитет…');
  const demo = await generateDemo({ outDir: join(dir, 'demo'), seed });
  await addUser(store, DEMO_COMMITTEE, 'committee', null, DEMO_PASSWORD, 'demo');
  const schools: DemoLogins['schools'] = [];
  for (const s of demo.schools) {
    const login = `school-${s.school_code}`;
    await addUser(store, login, 'school', s.school_code, DEMO_PASSWORD, 'demo');
    schools.push({ login, schoolCode: s.school_code, name: s.name });
  }
  // Remembered until loaded, so a restart in the middle resumes (ingest is idempotent).
  await store.conn.run(`INSERT OR REPLACE INTO settings VALUES ('demo_pending', $f)`, { f: JSON.stringify(demo.files) });
  return { logins: { committee: DEMO_COMMITTEE, schools, password: DEMO_PASSWORD }, files: demo.files };
}

/** Demo files whose loading was interrupted (null when none). */
export async function pendingDemo(store: Store): Promise<string[] | null> {
  const r = (await store.conn.runAndReadAll(`SELECT value FROM settings WHERE key = 'demo_pending'`)).getRows()[0];
  return r ? (JSON.parse(String(r[0])) as string[]) : null;
}

/** Phase 2 (about a minute): ingest the files through the real path and build the marts. */
export async function loadDemo(store: Store, files: string[], log: (s: string) => void = () => {}): Promise<void> {
  const reports = await ingestPaths(store, files, 'demo', 'demo', (f, i, n) => { if (i % 20 === 0 || i === n - 1) log(`Загрузка демо-файлов: ${i + 1} из ${n}`); });
  const rejected = reports.filter((r) => r.status === 'rejected');
  if (rejected.length > 0) log(`Внимание: отклонено файлов демо: ${rejected.length} (${rejected.map((r) => r.fileName + ': ' + r.message).join('; ')})`);
  const b = await serialize(() => build(store));
  await store.conn.run(`DELETE FROM settings WHERE key = 'demo_pending'`);
  log(b.ok ? 'Демо-данные загружены, витрины собраны.' : b.failures.join('\n'));
}

export async function bootstrapDemo(store: Store, dir: string, log: (s: string) => void = () => {}, seed = 42): Promise<DemoLogins> {
  const p = await prepareDemo(store, dir, log, seed);
  await loadDemo(store, p.files, log);
  return p.logins;
}
