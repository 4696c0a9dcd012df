// Which indicator a caption means: the catalogue (exact caption or id, then the loose match), else the school's own.
// A loose match loses to the school's own indicator when the row states a different unit or direction
// («Доля … подтвердивших оценки», lower is better, is not the catalogue's «подтвердивших отметки ВПР»).
import type { IndicatorDirection, IndicatorUnit } from '../../../domain/indicators.js';
import { customIndicatorId, INDICATORS, type Indicator } from '../../../domain/indicators.js';
import { normText } from '../../read/values.js';
import type { CustomDef } from './common.js';

export type Resolved =
  | { kind: 'catalogue'; ind: Indicator; exact: boolean }
  | { kind: 'custom'; def: CustomDef; similar: Indicator | null }
  | { kind: 'unknown'; similar: Indicator | null };

export function resolveIndicator(
  caption: string,
  unit: IndicatorUnit | null,
  direction: IndicatorDirection | null,
  customs?: Map<string, CustomDef>,
): Resolved {
  const t = normText(caption);
  const exact = INDICATORS.find((i) => i.id === t || normText(i.caption) === t);
  if (exact) return { kind: 'catalogue', ind: exact, exact: true };
  const known = customs?.get(t);
  if (known && (!unit || unit === known.unit) && (!direction || direction === known.direction))
    return { kind: 'custom', def: known, similar: null };
  const loose = t ? (INDICATORS.find((i) => i.match.test(t)) ?? null) : null;
  const stated = unit !== null && direction !== null;
  if (loose && (!stated || (unit === loose.unit && direction === loose.direction)))
    return { kind: 'catalogue', ind: loose, exact: false };
  if (stated)
    return {
      kind: 'custom',
      def: {
        id: customIndicatorId(caption),
        caption: caption.trim().replace(/\s+/g, ' '),
        unit: unit!,
        direction: direction!,
      },
      similar: loose,
    };
  return { kind: 'unknown', similar: loose };
}
