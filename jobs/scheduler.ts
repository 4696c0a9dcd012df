// node-cron schedules for every job (Europe/Moscow, noOverlap); each tick goes through the JobRunner.
import cron, { type ScheduledTask } from 'node-cron';
import type { JobRunner } from './runner.js';
import { JOB_NAMES, type JobSettings } from './settings.js';

export function startScheduler(runner: JobRunner, s: JobSettings, log: (m: string) => void = console.log): ScheduledTask[] {
  const tasks: ScheduledTask[] = [];
  for (const name of JOB_NAMES) {
    const pattern = s.schedules[name];
    if (!cron.validate(pattern)) { log(`Расписание задания ${name} «${pattern}» некорректно — задание не запланировано.`); continue; }
    tasks.push(cron.schedule(pattern, async () => {
      const r = await runner.run(name, 'расписание');
      if (!r.ok) log(`Задание ${name}: ${r.message}`);
    }, { name, timezone: s.timezone, noOverlap: true }));
  }
  return tasks;
}

export async function stopScheduler(tasks: ScheduledTask[]): Promise<void> {
  for (const t of tasks) await t.stop();
}
