// Subject and КИМ grade of a work description from its file name: «Математика 4 ALL.xlsx», «math4_ALL.xlsx»,
// «ВПР 2024 русский язык 5 класс — описание.xlsx». The sample ALL.xlsx carries neither (they were in its folder).
import { normText } from '../../read/values.js';
import { canonicalSubject, type Subject } from '../../subjects.js';

// Latin tags seen in ФИС ОКО group tags and folder names (vpr2020.fr7, math4, rus5).
const LATIN: [RegExp, Subject][] = [
  [/^(math|mat|ma)$/, 'Математика'],
  [/^(rus|ru|russian)$/, 'Русский язык'],
  [/^(okr|om|env)$/, 'Окружающий мир'],
  [/^(bio|biology)$/, 'Биология'],
  [/^(geo|geography)$/, 'География'],
  [/^(hist|his|history)$/, 'История'],
  [/^(soc|obsh|obshch|social)$/, 'Обществознание'],
  [/^(phys|phy|physics)$/, 'Физика'],
  [/^(chem|chemistry)$/, 'Химия'],
  [/^(inf|informatics)$/, 'Информатика'],
  [/^(eng|en|english)$/, 'Английский язык'],
  [/^(ger|de|deu|german)$/, 'Немецкий язык'],
  [/^(fr|fra|french)$/, 'Французский язык'],
  [/^(lit|literature)$/, 'Литература'],
];

export function workFromFileName(fileName: string): { subject: Subject | null; kimGrade: number | null } {
  const base = normText(fileName.replace(/\.[^.]+$/, ''))
    .replace(/[_.,()\-–]+/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
  let subject: Subject | null = null;
  let kimGrade: number | null = null;
  const ok = (n: number) => n >= 1 && n <= 11;
  for (const m of base.matchAll(/(?<![\p{L}\d])([a-z]+)\s?(\d{1,2})?(?![\p{L}\d])/gu)) {
    const hit = LATIN.find(([re]) => re.test(m[1]!));
    if (!hit || (m[1]!.length <= 2 && !m[2])) continue; // two-letter tags only with a grade: «fr7»
    subject = hit[1];
    if (m[2] && ok(Number(m[2]))) kimGrade = Number(m[2]);
    break;
  }
  if (!subject) {
    // Russian: try every run of words; canonicalSubject knows the stems.
    const words = base.split(' ');
    for (let i = 0; i < words.length && !subject; i++) subject = canonicalSubject(words.slice(i, i + 3).join(' '));
  }
  if (kimGrade === null) {
    const m = /(?<!\d)(\d{1,2})\s*(?:класс|кл)(?!\p{L})/u.exec(base) ?? /\p{L}\s?(\d{1,2})(?!\d)/u.exec(base);
    if (m && ok(Number(m[1]))) kimGrade = Number(m[1]);
  }
  return { subject, kimGrade };
}
