import ExcelJS from 'exceljs';
const f = process.argv[2]; const maxRows = +(process.argv[3]||5);
const wb = new ExcelJS.Workbook(); await wb.xlsx.readFile(f);
for (const ws of wb.worksheets) {
  console.log('SHEET', JSON.stringify(ws.name), ws.rowCount, ws.columnCount, 'merges', ws.model.merges?.length);
  for (let r=1;r<=Math.min(maxRows, ws.rowCount);r++){ const row=ws.getRow(r); const vals=[]; row.eachCell({includeEmpty:false},(c,col)=>vals.push(col+':'+JSON.stringify(c.value)+(typeof c.value))); console.log(r, vals.join(' | ')); }
}
