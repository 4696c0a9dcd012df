// `npm start` / `orientir serve`: one process owns the store and runs the web server and the scheduler.
// A new store (or --demo) gets the demo municipality first. SIGTERM waits (bounded) for a running job.
import { dirname } from 'node:path';
import { closeStore, openStore } from '../store/db.js';
import { advertise, withdraw } from '../store/server-info.js';
import { demoAtStart, loadDemo } from '../cli/bootstrap.js';
import { JobRunner } from '../jobs/runner.js';
import { startScheduler, stopScheduler } from '../jobs/scheduler.js';
import { loadJobSettings } from '../jobs/settings.js';
import { createApp } from './app.js';
import { DEFAULT_HOST, keepServing, listenAt } from './listen.js';
import { mountLocalApi } from './local-api.js';

export async function start(o: { dbPath: string; port: number; host?: string; demo?: boolean }): Promise<void> {
  const store = await openStore(o.dbPath);
  // Demo only on a new store or on --demo, never beside real users (cli/bootstrap.ts): users first, then the
  // server answers while the files load in the background.
  const { demo, resume } = await demoAtStart(store, dirname(o.dbPath), { explicit: o.demo, log: (s) => console.log(s) });
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
  });
  keepServing();
  const at = await listenAt(app, o.port, o.host ?? process.env.HOST ?? DEFAULT_HOST);
  token = advertise(o.dbPath, at.port).token;
  const tasks = startScheduler(runner, settings);
  console.log(`Ориентир: ${at.url} (хранилище ${o.dbPath}; входящие ${settings.inbox})`);
  if (demo) {
    const l = demo.logins;
    console.log(`Демонстрационные входы (пароль «${l.password}»):\n  комитет: ${l.committee}\n  руководители ОО: ${l.schools.slice(0, 3).map((s) => `${s.login} (${s.name})`).join(', ')} …`);
  }
  const files = demo?.files ?? resume;
  if (files) void loadDemo(store, files, (s) => console.log(s)).catch((e) => console.error(`Демо-данные не загружены: ${(e as Error).message}`));

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
