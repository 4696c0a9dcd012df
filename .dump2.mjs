import ExcelJS from 'exceljs';
const f = process.argv[2]; const sheet=process.argv[3];
const wb = new ExcelJS.Workbook(); await wb.xlsx.readFile(f);
const ws = wb.getWorksheet(sheet);
const hdr = ws.getRow(1).values;
const stats = {};
ws.eachRow((row, r) => { if (r===1) return; row.eachCell({includeEmpty:true},(c,col)=>{ const h=hdr[col]; if(!h||/^\d|балл за/.test(h) && col>12) return; stats[h] ??= new Map(); const k=typeof c.value+':'+String(c.value).slice(0,40); stats[h].set(k,(stats[h].get(k)||0)+1); }); });
for (const [h,m] of Object.entries(stats)) console.log(h, [...m.entries()].sort((a,b)=>b[1]-a[1]).slice(0,12).map(([k,v])=>k+'×'+v).join(', '));
// absent rows
let n=0; ws.eachRow((row,r)=>{ const v=JSON.stringify(row.values); if (/отсутств/.test(v) && n++<2) console.log('ABSENT', r, v); });
