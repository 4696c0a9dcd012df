// The first start: while the demo municipality is generated, loaded and built (a few minutes), every page of a
// signed-in user answers with a Russian «demo is being prepared» page — which step, how far, auto-refreshing — and
// the same address shows the real page once the marts are built. Machine requests (/api, files) get a short 503
// with Retry-After. While the demo users do not exist yet (generation), the login page shows the progress too.
import type { Express, NextFunction, Request, Response } from 'express';
import { fmtInt } from '../format/numbers.js';
import { sendError } from '../html/errors.js';
import { type Html, html } from '../html/escape.js';
import { page } from '../html/layout.js';

/** Seconds between refreshes of the progress page (and the Retry-After of machine requests). */
export const REFRESH_SECONDS = 5;

/** Where the first start is, for the «demo is being prepared» page: generating, loading file `done + 1` of `total`, building. */
export type DemoStep =
  | { step: 'prepare' }
  | { step: 'files'; done: number; total: number }
  | { step: 'build' }
  | { step: 'done' }
  | { step: 'failed'; message: string };

const ACTIVE = new Set<DemoStep['step']>(['prepare', 'files', 'build']);

/** Where the demo load is; set by cli/start.ts from cli/bootstrap.ts loadDemo. */
export class StartupProgress {
  private current: DemoStep | null = null;
  private since = Date.now();
  private stepSince = Date.now();

  constructor(private readonly now: () => number = Date.now) {}

  set(s: DemoStep): void {
    if (this.current === null) this.since = this.now();
    if (this.current?.step !== s.step) this.stepSince = this.now();
    this.current = s;
  }

  get step(): DemoStep | null {
    return this.current;
  }
  get active(): boolean {
    return this.current !== null && ACTIVE.has(this.current.step);
  }
  get elapsedSeconds(): number {
    return Math.round((this.now() - this.since) / 1000);
  }
  get stepSeconds(): number {
    return Math.round((this.now() - this.stepSince) / 1000);
  }
}

const STEPS = [
  'Файлы демонстрационного муниципалитета и демо-входы',
  'Загрузка демонстрационных данных',
  'Сборка витрин показателей',
];

/** «Загрузка демонстрационных данных: файл 12 из 40» — the one line that says where the load is. */
export function stepText(s: DemoStep): string {
  switch (s.step) {
    case 'prepare':
      return 'Создание файлов демонстрационного муниципалитета в форматах источников и демо-входов';
    case 'files':
      return `Загрузка демонстрационных данных: файл ${fmtInt(Math.min(s.done + 1, s.total))} из ${fmtInt(s.total)}`;
    case 'build':
      return 'Сборка витрин показателей';
    case 'done':
      return 'Демонстрационные данные загружены';
    case 'failed':
      return `Демонстрационные данные не загружены: ${s.message}`;
  }
}

const stepIndex = (s: DemoStep): number => (s.step === 'prepare' ? 0 : s.step === 'files' ? 1 : 2);

const duration = (sec: number): string =>
  sec < 60 ? `${sec} с` : `${Math.floor(sec / 60)} мин ${String(sec % 60).padStart(2, '0')} с`;

export function progressPage(p: StartupProgress, req: Request): string {
  const s = p.step!;
  const at = stepIndex(s);
  const bar: Html =
    s.step === 'files'
      ? html`<progress max="${s.total}" value="${s.done}" aria-label="Загружено файлов">${fmtInt(s.done)} из ${fmtInt(s.total)}</progress>`
      : s.step === 'build'
        ? html`<progress aria-label="Сборка витрин"></progress>`
        : html``;
  const body = html`<section class="startup" aria-live="polite">
    <h1>Готовим демонстрационный муниципалитет</h1>
    <p class="lead">Шаг ${at + 1} из ${STEPS.length}. <strong data-startup-step>${stepText(s)}</strong>.</p>
    ${bar}
    <ol class="startup-steps">${STEPS.map((t, i) => html`<li class="${i < at ? 'done' : i === at ? 'current' : 'todo'}">${t}${i < at ? ' — готово' : i === at ? ' — идёт' : ''}</li>`)}</ol>
    <p>При первом запуске Ориентир создаёт демонстрационный муниципалитет (20 ОО, 5 учебных лет) в форматах реальных
      источников и загружает его так же, как загружаются файлы комитета. Это занимает несколько минут. Когда витрины будут
      собраны, на этом месте откроется запрошенная страница.</p>
    <p class="muted">Прошло ${duration(p.elapsedSeconds)}${s.step === 'build' ? html` (сборка — ${duration(p.stepSeconds)})` : ''}.
      Страница обновляется сама каждые ${REFRESH_SECONDS} с; можно и <a href="${req.originalUrl}">обновить её сейчас</a>.</p>
  </section>`;
  const out = page({ title: 'Подготовка демонстрационных данных', session: req.session, body });
  return out.replace('</head>', `<meta http-equiv="refresh" content="${REFRESH_SECONDS}"></head>`);
}

/** A page a person opens (not /api, not a file download). */
const isPage = (path: string): boolean => !path.startsWith('/api/') && !/\.[a-z0-9]+$/i.test(path);

export function startupGate(app: Express, p: StartupProgress): void {
  app.use((req: Request, res: Response, next: NextFunction) => {
    if (!p.active || (req.method !== 'GET' && req.method !== 'HEAD') || req.path.startsWith('/assets/')) return next();
    // Signed-in users see the progress; before the demo logins exist, the login page shows it as well.
    if (!req.session && !(p.step!.step === 'prepare' && req.path === '/login')) return next();
    if (isPage(req.path)) {
      res.type('html').send(progressPage(p, req));
      return;
    }
    res.set('Retry-After', String(REFRESH_SECONDS));
    sendError(
      req,
      res,
      503,
      `Демонстрационные данные ещё готовятся (${stepText(p.step!)}). Повторите запрос через несколько секунд.`,
    );
  });
}
