// Electronic-journal export formats (formats.md §4).
import type { FormatModule } from '../../types.js';
import { attendanceReport } from './attendance-report.js';
import { tabel } from './tabel.js';
import { vedomost } from './vedomost.js';

export { attendanceReport, tabel, vedomost };
export const journalFormats: FormatModule[] = [tabel, attendanceReport, vedomost];
