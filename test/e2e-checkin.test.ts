// End-to-end in headless Chromium at phone size (375×800): check-in at the door. A facilitator
// checks people in by search (keyboard only) and by a picture of a QR code, goes offline and checks
// in two more from the list kept on the phone, comes back online and the server has them all;
// two phones checking in one person at the same moment give one attendance. axe checks the pages;
// screenshots go to test-output/screenshots/checkin-*.png.
// biome-ignore-all lint/performance/useDomNodeTextContent: Playwright's Locator.innerText() is the rendered text a person sees, which is what these tests check.
import assert from 'node:assert/strict';
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { AxeBuilder } from '@axe-core/playwright';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import QRCode from 'qrcode';
import { getCheckInCounts } from '../src/core/checkin/get-check-in-counts.ts';
import { registerParticipants } from '../src/core/registrations/register-participants.ts';
import { ticketKeyFrom, ticketQrPayload } from '../src/core/registrations/ticket-code.ts';
import { ADMIN_COOKIE } from '../src/web/admin/auth.ts';
import { organiser } from './support/admin.ts';
import { startApp, type TestApp } from './support/app.ts';
import { chromiumPath, getBrowser } from './support/browser.ts';
import { createTestDatabase, type TestDatabase } from './support/databases.ts';
import { addEvent, NOW, signUp, smallEvent, testDeps } from './support/fixtures.ts';

const screenshotDir = join(fileURLToPath(new URL('..', import.meta.url)), 'test-output', 'screenshots');
const PHONE = { width: 375, height: 800 };
const TICKET_KEY = ticketKeyFrom('test-secret-test-secret-test-secret-0123456789');

const browserAvailable = Boolean(process.env.SAMSKAP_BROWSER_WS) || existsSync(chromiumPath);
if (!browserAvailable && process.env.CI === 'true') {
  throw new Error(`CI=true but ${chromiumPath} is missing: the end-to-end tests cannot run.`);
}

