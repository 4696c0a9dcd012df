// ФИС ОКО school logins list (formats.md §1.3): `логин · имя · регион`, where «регион» is really the municipality.
// Each row becomes a school keyed by its login (schoolCode = fisokoLogin = the login).

import { cellText } from '../../read/values.js';
import type { Cell, FormatModule, WorkbookProbe } from '../../types.js';
import { type ColumnSpec, captions, eachTable, headerHits, locateHeader } from '../table.js';

type Key = 'login' | 'name' | 'region';
const SPECS: ColumnSpec<Key>[] = [
  { key: 'login', caption: 'логин', match: /^логин( оо| школы)?$/, required: true },
  { key: 'name', caption: 'имя', match: /^(имя|наименование|название)( оо| школы)?$/, required: true },
  { key: 'region', caption: 'регион', match: /^(регион|муниципалитет|район|мо)$/ },
];
const LOGIN = /^(sch|ksh|edu)\d{6}$/;

function loginShare(rows: Cell[][]): number {
  const h = locateHeader(rows, SPECS);
  if (!h) return 0;
  const col = h.cols.get('login')!;
  const vals = rows
    .slice(h.index + 1)
    .map((r) => cellText(r[col]).toLowerCase())
    .filter((t) => t !== '');
  return vals.length === 0 ? 0 : vals.filter((t) => LOGIN.test(t)).length / vals.length;
}

function detect(probe: WorkbookProbe): number {
  const hits = headerHits(probe.sheets, SPECS, 5);
  if (hits < 2) return 0;
  const share = Math.max(...probe.sheets.map((s) => loginShare(s.rows)));
  // The header alone is generic («логин | имя»); the login pattern in the data makes it certain.
  return Math.min(0.97, 0.45 + 0.1 * (hits - 2) + 0.45 * share);
}

export const fisokoLogins: FormatModule = {
  id: 'fisoko-logins',
  title: 'ФИС ОКО: список логинов ОО',
  detect,
  async parse(book, ctx) {
    const seen = new Map<string, string>();
    await eachTable(
      book,
      ctx,
      SPECS,
      5,
      async (h, sheet) => {
        const { rep, data } = h;
        const cl = h.cols.get('login')!,
          cn = h.cols.get('name')!,
          cr = h.cols.get('region');
        for (const { rowNo, cells } of data) {
          const raw = cellText(cells[cl]);
          const login = raw.toLowerCase();
          const name = cellText(cells[cn]).replace(/\s+/g, ' ');
          if (!login) {
            rep.error(rowNo, cl, 'не указан логин ОО — строка пропущена.');
            continue;
          }
          if (!LOGIN.test(login)) {
            rep.error(
              rowNo,
              cl,
              `«${raw}» не является логином ФИС ОКО (ожидается sch220150, ksh220001 или edu223843) — строка пропущена.`,
            );
            continue;
          }
          if (seen.has(login)) {
            rep.error(rowNo, cl, `логин «${login}» уже встречался (${seen.get(login)}) — строка пропущена.`);
            continue;
          }
          if (!name) {
            rep.error(rowNo, cn, 'не указано название ОО — строка пропущена.');
            continue;
          }
          seen.set(login, rep.ref(rowNo));
          const municipality = cr === undefined ? '' : cellText(cells[cr]).replace(/\s+/g, ' ');
          ctx.emitSchool({
            sheet: sheet.name,
            rowNo,
            schoolCode: login,
            name,
            shortName: null,
            fisokoLogin: login,
            fisokoLoginOld: null,
            rcoiCode: null,
            municipality: municipality || null,
            schoolType: null,
            settlementType: null,
            enrolment: null,
            ovzShare: null,
            nonNativeShare: null,
          });
        }
        ctx.progress(data.length);
      },
      `Не найдена шапка списка логинов ФИС ОКО: в первых строках нужны столбцы ${captions(['логин', 'имя', 'регион'])}.`,
    );
  },
};
