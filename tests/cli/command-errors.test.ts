// Command errors are usage errors (exit 2) with a Russian message, and change nothing: a head's login for a school the
// registry does not have, and an export to a file type that is not offered.
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse, UsageError } from '../../cli/args.js';
import { runStoreCommand } from '../../cli/commands.js';
import { closeStore, openStore, type Store } from '../../store/db.js';
import { findUser } from '../../store/users.js';

let store: Store;
let dir = '';
const run = (argv: string[]) => runStoreCommand(parse(argv), store, { line: () => {} });

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'orientir-cmd-errors-'));
  store = await openStore(join(dir, 'store.duckdb'));
  await store.conn.run(`INSERT INTO schools (school_code, name) VALUES ('1001', 'Школа № 1')`);
});
afterAll(async () => {
  await closeStore(store);
  rmSync(dir, { recursive: true, force: true });
});

describe('command errors', () => {
  it('users add --school with a code the registry lacks is refused; a registered school is accepted', async () => {
    process.env.ORIENTIR_PASSWORD = 'длинный-пароль-1';
    const refused = run(['users', 'add', 'head', '--role', 'school', '--school', '9999']);
    await expect(refused).rejects.toThrow(UsageError);
    await expect(run(['users', 'add', 'head', '--role', 'school', '--school', '9999'])).rejects.toThrow(
      /ОО с кодом «9999» нет в реестре/,
    );
    await expect(run(['users', 'add', 'head', '--role', 'school'])).rejects.toThrow(/укажите её код/);
    expect(await findUser(store, 'head')).toBeNull();
    expect(await run(['users', 'add', 'head', '--role', 'school', '--school', '1001'])).toBe(0);
    expect((await findUser(store, 'head'))?.schoolCode).toBe('1001');
  });

  it('export to a file type that is not offered is a usage error and writes nothing', async () => {
    const out = join(dir, 'flags.txt');
    await expect(run(['export', 'flags', '--out', out])).rejects.toThrow(UsageError);
    expect(existsSync(out)).toBe(false);
  });
});
