// Who may see what: every page, API and export route is guarded here on the server.
import type { NextFunction, Request, Response } from 'express';
import { sendError } from '../html/errors.js';
import { parseCookies } from './cookies.js';
import { SESSION_COOKIE, type Session, type Sessions } from './session.js';

declare global {
  // eslint-disable-next-line @typescript-eslint/no-namespace
  namespace Express {
    interface Request {
      session?: Session;
    }
  }
}

export function attachSession(sessions: Sessions) {
  return (req: Request, _res: Response, next: NextFunction): void => {
    const s = sessions.fromCookie(parseCookies(req.headers.cookie)[SESSION_COOKIE]);
    if (s) req.session = s;
    next();
  };
}

const wantsJson = (req: Request): boolean => req.path.startsWith('/api/');

export function requireLogin(req: Request, res: Response, next: NextFunction): void {
  if (req.session) return next();
  if (wantsJson(req) || req.method !== 'GET') return sendError(req, res, 401, 'Требуется вход в систему.');
  res.redirect(303, `/login?next=${encodeURIComponent(req.originalUrl)}`);
}

export function requireCommittee(req: Request, res: Response, next: NextFunction): void {
  if (req.session?.user.role === 'committee') return next();
  sendError(req, res, 403, 'Этот раздел доступен только сотрудникам комитета.');
}

export function canSeeSchool(s: Session | undefined, code: string): boolean {
  return !!s && (s.user.role === 'committee' || s.user.schoolCode === code);
}

/** Guards routes with a :code parameter: the committee sees every school, a school head only their own. */
export function requireSchool(req: Request, res: Response, next: NextFunction): void {
  const code = String(req.params.code ?? '');
  if (canSeeSchool(req.session, code)) return next();
  sendError(
    req,
    res,
    403,
    'Нет доступа: данные другой образовательной организации недоступны для вашей учётной записи.',
  );
}

/** Where a user lands after login. */
export const homeOf = (s: Session): string =>
  s.user.role === 'committee' ? '/' : `/schools/${encodeURIComponent(s.user.schoolCode ?? '')}`;
