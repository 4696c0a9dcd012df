// `npm start` / `orientir serve`: one process owns the store and runs the web server and the scheduler.
// An empty store gets the demo municipality first. SIGTERM waits (bounded) for a running job.
import { dirname } from 'node:path';
import { closeStore, openStore } from '../store/db.js';
import { advertise, withdraw } from '../store/server-info.js';
import { bootstrapDemo, storeIsEmpty } from '../cli/bootstrap.js';
import { JobRunner } from '../jobs/runner.js';
import { startScheduler, stopScheduler } from '../jobs/scheduler.js';
import { loadJobSettings } from '../jobs/settings.js';
import { createApp } from './app.js';
import { mountLocalApi } from './local-api.js';

export async function start(o: { dbPath: string; port: number }): Promise<void> {
  const store = await openStore(o.dbPath);
  if (await storeIsEmpty(store)) {
    const logins = await bootstrapDemo(store, dirname(o.dbPath), (s) => console.log(s));
    console.log(`\nДемонстрационные входы (пароль «${logins.password}»):\n  комитет: ${logins.committee}\n  руководители ОО: ${logins.schools.slice(0, 3).map((s) => `${s.login} (${s.name})`).join(', ')} …`);
  }
  const settings = loadJobSettings();
  const runner = new JobRunner(store, settings);
  const runJob = async (name: string, who = 'cli') => {
    if (!runner.isJob(name)) return { ok: false, message: `Нет задания «${name}». Доступны: inbox, rebuild, reports, freshness, backup.` };
    return runner.run(name, `вручную (${who})`);
  };
  let token = '';
  const app = await createApp(store, {
    runJob: (name, user) => runJob(name, user),
    afterUpload: () => { void runner.run('rebuild', 'после загрузки через браузер'); },
    mount: (a) => mountLocalApi(a, store, () => token, (name) => runJob(name)),
  });
  const server = app.listen(o.port, '0.0.0.0');
  await new Promise<void>((resolve, reject) => { server.once('listening', resolve); server.once('error', reject); });
  token = advertise(o.dbPath, o.port).token;
  const tasks = startScheduler(runner, settings);
  console.log(`Ориентир: http://localhost:${o.port} (хранилище ${o.dbPath}; входящие ${settings.inbox})`);

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    console.log(`Остановка (${signal}): жду завершения текущего задания…`);
    await stopScheduler(tasks);
    server.close();
    const drained = await runner.drain(30_000);
    if (!drained) console.log('Задание не завершилось за 30 с; незавершённая транзакция будет отменена хранилищем.');
    withdraw(o.dbPath);
    await closeStore(store);
    process.exit(0);
  };
  process.on('SIGTERM', () => void stop('SIGTERM'));
  process.on('SIGINT', () => void stop('SIGINT'));
}
