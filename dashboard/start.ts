// `npm start` / `orientir serve`: one process owns the store and runs the web server and the scheduler.
// An empty store gets the demo municipality first. SIGTERM waits (bounded) for a running job.
import { dirname } from 'node:path';
import { closeStore, openStore } from '../store/db.js';
import { advertise, withdraw } from '../store/server-info.js';
import { loadDemo, pendingDemo, prepareDemo, storeIsEmpty } from '../cli/bootstrap.js';
import { JobRunner } from '../jobs/runner.js';
import { startScheduler, stopScheduler } from '../jobs/scheduler.js';
import { loadJobSettings } from '../jobs/settings.js';
import { createApp } from './app.js';
import { mountLocalApi } from './local-api.js';

export async function start(o: { dbPath: string; port: number }): Promise<void> {
  const store = await openStore(o.dbPath);
  // An empty store gets the demo: users first, then the server answers while the files load in the background.
  const demo = (await storeIsEmpty(store)) ? await prepareDemo(store, dirname(o.dbPath), (s) => console.log(s)) : null;
  const resume = demo ? null : await pendingDemo(store);
  const settings = loadJobSettings();
  const runner = new JobRunner(store, settings);
  void runner.recover(); // runs left «running» by a killed process are marked failed
  const runJob = async (name: string, who = 'cli') => {
    if (!runner.isJob(name)) return { ok: false, message: `Нет задания «${name}». Доступны: inbox, rebuild, reports, freshness, backup.` };
    return runner.run(name, `вручную (${who})`);
  };
  let token = '';
  const app = await createApp(store, {
    runJob: (name, user) => runJob(name, user),
    afterUpload: () => { void runner.runAfterCurrent('rebuild', 'после загрузки через браузер'); },
    mount: (a, hooks) => mountLocalApi(a, store, () => token, (name) => runJob(name), hooks.endSessions),
  });
  const server = app.listen(o.port, '0.0.0.0');
  await new Promise<void>((resolve, reject) => { server.once('listening', resolve); server.once('error', reject); });
  token = advertise(o.dbPath, o.port).token;
  const tasks = startScheduler(runner, settings);
  console.log(`Ориентир: http://localhost:${o.port} (хранилище ${o.dbPath}; входящие ${settings.inbox})`);
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
    server.close();
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
