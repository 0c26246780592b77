// For the browser tests of live pages (Server-Sent Events): axe, the marks that tell an update
// in place from a reload, browser contexts on one app, and two app processes on one PostgreSQL
// database (so that every change travels through LISTEN/NOTIFY).
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { after, before } from 'node:test';
import { AxeBuilder } from '@axe-core/playwright';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { ADMIN_COOKIE } from '../../src/web/admin/auth.ts';
import { chromiumPath, getBrowser } from './browser.ts';
import { createTestDatabase, databaseKinds, type TestDatabase } from './databases.ts';
import { freePorts, type ServerProcess, startServer, stopServer, waitForHealth } from './processes.ts';

export interface Viewport {
  width: number;
  height: number;
}

export const PHONE: Viewport = { width: 375, height: 800 };

export const browserAvailable = Boolean(process.env.SAMSKAP_BROWSER_WS) || existsSync(chromiumPath);
if (!browserAvailable && process.env.CI === 'true') {
  throw new Error(`CI=true but ${chromiumPath} is missing: the end-to-end tests cannot run.`);
}

/** `skip` of a suite that needs the browser. */
export const needsBrowser: string | false = browserAvailable ? false : `no browser at ${chromiumPath}`;

/** `skip` of a suite that needs the browser and PostgreSQL. */
export const needsBrowserAndPostgres: string | false =
  needsBrowser || (databaseKinds().includes('postgres') ? false : 'TEST_POSTGRES_URL is not set');

export async function checkAxe(p: Page, what: string) {
  const result = await new AxeBuilder({ page: p }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
  const problems = result.violations.map(
    (v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join(', ')})`,
  );
  assert.deepEqual(problems, [], `axe violations on ${what}`);
}

/** Marks the page, so that a later check can tell it was updated in place, not reloaded. */
export async function markLoaded(p: Page) {
  await p.evaluate(() => {
    (window as unknown as { samskapMark: number }).samskapMark = 1;
  });
}

export async function stillSamePage(p: Page): Promise<boolean> {
  return p.evaluate(() => (window as unknown as { samskapMark?: number }).samskapMark === 1);
}

/** Waits until the live region of the page has its stream open. */
export async function liveOpen(p: Page) {
  await p.locator('[data-live-src][data-live-state="open"]').first().waitFor();
}

/** Closes the contexts a test opened, then the browser. */
export async function closeBrowser(browser: Browser | undefined, contexts: BrowserContext[]) {
  for (const context of contexts) await context.close().catch(() => {});
  await browser?.close();
}

/**
 * Pages on one app: a phone unless a viewport is given; with `admin`, logged in to the back
 * office with the cookie's value. Each context goes into `contexts`, to be closed after.
 */
export function pageOpener(
  contexts: BrowserContext[],
  get: () => { browser: Browser; baseUrl: string; adminCookie: string },
) {
  return async (options: { admin?: boolean; viewport?: Viewport } = {}): Promise<Page> => {
    const { browser, baseUrl, adminCookie } = get();
    const context = await browser.newContext({
      viewport: options.viewport ?? PHONE,
      locale: 'nb-NO',
      baseURL: baseUrl,
    });
    context.setDefaultTimeout(8_000);
    if (options.admin) {
      await context.addCookies([{ name: ADMIN_COOKIE, value: adminCookie, url: `${baseUrl}/admin` }]);
    }
    contexts.push(context);
    return context.newPage();
  };
}

export interface TwoProcesses {
  database: TestDatabase;
  /** The app processes, both on `database`. */
  one: ServerProcess;
  two: ServerProcess;
  /** A page on one of the processes (by its base URL), a phone unless a viewport is given. */
  open(baseURL: string, viewport?: Viewport): Promise<Page>;
}

/**
 * For a describe block: before its tests, a PostgreSQL test database, two app processes on it
 * and the browser; after them, all closed again. The fields are there once the tests run.
 */
export function twoProcessesOnPostgres(): TwoProcesses {
  let browser: Browser | undefined;
  const servers: ServerProcess[] = [];
  const contexts: BrowserContext[] = [];
  const live = {
    async open(baseURL: string, viewport = PHONE) {
      if (!browser) throw new Error('the browser is not started');
      const context = await browser.newContext({ viewport, locale: 'nb-NO', baseURL });
      context.setDefaultTimeout(10_000);
      contexts.push(context);
      return context.newPage();
    },
  } as TwoProcesses;

  before(async () => {
    live.database = await createTestDatabase('postgres');
    const [a, b] = (await freePorts(2)) as [number, number];
    // One after the other: the first migrates and adds the demo content.
    const env = { NODE_ENV: 'test' };
    servers.push(startServer(live.database.url, a, env));
    await waitForHealth(servers[0] as ServerProcess);
    servers.push(startServer(live.database.url, b, env));
    await waitForHealth(servers[1] as ServerProcess);
    [live.one, live.two] = servers as [ServerProcess, ServerProcess];
    browser = await getBrowser();
  });

  after(async () => {
    await closeBrowser(browser, contexts);
    await Promise.all(servers.map(stopServer));
    await live.database?.dispose();
  });

  return live;
}
