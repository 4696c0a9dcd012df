// ВПР-2020 raw dump (formats.md §1.2a): header row `groups, user, id, code, otc, gender, klass, var-1, var-2, sum,
// a-1-grade …`, hand-renamed columns possible. Subject/КИМ/year come from the ФИС ОКО group tags when they are
// unambiguous, otherwise from the file name. Autumn 2020: КИМ N written by grade N+1, school year 2020/21.

import { cellText } from '../../read/values.js';
import type { FormatModule, ParseContext, SheetRow, Workbook } from '../../types.js';
import { FileRejected } from '../../types.js';
import { isBlank } from '../table.js';
import { col, need, needTasks, type TaskCol } from './columns.js';
import { latinSubject, parseFileName } from './file-name.js';
import { PupilRows } from './pupil-rows.js';
import { bestSheet, findRow, readAll } from './sheet-rows.js';
import { type ContentMeta, resolveMeta, vprWork } from './work-meta.js';

const hasTasks = (t: string[]): boolean => t.some((x) => /^a-\d+-grade$/.test(x));
const isHeader = (t: string[]): boolean => ['user', 'code', 'sum'].every((k) => t.includes(k)) && hasTasks(t);
// Located loosely so that a missing column is reported by name.
const looksLikeHeader = (t: string[]): boolean =>
  hasTasks(t) && ['groups', 'user', 'code', 'sum'].some((k) => t.includes(k));

interface Tag {
  year: number;
  subject: string;
  kim: number;
  text: string;
}

function tagsOf(list: string): Tag[] {
  const out: Tag[] = [];
  for (const raw of list.split(',')) {
    const m = /^vpr(20\d\d)\.([a-z]+?)(\d{1,2})$/i.exec(raw.trim());
    const subject = m ? latinSubject(m[2]!) : null;
    if (m && subject) out.push({ year: Number(m[1]), subject, kim: Number(m[3]), text: raw.trim() });
  }
  return out;
}

/** Tags every pupil shares; the work is the one tag of the latest year when it is unique (or the one the file name picks). */
function contentFromTags(rows: SheetRow[], groupsIdx: number | null, book: Workbook, ctx: ParseContext): ContentMeta {
  const meta: ContentMeta = { source: 'теги ФИС ОКО в столбце groups' };
  if (groupsIdx === null) return meta;
  const cache = new Map<string, Tag[]>(); // one school's rows repeat the same list
  const tagged = rows
    .map((r) => {
      const raw = cellText(r.cells[groupsIdx] ?? null);
      let tags = cache.get(raw);
      if (!tags) cache.set(raw, (tags = tagsOf(raw)));
      return tags;
    })
    .filter((t) => t.length > 0);
  if (tagged.length === 0) return meta;
  const common = new Map(tagged[0]!.map((t) => [t.text, t]));
  for (const tags of tagged.slice(1)) {
    const here = new Set(tags.map((t) => t.text));
    for (const k of [...common.keys()]) if (!here.has(k)) common.delete(k);
  }
  if (common.size === 0) return meta;
  const year = Math.max(...[...common.values()].map((t) => t.year));
  const cands = [...common.values()].filter((t) => t.year === year);
  meta.vprYear = year;
  const name = parseFileName(book.fileName);
  const chosen =
    cands.length === 1 ? cands[0]! : cands.find((t) => t.subject === name.subject && t.kim === name.kimGrade);
  if (chosen) {
    meta.subject = chosen.subject;
    meta.kimGrade = chosen.kim;
  } else if (name.subject) {
    ctx.issue({
      severity: 'warning',
      scope: 'file',
      sheet: null,
      rowNo: null,
      column: 'groups',
      message: `Среди тегов ФИС ОКО, общих для всех участников, нет работы «${name.subject}», ${name.kimGrade} класс (ВПР ${year}); предмет и класс взяты из имени файла — проверьте, что файл назван верно.`,
    });
  }
  return meta;
}

export const fisokoVpr2020: FormatModule = {
  id: 'fisoko-vpr-2020',
  title: 'ФИС ОКО: выгрузка результатов ВПР-2020 (технические заголовки user, code, sum, a-N-grade)',
  detect(probe) {
    return bestSheet(probe, (_n, rows) => {
      if (findRow(rows, isHeader, 5) >= 0) return 0.95;
      return findRow(rows, looksLikeHeader, 5) >= 0 ? 0.6 : 0;
    });
  },
  async parse(book, ctx) {
    for (const sheet of book.sheets) {
      const rows = await readAll(sheet);
      const h = findRow(
        rows.map((r) => r.cells),
        looksLikeHeader,
        10,
      );
      if (h < 0) continue;
      const header = rows[h]!.cells,
        hRow = rows[h]!.rowNo,
        data = rows.slice(h + 1);
      const user = need(header, sheet.name, hRow, 'user', 'user');
      const code = need(header, sheet.name, hRow, 'code', 'code');
      const sum = need(header, sheet.name, hRow, 'sum', 'sum');
      // Columns a-N-grade that no pupil filled are not tasks of this work.
      const tasks: TaskCol[] = needTasks(header, sheet.name, hRow, 'a-1-grade').filter((t) =>
        data.some((r) => cellText(r.cells[t.idx] ?? null) !== ''),
      );
      const nums = tasks.map((t) => Number(t.label));
      const gap = nums.findIndex((n, i) => n !== i + 1);
      if (gap >= 0) {
        ctx.issue({
          severity: 'warning',
          scope: 'file',
          sheet: sheet.name,
          rowNo: hRow,
          column: null,
          message: `нет заполненного столбца «a-${gap + 1}-grade» (возможно, он переименован вручную); задания пронумерованы по заголовкам.`,
        });
      }
      const groups = col(header, 'groups');
      const meta = resolveMeta(book, contentFromTags(data, groups?.idx ?? null, book, ctx), ctx);
      const cols = {
        code,
        tasks,
        total: sum,
        variant: col(header, 'var-1'),
        variant2: col(header, 'var-2'),
        journal: col(header, 'otc'),
        sex: col(header, 'gender'),
        className: col(header, 'klass'),
      };
      const out = new PupilRows(ctx, ctx.emitWork(vprWork(meta, cols)), meta, cols, { schoolCol: user });
      for (const r of data) {
        if (isBlank(r.cells)) continue;
        out.add(sheet.name, r.rowNo, r.cells, {
          schoolRef: cellText(r.cells[user.idx] ?? null).toLowerCase(),
          schoolName: null,
          municipality: null,
        });
      }
      out.finish();
      return;
    }
    throw new FileRejected(
      'Не найдена строка заголовков выгрузки ВПР-2020 (столбцы «user», «code», «sum», «a-1-grade» …).',
    );
  },
};
