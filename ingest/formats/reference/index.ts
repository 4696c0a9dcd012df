// Reference data: school registry, ФИС ОКО logins, ВПР scales, programme targets, work descriptions, code dictionaries.
import type { FormatModule } from '../../types.js';
import { codeDictionary } from './code-dictionary.js';
import { fisokoLogins } from './fisoko-logins.js';
import { registry } from './registry.js';
import { targets } from './targets.js';
import { taskDescription } from './task-description.js';
import { vprScales } from './vpr-scales.js';

export { INDICATORS, type Indicator, indicatorById, indicatorOf } from '../../../domain/indicators.js';
export { codeDictionary, fisokoLogins, registry, targets, taskDescription, vprScales };
export const referenceFormats: FormatModule[] = [
  registry,
  fisokoLogins,
  vprScales,
  targets,
  taskDescription,
  codeDictionary,
];
