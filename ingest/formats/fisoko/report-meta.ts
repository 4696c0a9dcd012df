// Title block of ФИС ОКО analytical reports (formats.md §1.4): «ВПР 2025 Математика 5 класс» or
// «Всероссийские проверочные работы 2025 (5 класс)», label rows «Предмет: …», «Максимальный первичный балл: 20»,
// «Дата: 15.04.2025», and the school line «МБОУ … (edu220150) | Кол-во участников: 15».

import { cellText, normText, toInt } from '../../read/values.js';
import { canonicalSubject } from '../../subjects.js';
import type { Cell } from '../../types.js';

export interface ReportMeta {
  subject: string | null;
  subjectText: string | null; // as written, for messages
  kimGrade: number | null;
  vprYear: number | null;
  maxScore: number | null;
  examDate: string | null;
  dateRow: number | null; // index (in the rows given) of the «Дата: …» row
  login: string | null;
  schoolName: string | null;
  declared: number | null; // «Кол-во участников»
}

const TITLE = /впр\.?\s*-?\s*(20\d\d)\s*[.,]?\s+(.+?)[.,]?\s+(\d{1,2})\s*-?\s*(?:й\s*)?класс/i;
const LONG_TITLE = /всероссийск\S*\s+проверочн\S*\s+работ\S*\s*(20\d\d)\D{0,5}(\d{1,2})\s*-?\s*(?:й\s*)?класс/i;
const LOGIN = /\(\s*((?:sch|edu|ksh)\d{6})\s*\)/i;
const PARTICIPANTS = /кол-?\s*во\s+участников\s*:?\s*(\d+)/i;

/** Distinct non-empty texts of a row, in order (merged cells repeat one value across the row). */
function rowTexts(cells: Cell[]): string[] {
  const out: string[] = [];
  for (const c of cells) {
    const t = cellText(c).replace(/\s+/g, ' ');
    if (t && !out.includes(t)) out.push(t);
  }
  return out;
}

/** Value of a «Label: value» cell, or of the next cell after a «Label» cell. */
function labelled(texts: string[], label: RegExp): string | null {
  for (let i = 0; i < texts.length; i++) {
    const t = texts[i]!;
    if (!label.test(normText(t))) continue;
    const after = t.includes(':') ? t.slice(t.indexOf(':') + 1).trim() : '';
    return after || texts[i + 1] || null;
  }
  return null;
}

function isoDate(v: string | null): string | null {
  const m = v ? (/(\d{1,2})\.(\d{1,2})\.(20\d\d)/.exec(v) ?? /(20\d\d)-(\d{2})-(\d{2})/.exec(v)) : null;
  if (!m) return null;
  const [d, mo, y] = m[1]!.length === 4 ? [m[3]!, m[2]!, m[1]!] : [m[1]!, m[2]!, m[3]!];
  return `${y}-${mo.padStart(2, '0')}-${d.padStart(2, '0')}`;
}

export function readReportMeta(rows: Cell[][]): ReportMeta {
  const meta: ReportMeta = {
    subject: null,
    subjectText: null,
    kimGrade: null,
    vprYear: null,
    maxScore: null,
    examDate: null,
    dateRow: null,
    login: null,
    schoolName: null,
    declared: null,
  };
  for (const [i, cells] of rows.entries()) {
    const texts = rowTexts(cells);
    for (const t of texts) {
      const m = TITLE.exec(t);
      if (m && meta.vprYear === null) {
        meta.vprYear = Number(m[1]);
        meta.kimGrade = Number(m[3]);
        meta.subjectText = m[2]!.trim();
        meta.subject = canonicalSubject(m[2]!);
      }
      const l = LONG_TITLE.exec(t);
      if (l && meta.vprYear === null) {
        meta.vprYear = Number(l[1]);
        meta.kimGrade = Number(l[2]);
      }
      const login = LOGIN.exec(t);
      if (login && !meta.login) {
        meta.login = login[1]!.toLowerCase();
        meta.schoolName = t.slice(0, login.index).trim() || null;
      }
      const p = PARTICIPANTS.exec(t);
      if (p) meta.declared = Number(p[1]);
    }
    const subject = labelled(texts, /^предмет(\s*:|$)/);
    if (subject && canonicalSubject(subject)) {
      meta.subject = canonicalSubject(subject);
      meta.subjectText = subject;
    }
    const max = labelled(texts, /^максимальн\S* первичн\S* балл/);
    if (max !== null && toInt(max) !== null) meta.maxScore = toInt(max);
    const date = labelled(texts, /^дата( проведения)?(\s*:|$)/);
    const iso = date ? isoDate(date) : null;
    if (iso) {
      meta.examDate = iso;
      meta.dateRow = i;
    }
  }
  return meta;
}

/** A date as the committee's calendar sees it (local time; toISOString would give the UTC day). */
export function isoDay(d: Date): string {
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
}

const dotted = (iso: string): string => iso.split('-').reverse().join('.');

/** The rejection text for a report dated later than `today` (injectable for tests), null otherwise. */
export function futureReportDate(examDate: string | null, today: Date = new Date()): string | null {
  const now = isoDay(today);
  if (examDate === null || examDate <= now) return null;
  return (
    `в заголовке отчёта ФИС ОКО дата проведения ${dotted(examDate)} — она ещё не наступила (сегодня ${dotted(now)}). ` +
    'Вероятно, дата в отчёте указана с ошибкой или загружен не тот файл; проверьте отчёт и загрузите его заново.'
  );
}
