// A per-store data version, bumped after every committed ingest and build in this process (the only process that
// may write the file). Readers key caches on it, so a cached answer never outlives the data it was computed from.
const versions = new WeakMap<object, number>();

export const dataVersion = (store: object): number => versions.get(store) ?? 0;

export function bumpDataVersion(store: object): void {
  versions.set(store, dataVersion(store) + 1);
}
