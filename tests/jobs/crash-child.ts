// Child process of crash.test.ts: opens the store and runs the inbox job through the JobRunner, as a scheduled
// tick of the server would, with the server's rebuild after loads (ORIENTIR_INBOX comes from the parent). The parent
// kills it with SIGKILL.

import { loadJobSettings } from '../../domain/job-settings.js';
import { JobRunner } from '../../jobs/runner.js';
import { closeStore, openStore } from '../../store/db.js';

const dbPath = process.argv[2];
if (!dbPath) throw new Error('usage: crash-child.ts STORE');
const store = await openStore(dbPath);
const runner = new JobRunner(store, loadJobSettings());
runner.rebuildOnDataChange(100);
process.stdout.write('ready\n');
const r = await runner.run('inbox', 'расписание');
await runner.settled();
process.stdout.write(`done ${JSON.stringify(r)}\n`);
await runner.close();
await closeStore(store);
