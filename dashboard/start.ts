// `npm start` / `orientir serve`: one process owns the store and runs the web server and the scheduler.
// A new store (or --demo) gets the demo municipality: the server answers at once and, while the demo is generated,
// loaded and built (a few minutes), pages show that progress (routes/startup.ts). SIGTERM waits (bounded) for a running job.
import { dirname } from 'node:path';
import { closeStore, openStore } from '../store/db.js';
import { advertise, withdraw } from '../store/server-info.js';
import { loadDemo, planDemo, prepareDemo, type DemoLogins } from '../cli/bootstrap.js';
import { JobRunner } from '../jobs/runner.js';
import { startScheduler, stopScheduler } from '../jobs/scheduler.js';
import { loadJobSettings } from '../jobs/settings.js';
import { createApp } from './app.js';
import { DEFAULT_HOST, keepServing, listenAt } from './listen.js';
import { mountLocalApi } from './local-api.js';
import { StartupProgress } from './routes/startup.js';

export async function start(o: { dbPath: string; port: number; host?: string; demo?: boolean }): Promise<void> {
  const store = await openStore(o.dbPath);
  // Demo only on a new store or on --demo, never beside real users (cli/bootstrap.ts; a refusal exits with 2 before
  // the server starts). Generating, loading and building go on in the background while the server shows the progress.
  const plan = await planDemo(store, { explicit: o.demo, log: (s) => console.log(s) });
  const startup = new StartupProgress();
  if (plan.create) startup.set({ step: 'prepare' });
  else if (plan.resume) startup.set({ step: 'files', done: 0, total: plan.resume.length });
  const settings = loadJobSettings();
  const runner = new JobRunner(store, settings);
  void runner.recover(); // runs left «running» by a killed process are marked failed
  const runJob = async (name: string, who = 'cli') => {
    if (!runner.isJob(name)) return { ok: false, message: `Нет задания «${name}». Доступны: inbox, rebuild, reports, freshness, backup.` };
    return runner.run(name, `вручную (${who})`);
  };
  let token = '';
  const app = await createApp(store, {
    trustProxy: process.env.ORIENTIR_TRUST_PROXY,
    runJob: (name, user) => runJob(name, user),
    afterUpload: () => { void runner.runAfterCurrent('rebuild', 'после загрузки через браузер'); },
    mount: (a, hooks) => mountLocalApi(a, store, () => token, (name) => runJob(name), hooks.endSessions),
    startup,
  });
  keepServing();
  const at = await listenAt(app, o.port, o.host ?? process.env.HOST ?? DEFAULT_HOST);
  token = advertise(o.dbPath, at.port).token;
  const tasks = startScheduler(runner, settings);
  console.log(`Ориентир: ${at.url} (хранилище ${o.dbPath}; входящие ${settings.inbox})`);
  if (plan.create || plan.resume) {
    console.log('Готовлю демонстрационные данные (несколько минут); ход подготовки виден на страницах панели.');
    void (async () => {
      let files = plan.resume;
      if (plan.create) {
        const demo = await prepareDemo(store, dirname(o.dbPath), (s) => console.log(s));
        printLogins(demo.logins);
        files = demo.files;
      }
      await loadDemo(store, files!, (s) => console.log(s), (s) => startup.set(s));
    })().catch((e) => {
      const message = (e as Error).message;
      startup.set({ step: 'failed', message });
      console.error(`Демо-данные не загружены: ${message}`);
    });
  }

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
}

function printLogins(l: DemoLogins): void {
  console.log(`Демонстрационные входы (пароль «${l.password}»):\n  комитет: ${l.committee}\n  руководители ОО: ${l.schools.slice(0, 3).map((s) => `${s.login} (${s.name})`).join(', ')} …`);
}
