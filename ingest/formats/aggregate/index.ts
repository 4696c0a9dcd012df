import type { FormatModule } from '../../types.js';

export const aggregateFormats: FormatModule[] = [];
