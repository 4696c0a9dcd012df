// School-level (or higher) aggregate results: Moscow open data and ФИС ОКО analytical reports.
import type { FormatModule } from '../../types.js';
import { fisokoMarkComparison } from './fisoko-mark-comparison.js';
import { fisokoMarkStats } from './fisoko-mark-stats.js';
import { moscowEge } from './moscow-ege.js';
import { moscowGia9 } from './moscow-gia9.js';

export { fisokoMarkComparison, fisokoMarkStats, moscowEge, moscowGia9 };
export const aggregateFormats: FormatModule[] = [moscowEge, moscowGia9, fisokoMarkStats, fisokoMarkComparison];
