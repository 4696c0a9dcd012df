// Login throttling with reservations. An attempt is counted synchronously BEFORE its password is checked
// (`attempt`), so parallel requests cannot all pass a check that only sees finished failures: in-flight attempts
// count. Two limits, both over a sliding window (15 minutes by default):
//   - `max` (5) attempts per login + client address — one address cannot guess one account's password;
//   - `maxPerAddress` (50) attempts per client address over all logins — one address cannot spray many accounts.
// A successful attempt gives back its own reservation (in both counts) and clears the finished failures of its
// login + address; failures of the address stay, so logging into one's own account does not reset the ceiling.
// An attempt that never reports (an exception in between) stays counted, as a failure would.

/** One counted attempt; `pending` until it reports its outcome. */
interface Mark {
  at: number;
  pending: boolean;
}

export type Scope = 'login' | 'address';

/** The reservation of an allowed attempt: report its outcome once. */
export interface Ticket {
  ok: true;
  fail(): void;
  succeed(): void;
}
export interface Refusal {
  ok: false;
  scope: Scope;
  retryMs: number;
}

/** Past this many keys, expired lists are dropped on every new attempt (bounds the memory an attacker can fill). */
const PRUNE_ABOVE = 10_000;

export class LoginLimiter {
  private byLogin = new Map<string, Mark[]>();
  private byAddress = new Map<string, Mark[]>();
  constructor(
    readonly max = 5,
    readonly windowMs = 15 * 60_000,
    readonly maxPerAddress = 50,
  ) {}

  private key(login: string, ip: string): string {
    return `${login.toLowerCase()}|${ip}`;
  }

  private recent(map: Map<string, Mark[]>, key: string, now: number): Mark[] {
    const list = (map.get(key) ?? []).filter((m) => now - m.at < this.windowMs);
    if (list.length) map.set(key, list);
    else map.delete(key);
    return list;
  }

  /** Milliseconds until the list has room under `limit` again; 0 when it has room now. */
  private wait(list: Mark[], limit: number, now: number): number {
    if (list.length < limit) return 0;
    const oldest = [...list].sort((a, b) => a.at - b.at)[list.length - limit]!;
    return Math.max(1, this.windowMs - (now - oldest.at));
  }

  private prune(now: number): void {
    for (const map of [this.byLogin, this.byAddress]) {
      if (map.size > PRUNE_ABOVE) for (const key of [...map.keys()]) this.recent(map, key, now);
    }
  }

  /**
   * Takes one attempt for `login` from `ip`, or refuses it. Synchronous: call it before any await of the login
   * handler. The returned ticket must report `fail()` or `succeed()` after the password check.
   */
  attempt(login: string, ip: string, now = Date.now()): Ticket | Refusal {
    const k = this.key(login, ip);
    const mine = this.recent(this.byLogin, k, now),
      all = this.recent(this.byAddress, ip, now);
    const forLogin = this.wait(mine, this.max, now),
      forAddress = this.wait(all, this.maxPerAddress, now);
    if (forLogin > 0 || forAddress > 0) {
      return {
        ok: false,
        scope: forAddress >= forLogin ? 'address' : 'login',
        retryMs: Math.max(forLogin, forAddress),
      };
    }
    this.prune(now);
    const mark: Mark = { at: now, pending: true };
    this.byLogin.set(k, [...mine, mark]);
    this.byAddress.set(ip, [...all, mark]);
    let reported = false;
    return {
      ok: true,
      fail: () => {
        if (!reported) {
          reported = true;
          mark.pending = false;
        }
      },
      succeed: () => {
        if (reported) return;
        reported = true;
        // Attempts of the same login + address still in flight keep their places: they may yet fail.
        const others = (this.byLogin.get(k) ?? []).filter((m) => m.pending && m !== mark);
        if (others.length) this.byLogin.set(k, others);
        else this.byLogin.delete(k);
        const rest = (this.byAddress.get(ip) ?? []).filter((m) => m !== mark);
        if (rest.length) this.byAddress.set(ip, rest);
        else this.byAddress.delete(ip);
      },
    };
  }

  /** Milliseconds until an attempt for `login` from `ip` is allowed again; 0 when it is allowed now. */
  lockedFor(login: string, ip: string, now = Date.now()): number {
    const forLogin = this.wait(this.recent(this.byLogin, this.key(login, ip), now), this.max, now);
    return Math.max(forLogin, this.wait(this.recent(this.byAddress, ip, now), this.maxPerAddress, now));
  }

  /** Number of keys held (for tests of the memory bound). */
  get size(): number {
    return this.byLogin.size + this.byAddress.size;
  }
}
