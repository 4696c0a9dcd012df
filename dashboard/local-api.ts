// Loopback endpoint for the CLI: while the server owns the store, `orientir ingest|build|export|users|jobs`
// send their parsed arguments here with the token from <db>.server.json.
import express, { type Express } from 'express';
import { timingSafeEqual } from 'node:crypto';
import { UsageError, type Parsed } from '../cli/args.js';
import { runStoreCommand } from '../cli/commands.js';
import type { Store } from '../store/db.js';

const LOOPBACK = new Set(['127.0.0.1', '::1', '::ffff:127.0.0.1']);

export function mountLocalApi(app: Express, store: Store, token: () => string, runJob: (name: string) => Promise<{ ok: boolean; message: string }>): void {
  app.post('/api/local/cli', express.json({ limit: '1mb' }), async (req, res) => {
    const given = Buffer.from(String(req.get('x-orientir-token') ?? ''));
    const expected = Buffer.from(token());
    if (!LOOPBACK.has(req.socket.remoteAddress ?? '') || given.length !== expected.length || !timingSafeEqual(given, expected)) {
      res.status(403).json({ code: 2, output: ['Доступ запрещён.'] });
      return;
    }
    const output: string[] = [];
    try {
      const code = await runStoreCommand(req.body as Parsed, store, { line: (s) => output.push(s) }, runJob);
      res.json({ code, output });
    } catch (e) {
      output.push((e as Error).message);
      res.json({ code: e instanceof UsageError ? 2 : 1, output });
    }
  });
}
