// Child-process entry: `node --import tsx bench/child.ts <task> <json args> <result file>`.
// Each task module is imported lazily so a child loads only what its measurement needs (its peak RSS is reported).
import { writeFileSync } from 'node:fs';

type Task = (args: never) => Promise<unknown>;

const TASKS: Record<string, () => Promise<Task>> = {
  'gen-vpr': async () => {
    const m = await import('./gen-vpr.js');
    return (async (a: { rows: number }) => ({ path: await m.vprWorkbook(a.rows) })) as Task;
  },
  'gen-csv': async () => {
    const m = await import('./gen-csv.js');
    return (async (a: { rows: number }) => m.vedomostCsv(a.rows)) as Task;
  },
  'gen-regional': async () => (async () => (await import('./regional.js')).regionalFiles()) as Task,
  'sheetjs-read': async () => (await import('./regional.js')).sheetjsRead as Task,
  'regional-ingest': async () => (await import('./regional.js')).regionalIngest as Task,
  'ingest-e2e': async () => (await import('./ingest-tasks.js')).ingestE2E as Task,
  'xlsx-exceljs-stream': async () => (await import('./ingest-tasks.js')).xlsxExceljsStream as Task,
  'xlsx-floor': async () => (await import('./ingest-tasks.js')).xlsxFloor as Task,
  'duckdb-read-csv': async () => (await import('./ingest-tasks.js')).duckdbReadCsv as Task,
  'demo-template': async () => (await import('./region.js')).demoTemplate as Task,
  'gen-region': async () => (await import('./region.js')).generateRegion as Task,
  'gen-aggregate-region': async () => (await import('./region.js')).generateAggregateRegion as Task,
  build: async () => (await import('./build-timing.js')).timeBuild as Task,
  'year-build': async () => (await import('./build-timing.js')).timeYearBuild as Task,
  'http-load': async () => (await import('./http-load.js')).httpLoad as Task,
  'soak-load': async () => (await import('./http-load.js')).soakLoad as Task,
  'upload-load': async () => (await import('./upload-load.js')).uploadLoad as Task,
  browser: async () => (await import('./browser.js')).browserColdLoad as Task,
  'arrow-payload': async () => (await import('./arrow.js')).arrowPayload as Task,
};

async function main(): Promise<void> {
  const [task, json, out] = process.argv.slice(2);
  if (!task || !out || !TASKS[task]) {
    console.error(`usage: child.ts <${Object.keys(TASKS).join('|')}> <json> <out>`);
    process.exit(2);
  }
  try {
    const fn = await TASKS[task]!();
    const result = await fn(JSON.parse(json ?? '{}') as never);
    writeFileSync(out, JSON.stringify({ ok: true, result }));
    process.exit(0);
  } catch (e) {
    writeFileSync(out, JSON.stringify({ ok: false, error: (e as Error).stack ?? String(e) }));
    process.exit(1);
  }
}

void main();
