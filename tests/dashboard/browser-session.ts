// One Chromium (Debian's, driven by playwright-core) per browser test file: a fresh profile, Russian locale, the
// flags this machine needs, and the login and charts-ready steps every browser test uses.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type BrowserContext, chromium, type Page } from 'playwright-core';
import { expect } from 'vitest';

const CHROMIUM = process.env.ORIENTIR_CHROMIUM ?? '/usr/bin/chromium';
const ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export class BrowserSession {
  private constructor(
    readonly ctx: BrowserContext,
    readonly page: Page,
    private readonly profile: string,
    private readonly base: string,
  ) {}

  static async open(base: string): Promise<BrowserSession> {
    const profile = mkdtempSync(join(tmpdir(), 'orientir-chromium-'));
    const ctx = await chromium.launchPersistentContext(profile, {
      executablePath: CHROMIUM,
      headless: true,
      viewport: { width: 1280, height: 900 },
      locale: 'ru-RU',
      args: ARGS,
    });
    return new BrowserSession(ctx, ctx.pages()[0] ?? (await ctx.newPage()), profile, base);
  }

  async login(name: string, password: string): Promise<void> {
    const page = this.page;
    await this.ctx.clearCookies();
    await page.goto(`${this.base}/login`);
    await page.fill('input[name=login]', name);
    await page.fill('input[name=password]', password);
    await Promise.all([page.waitForURL((u) => !u.pathname.startsWith('/login')), page.click('button[type=submit]')]);
  }

  /** Waits until the client has drawn every chart slot, and no slot failed. */
  async chartsReady(): Promise<void> {
    await this.page.waitForSelector('body[data-charts-ready]', { timeout: 30_000 });
    expect(await this.page.locator('[data-rendered="error"]').count()).toBe(0);
  }

  async close(): Promise<void> {
    await this.ctx.close();
    rmSync(this.profile, { recursive: true, force: true });
  }
}
