// The `orientir` command. Store commands run locally, or in the running server when it owns the store.

import { resolve } from 'node:path';
import { createInterface } from 'node:readline/promises';
import { closeStore, defaultDbPath, openStore } from '../store/db.js';
import { runningServer } from '../store/server-info.js';
import { demoMode, intOption, type Parsed, parse, USAGE, UsageError } from './args.js';
import { runStoreCommand, STORE_COMMANDS } from './commands.js';
import { progressBar } from './progress.js';

async function forward(p: Parsed, port: number, token: string): Promise<number> {
  const res = await fetch(`http://127.0.0.1:${port}/api/local/cli`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-orientir-token': token },
    body: JSON.stringify(p),
  });
  const body = (await res.json()) as { code: number; output: string[] };
  for (const l of body.output) console.log(l);
  return body.code;
}

async function promptPassword(): Promise<string> {
  const rl = createInterface({ input: process.stdin, output: process.stdout });
  const pw = await rl.question('Пароль (не короче 8 символов): ');
  rl.close();
  return pw;
}

async function main(argv: string[]): Promise<number> {
  const p = parse(argv);
  if (p.values.help || p.command === 'help') {
    console.log(USAGE);
    return 0;
  }
  const db = resolve(typeof p.values.db === 'string' ? p.values.db : defaultDbPath());
  process.env.ORIENTIR_DB = db;

  if (p.command === 'demo') {
    if (typeof p.values.out !== 'string') throw new UsageError('Укажите папку: orientir demo --out ПАПКА');
    const { generateDemo } = await import('../demo/index.js');
    const r = await generateDemo({
      outDir: resolve(p.values.out),
      seed: intOption(p.values.seed, 'seed', 42),
      schools: intOption(p.values.schools, 'schools', 20),
      years: intOption(p.values.years, 'years', 5),
    });
    console.log(
      `Демонстрационный муниципалитет: ${r.schools.length} ОО, файлов: ${r.files.length} → ${resolve(p.values.out)} (заложенные сигналы — truth.json).`,
    );
    return 0;
  }
  if (p.command === 'serve' || p.command === 'start') {
    const { start } = await import('./start.js');
    const mode = demoMode(p.values);
    await start({
      dbPath: db,
      port: intOption(p.values.port, 'port', Number(process.env.PORT ?? 3000)),
      demo: mode === 'on',
      noDemo: mode === 'off',
    });
    return -1; // keeps running
  }
  if (!STORE_COMMANDS.has(p.command)) throw new UsageError(`Неизвестная команда «${p.command}».\n\n${USAGE}`);
  if (p.command === 'ingest') p.positionals = p.positionals.map((x) => resolve(x));
  if (p.command === 'export' && typeof p.values.out === 'string') p.values.out = resolve(p.values.out);
  // Only the commands that set a password ask for it and send it on (list and remove never carry one).
  const setsPassword = p.command === 'users' && (p.sub === 'add' || p.sub === 'passwd') && p.positionals.length > 0;
  if (setsPassword && !process.env.ORIENTIR_PASSWORD && process.stdin.isTTY)
    process.env.ORIENTIR_PASSWORD = await promptPassword();
  if (setsPassword && process.env.ORIENTIR_PASSWORD)
    (p.values as Record<string, unknown>).password = process.env.ORIENTIR_PASSWORD;

  const server = p.values.local ? null : runningServer(db);
  if (server) return forward(p, server.port, server.token);
  const store = await openStore(db);
  try {
    return await runStoreCommand(p, store, { line: (s) => console.log(s), progress: progressBar() });
  } finally {
    await closeStore(store);
  }
}

main(process.argv.slice(2)).then(
  (code) => {
    if (code >= 0) process.exit(code);
  },
  (e) => {
    if (e instanceof UsageError) {
      console.error(e.message);
      process.exit(2);
    }
    console.error(`Ошибка: ${(e as Error).message}`);
    process.exit(1);
  },
);
