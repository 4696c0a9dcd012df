// The methodology config as tables the models and the dashboard read: parameters, reference areas, version, the
// indicator catalogue. A shadow build (shadow-build.ts) writes them under shadow names like its models.
import { INDICATORS } from '../domain/indicators.js';
import type { MethodologyConfig } from '../domain/methodology.js';
import type { Store } from '../store/db.js';

export const CONFIG_TABLES = ['cfg_params', 'cfg_areas', 'cfg_meta', 'cfg_indicators'] as const;

export async function loadConfigTables(store: Store, cfg: MethodologyConfig, suffix = ''): Promise<void> {
  await store.conn.run(
    `CREATE OR REPLACE TABLE cfg_params${suffix} (key VARCHAR PRIMARY KEY, value DOUBLE NOT NULL, status VARCHAR, title VARCHAR, text VARCHAR)`,
  );
  for (const [key, p] of Object.entries(cfg.params))
    await store.conn.run(`INSERT INTO cfg_params${suffix} VALUES ($k, $v, $s, $t, $x)`, {
      k: key,
      v: p.value,
      s: p.status,
      t: p.title,
      x: p.text,
    });
  await store.conn.run(
    `CREATE OR REPLACE TABLE cfg_areas${suffix} (rule VARCHAR PRIMARY KEY, area VARCHAR NOT NULL, title VARCHAR, text VARCHAR)`,
  );
  for (const [rule, a] of Object.entries(cfg.reference_areas?.rules ?? {}))
    await store.conn.run(`INSERT INTO cfg_areas${suffix} VALUES ($r, $a, $t, $x)`, {
      r: rule,
      a: a.value,
      t: a.title,
      x: a.text,
    });
  await store.conn.run(`CREATE OR REPLACE TABLE cfg_meta${suffix} (key VARCHAR PRIMARY KEY, value_text VARCHAR)`);
  await store.conn.run(`INSERT INTO cfg_meta${suffix} VALUES ('version', $v), ('note', $n)`, {
    v: cfg.version,
    n: cfg.note,
  });
  await store.conn.run(`CREATE OR REPLACE TABLE cfg_indicators${suffix} (id VARCHAR PRIMARY KEY, caption VARCHAR NOT NULL, unit VARCHAR NOT NULL,
    direction VARCHAR NOT NULL, origin VARCHAR NOT NULL, by_subject BOOLEAN NOT NULL, by_grade BOOLEAN NOT NULL, text VARCHAR)`);
  // The catalogue as the parser reads it (config/indicators.json via ingest), so ids and units agree.
  for (const i of INDICATORS)
    await store.conn.run(`INSERT INTO cfg_indicators${suffix} VALUES ($id, $c, $u, $d, $s, $bs, $bg, $t)`, {
      id: i.id,
      c: i.caption,
      u: i.unit,
      d: i.direction,
      s: i.origin,
      bs: i.bySubject,
      bg: i.byGrade,
      t: i.text,
    });
}
