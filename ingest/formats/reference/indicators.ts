// Programme indicators that targets can be set for (ids match transforms/models/int_school_indicators.sql).
// Shared with the dashboard: caption, unit and which direction is better.
import { normText } from '../../read/values.js';

export type IndicatorUnit = 'index' | 'share' | 'mark' | 'score';
export type IndicatorDirection = 'higher-better' | 'lower-better';

export interface Indicator {
  id: string;
  caption: string; // Russian caption as written in the targets file
  unit: IndicatorUnit; // share = fraction 0..1 (shown as %), index = 0..1, mark = 2..5, score = ЕГЭ 0..100
  direction: IndicatorDirection;
  bySubject: boolean; // the measured value exists per subject
  byGrade: boolean; // … and per grade
  match: RegExp; // loose match on the normalised caption
}

export const INDICATORS: readonly Indicator[] = [
  { id: 'ior', caption: 'ИОР', unit: 'index', direction: 'higher-better', bySubject: false, byGrade: false, match: /^иор(?![\p{L}\d])|индекс образовательн/u },
  { id: 'ou', caption: 'ОУ, %', unit: 'share', direction: 'higher-better', bySubject: false, byGrade: false, match: /^оу(?![\p{L}\d])|(общ|абсолютн)\p{L}* успеваемост/u },
  { id: 'ku', caption: 'КУ, %', unit: 'share', direction: 'higher-better', bySubject: false, byGrade: false, match: /^ку(?![\p{L}\d])|качеств\p{L}* (знани|успеваемост|обученност)/u },
  { id: 'vpr_confirmed', caption: 'Доля подтвердивших отметки ВПР, %', unit: 'share', direction: 'higher-better', bySubject: false, byGrade: false, match: /подтверд/ },
  { id: 'vpr_mean', caption: 'Средняя отметка ВПР', unit: 'mark', direction: 'higher-better', bySubject: true, byGrade: true, match: /средн\p{L}* (отметк|оценк|балл).*впр|впр.*средн/u },
  { id: 'oge_mean', caption: 'Средняя отметка ОГЭ', unit: 'mark', direction: 'higher-better', bySubject: true, byGrade: false, match: /средн\p{L}* (отметк|оценк|балл).*огэ|огэ.*средн/u },
  { id: 'ege_mean', caption: 'Средний балл ЕГЭ', unit: 'score', direction: 'higher-better', bySubject: true, byGrade: false, match: /средн\p{L}* (балл|отметк|оценк).*егэ|егэ.*средн/u },
  { id: 'at_risk_share', caption: 'Доля обучающихся с рисками учебной неуспешности, %', unit: 'share', direction: 'lower-better', bySubject: false, byGrade: false, match: /риск|неуспешн/ },
];

/** Indicator for a caption (or its id, e.g. «ku»); null when unknown. */
export function indicatorOf(caption: string): Indicator | null {
  const t = normText(caption);
  if (!t) return null;
  return INDICATORS.find((i) => i.id === t || normText(i.caption) === t) ?? INDICATORS.find((i) => i.match.test(t)) ?? null;
}

export function indicatorById(id: string): Indicator | undefined {
  return INDICATORS.find((i) => i.id === id);
}
