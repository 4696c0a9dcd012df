// Commands that work on the store. The same function runs in the CLI process or, when the server owns the
// store, inside the server (the CLI forwards its arguments over loopback HTTP). Exit codes: 0 done, 1 something was
// rejected or the named user does not exist, 2 a usage error.
import { basename, resolve } from 'node:path';
import { loadConfig } from '../domain/methodology.js';
import { formatReport, ingestPaths } from '../ingest/index.js';
import type { Store } from '../store/db.js';
import { serialize } from '../store/queue.js';
import { addUser, listUsers, type Role, removeUser, setPassword, usersWithPassword } from '../store/users.js';
import { DATASETS, type Dataset, exportDataset, exportLake } from '../transforms/export.js';
import { build, buildSummary } from '../transforms/runner.js';
import { type Parsed, UsageError } from './args.js';
import { DEMO_PASSWORD, demoStoreIngestRefused, foreignToDemo } from './bootstrap.js';

export interface Out {
  line(s: string): void;
  progress?(label: string, done: number, total: number): void;
  /** A user's password, role or school changed, or the user was removed: the server ends that login's sessions. */
  usersChanged?(login: string): void;
  /** The command runs inside the server, which rebuilds the marts after every load (jobs/runner.ts). */
  served?: boolean;
}

export const STORE_COMMANDS = new Set(['ingest', 'build', 'export', 'users', 'jobs']);

export async function runStoreCommand(
  p: Parsed,
  store: Store,
  out: Out,
  runJob?: (name: string) => Promise<{ ok: boolean; message: string }>,
): Promise<number> {
  switch (p.command) {
    case 'ingest': {
      if (p.positionals.length === 0) throw new UsageError('Укажите файлы или папки: orientir ingest <файлы|папки…>');
      const paths = p.positionals.map((x) => resolve(x));
      // A store that holds the demo takes nothing else (loading a demo file again is a no-op duplicate).
      const foreign = await foreignToDemo(store, paths);
      if (foreign.length > 0)
        throw new UsageError(
          demoStoreIngestRefused(
            store.path,
            foreign.map((f) => basename(f)),
          ),
        );
      const reports = await ingestPaths(store, paths, 'cli', 'cli', (_f, i, n) =>
        out.progress?.(`Файл ${i + 1} из ${n}`, i, n),
      );
      let bad = 0;
      for (const r of reports) {
        out.line(formatReport(r));
        if (r.status === 'rejected' || r.rowsRejected > 0) bad++;
      }
      const loaded = reports.filter((r) => r.status === 'loaded').length;
      out.line(
        `Итого файлов: ${reports.length}; загружено: ${loaded}; повторных: ${reports.filter((r) => r.status === 'duplicate').length}; отклонено: ${reports.filter((r) => r.status === 'rejected').length}.`,
      );
      if (loaded > 0)
        out.line(
          out.served
            ? 'Сервер пересоберёт витрины сам через несколько секунд (ход — на странице «Задания»).'
            : 'Чтобы обновить витрины, выполните: orientir build (запущенный сервер пересобирает их сам после каждой загрузки).',
        );
      return bad > 0 ? 1 : 0;
    }
    case 'build': {
      const r = await serialize(() => build(store, loadConfig(), { full: p.values.full === true }));
      if (!r.ok) {
        for (const f of r.failures) out.line(f);
        return 1;
      }
      out.line(
        `${buildSummary(r)}: ${Object.entries(r.rows)
          .filter(([m]) => m.startsWith('mart_'))
          .map(([m, n]) => `${m} — ${n}`)
          .join(', ')}.`,
      );
      return 0;
    }
    case 'export': {
      if (p.positionals[0] === 'all') {
        if (typeof p.values.out !== 'string') throw new UsageError('Укажите папку: orientir export all --out ПАПКА');
        const r = await exportLake(store, resolve(p.values.out));
        out.line(
          `Выгружено в Parquet по учебным годам (${resolve(p.values.out)}): ${r.map((x) => `${x.relation} — ${x.rows}`).join(', ')}.`,
        );
        return 0;
      }
      const ds = p.positionals[0] as Dataset | undefined;
      if (!ds || !DATASETS.includes(ds)) throw new UsageError(`Укажите набор: ${DATASETS.join(', ')}.`);
      if (typeof p.values.out !== 'string' || !EXPORT_EXT.test(p.values.out))
        throw new UsageError('Укажите файл: --out ФАЙЛ (.csv, .xlsx или .parquet).');
      const school = typeof p.values.school === 'string' ? p.values.school : null;
      const n = await exportDataset(store, ds, resolve(p.values.out), school);
      out.line(`Выгружено строк: ${n} → ${resolve(p.values.out)}`);
      return 0;
    }
    case 'users':
      return usersCommand(p, store, out);
    case 'jobs': {
      if (p.sub !== 'run' || !p.positionals[0])
        throw new UsageError('orientir jobs run <inbox|rebuild|reports|freshness|backup>');
      if (!runJob) throw new UsageError('Задания выполняются сервером: запустите npm start.');
      const r = await runJob(p.positionals[0]);
      out.line(r.message);
      return r.ok ? 0 : 1;
    }
    default:
      throw new UsageError(`Неизвестная команда «${p.command}».`);
  }
}

