import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { openWorkbook } from './ingest/read/workbook.js';
const [path, nStr] = process.argv.slice(2);
const n = Number(nStr ?? 15);
const book = await openWorkbook(readFileSync(path!), basename(path!));
for (const s of book.sheets) {
  let count = 0; const out: string[] = [];
  for await (const r of s.rows()) { count++; if (count <= n) out.push(r.rowNo + ': ' + JSON.stringify(r.cells)); }
  console.log('== sheet', s.name, 'rows', count); console.log(out.join('\n'));
}
