// Universal design across the product: every public and admin page passes axe (WCAG 2.0 and 2.1,
// A and AA) in every language, has the right <html lang>, a skip link, one h1, and reflows at
// 320 CSS pixels without sideways scrolling (which is also what 400 % zoom on a 1280-pixel
// screen, and more than 200 % zoom, comes to). Managing a registration works with the keyboard
// alone. No axe rule is disabled and no element excluded.
// biome-ignore-all lint/performance/useDomNodeTextContent: Playwright's Locator.innerText() is the rendered text a person sees, which is what these tests check.
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { after, before, describe, test } from 'node:test';
import { AxeBuilder } from '@axe-core/playwright';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { seedDemo } from '../src/core/demo/seed-demo.ts';
import { registerParticipants } from '../src/core/registrations/register-participants.ts';
import { ADMIN_COOKIE } from '../src/web/admin/auth.ts';
import { LANGS } from '../src/web/i18n/index.ts';
import { organiser } from './support/admin.ts';
import { startApp, type TestApp } from './support/app.ts';
import { chromiumPath, getBrowser } from './support/browser.ts';
import { createTestDatabase, type TestDatabase } from './support/databases.ts';
import { NOW, signUp, testDeps } from './support/fixtures.ts';

const browserAvailable = Boolean(process.env.SAMSKAP_BROWSER_WS) || existsSync(chromiumPath);
if (!browserAvailable && process.env.CI === 'true') {
  throw new Error(`CI=true but ${chromiumPath} is missing: the end-to-end tests cannot run.`);
}

const SLUG = 'samskaping-levanger';

