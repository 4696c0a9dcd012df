// `npm start` / `orientir serve`: one process owns the store and runs the web server and the scheduler.
// A new store (or --demo) gets the demo municipality: the server answers at once and, while the demo is generated,
// loaded and built (a few minutes), pages show that progress (dashboard/routes/startup.ts). SIGTERM waits (bounded) for a running job.
import { dirname } from 'node:path';
import { createApp } from '../dashboard/app.js';
import { committeeProgrammesReport } from '../dashboard/data/programme-export.js';
import { DEFAULT_HOST, keepServing, listenAt } from '../dashboard/listen.js';
import { StartupProgress } from '../dashboard/routes/startup.js';
import { loadJobSettings } from '../domain/job-settings.js';
import { JobRunner } from '../jobs/runner.js';
import { startScheduler, stopScheduler } from '../jobs/scheduler.js';
import { closeStore, openStore, type Store } from '../store/db.js';
import { serialize } from '../store/queue.js';
import { advertise, withdraw } from '../store/server-info.js';
import { build } from '../transforms/runner.js';
import { type DemoLogins, demoInStore, loadDemo, planDemo, prepareDemo } from './bootstrap.js';
import { mountLocalApi } from './local-api.js';

export async function start(o: {
  dbPath: string;
  port: number;
  host?: string;
  demo?: boolean;
  noDemo?: boolean;
}): Promise<void> {
  const store = await openStore(o.dbPath);
  // Demo only on a new store or on --demo, never beside real users, never with --no-demo (cli/bootstrap.ts; a refusal
  // exits with 2 before the server starts). Generating, loading and building go on in the background while the
  // server shows the progress.
  let plan: Awaited<ReturnType<typeof planDemo>>;
  try {
    plan = await planDemo(store, { explicit: o.demo, off: o.noDemo, log: (s) => console.log(s) });
  } catch (e) {
    await closeStore(store);
    throw e;
  }
  const demoStore = plan.create || plan.resume !== null || (await demoInStore(store));
  // A store without data and without marts (a new working store): empty marts are built at once (under a second), so
  // the pages show their «nothing loaded yet, start here» state rather than «marts not built».
  if (!plan.create && !plan.resume && plan.noData && !(await martsBuilt(store))) {
    const b = await serialize(() => build(store));
    if (!b.ok) console.log(`Пустые витрины не собраны: ${b.failures.join('; ')}`);
  }
  const startup = new StartupProgress();
  if (plan.create) startup.set({ step: 'prepare' });
  else if (plan.resume) startup.set({ step: 'files', done: 0, total: plan.resume.length });
  const settings = loadJobSettings(process.env, o.dbPath);
  // The weekly reports include the programmes workbook the dashboard serves: the root hands its writer to the jobs.
  const runner = new JobRunner(store, settings, {}, { programmes: committeeProgrammesReport });
  void runner.recover(); // runs left «running» by a killed process are marked failed
  runner.rebuildOnDataChange(); // a file loaded from the browser, the inbox or `orientir ingest`, a school linked
  const runJob = async (name: string, who = 'cli') => {
    if (!runner.isJob(name))
      return { ok: false, message: `Нет задания «${name}». Доступны: inbox, rebuild, reports, freshness, backup.` };
    return runner.run(name, `вручную (${who})`);
  };
  let token = '';
  const app = await createApp(store, {
    trustProxy: process.env.ORIENTIR_TRUST_PROXY,
    runJob: (name, user) => runJob(name, user),
    mount: (a, hooks) =>
      mountLocalApi(
        a,
        store,
        () => token,
        (name) => runJob(name),
        hooks.endSessions,
      ),
    startup,
  });
  keepServing();
  const at = await listenAt(app, o.port, o.host ?? process.env.HOST ?? DEFAULT_HOST);
  token = advertise(o.dbPath, at.port).token;
  const tasks = startScheduler(runner, settings);
  // Handlers before the address is printed: a SIGTERM right after it must still close the store and withdraw the advert.
  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    console.log(`Остановка (${signal}): жду завершения текущего задания…`);
    await stopScheduler(tasks);
    for (const server of at.servers) server.close();
    const drained = await runner.drain(30_000);
    if (!drained) console.log('Задание не завершилось за 30 с; незавершённая транзакция будет отменена хранилищем.');
    await runner.close();
    withdraw(o.dbPath);
    await closeStore(store);
    process.exit(0);
  };
  process.on('SIGTERM', () => void stop('SIGTERM'));
  process.on('SIGINT', () => void stop('SIGINT'));
  console.log(`Ориентир: ${at.url} (хранилище ${o.dbPath}; входящие ${settings.inbox})`);
  if (demoStore) {
    console.log(
      'Это демонстрационное хранилище: настоящие файлы в него не принимаются (ни на странице «Загрузки», ни из папки ' +
        'входящих, ни командой orientir ingest). Рабочее хранилище — отдельный файл: npx orientir start --no-demo --db ПУТЬ.',
    );
  }
  if (plan.create || plan.resume) {
    console.log('Готовлю демонстрационные данные (несколько минут); ход подготовки виден на страницах панели.');
    void (async () => {
      let files = plan.resume;
      if (plan.create) {
        const demo = await prepareDemo(store, dirname(o.dbPath), (s) => console.log(s));
        printLogins(demo.logins);
        files = demo.files;
      }
      await loadDemo(
        store,
        files!,
        (s) => console.log(s),
        (s) => startup.set(s),
      );
    })().catch((e) => {
      const message = (e as Error).message;
      startup.set({ step: 'failed', message });
      console.error(`Демо-данные не загружены: ${message}`);
    });
  }
}

function printLogins(l: DemoLogins): void {
  console.log(
    `Демонстрационные входы (пароль «${l.password}»):\n  комитет: ${l.committee}\n  руководители ОО: ${l.schools
      .slice(0, 3)
      .map((s) => `${s.login} (${s.name})`)
      .join(', ')} …`,
  );
}

async function martsBuilt(store: Store): Promise<boolean> {
  return (
    (
      await store.conn.runAndReadAll(`SELECT 1 FROM information_schema.tables WHERE table_name = 'mart_index'`)
    ).getRows().length > 0
  );
}
