// The «Программа» tab and the committee's /programmes over real HTTP on a small store with known programme marts:
// what is shown (statuses, rule and thresholds, overdue measures, exit distances, the comparison worded as evidence),
// roadmap edits (own school only, CSRF, audit, validation), the meeting export, the template and programme uploads.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { measureId } from '../../domain/measures.js';
import { programmeTemplateBuffer } from '../../ingest/formats/programme/template.js';
import { closeStore, type Store } from '../../store/db.js';
import { onDataChanged } from '../../store/version.js';
import { formulaLike, xlsxCells } from '../security/helpers.js';
import { Client, listen, ndjson, type Running } from './http.js';
import { A, B, MEASURE_A, MEASURE_A2, MEASURE_B, NAMES, PASSWORD, programmeStore } from './programme-fixture.js';

let store: Store, app: Running;
let uploads = 0;

beforeAll(async () => {
  ({ store } = await programmeStore());
  // What the server root answers with a rebuild (cli/start.ts): every committed data change but the demo's own.
  onDataChanged(store, (c) => {
    if (c !== 'demo') uploads++;
  });
  app = await listen(store, {});
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
const rows = async (sql: string) =>
  (await store.conn.runAndReadAll(sql)).getRows().map((r) => r.map((v) => (v === null ? null : String(v))));
const roadmap = () =>
  rows(
    'SELECT measure_id, school_ref, status, evidence, deadline, responsible, updated_by FROM roadmap_measures ORDER BY measure_id',
  );
const audit = (action: string) =>
  rows(`SELECT actor, target, details FROM audit_log WHERE action = '${action}' ORDER BY logged_at`);
const trOf = (page: string, id: string) => new RegExp(`<tr id="m-${id}"[^>]*>[\\s\\S]*?</tr>`).exec(page)?.[0] ?? '';

describe('the «Программа» tab', () => {
  it('shows the passport, plan vs actual per indicator with status badges, and the rule with the thresholds in force', async () => {
    for (const who of ['kom', `head-${A}`]) {
      const c = await as(who);
      const r = await c.get(`/schools/${A}/programme`);
      expect(r.status).toBe(200);
      const page = await r.text();
      expect(page).toContain('Программа профилактики учебной неуспешности');
      expect(page).toContain('Снизить долю обучающихся с рисками');
      expect(page).toMatch(
        /<a href="\/schools\/2001\/programme" class="tab active" aria-current="page">Программа<\/a>/,
      );
      expect((page.match(/data-chart="programme"/g) ?? []).length).toBe(3);
      for (const s of ['prog-on_track">в графике', 'prog-at_risk">под угрозой', 'prog-off_track">отстаёт'])
        expect(page).toContain(s);
      // The rule with the configured threshold (0.6 here, not the default 0.5).
      expect(page).toContain('сейчас 0,60');
      expect(page).toContain('пройдено не меньше 60 % пути');
      expect(page).toContain('Математика, 5 кл.');
      expect(page).not.toContain(NAMES[B]!);
    }
    const json = (await (await (await as(`head-${A}`)).get(`/api/schools/${A}/programme`)).json()) as {
      series: Record<string, { status: string }[]>;
      dataYear: string;
    };
    expect(Object.keys(json.series).sort()).toEqual(['at_risk_share||', 'c_0123456789||', 'ku|Математика|5']);
    expect(json.series['ku|Математика|5']!.map((p) => p.status)).toEqual(['baseline', 'off_track', 'no_data']);
    expect(json.dataYear).toBe('2024/25');
  });

  it('the roadmap highlights overdue measures and carries edit forms with the session CSRF token', async () => {
    const c = await as(`head-${A}`);
    const page = await (await c.get(`/schools/${A}/programme`)).text();
    expect(trOf(page, MEASURE_A)).toMatch(/class="overdue"/);
    expect(trOf(page, MEASURE_A)).toContain('просрочено');
    expect(trOf(page, MEASURE_A2)).not.toMatch(/class="overdue"/);
    expect(page).toContain(`action="/schools/${A}/programme/roadmap/${MEASURE_A}"`);
    expect(page).toContain(`name="_csrf" value="${c.csrf}"`);
    expect(page).toContain('Просрочено: 1');
  });

  it('exit criteria show the value, the threshold and the distance in the unit of the indicator', async () => {
    const page = await (await (await as(`head-${A}`)).get(`/schools/${A}/programme`)).text();
    const exit =
      /<table class="exit">[\s\S]*?<\/table>/.exec(page)?.[0] ??
      /<table class="data exit">[\s\S]*?<\/table>/.exec(page)![0];
    expect(exit).toContain('0,438');
    expect(exit).toContain('0,028'); // index
    expect(exit).toContain('1,0 п. п.'); // share
    expect(exit).toContain('не выполнен');
  });

  it('the comparison with similar schools is worded as evidence; a head sees no comparison built on fewer than 3 schools', async () => {
    const own = await (await (await as(`head-${A}`)).get(`/schools/${A}/programme`)).text();
    expect(own).toContain('Это свидетельство, а не вердикт');
    expect(own).toContain('изменение лучше, чем у похожих школ');
    expect(own).toContain('+5,0 п. п.');
    const small = await (await (await as(`head-${B}`)).get(`/schools/${B}/programme`)).text();
    expect(small).toContain('сравнение не показывается');
    expect(small).not.toContain('−1,0 п. п.');
    const api = (await (await (await as(`head-${B}`)).get(`/api/schools/${B}/programme`)).json()) as {
      effect: { school_code: string | null; effect: number | null; control_change: number | null }[];
    };
    expect(api.effect.find((e) => e.school_code === B)).toMatchObject({ effect: null, control_change: null });
    const committee = await (await (await as('kom')).get(`/schools/${B}/programme`)).text();
    expect(committee).toContain('−1,0 п. п.');
  });

  it("a school head cannot open another school's programme, its JSON, export or template", async () => {
    const c = await as(`head-${A}`);
    for (const url of [
      `/schools/${B}/programme`,
      `/api/schools/${B}/programme`,
      `/export/programmes.xlsx?school=${B}`,
      `/templates/programme.xlsx?school=${B}`,
      '/programmes',
      '/api/programmes',
    ])
      expect((await c.get(url)).status, url).toBe(403);
  });
});

describe('roadmap edits', () => {
  it('a head edits a measure of their own school: saved, shown at once, audited with before and after', async () => {
    const c = await as(`head-${A}`);
    const r = await c.form(`/schools/${A}/programme/roadmap/${MEASURE_A}`, {
      _csrf: c.csrf,
      status: 'done',
      evidence: 'Приказ № 15 от 02.12.2024',
      deadline: 'до 18.12.2024',
      responsible: 'Заместитель директора по УВР',
    });
    expect(r.status).toBe(303);
    expect(r.headers.get('location')).toBe(`/schools/${A}/programme#m-${MEASURE_A}`);
    const page = await (await c.get(`/schools/${A}/programme`)).text();
    expect(page).toContain('Изменения сохранены: статус «выполнено».');
    expect(trOf(page, MEASURE_A)).toContain('выполнено');
    expect(trOf(page, MEASURE_A)).toContain('Приказ № 15 от 02.12.2024');
    expect(trOf(page, MEASURE_A)).not.toMatch(/class="overdue"/); // done is never overdue
    const m = (await roadmap()).find((x) => x[0] === MEASURE_A)!;
    expect(m.slice(2)).toEqual([
      'done',
      'Приказ № 15 от 02.12.2024',
      '2024-12-18',
      'Заместитель директора по УВР',
      `head-${A}`,
    ]);
    const [entry] = await audit('roadmap.update');
    expect(entry![0]).toBe(`head-${A}`);
    expect(entry![1]).toBe(`${A}/${MEASURE_A}`);
    expect(JSON.parse(entry![2]!)).toMatchObject({
      before: { status: 'in_progress' },
      after: { status: 'done', evidence: 'Приказ № 15 от 02.12.2024' },
    });
  });

  it("a head's POST to another school's roadmap is 403 and changes nothing, by either URL", async () => {
    const c = await as(`head-${A}`);
    const before = await roadmap();
    const edit = { _csrf: c.csrf, status: 'cancelled', evidence: 'чужое', deadline: '', responsible: '' };
    expect((await c.form(`/schools/${B}/programme/roadmap/${MEASURE_B}`, edit)).status).toBe(403);
    // Own school in the URL, another school's measure: refused too.
    const cross = await c.form(`/schools/${A}/programme/roadmap/${MEASURE_B}`, edit);
    expect(cross.status).toBe(403);
    expect(await cross.text()).toContain('другой образовательной организации');
    expect((await c.form(`/schools/${B}/programme/roadmap`, { ...edit, title: 'Чужое мероприятие' })).status).toBe(403);
    const up = new FormData();
    up.append(
      'files',
      new Blob([new Uint8Array(await programmeTemplateBuffer({ school: { code: B } }))]),
      'Шаблон программы.xlsx',
    );
    expect(
      (
        await c.req(`/api/schools/${B}/programme/uploads`, {
          method: 'POST',
          body: up,
          headers: { 'x-csrf-token': c.csrf },
        })
      ).status,
    ).toBe(403);
    expect(await roadmap()).toEqual(before);
    expect((await audit('roadmap.denied')).map((x) => x[1])).toEqual([`${A}/${MEASURE_B}`]);
  });

  it('without the CSRF token, or with invalid values, nothing changes (Russian messages)', async () => {
    const c = await as(`head-${A}`);
    const before = await roadmap();
    expect((await c.form(`/schools/${A}/programme/roadmap/${MEASURE_A2}`, { status: 'done' })).status).toBe(403);
    expect(
      (await c.form(`/schools/${A}/programme/roadmap/${MEASURE_A2}`, { _csrf: 'x'.repeat(32), status: 'done' })).status,
    ).toBe(403);
    const bad: [Record<string, string>, RegExp][] = [
      [{ status: 'сделаем потом' }, /Статус не выбран или неизвестен/],
      [{ status: 'done', deadline: '31.02.2025' }, /Срок: дата «31\.02\.2025» не существует/],
      [{ status: 'done', evidence: 'я'.repeat(2001) }, /длиннее 2000 символов/],
    ];
    for (const [fields, message] of bad) {
      const r = await c.form(`/schools/${A}/programme/roadmap/${MEASURE_A2}`, { _csrf: c.csrf, ...fields });
      expect(r.status).toBe(303);
      expect(await (await c.get(`/schools/${A}/programme`)).text()).toMatch(message);
    }
    expect(
      (await c.form(`/schools/${A}/programme/roadmap/m_0000000000000000`, { _csrf: c.csrf, status: 'done' })).status,
    ).toBe(404);
    expect(await roadmap()).toEqual(before);
  });

  it('the committee edits any school; a measure is added with the id its later import will have, a repeat is refused', async () => {
    const k = await as('kom');
    expect(
      (
        await k.form(`/schools/${B}/programme/roadmap/${MEASURE_B}`, {
          _csrf: k.csrf,
          status: 'missed',
          evidence: 'Собрание перенесено',
          deadline: 'октябрь 2024',
          responsible: 'Директор',
        })
      ).status,
    ).toBe(303);
    expect((await roadmap()).find((x) => x[0] === MEASURE_B)!.slice(2, 4)).toEqual(['missed', 'Собрание перенесено']);
    const c = await as(`head-${A}`);
    const add = {
      _csrf: c.csrf,
      section: '3. Работа с родителями',
      title: 'Консультации для родителей обучающихся группы риска',
      deadline: 'в течение года',
      responsible: 'Педагог-психолог',
      expected_result: 'Охват не менее 80 % родителей',
      status: 'planned',
    };
    const r = await c.form(`/schools/${A}/programme/roadmap`, add);
    const id = measureId(A, add.section, add.title);
    expect(r.headers.get('location')).toBe(`/schools/${A}/programme#m-${id}`);
    const row = (
      await rows(
        `SELECT school_ref, section, title, deadline, deadline_text, status, updated_by FROM roadmap_measures WHERE measure_id = '${id}'`,
      )
    )[0];
    expect(row).toEqual([A, add.section, add.title, '2025-08-31', 'в течение года', 'planned', `head-${A}`]); // the programme's first school year
    expect(await (await c.get(`/schools/${A}/programme`)).text()).toContain(add.title);
    await c.form(`/schools/${A}/programme/roadmap`, add);
    expect(await (await c.get(`/schools/${A}/programme`)).text()).toContain('уже есть в дорожной карте');
    expect((await rows(`SELECT count(*) FROM roadmap_measures WHERE measure_id = '${id}'`))[0]![0]).toBe('1');
    expect((await audit('roadmap.add')).map((x) => x[1])).toEqual([`${A}/${id}`]);
  });
});

describe('committee view and exports', () => {
  it('/programmes: every programme school × indicator as a traffic light with words, and the roadmap and exit counts', async () => {
    const page = await (await (await as('kom')).get('/programmes')).text();
    const matrix = /<table class="data matrix"[\s\S]*?<\/table>/.exec(page)![0];
    expect(matrix).toContain(NAMES[A]!);
    expect(matrix).toContain(NAMES[B]!);
    expect(matrix).not.toContain(NAMES['2003']!);
    expect(matrix).toMatch(
      /class="tl tl-on_track"[^>]*><span class="tl-word">в графике<\/span>\s*<span class="tl-values">16,0 % \/ 17,0 %/,
    );
    expect(matrix).toMatch(/class="tl tl-off_track"[^>]*><span class="tl-word">отстаёт<\/span>/);
    expect(matrix).toMatch(/class="tl tl-plan"[^>]*>план 15,0 %/); // 2025/26 is still ahead: the plan, no verdict
    expect(matrix).toMatch(/class="tl tl-baseline"[^>]*><span class="tl-word">база<\/span> 20,0 %/);
    expect(matrix).toContain('Число наставнических пар'); // the school's own indicator
    expect(matrix).toContain('собственный показатель ОО');
    expect(matrix).toMatch(/Дорожная карта: выполнено \d+ из \d+/);
    expect(matrix).toContain('Критерии выхода: 0 из 2 (2024/25)');
    expect((matrix.match(/<tbody class="school-block">/g) ?? []).length).toBe(2);
    expect(page).toContain('Все ОО с программами');
    expect(page).toMatch(
      /По муниципалитету:<\/strong> не отличается от похожих школ \(ОО с программами: 2, похожих ОО в сравнении: 7\)/,
    );
    expect(page).toContain('data-chart="programme-effect"');
    const api = (await (await (await as('kom')).get('/api/programmes')).json()) as {
      year: string;
      effect: Record<string, { points: { district: boolean }[] }>;
    };
    expect(api.year).toBe('2024/25');
    expect(api.effect.ku!.points.filter((p) => p.district)).toHaveLength(1);
  });

  it('/export/programmes.xlsx: the committee gets every school, a head only their own rows; no cell runs as a formula', async () => {
    const all = await xlsxCells(
      Buffer.from(await (await (await as('kom')).get('/export/programmes.xlsx')).arrayBuffer()),
    );
    expect(all).toEqual(expect.arrayContaining([NAMES[A], NAMES[B], 'отстаёт', 'в графике', 'Все ОО с программами']));
    expect(all.filter(formulaLike)).toEqual([]);
    const r = await (await as(`head-${A}`)).get('/export/programmes.xlsx');
    expect(r.headers.get('content-disposition')).toMatch(/^attachment; filename="orientir-programmes-2001\.xlsx"/);
    const own = await xlsxCells(Buffer.from(await r.arrayBuffer()));
    expect(own).toContain(NAMES[A]);
    expect(own.filter((x) => x === B || x.includes(NAMES[B]!) || x.includes('Родительские собрания'))).toEqual([]);
    expect(own).toContain('Все ОО с программами');
  });

  it('/templates/programme.xlsx: a head gets the template pre-filled with their own programme; the committee a blank one', async () => {
    const head = await xlsxCells(
      Buffer.from(await (await (await as(`head-${A}`)).get('/templates/programme.xlsx')).arrayBuffer()),
    );
    expect(head).toEqual(
      expect.arrayContaining([
        A,
        'Программа профилактики учебной неуспешности',
        'Курсы повышения квалификации по работе с низкомотивированными обучающимися',
        'Число наставнических пар',
      ]),
    );
    const blank = await xlsxCells(
      Buffer.from(await (await (await as('kom')).get('/templates/programme.xlsx')).arrayBuffer()),
    );
    expect(blank).not.toContain(A);
    expect(blank.length).toBeGreaterThan(20);
  });
});

describe('uploads of the programme workbook', () => {
  const upload = async (c: Client, code: string, bytes: Buffer, name = 'Шаблон программы.xlsx') => {
    const fd = new FormData();
    fd.append('files', new Blob([new Uint8Array(bytes)]), name);
    const r = await c.req(`/api/schools/${code}/programme/uploads`, {
      method: 'POST',
      body: fd,
      headers: { 'x-csrf-token': c.csrf },
    });
    expect(r.status).toBe(200);
    return ndjson(await r.text()).find((e) => e.type === 'report')!.report as { status: string; message: string };
  };
  const passport = { name: 'Программа профилактики учебной неуспешности', startYear: '2024/25', endYear: '2025/26' };

  it('a workbook of another school, or another kind of file, is rejected and the store is unchanged', async () => {
    const c = await as(`head-${A}`);
    const before = [await roadmap(), await rows('SELECT * FROM programmes ORDER BY school_ref')];
    const other = await upload(
      c,
      A,
      await programmeTemplateBuffer({
        school: { code: B },
        passport,
        roadmap: [{ title: 'Чужое мероприятие', deadline: 'май 2025' }],
      }),
    );
    expect(other.status).toBe('rejected');
    const csv = await upload(c, A, Buffer.from('Код ОО;Наименование\n2001;Школа\n', 'utf8'), 'реестр.csv');
    expect(csv.status).toBe('rejected');
    expect([await roadmap(), await rows('SELECT * FROM programmes ORDER BY school_ref')]).toEqual(before);
    expect(uploads).toBe(0);
  });

  it("the school's own workbook loads (the roadmap keeps the statuses set in the dashboard) and is audited", async () => {
    const c = await as(`head-${A}`);
    const report = await upload(
      c,
      A,
      await programmeTemplateBuffer({
        school: { code: A, name: NAMES[A] },
        passport,
        roadmap: [
          {
            section: '1. Работа с педагогами',
            title: 'Курсы повышения квалификации по работе с низкомотивированными обучающимися',
            deadline: 'ноябрь 2024',
            responsible: 'Заместитель директора по УВР',
          },
        ],
      }),
    );
    expect(report.status, report.message).toBe('loaded');
    expect(uploads).toBe(1);
    const m = (await roadmap()).find((x) => x[0] === MEASURE_A)!;
    expect(m[2]).toBe('done'); // carried over from the edit above
    expect((await audit('programme.upload')).at(-1)![2]).toMatch(/"school":"2001"/);
    expect((await roadmap()).filter((x) => x[1] === B)).toHaveLength(1); // B untouched
  });
});
