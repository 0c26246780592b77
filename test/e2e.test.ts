// End-to-end in headless Chromium: sign up through the form (alone, with a colleague, by keyboard,
// without JavaScript), receive the confirmation over real SMTP, open the personal link, switch
// session, cancel and watch the waiting list move. axe checks every page visited; screenshots of
// the demo event go to test-output/screenshots/ (not committed).
// biome-ignore-all lint/performance/useDomNodeTextContent: Playwright's Locator.innerText() is the rendered text a person sees, which is what these tests check.
import assert from 'node:assert/strict';
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { after, afterEach, before, describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { AxeBuilder } from '@axe-core/playwright';
import type { Browser, BrowserContext, BrowserContextOptions, Page } from 'playwright-core';
import { seedDemo } from '../src/core/demo/seed-demo.ts';
import { type RunningWorker, smtpTransport, startWorker } from '../src/mail/worker.ts';
import { startApp, type TestApp } from './support/app.ts';
import { chromiumPath, getBrowser } from './support/browser.ts';
import { createTestDatabase, type TestDatabase } from './support/databases.ts';
import { addEvent, NOW, smallEvent } from './support/fixtures.ts';
import { type ReceivedMail, startSmtp, type TestSmtp } from './support/smtp.ts';

// Every assert.ok here carries a message: without one, Node re-reads the source to describe the
// failed expression, and on tsx's transformed one-line output that takes minutes.
const screenshotDir = join(fileURLToPath(new URL('..', import.meta.url)), 'test-output', 'screenshots');
const PHONE = { width: 375, height: 800 };
const DESKTOP = { width: 1280, height: 900 };

const browserAvailable = Boolean(process.env.SAMSKAP_BROWSER_WS) || existsSync(chromiumPath);
if (!browserAvailable && process.env.CI === 'true') {
  throw new Error(`CI=true but ${chromiumPath} is missing: the end-to-end tests cannot run.`);
}

describe('end-to-end in Chromium', { skip: browserAvailable ? false : `no browser at ${chromiumPath}` }, () => {
  let database: TestDatabase;
  let smtp: TestSmtp;
  let worker: RunningWorker;
  let app: TestApp;
  let browser: Browser;
  let base: string;
  const contexts: BrowserContext[] = [];
  /** Dialogs opened by any page: none of ours opens one, so one means injected script ran. */
  const dialogs: string[] = [];

  before(async () => {
    database = await createTestDatabase('sqlite');
    // The demo events on the test clock: the upcoming one six weeks after NOW, the 2019 one closed.
    await seedDemo(database.store, NOW);
    smtp = await startSmtp();
    worker = startWorker(database.store, {
      transport: smtpTransport(smtp.url),
      from: 'samskap <noreply@samskap.test>',
      intervalMs: 100,
      // Outbox rows are due from the app's clock (NOW), so the worker runs on the same clock.
      now: () => NOW,
      backoffMs: () => 100,
    });
    app = await startApp(database.store, { listen: true, now: () => NOW, onMailQueued: () => worker.nudge() });
    base = app.baseUrl;
    browser = await getBrowser();
    mkdirSync(screenshotDir, { recursive: true });
  });

  after(async () => {
    for (const context of contexts) await context.close().catch(() => {});
    await browser?.close();
    await worker?.stop();
    await app?.close();
    await smtp?.close();
    await database?.dispose();
  });

  afterEach(() => {
    assert.deepEqual(dialogs.splice(0), [], 'no page opened a dialog');
  });

  /** A fresh browser profile (cookies and all): a person on their own device. */
  async function newPage(options: BrowserContextOptions = {}): Promise<Page> {
    const context = await browser.newContext({ viewport: PHONE, locale: 'nb-NO', baseURL: base, ...options });
    contexts.push(context);
    // Short waits: every step here is local, so a missing element should fail fast, not in 30 s.
    context.setDefaultTimeout(5_000);
    const page = await context.newPage();
    page.on('dialog', (dialog) => {
      dialogs.push(`${page.url()}: ${dialog.message()}`);
      void dialog.dismiss();
    });
    return page;
  }

  async function expectAccessible(page: Page, what: string) {
    const results = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
    const found = results.violations.map(
      (v) =>
        `${v.id} (${v.impact}): ${v.help}\n    ${v.nodes.map((n) => `${n.target.join(' ')} – ${n.failureSummary?.replace(/\n/g, ' ')}`).join('\n    ')}`,
    );
    assert.deepEqual(found, [], `axe found problems on ${what} (${page.url()}):\n  ${found.join('\n  ')}`);
    // axe no longer checks that ids are unique (WCAG 2.2 dropped 4.1.1), but labels,
    // descriptions and error links all point at ids.
    const duplicateIds = await page.evaluate(() => {
      const seen = new Map<string, number>();
      for (const el of document.querySelectorAll('[id]')) seen.set(el.id, (seen.get(el.id) ?? 0) + 1);
      return [...seen].filter(([, n]) => n > 1).map(([id]) => id);
    });
    assert.deepEqual(duplicateIds, [], `duplicate ids on ${what}`);
  }

  async function mailFor(to: string, subjectStart: string): Promise<ReceivedMail> {
    const matches = (m: ReceivedMail) =>
      m.to.toLowerCase().includes(to.toLowerCase()) && m.subject.startsWith(subjectStart);
    const mails = await smtp.waitFor((all) => all.some(matches));
    return mails.find(matches) as ReceivedMail;
  }

  function personalLinks(mail: ReceivedMail): string[] {
    const escaped = base.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    return [...mail.text.matchAll(new RegExp(`${escaped}/m/[A-Za-z0-9_-]+(?:\\?p=\\d+)?`, 'g'))].map((m) => m[0]);
  }

  interface Person {
    name: string;
    email: string;
    role: string;
    /** The session radio's accessible name, or a part of it. */
    session: string | RegExp;
  }

  /** Fills "Om deg" and the consent box, the way a person does with a mouse. */
  async function fillAboutYou(page: Page, person: Person) {
    const you = page.getByRole('group', { name: 'Om deg' });
    await you.getByLabel('Fullt navn').fill(person.name);
    await you.getByLabel('E-postadresse').fill(person.email);
    await you.getByRole('radio', { name: person.role, exact: true }).check();
    await you.getByRole('radio', { name: person.session }).check();
    await page.getByRole('checkbox', { name: /har lest personvernerklæringen/ }).check();
  }

  async function signUp(page: Page, slug: string, person: Person) {
    await page.goto(`/e/${slug}/register`);
    await fillAboutYou(page, person);
    await page.getByRole('button', { name: 'Send påmelding' }).click();
    await page.waitForURL(/\/m\/[A-Za-z0-9_-]+\?ok=welcome$/);
  }

  async function statusText(page: Page): Promise<string> {
    return (await page.locator('.status-box').innerText()).replace(/\s+/g, ' ');
  }

  test('signs up alone, gets the confirmation with a calendar file over SMTP, and the mailed link opens the registration', async () => {
    const slug = await addEvent(database.store, smallEvent());
    const page = await newPage();

    await page.goto('/');
    await expectAccessible(page, 'the front page');

    await page.goto(`/e/${slug}`);
    await expectAccessible(page, 'the event page');
    await page.getByRole('link', { name: 'Meld deg på' }).click();
    await page.waitForURL(`${base}/e/${slug}/register`);
    await expectAccessible(page, 'the empty sign-up form');

    await fillAboutYou(page, {
      name: 'Kari Alene',
      email: 'kari.alene@example.no',
      role: 'Kommuneansatt',
      session: 'A: Sesjon A',
    });
    await page
      .getByRole('group', { name: 'Om deg' })
      .getByLabel('Organisasjon eller arbeidsgiver')
      .fill('Levanger kommune');
    await page.getByRole('button', { name: 'Send påmelding' }).click();
    await page.waitForURL(/\/m\/[A-Za-z0-9_-]+\?ok=welcome$/);
    assert.equal(
      await page.getByRole('status').innerText(),
      'Takk! Påmeldingen er registrert. Vi har sendt en bekreftelse på e-post.',
    );
    assert.match(await statusText(page), /Status: Påmeldt Du har plass\./);
    await expectAccessible(page, 'the personal page');
    const token = new URL(page.url()).pathname.split('/')[2];

    const mail = await mailFor('kari.alene@example.no', 'Påmeldt:');
    assert.equal(mail.subject, 'Påmeldt: Testseminar om samskaping');
    assert.match(mail.text, /^Hei, Kari Alene!/);
    assert.match(mail.text, /Etter lunsj: A: Sesjon A/);
    const ics = mail.attachments.find((a) => a.contentType.startsWith('text/calendar'));
    assert.ok(ics, `a text/calendar attachment, got ${mail.attachments.map((a) => a.contentType).join(', ')}`);
    assert.match(ics.filename, /\.ics$/);
    assert.match(ics.content, /BEGIN:VCALENDAR/);
    assert.match(ics.content, /TZID=Europe\/Oslo/);
    const links = personalLinks(mail);
    assert.deepEqual(links, [`${base}/m/${token}`]);
    assert.ok(mail.html.includes(`href="${base}/m/${token}"`), 'the HTML part links to the personal page too');

    // Opened from the mail client: another browser profile, no cookies.
    const fromMail = await newPage();
    const response = await fromMail.goto(links[0] as string);
    assert.equal(response?.status(), 200);
    assert.equal(await fromMail.getByRole('heading', { level: 1 }).innerText(), 'Din påmelding');
    assert.match(await statusText(fromMail), /Du har plass\./);
    const details = (await fromMail.locator('dl.details').innerText()).replace(/\s+/g, ' ');
    assert.match(details, /Fullt navn Kari Alene/);
    assert.match(details, /Organisasjon eller arbeidsgiver Levanger kommune/);
    assert.match(details, /Jeg kommer som Kommuneansatt/);
  });

  test('signs up with a colleague without an e-mail address; the booker’s mail lists the colleague', async () => {
    const slug = await addEvent(database.store, smallEvent());
    const page = await newPage();
    await page.goto(`/e/${slug}/register`);
    await fillAboutYou(page, {
      name: 'Berit Booker',
      email: 'berit@example.no',
      role: 'Forsker',
      session: 'A: Sesjon A',
    });

    // A submit button: the server re-renders the form with one more person and keeps what was typed.
    await page.getByRole('button', { name: 'Legg til en person' }).click();
    const colleague = page.getByRole('group', { name: 'Person 2' });
    await colleague.waitFor();
    assert.equal(
      await page.getByRole('group', { name: 'Om deg' }).getByLabel('Fullt navn').inputValue(),
      'Berit Booker',
    );
    assert.equal(
      await page.getByRole('group', { name: 'Om deg' }).getByLabel('E-postadresse').inputValue(),
      'berit@example.no',
    );
    assert.equal(await page.getByRole('radio', { name: 'Forsker', exact: true }).isChecked(), true);
    await expectAccessible(page, 'the sign-up form with a second person');

    await colleague.getByLabel('Fullt navn').fill('Kollega Uten Epost');
    await colleague.getByLabel('Jeg kommer som').selectOption('politician');
    await colleague.getByLabel('Hva vil du delta på etter lunsj?').selectOption('B');
    await page.getByRole('checkbox', { name: /har lest personvernerklæringen/ }).check();
    await page.getByRole('button', { name: 'Send påmelding' }).click();
    await page.waitForURL(/\/m\/[A-Za-z0-9_-]+\?ok=welcome$/);

    const companions = page.getByRole('region', { name: 'Personer du har meldt på' });
    assert.match(await companions.innerText(), /Se og endre påmeldingen til Kollega Uten Epost\s*– Påmeldt/);
    await expectAccessible(page, 'the personal page with a companion');

    const mail = await mailFor('berit@example.no', 'Påmeldt:');
    assert.match(
      mail.text,
      /Du meldte også på:\n- Kollega Uten Epost – påmeldt, B: Sesjon B\n {2}Endre eller meld av: http:\/\/\S+\/m\/\S+\?p=\d+/,
    );
    const companionLink = personalLinks(mail).find((l) => l.includes('?p='));
    assert.ok(companionLink, 'the booker’s mail has a link for the colleague');

    await page.goto(companionLink);
    assert.equal(await page.getByRole('heading', { level: 1 }).innerText(), 'Påmelding for Kollega Uten Epost');
    assert.match(await statusText(page), /Kollega Uten Epost har plass\./);
    assert.equal(await page.getByRole('link', { name: 'Tilbake til din egen påmelding' }).count(), 1);
    await expectAccessible(page, 'the page of a person signed up by someone else');
    // Only the booker was mailed: the colleague has no address.
    assert.equal(smtp.received.filter((m) => m.text.includes('Kollega Uten Epost')).length, 1);
  });

  test('switches session, then a cancellation gives the waitlisted person the seat and a mail', async () => {
    const slug = await addEvent(database.store, smallEvent({ a: 1, b: 10 }));

    // First person signs up for B, then switches to A, the session with one seat.
    const first = await newPage();
    await signUp(first, slug, {
      name: 'Første Person',
      email: 'forste@example.no',
      role: 'Innbygger',
      session: 'B: Sesjon B',
    });
    const firstUrl = first.url().split('?')[0] as string;
    const switcher = first.getByRole('region', { name: 'Bytt sesjon' });
    await switcher.getByRole('radio', { name: 'A: Sesjon A' }).check();
    await switcher.getByRole('button', { name: 'Bytt sesjon' }).click();
    await first.waitForURL(/\?ok=session$/);
    assert.equal(await first.getByRole('status').innerText(), 'Du har byttet sesjon.');
    assert.match((await first.locator('dl.details').innerText()).replace(/\s+/g, ' '), /Etter lunsj A: Sesjon A/);
    const changed = await mailFor('forste@example.no', 'Endret påmelding:');
    assert.match(changed.text, /Du er nå påmeldt: A: Sesjon A\./);

    // Second person wants A too and lands on its waiting list.
    const second = await newPage();
    await signUp(second, slug, {
      name: 'Andre Person',
      email: 'andre@example.no',
      role: 'Frivillig',
      session: 'A: Sesjon A',
    });
    const secondUrl = second.url().split('?')[0] as string;
    assert.match(
      await statusText(second),
      /Status: På venteliste Du står som nummer 1 på ventelisten til A: Sesjon A\./,
    );
    await expectAccessible(second, 'the personal page of a waitlisted person');
    await mailFor('andre@example.no', 'Venteliste:');

    const eventPage = await newPage({ viewport: DESKTOP });
    await eventPage.goto(`/e/${slug}`);
    assert.match(
      await eventPage.locator('#session-A .seats').innerText(),
      /Fullt – nye påmeldte settes på venteliste\. 1 står på venteliste\./,
    );

    // The first person cancels through the confirmation page.
    await first.goto(firstUrl);
    await first.getByRole('link', { name: 'Meld meg av' }).click();
    await first.waitForURL(`${firstUrl}/cancel`);
    assert.equal(await first.getByRole('heading', { level: 1 }).innerText(), 'Vil du melde deg av?');
    await expectAccessible(first, 'the cancel confirmation page');
    await first.getByRole('button', { name: 'Ja, meld meg av' }).click();
    await first.waitForURL(/\?ok=cancelled$/);
    assert.equal(await first.getByRole('status').innerText(), 'Du er meldt av. Takk for beskjed!');
    assert.match(await statusText(first), /Status: Avmeldt/);
    await expectAccessible(first, 'the personal page after cancelling');
    await mailFor('forste@example.no', 'Avmeldt:');

    // The waiting list moved: the second person has the seat, on the page and by mail.
    await second.goto(secondUrl);
    assert.match(await statusText(second), /Status: Påmeldt Du har plass\./);
    const promoted = await mailFor('andre@example.no', 'Du har fått plass');
    assert.match(
      promoted.text,
      /Det er blitt ledig plass, og du er nå påmeldt Testseminar om samskaping \(A: Sesjon A\)\./,
    );
    const [promotedLink] = personalLinks(promoted);
    assert.ok(promotedLink, 'the “you got a seat” mail has the personal link');
    const fromMail = await newPage();
    await fromMail.goto(promotedLink);
    assert.equal(await fromMail.locator('dl.details dd').filter({ hasText: 'Andre Person' }).count(), 1);
    assert.match(await statusText(fromMail), /Status: Påmeldt Du har plass\./);

    await eventPage.reload();
    assert.match(
      await eventPage.locator('#session-A .seats').innerText(),
      /^Plasser: Fullt – nye påmeldte settes på venteliste$/,
    );
  });

  test('an empty form shows an error summary with links, and marks and describes each field; typed input is kept', async () => {
    const slug = await addEvent(database.store, smallEvent());
    const page = await newPage();
    await page.goto(`/e/${slug}/register`);
    await page.getByRole('button', { name: 'Send påmelding' }).click();
    await page.waitForLoadState();

    assert.match(await page.title(), /^Skjemaet har feil som må rettes: /);
    const summary = page.getByRole('alert');
    assert.equal(await summary.getByRole('heading').innerText(), 'Skjemaet har feil som må rettes');
    // The summary comes before the form, right under the page heading.
    assert.equal(await page.locator('main > h1 + .error-summary').count(), 1);
    const links = await summary
      .getByRole('link')
      .evaluateAll((as) => as.map((a) => [a.getAttribute('href'), a.textContent]));
    assert.deepEqual(links, [
      ['#f-name', 'Skriv inn navnet ditt.'],
      ['#f-email', 'Skriv inn e-postadressen din.'],
      ['#f-role', 'Velg hvilken rolle du kommer i.'],
      ['#f-session', 'Velg hva du vil delta på etter lunsj.'],
      ['#f-consent', 'Du må bekrefte at du har lest personvernerklæringen.'],
    ]);
    await expectAccessible(page, 'the sign-up form with errors');

    // Each field is marked invalid and described by the error text beside it.
    for (const [href, message] of links as [string, string][]) {
      const field = page.locator(href as string);
      assert.equal(await field.getAttribute('aria-invalid'), 'true', `${href} is aria-invalid`);
      const described = await page.evaluate((id) => {
        const el = document.getElementById(id) as HTMLElement;
        // A radio group is described through its fieldset.
        const holder = el.getAttribute('type') === 'radio' ? (el.closest('fieldset') as HTMLElement) : el;
        return (holder.getAttribute('aria-describedby') ?? '')
          .split(/\s+/)
          .map((ref) => document.getElementById(ref)?.textContent ?? `(missing #${ref})`)
          .join(' | ');
      }, href.slice(1));
      assert.ok(described.includes(`Feil: ${message}`), `${href} is described by its error, got "${described}"`);
    }

    // Each session radio keeps its own description (time, seats), not the group's hint.
    const sessionA = page.getByRole('radio', { name: 'A: Sesjon A' });
    const descriptionA = await sessionA.evaluate(
      (el) => document.getElementById(el.getAttribute('aria-describedby') ?? '')?.textContent,
    );
    assert.match(descriptionA ?? '', /^13\.00–15\.30 · Fasilitator: Fasilitator A · 20 ledige plasser$/);

    // A summary link takes the focus to its field.
    await summary.getByRole('link', { name: 'Skriv inn e-postadressen din.' }).click();
    assert.equal(await page.evaluate(() => document.activeElement?.id), 'f-email');

    // Typed input survives a second failed round; only what is still wrong is reported.
    const you = page.getByRole('group', { name: 'Om deg' });
    await you.getByLabel('Fullt navn').fill('Halvor Halvferdig');
    await you.getByLabel('E-postadresse').fill('ikke-en-adresse');
    await you.getByRole('radio', { name: 'Politiker', exact: true }).check();
    await you.getByLabel(/Behov for tilrettelegging/).fill('Teleslynge');
    await page.getByRole('button', { name: 'Send påmelding' }).click();
    await page.waitForLoadState();
    assert.equal(await you.getByLabel('Fullt navn').inputValue(), 'Halvor Halvferdig');
    assert.equal(await you.getByLabel('E-postadresse').inputValue(), 'ikke-en-adresse');
    assert.equal(await you.getByRole('radio', { name: 'Politiker', exact: true }).isChecked(), true);
    assert.equal(await you.getByLabel(/Behov for tilrettelegging/).inputValue(), 'Teleslynge');
    const remaining = await page.getByRole('alert').getByRole('link').allInnerTexts();
    assert.deepEqual(remaining, [
      'Skriv inn en gyldig e-postadresse, for eksempel navn@kommune.no.',
      'Velg hva du vil delta på etter lunsj.',
      'Kryss av for samtykke når du har skrevet noe om behov, eller tøm feltet.',
      'Du må bekrefte at du har lest personvernerklæringen.',
    ]);
    assert.equal(await you.getByLabel('Fullt navn').getAttribute('aria-invalid'), null);
    await expectAccessible(page, 'the sign-up form with some errors left');
  });

  test('signs up with the keyboard alone; Enter in a text field sends the form', async () => {
    const slug = await addEvent(database.store, smallEvent());
    const page = await newPage();
    await page.goto(`/e/${slug}/register`);
    const focused = () =>
      page.evaluate(() => {
        const el = document.activeElement as HTMLInputElement | null;
        return el ? `${el.tagName.toLowerCase()}#${el.id}${el.type === 'radio' ? `=${el.value}` : ''}` : '';
      });
    /** Presses Tab (or Shift+Tab) until the focus is on `target`, as a keyboard user would. */
    async function tabTo(target: string, key = 'Tab') {
      for (let i = 0; i < 40; i++) {
        if ((await focused()) === target) return;
        await page.keyboard.press(key);
      }
      assert.fail(`could not reach ${target} with ${key}; focus is on ${await focused()}`);
    }

    // The first stop is the skip link, and it moves the focus to the main content.
    await page.keyboard.press('Tab');
    assert.equal(await page.evaluate(() => document.activeElement?.textContent), 'Hopp til hovedinnholdet');
    await page.keyboard.press('Enter');
    assert.equal(await page.evaluate(() => document.activeElement?.id), 'main');

    await tabTo('input#f-name');
    await page.keyboard.type('Tastatur Bruker');
    await page.keyboard.press('Tab');
    assert.equal(await focused(), 'input#f-email');
    await page.keyboard.type('tastatur@example.no');
    // Into the role group: the first radio gets the focus, arrows move and select.
    await tabTo('input#f-role=politician');
    await page.keyboard.press('ArrowDown');
    assert.equal(await focused(), 'input#f-role-researcher=researcher');
    await page.keyboard.press('Space');
    await tabTo('input#f-session=A');
    await page.keyboard.press('Space');
    await tabTo('input#f-consent');
    await page.keyboard.press('Space');
    // The focus is visible where it is.
    assert.notEqual(
      await page.evaluate(() => getComputedStyle(document.activeElement as Element).outlineStyle),
      'none',
    );

    // Back up to a text field and press Enter there: that sends the form (not "add a person").
    await tabTo('input#f-organization', 'Shift+Tab');
    await page.keyboard.type('Tastaturkommunen');
    await page.keyboard.press('Enter');
    await page.waitForURL(/\/m\/[A-Za-z0-9_-]+\?ok=welcome$/);
    assert.match(await statusText(page), /Du har plass\./);
    const details = (await page.locator('dl.details').innerText()).replace(/\s+/g, ' ');
    assert.match(details, /Fullt navn Tastatur Bruker/);
    assert.match(details, /Organisasjon eller arbeidsgiver Tastaturkommunen/);
    assert.match(details, /Jeg kommer som Forsker/);
    assert.match(details, /Etter lunsj A: Sesjon A/);
    assert.equal(await page.getByRole('region', { name: 'Personer du har meldt på' }).count(), 0);
    await mailFor('tastatur@example.no', 'Påmeldt:');
  });

  test('signs up, adds and removes a person, without JavaScript', async () => {
    const slug = await addEvent(database.store, smallEvent());
    const page = await newPage({ javaScriptEnabled: false });
    await page.goto(`/e/${slug}`);
    await page.getByRole('link', { name: 'Meld deg på' }).click();
    await fillAboutYou(page, {
      name: 'Uten Skript',
      email: 'uten.skript@example.no',
      role: 'Næringslivsaktør',
      session: 'Bare fellesdelen før lunsj',
    });
    await page.getByRole('button', { name: 'Legg til en person' }).click();
    await page.getByRole('group', { name: 'Person 2' }).getByLabel('Fullt navn').fill('Skal Fjernes');
    await page.getByRole('button', { name: 'Fjern person 2' }).click();
    assert.equal(await page.getByRole('group', { name: 'Person 2' }).count(), 0);
    assert.equal(
      await page.getByRole('group', { name: 'Om deg' }).getByLabel('Fullt navn').inputValue(),
      'Uten Skript',
    );
    await page.getByRole('checkbox', { name: /har lest personvernerklæringen/ }).check();
    await page.getByRole('button', { name: 'Send påmelding' }).click();
    await page.waitForURL(/\/m\/[A-Za-z0-9_-]+\?ok=welcome$/);
    assert.match(await statusText(page), /Du har plass\./);
    assert.match(
      (await page.locator('dl.details').innerText()).replace(/\s+/g, ' '),
      /Etter lunsj Ingen sesjon – bare fellesdelen før lunsj/,
    );
    const mail = await mailFor('uten.skript@example.no', 'Påmeldt:');
    assert.ok(!mail.text.includes('Skal Fjernes'), 'the removed person is not in the mail');
  });

  test('shows HTML typed into the name as text, on the page and in the mail', async () => {
    const slug = await addEvent(database.store, smallEvent());
    const page = await newPage();
    const name = '<img src=x onerror=alert(1)><script>alert(2)</script>';
    await signUp(page, slug, { name, email: 'xss@example.no', role: 'Innbygger', session: 'B: Sesjon B' });
    await page.reload(); // once more after the redirect, as the mail link would open it
    const dd = page.locator('dl.details dd').filter({ hasText: 'onerror' });
    assert.equal(await dd.innerText(), name);
    assert.equal(await page.getByRole('group', { name: 'Om deg' }).count(), 0);
    assert.equal(await page.locator('main img, main script').count(), 0);
    assert.equal(await page.getByRole('textbox', { name: 'Fullt navn' }).inputValue(), name);

    const mail = await mailFor('xss@example.no', 'Påmeldt:');
    assert.match(mail.text, /^Hei, <img src=x onerror=alert\(1\)><script>alert\(2\)<\/script>!/);
    // The HTML part, opened as a mail program would show it: the name is text there too.
    const mailView = await newPage();
    await mailView.setContent(mail.html);
    assert.equal(await mailView.locator('body > p').first().innerText(), `Hei, ${name}!`);
    // The one image a confirmation has is the ticket's QR code, attached by Content-ID (which
    // the test's mail parser turns into a data: URL).
    assert.equal(await mailView.locator('img:not([src^="data:image/png;base64,"]), script').count(), 0);
    assert.equal(await mailView.locator('img').count(), 1);
  });

  test('the other public pages pass axe: send-me-my-link, closed registration, not found, privacy', async () => {
    const slug = await addEvent(database.store, smallEvent());
    const page = await newPage();
    await signUp(page, slug, {
      name: 'Glemsk Person',
      email: 'glemsk@example.no',
      role: 'Innbygger',
      session: 'A: Sesjon A',
    });

    await page.goto(`/e/${slug}`);
    await page.getByRole('link', { name: /Allerede påmeldt\?/ }).click();
    await page.waitForURL(`${base}/e/${slug}/link`);
    await expectAccessible(page, 'the send-me-my-link page');
    await page.getByRole('button', { name: 'Send meg lenken' }).click();
    await page.waitForLoadState();
    assert.equal(await page.locator('#f-email').getAttribute('aria-invalid'), 'true');
    await expectAccessible(page, 'the send-me-my-link page with an error');
    await page.getByLabel('E-postadresse').fill('GLEMSK@example.no');
    await page.getByRole('button', { name: 'Send meg lenken' }).click();
    await page.getByRole('heading', { name: 'Sjekk e-posten din' }).waitFor();
    await expectAccessible(page, 'the link-sent page');
    const linkMail = await mailFor('glemsk@example.no', 'Lenken til påmeldingen din:');
    const [fresh] = personalLinks(linkMail);
    assert.ok(fresh, 'the link mail has the personal link');
    await page.goto(fresh);
    assert.match(await statusText(page), /Du har plass\./);

    const closed = await page.goto('/e/samskaping-levanger-2019/register');
    assert.equal(closed?.status(), 200);
    assert.equal(await page.getByRole('heading', { level: 1 }).innerText(), 'Påmeldingen er stengt');
    await expectAccessible(page, 'the closed-registration page');
    await page.goto('/e/samskaping-levanger-2019');
    assert.equal(await page.locator('.register-box .notice').innerText(), 'Påmeldingen er stengt.');
    await expectAccessible(page, 'the page of a past event');

    const missing = await page.goto('/finnes-ikke');
    assert.equal(missing?.status(), 404);
    assert.equal(await page.getByRole('heading', { level: 1 }).innerText(), 'Fant ikke siden');
    await expectAccessible(page, 'the 404 page');
    const badLink = await page.goto('/m/ikke-en-gyldig-lenke');
    assert.equal(badLink?.status(), 404);
    assert.equal(await page.getByRole('heading', { level: 1 }).innerText(), 'Lenken er ugyldig eller utløpt');
    await expectAccessible(page, 'the invalid-link page');

    await page.goto('/personvern');
    assert.equal(await page.getByRole('heading', { level: 1 }).innerText(), 'Personvern');
    await expectAccessible(page, 'the privacy page');
  });

  test('the demo event page passes axe, and screenshots are saved at phone and desktop widths', async () => {
    const desktop = await newPage({ viewport: DESKTOP });
    await desktop.goto('/e/samskaping-levanger');
    assert.equal(
      await desktop.getByRole('heading', { level: 1 }).innerText(),
      'Samskaping av fellesskapsverdier i kommunen',
    );
    await expectAccessible(desktop, 'the demo event page');
    await desktop.screenshot({ path: join(screenshotDir, 'event-desktop.png'), fullPage: true });

    const phone = await newPage({ viewport: PHONE });
    await phone.goto('/e/samskaping-levanger');
    await phone.screenshot({ path: join(screenshotDir, 'event-phone.png'), fullPage: true });
    // Nothing sticks out sideways on a phone.
    const overflow = await phone.evaluate(
      () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
    );
    assert.equal(overflow, 0, 'the event page scrolls sideways at 375 px');

    await phone.getByRole('link', { name: 'Meld deg på' }).click();
    await phone.waitForURL(`${base}/e/samskaping-levanger/register`);
    await expectAccessible(phone, 'the demo sign-up form');
    await phone.screenshot({ path: join(screenshotDir, 'register-phone.png'), fullPage: true });
    await phone.getByRole('button', { name: 'Send påmelding' }).click();
    await phone.waitForLoadState();
    await phone.screenshot({ path: join(screenshotDir, 'register-errors-phone.png'), fullPage: true });
    // With its error above it, the consent box still has its label beside it, at full width.
    const box = await phone.locator('#f-consent').boundingBox();
    const label = await phone.locator('label[for="f-consent"]').boundingBox();
    assert.ok(
      box && label && label.x > box.x + box.width && label.width > 200,
      `consent label beside its box: ${JSON.stringify({ box, label })}`,
    );
    await phone.getByRole('button', { name: 'Legg til en person' }).click();
    await phone.getByRole('group', { name: 'Person 2' }).waitFor();
    await phone.screenshot({ path: join(screenshotDir, 'register-person-phone.png'), fullPage: true });
    await fillAboutYou(phone, {
      name: 'Skjermbilde Skjermbildesen',
      email: 'skjermbilde@example.no',
      role: 'Kommuneansatt',
      session: /^2A: /,
    });
    await phone.getByRole('button', { name: 'Send påmelding' }).click();
    await phone.waitForURL(/\/m\/[A-Za-z0-9_-]+\?ok=welcome$/);
    await expectAccessible(phone, 'the demo personal page');
    await phone.screenshot({ path: join(screenshotDir, 'my-phone.png'), fullPage: true });
    for (const page of [phone]) {
      const sideways = await page.evaluate(
        () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
      );
      assert.equal(sideways, 0, `${page.url()} scrolls sideways at 375 px`);
    }
  });
});