describe('check-in end-to-end in Chromium at phone size', {
  skip: browserAvailable ? false : `no browser at ${chromiumPath}`,
}, () => {
  let database: TestDatabase;
  let app: TestApp;
  let browser: Browser;
  let cookie: string;
  let slug: string;
  let eventId: number;
  let otherEventId: number;
  const ids: Record<string, number> = {};
  const tokens: Record<string, string> = {};
  const contexts: BrowserContext[] = [];

  before(async () => {
    database = await createTestDatabase('sqlite');
    const store = database.store;
    slug = await addEvent(store, smallEvent({ a: 10, b: 10 }));
    const otherSlug = await addEvent(store, smallEvent());
    const idOf = async (s: string) =>
      (await store.db.selectFrom('events').select('id').where('slug', '=', s).executeTakeFirstOrThrow()).id;
    eventId = await idOf(slug);
    otherEventId = await idOf(otherSlug);
    const people: [string, string, string, string][] = [
      ['kari', 'Kari Nordmann', 'Levanger kommune', 'A'],
      ['ola', 'Ola Nordmann', 'Nord universitet', 'B'],
      ['siri', 'Siri Sørli', 'Frivilligsentralen', 'A'],
      ['ahmed', 'Ahmed Ali', 'Verdal kommune', 'B'],
      ['nils', 'Nils Ŋuolga', 'Sámediggi', 'A'],
      ['mari', 'Mari Mo', 'Innherred', 'B'],
    ];
    for (const [key, name, organization, session] of people) {
      const result = await registerParticipants(
        testDeps(store),
        signUp(slug, `${key}@example.no`, { name, organization, session }),
        NOW,
      );
      if (!result.ok || result.booker.registrationId === null) throw new Error('sign-up failed');
      ids[key] = result.booker.registrationId;
      if (result.booker.token) tokens[key] = result.booker.token;
    }
    const who = await organiser(store, { role: 'facilitator' });
    cookie = who.cookie.slice(ADMIN_COOKIE.length + 1);
    app = await startApp(store, { listen: true, now: () => NOW });
    browser = await getBrowser();
    mkdirSync(screenshotDir, { recursive: true });
  });

  after(async () => {
    for (const context of contexts) await context.close().catch(() => {});
    await browser?.close();
    await app?.close();
    await database?.dispose();
  });

  async function phone(): Promise<Page> {
    const context = await browser.newContext({ viewport: PHONE, locale: 'nb-NO', baseURL: app.baseUrl });
    context.setDefaultTimeout(8_000);
    const host = new URL(app.baseUrl).hostname;
    await context.addCookies([{ name: ADMIN_COOKIE, value: cookie, domain: host, path: '/admin' }]);
    contexts.push(context);
    return context.newPage();
  }

  /** Opens the check-in page and waits until the list is kept on the phone. */
  async function openCheckin(p: Page) {
    await p.goto(`/admin/events/${slug}/checkin`);
    await p.locator('.checkin-roster-info', { hasText: 'Listen over' }).waitFor();
  }

  async function checkAxe(p: Page, what: string) {
    const result = await new AxeBuilder({ page: p }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
    const problems = result.violations.map(
      (v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join(', ')})`,
    );
    assert.deepEqual(problems, [], `axe violations on ${what}`);
  }

  async function shoot(p: Page, name: string) {
    await p.screenshot({ path: join(screenshotDir, `checkin-${name}.png`), fullPage: true });
  }

  async function checkedInAt(key: string): Promise<string | null> {
    const row = await database.store.db
      .selectFrom('registrations')
      .select('checked_in_at')
      .where('id', '=', ids[key] as number)
      .executeTakeFirstOrThrow();
    return row.checked_in_at;
  }

  async function until(what: string, check: () => Promise<boolean>, ms = 8_000) {
    const end = Date.now() + ms;
    while (Date.now() < end) {
      if (await check()) return;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    assert.fail(`timed out waiting for: ${what}`);
  }

  test('checks in by search with the keyboard alone, and the page passes axe', async () => {
    const p = await phone();
    await openCheckin(p);
    await checkAxe(p, 'check-in page');
    await shoot(p, 'start-phone');
    let guard = 0;
    await p.keyboard.press('Tab');
    while ((await p.evaluate(() => document.activeElement?.getAttribute('name'))) !== 'q' && guard++ < 40) {
      await p.keyboard.press('Tab');
    }
    await p.keyboard.type('kari');
    await p.keyboard.press('Enter');
    const card = p.locator('.checkin-person', { hasText: 'Kari Nordmann' });
    await card.waitFor();
    // Focus stays in the search field; past the search button comes the person's button.
    await p.keyboard.press('Tab');
    assert.equal(await p.evaluate(() => document.activeElement?.textContent), 'Søk');
    await p.keyboard.press('Tab');
    assert.equal(await p.evaluate(() => document.activeElement?.textContent), 'Sjekk inn Kari Nordmann');
    await p.keyboard.press('Enter');
    await p.locator('#checkin-result', { hasText: 'Kari Nordmann er sjekket inn' }).waitFor();
    await card.getByText('Sjekket inn kl.').waitFor();
    assert.equal(
      await p.evaluate(() => document.activeElement?.textContent),
      'Angre Kari Nordmann',
      'focus stays on the person: undo is one key away',
    );
    await until('the server has the check-in', async () => (await checkedInAt('kari')) !== null);
    await checkAxe(p, 'check-in page with a result');
    await shoot(p, 'search-phone');
    const width = await p.evaluate(() => document.documentElement.scrollWidth);
    assert.ok(width <= PHONE.width, `no sideways scrolling at phone width (${width}px)`);
    const small = await p.evaluate(
      () =>
        [...document.querySelectorAll('.checkin-button')]
          .map((b) => b.getBoundingClientRect())
          .filter((r) => r.width > 0 && (r.height < 44 || r.width < 44)).length,
    );
    assert.equal(small, 0, 'every check-in button is at least 44 px');
  });

  test('checks in from a picture of a QR code, and refuses another event’s ticket', async () => {
    const p = await phone();
    await openCheckin(p);
    const png = await QRCode.toBuffer(ticketQrPayload(TICKET_KEY, eventId, ids.ola as number), { scale: 8 });
    await p.setInputFiles('#checkin-image', { name: 'billett.png', mimeType: 'image/png', buffer: png });
    await p.locator('#checkin-result', { hasText: 'Ola Nordmann er sjekket inn' }).waitFor();
    await until('the server has the scan', async () => (await checkedInAt('ola')) !== null);
    await shoot(p, 'scanned-phone');

    const foreign = await QRCode.toBuffer(ticketQrPayload(TICKET_KEY, otherEventId, ids.siri as number), { scale: 8 });
    await p.setInputFiles('#checkin-image', { name: 'annen.png', mimeType: 'image/png', buffer: foreign });
    await p.locator('#checkin-result', { hasText: 'Koden er ikke en billett til dette arrangementet' }).waitFor();
    assert.equal(await checkedInAt('siri'), null);

    // The same ticket again says when it was first checked in.
    await p.setInputFiles('#checkin-image', { name: 'billett.png', mimeType: 'image/png', buffer: png });
    await p.locator('#checkin-result', { hasText: 'Ola Nordmann var allerede sjekket inn kl. 14.00' }).waitFor();
  });

  test('keeps checking in offline from the list on the phone and sends it all when back online', async () => {
    const p = await phone();
    await openCheckin(p);
    await p.context().setOffline(true);
    await p.locator('#checkin-connection', { hasText: 'Frakoblet' }).waitFor();
    for (const name of ['Siri Sørli', 'Ahmed Ali']) {
      await p.fill('input[name=q]', name.split(' ')[0] as string);
      await p.press('input[name=q]', 'Enter');
      await p
        .locator('.checkin-person', { hasText: name })
        .getByRole('button', { name: `Sjekk inn ${name}` })
        .click();
      await p.locator('#checkin-result', { hasText: `${name} er sjekket inn` }).waitFor();
    }
    await p.locator('#checkin-connection', { hasText: '2 innsjekkinger venter på å bli sendt' }).waitFor();
    await shoot(p, 'offline-phone');
    await checkAxe(p, 'check-in page offline');
    assert.equal(await checkedInAt('siri'), null, 'nothing reached the server while offline');
    // Kari (search test) and Ola (QR test) are in; Siri and Ahmed count on the phone already.
    assert.match(await p.locator('.checkin-total').innerText(), /^4 av 6 har kommet$/);

    await p.context().setOffline(false);
    await p.locator('#checkin-connection', { hasText: 'Tilkoblet.' }).waitFor();
    await until('both offline check-ins reached the server', async () =>
      Boolean((await checkedInAt('siri')) && (await checkedInAt('ahmed'))),
    );
    await until('the queue is empty', async () =>
      p.evaluate(() => !document.getElementById('checkin-connection')?.textContent?.includes('venter')),
    );
    const counts = await getCheckInCounts(database.store.db, eventId);
    assert.equal(counts.attended, 4);
    assert.equal(counts.expected, 6);
    assert.deepEqual(
      counts.sessions.map((s) => [s.session, s.attended, s.expected]),
      [
        ['A', 2, 3],
        ['B', 2, 3],
      ],
    );
    assert.match(await p.locator('.checkin-total').innerText(), /^4 av 6 har kommet$/);
  });

  test('two phones checking in the same person at the same moment give one attendance', async () => {
    const [a, b] = [await phone(), await phone()];
    await Promise.all([openCheckin(a), openCheckin(b)]);
    for (const p of [a, b]) {
      await p.fill('input[name=q]', 'Nils');
      await p.press('input[name=q]', 'Enter');
    }
    const buttons = [a, b].map((p) => p.getByRole('button', { name: 'Sjekk inn Nils Ŋuolga' }));
    await Promise.all(buttons.map((button) => button.click()));
    await until('both phones sent their check-in', async () => {
      const rows = await database.store.db
        .selectFrom('checkins')
        .select('outcome')
        .where('registration_id', '=', ids.nils as number)
        .execute();
      return rows.length === 2;
    });
    const rows = await database.store.db
      .selectFrom('checkins')
      .select('outcome')
      .where('registration_id', '=', ids.nils as number)
      .execute();
    assert.deepEqual(rows.map((r) => r.outcome).sort(), ['already', 'checked_in']);
    const audits = await database.store.db
      .selectFrom('audit_log')
      .select('id')
      .where('action', '=', 'registration.checked_in')
      .where('subject_id', '=', ids.nils as number)
      .execute();
    assert.equal(audits.length, 1);
    assert.equal((await getCheckInCounts(database.store.db, eventId)).attended, 5);
  });

  test('registers a walk-in at the door in well under 30 seconds; the form passes axe', async () => {
    const p = await phone();
    await p.goto(`/admin/events/${slug}/checkin/walk-in`);
    await checkAxe(p, 'walk-in form');
    await shoot(p, 'walk-in-phone');
    const started = Date.now();
    await p.getByLabel('Navn').fill('Vera Vandrer');
    await p.getByLabel('Organisasjon').fill('Nabolaget');
    await p.getByLabel('Innbygger').check();
    await p.getByLabel('B: Sesjon B').check();
    await p.getByRole('button', { name: 'Registrer og sjekk inn' }).click();
    await p.locator('.notice', { hasText: 'Vera Vandrer er registrert og sjekket inn' }).waitFor();
    assert.ok(Date.now() - started < 30_000);
    await shoot(p, 'walk-in-done-phone');
    await checkAxe(p, 'check-in page after walk-in');
  });

  test('the personal page shows the ticket: a QR code that scans back to the code written below it', async () => {
    const p = await phone();
    await p.goto(`/m/${tokens.kari}`);
    const ticket = p.locator('section.ticket');
    await ticket.waitFor();
    assert.match(await ticket.innerText(), /Vis denne QR-koden i døra/);
    const code = await ticket.locator('.ticket-code-value').innerText();
    // The picture, read back by the same decoder the check-in page uses.
    const png = await ticket.locator('svg.ticket-qr').screenshot();
    const check = await phone();
    await openCheckin(check);
    await check.setInputFiles('#checkin-image', { name: 'skjerm.png', mimeType: 'image/png', buffer: png });
    await check.locator('.checkin-person', { hasText: `Billettkode: ${code}` }).waitFor();
    await checkAxe(p, 'personal page with ticket');
    await shoot(p, 'ticket-phone');
  });

  test('works without JavaScript: search, check in and undo as plain forms', async () => {
    const context = await browser.newContext({
      viewport: PHONE,
      locale: 'nb-NO',
      baseURL: app.baseUrl,
      javaScriptEnabled: false,
    });
    contexts.push(context);
    await context.addCookies([
      { name: ADMIN_COOKIE, value: cookie, domain: new URL(app.baseUrl).hostname, path: '/admin' },
    ]);
    const p = await context.newPage();
    await p.goto(`/admin/events/${slug}/checkin`);
    assert.equal(await p.locator('#checkin-scan').isVisible(), false, 'no scanner without the script');
    await p.fill('input[name=q]', 'Mari');
    await p.press('input[name=q]', 'Enter');
    await p.getByRole('button', { name: 'Sjekk inn Mari Mo' }).click();
    await p.locator('.notice', { hasText: 'Mari Mo er sjekket inn kl. 14.00' }).waitFor();
    assert.ok(await checkedInAt('mari'));
    await shoot(p, 'no-js-phone');
    await p.getByRole('button', { name: 'Angre Mari Mo' }).click();
    await p.locator('.notice', { hasText: 'Innsjekkingen av Mari Mo er angret' }).waitFor();
    assert.equal(await checkedInAt('mari'), null);
  });
});
