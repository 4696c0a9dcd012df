// The school registry (our own documented layout, xlsx or CSV):
// Код ОО | Наименование | Краткое наименование | Логин ФИС ОКО | Прежний логин ФИС ОКО | Код ОО РЦОИ | Муниципалитет |
// Тип ОО | Тип населённого пункта | Численность обучающихся | Доля обучающихся с ОВЗ, % |
// Доля обучающихся, для которых русский язык не родной, %.
// Only «Код ОО» and «Наименование» are required; headers match loosely (case, ё/е, extra words).
// Shares follow shares.ts: per column, percents when any value is > 1 or has «%», else fractions.

import { cellText, normText, toCode, toNumber } from '../../read/values.js';
import type { Cell, FormatModule, ParseContext, SchoolRecord, Sheet, Workbook, WorkbookProbe } from '../../types.js';
import {
  type ColumnSpec,
  captions,
  duplicateColumnText,
  duplicatedColumn,
  headerHits,
  parseEachSheet,
  type RowReporter,
  readTable,
  shown,
} from '../table.js';
import { settlementType } from './settlement.js';
import { readShare, shareScale } from './shares.js';

type Key =
  | 'rcoi'
  | 'code'
  | 'short'
  | 'name'
  | 'loginOld'
  | 'login'
  | 'municipality'
  | 'settlement'
  | 'type'
  | 'enrolment'
  | 'ovz'
  | 'nonNative';

// Order matters: specific captions claim their columns before the generic ones («Код ОО РЦОИ» before «Код ОО»).
const SPECS: ColumnSpec<Key>[] = [
  { key: 'rcoi', caption: 'Код ОО РЦОИ', match: /рцои|код (огэ|егэ|гиа)/ },
  {
    key: 'code',
    caption: 'Код ОО',
    match: /^код (оо|оу|школы|организации|образовательной организации)(?![\p{L}\d])/u,
    required: true,
  },
  { key: 'short', caption: 'Краткое наименование', match: /кратк|сокращ/ },
  { key: 'name', caption: 'Наименование', match: /наименован|название/, required: true },
  { key: 'loginOld', caption: 'Прежний логин ФИС ОКО', match: /логин.*(прежн|стар)|(прежн|стар)\p{L}* логин/u },
  { key: 'login', caption: 'Логин ФИС ОКО', match: /логин/ },
  { key: 'municipality', caption: 'Муниципалитет', match: /муниципал|^район|^мо$/ },
  { key: 'settlement', caption: 'Тип населённого пункта', match: /населенн|поселени|местност|город\s*\/\s*село/ },
  {
    key: 'type',
    caption: 'Тип ОО',
    match: /^(тип|вид)( оо| оу| организации| школы)?$|^тип (оо|оу|организац|школ)|^вид (оо|оу)/,
  },
  {
    key: 'enrolment',
    caption: 'Численность обучающихся',
    match: /численност|количество обучающихся|контингент|число обучающихся/,
  },
  { key: 'ovz', caption: 'Доля обучающихся с ОВЗ, %', match: /овз|ограниченн\p{L}* возможност/u },
  {
    key: 'nonNative',
    caption: 'Доля обучающихся, для которых русский язык не родной, %',
    match: /не родн|неродн|не является родн/,
  },
];
// Pupil-level files also have «Код ОО»: a registry never has these.
const PUPIL_WORDS = /фамилия|код участника|первичный балл|отметка|вариант|показател/;
const LOGIN = /^(sch|ksh|edu)\d{6}$/;

function detect(probe: WorkbookProbe): number {
  const hits = headerHits(probe.sheets, SPECS);
  if (hits < 2) return 0;
  const pupilish = probe.sheets.some((s) =>
    s.rows.slice(0, 30).some((r) => r.some((c) => PUPIL_WORDS.test(normText(c)))),
  );
  if (pupilish) return 0.2;
  return Math.min(0.98, 0.7 + 0.07 * (hits - 2));
}

function loginOf(v: Cell | undefined, rep: RowReporter, rowNo: number, col: number): string | null {
  const t = cellText(v).toLowerCase();
  if (!t) return null;
  if (!LOGIN.test(t))
    rep.warning(
      rowNo,
      col,
      `«${shown(v)}» не похож на логин ФИС ОКО (sch220150, ksh220001 или edu223843); значение сохранено как есть.`,
    );
  return t;
}

