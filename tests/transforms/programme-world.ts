// A generated municipality written straight into the source tables (no files): the demo's latent ability model
// with its programmes (known effects), ВПР Russian and mathematics in grades 4–8 per pupil. Large enough for the
// difference in differences to have power, fast enough for a unit test.

import { vprResults } from '../../demo/vpr-results.js';
import { vprCatalog, vprMark } from '../../demo/vpr-works.js';
import { buildWorld, type World } from '../../demo/world.js';
import { appendRows, type Row } from '../../store/append.js';
import type { Store } from '../../store/db.js';
import { resolveSchools } from '../../store/school-identity.js';

export interface WorldOptions {
  seed: number;
  schools: number;
  years?: number;
  effect?: number;
}

export async function loadWorld(store: Store, o: WorldOptions): Promise<World> {
  const w = buildWorld(o.seed, o.schools, o.years ?? 5, 2026, o.effect);
  const c = store.conn;
  for (const s of w.schools)
    await c.run(
      `INSERT INTO schools (school_code, name, short_name, municipality, school_type, settlement_type, enrolment) VALUES ($c, $n, $sn, 'Тестовый район', $t, $st, $e)`,
      { c: s.code, n: s.name, sn: s.shortName, t: s.type, st: s.settlement, e: s.enrolment },
    );
  await c.run(`INSERT INTO school_ids SELECT school_code, 'registry', school_code FROM schools`);
  const works = [...vprCatalog().values()].filter(
    (x) => ['Русский язык', 'Математика'].includes(x.subject) && x.grade >= 4 && x.grade <= 8,
  );
  const workRows: Row[] = [],
    pupils: Row[] = [];
  let no = 0;
  for (const y of w.years) {
    for (const work of works) {
      workRows.push([
        1,
        no,
        'ВПР',
        y.label,
        work.subject,
        work.grade,
        work.grade,
        null,
        work.max,
        [],
        [],
        null,
        'весна',
      ]);
      for (const r of vprResults(w, y, work)) {
        if (r.absent) continue;
        pupils.push([
          1,
          no,
          null,
          null,
          r.school.code,
          null,
          null,
          `${no}-${r.e.pupil.id}`,
          null,
          r.e.className,
          null,
          'present',
          null,
          r.total,
          vprMark(work, r.total),
          false,
          null,
          r.journal,
          [],
          null,
        ]);
      }
      no++;
    }
  }
  await appendRows(
    c,
    'works',
    [
      'int',
      'int',
      'varchar',
      'varchar',
      'varchar',
      'int',
      'int',
      'date',
      'double',
      'varchar[]',
      'double[]',
      'varchar',
      'varchar',
    ],
    workRows,
  );
  await appendRows(
    c,
    'pupil_results',
    [
      'int',
      'int',
      'varchar',
      'int',
      'varchar',
      'varchar',
      'varchar',
      'varchar',
      'varchar',
      'varchar',
      'varchar',
      'varchar',
      'varchar',
      'double',
      'int',
      'bool',
      'double',
      'int',
      'double[]',
      'varchar',
    ],
    pupils,
  );
  for (const s of w.schools.filter((x) => x.programme)) {
    const start = w.years[s.programme!.startIdx]!.label;
    await c.run(
      `INSERT INTO programmes (upload_id, school_ref, name, start_year, end_year) VALUES (2, $s, 'Программа', $y, NULL)`,
      { s: s.code, y: start },
    );
  }
  await resolveSchools(c); // written directly, resolved as ingest would
  return w;
}
