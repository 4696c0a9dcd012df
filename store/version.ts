// A per-store data version, bumped after every committed ingest and build in this process (the only process that
// may write the file). Readers key caches on it, so a cached answer never outlives the data it was computed from.
// A committed change of source data (a loaded file, a school link) is also an event: the process root answers it
// with a rebuild of the marts, however the data came (browser, inbox folder, `orientir ingest` through the server).
const versions = new WeakMap<object, number>();

export const dataVersion = (store: object): number => versions.get(store) ?? 0;

export function bumpDataVersion(store: object): void {
  versions.set(store, dataVersion(store) + 1);
}

/** What changed the source data: a file loaded through a channel, or a school linked or unlinked in the dashboard. */
export type DataChange = 'web' | 'inbox' | 'cli' | 'demo' | 'link';
type Listener = (change: DataChange) => void;
const listeners = new WeakMap<object, Set<Listener>>();

/** Calls `fn` after every committed change of this store's source data; returns the unsubscribe. */
export function onDataChanged(store: object, fn: Listener): () => void {
  const set = listeners.get(store) ?? new Set<Listener>();
  listeners.set(store, set);
  set.add(fn);
  return () => set.delete(fn);
}

/** A committed change of source data: a new version, and the subscribers told (a failing one never fails the load). */
export function dataChanged(store: object, change: DataChange): void {
  bumpDataVersion(store);
  for (const fn of listeners.get(store) ?? []) {
    try {
      fn(change);
    } catch (e) {
      console.error('data change listener failed', e);
    }
  }
}
