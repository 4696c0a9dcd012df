// A large ВПР-2021 regional export (formats.md §1.2b, the layout demo/write-vpr.ts writes): sheet `Sheet`,
// every cell text, `логин школы … всего баллов, балл за 1…N, Учебник …`. Math, grade 5 (16 tasks, max 20),
// ~100 pupils per school, 3 % absent, some tasks «X». Written once through the demo's streaming xlsx writer
// (shared strings) into bench/.cache/ and reused while the generator version is unchanged.
import { existsSync, mkdirSync, renameSync } from 'node:fs';
import { join } from 'node:path';
import { mulberry32, type Rng } from '../demo/rng.js';
import { writeXlsx, type Cell } from '../demo/xlsx.js';
import { CACHE_DIR } from './paths.js';

const GEN_VERSION = 1;
// КИМ «Математика, 5 класс» of ВПР 2021 as in demo/vpr-works.ts: tasks 1–10, 11.1, 11.2 (1 point), 12–15 (2 points).
const TASK_MAX = [1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 2, 2, 2, 2];
const MUNICIPALITIES = ['Энский муниципальный район', 'Город Энск', 'Приморский муниципальный округ', 'Заречный район'];
const TEXTBOOKS = ['Виленкин Н.Я., Жохов В.И. Математика Мнемозина', 'Мерзляк А.Г., Полонский В.Б. Математика Вентана-Граф', 'Никольский С.М. Математика Просвещение'];
export const VPR_FILE_NAME = 'Проведение работы по математике, 5 класс. ВПР 2021.xlsx';
export const PUPILS_PER_SCHOOL = 100;

export const vprHeader = (): string[] => [
  'логин школы', 'регион', 'номер обучающегося', 'код обучающегося', 'отметка за предыдущую четверть/триместр',
  'пол', 'класс', 'вариант', 'всего баллов', ...TASK_MAX.map((_, i) => `балл за ${i + 1}`),
  'Учебник', 'Др.уч. автор', 'Др.уч. название',
];

function* rows(n: number, r: Rng): Generator<Cell[]> {
  yield vprHeader();
  for (let i = 0; i < n; i++) {
    const school = Math.floor(i / PUPILS_PER_SCHOOL);
    const login = `sch${String(220000 + school).padStart(6, '0')}`;
    const head: Cell[] = [login, MUNICIPALITIES[school % MUNICIPALITIES.length]!, String(i + 1), String(10000 + (i % PUPILS_PER_SCHOOL) * 7 + (school % 7))];
    if (r() < 0.03) { yield [...head, null, null, null, 'отсутствовал']; continue; }
    const ability = r();
    const scores = TASK_MAX.map((m) => (r() < 0.04 ? 'X' : String(Math.min(m, Math.floor(ability * (m + 1) + r() * 0.8)))));
    const total = scores.reduce((a, s) => a + (s === 'X' ? 0 : Number(s)), 0);
    const journal = r() < 0.05 ? 'нет отметки' : String(Math.min(5, Math.max(2, Math.round(2.6 + ability * 2.4 + (r() - 0.5)))));
    const letter = school % 11 === 0 ? 'НЕТ' : 'АБВГ'[Math.floor(r() * 4)]!;
    yield [...head, journal, r() < 0.5 ? 'М' : 'Ж', letter, String(1 + Math.floor(r() * 2)), String(total), ...scores,
      TEXTBOOKS[school % TEXTBOOKS.length]!, null, null];
  }
}

/** Path of the cached workbook with `n` pupil rows, generating it when absent. */
export async function vprWorkbook(n: number): Promise<string> {
  const dir = join(CACHE_DIR, `vpr2021-v${GEN_VERSION}-${n}`);
  const path = join(dir, VPR_FILE_NAME);
  if (existsSync(path)) return path;
  mkdirSync(dir, { recursive: true });
  const tmp = join(dir, `.partial-${process.pid}.xlsx`);
  await writeXlsx(tmp, [{ name: 'Sheet', rows: rows(n, mulberry32(2021)) }]);
  renameSync(tmp, path);
  return path;
}
