// HMAC-SHA-256 signing of cookie values and constant-time comparison.
import { createHmac, timingSafeEqual } from 'node:crypto';

export const hmac = (secret: string, data: string): string =>
  createHmac('sha256', secret).update(data).digest('base64url');

export function safeEqual(a: string, b: string): boolean {
  const x = Buffer.from(a),
    y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

/** 'value.signature' */
export const sign = (secret: string, value: string): string => `${value}.${hmac(secret, value)}`;

/** The value when the signature matches, else null. */
export function unsign(secret: string, signed: string | undefined): string | null {
  if (!signed) return null;
  const i = signed.lastIndexOf('.');
  if (i <= 0) return null;
  const value = signed.slice(0, i);
  return safeEqual(signed.slice(i + 1), hmac(secret, value)) ? value : null;
}
