// Server-side sessions: a random id in a signed (HMAC) HttpOnly SameSite=Lax cookie; the session map holds the
// user, the CSRF token and the expiry. Logout deletes the entry, so the old cookie stops working at once.
import { randomBytes } from 'node:crypto';
import type { Role } from '../../store/users.js';
import { serializeCookie } from './cookies.js';
import { sign, unsign } from './sign.js';

export const SESSION_COOKIE = 'orientir_sid';

export interface SessionUser {
  login: string;
  role: Role;
  schoolCode: string | null;
}
export interface Session {
  id: string;
  user: SessionUser;
  csrf: string;
  expires: number;
}

export class Sessions {
  private map = new Map<string, Session>();
  constructor(
    private secret: string,
    readonly ttlMs: number,
  ) {}

  create(user: SessionUser): Session {
    this.purge();
    const s: Session = {
      id: randomBytes(24).toString('base64url'),
      user,
      csrf: randomBytes(24).toString('base64url'),
      expires: Date.now() + this.ttlMs,
    };
    this.map.set(s.id, s);
    return s;
  }

  /** The live session a cookie value refers to; expired or forged cookies give null. */
  fromCookie(value: string | undefined): Session | null {
    const id = unsign(this.secret, value);
    if (!id) return null;
    const s = this.map.get(id);
    if (!s) return null;
    if (s.expires <= Date.now()) {
      this.map.delete(id);
      return null;
    }
    return s;
  }

  destroy(id: string): void {
    this.map.delete(id);
  }

  /** Ends every session of a login (e.g. after a password change). */
  destroyUser(login: string): void {
    for (const [id, s] of this.map) if (s.user.login === login) this.map.delete(id);
  }

  cookie(s: Session, secure: boolean): string {
    return serializeCookie(SESSION_COOKIE, sign(this.secret, s.id), {
      maxAgeSec: (s.expires - Date.now()) / 1000,
      secure,
    });
  }

  clearCookie(secure: boolean): string {
    return serializeCookie(SESSION_COOKIE, '', { maxAgeSec: 0, secure });
  }

  private purge(): void {
    const now = Date.now();
    for (const [id, s] of this.map) if (s.expires <= now) this.map.delete(id);
  }
}
