// The demo municipality never mixes with real data: a store that holds the demo (its files were loaded on the «demo»
// channel, or their load is pending) takes no other files, whichever way they come — `orientir ingest` (cli/commands.ts),
// the web upload (dashboard/api/upload-stream.ts) or the inbox (jobs/inbox.ts). A file with the very bytes of a demo
// upload is let through: loading it again is a duplicate and changes nothing. A working store (`start --no-demo`)
// is marked so, and never gets the demo later (cli/bootstrap.ts).
// Below the CLI, the dashboard and the jobs, so they all ask the same question the same way.

import { createHash } from 'node:crypto';
import type { DuckDBConnection } from '@duckdb/node-api';
import type { Store } from './db.js';

type Target = Store | DuckDBConnection;
const connOf = (s: Target): DuckDBConnection => ('conn' in s ? s.conn : s);

/** The settings key of an interrupted demo load: the list of its files (cli/bootstrap.ts writes and clears it). */
export const DEMO_PENDING_KEY = 'demo_pending';
/** Set by the first `start --no-demo`: a working store never gets the demo later (not by itself, not on --demo). */
const WORK_STORE_KEY = 'work_store';

/** Where real data go instead of a demo store: the text shared by every refusal. */
export const WORK_STORE =
  'Для настоящих данных нужно отдельное рабочее хранилище: запустите его командой ' +
  'npx orientir start --no-demo --db ПУТЬ (или ORIENTIR_DB=ПУТЬ ORIENTIR_DEMO=0 npm start), например --db data/work.duckdb, ' +
  'и указывайте тот же --db ПУТЬ в командах ingest, build и users.';

/** Why the web upload and the inbox do not load a file into a demo store (the report of that one file). */
export const DEMO_STORE_FILE_REFUSED =
  'это демонстрационное хранилище: в него принимаются только файлы самого демо, чтобы настоящие ' +
  `данные не смешались с выдуманными. Файл не загружен. ${WORK_STORE}`;

/** Demo files whose loading was interrupted (null when none). */
export async function pendingDemo(s: Target): Promise<string[] | null> {
  const r = (
    await connOf(s).runAndReadAll(`SELECT value FROM settings WHERE key = '${DEMO_PENDING_KEY}'`)
  ).getRows()[0];
  return r ? (JSON.parse(String(r[0])) as string[]) : null;
}

/** The store holds the demo municipality: demo files were loaded (channel «demo») or their load is pending. */
export async function demoInStore(s: Target): Promise<boolean> {
  if (await pendingDemo(s)) return true;
  const r = (await connOf(s).runAndReadAll(`SELECT count(*) FROM uploads WHERE channel = 'demo'`)).getRows()[0]!;
  return Number(r[0]) > 0;
}

/** SHA-256 of the bytes, hex: the hash the uploads ledger keeps (ingest/load.ts). */
const sha256 = (b: Uint8Array): string => createHash('sha256').update(b).digest('hex');

/**
 * For a store that holds the demo, a test of a file's bytes: true when the file is foreign to the demo (not the bytes of
 * any demo upload) and so must not be loaded. Null for a store without the demo: it takes any file.
 */
export async function demoStoreCheck(s: Target): Promise<((bytes: Uint8Array) => boolean) | null> {
  if (!(await demoInStore(s))) return null;
  const demo = new Set(
    (await connOf(s).runAndReadAll(`SELECT DISTINCT sha256 FROM uploads WHERE channel = 'demo'`))
      .getRows()
      .map((r) => String(r[0])),
  );
  return (bytes) => !demo.has(sha256(bytes));
}

/** The store holds the demo and these bytes are not one of its files: not to be loaded (DEMO_STORE_FILE_REFUSED). */
export async function demoStoreRefuses(s: Target, bytes: Uint8Array): Promise<boolean> {
  return (await demoStoreCheck(s))?.(bytes) ?? false;
}

/** The ingest `refuse` option of a web or inbox upload: a demo store refuses files foreign to the demo. */
export const refuseIntoDemo =
  (s: Target) =>
  async (bytes: Uint8Array): Promise<string | null> =>
    (await demoStoreRefuses(s, bytes)) ? DEMO_STORE_FILE_REFUSED : null;

export async function isWorkStore(s: Target): Promise<boolean> {
  return (await connOf(s).runAndReadAll(`SELECT 1 FROM settings WHERE key = '${WORK_STORE_KEY}'`)).getRows().length > 0;
}

/** Marks the store a working store (what `start --no-demo` does); the caller goes through the write queue. */
export async function markWorkStore(s: Target): Promise<void> {
  await connOf(s).run(
    `INSERT OR REPLACE INTO settings VALUES ('${WORK_STORE_KEY}', CAST(current_timestamp AS VARCHAR))`,
  );
}
