// Cookie header parsing and Set-Cookie serialisation (no dependency needed for the few cookies we use).
export function parseCookies(header: string | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  if (!header) return out;
  for (const part of header.split(';')) {
    const i = part.indexOf('=');
    if (i < 0) continue;
    const k = part.slice(0, i).trim();
    if (!k || k in out) continue;
    try {
      out[k] = decodeURIComponent(part.slice(i + 1).trim());
    } catch {
      /* malformed: ignore */
    }
  }
  return out;
}

export interface CookieOptions {
  maxAgeSec?: number;
  secure?: boolean;
}

/** HttpOnly, SameSite=Lax, Path=/ cookie; maxAgeSec 0 deletes it. */
export function serializeCookie(name: string, value: string, o: CookieOptions = {}): string {
  const parts = [`${name}=${encodeURIComponent(value)}`, 'Path=/', 'HttpOnly', 'SameSite=Lax'];
  if (o.maxAgeSec !== undefined) parts.push(`Max-Age=${Math.max(0, Math.floor(o.maxAgeSec))}`);
  if (o.secure) parts.push('Secure');
  return parts.join('; ');
}
