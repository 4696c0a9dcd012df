// «Методика» (#16 item 5): says who changes the thresholds and how (nothing on the page pretends to be editable),
// defines ШНСУ and «резильентная школа» as the product computes them, shows the parameters under Russian names (config
// keys only in the small administrators' column), no leftovers, and the [R] disclaimer once.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DemoLogins } from '../../cli/bootstrap.js';
import { loadConfig } from '../../domain/methodology.js';
import { closeStore, type Store } from '../../store/db.js';
import { demoStore } from '../helpers/demo-store.js';
import { Client, listen, type Running } from './http.js';

let store: Store,
  logins: DemoLogins,
  app: Running,
  page = '';

/** What a reader sees: tags, attributes and the administrators' key column removed. */
const visible = (html: string): string =>
  html
    .replace(/<code class="small muted">[^<]*<\/code>/g, '')
    .replace(/<(script|style)[\s\S]*?<\/\1>/g, '')
    .replace(/<[^>]+>/g, ' ')
    .replace(/&[a-z]+;|&#\d+;/g, ' ')
    .replace(/\s+/g, ' ');

beforeAll(async () => {
  ({ store, logins } = await demoStore());
  app = await listen(store);
  const c = new Client(app.base);
  expect((await c.login(logins.schools[0]!.login, logins.password)).status).toBe(303);
  page = await (await c.get('/methodology')).text();
});
afterAll(async () => {
  await app?.close();
  await closeStore(store);
});

describe('the methodology page', () => {
  it('says where the thresholds are changed, by whom, and that a rebuild follows', () => {
    const text = visible(page);
    expect(text).toContain('Кто и как меняет пороги');
    expect(text).toMatch(/config\/methodology\.json/);
    expect(text).toMatch(/администратор Ориентира по решению комитета/);
    expect(text).toMatch(/npx orientir build/);
    expect(text).not.toMatch(/комитет может изменить их здесь/i);
    expect(page).not.toMatch(/<(input|select|textarea)[^>]*name="(value|param)/);
  });

  it('defines ШНСУ and «резильентная школа» with the thresholds in force', () => {
    const text = visible(page);
    const p = loadConfig().params;
    const pct = `P${Math.round(100 * p.hard_context_percentile!.value)}`;
    const ior = String(p.resilient_ior_pct!.value.toFixed(2)).replace('.', ',');
    expect(text).toMatch(
      new RegExp(`ШНСУ — школа, работающая в сложных социальных условиях.*процентиль ИОР в учебном году ниже ${ior}`),
    );
    expect(text).toMatch(new RegExp(`Резильентная школа.*процентиль ИОР в учебном году не ниже ${ior}`));
    expect(text).toMatch(new RegExp(`Сложные условия.*ОВЗ.*русский язык не родной.*«село».*не ниже ${pct}`));
  });

  it("has no leftovers and no raw parameter keys outside the administrators' column", () => {
    const text = visible(page);
    expect(text).not.toContain('(§8');
    expect(text).not.toContain('Используется в тестах качества правил');
    const keys = Object.keys(loadConfig().params).filter((k) => k.includes('_'));
    expect(keys.filter((k) => new RegExp(`\\b${k}\\b`).test(text))).toEqual([]);
    for (const [k, v] of Object.entries(loadConfig().params)) {
      expect(page, k).toContain(`id="${k}"`);
      expect(text, k).toContain(v.title.replace(/&/g, ' '));
    }
    expect(page).toContain('Ключ в файле (для администратора)');
  });

  it('states the [R] disclaimer once and leaves «повод для анализа» to the footer', () => {
    const text = visible(page);
    expect(text.match(/а не официальн/g)?.length).toBe(1);
    expect(text.match(/повод для анализа/g)?.length).toBe(1);
  });
});
