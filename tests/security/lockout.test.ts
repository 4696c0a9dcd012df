// Login lockout under concurrency: attempts are reserved before the password check, so parallel requests cannot
// pass a limit that only counted finished failures. Unit tests of the limiter (reservation, release on success,
// per-address ceiling, window expiry, memory bound) and HTTP tests: 50 parallel wrong passwords check at most 5.
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { LoginLimiter, type Refusal, type Ticket } from '../../dashboard/auth/rate-limit.js';
import { closeStore, openStore, type Store } from '../../store/db.js';
import { queryRows } from '../../store/query.js';
import { addUser } from '../../store/users.js';
import { Client } from '../dashboard/http.js';
import { type Started, start } from './helpers.js';

const WINDOW = 15 * 60_000;
const T0 = 1_000_000_000;

const ticket = (a: Ticket | Refusal): Ticket => {
  if (!a.ok) throw new Error(`refused (${a.scope}, ${a.retryMs} ms)`);
  return a;
};

describe('LoginLimiter', () => {
  it('counts attempts in flight: a sixth parallel attempt is refused before any of the five reports', () => {
    const l = new LoginLimiter();
    const five = Array.from({ length: 5 }, (_, i) => ticket(l.attempt('victim', '10.0.0.1', T0 + i)));
    const sixth = l.attempt('Victim', '10.0.0.1', T0 + 10);
    expect(sixth.ok).toBe(false);
    expect((sixth as Refusal).scope).toBe('login');
    expect((sixth as Refusal).retryMs).toBe(WINDOW - 10);
    // Another address, or another login from this address, is not held back by them.
    expect(l.attempt('victim', '10.0.0.2', T0 + 10).ok).toBe(true);
    expect(l.attempt('other', '10.0.0.1', T0 + 10).ok).toBe(true);
    for (const t of five) t.fail();
    expect(l.attempt('victim', '10.0.0.1', T0 + 20).ok).toBe(false);
  });

  it('a success gives back its own place and clears the finished failures of its login and address', () => {
    const l = new LoginLimiter();
    for (let i = 0; i < 3; i++) ticket(l.attempt('user', '10.0.0.1', T0 + i)).fail();
    const inFlight = ticket(l.attempt('user', '10.0.0.1', T0 + 5)); // another tab, still checking
    ticket(l.attempt('user', '10.0.0.1', T0 + 6)).succeed(); // the fifth place: allowed
    // The three failures went; the attempt still in flight keeps its place: four more are allowed, not five.
    const more = Array.from({ length: 4 }, (_, i) => l.attempt('user', '10.0.0.1', T0 + 10 + i));
    expect(more.every((a) => a.ok)).toBe(true);
    expect(l.attempt('user', '10.0.0.1', T0 + 20).ok).toBe(false);
    inFlight.fail();
    // Reporting twice changes nothing.
    inFlight.succeed();
    expect(l.attempt('user', '10.0.0.1', T0 + 21).ok).toBe(false);
  });

  it('caps attempts per address across logins (50 by default); a success there does not reset the cap', () => {
    const l = new LoginLimiter();
    for (let i = 0; i < 49; i++) ticket(l.attempt(`login-${i}`, '10.0.0.9', T0 + i)).fail();
    const own = ticket(l.attempt('mine', '10.0.0.9', T0 + 100));
    own.succeed(); // gives back its own place only: 49 failures stay
    ticket(l.attempt('login-49', '10.0.0.9', T0 + 101)).fail();
    const refused = l.attempt('fresh-login', '10.0.0.9', T0 + 102);
    expect(refused.ok).toBe(false);
    expect((refused as Refusal).scope).toBe('address');
    expect((refused as Refusal).retryMs).toBe(WINDOW - 102);
    expect(l.lockedFor('fresh-login', '10.0.0.9', T0 + 102)).toBe(WINDOW - 102);
    expect(l.attempt('fresh-login', '10.0.0.10', T0 + 102).ok).toBe(true);
    // The oldest failure leaves the window: one place frees up, then the cap holds again.
    expect(l.attempt('fresh-login', '10.0.0.9', T0 + WINDOW).ok).toBe(true);
    expect(l.attempt('fresh-login-2', '10.0.0.9', T0 + WINDOW).ok).toBe(false);
  });

  it('the lock ends when the failures leave the window (injected clock)', () => {
    const l = new LoginLimiter(5, WINDOW);
    for (let i = 0; i < 5; i++) ticket(l.attempt('user', '10.0.0.1', T0 + i * 1000)).fail();
    expect(l.lockedFor('user', '10.0.0.1', T0 + 4000)).toBe(WINDOW - 4000);
    expect(l.attempt('user', '10.0.0.1', T0 + WINDOW - 1).ok).toBe(false);
    // At T0 + WINDOW the first failure is out: exactly one attempt is allowed, the next is refused again.
    expect(l.attempt('user', '10.0.0.1', T0 + WINDOW).ok).toBe(true);
    expect(l.attempt('user', '10.0.0.1', T0 + WINDOW).ok).toBe(false);
    expect(l.lockedFor('user', '10.0.0.1', T0 + 2 * WINDOW)).toBe(0);
  });

  it('keeps its memory bounded: past 10 000 keys, expired entries are dropped', () => {
    const l = new LoginLimiter(5, WINDOW, Number.MAX_SAFE_INTEGER);
    for (let i = 0; i < 10_001; i++) ticket(l.attempt(`spray-${i}`, '10.0.0.1', T0)).fail();
    expect(l.size).toBe(10_002);
    ticket(l.attempt('late', '10.0.0.1', T0 + WINDOW + 1));
    expect(l.size).toBe(2);
  });
});

