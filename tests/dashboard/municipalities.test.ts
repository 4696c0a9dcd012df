// A store with two municipalities of a region (issue #14): the committee overview shows one municipality at a time or
// all of them; each municipality's schools, benchmark row and flag selectivity are its own.
import { rmSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DemoLogins } from '../../cli/bootstrap.js';
import { loadOverview } from '../../dashboard/data/overview.js';
import { closeStore, type Store } from '../../store/db.js';
import { queryRows } from '../../store/query.js';
import { build } from '../../transforms/runner.js';
import { demoStore } from '../helpers/demo-store.js';
import { addSecondMunicipality, FIRST, SECOND } from '../helpers/second-municipality.js';
import { Client, listen, type Running } from './http.js';

const YEAR = '2025/26';
let store: Store,
  dir = '',
  logins: DemoLogins,
  app: Running,
  client: Client;
const rows = async (sql: string) => queryRows(store.conn, sql);
const schoolLinks = (page: string) =>
  [...page.matchAll(/href="\/schools\/([^"/?]+)"/g)].map((m) => decodeURIComponent(m[1]!));

beforeAll(async () => {
  ({ store, dir, logins } = await demoStore());
  await addSecondMunicipality(store);
  expect((await build(store)).failures).toEqual([]);
  app = await listen(store);
  client = new Client(app.base);
  expect((await client.login(logins.committee, logins.password)).status).toBe(303);
}, 300_000);
afterAll(async () => {
  await app?.close();
  await closeStore(store);
  rmSync(dir, { recursive: true, force: true });
});

describe('overview of a store with several municipalities', () => {
  it('offers every municipality and shows all of them by default', async () => {
    const page = await (await client.req(`/?year=${encodeURIComponent(YEAR)}`)).text();
    expect(page).toContain(`Обзор: все муниципалитеты, ${YEAR} учебный год`);
    expect(page).toMatch(/aria-label="Муниципалитет"/);
    expect(page).toContain(`mo=${encodeURIComponent(SECOND)}`);
    expect(page).toContain(`mo=${encodeURIComponent(FIRST)}`);
    const links = schoolLinks(page);
    expect(links.some((c) => c.startsWith('B'))).toBe(true);
    expect(links.some((c) => !c.startsWith('B'))).toBe(true);
  });

  it('one municipality: its schools only, its benchmark row, its flag selectivity', async () => {
    const page = await (await client.req(`/?year=${encodeURIComponent(YEAR)}&mo=${encodeURIComponent(SECOND)}`)).text();
    expect(page).toContain(`Обзор: ${SECOND}, ${YEAR} учебный год`);
    const links = schoolLinks(page);
    const registry = await rows(`SELECT school_code FROM schools WHERE municipality = '${SECOND}' ORDER BY 1`);
    expect([...new Set(links)].sort()).toEqual(registry.map((r) => String(r.school_code)).sort());

    const o = await loadOverview(store.conn, YEAR, SECOND);
    const [mun] = await rows(`SELECT sum(n4 + n5) / sum(marked) AS ku FROM mart_school_metrics
      WHERE area_level = 'municipality' AND municipality = '${SECOND}' AND assessment = 'ВПР' AND school_year = '${YEAR}'`);
    expect(o.municipality.ku).toBeCloseTo(Number(mun!.ku), 12);
    const [idx] = await rows(
      `SELECT count(*) AS n FROM mart_index i JOIN schools s USING (school_code) WHERE s.municipality = '${SECOND}' AND i.school_year = '${YEAR}'`,
    );
    expect(o.flagCounts.length).toBeGreaterThan(0);
    for (const f of o.flagCounts) expect(f.eligible, f.flag).toBe(Number(idx!.n));
  });

  it('all municipalities together: the counts add up, the JSON the charts read follows the choice', async () => {
    const [all, a, b] = await Promise.all([
      loadOverview(store.conn, YEAR),
      loadOverview(store.conn, YEAR, FIRST),
      loadOverview(store.conn, YEAR, SECOND),
    ]);
    expect(all.mo).toBeNull();
    expect(all.schools.length).toBe(a.schools.length + b.schools.length);
    const key = (f: { flag: string; flag_level: string }) => `${f.flag}|${f.flag_level}`;
    for (const f of all.flagCounts) {
      const parts = [a, b].map((o) => o.flagCounts.find((x) => key(x) === key(f)) ?? { selected: 0 });
      expect(f.selected, key(f)).toBe(parts[0]!.selected + parts[1]!.selected);
    }
    const json = (await (
      await client.req(`/api/overview?year=${encodeURIComponent(YEAR)}&mo=${encodeURIComponent(SECOND)}`)
    ).json()) as { schools: { code: string }[] };
    expect(json.schools.map((s) => s.code).every((c) => c.startsWith('B'))).toBe(true);
    // A name that is not a municipality of the registry shows all of them.
    expect((await loadOverview(store.conn, YEAR, 'Нет такого района')).mo).toBeNull();
  });
});
