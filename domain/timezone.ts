// The committee's time zone (config/app.json «timezone», Europe/Moscow by default): schedules run in it, stored
// timestamps are written in it (the store sets DuckDB's TimeZone), and pages show times in it — whatever zone the
// server's clock is set to.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export const APP_TIMEZONE: string = (() => {
  try {
    const raw = JSON.parse(readFileSync(fileURLToPath(new URL('../config/app.json', import.meta.url)), 'utf8')) as {
      timezone?: unknown;
    };
    return typeof raw.timezone === 'string' && raw.timezone ? raw.timezone : 'Europe/Moscow';
  } catch {
    return 'Europe/Moscow';
  }
})();
