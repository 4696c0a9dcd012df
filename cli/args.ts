// Command-line parsing shared by the local CLI and the server's loopback endpoint.
import { parseArgs } from 'node:util';

export class UsageError extends Error {}

export interface Parsed { command: string; sub: string | null; positionals: string[]; values: Record<string, string | boolean | undefined> }

export const USAGE = `Использование: orientir <команда> [параметры]

  ingest <файлы|папки…>            загрузить файлы (ФИС ОКО, РЦОИ, журналы, реестр, шкалы, цели)
  build                            пересобрать витрины и выполнить проверки данных
  export <набор> --out ФАЙЛ        выгрузить витрину (.csv, .xlsx, .parquet); наборы:
                                   school-metrics, objectivity, index, flags, risk-profile, targets, pupils-at-risk
  export all --out ПАПКА           все staging- и mart-таблицы в Parquet с разбиением по учебным годам
  demo --out ПАПКА [--seed N] [--schools N] [--years N]
                                   сгенерировать демонстрационный муниципалитет в форматах источников
  serve [--port N] [--demo]        запустить панель и планировщик (то же, что npm start); демо-данные и демо-входы
                                   создаются только на новом хранилище или с --demo (не рядом с настоящими пользователями)
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

export function parse(argv: string[]): Parsed {
  let r;
  try {
    r = parseArgs({
      args: argv, allowPositionals: true, strict: true,
      options: {
        db: { type: 'string' }, out: { type: 'string' }, seed: { type: 'string' }, schools: { type: 'string' }, years: { type: 'string' },
        port: { type: 'string' }, role: { type: 'string' }, school: { type: 'string' }, help: { type: 'boolean', short: 'h' },
        local: { type: 'boolean' }, demo: { type: 'boolean' },
      },
    });
  } catch (e) {
    throw new UsageError((e as Error).message);
  }
  const [command = 'help', ...rest] = r.positionals;
  const hasSub = command === 'users' || command === 'jobs';
  return { command, sub: hasSub ? rest[0] ?? null : null, positionals: hasSub ? rest.slice(1) : rest, values: r.values };
}

export function intOption(v: string | boolean | undefined, name: string, def: number): number {
  if (v === undefined) return def;
  const n = Number(v);
  if (!Number.isInteger(n) || n < 0) throw new UsageError(`Параметр --${name} должен быть целым неотрицательным числом.`);
  return n;
}
