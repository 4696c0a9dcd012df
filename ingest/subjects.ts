// Canonical Russian subject names and the spellings real files use for them
// (dative «по географии», lower-case «русский», ФИС ОКО tags, РЦОИ exam codes).
import { normText } from './read/values.js';

export const SUBJECTS = [
  'Русский язык',
  'Математика',
  'Математика (профиль)',
  'Математика (база)',
  'Окружающий мир',
  'Литературное чтение',
  'История',
  'Обществознание',
  'География',
  'Биология',
  'Физика',
  'Химия',
  'Информатика',
  'Литература',
  'Английский язык',
  'Немецкий язык',
  'Французский язык',
  'Испанский язык',
  'Китайский язык',
  'Иностранный язык',
  'Родной язык',
] as const;
export type Subject = (typeof SUBJECTS)[number];

// Stems matched against normalised text; order matters (more specific first). Unicode mode: \p{L} instead of
// \w/\b, which do not match Cyrillic in JavaScript.
const STEMS: [RegExp, Subject][] = [
  [/математик\p{L}*\s*\(?\s*профил|профильн\p{L}* уровн|математика п(?![\p{L}\d])/u, 'Математика (профиль)'],
  [/математик\p{L}*\s*\(?\s*баз|базов\p{L}* уровн|математика б(?![\p{L}\d])/u, 'Математика (база)'],
  [/родн\p{L}* язык/u, 'Родной язык'],
  [/^рус|русск\p{L}* язык|^по русскому/u, 'Русский язык'],
  [/математ|^по математике/u, 'Математика'],
  [/окружающ/u, 'Окружающий мир'],
  [/литературн\p{L}* чтени/u, 'Литературное чтение'],
  [/обществ/u, 'Обществознание'],
  [/истори/u, 'История'],
  [/географ/u, 'География'],
  [/биолог/u, 'Биология'],
  [/физик/u, 'Физика'],
  [/хими/u, 'Химия'],
  [/информат|(?<![\p{L}])икт(?![\p{L}])|кегэ/u, 'Информатика'],
  [/литератур/u, 'Литература'],
  [/английск/u, 'Английский язык'],
  [/немецк/u, 'Немецкий язык'],
  [/французск/u, 'Французский язык'],
  [/испанск/u, 'Испанский язык'],
  [/китайск/u, 'Китайский язык'],
  [/иностранн/u, 'Иностранный язык'],
];

/** Canonical subject for a caption, or null when it is not an assessed subject we know. */
export function canonicalSubject(caption: string): Subject | null {
  const t = normText(caption);
  if (!t) return null;
  for (const [re, s] of STEMS) if (re.test(t)) return s;
  return null;
}

/** The known subjects for messages: «Русский язык», «Математика», … */
export const KNOWN_SUBJECTS = SUBJECTS.map((s) => `«${s}»`).join(', ');

/** «предмет «астрономия» не распознан — Ориентир знает предметы «Русский язык», …» for messages; `caption` as written. */
export function unknownSubject(caption: string): string {
  return `предмет «${caption.replace(/\s+/g, ' ').trim()}» не распознан — Ориентир знает предметы ${KNOWN_SUBJECTS}`;
}

/** РЦОИ ОГЭ exam codes (formats.md §2.3). */
export const OGE_CODES: Record<string, Subject> = {
  '01': 'Русский язык',
  '02': 'Математика',
  '03': 'Физика',
  '04': 'Химия',
  '05': 'Информатика',
  '06': 'Биология',
  '07': 'История',
  '08': 'География',
  '09': 'Обществознание',
  '10': 'Литература',
  '11': 'Английский язык',
  '12': 'Немецкий язык',
  '13': 'Французский язык',
  '14': 'Испанский язык',
  '18': 'Родной язык',
};

/** ЕГЭ exam codes [INFERRED in formats.md — the subject caption in the title row wins when present]. */
export const EGE_CODES: Record<string, Subject> = {
  '1': 'Русский язык',
  '2': 'Математика (профиль)',
  '22': 'Математика (база)',
  '3': 'Физика',
  '4': 'Химия',
  '5': 'Информатика',
  '25': 'Информатика',
  '6': 'Биология',
  '7': 'История',
  '8': 'География',
  '12': 'Обществознание',
  '18': 'Литература',
  '9': 'Английский язык',
  '10': 'Немецкий язык',
  '11': 'Французский язык',
  '13': 'Испанский язык',
};
