import type { FormatModule } from '../../types.js';

export const fisokoFormats: FormatModule[] = [];