const USERS_USAGE =
  'orientir users add <логин> --role committee|school [--school КОД] | users list | users passwd <логин> | users remove <логин> | users remove --demo';

/** The password the CLI sent wins over the server's own environment. */
function passwordOf(p: Parsed): string {
  const password = (p.values as Record<string, unknown>).password ?? process.env.ORIENTIR_PASSWORD;
  if (typeof password !== 'string' || password === '')
    throw new UsageError('Пароль не задан: укажите ORIENTIR_PASSWORD.');
  return password;
}

const EXPORT_EXT = /\.(csv|xlsx|parquet)$/i;
const inRegistry = async (store: Store, code: string): Promise<boolean> =>
  (await store.conn.runAndReadAll('SELECT 1 FROM schools WHERE school_code = $c', { c: code })).getRows().length > 0;

const noSuchUser = (login: string) => new Error(`Пользователя «${login}» нет (список: orientir users list).`);

async function usersCommand(p: Parsed, store: Store, out: Out): Promise<number> {
  const login = p.positionals[0];
  switch (p.sub) {
    case 'add': {
      if (!login) throw new UsageError('orientir users add <логин> --role committee|school [--school КОД]');
      const role = p.values.role;
      if (role !== 'committee' && role !== 'school') throw new UsageError('--role должен быть committee или school.');
      const school = typeof p.values.school === 'string' ? p.values.school : null;
      // A head's login for a school the registry does not have would land on a page that does not exist.
      if (role === 'school' && (school === null || !(await inRegistry(store, school))))
        throw new UsageError(
          school === null
            ? 'Для входа ОО укажите её код: --school КОД.'
            : `ОО с кодом «${school}» нет в реестре: сначала загрузите реестр ОО (orientir ingest <файл реестра>) или проверьте код.`,
        );
      const password = passwordOf(p);
      await serialize(() => addUser(store, login, role as Role, role === 'school' ? school : null, password));
      out.usersChanged?.(login);
      out.line(`Пользователь ${login} (${role === 'committee' ? 'комитет' : 'ОО ' + school}) сохранён.`);
      return 0;
    }
    case 'list': {
      const users = await listUsers(store);
      if (users.length === 0) {
        out.line('Пользователей нет. Добавьте: orientir users add <логин> --role committee');
        return 0;
      }
      const rows = [
        ['Логин', 'Роль', 'ОО', 'Создан'],
        ...users.map((u) => [u.login, u.role, u.schoolCode ?? '—', u.createdAt]),
      ];
      const width = [0, 1, 2].map((i) => Math.max(...rows.map((r) => r[i]!.length)));
      for (const r of rows) out.line(r.map((c, i) => (i < 3 ? c.padEnd(width[i]!) : c)).join('  '));
      out.line(`Всего: ${users.length}.`);
      return 0;
    }
    case 'passwd': {
      if (!login) throw new UsageError('orientir users passwd <логин> (пароль из ORIENTIR_PASSWORD или с клавиатуры)');
      const password = passwordOf(p);
      if (!(await serialize(() => setPassword(store, login, password)))) throw noSuchUser(login);
      out.usersChanged?.(login);
      out.line(`Пароль пользователя ${login} изменён; его открытые сеансы завершены.`);
      return 0;
    }
    case 'remove': {
      if (p.values.demo) {
        if (login)
          throw new UsageError(
            'Укажите либо логин, либо --demo: orientir users remove <логин> | orientir users remove --demo',
          );
        const logins = await usersWithPassword(store, DEMO_PASSWORD);
        for (const l of logins) {
          await serialize(() => removeUser(store, l));
          out.usersChanged?.(l);
        }
        out.line(
          logins.length
            ? `Удалены входы с демо-паролем (${logins.length}): ${logins.join(', ')}.`
            : 'Входов с демо-паролем нет.',
        );
        return 0;
      }
      if (!login) throw new UsageError('orientir users remove <логин> | orientir users remove --demo');
      if (!(await serialize(() => removeUser(store, login)))) throw noSuchUser(login);
      out.usersChanged?.(login);
      out.line(`Пользователь ${login} удалён; его открытые сеансы завершены.`);
      return 0;
    }
    default:
      throw new UsageError(USERS_USAGE);
  }
}