const PASSWORD = 'верный-пароль-123';
let store: Store;
let app: Started | undefined;

beforeAll(async () => {
  store = await openStore(':memory:');
  await addUser(store, 'victim', 'committee', null, PASSWORD, 'test');
  await addUser(store, 'bystander', 'committee', null, PASSWORD, 'test');
});
afterEach(async () => {
  vi.useRealTimers();
  await app?.close();
  app = undefined;
});
afterAll(async () => {
  if (store) await closeStore(store);
});

/** A client with the login form's pre-session cookie and its CSRF token. */
async function loginForm(base: string): Promise<{ c: Client; token: string }> {
  const c = new Client(base);
  const page = await (await c.get('/login')).text();
  const token = /name="_csrf" value="([^"]+)"/.exec(page)?.[1];
  if (!token) throw new Error('no login token');
  return { c, token };
}

const count = (statuses: number[], s: number) => statuses.filter((x) => x === s).length;
const failedAudit = async (login: string): Promise<number> =>
  Number(
    (
      await queryRows(store.conn, `SELECT count(*) AS n FROM audit_log WHERE action = 'login.failed' AND target = $t`, {
        t: login,
      })
    )[0]!.n,
  );

describe('POST /login under parallel attempts', () => {
  it('50 parallel wrong passwords for one account: 5 are checked (401), 45 refused (429); then the right password is refused too', async () => {
    vi.useFakeTimers({ toFake: ['Date'], now: Date.now() });
    app = await start(store);
    const { c, token } = await loginForm(app.base);
    const before = await failedAudit('victim');
    const answers = await Promise.all(
      Array.from({ length: 50 }, (_, i) =>
        c.form('/login', { _csrf: token, login: 'victim', password: `wrong-${i}-password` }),
      ),
    );
    const statuses = answers.map((r) => r.status);
    const texts = await Promise.all(answers.map((r) => r.text()));
    expect(count(statuses, 401)).toBe(5);
    expect(count(statuses, 429)).toBe(45);
    expect(
      texts.filter((_t, i) => statuses[i] === 429).every((t) => t.includes('Слишком много неудачных попыток входа')),
    ).toBe(true);
    // The store saw exactly five password checks fail.
    expect((await failedAudit('victim')) - before).toBe(5);

    const right = await c.form('/login', { _csrf: token, login: 'victim', password: PASSWORD });
    expect(right.status).toBe(429);
    expect(right.headers.getSetCookie().some((x) => x.startsWith('orientir_session='))).toBe(false);
    // Another account from the same address is not locked by this one.
    expect((await new Client(app.base).login('bystander', PASSWORD)).status).toBe(303);
    // After the window the right password works again: the 429 was the lock, not a broken account.
    vi.setSystemTime(Date.now() + WINDOW + 1000);
    expect((await new Client(app.base).login('victim', PASSWORD)).status).toBe(303);
  });

  it('an unknown login is locked the same way as a known one', async () => {
    app = await start(store);
    const { c, token } = await loginForm(app.base);
    const answers = await Promise.all(
      Array.from({ length: 12 }, () =>
        c.form('/login', { _csrf: token, login: 'no-such-user', password: 'whatever-password' }),
      ),
    );
    const statuses = answers.map((r) => r.status);
    expect(count(statuses, 401)).toBe(5);
    expect(count(statuses, 429)).toBe(7);
  });

  it('one address spraying 60 accounts in parallel: at most 50 passwords are checked', async () => {
    app = await start(store);
    const { c, token } = await loginForm(app.base);
    const answers = await Promise.all(
      Array.from({ length: 60 }, (_, i) =>
        c.form('/login', { _csrf: token, login: `spray-${i}`, password: 'guess-password' }),
      ),
    );
    const statuses = answers.map((r) => r.status);
    const texts = await Promise.all(answers.map((r) => r.text()));
    expect(count(statuses, 401)).toBe(50);
    expect(count(statuses, 429)).toBe(10);
    expect(texts.filter((_t, i) => statuses[i] === 429).every((t) => t.includes('с этого адреса'))).toBe(true);
    // Now even a right password from this address waits for the window.
    expect((await new Client(app.base).login('bystander', PASSWORD)).status).toBe(429);
  });
});
