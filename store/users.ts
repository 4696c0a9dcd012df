// Users and password hashes (scrypt from node:crypto; the hash string carries its own salt and parameters).
// Every change (add, password, removal) is written to the audit log.
import { randomBytes, scrypt as scryptCb, timingSafeEqual } from 'node:crypto';
import { promisify } from 'node:util';
import { audit } from './audit.js';
import type { Store } from './db.js';

const scrypt = promisify(scryptCb) as (
  pw: string,
  salt: Buffer,
  len: number,
  opts: { N: number; r: number; p: number },
) => Promise<Buffer>;
const N = 16384,
  R = 8,
  P = 1,
  LEN = 32;

export type Role = 'committee' | 'school';
export interface User {
  login: string;
  role: Role;
  schoolCode: string | null;
}
export interface Listed extends User {
  createdAt: string;
}

export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(16);
  const key = await scrypt(password, salt, LEN, { N, r: R, p: P });
  return `scrypt$${N}$${R}$${P}$${salt.toString('base64')}$${key.toString('base64')}`;
}

export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const [alg, n, r, p, salt, key] = stored.split('$');
  if (alg !== 'scrypt' || !salt || !key) return false;
  const expected = Buffer.from(key, 'base64');
  const got = await scrypt(password, Buffer.from(salt, 'base64'), expected.length, {
    N: Number(n),
    r: Number(r),
    p: Number(p),
  });
  return timingSafeEqual(expected, got);
}

const checkPassword = (password: string): void => {
  if (password.length < 8) throw new Error('Пароль должен быть не короче 8 символов.');
};

export async function addUser(
  store: Store,
  login: string,
  role: Role,
  schoolCode: string | null,
  password: string,
  actor = 'cli',
): Promise<void> {
  if (!/^[\p{L}\p{N}._@-]{2,64}$/u.test(login))
    throw new Error('Логин: от 2 до 64 символов — буквы, цифры, точка, дефис, подчёркивание, @.');
  checkPassword(password);
  if (role === 'school' && !schoolCode) throw new Error('Для роли school нужен код ОО (--school КОД).');
  const hash = await hashPassword(password);
  await store.conn.run(
    `INSERT OR REPLACE INTO users (login, role, school_code, password_hash, created_at) VALUES ($l, $r, $s, $h, current_timestamp)`,
    { l: login, r: role, s: role === 'school' ? schoolCode : null, h: hash },
  );
  await audit(store, actor, 'user.add', login, { role, schoolCode });
}

export async function findUser(store: Store, login: string): Promise<(User & { hash: string }) | null> {
  const row = (
    await store.conn.runAndReadAll('SELECT login, role, school_code, password_hash FROM users WHERE login = $l', {
      l: login,
    })
  ).getRows()[0];
  if (!row) return null;
  return {
    login: String(row[0]),
    role: String(row[1]) as Role,
    schoolCode: row[2] === null ? null : String(row[2]),
    hash: String(row[3]),
  };
}

/** Every user without the password hash, in login order. */
export async function listUsers(store: Store): Promise<Listed[]> {
  const rows = (
    await store.conn.runAndReadAll(
      `SELECT login, role, school_code, strftime(created_at, '%Y-%m-%d %H:%M') FROM users ORDER BY login`,
    )
  ).getRows();
  return rows.map((r) => ({
    login: String(r[0]),
    role: String(r[1]) as Role,
    schoolCode: r[2] === null ? null : String(r[2]),
    createdAt: String(r[3]),
  }));
}

/** Removes a user; false when there is no such login. */
export async function removeUser(store: Store, login: string, actor = 'cli'): Promise<boolean> {
  const user = await findUser(store, login);
  if (!user) return false;
  await store.conn.run('DELETE FROM users WHERE login = $l', { l: login });
  await audit(store, actor, 'user.remove', login, { role: user.role, schoolCode: user.schoolCode });
  return true;
}

/** Sets a new password of an existing user; false when there is no such login. */
export async function setPassword(store: Store, login: string, password: string, actor = 'cli'): Promise<boolean> {
  checkPassword(password);
  if (!(await findUser(store, login))) return false;
  const hash = await hashPassword(password);
  await store.conn.run('UPDATE users SET password_hash = $h WHERE login = $l', { l: login, h: hash });
  await audit(store, actor, 'user.passwd', login);
  return true;
}

/** Logins whose password is `password` (e.g. the published demo password); one scrypt check per user. */
export async function usersWithPassword(store: Store, password: string): Promise<string[]> {
  const rows = (await store.conn.runAndReadAll('SELECT login, password_hash FROM users ORDER BY login')).getRows();
  const out: string[] = [];
  for (const r of rows) if (await verifyPassword(password, String(r[1]))) out.push(String(r[0]));
  return out;
}
