// The indicator catalogue (config/indicators.json): programme indicators with unit, direction and origin.
// One place that reads the file; ids of computed indicators match transforms/models/mart_school_indicators.sql.
// Shared with the dashboard and the transforms runner (cfg_indicators).
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { normText } from './text.js';

/** share = fraction 0..1 (shown as %), index = 0..1, mark = 2..5, score = 0..100, count = whole number ≥ 0 (чел., шт., пар). */
export type IndicatorUnit = 'share' | 'index' | 'mark' | 'score' | 'count';
export type IndicatorDirection = 'higher-better' | 'lower-better';
export type IndicatorOrigin = 'computed' | 'reported';

export interface Indicator {
  id: string;
  caption: string; // Russian caption as offered in the workbook's drop-down
  unit: IndicatorUnit;
  direction: IndicatorDirection;
  origin: IndicatorOrigin; // computed from ingested data by the transforms, or reported by the school
  bySubject: boolean; // the measured value exists per subject
  byGrade: boolean; // … and per grade
  match: RegExp; // loose match on the normalised caption
  text: string; // Russian: what it is, how it is computed or who reports it
}

export const CATALOGUE_PATH = fileURLToPath(new URL('../config/indicators.json', import.meta.url));

const UNITS: readonly IndicatorUnit[] = ['share', 'index', 'mark', 'score', 'count'];
const DIRECTIONS: readonly IndicatorDirection[] = ['higher-better', 'lower-better'];

interface RawIndicator {
  id: string;
  caption: string;
  unit: string;
  direction: string;
  origin: string;
  bySubject?: boolean;
  byGrade?: boolean;
  match: string;
  text: string;
}

/** Parses and checks the catalogue; a broken config stops the process with the entry named. */
export function parseCatalogue(json: string, where = CATALOGUE_PATH): Indicator[] {
  const raw = JSON.parse(json) as { indicators?: RawIndicator[] };
  const seen = new Set<string>();
  return (raw.indicators ?? []).map((r, i) => {
    const bad = (what: string) => new Error(`${where}: показатель № ${i + 1} («${r?.id ?? '?'}»): ${what}`);
    if (!r || !/^[a-z][a-z0-9_]*$/.test(r.id) || r.id.startsWith('c_'))
      throw bad('id — латиница, цифры и «_», не начинается с «c_»');
    if (seen.has(r.id)) throw bad('id повторяется');
    seen.add(r.id);
    if (!r.caption?.trim()) throw bad('нет caption');
    if (!UNITS.includes(r.unit as IndicatorUnit)) throw bad(`unit должен быть одним из ${UNITS.join(', ')}`);
    if (!DIRECTIONS.includes(r.direction as IndicatorDirection))
      throw bad(`direction должен быть одним из ${DIRECTIONS.join(', ')}`);
    if (r.origin !== 'computed' && r.origin !== 'reported') throw bad('origin должен быть computed или reported');
    let match: RegExp;
    try {
      match = new RegExp(r.match, 'u');
    } catch (e) {
      throw bad(`match — неверное регулярное выражение (${(e as Error).message})`);
    }
    return {
      id: r.id,
      caption: r.caption.trim(),
      unit: r.unit as IndicatorUnit,
      direction: r.direction as IndicatorDirection,
      origin: r.origin,
      bySubject: r.bySubject === true,
      byGrade: r.byGrade === true,
      match,
      text: r.text ?? '',
    };
  });
}

export const INDICATORS: readonly Indicator[] = parseCatalogue(readFileSync(CATALOGUE_PATH, 'utf8'));

/** The catalogue's captions, quoted, for messages that list the known indicators. */
export const KNOWN_INDICATORS = INDICATORS.map((i) => `«${i.caption}»`).join(', ');

/** Indicator for a caption (or its id, e.g. «ku»); exact captions first, then the loose matches in catalogue order; null when unknown. */
export function indicatorOf(caption: string): Indicator | null {
  const t = normText(caption);
  if (!t) return null;
  return (
    INDICATORS.find((i) => i.id === t || normText(i.caption) === t) ?? INDICATORS.find((i) => i.match.test(t)) ?? null
  );
}

export function indicatorById(id: string): Indicator | undefined {
  return INDICATORS.find((i) => i.id === id);
}

/** Id of an indicator a school defined itself: 'c_' + 10 hex of sha1 of the normalised caption. */
export function customIndicatorId(caption: string): string {
  return `c_${createHash('sha1').update(normText(caption)).digest('hex').slice(0, 10)}`;
}

/** Workbook captions of units and directions (the drop-downs of «Показатели»). */
export const UNIT_CAPTION: Readonly<Record<IndicatorUnit, string>> = {
  share: '%',
  index: 'индекс',
  mark: 'отметка',
  score: 'балл',
  count: 'количество',
};
export const DIRECTION_CAPTION: Readonly<Record<IndicatorDirection, string>> = {
  'higher-better': 'выше — лучше',
  'lower-better': 'ниже — лучше',
};
export const ORIGIN_CAPTION: Readonly<Record<IndicatorOrigin | 'custom', string>> = {
  computed: 'вычисляется',
  reported: 'сообщает ОО',
  custom: 'свой показатель ОО',
};

/** Unit from what people write in «Единица»: «%», «доля», «чел.», «балл» …; null when unknown. */
export function unitOf(text: string): IndicatorUnit | null {
  const t = normText(text).replace(/[.()]/g, ' ').trim();
  if (!t) return null;
  if (/^(%|процент|доля|share)/u.test(t)) return 'share';
  if (/^(индекс|index|коэффициент)/u.test(t)) return 'index';
  if (/^(отметк|оценк|mark)/u.test(t)) return 'mark';
  if (/^(балл|score)/u.test(t)) return 'score';
  if (/^(количеств|кол-?во|число|чел|шт|ед|пар|count|раз)/u.test(t)) return 'count';
  return null;
}

/** Direction from «выше — лучше», «больше лучше», «↑», «снижение» …; null when unknown. */
export function directionOf(text: string): IndicatorDirection | null {
  const t = normText(text);
  if (!t) return null;
  if (/^(выше|больше|рост|увелич|повыш|↑|higher)/u.test(t)) return 'higher-better';
  if (/^(ниже|меньше|сниж|уменьш|↓|lower)/u.test(t)) return 'lower-better';
  return null;
}
