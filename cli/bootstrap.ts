// The demo municipality, generated in the real source layouts and loaded through the ordinary ingest path, then
// built; demo logins (published password) are created for the committee and each school. Only a NEW store (no
// users and no uploads of any status) gets it by itself, or a store without real users and real files on explicit
// `--demo`; it never goes beside real users. An interrupted demo load (settings `demo_pending`) is resumed.
// `--no-demo` (ORIENTIR_DEMO=0) is a working store: never a demo, and a store that holds the demo is refused. A store
// that holds the demo takes no other files — not from the CLI (commands.ts), the web upload or the inbox (the guard is
// store/demo-guard.ts, below all of them): real data go to a store of their own.
// Two phases so the server can answer (and users can log in) while the data is still loading.
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { DemoStep } from '../dashboard/routes/startup.js';
import { DEFAULT_DB, loadJobSettings } from '../domain/job-settings.js';
import { expandPaths, ingestPaths } from '../ingest/index.js';
import type { Store } from '../store/db.js';
import {
  DEMO_PENDING_KEY,
  demoInStore,
  demoStoreCheck,
  isWorkStore,
  markWorkStore,
  pendingDemo,
  WORK_STORE,
} from '../store/demo-guard.js';
import { serialize } from '../store/queue.js';
import { addUser, usersWithPassword } from '../store/users.js';
import { build } from '../transforms/runner.js';
import { UsageError } from './args.js';

export { demoInStore, isWorkStore, pendingDemo };

export const DEMO_PASSWORD = 'orientir-demo';
export const DEMO_COMMITTEE = 'komitet';

interface Counts {
  users: number;
  uploads: number;
  realUploads: number;
  loaded: number;
}

async function counts(store: Store): Promise<Counts> {
  const r = (
    await store.conn.runAndReadAll(`SELECT (SELECT count(*) FROM users), count(*), count(*) FILTER (WHERE channel <> 'demo'),
    count(*) FILTER (WHERE status = 'loaded') FROM uploads`)
  ).getRows()[0]!;
  return { users: Number(r[0]), uploads: Number(r[1]), realUploads: Number(r[2]), loaded: Number(r[3]) };
}

export type DemoDecision =
  | { action: 'create'; reason: 'new' | 'explicit' }
  | { action: 'resume'; files: string[] }
  | { action: 'none'; noUsers: boolean; noData: boolean }
  | { action: 'refuse'; message: string };

