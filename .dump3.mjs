import ExcelJS from 'exceljs';
const wb = new ExcelJS.Workbook(); await wb.xlsx.readFile(process.argv[2]);
const ws = wb.worksheets[0];
console.log(ws.model.merges.slice(0,60).join(' '));
console.log('cols', ws.columns.map(c=>c.width).join(','));
for (let r=1;r<=40;r++){ const row=ws.getRow(r); console.log(r,'h',row.height, row.getCell(1).font?.bold, JSON.stringify(row.getCell(2).style).slice(0,200)); }
