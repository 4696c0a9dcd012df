// node-cron schedules for every job (Europe/Moscow, noOverlap); each tick goes through the JobRunner.
// A tick that finds the job still running is not started; the JobRunner records it as skipped.
import cron, { type Logger, type ScheduledTask } from 'node-cron';
import { JOB_NAMES, type JobSettings } from '../domain/job-settings.js';
import type { JobRunner } from './runner.js';

export const SCHEDULE_TRIGGER = 'расписание';

export function startScheduler(
  runner: JobRunner,
  s: JobSettings,
  log: (m: string) => void = console.log,
): ScheduledTask[] {
  // node-cron's own messages are English and duplicate ours: only its errors are passed on.
  const logger: Logger = {
    info: () => {},
    debug: () => {},
    warn: () => {},
    error: (m, e) => log(`Планировщик: ${e?.message ?? (m instanceof Error ? m.message : m)}`),
  };
  const tasks: ScheduledTask[] = [];
  for (const name of JOB_NAMES) {
    const pattern = s.schedules[name];
    if (!cron.validate(pattern)) {
      log(`Расписание задания ${name} «${pattern}» некорректно — задание не запланировано.`);
      continue;
    }
    const task = cron.schedule(
      pattern,
      async () => {
        try {
          const r = await runner.run(name, SCHEDULE_TRIGGER);
          if (!r.ok) log(`Задание ${name}: ${r.message}`);
        } catch (e) {
          // runner.run does not throw; this guards the next ticks all the same.
          log(`Задание ${name}: ${(e as Error).message}`);
        }
      },
      { name: `orientir-${name}`, timezone: s.timezone, noOverlap: true, logger },
    );
    task.on('execution:overlap', () => {
      void runner.skip(name, SCHEDULE_TRIGGER);
    });
    task.on('execution:missed', (ctx) =>
      log(`Задание ${name}: пропущен запуск по расписанию ${ctx.dateLocalIso} (процесс был занят).`),
    );
    tasks.push(task);
  }
  return tasks;
}

/** Stops the tasks and removes them from node-cron's registry. */
export async function stopScheduler(tasks: ScheduledTask[]): Promise<void> {
  for (const t of tasks) {
    await t.stop();
    await t.destroy();
  }
}
