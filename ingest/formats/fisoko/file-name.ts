// ВПР metadata encoded in file names: the ФИС ОКО download name
// «Проведение работы по географии, 10 класс. ВПР 2021.xlsx» (also «… 7 класс (по образцу 8 класса) …»),
// and transliterated names like «fisoko_vpr2021_altai_export_geography10.xlsx».

import { normText } from '../../read/values.js';
import { canonicalSubject } from '../../subjects.js';

export interface NameInfo {
  subject: string | null;
  grade: number | null; // pupils' grade as named («N класс»)
  kimGrade: number | null; // «(по образцу N класса)», else the named grade
  vprYear: number | null; // calendar year of the ВПР
  login: string | null; // sch…/edu…/ksh… school login
}

// Latin subject words and ФИС ОКО group-tag codes (vpr2020.fr7, vpr2019.math4 …).
const LATIN: Record<string, string> = {
  ma: 'Математика',
  mat: 'Математика',
  math: 'Математика',
  maths: 'Математика',
  mathematics: 'Математика',
  ru: 'Русский язык',
  rus: 'Русский язык',
  russian: 'Русский язык',
  okr: 'Окружающий мир',
  world: 'Окружающий мир',
  is: 'История',
  hist: 'История',
  history: 'История',
  ob: 'Обществознание',
  obsh: 'Обществознание',
  soc: 'Обществознание',
  social: 'Обществознание',
  gg: 'География',
  geo: 'География',
  geog: 'География',
  geography: 'География',
  bi: 'Биология',
  bio: 'Биология',
  biology: 'Биология',
  fi: 'Физика',
  fiz: 'Физика',
  phys: 'Физика',
  physics: 'Физика',
  hi: 'Химия',
  him: 'Химия',
  chem: 'Химия',
  chemistry: 'Химия',
  en: 'Английский язык',
  eng: 'Английский язык',
  english: 'Английский язык',
  de: 'Немецкий язык',
  ger: 'Немецкий язык',
  nem: 'Немецкий язык',
  german: 'Немецкий язык',
  fr: 'Французский язык',
  fra: 'Французский язык',
  french: 'Французский язык',
  es: 'Испанский язык',
  sp: 'Испанский язык',
  spanish: 'Испанский язык',
  inf: 'Информатика',
  informatics: 'Информатика',
};

/** Canonical subject for a Latin word or tag code ('french', 'fr', 'gg'); null if unknown. */
export function latinSubject(code: string): string | null {
  return LATIN[code.toLowerCase()] ?? null;
}

const GRADE = String.raw`(\d{1,2})\s*-?\s*(?:й\s*)?(?:класс[а-я]*|кл(?![а-я]))`;
const RU_NAME = new RegExp(`^(.{0,120}?)[\\s,.]*${GRADE}`);
const PO = /(?:^|\s)по\s+([^,]+?)\s*$/;
const baseName = (fileName: string): string => fileName.replace(/\.[a-z0-9]{2,5}$/i, '');

/** The subject words of a ФИС ОКО name, known or not: «по астрономии» in «Проведение работы по астрономии, 10 класс…». */
export function subjectPhrase(fileName: string): string | null {
  const ru = RU_NAME.exec(normText(baseName(fileName)));
  const po = ru ? PO.exec(ru[1]!) : null;
  return po ? `по ${po[1]}` : null;
}

export function parseFileName(fileName: string): NameInfo {
  const base = baseName(fileName);
  const t = normText(base);
  const info: NameInfo = { subject: null, grade: null, kimGrade: null, vprYear: null, login: null };

  const login = /(?:^|[^a-z])((?:sch|edu|ksh)\d{6})(?!\d)/i.exec(base);
  if (login) info.login = login[1]!.toLowerCase();
  const year = /(?:впр|vpr)[\s_\-.]*(20\d\d)(?!\d)/i.exec(base);
  if (year) info.vprYear = Number(year[1]);

  // Russian: «… по <предмету>, N класс (по образцу M класса) …»
  const ru = RU_NAME.exec(t);
  if (ru) {
    const before = ru[1]!;
    const po = PO.exec(before);
    const subject = (po ? canonicalSubject(`по ${po[1]}`) : null) ?? canonicalSubject(before);
    if (subject) {
      info.subject = subject;
      info.grade = Number(ru[2]);
      const kim = new RegExp(`по\\s+образцу\\s+${GRADE}`).exec(t);
      info.kimGrade = kim ? Number(kim[1]) : info.grade;
    }
  }
  // Transliterated: geography10, french_7, math4 …
  if (!info.subject) {
    const re = /(?:^|[^a-z])([a-z]+)[_\- ]?(\d{1,2})(?!\d)/gi;
    for (let m = re.exec(base); m; m = re.exec(base)) {
      const s = latinSubject(m[1]!);
      if (s) {
        info.subject = s;
        info.kimGrade = info.grade = Number(m[2]);
        break;
      }
    }
  }
  if (info.grade !== null && (info.grade < 1 || info.grade > 11)) info.grade = info.kimGrade = null;
  return info;
}

/** How to name a file so that subject, grade, year (and school) can be taken from the name. */
export const NAMING_RULE =
  'Назовите файл так, как его называет ФИС ОКО, дописав логин ОО: например, «Проведение работы по математике, 4 класс. ВПР 2025 sch220150.xlsx» — предмет («по математике»), класс («4 класс»), год («ВПР 2025») и, для файла одной школы, логин ОО (sch…/edu…).';
