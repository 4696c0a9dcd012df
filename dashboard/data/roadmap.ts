// Roadmap edits from the dashboard: form validation (Russian messages) and the writes, each through the store's
// write queue; a measure of another school is never touched (the school is part of every write's condition).

import type { MeasureStatus } from '../../domain/measure-statuses.js';
import { isMeasureStatus, statusOf } from '../../domain/measure-statuses.js';
import { measureId, type ProgrammeSpan, parseDeadline } from '../../domain/measures.js';
import type { Store } from '../../store/db.js';
import { serialize } from '../../store/queue.js';
import { querySql } from './sql.js';

export interface MeasureEdit {
  status: MeasureStatus;
  deadline: string | null;
  deadlineText: string | null;
  responsible: string | null;
  evidence: string | null;
}
export interface MeasureNew extends MeasureEdit {
  section: string | null;
  title: string;
  expected: string | null;
}
export type Parsed<T> = { ok: true; value: T } | { ok: false; message: string };

/** Trimmed single-spaced text without control characters; '' → null; longer than `max` → an error. */
function text(
  body: Record<string, unknown>,
  key: string,
  max: number,
  label: string,
  multiline = false,
): Parsed<string | null> {
  const raw = body[key];
  if (raw !== undefined && typeof raw !== 'string') return { ok: false, message: `Поле «${label}» заполнено неверно.` };
  let v = String(raw ?? '').replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/g, '');
  v = multiline ? v.replace(/\r\n?/g, '\n').trim() : v.replace(/\s+/g, ' ').trim();
  if (v.length > max) return { ok: false, message: `Поле «${label}» длиннее ${max} символов.` };
  return { ok: true, value: v || null };
}

export function parseEdit(body: Record<string, unknown>, span: ProgrammeSpan): Parsed<MeasureEdit> {
  const status =
    typeof body.status === 'string' ? (isMeasureStatus(body.status) ? body.status : statusOf(body.status)) : null;
  if (!status) return { ok: false, message: 'Статус не выбран или неизвестен: выберите статус из списка.' };
  const deadline = text(body, 'deadline', 100, 'Срок');
  const responsible = text(body, 'responsible', 300, 'Ответственные');
  const evidence = text(body, 'evidence', 2000, 'Подтверждение выполнения', true);
  for (const r of [deadline, responsible, evidence]) if (!r.ok) return r;
  const dl = deadline as { ok: true; value: string | null };
  let date: string | null = null;
  if (dl.value) {
    const p = parseDeadline(dl.value, span);
    if (!p.ok) return { ok: false, message: `Срок: ${p.message}` };
    date = p.date;
  }
  return {
    ok: true,
    value: {
      status,
      deadline: date,
      deadlineText: dl.value,
      responsible: (responsible as { value: string | null }).value,
      evidence: (evidence as { value: string | null }).value,
    },
  };
}

export function parseNew(body: Record<string, unknown>, span: ProgrammeSpan): Parsed<MeasureNew> {
  const edit = parseEdit(body, span);
  if (!edit.ok) return edit;
  const title = text(body, 'title', 500, 'Мероприятие');
  const section = text(body, 'section', 300, 'Раздел');
  const expected = text(body, 'expected_result', 1000, 'Ожидаемый результат');
  for (const r of [title, section, expected]) if (!r.ok) return r;
  const t = (title as { value: string | null }).value;
  if (!t) return { ok: false, message: 'Укажите название мероприятия.' };
  return {
    ok: true,
    value: {
      ...edit.value,
      title: t,
      section: (section as { value: string | null }).value,
      expected: (expected as { value: string | null }).value,
    },
  };
}

export interface MeasureState {
  status: string;
  deadline: string | null;
  responsible: string | null;
  evidence: string | null;
}
export type EditResult =
  | { outcome: 'updated'; before: MeasureState }
  | { outcome: 'missing' }
  | { outcome: 'other-school' };

const state = (r: unknown[]): MeasureState => ({
  status: String(r[2]),
  evidence: r[3] === null ? null : String(r[3]),
  deadline: r[4] === null ? null : String(r[4]).slice(0, 10),
  responsible: r[5] === null ? null : String(r[5]),
});

/** Edits a measure of `code`; a measure of another school is reported, not changed. */
export function updateMeasure(
  store: Store,
  code: string,
  id: string,
  e: MeasureEdit,
  user: string,
): Promise<EditResult> {
  return serialize(async () => {
    const rows = (await store.conn.runAndReadAll(querySql('roadmap-owner'), { id })).getRows();
    if (rows.length === 0) return { outcome: 'missing' } as const;
    if (rows.some((r) => String(r[1]) !== code)) return { outcome: 'other-school' } as const;
    await store.conn.run(querySql('roadmap-update'), {
      id,
      code,
      status: e.status,
      evidence: e.evidence,
      deadline: e.deadline,
      deadline_text: e.deadlineText,
      responsible: e.responsible,
      user,
    });
    return { outcome: 'updated', before: state(rows[0]!) } as const;
  });
}

/** Adds a measure to the roadmap of `code`; the id is the one a later import of the same measure will have. */
export function addMeasure(
  store: Store,
  code: string,
  m: MeasureNew,
  user: string,
): Promise<{ ok: true; id: string } | { ok: false; message: string }> {
  return serialize(async () => {
    const id = measureId(code, m.section, m.title);
    const exists = (await store.conn.runAndReadAll(querySql('roadmap-owner'), { id })).getRows().length > 0;
    if (exists)
      return {
        ok: false,
        message: `Мероприятие «${m.title}» уже есть в дорожной карте${m.section ? ` (раздел «${m.section}»)` : ''}: измените его в таблице.`,
      } as const;
    await store.conn.run(querySql('roadmap-insert'), {
      id,
      code,
      section: m.section,
      title: m.title,
      deadline: m.deadline,
      deadline_text: m.deadlineText,
      responsible: m.responsible,
      expected: m.expected,
      status: m.status,
      evidence: m.evidence,
      user,
    });
    return { ok: true, id } as const;
  });
}
