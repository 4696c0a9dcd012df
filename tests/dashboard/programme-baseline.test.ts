// Both baselines on the pages (tests/dashboard/programme-fixture.ts, school B): the passport says 36 % at risk,
// Ориентир measured 30 % — beyond the fixture's 4 p.p. tolerance — and the plan (−5 p.p. by the passport) runs from 30 %;
// the official ИОР reported by the school (0,410) is shown with Ориентир's ИОР [R] of the same years beside it.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closeStore, type Store } from '../../store/db.js';
import { xlsxCells } from '../security/helpers.js';
import { Client, listen, type Running } from './http.js';
import { A, B, PASSWORD, programmeStore } from './programme-fixture.js';

let store: Store, app: Running;
beforeAll(async () => {
  ({ store } = await programmeStore());
  app = await listen(store);
});
afterAll(async () => {
  await app?.close();
  if (store) await closeStore(store);
});

const as = async (login: string) => {
  const c = new Client(app.base);
  expect((await c.login(login, PASSWORD)).status).toBe(303);
  return c;
};
const figure = (page: string, key: string) =>
  new RegExp(`<figure class="chart programme-indicator" id="ind-${key}">[\\s\\S]*?</figure>`).exec(page)?.[0] ?? '';

describe('passport and measured baselines on the pages', () => {
  it('the «Программа» tab shows both numbers, the note with the tolerance in force, and the passport plan beside the adjusted one', async () => {
    const page = await (await (await as(`head-${B}`)).get(`/schools/${B}/programme`)).text();
    const risk = figure(page, 'at_risk_share__');
    expect(risk).toContain('Базовое значение по данным Ориентира: 30,0 %; по паспорту: 36,0 % (2023/24)');
    expect(risk).toMatch(
      /<p class="notice baseline-differs">Базовые значения расходятся больше допустимого \(4,0 п\. п\.\): по паспорту 36,0 %, по данным Ориентира 30,0 %\. Статус считается от значения Ориентира/,
    );
    // The table: the plan judged (25,0 %) and the passport's (31,0 %; 36,0 % in the baseline year).
    expect(risk).toContain('План (от базы Ориентира)');
    expect(risk).toMatch(/<td class="num">25,0 % \(цель паспорта\)<\/td>\s*<td class="num">31,0 %<\/td>/);
    expect(risk).toMatch(/<td class="num">база<\/td>\s*<td class="num">36,0 %<\/td>/);
    expect(risk).toContain('prog-off_track');
    // The official ИОР has no note (its baselines agree) and carries Ориентир's ИОР [R].
    const ior = figure(page, 'ior_official__');
    expect(ior).toContain('ИОР (официальный, по данным региона)');
    expect(ior).toContain('Базовое значение 0,400 (2023/24)');
    expect(ior).not.toContain('baseline-differs');
    expect(ior).toContain('ИОР Ориентира [R]');
    expect(ior).toMatch(/<td class="num">0,410<\/td>\s*<td class="num">0,291<\/td>/);
    expect(ior).toMatch(/<td class="num">0,400<\/td>\s*<td class="num">0,113<\/td>/);
    expect(ior).not.toContain('План по паспорту');
  });

  it('a series whose baselines agree shows one number and no note', async () => {
    const page = await (await (await as(`head-${A}`)).get(`/schools/${A}/programme`)).text();
    expect(figure(page, 'at_risk_share__')).toContain('Базовое значение 20,0 % (2023/24)');
    expect(page).not.toContain('baseline-differs');
    expect(page).not.toContain('по паспорту:');
  });

  it("/programmes: the baseline cell shows Ориентир's value and the passport's with the «≠» mark; the export carries both", async () => {
    const c = await as('kom');
    const page = await (await c.get('/programmes')).text();
    const tr = /<tr data-school="2002">[\s\S]*?<\/tr>/.exec(page)?.[0] ?? '';
    expect(tr).toMatch(
      /class="tl tl-baseline tl-differs"[^>]*><span class="tl-word">база<\/span> 30,0 %<br><span class="tl-passport">по паспорту 36,0 % <abbr[^>]*>≠<\/abbr>/,
    );
    expect(page).toMatch(/class="tl tl-baseline"[^>]*><span class="tl-word">база<\/span> 20,0 %<\/td>/); // A: one baseline
    const cells = await xlsxCells(Buffer.from(await (await c.get('/export/programmes.xlsx')).arrayBuffer()));
    expect(cells).toEqual(
      expect.arrayContaining(['База по паспорту', 'Базы расходятся больше допустимого', 'измеренной', 'паспорта']),
    );
  });
});
