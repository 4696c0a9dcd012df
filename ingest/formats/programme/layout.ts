// The programme workbook's sheets and columns, shared by the template writer and the parser so the two cannot drift.
import type { ColumnSpec } from '../table.js';

export const SHEET = {
  passport: 'Паспорт',
  indicators: 'Показатели',
  roadmap: 'Дорожная карта',
  actuals: 'Факт',
  catalogue: 'Справочник',
} as const;

/** «Паспорт»: caption in column A, value in column B. */
export type PassportKey = 'code' | 'schoolName' | 'name' | 'startYear' | 'endYear' | 'goal';
export const PASSPORT_FIELDS: { key: PassportKey; caption: string; match: RegExp }[] = [
  { key: 'code', caption: 'Код ОО', match: /^(код (оо|оу|школы|организации)|логин)/u },
  {
    key: 'schoolName',
    caption: 'Наименование ОО',
    match: /^(наименование|название) (оо|оу|школы|образовательн|организации)|^(оо|школа)$/u,
  },
  { key: 'name', caption: 'Наименование программы', match: /^(наименование|название) программы|^программа$/u },
  {
    key: 'startYear',
    caption: 'Первый учебный год программы',
    match: /(перв\p{L}*|начал\p{L}*) (учебн\p{L}* )?год|^год начала|^начало/u,
  },
  {
    key: 'endYear',
    caption: 'Последний учебный год программы',
    match: /(последн\p{L}*|окончан\p{L}*|завершен\p{L}*) (учебн\p{L}* )?год|^год окончания|^окончание/u,
  },
  { key: 'goal', caption: 'Цель программы', match: /^цель/u },
];

/** An optional «Код ОО» column on the data sheets (committee files for several schools). */
const CODE: ColumnSpec<'code'> = { key: 'code', caption: 'Код ОО', match: /^(код (оо|оу|школы|организации)|логин)/u };

export type IndicatorKey =
  | 'code'
  | 'indicator'
  | 'unit'
  | 'direction'
  | 'subject'
  | 'grade'
  | 'baselineYear'
  | 'baseline';
export const INDICATOR_COLUMNS: ColumnSpec<IndicatorKey>[] = [
  { key: 'indicator', caption: 'Показатель', match: /^показател|^индикатор|^наименование показател/u, required: true },
  { key: 'unit', caption: 'Единица', match: /^единиц|^ед\.? ?изм/u },
  { key: 'direction', caption: 'Направление (для своих показателей)', match: /^направлен|лучше/u },
  { key: 'subject', caption: 'Предмет', match: /^предмет/u },
  { key: 'grade', caption: 'Класс', match: /^класс|^параллел/u },
  { key: 'baselineYear', caption: 'Базовый год', match: /^базов\p{L}* (учебн\p{L}* )?год|^год базов/u },
  { key: 'baseline', caption: 'Базовое значение', match: /^базов\p{L}* значен|^исходн|^текущ\p{L}* значен/u },
  CODE as ColumnSpec<IndicatorKey>,
];
/** Target columns: «Цель 2024/25» (a school year in the header, «цель»/«план» optional). */
export const targetCaption = (year: string): string => `Цель ${year}`;
export const TARGET_HEADER =
  /(?:^|\s)(\d{4})\s*[/\-–]\s*(\d{2,4})|^(?:цель|план\p{L}*|целев\p{L}* значени\p{L}*)\s+(?:на\s+)?(\d{4})(?:\s*(?:г\.?|год))?$/u;

export type MeasureKey =
  | 'code'
  | 'no'
  | 'section'
  | 'title'
  | 'deadline'
  | 'responsible'
  | 'expected'
  | 'status'
  | 'evidence';
export const MEASURE_COLUMNS: ColumnSpec<MeasureKey>[] = [
  { key: 'title', caption: 'Мероприятие', match: /^мероприяти|^наименование мероприяти|^мера|^меры/u, required: true },
  { key: 'deadline', caption: 'Сроки', match: /^срок|^дата|^период реализац/u, required: true },
  { key: 'no', caption: '№', match: /^№|^n$|^no\.?$|^номер|^п\/п/u },
  { key: 'section', caption: 'Раздел', match: /^раздел|^направлени|^задач/u },
  { key: 'responsible', caption: 'Ответственные', match: /^ответствен|^исполнител/u },
  { key: 'expected', caption: 'Ожидаемый результат', match: /результат|^показател/u },
  { key: 'status', caption: 'Статус', match: /^статус|^отметка о выполнен|^выполнен/u },
  {
    key: 'evidence',
    caption: 'Подтверждение (документ, ссылка)',
    match: /^подтвержд|^доказател|^документ|^ссылк|^примечан/u,
  },
  CODE as ColumnSpec<MeasureKey>,
];

export type ActualKey = 'code' | 'year' | 'term' | 'indicator' | 'value';
export const ACTUAL_COLUMNS: ColumnSpec<ActualKey>[] = [
  { key: 'year', caption: 'Учебный год', match: /^учебн\p{L}* год|^год$/u, required: true },
  { key: 'term', caption: 'Период', match: /^период|^четверт/u },
  { key: 'indicator', caption: 'Показатель', match: /^показател|^индикатор/u, required: true },
  { key: 'value', caption: 'Значение', match: /^значени|^факт/u, required: true },
  CODE as ColumnSpec<ActualKey>,
];

export const CATALOGUE_COLUMNS = [
  'Показатель',
  'Единица',
  'Направление',
  'Источник',
  'По предметам / классам',
  'Описание',
  'Код',
] as const;

/** «1 четверть» … «4 четверть», «год»: what the «Период» drop-down offers. */
export const PERIOD_OPTIONS = ['1 четверть', '2 четверть', '3 четверть', '4 четверть', 'год'] as const;