describe('universal design in Chromium', { skip: browserAvailable ? false : `no browser at ${chromiumPath}` }, () => {
  let database: TestDatabase;
  let app: TestApp;
  let browser: Browser;
  let context: BrowserContext;
  let token: string;
  let registrationId: number;

  before(async () => {
    database = await createTestDatabase('sqlite');
    await seedDemo(database.store, NOW);
    const deps = testDeps(database.store);
    const signed = await registerParticipants(
      deps,
      signUp(SLUG, 'tilgjengelig@example.no', { name: 'Tove Tastatur', session: '2A', role: 'citizen' }),
      NOW,
    );
    assert.ok(signed.ok, 'the registration for /m/ pages');
    token = signed.booker.token as string;
    registrationId = signed.booker.registrationId as number;
    const who = await organiser(database.store, { org: 'demo', role: 'owner' });
    app = await startApp(database.store, { listen: true, now: () => NOW });
    browser = await getBrowser();
    context = await browser.newContext({ viewport: { width: 320, height: 800 }, baseURL: app.baseUrl });
    context.setDefaultTimeout(5_000);
    const sessionToken = who.cookie.split('=')[1] as string;
    await context.addCookies([
      { name: ADMIN_COOKIE, value: sessionToken, url: `${app.baseUrl}/admin`, httpOnly: true, sameSite: 'Lax' },
    ]);
  });

  after(async () => {
    await context?.close().catch(() => {});
    await browser?.close();
    await app?.close();
    await database?.dispose();
  });

  async function check(page: Page, path: string, lang: string) {
    const separator = path.includes('?') ? '&' : '?';
    const response = await page.goto(`${path}${separator}lang=${lang}`);
    const status = response?.status() ?? 0;
    assert.ok(status === 200 || status === 404, `${path} answers (${status})`);
    assert.equal(await page.getAttribute('html', 'lang'), lang, `${path}: <html lang> is ${lang}`);
    assert.equal(await page.locator('h1').count(), 1, `${path}: one h1`);
    assert.equal(await page.locator('a.skip-link[href="#main"]').count(), 1, `${path}: a skip link`);
    assert.equal(await page.locator('main#main').count(), 1, `${path}: a main landmark`);
    const overflow = await page.evaluate(
      () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
    );
    assert.ok(overflow <= 0, `${path} (${lang}) scrolls sideways by ${overflow}px at 320px`);
    const result = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
    const problems = result.violations.map(
      (v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join(', ')})`,
    );
    assert.deepEqual(problems, [], `axe violations on ${path} (${lang})`);
  }

  const publicPages = () => [
    '/',
    `/e/${SLUG}`,
    `/e/${SLUG}/register`,
    `/e/${SLUG}/link`,
    `/e/${SLUG}-2019`,
    `/m/${token}`,
    `/m/${token}/cancel`,
    '/personvern',
    '/personvern/demo',
    `/m/${token}/delete`,
    '/tilgjengelighet',
    '/finnes-ikke',
  ];
  const adminPages = () => [
    '/admin',
    `/admin/events/${SLUG}`,
    `/admin/events/${SLUG}/edit`,
    `/admin/events/${SLUG}/edit/programme`,
    `/admin/events/${SLUG}/edit/sessions`,
    `/admin/events/${SLUG}/edit/roles`,
    `/admin/events/${SLUG}/edit/questions`,
    `/admin/events/${SLUG}/edit/parties`,
    `/admin/events/${SLUG}/edit/translations?translate=en`,
    `/admin/events/${SLUG}/registrations`,
    `/admin/events/${SLUG}/registrations/${registrationId}`,
    `/admin/events/${SLUG}/registrations/new`,
    `/admin/events/${SLUG}/numbers`,
    `/admin/events/${SLUG}/access`,
    `/admin/events/${SLUG}/checkin`,
    `/admin/events/${SLUG}/messages`,
    `/admin/events/${SLUG}/evaluation`,
    '/admin/events/new',
    '/admin/members',
    `/admin/events/${SLUG}/tables`,
    `/admin/events/${SLUG}/tables?session=2A`,
    `/admin/events/${SLUG}/tables/challenges?session=2A`,
    '/admin/organizations/demo/privacy',
    '/admin/organizations/demo/erase',
  ];

  for (const lang of LANGS) {
    test(`every public page passes axe and reflows at 320px in ${lang}`, async () => {
      const page = await context.newPage();
      try {
        for (const path of publicPages()) await check(page, path, lang);
      } finally {
        await page.close();
      }
    });

    test(`every admin page passes axe and reflows at 320px in ${lang}`, async () => {
      const page = await context.newPage();
      try {
        for (const path of adminPages()) await check(page, path, lang);
      } finally {
        await page.close();
      }
    });
  }

  test('a registrant switches session and cancels with the keyboard alone (Tab, Space, Enter)', async () => {
    const page = await context.newPage();
    try {
      await page.goto(`/m/${token}?lang=nb`);
      /** Presses Tab until the focused element matches, as a keyboard user moves through the page. */
      async function tabTo(selector: string, limit = 80) {
        for (let i = 0; i < limit; i++) {
          await page.keyboard.press('Tab');
          if (await page.evaluate((s) => document.activeElement?.matches(s) ?? false, selector)) return;
        }
        assert.fail(`Tab never reached ${selector}`);
      }
      // The radio group of sessions: arrow keys move within it, Space selects.
      await tabTo('input[type=radio][name=session]');
      let guard = 0;
      while (!(await page.evaluate(() => (document.activeElement as HTMLInputElement | null)?.value === '2B'))) {
        await page.keyboard.press('ArrowDown');
        assert.ok(guard++ < 10, 'the 2B radio is reachable with the arrow keys');
      }
      await page.keyboard.press('Space');
      await tabTo('form:has(input[name=session]) button[type=submit]');
      await page.keyboard.press('Enter');
      await page.waitForURL(/ok=/);
      assert.match(await page.locator('main').innerText(), /2B/, 'the new session is shown');

      await tabTo(`a[href^="/m/${token}/cancel"]`);
      await page.keyboard.press('Enter');
      await page.waitForURL(/\/cancel/);
      await tabTo('form button[type=submit]');
      await page.keyboard.press('Enter');
      await page.waitForURL(/ok=cancelled/);
      assert.match(await page.locator('.status-box').innerText(), /Avmeldt/, 'the registration is cancelled');
    } finally {
      await page.close();
    }
  });
});
