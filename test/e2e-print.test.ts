// Printing in Chromium: the HTML participant list under print media (navigation hidden, the
// table's header row repeated on every printed page, read back from Chromium's own PDF), and the
// registrations page's links to the PDF printables (axe-checked). Screenshot:
// test-output/screenshots/print-list.png (print media).
import assert from 'node:assert/strict';
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { AxeBuilder } from '@axe-core/playwright';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { registerParticipants } from '../src/core/registrations/register-participants.ts';
import { organiser } from './support/admin.ts';
import { startApp, type TestApp } from './support/app.ts';
import { chromiumPath, getBrowser } from './support/browser.ts';
import { createTestDatabase, type TestDatabase } from './support/databases.ts';
import { addEvent, NOW, person, signUp, smallEvent, testDeps } from './support/fixtures.ts';

const screenshotDir = join(fileURLToPath(new URL('..', import.meta.url)), 'test-output', 'screenshots');
const browserAvailable = Boolean(process.env.SAMSKAP_BROWSER_WS) || existsSync(chromiumPath);
if (!browserAvailable && process.env.CI === 'true') {
  throw new Error(`CI=true but ${chromiumPath} is missing: the end-to-end tests cannot run.`);
}

describe('printing in Chromium', { skip: browserAvailable ? false : `no browser at ${chromiumPath}` }, () => {
  let database: TestDatabase;
  let app: TestApp;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let slug: string;

  before(async () => {
    database = await createTestDatabase('sqlite');
    const store = database.store;
    slug = await addEvent(store, smallEvent({ a: null }));
    for (let g = 0; g < 6; g++) {
      const people = Array.from({ length: 10 }, (_, i) =>
        person({ name: `Deltaker ${String(g * 10 + i + 1).padStart(2, '0')} Ŋuolas`, session: 'A' }),
      );
      const [first, ...others] = people;
      const result = await registerParticipants(
        testDeps(store),
        signUp(slug, `gruppe${g}@example.no`, first, others),
        NOW,
      );
      assert.ok(result.ok);
    }
    const who = await organiser(store);
    app = await startApp(store, { listen: true, now: () => NOW });
    browser = await getBrowser();
    context = await browser.newContext({
      viewport: { width: 1280, height: 900 },
      locale: 'nb-NO',
      baseURL: app.baseUrl,
    });
    context.setDefaultTimeout(5_000);
    const [name, value] = who.cookie.split('=') as [string, string];
    await context.addCookies([{ name, value, url: app.baseUrl }]);
    page = await context.newPage();
    mkdirSync(screenshotDir, { recursive: true });
  });

  after(async () => {
    await context?.close().catch(() => {});
    await browser?.close();
    await app?.close();
    await database?.dispose();
  });

  test('the registrations page links to the PDF lists and badges, and passes axe', async () => {
    await page.goto(`/admin/events/${slug}/registrations`);
    const pdfLink = page.getByRole('link', { name: 'Deltakerliste for A: Sesjon A som PDF' });
    assert.equal(await pdfLink.getAttribute('href'), `/admin/events/${slug}/participants.pdf?session=A`);
    const badges = page.getByRole('link', { name: 'Navnelapper (PDF)' });
    assert.equal(await badges.getAttribute('href'), `/admin/events/${slug}/badges.pdf`);
    const response = await page.request.get(`/admin/events/${slug}/badges.pdf`);
    assert.equal(response.status(), 200);
    assert.equal(response.headers()['content-type'], 'application/pdf');
    const result = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
    assert.deepEqual(
      result.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`),
      [],
    );
  });

  test('the HTML list prints without navigation, with its header row on every page', async () => {
    await page.goto(`/admin/events/${slug}/registrations/print?session=A`);
    await page.emulateMedia({ media: 'print' });
    for (const selector of ['.site-header', '.site-footer', '.event-tabs', '.skip-link']) {
      assert.equal(await page.locator(selector).first().isVisible(), false, `${selector} hidden in print`);
    }
    assert.equal(await page.locator('p.no-print').first().isVisible(), false);
    assert.ok(await page.locator('table.print-list').isVisible());
    await page.screenshot({ path: join(screenshotDir, 'print-list.png'), fullPage: true });

    const pdfjs = await import('pdfjs-dist/legacy/build/pdf.mjs');
    const bytes = await page.pdf({ format: 'A4', preferCSSPageSize: true });
    await page.emulateMedia({ media: 'screen' });
    const doc = await pdfjs.getDocument({ data: new Uint8Array(bytes), isEvalSupported: false, verbosity: 0 }).promise;
    assert.ok(doc.numPages >= 2, `60 rows need more than one page (got ${doc.numPages})`);
    const texts: string[] = [];
    for (let n = 1; n <= doc.numPages; n++) {
      const content = await (await doc.getPage(n)).getTextContent();
      texts.push(content.items.map((i) => ('str' in i ? i.str : '')).join(' '));
    }
    await doc.destroy();
    texts.forEach((text, i) => {
      assert.ok(text.includes('Navn') && text.includes('Signatur'), `header row on printed page ${i + 1}`);
      assert.ok(!text.includes('Logg ut'), 'no navigation printed');
    });
    const all = texts.join(' ');
    assert.ok(all.includes('Deltaker 01 Ŋuolas') && all.includes('Deltaker 60 Ŋuolas'));
  });
});
