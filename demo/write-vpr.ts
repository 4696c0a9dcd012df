// ВПР per-pupil exports in the two real ФИС ОКО layouts (formats.md §1.2b, §1.2c).
import { join } from 'node:path';
import { chance, pick, randInt, rngFor } from './rng.js';
import { MUNICIPALITY, MUNICIPALITY_ID, REGION_CODE, REGION_ID, REGION_NAME, type School } from './schools.js';
import { type VprRow, vprResults } from './vpr-results.js';
import { DATIVE, type VprWork } from './vpr-works.js';
import { fisokoLogin, type World, type YearInfo } from './world.js';
import { type Cell, writeXlsx } from './xlsx.js';

const TEXTBOOKS: Record<string, string[]> = {
  'Русский язык': [
    'Ладыженская Т.А., Баранов М.Т. Русский язык Просвещение',
    'Рыбченкова Л.М., Александрова О.М. Русский язык Просвещение',
    'Канакина В.П., Горецкий В.Г. Русский язык Просвещение',
  ],
  Математика: [
    'Виленкин Н.Я., Жохов В.И. Математика Мнемозина',
    'Мерзляк А.Г., Полонский В.Б. Математика Вентана-Граф',
    'Моро М.И., Бантова М.А. Математика Просвещение',
    'Макарычев Ю.Н. Алгебра Просвещение',
  ],
  'Окружающий мир': ['Плешаков А.А. Окружающий мир Просвещение', 'Виноградова Н.Ф. Окружающий мир Вентана-Граф'],
  История: [
    'Вигасин А.А., Годер Г.И. История Древнего мира Просвещение',
    'Арсентьев Н.М., Данилов А.А. История России Просвещение',
  ],
  Биология: ['Пасечник В.В. Биология Просвещение', 'Пономарёва И.Н. Биология Вентана-Граф'],
  География: [
    'Алексеев А.И., Николина В.В. География Просвещение',
    'Максаковский В.П. География (базовый уровень) 10 - 11 класс Просвещение',
  ],
  Обществознание: ['Боголюбов Л.Н., Иванова Л.Ф. Обществознание Просвещение'],
  Физика: ['Пёрышкин А.В. Физика Дрофа', 'Белага В.В., Ломаченков И.А. Физика Просвещение'],
  Химия: ['Габриелян О.С. Химия Дрофа', 'Рудзитис Г.Е., Фельдман Ф.Г. Химия Просвещение'],
};

// ФИС ОКО subject tags used in textbook codes (`geo11.13`).
const TAGS: Record<string, string> = {
  'Русский язык': 'rus',
  Математика: 'mat',
  'Окружающий мир': 'okr',
  История: 'his',
  Биология: 'bio',
  География: 'geo',
  Обществознание: 'soc',
  Физика: 'phys',
  Химия: 'chem',
};

export const vprFileName = (work: VprWork, spring: number): string =>
  `Проведение работы по ${DATIVE[work.subject] ?? work.subject}, ${work.grade} класс. ВПР ${spring}.xlsx`;

const letterOf = (row: VprRow): string => row.e.className.slice(String(row.e.grade).length);

function textbook(
  w: World,
  s: School,
  work: VprWork,
  spring: number,
): { main: string; author: string | null; title: string | null } {
  const r = rngFor(w.seed, 'textbook', s.code, work.subject, work.grade, spring);
  const list = TEXTBOOKS[work.subject] ?? ['другое'];
  if (chance(r, 0.06))
    return { main: 'другое', author: pick(r, list).split(' ').slice(0, 2).join(' '), title: work.subject };
  return { main: pick(r, list), author: null, title: null };
}

/** 2021 layout: sheet `Sheet`, every cell text, `балл за N` columns. */
function rows2021(w: World, y: YearInfo, work: VprWork, data: VprRow[]): Cell[][] {
  const header = [
    'логин школы',
    'регион',
    'номер обучающегося',
    'код обучающегося',
    'отметка за предыдущую четверть/триместр',
    'пол',
    'класс',
    'вариант',
    'всего баллов',
    ...work.tasks.map((_, i) => `балл за ${i + 1}`),
    'Учебник',
    'Др.уч. автор',
    'Др.уч. название',
  ];
  const out: Cell[][] = [header];
  for (const row of data) {
    const s = row.school;
    const head: Cell[] = [fisokoLogin(s, y.spring), MUNICIPALITY, String(row.num), String(row.code)];
    if (row.absent) {
      out.push([...head, null, null, null, 'отсутствовал']);
      continue;
    }
    const cls = row.singleClass
      ? s.classStyle === 'lower'
        ? 'нет'
        : 'НЕТ'
      : s.classStyle === 'lower'
        ? letterOf(row).toLowerCase()
        : letterOf(row);
    const tb = textbook(w, s, work, y.spring);
    out.push([
      ...head,
      row.journal === null ? 'нет отметки' : String(row.journal),
      row.e.pupil.sex,
      cls,
      String(row.variant),
      String(row.total),
      ...row.scores.map(String),
      tb.main,
      tb.author,
      tb.title,
    ]);
  }
  return out;
}

