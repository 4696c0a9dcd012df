// CSRF tokens. Signed-in requests carry the session's token (form field `_csrf` or header `X-CSRF-Token`);
// the login form uses a token bound to a signed pre-session cookie, so a foreign site cannot log a user in either.
import { randomBytes } from 'node:crypto';
import type { NextFunction, Request, Response } from 'express';
import { sendError } from '../html/errors.js';
import { parseCookies, serializeCookie } from './cookies.js';
import { hmac, safeEqual, sign, unsign } from './sign.js';

export const LOGIN_COOKIE = 'orientir_login';

function submitted(req: Request): string {
  const h = req.get('x-csrf-token');
  if (h) return h;
  const body = req.body as Record<string, unknown> | undefined;
  return typeof body?._csrf === 'string' ? body._csrf : '';
}

/** Rejects state-changing requests of a session without its token (403, Russian). */
export function requireCsrf(req: Request, res: Response, next: NextFunction): void {
  const s = req.session;
  if (s && safeEqual(submitted(req), s.csrf)) return next();
  sendError(
    req,
    res,
    403,
    'Запрос отклонён: не найден или устарел защитный код формы (CSRF). Обновите страницу и повторите действие.',
  );
}

/** Pre-session nonce for the login form: read from the cookie or issue a new one. */
export function loginNonce(secret: string, req: Request, res: Response): string {
  const existing = unsign(secret, parseCookies(req.headers.cookie)[LOGIN_COOKIE]);
  if (existing) return existing;
  const nonce = randomBytes(18).toString('base64url');
  res.append('Set-Cookie', serializeCookie(LOGIN_COOKIE, sign(secret, nonce), { maxAgeSec: 3600, secure: req.secure }));
  return nonce;
}

export const loginToken = (secret: string, nonce: string): string => hmac(secret, `login:${nonce}`);

export function verifyLoginToken(secret: string, req: Request): boolean {
  const nonce = unsign(secret, parseCookies(req.headers.cookie)[LOGIN_COOKIE]);
  return nonce !== null && safeEqual(submitted(req), loginToken(secret, nonce));
}
