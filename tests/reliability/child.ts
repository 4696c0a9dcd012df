// Child process of crash.test.ts; the parent SIGKILLs it at a random moment. Progress goes to stdout one line
// at a time so the parent knows where the kill landed:
//   child.ts ingest STORE FILE...   opens STORE, ingests the files in the given order ("file I STATUS" after each)
//   child.ts build STORE N [variant] opens STORE, runs build() N times in a row ("build I ok" after each); with
//                                   "variant", under a changed methodology config (min_n), so the new marts differ
//                                   from the previous ones and the parent can tell which version it sees
// Both print "ready" once the store is open and "done" at the end.
// CRASH_CHECKPOINT_THRESHOLD (env), when set, lowers DuckDB's WAL auto-checkpoint threshold so that kills also
// land inside checkpoints that follow a commit, not only in the one at close.
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { closeStore, openStore } from '../../store/db.js';

const [mode, dbPath, ...rest] = process.argv.slice(2);
if (!dbPath || (mode !== 'ingest' && mode !== 'build'))
  throw new Error('usage: child.ts ingest STORE FILE... | build STORE N [variant]');

const say = (line: string) => process.stdout.write(line + '\n');

const store = await openStore(dbPath);
if (process.env.CRASH_CHECKPOINT_THRESHOLD)
  await store.conn.run(`SET checkpoint_threshold = '${process.env.CRASH_CHECKPOINT_THRESHOLD}'`);
say('ready');
if (mode === 'ingest') {
  // Each mode loads only its own modules: start-up is paid once per kill.
  const { FORMATS } = await import('../../ingest/formats/index.js');
  const { ingestFile } = await import('../../ingest/load.js');
  for (const [i, f] of rest.entries()) {
    const r = await ingestFile(store, FORMATS, {
      bytes: readFileSync(f),
      fileName: basename(f),
      channel: 'cli',
      user: 'crash-test',
    });
    say(`file ${i} ${r.status}`);
  }
} else {
  const { build } = await import('../../transforms/runner.js');
  const { loadConfig } = await import('../../domain/methodology.js');
  const n = Number(rest[0] ?? 1);
  const cfg = loadConfig();
  if (rest[1] === 'variant') {
    cfg.version += '+crash-variant';
    cfg.params.min_n!.value += 2;
  }
  for (let i = 0; i < n; i++) {
    const r = await build(store, cfg);
    say(`build ${i} ${r.ok ? 'ok' : 'failed: ' + r.failures.join('; ')}`);
  }
}
await closeStore(store);
say('done');
