// «Похожие школы» (#16 item 4): the group has at least `similar_min_group` other schools with data — otherwise it is
// widened (without the size band → the same settlement → the municipality) and the page says which group and why;
// no median or IQR over fewer schools; ИОР on its own panel in index units, the shares on a % axis.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DemoLogins } from '../../cli/bootstrap.js';
import { renderChart } from '../../dashboard/charts/render.js';
import type { SimilarData } from '../../dashboard/data/similar.js';
import { loadConfig } from '../../domain/methodology.js';
import { closeStore, type Store } from '../../store/db.js';
import { demoStore } from '../helpers/demo-store.js';
import { Client, listen, type Running } from './http.js';

const MIN = loadConfig().params.similar_min_group!.value;
const ticks = (svg: string): string[] => [...svg.matchAll(/<text[^>]*>([^<]*)<\/text>/g)].map((m) => m[1]!);

async function open(o: { min?: number } = {}): Promise<{ store: Store; logins: DemoLogins; app: Running }> {
  const { store, logins } = await demoStore();
  if (o.min !== undefined)
    await store.conn.run(`UPDATE cfg_params SET value = ${o.min} WHERE key = 'similar_min_group'`);
  return { store, logins, app: await listen(store) };
}

describe('the comparison group', () => {
  let store: Store, logins: DemoLogins, app: Running, c: Client;
  beforeAll(async () => {
    ({ store, logins, app } = await open());
    c = new Client(app.base);
    expect((await c.login(logins.committee, logins.password)).status).toBe(303);
  });
  afterAll(async () => {
    await app?.close();
    await closeStore(store);
  });

  const similar = async (code: string) => (await (await c.get(`/api/schools/${code}/similar`)).json()) as SimilarData;

  it('the minimum is a config threshold of at least 3', () => {
    expect(MIN).toBeGreaterThanOrEqual(3);
  });

  it('a gymnasium with one other gymnasium is compared with a wider group, and the page says which and why', async () => {
    const gym = logins.schools.find((s) => /Гимназия № 1/.test(s.name))!.schoolCode;
    const d = await similar(gym);
    expect(d.group.others).toBeGreaterThanOrEqual(MIN);
    expect(d.group.level).toBeGreaterThan(0);
    expect(d.group.tooSmall[0]!.others).toBeLessThan(MIN);
    expect(d.group.tooSmall[0]!.title).toMatch(/того же типа \(гимназия\), типа поселения \(город\) и размера/);
    for (const st of d.stats) {
      if (st.n < MIN) expect(st.median, st.indicator).toBeNull();
      else expect(st.median, st.indicator).not.toBeNull();
    }
    expect(d.stats.some((st) => st.median !== null)).toBe(true);
    const page = await (await c.get(`/schools/${gym}/similar`)).text();
    expect(page).toContain('Группа расширена');
    expect(page).toContain(`Группа сравнения — <strong>${d.group.title}</strong>`);
    expect(page).toContain('порог «Похожие школы: минимум других ОО в группе сравнения»');
  });

  it('a group large enough is kept as it is; an indicator nobody in the group has (ЕГЭ for ООШ) is left out', async () => {
    const oosh = String(
      (
        await store.conn.runAndReadAll(
          `SELECT school_code FROM schools WHERE school_type = 'ООШ' ORDER BY school_code LIMIT 1`,
        )
      ).getRows()[0]![0],
    );
    const d = await similar(oosh);
    expect(d.group.level).toBe(0);
    expect(d.group.tooSmall).toEqual([]);
    expect(d.stats.map((s) => s.indicator)).not.toContain('ЕГЭ: ниже минимума');
    expect(d.stats.find((s) => s.indicator === 'ИОР')!.median).not.toBeNull();
  });

  it('ИОР on its own panel in index units, the shares on a % axis', async () => {
    const code = logins.schools[0]!.schoolCode;
    const d = await similar(code);
    const page = await (await c.get(`/schools/${code}/similar`)).text();
    expect(page).toContain('id="similar-index"');
    expect(page).toContain('id="similar"');
    expect(page).toContain('data-opts="{&quot;part&quot;:&quot;index&quot;}"');
    const index = ticks(renderChart('similar', d, '', { part: 'index' }));
    expect(index).toContain('ИОР');
    expect(index).toEqual(expect.arrayContaining(['0,0', '0,4', '1,0']));
    expect(index.some((t) => t.includes('%'))).toBe(false);
    const shares = ticks(renderChart('similar', d, '', { part: 'shares' }));
    expect(shares).not.toContain('ИОР');
    expect(shares).toEqual(expect.arrayContaining(['0 %', '40 %', '100 %']));
    expect(page).toMatch(/<td class="num">0,\d{3}<\/td>/); // ИОР with three decimals in the table
  });
});

describe('a municipality too small for the minimum', () => {
  let store: Store, logins: DemoLogins, app: Running;
  beforeAll(async () => {
    ({ store, logins, app } = await open({ min: 30 }));
  });
  afterAll(async () => {
    await app?.close();
    await closeStore(store);
  });

  it('draws no median or IQR at all and says so', async () => {
    const c = new Client(app.base);
    expect((await c.login(logins.committee, logins.password)).status).toBe(303);
    const code = logins.schools[0]!.schoolCode;
    const d = (await (await c.get(`/api/schools/${code}/similar`)).json()) as SimilarData;
    expect(d.group.minGroup).toBe(30);
    expect(d.group.level).toBe(3);
    expect(d.group.title).toBe('все ОО муниципалитета');
    expect(d.stats.length).toBeGreaterThan(0);
    expect(d.stats.every((s) => s.median === null && s.q1 === null && s.q3 === null)).toBe(true);
    const svg = renderChart('similar', d, '', { part: 'shares' });
    expect(svg).not.toContain('<rect'); // no IQR bars
    const page = await (await c.get(`/schools/${code}/similar`)).text();
    expect(page).toContain('Даже среди всех ОО муниципалитета других ОО с данными меньше 30');
    expect(page).toContain('мало данных');
  });
});
