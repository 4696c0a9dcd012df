// Error responses in Russian: an HTML page for browsers, JSON for /api. Never a stack trace.
import type { Request, Response } from 'express';
import { html } from './escape.js';
import { page } from './layout.js';

const TITLES: Record<number, string> = {
  400: 'Некорректный запрос',
  401: 'Требуется вход',
  403: 'Доступ запрещён',
  404: 'Страница не найдена',
  413: 'Файл слишком большой',
  429: 'Слишком много попыток',
  500: 'Внутренняя ошибка',
  503: 'Данные ещё не готовы',
};

export function sendError(req: Request, res: Response, status: number, message: string): void {
  if (res.headersSent) {
    res.end();
    return;
  }
  res.status(status);
  if (req.path.startsWith('/api/')) {
    res.json({ error: message });
    return;
  }
  const title = TITLES[status] ?? 'Ошибка';
  const body = html`<section class="error"><h1>${title}</h1><p>${message}</p>
    <p><a href="/">На главную</a>${req.session ? '' : html` · <a href="/login">Вход</a>`}</p></section>`;
  res.type('html').send(page({ title, body, session: req.session }));
}
