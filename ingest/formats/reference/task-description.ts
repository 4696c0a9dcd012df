// ФИС ОКО «Описание работы» ALL.xlsx (formats.md §1.5): № КИМ | № | Умения… | Блоки ПООП… | Уровень сложности |
// Код КЭС | Код КТ | Максимальный балл… | Примерное время…. One КИМ task spans several rows (one per КЭС×КТ pair):
// they are merged into one TaskInfo, codes kept as text and joined with «; ».

import { cellText, normText, toNumber } from '../../read/values.js';
import { num } from '../../report.js';
import type { Cell, FormatModule, TaskInfo, WorkbookProbe } from '../../types.js';
import { type ColumnSpec, codeText, eachTable, headerHits, shown } from '../table.js';
import { workFromFileName } from './work-name.js';

type Key = 'kimNo' | 'seq' | 'skills' | 'poop' | 'level' | 'kes' | 'kt' | 'max';
const SPECS: ColumnSpec<Key>[] = [
  { key: 'kimNo', caption: '№ КИМ', match: /^(№|номер)\s*(задания\s*)?(в\s*)?ким|^№ задания/ },
  { key: 'seq', caption: '№', match: /^(№|n|номер)( п\/п)?$/ },
  { key: 'skills', caption: 'Умения, виды деятельности', match: /умени|виды деятельности/ },
  { key: 'poop', caption: 'Блоки ПООП', match: /пооп|планируем|выпускник научится/ },
  { key: 'level', caption: 'Уровень сложности', match: /уровень сложности/, required: true },
  { key: 'kes', caption: 'Код КЭС', match: /(^|\s)кэс(\s|$)|элемент\p{L}* содержани/u },
  { key: 'kt', caption: 'Код КТ', match: /(^|\s)кт(\s|$)|требовани/ },
  { key: 'max', caption: 'Максимальный балл за выполнение задания', match: /максимальн\p{L}* балл/u, required: true },
];
const LEVELS: [RegExp, string][] = [
  [/^(б|базов\p{L}*)$/u, 'Б'],
  [/^(п|повышенн\p{L}*)$/u, 'П'],
  [/^(в|высок\p{L}*)$/u, 'В'],
];

/** Text from PDF-converted cells: «арифмети- ческие   действия» → «арифметические действия». */
export function cleanText(v: Cell | undefined): string {
  return cellText(v)
    .replace(/(\p{Ll})-\s+(\p{Ll})/gu, '$1$2')
    .replace(/\s+/g, ' ')
    .trim();
}

function detect(probe: WorkbookProbe): number {
  const hits = headerHits(probe.sheets, SPECS, 10);
  return hits >= 6 ? 0.95 : hits >= 4 ? 0.7 : 0;
}

interface Acc {
  info: TaskInfo;
  skills: string[];
  poop: string[];
  kes: string[];
  kt: string[];
}
const addDistinct = (list: string[], v: string) => {
  if (v && !list.includes(v)) list.push(v);
};

export const taskDescription: FormatModule = {
  id: 'fisoko-task-description',
  title: 'ФИС ОКО: описание работы ВПР (задания, КЭС, КТ)',
  detect,
  async parse(book, ctx) {
    await eachTable(
      book,
      ctx,
      SPECS,
      10,
      async (h, sheet) => {
        const { rep, data } = h;
        const taskCol = h.cols.get('kimNo') ?? h.cols.get('seq');
        if (taskCol === undefined)
          throw rep.rejection(
            h.headerRow,
            null,
            'в шапке описания работы нет столбца с номером задания («№ КИМ» или «№»).',
          );
        const title = h.above.map((r) => r.cells.map(cellText).join(' ')).join(' ');
        const fromTitle = workFromFileName(title);
        const fromName = workFromFileName(book.fileName);
        const subject = fromTitle.subject ?? fromName.subject;
        const kimGrade = fromTitle.kimGrade ?? fromName.kimGrade;
        if (!subject || kimGrade === null)
          rep.fileWarning(
            null,
            null,
            `по имени файла «${book.fileName}» не удалось определить ${!subject && kimGrade === null ? 'предмет и класс' : !subject ? 'предмет' : 'класс'} работы: описания заданий загружены без этой привязки. Чтобы связать их с результатами ВПР, назовите файл, например, «математика 4 ALL.xlsx».`,
          );
        const col = (k: Key) => h.cols.get(k);
        const text = (cells: Cell[], k: Key) => {
          const c = col(k);
          return c === undefined ? '' : cleanText(cells[c]);
        };
        const tasks = new Map<string, Acc>();
        for (const { rowNo, cells } of data) {
          const task = codeText(cells[taskCol]);
          if (!task) {
            rep.error(rowNo, taskCol, 'не указан номер задания — строка пропущена.');
            continue;
          }
          const levelText = text(cells, 'level');
          const level = LEVELS.find(([re]) => re.test(normText(levelText)))?.[1] ?? null;
          if (levelText && !level)
            rep.warning(rowNo, col('level')!, `уровень сложности «${levelText}» не распознан (ожидается Б, П или В).`);
          const maxText = cellText(cells[col('max')!]);
          const max = toNumber(cells[col('max')!]);
          if (maxText && (max === null || max <= 0)) {
            rep.error(
              rowNo,
              col('max')!,
              `«${shown(cells[col('max')!])}» — максимальный балл должен быть положительным числом; строка пропущена.`,
            );
            continue;
          }
          let acc = tasks.get(task);
          if (!acc) {
            acc = {
              info: {
                sheet: sheet.name,
                rowNo,
                subject,
                kimGrade,
                task,
                level,
                maxScore: max,
                skills: null,
                kes: null,
                kt: null,
              },
              skills: [],
              poop: [],
              kes: [],
              kt: [],
            };
            tasks.set(task, acc);
          } else {
            if (max !== null && acc.info.maxScore !== null && max !== acc.info.maxScore)
              rep.warning(
                rowNo,
                col('max')!,
                `для задания ${task} максимальный балл ${num(max)} отличается от указанного выше (${num(acc.info.maxScore)}); оставлен ${num(acc.info.maxScore)}.`,
              );
            if (level && acc.info.level && level !== acc.info.level)
              rep.warning(
                rowNo,
                col('level')!,
                `для задания ${task} уровень сложности «${level}» отличается от указанного выше («${acc.info.level}»); оставлен «${acc.info.level}».`,
              );
            acc.info.maxScore ??= max;
            acc.info.level ??= level;
          }
          addDistinct(acc.skills, text(cells, 'skills'));
          addDistinct(acc.poop, text(cells, 'poop'));
          const kesCol = col('kes'),
            ktCol = col('kt');
          if (kesCol !== undefined) addDistinct(acc.kes, codeText(cells[kesCol]));
          if (ktCol !== undefined) addDistinct(acc.kt, codeText(cells[ktCol]));
        }
        for (const { info, skills, poop, kes, kt } of tasks.values()) {
          const parts = [
            skills.join('; '),
            poop.length ? `Планируемый результат (ПООП): ${poop.join('; ')}` : '',
          ].filter((s) => s !== '');
          ctx.emitTaskInfo({
            ...info,
            skills: parts.join('\n') || null,
            kes: kes.join('; ') || null,
            kt: kt.join('; ') || null,
          });
        }
        ctx.progress(data.length);
      },
      'Не найдена шапка описания работы ФИС ОКО: нужны столбцы «№ КИМ» (или «№»), «Уровень сложности», «Код КЭС», «Код КТ», «Максимальный балл за выполнение задания».',
    );
  },
};
