// Login throttling: after `max` failures for the same login and IP within `windowMs`, further attempts are
// refused until the oldest failure leaves the window.
export class LoginLimiter {
  private fails = new Map<string, number[]>();
  constructor(readonly max = 5, readonly windowMs = 15 * 60_000) {}

  private key(login: string, ip: string): string { return `${login.toLowerCase()}|${ip}`; }

  private recent(key: string, now: number): number[] {
    const list = (this.fails.get(key) ?? []).filter((t) => now - t < this.windowMs);
    if (list.length) this.fails.set(key, list); else this.fails.delete(key);
    return list;
  }

  /** Milliseconds until another attempt is allowed; 0 when not locked. */
  lockedFor(login: string, ip: string, now = Date.now()): number {
    const list = this.recent(this.key(login, ip), now);
    return list.length >= this.max ? this.windowMs - (now - list[list.length - this.max]!) : 0;
  }

  fail(login: string, ip: string, now = Date.now()): void {
    if (this.fails.size > 10_000) for (const key of [...this.fails.keys()]) this.recent(key, now);
    const k = this.key(login, ip);
    this.fails.set(k, [...this.recent(k, now), now]);
  }

  succeed(login: string, ip: string): void { this.fails.delete(this.key(login, ip)); }
}
