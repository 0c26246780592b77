// End-to-end in headless Chromium at phone size (375×800): the co-creation meeting place. A
// registrant proposes a challenge on their personal page; the organiser accepts and publishes it;
// the registrant ranks it; the organiser plans the tables; the registrant sees their table.
// axe checks the new pages.
// biome-ignore-all lint/performance/useDomNodeTextContent: Playwright's Locator.innerText() is the rendered text a person sees, which is what these tests check.
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { after, before, describe, test } from 'node:test';
import { AxeBuilder } from '@axe-core/playwright';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { registerParticipants } from '../src/core/registrations/register-participants.ts';
import { ADMIN_COOKIE } from '../src/web/admin/auth.ts';
import { organiser } from './support/admin.ts';
import { startApp, type TestApp } from './support/app.ts';
import { chromiumPath, getBrowser } from './support/browser.ts';
import { createTestDatabase, type TestDatabase } from './support/databases.ts';
import { addEvent, NOW, signUp, smallEvent, testDeps } from './support/fixtures.ts';

const PHONE = { width: 375, height: 800 };

const browserAvailable = Boolean(process.env.SAMSKAP_BROWSER_WS) || existsSync(chromiumPath);
if (!browserAvailable && process.env.CI === 'true') {
  throw new Error(`CI=true but ${chromiumPath} is missing: the end-to-end tests cannot run.`);
}

describe('co-creation tables end-to-end in Chromium at phone size', {
  skip: browserAvailable ? false : `no browser at ${chromiumPath}`,
}, () => {
  let database: TestDatabase;
  let app: TestApp;
  let browser: Browser;
  let cookie: string;
  let slug: string;
  let token: string;
  const contexts: BrowserContext[] = [];

  before(async () => {
    database = await createTestDatabase('sqlite');
    const store = database.store;
    slug = await addEvent(store, smallEvent({ a: 20 }));
    const people: [string, string, string][] = [
      ['kari', 'Kari Nordmann', 'Levanger kommune'],
      ['ola', 'Ola Nordmann', 'Nord universitet'],
      ['siri', 'Siri Sørli', 'Frivilligsentralen'],
      ['ahmed', 'Ahmed Ali', 'Verdal kommune'],
      ['nils', 'Nils Ŋuolga', 'Sámediggi'],
      ['mari', 'Mari Mo', 'Innherred'],
    ];
    const roles = ['citizen', 'researcher', 'municipal_employee', 'politician'];
    for (const [i, [key, name, organization]] of people.entries()) {
      const result = await registerParticipants(
        testDeps(store),
        signUp(slug, `${key}@example.no`, {
          name,
          organization,
          session: 'A',
          role: roles[i % roles.length] ?? 'citizen',
        }),
        NOW,
      );
      if (!result.ok || !result.booker.token) throw new Error('sign-up failed');
      if (key === 'kari') token = result.booker.token;
    }
    const who = await organiser(store);
    cookie = who.cookie.slice(ADMIN_COOKIE.length + 1);
    app = await startApp(store, { listen: true, now: () => NOW });
    browser = await getBrowser();
  });

  after(async () => {
    for (const context of contexts) await context.close().catch(() => {});
    await browser?.close();
    await app?.close();
    await database?.dispose();
  });

  async function phone(admin: boolean): Promise<Page> {
    const context = await browser.newContext({ viewport: PHONE, locale: 'nb-NO', baseURL: app.baseUrl });
    context.setDefaultTimeout(8_000);
    if (admin) {
      const host = new URL(app.baseUrl).hostname;
      await context.addCookies([{ name: ADMIN_COOKIE, value: cookie, domain: host, path: '/admin' }]);
    }
    contexts.push(context);
    return context.newPage();
  }

  async function checkAxe(p: Page, what: string) {
    const result = await new AxeBuilder({ page: p }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
    const problems = result.violations.map(
      (v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join(', ')})`,
    );
    assert.deepEqual(problems, [], `axe violations on ${what}`);
  }

  test('a registrant proposes and ranks a challenge, the organiser accepts and plans, the registrant sees the table', async () => {
    const admin = await phone(true);
    const person = await phone(false);
    const challenges = `/admin/events/${slug}/tables/challenges?session=A`;

    // The organiser opens session A for challenges.
    await admin.goto(`/admin/events/${slug}/tables`);
    await checkAxe(admin, 'tables index');
    await admin.getByRole('link', { name: 'Floker i sesjon A' }).click();
    await admin.getByLabel('Deltakerne kan foreslå floker på sin side').check();
    await admin.getByRole('button', { name: 'Lagre innstillingene' }).click();
    await admin.getByText('Innstillingene er lagret.').waitFor();

    // The registrant proposes a challenge on their page.
    await person.goto(`/m/${token}`);
    await person.getByLabel('Tittel på floken').fill('Ensomhet blant eldre');
    await person.getByLabel('Beskriv floken med noen setninger').fill('Mange eldre sitter alene hjemme.');
    await person.getByLabel('Hvem berøres?').fill('Eldre og pårørende');
    await checkAxe(person, 'personal page with the proposal form');
    await person.getByRole('button', { name: 'Send forslaget' }).click();
    await person.getByText('Takk! Forslaget ditt er sendt til arrangørene.').waitFor();

    // The organiser accepts and publishes it.
    await admin.goto(challenges);
    await admin.getByRole('button', { name: 'Godkjenn «Ensomhet blant eldre»' }).click();
    await admin.getByText('Floken er godkjent.').waitFor();
    await admin.getByLabel('Publiser de godkjente flokene, så deltakerne kan rangere dem').check();
    await admin.getByRole('button', { name: 'Lagre innstillingene' }).click();
    await admin.getByText('Innstillingene er lagret.').waitFor();
    await checkAxe(admin, 'challenges page');

    // The registrant ranks it first.
    await person.goto(`/m/${token}`);
    await person.getByLabel('Førstevalg').selectOption({ label: 'Ensomhet blant eldre' });
    await person.getByRole('button', { name: 'Lagre valgene' }).click();
    await person.getByText('Valgene dine er lagret.').waitFor();

    // The organiser plans two tables, two rounds.
    await admin.goto(`/admin/events/${slug}/tables?session=A`);
    await admin.getByLabel('Jeg velger antall bord').check();
    await admin.getByLabel('Antall bord, eller personer per bord').fill('2');
    await admin.getByLabel('Antall runder').fill('2');
    await admin.getByRole('button', { name: 'Lag bordplan' }).click();
    await admin.getByText('Bordplanen er laget.').waitFor();
    await admin.getByRole('table', { name: /Planens tall/ }).waitFor();
    await checkAxe(admin, 'plan page');
    await admin.goto(`/admin/events/${slug}/tables/projector?session=A`);
    await checkAxe(admin, 'projector view');
    await admin.goto(`/admin/events/${slug}/tables/cards?session=A`);
    await checkAxe(admin, 'table cards');

    // The registrant sees their table in each round.
    await person.goto(`/m/${token}`);
    const box = person.locator('.my-table-box');
    const text = await box.innerText();
    assert.match(text, /Runde 1: bord [12]/);
    assert.match(text, /Runde 2: bord [12]/);
    await checkAxe(person, 'personal page with the table');
  });
});
