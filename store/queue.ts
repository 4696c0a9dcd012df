// One writer at a time: every operation that changes the store goes through this queue, so uploads over HTTP,
// inbox runs and rebuilds are serialised inside the process that owns the DuckDB file.
let tail: Promise<unknown> = Promise.resolve();
let pending = 0;

export function serialize<T>(fn: () => Promise<T>): Promise<T> {
  pending++;
  const run = tail.then(fn, fn);
  tail = run
    .catch(() => undefined)
    .finally(() => {
      pending--;
    });
  return run;
}

export const queueDepth = (): number => pending;
