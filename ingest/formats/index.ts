// Every known source format, tried in this order when detection scores tie.
import type { FormatModule } from '../types.js';
import { aggregateFormats } from './aggregate/index.js';
import { fisokoFormats } from './fisoko/index.js';
import { journalFormats } from './journal/index.js';
import { programmeWorkbook } from './programme/index.js';
import { rcoiFormats } from './rcoi/index.js';
import { referenceFormats } from './reference/index.js';

export const FORMATS: FormatModule[] = [
  ...referenceFormats,
  programmeWorkbook,
  ...fisokoFormats,
  ...rcoiFormats,
  ...journalFormats,
  ...aggregateFormats,
];
