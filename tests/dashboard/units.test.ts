// Unit tests of the small building blocks: escaping, Russian formats, signed cookies, sessions, throttling.
import { describe, expect, it } from 'vitest';
import { parseCookies, serializeCookie } from '../../dashboard/auth/cookies.js';
import { LoginLimiter } from '../../dashboard/auth/rate-limit.js';
import { Sessions } from '../../dashboard/auth/session.js';
import { sign, unsign } from '../../dashboard/auth/sign.js';
import { pathKey, pick } from '../../dashboard/charts/index.js';
import { positions, quantile } from '../../dashboard/data/indicators.js';
import { fmtDate, fmtDateTime, fmtDuration } from '../../dashboard/format/dates.js';
import { fmtInt, fmtNum, fmtPct, fmtSigned, pctTick } from '../../dashboard/format/numbers.js';
import { escapeHtml, html, raw } from '../../dashboard/html/escape.js';

describe('escaping', () => {
  it('escapes every interpolation unless marked as trusted', () => {
    const name = `<script>alert("x")</script>&'`;
    expect(html`<td>${name}</td>`.value).toBe('<td>&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;&amp;&#39;</td>');
    expect(html`<a title="${name}">${[name, raw('<b>ok</b>')]}</a>`.value).not.toContain('<script>');
    expect(html`${raw('<svg></svg>')}`.value).toBe('<svg></svg>');
    expect(escapeHtml(null)).toBe('');
  });
});

describe('Russian formats', () => {
  it('uses a decimal comma, spaces for thousands, month names and 2023/24 years', () => {
    expect(fmtNum(0.384)).toBe('0,38');
    expect(fmtInt(12345)).toBe('12 345');
    expect(fmtPct(0.384)).toBe('38,4 %');
    expect(fmtSigned(-0.12)).toBe('−0,12');
    expect(fmtSigned(0.05)).toBe('+0,05');
    expect(fmtNum(null)).toBe('—');
    expect(pctTick(0.25)).toBe('25 %');
    expect(fmtDateTime('2025-03-05 14:03:11')).toBe('5 марта 2025 г., 14:03');
    expect(fmtDate('2024-09-01')).toBe('1 сентября 2024 г.');
    expect(fmtDuration('2025-03-05 14:03:00', '2025-03-05 14:05:05')).toBe('2 мин 5 с');
  });
});

describe('cookies and sessions', () => {
  it('signs values and rejects tampering', () => {
    const s = sign('k', 'abc');
    expect(unsign('k', s)).toBe('abc');
    expect(unsign('k', s.replace('abc', 'abd'))).toBeNull();
    expect(unsign('other', s)).toBeNull();
    expect(parseCookies('a=1; b=%D0%96; a=2')).toEqual({ a: '1', b: 'Ж' });
    expect(serializeCookie('x', 'y', { maxAgeSec: 10 })).toBe('x=y; Path=/; HttpOnly; SameSite=Lax; Max-Age=10');
  });

  it('expires sessions and forgets them on logout', async () => {
    const sessions = new Sessions('secret', 30);
    const s = sessions.create({ login: 'komitet', role: 'committee', schoolCode: null });
    const cookie = sessions.cookie(s, false).split(';')[0]!.split('=')[1]!;
    expect(sessions.fromCookie(decodeURIComponent(cookie))?.user.login).toBe('komitet');
    await new Promise((r) => setTimeout(r, 40));
    expect(sessions.fromCookie(decodeURIComponent(cookie))).toBeNull();
    const t = sessions.create({ login: 'a', role: 'school', schoolCode: '1' });
    sessions.destroy(t.id);
    expect(sessions.fromCookie(sign('secret', t.id))).toBeNull();
  });
});

describe('login throttling', () => {
  it('locks after 5 failures within 15 minutes, per login and address', () => {
    const l = new LoginLimiter(5, 15 * 60_000);
    const t0 = 1_000_000;
    const fail = (login: string, at: number) => {
      const a = l.attempt(login, '1.1.1.1', at);
      expect(a.ok).toBe(true);
      if (a.ok) a.fail();
    };
    for (let i = 0; i < 4; i++) fail('User', t0 + i);
    expect(l.lockedFor('user', '1.1.1.1', t0 + 10)).toBe(0);
    fail('user', t0 + 5);
    expect(l.lockedFor('user', '1.1.1.1', t0 + 10)).toBeGreaterThan(14 * 60_000);
    expect(l.attempt('user', '1.1.1.1', t0 + 10).ok).toBe(false);
    expect(l.lockedFor('user', '2.2.2.2', t0 + 10)).toBe(0);
    expect(l.lockedFor('user', '1.1.1.1', t0 + 15 * 60_000 + 1)).toBe(0);
  });
});

describe('indicator helpers', () => {
  it('positions are direction-aware and quantiles interpolate like DuckDB', () => {
    expect(positions([1, 2, 3, null], 1)).toEqual([0, 0.5, 1, null]);
    expect(positions([1, 2, 3], -1)).toEqual([1, 0.5, 0]);
    expect(quantile([1, 2, 3, 4], 0.5)).toBe(2.5);
    expect(quantile([], 0.5)).toBeNull();
  });

  it('chart data paths survive keys with dots and spaces', () => {
    const key = 'МБОУ СОШ № 1 г. Энск';
    expect(pick({ trends: { [key]: [1] } }, `trends.${pathKey(key)}`)).toEqual([1]);
    expect(pick({ a: [{ b: 2 }] }, 'a.0.b')).toBe(2);
    expect(pick({ a: 1 }, '')).toEqual({ a: 1 });
  });
});