/** A command as the user types it; `--db` when the store is not the default `data/orientir.duckdb`. */
export function cliHint(args: string, dbPath: string): string {
  const quoted = /^[\p{L}\p{N}_./@:+-]+$/u.test(dbPath) ? dbPath : `'${dbPath.replace(/'/g, `'\\''`)}'`;
  return `npx orientir ${args}${dbPath === ':memory:' || dbPath === resolve(DEFAULT_DB) ? '' : ` --db ${quoted}`}`;
}

/** Why `start --no-demo` refuses a store that holds the demo. */
export const demoStoreRefused = (path: string): string =>
  `В хранилище ${path} демонстрационные данные, а --no-demo (ORIENTIR_DEMO=0) запускает только рабочее хранилище: ` +
  `настоящие данные с демо не смешиваются. ${WORK_STORE}`;

/**
 * Of the files `paths` expand to, those that are not demo files already in the store, when the store holds the demo
 * ([] for a store without the demo). Loading a demo file again is a duplicate and changes nothing.
 */
export async function foreignToDemo(store: Store, paths: string[]): Promise<string[]> {
  const foreign = await demoStoreCheck(store);
  return foreign ? expandPaths(paths).filter((f) => foreign(readFileSync(f))) : [];
}

/** Why the CLI does not load `files` into a demo store. */
export const demoStoreIngestRefused = (path: string, files: string[]): string =>
  `В хранилище ${path} демонстрационные данные; настоящие файлы в него не загружаются, чтобы не смешать их с демо ` +
  `(не из демо: ${files.slice(0, 3).join(', ')}${files.length > 3 ? ` и ещё ${files.length - 3}` : ''}). Ничего не загружено. ${WORK_STORE}`;

/**
 * What the server does about the demo at start. `explicit` is `orientir serve --demo`, `off` is `--no-demo`
 * (ORIENTIR_DEMO=0). Real users are the logins whose password is not the published demo password (checked only on
 * --demo: one scrypt per user).
 */
export async function demoDecision(store: Store, o: { explicit?: boolean; off?: boolean } = {}): Promise<DemoDecision> {
  if (o.off) {
    if (await demoInStore(store)) return { action: 'refuse', message: demoStoreRefused(store.path) };
    const c = await counts(store);
    return { action: 'none', noUsers: c.users === 0, noData: c.loaded === 0 };
  }
  const files = await pendingDemo(store);
  if (files) return { action: 'resume', files };
  const c = await counts(store);
  if (await isWorkStore(store)) {
    if (!o.explicit) return { action: 'none', noUsers: c.users === 0, noData: c.loaded === 0 };
    return {
      action: 'refuse',
      message:
        `Хранилище ${store.path} — рабочее (запускалось с --no-demo): демонстрационные данные в него не добавляются. ` +
        'Для демо запустите с отдельным хранилищем: orientir serve --demo --db data/demo.duckdb',
    };
  }
  if (c.users === 0 && c.uploads === 0) return { action: 'create', reason: 'new' };
  if (!o.explicit) return { action: 'none', noUsers: c.users === 0, noData: c.loaded === 0 };
  const demoLogins = new Set(c.users > 0 ? await usersWithPassword(store, DEMO_PASSWORD) : []);
  const real = (await store.conn.runAndReadAll('SELECT login FROM users ORDER BY login'))
    .getRows()
    .map((r) => String(r[0]))
    .filter((l) => !demoLogins.has(l));
  if (real.length > 0) {
    const shown = real.slice(0, 5).join(', ') + (real.length > 5 ? ` и ещё ${real.length - 5}` : '');
    return {
      action: 'refuse',
      message:
        `Демонстрационные данные и входы не создаются рядом с настоящими пользователями (в хранилище: ${shown}). ` +
        'Для демо запустите с отдельным хранилищем: orientir serve --demo --db data/demo.duckdb',
    };
  }
  if (c.realUploads > 0) {
    return {
      action: 'refuse',
      message:
        `Демонстрационные данные не смешиваются с настоящими: в хранилище есть загруженные файлы (${c.realUploads}). ` +
        'Для демо запустите с отдельным хранилищем: orientir serve --demo --db data/demo.duckdb',
    };
  }
  return { action: 'create', reason: 'explicit' };
}

/**
 * What the server does about the demo at start, without the slow part: a refusal is a UsageError (exit code 2);
 * for a store without data or users the hints are printed (the exact command that creates the first committee
 * login). `create` — the demo is to be generated (prepareDemo), `resume` — the files of an interrupted load.
 */
export async function planDemo(
  store: Store,
  o: { explicit?: boolean; off?: boolean; log?: (s: string) => void; inbox?: string } = {},
): Promise<{ create: boolean; resume: string[] | null; noData: boolean }> {
  const log = o.log ?? (() => {});
  const d = await demoDecision(store, o);
  if (d.action === 'refuse') throw new UsageError(d.message);
  if (d.action === 'create') return { create: true, resume: null, noData: true };
  if (d.action === 'resume') return { create: false, resume: d.files, noData: true };
  if (o.off) await serialize(() => markWorkStore(store));
  if (d.noUsers) {
    log(
      'В хранилище нет пользователей. Создайте первый вход комитета командой (сервер останавливать не нужно; пароль не короче ' +
        `8 символов спросят с клавиатуры или возьмут из ORIENTIR_PASSWORD):\n  ${cliHint('users add admin --role committee', store.path)}`,
    );
  }
  if (d.noData) {
    log(
      `В хранилище нет загруженных данных; панель запущена пустой. Загрузите файлы (сначала реестр ОО): страница «Загрузки» (/uploads) под входом комитета, ` +
        `папка входящих ${o.inbox ?? loadJobSettings(process.env, store.path).inbox} (забирается каждые 5 минут) или ${cliHint('ingest <файлы|папки>', store.path)}, ` +
        `затем ${cliHint('build', store.path)}.`,
    );
  }
  return { create: false, resume: null, noData: d.noData };
}

/**
 * planDemo, then the demo users created when it should (prepareDemo). Returns what is left to load.
 */
export async function demoAtStart(
  store: Store,
  dir: string,
  o: { explicit?: boolean; off?: boolean; log?: (s: string) => void; inbox?: string } = {},
): Promise<{ demo: PreparedDemo | null; resume: string[] | null }> {
  const plan = await planDemo(store, o);
  if (plan.create) return { demo: await prepareDemo(store, dir, o.log), resume: null };
  return { demo: null, resume: plan.resume };
}

export interface DemoLogins {
  committee: string;
  schools: { login: string; schoolCode: string; name: string }[];
  password: string;
}
export interface PreparedDemo {
  logins: DemoLogins;
  files: string[];
}

/** Phase 1 (seconds): generate the source files and create the demo users. */
export async function prepareDemo(
  store: Store,
  dir: string,
  log: (s: string) => void = () => {},
  seed = 42,
): Promise<PreparedDemo> {
  const { generateDemo } = await import('../demo/index.js');
  log('Создаю демонстрационный муниципалитет…');
  const demo = await generateDemo({ outDir: join(dir, 'demo'), seed });
  const schools: DemoLogins['schools'] = demo.schools.map((s) => ({
    login: `school-${s.school_code}`,
    schoolCode: s.school_code,
    name: s.name,
  }));
  // Through the write queue: the server may already be answering (and its jobs writing) while this runs.
  await serialize(async () => {
    await addUser(store, DEMO_COMMITTEE, 'committee', null, DEMO_PASSWORD, 'demo');
    for (const s of schools) await addUser(store, s.login, 'school', s.schoolCode, DEMO_PASSWORD, 'demo');
    // Remembered until loaded, so a restart in the middle resumes (ingest is idempotent).
    await store.conn.run(`INSERT OR REPLACE INTO settings VALUES ('${DEMO_PENDING_KEY}', $f)`, {
      f: JSON.stringify(demo.files),
    });
  });
  return { logins: { committee: DEMO_COMMITTEE, schools, password: DEMO_PASSWORD }, files: demo.files };
}

/** Phase 2 (a minute or two): ingest the files through the real path and build the marts; `step` follows it. */
export async function loadDemo(
  store: Store,
  files: string[],
  log: (s: string) => void = () => {},
  step: (s: DemoStep) => void = () => {},
): Promise<void> {
  const reports = await ingestPaths(store, files, 'demo', 'demo', (_f, i, n) => {
    step({ step: 'files', done: i, total: n });
    if (i % 20 === 0 || i === n - 1) log(`Загрузка демо-файлов: ${i + 1} из ${n}`);
  });
  const rejected = reports.filter((r) => r.status === 'rejected');
  if (rejected.length > 0)
    log(
      `Внимание: отклонено файлов демо: ${rejected.length} (${rejected.map((r) => r.fileName + ': ' + r.message).join('; ')})`,
    );
  step({ step: 'build' });
  const b = await serialize(async () => {
    const r = await build(store);
    await store.conn.run(`DELETE FROM settings WHERE key = '${DEMO_PENDING_KEY}'`);
    return r;
  });
  log(b.ok ? 'Демо-данные загружены, витрины собраны.' : b.failures.join('\n'));
  step({ step: 'done' });
}

export async function bootstrapDemo(
  store: Store,
  dir: string,
  log: (s: string) => void = () => {},
  seed = 42,
): Promise<DemoLogins> {
  const p = await prepareDemo(store, dir, log, seed);
  await loadDemo(store, p.files, log);
  return p.logins;
}
