// Roadmap measure statuses: one Russian ↔ id map for the workbook, the parser and the dashboard.
import { normText } from './text.js';

export type MeasureStatus = 'planned' | 'in_progress' | 'done' | 'missed' | 'cancelled';

export const MEASURE_STATUSES: readonly { id: MeasureStatus; caption: string }[] = [
  { id: 'planned', caption: 'запланировано' },
  { id: 'in_progress', caption: 'выполняется' },
  { id: 'done', caption: 'выполнено' },
  { id: 'missed', caption: 'не выполнено' },
  { id: 'cancelled', caption: 'отменено' },
];

export const STATUS_CAPTION: Readonly<Record<MeasureStatus, string>> = Object.fromEntries(
  MEASURE_STATUSES.map((s) => [s.id, s.caption]),
) as Record<MeasureStatus, string>;

/** An imported measure with no status (and none to carry over) is planned. */
export const DEFAULT_STATUS: MeasureStatus = 'planned';

export function isMeasureStatus(x: unknown): x is MeasureStatus {
  return typeof x === 'string' && MEASURE_STATUSES.some((s) => s.id === x);
}

// What people write instead of the drop-down captions; tested in order on the normalised text, negations first.
const VARIANTS: [RegExp, MeasureStatus][] = [
  [/^не (выполн|реализ|проведен|сделан)|^сорван|^провал|^просроч/u, 'missed'],
  [/^не начат|^запланир|^план(ируется)?$|^в плане|^предстоит/u, 'planned'],
  [/^отмен|^снят|^исключен/u, 'cancelled'],
  [/^выполняет|^в работе|^в процессе|^реализует|^в ходе|^начат|^идет|^частично/u, 'in_progress'],
  [/^(выполнен|реализован|проведен|сделан|завершен|исполнен)(о|а|ы)?$|^да$/u, 'done'],
];

/** Status id for a caption, an id or a usual variant; null for empty or unknown text. */
export function statusOf(text: string | null | undefined): MeasureStatus | null {
  const t = normText(text ?? '').replace(/[.!]+$/, '');
  if (!t) return null;
  const exact = MEASURE_STATUSES.find((s) => s.caption === t || s.id === t);
  if (exact) return exact.id;
  return VARIANTS.find(([re]) => re.test(t))?.[1] ?? null;
}

/** «запланировано», «выполняется», … for messages. */
export const STATUS_LIST = MEASURE_STATUSES.map((s) => `«${s.caption}»`).join(', ');
