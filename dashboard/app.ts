// The web application: security headers, sessions, pages, JSON API, uploads, exports; Russian error pages.

import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import express, { type Express, type NextFunction, type Request, type Response } from 'express';
import helmet from 'helmet';
import { MAX_FILE_BYTES } from '../ingest/index.js';
import type { Store } from '../store/db.js';
import { hashPassword } from '../store/users.js';
import { overviewApi } from './api/overview.js';
import { schoolsApi } from './api/schools.js';
import { uploadsApi } from './api/uploads.js';
import { attachSession } from './auth/access.js';
import { LoginLimiter } from './auth/rate-limit.js';
import { Sessions } from './auth/session.js';
import type { AppContext, AppOptions as BaseOptions } from './context.js';
import { cacheReads, NotBuilt } from './data/sql.js';
import { fileSize } from './format/numbers.js';
import { sendError } from './html/errors.js';
import { adminRoutes } from './routes/admin.js';
import { assetRoutes } from './routes/assets.js';
import { authRoutes } from './routes/auth.js';
import { exportRoutes } from './routes/export.js';
import { pageRoutes } from './routes/pages.js';
import { programmeRoutes } from './routes/programme.js';
import { type StartupProgress, startupGate } from './routes/startup.js';

export type AppOptions = BaseOptions & {
  /** The first start's demo load (cli/start.ts): while it runs, pages show its progress instead of «not ready». */
  startup?: StartupProgress;
};

export const DEFAULT_SESSION_TTL_MS = 8 * 60 * 60 * 1000;

const trustValue = (v: string): boolean | number | string => (v === 'true' ? true : /^\d+$/.test(v) ? Number(v) : v);

/** Beside the store (one process owns it, so what is left there is a killed process's and goes); a fresh folder for an in-memory store. */
function uploadTmpDir(store: Store, opts: AppOptions): string {
  if (opts.uploadTmpDir) return opts.uploadTmpDir;
  if (store.path === ':memory:') return mkdtempSync(join(tmpdir(), 'orientir-uploads-'));
  const dir = join(dirname(store.path), 'tmp-uploads');
  rmSync(dir, { recursive: true, force: true });
  return dir;
}

export async function createApp(store: Store, opts: AppOptions = {}): Promise<Express> {
  const secret = opts.sessionSecret ?? randomBytes(32).toString('hex');
  const maxUploadBytes = opts.maxUploadBytes ?? MAX_FILE_BYTES;
  const ctx: AppContext = {
    store,
    reader: await store.instance.connect(),
    secret,
    opts,
    sessions: new Sessions(secret, opts.sessionTtlMs ?? DEFAULT_SESSION_TTL_MS),
    limiter: new LoginLimiter(),
    maxUploadBytes,
    maxRequestBytes: opts.maxRequestBytes ?? 4 * maxUploadBytes + 2 * 1024 * 1024,
    uploadTmp: uploadTmpDir(store, opts),
    uploadsInFlight: new Map(),
    dummyHash: await hashPassword(randomBytes(12).toString('hex')),
  };
  cacheReads(ctx.reader, store);

  const app = express();
  app.disable('x-powered-by');
  // Every answer is Cache-Control: no-store, so an ETag (a hash of each body) would only cost time.
  app.set('etag', false);
  app.set('query parser', 'simple');
  if (opts.trustProxy) app.set('trust proxy', trustValue(opts.trustProxy));
  app.use(
    helmet({
      contentSecurityPolicy: {
        useDefaults: false,
        directives: {
          defaultSrc: ["'self'"],
          scriptSrc: ["'self'"],
          styleSrc: ["'self'", "'unsafe-inline'"],
          imgSrc: ["'self'", 'data:'],
          connectSrc: ["'self'"],
          fontSrc: ["'self'"],
          objectSrc: ["'none'"],
          baseUri: ["'self'"],
          formAction: ["'self'"],
          frameAncestors: ["'none'"],
        },
      },
      // frame-ancestors 'none' for current browsers, X-Frame-Options: DENY for old ones (the default is SAMEORIGIN).
      xFrameOptions: { action: 'deny' },
      strictTransportSecurity: false,
      crossOriginEmbedderPolicy: false,
    }),
  );
  app.use((_req, res, next) => {
    res.set('Cache-Control', 'no-store');
    next();
  });
  await assetRoutes(app);
  app.use(attachSession(ctx.sessions));
  if (opts.startup) startupGate(app, opts.startup);

  authRoutes(app, ctx);
  pageRoutes(app, ctx);
  adminRoutes(app, ctx);
  overviewApi(app, ctx);
  schoolsApi(app, ctx);
  uploadsApi(app, ctx);
  programmeRoutes(app, ctx); // before exportRoutes: /export/programmes.xlsx is its own route
  exportRoutes(app, ctx);
  opts.mount?.(app, { endSessions: (login) => ctx.sessions.destroyUser(login) });

  app.use((req, res) => sendError(req, res, 404, 'Такой страницы нет. Проверьте адрес или вернитесь на главную.'));
  app.use((err: unknown, req: Request, res: Response, _next: NextFunction) => {
    if (err instanceof NotBuilt)
      return sendError(
        req,
        res,
        503,
        'Витрины показателей ещё не собраны. Загрузите данные и дождитесь пересборки (страница «Задания»).',
      );
    const status =
      (err as { status?: number; statusCode?: number })?.status ?? (err as { statusCode?: number })?.statusCode;
    if (status === 413)
      return sendError(
        req,
        res,
        413,
        `Запрос слишком большой. Файл должен быть не больше ${fileSize(ctx.maxUploadBytes)}.`,
      );
    if (status && status >= 400 && status < 500) return sendError(req, res, status, 'Некорректный запрос.');
    console.error('Ошибка обработки запроса', req.method, req.originalUrl, err);
    sendError(
      req,
      res,
      500,
      'Внутренняя ошибка сервера. Запрос не выполнен; сведения записаны в журнал сервера. Повторите попытку позже или обратитесь к администратору.',
    );
  });
  return app;
}
