import { readFileSync } from 'node:fs';
import { openWorkbook } from './ingest/read/workbook.js';
const book = await openWorkbook(readFileSync('tests/fixtures/samples/moscow_gia9_oge_2015_by_exam__data.xlsx'), 'x.xlsx');
const subj = new Map<string, number>(); const dates = new Map<string, number>(); let sum = 0; let n=0; const types = new Set<string>(); const ids = new Set<string>(); const pairs=new Set<string>();
let nonInt=0, emptyAvg=0;
for await (const r of book.sheets[0]!.rows()) { if (r.rowNo===1) continue; n++;
  const c = r.cells; subj.set(String(c[3]), (subj.get(String(c[3]))??0)+1); dates.set(String(c[2]), (dates.get(String(c[2]))??0)+1);
  sum += Number(c[4]); for (const v of c) types.add(typeof v); ids.add(String(c[1])); pairs.add(c[1]+'|'+c[2]+'|'+c[3]);
  if (!Number.isInteger(Number(c[4]))) nonInt++; if (c[5]===null) emptyAvg++;
}
console.log(n, sum, ids.size, pairs.size, nonInt, emptyAvg, [...types]); console.log(subj); console.log(dates);
