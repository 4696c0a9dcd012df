// Loopback endpoint for the CLI: while the server owns the store, `orientir ingest|build|export|users|jobs`
// send their parsed arguments here with the token from <db>.server.json. User changes end that user's sessions.

import { timingSafeEqual } from 'node:crypto';
import express, { type Express, type NextFunction, type Request, type Response } from 'express';
import type { Store } from '../store/db.js';
import { type Parsed, UsageError } from './args.js';
import { runStoreCommand } from './commands.js';

const LOOPBACK = new Set(['127.0.0.1', '::1', '::ffff:127.0.0.1']);

export function mountLocalApi(
  app: Express,
  store: Store,
  token: () => string,
  runJob: (name: string) => Promise<{ ok: boolean; message: string }>,
  endSessions?: (login: string) => void,
): void {
  // The token is checked before the body is read: without it nothing is parsed.
  const authorised = (req: Request, res: Response, next: NextFunction): void => {
    const given = Buffer.from(String(req.get('x-orientir-token') ?? ''));
    const expected = Buffer.from(token());
    if (
      expected.length > 0 &&
      LOOPBACK.has(req.socket.remoteAddress ?? '') &&
      given.length === expected.length &&
      timingSafeEqual(given, expected)
    )
      return next();
    res.status(403).json({ code: 2, output: ['Доступ запрещён.'] });
  };
  app.post('/api/local/cli', authorised, express.json({ limit: '1mb' }), async (req, res) => {
    const output: string[] = [];
    try {
      const parsed = req.body as Parsed;
      // `users add|passwd|remove` change or remove a login: sessions opened with the old password, role or school end now.
      const code = await runStoreCommand(
        parsed,
        store,
        { line: (s) => output.push(s), usersChanged: (login) => endSessions?.(login), served: true },
        runJob,
      );
      res.json({ code, output });
    } catch (e) {
      output.push((e as Error).message);
      res.json({ code: e instanceof UsageError ? 2 : 1, output });
    }
  });
}
