// The methodology config in force: cfg_params/cfg_meta from the last build, else the config file. Parameters in the
// config file's order (grouped by rule), not by their keys.
import type { DuckDBConnection } from '@duckdb/node-api';
import { type AreaKind, loadConfig } from '../../domain/methodology.js';
import type { AreaRule, Methodology } from '../pages/methodology.js';
import { NotBuilt, num, query } from './sql.js';

export async function loadMethodology(conn: DuckDBConnection): Promise<Methodology> {
  try {
    const [params, meta, areas] = await Promise.all([
      query(conn, 'cfg-params'),
      query(conn, 'cfg-meta'),
      storeAreas(conn),
    ]);
    const m = Object.fromEntries(meta.map((r) => [String(r.key), String(r.value_text ?? '')]));
    const order = new Map(Object.keys(loadConfig().params).map((k, i) => [k, i]));
    const at = (k: string) => order.get(k) ?? order.size;
    return {
      version: m.version ?? '—',
      note: m.note ?? '',
      source: 'store',
      params: params
        .map((p) => ({
          key: String(p.key),
          value: num(p.value) ?? 0,
          status: String(p.status ?? ''),
          title: String(p.title ?? ''),
          text: String(p.text ?? ''),
        }))
        .sort((a, b) => at(a.key) - at(b.key) || a.key.localeCompare(b.key)),
      areasNote: loadConfig().reference_areas.note,
      areas,
    };
  } catch (e) {
    if (!(e instanceof NotBuilt) && !/cfg_(params|meta)/.test((e as Error).message)) throw e;
    return fromFile();
  }
}

/** Reference areas of the last build; a store built before they existed: those of the config file. */
async function storeAreas(conn: DuckDBConnection): Promise<AreaRule[]> {
  try {
    return (await query(conn, 'cfg-areas')).map((a) => ({
      rule: String(a.rule),
      value: String(a.area) as AreaKind,
      title: String(a.title ?? ''),
      text: String(a.text ?? ''),
    }));
  } catch (e) {
    if (!(e instanceof NotBuilt) && !/cfg_areas/.test((e as Error).message)) throw e;
    return fileAreas();
  }
}

const fileAreas = (): AreaRule[] =>
  Object.entries(loadConfig().reference_areas.rules).map(([rule, a]) => ({ rule, ...a }));

function fromFile(): Methodology {
  const cfg = loadConfig();
  return {
    version: cfg.version,
    note: cfg.note,
    source: 'file',
    params: Object.entries(cfg.params).map(([key, p]) => ({ key, ...p })),
    areasNote: cfg.reference_areas.note,
    areas: fileAreas(),
  };
}
