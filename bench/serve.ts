// Server process for the HTTP and browser benchmarks: `node --import tsx bench/serve.ts <store path>`.
// Opens the store, rebuilds the marts (the cached demo store may predate edits to transforms/), mounts
// dashboard/app.ts `createApp` on 127.0.0.1 with an ephemeral port and prints `PORT <n>` once listening.
// Stops on SIGTERM.
import { writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { createApp } from '../dashboard/app.js';
import { closeStore, openStore } from '../store/db.js';
import { build } from '../transforms/runner.js';

const path = process.argv[2];
if (!path) throw new Error('usage: serve.ts <store path>');
const store = await openStore(path);
const built = await build(store);
if (!built.ok) throw new Error(`build failed: ${built.failures.join(' | ')}`);
// Reset the peak-RSS mark (VmHWM) so the parent measures serving, not the start-up build (Linux only).
try {
  writeFileSync('/proc/self/clear_refs', '5');
} catch {
  /* not Linux: the peak then includes the build */
}
const app = await createApp(store, { sessionSecret: 'bench-secret' });
const server = app.listen(0, '127.0.0.1', () => {
  console.log(`PORT ${(server.address() as AddressInfo).port}`);
});
server.keepAliveTimeout = 60_000;
process.on('SIGTERM', () => {
  server.closeAllConnections();
  server.close(() => {
    void closeStore(store).finally(() => process.exit(0));
  });
});