async function parseSheet(
  book: Workbook,
  sheet: Sheet,
  ctx: ParseContext,
  seen: Map<string, string>,
): Promise<boolean> {
  const h = await readTable(book, sheet, ctx, SPECS);
  if (!h) return false;
  const { header, headerRow, rep, data } = h;
  const dup = duplicatedColumn(header, SPECS, h.cols);
  if (dup) throw rep.rejection(headerRow, dup.spec.caption, duplicateColumnText(header, dup.first, dup.second));
  const col = (k: Key) => h.cols.get(k);
  const scales = new Map<Key, ReturnType<typeof shareScale>>();
  for (const k of ['ovz', 'nonNative'] as const) {
    const c = col(k);
    if (c === undefined) continue;
    const scale = shareScale(data.map((r) => r.cells[c]));
    scales.set(k, scale);
    if (scale === 'fraction' && data.some((r) => (toNumber(r.cells[c]) ?? 0) > 0))
      rep.fileWarning(
        headerRow,
        c,
        'все значения столбца не больше 1 — они прочитаны как доли единицы (0,075 = 7,5 %). Если это проценты, укажите их со знаком «%».',
      );
  }
  for (const { rowNo, cells } of data) {
    let bad = false;
    const fail = (c: number | undefined, text: string) => {
      bad = true;
      rep.error(rowNo, c ?? null, text);
    };
    const text = (k: Key) => {
      const c = col(k);
      return c === undefined ? '' : cellText(cells[c]).replace(/\s+/g, ' ');
    };
    const code = toCode(cells[col('code')!]);
    const name = text('name');
    if (!code) fail(col('code'), 'не указан код ОО — строка пропущена.');
    if (!name) fail(col('name'), 'не указано наименование ОО — строка пропущена.');
    if (code && seen.has(code))
      fail(col('code'), `код ОО «${code}» уже встречался (${seen.get(code)}); коды в реестре должны быть уникальны.`);
    const share = (k: 'ovz' | 'nonNative'): number | null => {
      const c = col(k);
      if (c === undefined) return null;
      const r = readShare(cells[c], scales.get(k)!);
      if (!r.ok) {
        fail(c, r.message);
        return null;
      }
      return r.value;
    };
    const ovzShare = share('ovz');
    const nonNativeShare = share('nonNative');
    let enrolment: number | null = null;
    const ce = col('enrolment');
    if (ce !== undefined && cellText(cells[ce]) !== '') {
      const n = toNumber(cells[ce]);
      if (n === null || !Number.isInteger(n))
        fail(ce, `«${shown(cells[ce])}» — численность обучающихся должна быть целым числом.`);
      else if (n < 0) fail(ce, `численность обучающихся не может быть отрицательной (${n}).`);
      else enrolment = n;
    }
    let settlement: string | null = null;
    const cs = col('settlement');
    if (cs !== undefined) {
      const s = settlementType(cellText(cells[cs]));
      if (s === undefined)
        rep.warning(
          rowNo,
          cs,
          `тип населённого пункта «${cellText(cells[cs])}» не распознан (ожидается «город» или «село»); оставлен пустым.`,
        );
      else settlement = s;
    }
    const cl = col('login'),
      co = col('loginOld');
    const login = cl === undefined ? null : loginOf(cells[cl], rep, rowNo, cl);
    const loginOld = co === undefined ? null : loginOf(cells[co], rep, rowNo, co);
    if (bad) continue;
    seen.set(code, rep.ref(rowNo));
    const cr = col('rcoi');
    const rec: SchoolRecord = {
      sheet: sheet.name,
      rowNo,
      schoolCode: code,
      name,
      shortName: text('short') || null,
      fisokoLogin: login,
      fisokoLoginOld: loginOld,
      rcoiCode: cr === undefined ? null : toCode(cells[cr]) || null,
      municipality: text('municipality') || null,
      schoolType: text('type') || null,
      settlementType: settlement,
      enrolment,
      ovzShare,
      nonNativeShare,
    };
    ctx.emitSchool(rec);
  }
  ctx.progress(data.length);
  return true;
}

export const registry: FormatModule = {
  id: 'school-registry',
  title: 'Реестр образовательных организаций',
  detect,
  async parse(book, ctx) {
    const seen = new Map<string, string>();
    await parseEachSheet(
      book,
      (sheet) => parseSheet(book, sheet, ctx, seen),
      `Не найдена шапка реестра ОО: нужны как минимум столбцы ${captions(['Код ОО', 'Наименование'])}; необязательные — ${captions(SPECS.filter((s) => !s.required).map((s) => s.caption))}.`,
    );
  },
};
