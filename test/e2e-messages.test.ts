// End-to-end in headless Chromium for messages: the messages page with a preview, the
// evaluation a registrant answers by keyboard at phone size, the organiser's summary, the
// registrant's detail page with its mails, and a cancelled event's public page. axe checks each;
// screenshots go to test-output/screenshots/messages-*.png.
// biome-ignore-all lint/performance/useDomNodeTextContent: Playwright's Locator.innerText() is the rendered text a person sees, which is what these tests check.
import assert from 'node:assert/strict';
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { AxeBuilder } from '@axe-core/playwright';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { cancelEvent } from '../src/core/events/cancel-event.ts';
import { sendThanks } from '../src/core/messages/send-thanks.ts';
import { registerParticipants } from '../src/core/registrations/register-participants.ts';
import { createMessageMailer } from '../src/mail/message-mail.tsx';
import { ADMIN_COOKIE } from '../src/web/admin/auth.ts';
import { organiser, type TestOrganiser } from './support/admin.ts';
import { startApp, type TestApp } from './support/app.ts';
import { chromiumPath, getBrowser } from './support/browser.ts';
import { createTestDatabase, type TestDatabase } from './support/databases.ts';
import { addEvent, NOW, signUp, smallEvent, testDeps } from './support/fixtures.ts';

const screenshotDir = join(fileURLToPath(new URL('..', import.meta.url)), 'test-output', 'screenshots');
const PHONE = { width: 375, height: 800 };
const DESKTOP = { width: 1280, height: 900 };

const browserAvailable = Boolean(process.env.SAMSKAP_BROWSER_WS) || existsSync(chromiumPath);
if (!browserAvailable && process.env.CI === 'true') {
  throw new Error(`CI=true but ${chromiumPath} is missing: the end-to-end tests cannot run.`);
}

