// One browser-test file's server and browser: started before its tests, closed after them; each test's pages live
// in one fresh browser context (own cookies), closed after the test, so one test's login never leaks into another.
import { afterAll, afterEach, beforeAll } from 'vitest';
import type { Browser, BrowserContext, BrowserContextOptions, Page } from 'playwright-core';
import { startTestApp, type TestApp } from './app.ts';
import { launchBrowser, newContext } from './browser.ts';
import { loginAs } from './ui.ts';

export interface BrowserSuite {
  readonly app: TestApp;
  readonly browser: Browser;
  /** A page in a fresh context (the previous one is closed); phone-sized or otherwise when `options` say so. */
  newPage(options?: BrowserContextOptions): Promise<Page>;
  /** `newPage`, signed in as `username`. */
  openAs(username: string): Promise<Page>;
}

/**
 * Registers the file's hooks; call it before the file's own `beforeAll`, so `app` and `browser` are there in it (after
 * hooks run in reverse order: the file's own `afterAll` still sees them).
 */
export function browserSuite(options: { persons: number }): BrowserSuite {
  let app: TestApp | undefined;
  let browser: Browser | undefined;
  let context: BrowserContext | undefined;

  beforeAll(async () => {
    [app, browser] = await Promise.all([startTestApp({ persons: options.persons }), launchBrowser()]);
  });
  afterAll(async () => {
    await browser?.close();
    await app?.close();
  });
  afterEach(async () => {
    await context?.close();
    context = undefined;
  });

  const started = <T>(value: T | undefined): T => {
    if (value === undefined) throw new Error('the browser suite has not started (use it inside tests or beforeAll)');
    return value;
  };
  const suite: BrowserSuite = {
    get app() {
      return started(app);
    },
    get browser() {
      return started(browser);
    },
    async newPage(contextOptions) {
      await context?.close();
      const url = started(app).url;
      if (contextOptions) {
        context = await started(browser).newContext({ baseURL: url, locale: 'zh-CN', timezoneId: 'Asia/Shanghai', ...contextOptions });
        context.setDefaultTimeout(20_000);
      } else {
        context = await newContext(started(browser), url);
      }
      return context.newPage();
    },
    async openAs(username) {
      const p = await suite.newPage();
      await loginAs(p, username);
      return p;
    },
  };
  return suite;
}
