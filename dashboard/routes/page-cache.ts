// Rendered pages per data version. A page whose every query is a cached one (data/sql.ts) depends only on the
// marts, the URL and who asks (role, school); the per-session parts — login and CSRF token — are rendered as
// placeholders and filled in for each request. Pages that read anything live (ledger, roadmap) are not kept.
// A client that accepts gzip (every browser) gets the page compressed: the constant parts are deflated once per kept
// page and the per-session strings spliced in (gzip-splice.ts), so a hit never compresses 200 KB.

import { randomBytes } from 'node:crypto';
import type { Request } from 'express';
import { dataVersion } from '../../store/version.js';
import type { Session } from '../auth/session.js';
import { renderScope } from '../data/sql.js';
import { escapeHtml } from '../html/escape.js';
import { type Deflated, deflatePieces, spliceGzip } from './gzip-splice.js';

const MAX_PAGES = 1000;

/** A kept page: its bytes split at the per-session placeholders, so a hit only concatenates buffers. */
interface Kept {
  parts: Buffer[];
  marks: ('csrf' | 'login')[];
  deflated?: Deflated; // the parts compressed, made on the first request that accepts gzip
}

/** A page to send: its bytes and their content encoding. */
export interface PageBody {
  body: Buffer;
  gzip: boolean;
}

export class PageCache {
  private version = -1;
  private pages = new Map<string, Kept>();
  private readonly csrfMark = `csrf${randomBytes(8).toString('hex')}`;
  private readonly loginMark = `login${randomBytes(8).toString('hex')}`;

  constructor(private readonly store: object) {}

  get size(): number {
    return this.pages.size;
  }

  /**
   * The page for this request: from the cache, or rendered (for a placeholder session) and kept when cacheable.
   * `page` names the page and the parameters it reads (not the raw URL: random query strings must not grow the cache).
   */
  async get(req: Request, page: string, render: (s: Session) => Promise<string | null>): Promise<PageBody | null> {
    const s = req.session!;
    const v = dataVersion(this.store);
    if (v !== this.version) {
      this.version = v;
      this.pages.clear();
    }
    const key = `${s.user.role}|${s.user.schoolCode ?? ''}|${page}`;
    let kept = this.pages.get(key);
    if (kept === undefined) {
      const scope = { cacheable: true };
      const shell: Session = { ...s, csrf: this.csrfMark, user: { ...s.user, login: this.loginMark } };
      const rendered = await renderScope.run(scope, () => render(shell));
      if (rendered === null) return null;
      kept = this.split(rendered);
      if (scope.cacheable && v === dataVersion(this.store)) {
        if (this.pages.size >= MAX_PAGES) this.pages.clear();
        this.pages.set(key, kept);
      }
    }
    const fill = { csrf: Buffer.from(s.csrf), login: Buffer.from(escapeHtml(s.user.login)) };
    const fills = kept.marks.map((m) => fill[m]);
    if (req.acceptsEncodings('gzip') === 'gzip') {
      kept.deflated ??= deflatePieces(kept.parts);
      return { body: spliceGzip(kept.deflated, fills), gzip: true };
    }
    const out: Buffer[] = [kept.parts[0]!];
    fills.forEach((f, i) => out.push(f, kept.parts[i + 1]!));
    return { body: Buffer.concat(out), gzip: false };
  }

  private split(page: string): Kept {
    const parts: Buffer[] = [],
      marks: Kept['marks'] = [];
    const re = new RegExp(`${this.csrfMark}|${this.loginMark}`, 'g');
    let last = 0;
    for (const m of page.matchAll(re)) {
      parts.push(Buffer.from(page.slice(last, m.index)));
      marks.push(m[0] === this.csrfMark ? 'csrf' : 'login');
      last = m.index + m[0].length;
    }
    parts.push(Buffer.from(page.slice(last)));
    return { parts, marks };
  }
}
