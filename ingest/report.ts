// The validation report of one file: what was detected, loaded and excluded, in Russian.

import { plural } from '../domain/text.js';
import { placeText } from './issues.js';
import type { Issue } from './types.js';

export type UploadStatus = 'loaded' | 'rejected' | 'duplicate';

export interface IngestReport {
  uploadId: number | null;
  fileName: string;
  sha256: string;
  format: string | null;
  formatTitle: string | null;
  status: UploadStatus;
  rowsRead: number;
  rowsLoaded: number;
  rowsRejected: number;
  rowsReplaced: number;
  message: string; // one-line Russian summary
  issues: Issue[]; // capped; issuesTotal has the full count
  issuesTotal: number;
  unknownSchools: string[];
}

export const MAX_ISSUES_IN_REPORT = 500;

/** A number in a Russian message: decimal comma, no float noise, at most 6 decimals (112.5 → «112,5»). */
export function num(n: number): string {
  const r = Math.abs(n) < 1e15 ? Math.round(n * 1e6) / 1e6 : n;
  return String(r).replace('.', ',');
}

/** «загружен частично: 3 строки исключены (см. замечания).» */
export const partialMessage = (rejected: number): string =>
  `загружен частично: ${rejected} ${plural(rejected, ['строка исключена', 'строки исключены', 'строк исключено'])} (см. замечания).`;

export function issueLine(fileName: string, i: Issue): string {
  const kind = i.severity === 'warning' ? 'предупреждение' : i.scope === 'file' ? 'ошибка файла' : 'строка исключена';
  const loc = placeText(i);
  return `${fileName}${loc ? `: ${loc}` : ''} — ${kind}: ${i.message}`;
}

export function formatReport(r: IngestReport): string {
  const lines = [`Файл «${r.fileName}»: ${r.message}`];
  if (r.formatTitle) lines.push(`  Формат: ${r.formatTitle}`);
  if (r.status !== 'duplicate')
    lines.push(
      `  Строк прочитано: ${r.rowsRead}, загружено: ${r.rowsLoaded}, исключено: ${r.rowsRejected}${r.rowsReplaced ? `, заменено прежних: ${r.rowsReplaced}` : ''}`,
    );
  for (const i of r.issues) lines.push('  ' + issueLine(r.fileName, i));
  if (r.issuesTotal > r.issues.length)
    lines.push(`  … и ещё ${r.issuesTotal - r.issues.length} замечаний (полный список — в журнале загрузок)`);
  return lines.join('\n');
}
