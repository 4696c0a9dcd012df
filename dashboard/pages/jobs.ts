// Jobs: recent runs with outcome, builds of the marts, and buttons to run a job by hand.

import { APP_TIMEZONE } from '../../domain/timezone.js';
import type { Session } from '../auth/session.js';
import type { Row } from '../data/sql.js';
import { describeCron } from '../format/cron.js';
import { fmtDateTime, fmtDuration } from '../format/dates.js';
import { outcomeBadge } from '../html/badges.js';
import { html } from '../html/escape.js';
import { page } from '../html/layout.js';
import { dataTable } from '../html/table.js';

export const JOB_TITLES: Record<string, string> = {
  inbox: 'Разбор папки входящих файлов',
  rebuild: 'Пересборка витрин',
  reports: 'Еженедельные справки',
  freshness: 'Проверка свежести данных',
  backup: 'Резервная копия хранилища',
};

export function jobsPage(
  o: {
    runs: Row[];
    builds: Row[];
    schedules: Record<string, string>;
    canRun: boolean;
    message?: { ok: boolean; text: string };
  },
  s: Session,
): string {
  const body = html`
    <h1>Задания</h1>
    ${o.message ? html`<p class="notice ${o.message.ok ? 'ok' : 'error'}" role="status">${o.message.text}</p>` : ''}
    <h2>Запуск вручную</h2>
    ${o.canRun ? '' : html`<p class="muted">Запуск вручную недоступен: сервер запущен без планировщика заданий.</p>`}
    ${dataTable(
      [
        { title: 'Задание', value: (j: [string, string]) => JOB_TITLES[j[0]] ?? j[0] },
        {
          title: `Расписание (время ${APP_TIMEZONE === 'Europe/Moscow' ? 'московское' : APP_TIMEZONE})`,
          value: (j) => describeCron(j[1]) ?? html`<code>${j[1]}</code>`,
        },
        { title: 'Из командной строки', value: (j) => html`<code>orientir jobs run ${j[0]}</code>` },
        {
          title: '',
          value: (j) => html`<form method="post" action="/jobs/run"><input type="hidden" name="_csrf" value="${s.csrf}">
        <input type="hidden" name="job" value="${j[0]}"><button type="submit"${o.canRun ? '' : html` disabled`}>Запустить</button></form>`,
        },
      ],
      Object.entries(o.schedules),
    )}
    <h2>Последние запуски</h2>
    ${
      o.runs.length === 0
        ? html`<p class="muted">Задания ещё не запускались: первый запуск — по расписанию выше или кнопкой «Запустить».</p>`
        : dataTable(
            [
              { title: '№', value: (r: Row) => String(r.run_id), num: true },
              { title: 'Задание', value: (r) => JOB_TITLES[String(r.job)] ?? String(r.job) },
              { title: 'Запуск', value: (r) => String(r.trigger) },
              { title: 'Начало', value: (r) => fmtDateTime(r.started_at as string | null) },
              {
                title: 'Длительность',
                value: (r) => fmtDuration(r.started_at as string | null, r.finished_at as string | null),
              },
              { title: 'Итог', value: (r) => outcomeBadge(String(r.outcome)) },
              { title: 'Сообщение', value: (r) => (r.message === null ? '' : String(r.message)) },
            ],
            o.runs,
          )
    }
    <p class="muted">Время — ${APP_TIMEZONE === 'Europe/Moscow' ? 'московское' : APP_TIMEZONE}, как и в именах файлов резервных копий и отчётов.</p>
    <h2>Сборки витрин</h2>
    ${
      o.builds.length === 0
        ? html`<p class="muted">Витрины ещё не собирались: они собираются после каждой загрузки данных и по расписанию задания «${JOB_TITLES.rebuild}».</p>`
        : dataTable(
            [
              { title: '№', value: (r: Row) => String(r.build_id), num: true },
              { title: 'Начало', value: (r) => fmtDateTime(r.started_at as string | null) },
              {
                title: 'Длительность',
                value: (r) => fmtDuration(r.started_at as string | null, r.finished_at as string | null),
              },
              { title: 'Итог', value: (r) => outcomeBadge(String(r.outcome)) },
              { title: 'Сообщение', value: (r) => (r.message === null ? '' : String(r.message)) },
            ],
            o.builds,
          )
    }`;
  return page({ title: 'Задания', session: s, active: '/jobs', body });
}
