// One end-to-end ingest of a file into a fresh store, for a CPU profile of the ingest path:
// `node --cpu-prof --cpu-prof-dir=/tmp/prof --import tsx bench/profile-ingest.ts <file>`
// (the largest .cpuprofile is the main thread; open it in Chrome DevTools or speedscope).
import { ingestE2E } from './ingest-tasks.js';

const path = process.argv[2];
if (!path) throw new Error('usage: profile-ingest.ts <file>');
console.log(JSON.stringify(await ingestE2E({ path })));
