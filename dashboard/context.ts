// What every route module needs: the store, a read connection, sessions, limits and the lead's hooks.
import type { DuckDBConnection } from '@duckdb/node-api';
import type { Express } from 'express';
import { audit } from '../store/audit.js';
import type { Store } from '../store/db.js';
import { serialize } from '../store/queue.js';
import type { LoginLimiter } from './auth/rate-limit.js';
import type { Sessions } from './auth/session.js';

export interface AppOptions {
  sessionSecret?: string;
  sessionTtlMs?: number;
  maxUploadBytes?: number;
  /** All files of one upload request together (default: 4 files of the largest size). */
  maxRequestBytes?: number;
  /** Where uploads are streamed before their turn in the write queue (default: beside the store). */
  uploadTmpDir?: string;
  /**
   * Express «trust proxy» behind a TLS reverse proxy (ORIENTIR_TRUST_PROXY): «loopback», addresses, a hop count or
   * «true». Then X-Forwarded-Proto: https makes the request secure and the session cookies get Secure.
   */
  trustProxy?: string;
  runJob?: (name: string, user: string) => Promise<{ ok: boolean; message: string }>;
  /** Extra routes of the host process (the loopback CLI endpoint); `hooks` reach into the app's state. */
  mount?: (app: Express, hooks: AppHooks) => void;
}

export interface AppHooks {
  /** Ends every session of a login at once (after its password, role or school changed). */
  endSessions: (login: string) => void;
}

export interface AppContext {
  store: Store;
  /** A separate connection for page reads: sees committed data only, so a rebuild in progress never shows half-built marts. */
  reader: DuckDBConnection;
  sessions: Sessions;
  limiter: LoginLimiter;
  secret: string;
  maxUploadBytes: number;
  maxRequestBytes: number;
  uploadTmp: string;
  /** Upload requests in progress per login. */
  uploadsInFlight: Map<string, number>;
  opts: AppOptions;
  /** A valid scrypt hash to verify against when the login does not exist (equal timing). */
  dummyHash: string;
}

/** Audit entries are store writes: they go through the write queue. */
export const auditLog = (
  ctx: AppContext,
  actor: string | null,
  action: string,
  target: string | null,
  details: unknown = null,
): Promise<void> => serialize(() => audit(ctx.store, actor, action, target, details));