describe('messages end-to-end in Chromium', {
  skip: browserAvailable ? false : `no browser at ${chromiumPath}`,
}, () => {
  let database: TestDatabase;
  let app: TestApp;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let who: TestOrganiser;
  let slug: string;
  let clock = NOW;

  before(async () => {
    database = await createTestDatabase('sqlite');
    app = await startApp(database.store, { listen: true, now: () => clock });
    who = await organiser(database.store);
    slug = await addEvent(database.store, smallEvent());
    for (const [email, name, session] of [
      ['anne@example.no', 'Anne Aas', 'A'],
      ['bard@example.no', 'Bård Bø', 'B'],
    ] as const) {
      await registerParticipants(testDeps(database.store), signUp(slug, email, { name, session }), NOW);
    }
    browser = await getBrowser();
    context = await browser.newContext({ viewport: DESKTOP, locale: 'nb-NO', baseURL: app.baseUrl });
    context.setDefaultTimeout(5_000);
    await context.addCookies([
      {
        name: ADMIN_COOKIE,
        value: who.cookie.split('=')[1] ?? '',
        domain: new URL(app.baseUrl).hostname,
        path: '/admin',
      },
    ]);
    page = await context.newPage();
    mkdirSync(screenshotDir, { recursive: true });
  });

  after(async () => {
    await context?.close().catch(() => {});
    await browser?.close();
    await app?.close();
    await database?.dispose();
  });

  async function checkAxe(p: Page, what: string) {
    const result = await new AxeBuilder({ page: p }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
    const problems = result.violations.map(
      (v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join(', ')})`,
    );
    assert.deepEqual(problems, [], `axe violations on ${what}`);
  }

  async function shoot(p: Page, name: string) {
    await p.screenshot({ path: join(screenshotDir, `messages-${name}.png`), fullPage: true });
  }

  test('an organiser previews and sends a message to one session without a mouse', async () => {
    await page.goto(`/admin/events/${slug}/messages`);
    await checkAxe(page, 'the messages page');
    await page.getByLabel('Påmeldte til B: Sesjon B').check();
    await page.getByLabel('Emne', { exact: true }).first().fill('Praktisk om sesjon B');
    await page.getByLabel('Tekst', { exact: true }).first().fill('Hei {navn}!');
    await page.getByRole('button', { name: 'Forhåndsvis' }).click();
    await page.locator('#f-body-error').waitFor();
    assert.match(await page.locator('#f-body-error').innerText(), /Ukjent plassholder: \{navn\}/);
    await checkAxe(page, 'the messages page with an error');
    await page.getByLabel('Tekst', { exact: true }).first().fill('Hei {name}!\n\nVi ses i {session}.');
    await page.getByRole('button', { name: 'Forhåndsvis' }).click();
    await page.locator('#preview').waitFor();
    assert.match(await page.locator('#preview').innerText(), /Meldingen går til 1 person\.[\s\S]*Hei Bård Bø!/);
    await checkAxe(page, 'the messages page with a preview');
    await shoot(page, 'preview');
    await page.getByRole('button', { name: 'Send meldingen' }).focus();
    await page.keyboard.press('Enter');
    await page.getByText('Meldingen er sendt til 1 person.').waitFor();
    assert.match(await page.locator('table.messages-table').innerText(), /Praktisk om sesjon B/);
  });

  test('the detail page lists the mails and passes axe', async () => {
    const reg = await database.store.db
      .selectFrom('registrations')
      .select('id')
      .where('email', '=', 'bard@example.no')
      .executeTakeFirstOrThrow();
    await page.goto(`/admin/events/${slug}/registrations/${reg.id}`);
    assert.match(await page.locator('table.mails-table').innerText(), /Praktisk om sesjon B/);
    await checkAxe(page, 'the registration detail page');
  });

  test('a registrant answers the evaluation at phone size, and the organiser sees the summary', async () => {
    const mailer = createMessageMailer({ baseUrl: app.baseUrl, domain: 'samskap.test' });
    const event = await database.store.db
      .selectFrom('events')
      .select('id')
      .where('slug', '=', slug)
      .executeTakeFirstOrThrow();
    const sent = await sendThanks(
      { db: database.store.db, adapter: database.store.adapter, mailer },
      { eventId: event.id, user: { id: who.userId, email: who.email } },
      NOW,
    );
    assert.equal(sent.ok, true);
    const mail = await database.store.db
      .selectFrom('outbox')
      .select('text_body')
      .where('kind', '=', 'message.thanks')
      .where('to_address', '=', 'anne@example.no')
      .executeTakeFirstOrThrow();
    const url = /(\/m\/[A-Za-z0-9_-]+\/evaluation)/.exec(mail.text_body)?.[1] ?? '';
    clock = new Date('2030-11-12T15:00:00.000Z');
    const phone = await context.newPage();
    await phone.setViewportSize(PHONE);
    await phone.goto(url);
    await checkAxe(phone, 'the evaluation page');
    await phone.getByRole('group', { name: 'Hva syntes du om DEL 1: Felles?' }).getByLabel('4 – bra').check();
    await phone.getByLabel('Hva vil du si til arrangøren?').fill('Nyttig dag.');
    await phone.getByRole('button', { name: 'Send svaret' }).click();
    await phone.getByText('Takk for svaret!').waitFor();
    await shoot(phone, 'evaluation-phone');
    const wide = await phone.evaluate(() => document.documentElement.scrollWidth > window.innerWidth);
    assert.equal(wide, false, 'no sideways scrolling at 375 px');
    await phone.close();
    clock = NOW;
    await page.goto(`/admin/events/${slug}/evaluation`);
    assert.match(await page.locator('table.evaluation-table').innerText(), /DEL 1: Felles\s+1\s+4/);
    assert.match(await page.locator('main').innerText(), /Nyttig dag\./);
    await checkAxe(page, 'the evaluation summary');
  });

  test('a cancelled event’s public page says so and passes axe', async () => {
    const mailer = createMessageMailer({ baseUrl: app.baseUrl, domain: 'samskap.test' });
    const event = await database.store.db
      .selectFrom('events')
      .select(['id', 'version'])
      .where('slug', '=', slug)
      .executeTakeFirstOrThrow();
    const result = await cancelEvent(
      { db: database.store.db, adapter: database.store.adapter, mailer },
      {
        eventId: event.id,
        version: event.version,
        subject: 'Avlyst',
        body: 'Vi må avlyse.',
        user: { id: who.userId, email: who.email },
      },
      NOW,
    );
    assert.equal(result.ok, true);
    // The public page is cached for a second per process.
    await new Promise((resolve) => setTimeout(resolve, 1_100));
    const phone = await context.newPage();
    await phone.setViewportSize(PHONE);
    await phone.goto(`/e/${slug}`);
    assert.match(await phone.locator('h1').innerText(), /^Avlyst/);
    assert.equal(await phone.getByRole('link', { name: 'Meld deg på' }).count(), 0);
    await checkAxe(phone, 'a cancelled event');
    await shoot(phone, 'cancelled-phone');
    await phone.close();
  });
});
