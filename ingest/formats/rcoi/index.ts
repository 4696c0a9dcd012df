// РЦОИ result formats of ОГЭ/ЕГЭ (formats.md §2).
import type { FormatModule } from '../../types.js';
import { rcoiGia9Csv } from './gia9-csv.js';
import { rcoiProtocolXlsx } from './protocol-xlsx.js';

export { rcoiGia9Csv, rcoiProtocolXlsx };
export const rcoiFormats: FormatModule[] = [rcoiProtocolXlsx, rcoiGia9Csv];
