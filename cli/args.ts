// Command-line parsing shared by the local CLI and the server's loopback endpoint.
import { parseArgs } from 'node:util';

export class UsageError extends Error {}

export interface Parsed {
  command: string;
  sub: string | null;
  positionals: string[];
  values: Record<string, string | boolean | undefined>;
}

export const USAGE = `Использование: orientir <команда> [параметры]

  ingest <файлы|папки…>            загрузить файлы (ФИС ОКО, РЦОИ, журналы, реестр, шкалы, цели)
  build [--full]                   пересобрать витрины и выполнить проверки данных: после загрузок — только учебные
                                   годы, данные которых изменились; --full — все модели за все годы
  export <набор> --out ФАЙЛ        выгрузить витрину (.csv, .xlsx, .parquet); наборы:
                                   school-metrics, objectivity, index, flags, risk-profile, targets, pupils-at-risk
  export all --out ПАПКА           все staging- и mart-таблицы в Parquet с разбиением по учебным годам
  demo --out ПАПКА [--seed N] [--schools N] [--years N]
                                   сгенерировать демонстрационный муниципалитет в форматах источников
  serve [--port N] [--demo | --no-demo]
                                   запустить панель и планировщик (то же, что start и npm start); демо-данные и демо-входы
                                   создаются только на новом хранилище или с --demo (не рядом с настоящими пользователями);
                                   --no-demo (или ORIENTIR_DEMO=0) — рабочее хранилище: демо не создаётся никогда,
                                   хранилище с демо-данными не запускается
  users add <логин> --role committee|school [--school КОД]
                                   добавить пользователя (пароль из ORIENTIR_PASSWORD или с клавиатуры)
  users list                       пользователи: логин, роль, ОО, дата создания
  users passwd <логин>             сменить пароль (ORIENTIR_PASSWORD или с клавиатуры); сеансы входа завершаются
  users remove <логин>             удалить пользователя и завершить его сеансы
  users remove --demo              удалить все входы с опубликованным демо-паролем
  jobs run <inbox|rebuild|reports|freshness|backup>
                                   выполнить задание вручную

Общие параметры: --db ПУТЬ (по умолчанию data/orientir.duckdb или ORIENTIR_DB), --school КОД (выгрузка одной ОО).
Если сервер запущен, команды ingest/build/export/users/jobs передаются ему по локальному HTTP.
Коды выхода: 0 — успешно, 1 — файл или строка отклонены либо указанного пользователя нет, 2 — ошибка в команде.`;

const parseOptions = (argv: string[]) =>
  parseArgs({
    args: argv,
    allowPositionals: true,
    strict: true,
    options: {
      db: { type: 'string' },
      out: { type: 'string' },
      seed: { type: 'string' },
      schools: { type: 'string' },
      years: { type: 'string' },
      port: { type: 'string' },
      role: { type: 'string' },
      school: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
      local: { type: 'boolean' },
      full: { type: 'boolean' },
      demo: { type: 'boolean' },
      'no-demo': { type: 'boolean' },
    },
  });

export function parse(argv: string[]): Parsed {
  let r: ReturnType<typeof parseOptions>;
  try {
    r = parseOptions(argv);
  } catch (e) {
    throw new UsageError((e as Error).message);
  }
  const [command = 'help', ...rest] = r.positionals;
  const hasSub = command === 'users' || command === 'jobs';
  return {
    command,
    sub: hasSub ? (rest[0] ?? null) : null,
    positionals: hasSub ? rest.slice(1) : rest,
    values: r.values,
  };
}

export function intOption(v: string | boolean | undefined, name: string, def: number): number {
  if (v === undefined) return def;
  const n = Number(v);
  if (!Number.isInteger(n) || n < 0)
    throw new UsageError(`Параметр --${name} должен быть целым неотрицательным числом.`);
  return n;
}

export type DemoMode = 'auto' | 'on' | 'off';

const ENV_ON = /^(1|true|yes|on|да)$/i,
  ENV_OFF = /^(0|false|no|off|нет)$/i;

/**
 * The demo policy of `serve`/`start`: --demo (on), --no-demo (off), else ORIENTIR_DEMO (1/0), else auto (demo only on
 * a new store). The flags win over the environment.
 */
export function demoMode(values: Parsed['values'], env: string | undefined = process.env.ORIENTIR_DEMO): DemoMode {
  if (values.demo && values['no-demo']) throw new UsageError('Укажите либо --demo, либо --no-demo.');
  if (values.demo) return 'on';
  if (values['no-demo']) return 'off';
  const v = env?.trim() ?? '';
  if (v === '') return 'auto';
  if (ENV_OFF.test(v)) return 'off';
  if (ENV_ON.test(v)) return 'on';
  throw new UsageError(`ORIENTIR_DEMO=${v}: допустимо 0 (без демо, как --no-demo) или 1 (как --demo).`);
}