function uploadDate(w: World, s: School, work: VprWork, spring: number): string {
  const r = rngFor(w.seed, 'upload', s.code, work.subject, work.grade, spring);
  const p2 = (n: number) => String(n).padStart(2, '0');
  const month = randInt(r, 4, 5);
  return `${p2(randInt(r, month === 4 ? 8 : 1, month === 4 ? 30 : 20))}.${p2(month)}.${spring} ${p2(randInt(r, 7, 19))}:${p2(randInt(r, 0, 59))}:${p2(randInt(r, 0, 59))}`;
}

/** 2022 layout: sheets `Классы` and `Протокол`, six context columns with `code | name` cells. */
function sheets2022(w: World, y: YearInfo, work: VprWork, data: VprRow[]): { classes: Cell[][]; protocol: Cell[][] } {
  const ctxHead = ['Пользователь', 'Код региона', 'Регион', 'Муниципалитет', 'Школа', 'Дата загрузки'];
  const classes: Cell[][] = [
    [
      ...ctxHead,
      'Буква (цифра) класса. Введите "нет" - если отсутствует',
      'Основной учебник по предмету',
      'Другое (автор учебника)',
      'Другое (название учебника)',
    ],
  ];
  const protocol: Cell[][] = [
    [
      ...ctxHead,
      'Код',
      'Вариант',
      ...work.tasks.map((t) => `${t.label} (${t.max}б)`),
      'Наименование класса',
      'Пол',
      'Отметка за предыдущий триместр/ четверть/полугодие',
      'Итого баллов',
    ],
  ];
  const ctxCache = new Map<string, Cell[]>();
  const ctx = (s: School): Cell[] => {
    let c = ctxCache.get(s.code);
    if (!c) {
      const login = fisokoLogin(s, y.spring);
      c = [
        login,
        REGION_CODE,
        `${REGION_ID} | ${REGION_NAME}`,
        `${MUNICIPALITY_ID} | ${MUNICIPALITY}`,
        `${login} | ${s.name.replace(/[«»]/g, '"')}`,
        uploadDate(w, s, work, y.spring),
      ];
      ctxCache.set(s.code, c);
    }
    return c;
  };
  const seenClass = new Set<string>();
  for (const row of data) {
    const s = row.school;
    // Some schools upload everything as text (mixed int/str columns, as in real files).
    const asText = chance(rngFor(w.seed, 'astext', s.code, work.subject, work.grade, y.spring), 0.2);
    const v = (n: number): Cell => (asText ? String(n) : n);
    const ck = `${s.code}|${row.e.className}`;
    if (!seenClass.has(ck)) {
      seenClass.add(ck);
      const tb = textbook(w, s, work, y.spring);
      const letter = row.singleClass ? 'нет' : letterOf(row);
      const code = `${TAGS[work.subject] ?? 'vpr'}${work.grade}.${randInt(rngFor(w.seed, 'tbcode', tb.main), 1, 20)}`;
      classes.push([
        ...ctx(s),
        letter,
        tb.main === 'другое' ? 'другое' : `${code} | 1.1.${work.grade}.${row.e.cls + 1} | ${tb.main}`,
        tb.author,
        tb.title,
      ]);
    }
    if (row.absent) {
      protocol.push([...ctx(s), v(row.code), 'отсутствовал', ...work.tasks.map(() => null), null, null, null, 0]);
      continue;
    }
    const g = row.e.grade,
      letter = letterOf(row);
    const cls: Cell = row.singleClass
      ? s.classStyle === 'plain'
        ? g
        : 'нет'
      : s.classStyle === 'space'
        ? `${g} ${letter}`
        : s.classStyle === 'lower'
          ? `${g}${letter.toLowerCase()}`
          : `${g}${letter}`;
    protocol.push([
      ...ctx(s),
      v(row.code),
      v(row.variant),
      ...row.scores.map((x) => (x === 'X' ? 'X' : v(x))),
      cls,
      row.e.pupil.sex,
      row.journal === null ? 'нет отметки' : v(row.journal),
      row.total,
    ]);
  }
  return { classes, protocol };
}

/** Writes one work-year file; returns its path and the number of pupil rows. */
export async function writeVprFile(
  w: World,
  y: YearInfo,
  work: VprWork,
  outDir: string,
): Promise<{ path: string; rows: number }> {
  const data = vprResults(w, y, work);
  const path = join(outDir, vprFileName(work, y.spring));
  if (y.idx < 2) {
    await writeXlsx(path, [{ name: 'Sheet', rows: rows2021(w, y, work, data) }]);
  } else {
    const { classes, protocol } = sheets2022(w, y, work, data);
    await writeXlsx(path, [
      { name: 'Классы', rows: classes },
      { name: 'Протокол', rows: protocol },
    ]);
  }
  return { path, rows: data.length };
}
