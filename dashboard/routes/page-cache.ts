// Rendered pages per data version. A page whose every query is a cached one (data/sql.ts) depends only on the
// marts, the URL and who asks (role, school); the per-session parts — login and CSRF token — are rendered as
// placeholders and filled in for each request. Pages that read anything live (ledger, roadmap) are not kept.
import type { Request } from 'express';
import { randomBytes } from 'node:crypto';
import type { Session } from '../auth/session.js';
import { renderScope } from '../data/sql.js';
import { escapeHtml } from '../html/escape.js';
import { dataVersion } from '../../store/version.js';

const MAX_PAGES = 1000;

export class PageCache {
  private version = -1;
  private pages = new Map<string, string>();
  private readonly csrfMark = `csrf${randomBytes(8).toString('hex')}`;
  private readonly loginMark = `login${randomBytes(8).toString('hex')}`;

  constructor(private readonly store: object) {}

  /** The page for this request: from the cache, or rendered (for a placeholder session) and kept when cacheable. */
  async get(req: Request, render: (s: Session) => Promise<string | null>): Promise<string | null> {
    const s = req.session!;
    const v = dataVersion(this.store);
    if (v !== this.version) { this.version = v; this.pages.clear(); }
    const key = `${s.user.role}|${s.user.schoolCode ?? ''}|${req.originalUrl}`;
    let page = this.pages.get(key);
    if (page === undefined) {
      const scope = { cacheable: true };
      const shell: Session = { ...s, csrf: this.csrfMark, user: { ...s.user, login: this.loginMark } };
      const rendered = await renderScope.run(scope, () => render(shell));
      if (rendered === null) return null;
      page = rendered;
      if (scope.cacheable && v === dataVersion(this.store)) {
        if (this.pages.size >= MAX_PAGES) this.pages.clear();
        this.pages.set(key, page);
      }
    }
    return page.replaceAll(this.csrfMark, s.csrf).replaceAll(this.loginMark, escapeHtml(s.user.login));
  }
}
