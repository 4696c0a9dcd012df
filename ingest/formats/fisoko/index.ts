// ФИС ОКО / ВПР formats (formats.md §1): regional exports of three generations, the school's protocol form,
// and the «Индивидуальные результаты» report.
import type { FormatModule } from '../../types.js';
import { fisokoIndividualResults } from './individual-results.js';
import { fisokoProtocolForm } from './protocol-form.js';
import { fisokoVpr2020 } from './vpr-2020.js';
import { fisokoVpr2021 } from './vpr-2021.js';
import { fisokoVpr2022 } from './vpr-2022.js';

export { fisokoIndividualResults, fisokoProtocolForm, fisokoVpr2020, fisokoVpr2021, fisokoVpr2022 };
export const fisokoFormats: FormatModule[] = [
  fisokoVpr2020,
  fisokoVpr2021,
  fisokoVpr2022,
  fisokoProtocolForm,
  fisokoIndividualResults,
];
