// School registry workbook (`Реестр ОО.xlsx`) mapping the three school identifiers.
import { join } from 'node:path';
import { MUNICIPALITY, type School } from './schools.js';
import { type Cell, writeXlsx } from './xlsx.js';

export const REGISTRY_FILE = 'Реестр ОО.xlsx';

export const REGISTRY_HEADER = [
  'Код ОО',
  'Наименование',
  'Краткое наименование',
  'Логин ФИС ОКО',
  'Прежний логин ФИС ОКО',
  'Код ОО РЦОИ',
  'Муниципалитет',
  'Тип ОО',
  'Тип населённого пункта',
  'Численность обучающихся',
  'Доля обучающихся с ОВЗ, %',
  'Доля обучающихся, для которых русский язык не родной, %',
];

export async function writeRegistry(schools: School[], outDir: string): Promise<{ path: string; rows: number }> {
  const rows: Cell[][] = [REGISTRY_HEADER];
  for (const s of schools) {
    rows.push([
      s.code,
      s.name,
      s.shortName,
      s.loginNew,
      s.loginOld,
      s.rcoiCode,
      MUNICIPALITY,
      s.type,
      s.settlement,
      s.enrolment,
      s.ovzPct,
      s.nonNativePct,
    ]);
  }
  const path = join(outDir, REGISTRY_FILE);
  await writeXlsx(path, [{ name: 'Реестр', rows, widths: [8, 36, 22, 14, 14, 12, 28, 10, 12, 12, 12, 16] }]);
  return { path, rows: schools.length };
}
