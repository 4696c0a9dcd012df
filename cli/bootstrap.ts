// The embedded default: an empty store gets the demo municipality, generated in the real source layouts and
// loaded through the ordinary ingest path, then built; demo logins are created for the committee and each school.
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

export async function bootstrapDemo(store: Store, dir: string, log: (s: string) => void = () => {}, seed = 42): Promise<DemoLogins> {
  const { generateDemo } = await import('../demo/index.js');
  log('Создаю демонстрационный муниципалитет…');
  const demo = await generateDemo({ outDir: join(dir, 'demo'), seed });
  const reports = await ingestPaths(store, demo.files, 'demo', 'demo', (f, i, n) => log(`Загрузка ${i + 1}/${n}: ${f.split('/').pop()}`));
  const rejected = reports.filter((r) => r.status === 'rejected');
  if (rejected.length > 0) log(`Внимание: отклонено файлов демо: ${rejected.length} (${rejected.map((r) => r.fileName + ': ' + r.message).join('; ')})`);
  const b = await serialize(() => build(store));
  if (!b.ok) log(b.failures.join('\n'));
  await addUser(store, DEMO_COMMITTEE, 'committee', null, DEMO_PASSWORD, 'demo');
  const schools: DemoLogins['schools'] = [];
  for (const s of demo.schools) {
    const login = `school-${s.school_code}`;
    await addUser(store, login, 'school', s.school_code, DEMO_PASSWORD, 'demo');
    schools.push({ login, schoolCode: s.school_code, name: s.name });
  }
  return { committee: DEMO_COMMITTEE, schools, password: DEMO_PASSWORD };
}
