import type { FormatModule } from '../../types.js';

export const referenceFormats: FormatModule[] = [];
