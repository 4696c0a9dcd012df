// Parses the demo's ВПР exports (both layouts) and scales back into flat records.
import { basename } from 'node:path';
import { col, csvRows, readBook, readText, type Value } from './read.js';

export const VPR_NAME = /^Проведение работы по (.+), (\d+) класс\. ВПР (\d{4})\.xlsx$/;
const FROM_DATIVE: Record<string, string> = {
  'русскому языку': 'Русский язык',
  математике: 'Математика',
  'окружающему миру': 'Окружающий мир',
  истории: 'История',
  биологии: 'Биология',
  географии: 'География',
  обществознанию: 'Обществознание',
  физике: 'Физика',
  химии: 'Химия',
};

export interface VprRecord {
  file: string;
  year: string;
  subject: string;
  grade: number;
  login: string;
  absent: boolean;
  journal: number | null;
  total: number;
  max: number;
  mark: number;
}

interface Scale {
  m3: number;
  m4: number;
  m5: number;
  max: number;
}

export function readScales(path: string): Map<string, Scale> {
  const [head, ...rows] = csvRows(readText(path).replace(/,/g, ';'));
  const h = head ?? [];
  const out = new Map<string, Scale>();
  for (const r of rows) {
    const g = (c: string) => r[h.indexOf(c)] ?? '';
    out.set(`${g('school_year')}|${g('subject')}|${g('kim_grade')}`, {
      m3: Number(g('mark3_min')),
      m4: Number(g('mark4_min')),
      m5: Number(g('mark5_min')),
      max: Number(g('max_score')),
    });
  }
  return out;
}

const num = (v: Value): number | null => {
  if (v === null) return null;
  const n = Number(String(v).trim());
  return Number.isFinite(n) ? n : null;
};

export async function readVpr(path: string, scales: Map<string, Scale>): Promise<VprRecord[]> {
  const m = VPR_NAME.exec(basename(path));
  if (!m) throw new Error(`not a ВПР file: ${path}`);
  const subject = FROM_DATIVE[m[1] ?? ''] ?? '?',
    grade = Number(m[2]),
    spring = Number(m[3]);
  const year = `${spring - 1}/${String(spring % 100).padStart(2, '0')}`;
  const scale = scales.get(`${year}|${subject}|${grade}`);
  if (!scale) throw new Error(`no scale for ${year} ${subject} ${grade}`);
  const book = await readBook(path);
  const legacy = book.length === 1;
  const sheet = legacy ? book[0] : book.find((s) => s.name === 'Протокол');
  if (!sheet) throw new Error(`no data sheet in ${path}`);
  const [header = [], ...rows] = sheet.rows;
  const cLogin = col(header, legacy ? 'логин школы' : 'Пользователь');
  const cVar = col(header, legacy ? 'вариант' : 'Вариант');
  const cJ = col(
    header,
    legacy ? 'отметка за предыдущую четверть/триместр' : 'Отметка за предыдущий триместр/ четверть/полугодие',
  );
  const cTot = col(header, legacy ? 'всего баллов' : 'Итого баллов');
  return rows
    .filter((r) => r.length > 0)
    .map((r) => {
      const total = num(r[cTot] ?? null) ?? 0;
      const mark = total >= scale.m5 ? 5 : total >= scale.m4 ? 4 : total >= scale.m3 ? 3 : 2;
      return {
        file: basename(path),
        year,
        subject,
        grade,
        login: String(r[cLogin]),
        absent: r[cVar] === 'отсутствовал',
        journal: num(r[cJ] ?? null),
        total,
        max: scale.max,
        mark,
      };
    });
}
