// Freshness job: which schools have not uploaded the files the assessment calendar expects for the current
// school year (items whose due date has passed). The result is kept in `freshness` and shown on the overview.

import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { listValue } from '@duckdb/node-api';
import type { JobSettings } from '../domain/job-settings.js';
import { yearLabel } from '../ingest/index.js';
import type { Store } from '../store/db.js';
import { localParts } from './dates.js';

const SQL = fileURLToPath(new URL('./sql/freshness.sql', import.meta.url));

/** The school year whose items fall due this calendar year (spring exams of Y belong to (Y−1)/Y; from September on we still check it). */
export function currentSchoolYear(now = new Date(), timeZone = 'Europe/Moscow'): string {
  return yearLabel(localParts(now, timeZone).year - 1);
}

export async function runFreshness(
  store: Store,
  s: JobSettings,
  now = new Date(),
): Promise<{ schoolYear: string; missing: number }> {
  // Calendar day in the committee's zone (not UTC, not the server's zone).
  const local = localParts(now, s.timezone);
  const schoolYear = currentSchoolYear(now, s.timezone);
  const mmdd = `${String(local.month).padStart(2, '0')}-${String(local.day).padStart(2, '0')}`;
  // After the summer, every item of the finished year is due.
  const due = s.calendar.filter((c) => local.month >= 9 || c.due <= mmdd);
  const items = due.flatMap((c) =>
    c.grades?.length ? c.grades.map((g) => `${c.item}|${c.assessment}|${g}`) : [`${c.item}|${c.assessment}|`],
  );
  const rows =
    items.length === 0
      ? []
      : (
          await store.conn.runAndReadAll(readFileSync(SQL, 'utf8'), {
            items: listValue(items),
            school_year: schoolYear,
          })
        ).getRows();
  await store.conn.run('BEGIN TRANSACTION');
  try {
    await store.conn.run('DELETE FROM freshness');
    for (const r of rows)
      await store.conn.run('INSERT INTO freshness VALUES (current_timestamp, $y, $s, $i)', {
        y: schoolYear,
        s: String(r[0]),
        i: String(r[2]),
      });
    await store.conn.run('COMMIT');
  } catch (e) {
    await store.conn.run('ROLLBACK');
    throw e;
  }
  return { schoolYear, missing: rows.length };
}
