// Login and logout: scrypt passwords (store/users.ts), throttling per login + IP and per IP (attempts reserved
// before the password check, dashboard/auth/rate-limit.ts), audit of every attempt.
import express, { type Express, type Request } from 'express';
import { findUser, verifyPassword } from '../../store/users.js';
import { homeOf, requireLogin } from '../auth/access.js';
import { loginNonce, loginToken, requireCsrf, verifyLoginToken } from '../auth/csrf.js';
import { type AppContext, auditLog } from '../context.js';
import { sendError } from '../html/errors.js';
import { loginPage } from '../pages/login.js';

const form = express.urlencoded({ extended: false, limit: '16kb' });

/** Only same-site relative paths are followed after login. */
const safeNext = (v: unknown): string => (typeof v === 'string' && /^\/(?![/\\])/.test(v) ? v : '');
const ipOf = (req: Request): string => req.ip ?? req.socket.remoteAddress ?? '';

export function authRoutes(app: Express, ctx: AppContext): void {
  app.get('/login', (req, res) => {
    if (req.session) return res.redirect(303, homeOf(req.session));
    const token = loginToken(ctx.secret, loginNonce(ctx.secret, req, res));
    res.type('html').send(loginPage({ token, next: safeNext(req.query.next) }));
  });

  app.post('/login', form, async (req, res) => {
    const body = (req.body ?? {}) as Record<string, unknown>;
    const login = typeof body.login === 'string' ? body.login.trim().slice(0, 64) : '';
    const password = typeof body.password === 'string' ? body.password : '';
    const next = safeNext(body.next);
    const again = (status: number, error: string) => {
      const token = loginToken(ctx.secret, loginNonce(ctx.secret, req, res));
      res.status(status).type('html').send(loginPage({ token, next, error, login }));
    };
    if (!verifyLoginToken(ctx.secret, req)) {
      return sendError(
        req,
        res,
        403,
        'Форма входа устарела или отправлена не со страницы «Ориентира» (проверка CSRF). Откройте страницу входа заново.',
      );
    }
    const ip = ipOf(req);
    // The attempt is counted here, synchronously, before any await: parallel requests see each other's places.
    const attempt = ctx.limiter.attempt(login, ip);
    if (!attempt.ok) {
      await auditLog(ctx, login || null, 'login.locked', login || null, { ip, scope: attempt.scope });
      const minutes = Math.ceil(attempt.retryMs / 60_000);
      return again(
        429,
        attempt.scope === 'address'
          ? `Слишком много неудачных попыток входа с этого адреса. Вход временно заблокирован; повторите через ${minutes} мин.`
          : `Слишком много неудачных попыток входа. Вход для этого логина временно заблокирован; повторите через ${minutes} мин.`,
      );
    }
    const user = login ? await findUser(ctx.store, login) : null;
    const ok = await verifyPassword(password, user?.hash ?? ctx.dummyHash);
    if (!user || !ok || (user.role === 'school' && !user.schoolCode)) {
      attempt.fail();
      await auditLog(ctx, login || null, 'login.failed', login || null, { ip });
      return again(401, 'Неверный логин или пароль.');
    }
    attempt.succeed();
    const session = ctx.sessions.create({ login: user.login, role: user.role, schoolCode: user.schoolCode });
    await auditLog(ctx, user.login, 'login', user.login, { ip, role: user.role });
    res.append('Set-Cookie', ctx.sessions.cookie(session, req.secure));
    const home = homeOf(session);
    // A school head is sent to a requested page only within their own school.
    const allowed =
      next &&
      (user.role === 'committee' ||
        next.startsWith(`${home}/`) ||
        next === home ||
        next.startsWith(`${home}?`) ||
        next.startsWith('/methodology'));
    res.redirect(303, allowed ? next : home);
  });

  app.post('/logout', form, requireLogin, requireCsrf, async (req, res) => {
    const s = req.session!;
    ctx.sessions.destroy(s.id);
    await auditLog(ctx, s.user.login, 'logout', s.user.login);
    res.append('Set-Cookie', ctx.sessions.clearCookie(req.secure));
    res.redirect(303, '/login');
  });
}
