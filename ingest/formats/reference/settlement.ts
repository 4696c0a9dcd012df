// Settlement type → 'город' | 'село'. Accepts plain words and the numbered answers of the ФИС ОКО context
// questionnaire («4. Населенный пункт сельского типа (село, хутор, деревня и пр.)», formats.md §1.6).
import { normText } from '../../read/values.js';

const RURAL = /сельск|^село(?![\p{L}\d])|^с\.|деревн|хутор|аул|станиц|сельского типа/u;
const URBAN =
  /город|^г\.|пгт|поселок городского|рабочий поселок|областн\p{L}* центр|краев\p{L}* центр|столиц|мегаполис|райцентр|районн\p{L}* центр/u;

/** null when empty; undefined when the text is not recognised. */
export function settlementType(text: string): 'город' | 'село' | null | undefined {
  const t = normText(text).replace(/^\d+\s*[.)]\s*/, '');
  if (!t) return null;
  if (RURAL.test(t)) return 'село';
  if (URBAN.test(t)) return 'город';
  return undefined;
}
