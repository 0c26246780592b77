// End-to-end in headless Chromium: the plenary dialogue live. Several browser contexts are phones
// and one is the projector (opened with a display link, no login); posts, votes and moderation
// appear on the projector and on the other phones without a reload (Server-Sent Events). Then the
// same on PostgreSQL with two real app processes: phones on process 1, the projector on process
// 2, so every change travels through LISTEN/NOTIFY.
// biome-ignore-all lint/performance/useDomNodeTextContent: Playwright's Locator.innerText() is the rendered text a person sees, which is what these tests check.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Browser, BrowserContext } from 'playwright-core';
import { createDisplayLink } from '../src/core/display-links/create-display-link.ts';
import { createQuestionRoom, setQuestionRoomOpen } from '../src/core/questions/save-question-room.ts';
import type { Store } from '../src/db/connect.ts';
import { ADMIN_COOKIE } from '../src/web/admin/auth.ts';
import { organiser } from './support/admin.ts';
import { startApp, type TestApp } from './support/app.ts';
import { getBrowser } from './support/browser.ts';
import { createTestDatabase, type TestDatabase } from './support/databases.ts';
import { addEvent, NOW, smallEvent } from './support/fixtures.ts';
import {
  checkAxe,
  closeBrowser,
  liveOpen,
  markLoaded,
  needsBrowser,
  needsBrowserAndPostgres,
  PHONE,
  pageOpener,
  stillSamePage,
  twoProcessesOnPostgres,
} from './support/live.ts';

const SCREEN = { width: 1280, height: 800 };

/** A room (open) and a display link for an event, made directly in the database. */
async function prepareRoom(store: Store, slug: string, moderation: 'pre' | 'post') {
  const deps = { db: store.db, adapter: store.adapter };
  const event = await store.db.selectFrom('events').select('id').where('slug', '=', slug).executeTakeFirstOrThrow();
  const room = await createQuestionRoom(
    deps,
    {
      eventId: event.id,
      settings: { programmeItemId: null, title: 'Dialog i plenum', identityMode: 'choice', moderation },
      userId: null,
      actor: 'test',
    },
    NOW,
  );
  assert.ok(room.ok);
  await setQuestionRoomOpen(deps, { eventId: event.id, roomId: room.id, open: true, actor: 'test' }, NOW);
  const link = await createDisplayLink(deps, { eventId: event.id, label: 'Salen', userId: null, actor: 'test' }, NOW);
  assert.ok(link.ok);
  return { roomId: room.id, code: room.code, token: link.token };
}

describe('plenary questions live in Chromium', { skip: needsBrowser }, () => {
  let database: TestDatabase;
  let app: TestApp;
  let browser: Browser;
  let adminCookie: string;
  let slug: string;
  const contexts: BrowserContext[] = [];

  before(async () => {
    database = await createTestDatabase('sqlite');
    slug = await addEvent(database.store, smallEvent());
    const who = await organiser(database.store);
    adminCookie = who.cookie.slice(ADMIN_COOKIE.length + 1);
    app = await startApp(database.store, { listen: true });
    browser = await getBrowser();
  });

  after(async () => {
    await closeBrowser(browser, contexts);
    await app?.close();
    await database?.dispose();
  });

  const open = pageOpener(contexts, () => ({ browser, baseUrl: app.baseUrl, adminCookie }));

  test('posts and votes from phones appear live on the projector and the other phones; moderation too', async () => {
    // The organiser makes the room and a display link in the back office.
    const admin = await open({ admin: true, viewport: SCREEN });
    await admin.goto(`/admin/events/${slug}/questions`);
    await admin.getByLabel('Tittel').fill('Dialog i plenum');
    await admin.getByLabel('Ordstyreren godkjenner innleggene før de vises').check();
    await admin.getByRole('button', { name: 'Opprett rommet' }).click();
    await admin.getByText('Rommet er opprettet.').waitFor();
    await admin.getByRole('button', { name: 'Åpne rommet' }).click();
    await admin.getByText('Rommet er åpent. Deltakerne kan skrive og stemme.').waitFor();
    await checkAxe(admin, 'moderation page');
    const phoneUrl = await admin.getByRole('link', { name: /\/q\/[a-z0-9]{5}$/ }).getAttribute('href');
    assert.ok(phoneUrl);
    await admin.goto(`/admin/events/${slug}/questions`);
    await admin.getByLabel('Navn på lenken').fill('Prosjektor i salen');
    await admin.getByRole('button', { name: 'Lag en visningslenke' }).click();
    const displayUrl = await admin.locator('a.display-new-link').innerText();
    await checkAxe(admin, 'question rooms page');

    // The projector: no login, through the display link.
    const screen = await open({ viewport: SCREEN });
    await screen.goto(displayUrl);
    await screen.getByRole('link', { name: 'Dialog i plenum' }).click();
    await liveOpen(screen);
    assert.match(await screen.locator('.p-url').innerText(), new RegExp(`${phoneUrl}$`));
    assert.equal(await screen.locator('.p-qr svg').count(), 1);
    await markLoaded(screen);

    // Three phones.
    const [kari, ola, siri] = [await open(), await open(), await open()];
    for (const p of [kari, ola, siri]) {
      await p.goto(phoneUrl);
      await liveOpen(p);
      await markLoaded(p);
    }
    await checkAxe(kari, 'phone page');

    // Kari asks; it waits for approval, then shows everywhere.
    await kari.getByLabel('Spørsmålet eller refleksjonen din').fill('Hvordan blir innbyggerne hørt?');
    await kari.getByLabel('Navn').fill('Kari');
    await kari.getByRole('button', { name: 'Send' }).click();
    await kari.getByText('vises når ordstyreren har godkjent det').waitFor();
    await liveOpen(kari);
    await markLoaded(kari);
    const moderation = await open({ admin: true, viewport: SCREEN });
    await moderation.goto(`/admin/events/${slug}/questions`);
    await moderation.getByRole('link', { name: 'Styr «Dialog i plenum»' }).click();
    await liveOpen(moderation);
    await moderation.getByRole('button', { name: 'Godkjenn: «Hvordan blir innbyggerne hørt?»' }).click();
    await screen.locator('.p-body', { hasText: 'Hvordan blir innbyggerne hørt?' }).waitFor();
    await ola.locator('.q-body', { hasText: 'Hvordan blir innbyggerne hørt?' }).waitFor();
    await siri.locator('.q-body', { hasText: 'Hvordan blir innbyggerne hørt?' }).waitFor();

    // A second question, approved from the live list (no reload of the moderation page).
    await markLoaded(moderation);
    await siri.getByLabel('Spørsmålet eller refleksjonen din').fill('Hvem betaler?');
    await siri.getByRole('button', { name: 'Send' }).click();
    await moderation.getByRole('button', { name: 'Godkjenn: «Hvem betaler?»' }).waitFor();
    assert.ok(await stillSamePage(moderation), 'the new post came into the open moderation page');
    await moderation.getByRole('button', { name: 'Godkjenn: «Hvem betaler?»' }).click();
    await screen.locator('.p-body', { hasText: 'Hvem betaler?' }).waitFor();

    // Ola and Siri vote for "Hvem betaler?": it moves to the top of the projector, live.
    await ola.goto(phoneUrl);
    await ola.getByRole('button', { name: 'Stem på «Hvem betaler?»' }).click();
    await ola.getByText('Stemmen din er telt.').waitFor();
    await screen.locator('#p-live .p-item').first().filter({ hasText: 'Hvem betaler?' }).waitFor();
    await screen.locator('.p-item', { hasText: 'Hvem betaler?' }).locator('.p-count', { hasText: '1' }).waitFor();
    await kari.locator('.q-item', { hasText: 'Hvem betaler?' }).getByText('1 stemme').waitFor();
    assert.ok(await stillSamePage(kari), "Kari's phone updated in place");

    // Voting twice is a no-op with a message.
    await ola.goto(phoneUrl);
    // Waited for, not read at once: the first live update replaces the list with the shared
    // fragment and the phone's script puts the person's own marks back a moment later.
    await ola.locator('.q-item', { hasText: 'Hvem betaler?' }).getByText('Du har stemt').waitFor();
    await siri.getByRole('button', { name: 'Stem på «Hvem betaler?»' }).click();
    await siri.getByText('Stemmen din er telt.').waitFor();
    await screen.locator('.p-item', { hasText: 'Hvem betaler?' }).locator('.p-count', { hasText: '2' }).waitFor();
    // After that update Ola's phone still shows his vote (the shared fragment has no marks).
    await ola.locator('.q-item', { hasText: 'Hvem betaler?' }).getByText('2 stemmer').waitFor();
    assert.equal(
      await ola.locator('.q-item', { hasText: 'Hvem betaler?' }).getByText('Du har stemt').isVisible(),
      true,
    );
    assert.equal(
      await ola.locator('.q-item', { hasText: 'Hvem betaler?' }).getByRole('button', { name: /Stem/ }).isVisible(),
      false,
    );
    // A vote sent from a page updated live carries the page's CSRF token and counts.
    await ola.getByRole('button', { name: 'Stem på «Hvordan blir innbyggerne hørt?»' }).click();
    await ola.getByText('Stemmen din er telt.').waitFor();

    // Pinned goes to the top of the projector; answered moves to its own list.
    await moderation.getByRole('button', { name: 'Fest øverst: «Hvordan blir innbyggerne hørt?»' }).click();
    await screen.locator('#p-live .p-item').first().filter({ hasText: 'Hvordan blir innbyggerne hørt?' }).waitFor();
    await screen.locator('.p-pinned').waitFor();
    await moderation.getByRole('button', { name: 'Besvart: «Hvem betaler?»' }).click();
    await screen.locator('.p-list-answered .p-body', { hasText: 'Hvem betaler?' }).waitFor();
    assert.ok(await stillSamePage(screen), 'the projector was never reloaded');
    await checkAxe(screen, 'projector');

    // The display link is revoked: the screen's stream ends and the page shows 404 on reload.
    await admin.goto(`/admin/events/${slug}/questions`);
    await admin.getByRole('button', { name: 'Trekk tilbake «Prosjektor i salen»' }).click();
    await admin.getByText('Visningslenken er trukket tilbake.').waitFor();
    const response = await screen.reload();
    assert.equal(response?.status(), 404);
  });

  test('without JavaScript the phone posts and votes with plain forms; the projector refreshes itself', async () => {
    const { code, token } = await prepareRoom(database.store, slug, 'post');
    const context = await browser.newContext({
      viewport: PHONE,
      locale: 'nb-NO',
      baseURL: app.baseUrl,
      javaScriptEnabled: false,
    });
    contexts.push(context);
    const p = await context.newPage();
    await p.goto(`/q/${code}`);
    // No self-refresh on the phone (it would empty the text being typed): a refresh link.
    assert.equal(await p.locator('meta[http-equiv="refresh"]').count(), 0);
    assert.equal(await p.getByRole('link', { name: 'Oppdater listen' }).count(), 1);
    await p.getByLabel('Spørsmålet eller refleksjonen din').fill('Uten JavaScript');
    await p.getByRole('button', { name: 'Send' }).click();
    await p.getByText('Takk! Innlegget ditt er med.').waitFor();
    await p.getByRole('button', { name: 'Stem på «Uten JavaScript»' }).click();
    await p.getByText('Stemmen din er telt.').waitFor();
    await p.getByText('1 stemme').waitFor();
    await p.getByRole('button', { name: 'Send' }).click();
    await p.getByText('Skriv et spørsmål eller en refleksjon.').first().waitFor();
    // The projector without JavaScript reloads itself every few seconds.
    await p.goto(`/vis/${token}/q/${code}`);
    assert.equal(await p.locator('meta[http-equiv="refresh"]').getAttribute('content'), '5');
    await p.locator('.p-body', { hasText: 'Uten JavaScript' }).waitFor();
  });
});

describe('plenary questions live over two processes on PostgreSQL', { skip: needsBrowserAndPostgres }, () => {
  const live = twoProcessesOnPostgres();

  test('a post and a vote on process 1 reach the projector and a phone on process 2', async () => {
    const { one, two, open, database } = live;
    const slug = await addEvent(database.store, smallEvent());
    const { code, token } = await prepareRoom(database.store, slug, 'post');

    const screen = await open(two.baseUrl, SCREEN);
    await screen.goto(`/vis/${token}/q/${code}`);
    await liveOpen(screen);
    await markLoaded(screen);
    const watcher = await open(two.baseUrl);
    await watcher.goto(`/q/${code}`);
    await liveOpen(watcher);

    const phone = await open(one.baseUrl);
    await phone.goto(`/q/${code}`);
    await phone.getByLabel('Spørsmålet eller refleksjonen din').fill('Gjennom NOTIFY?');
    await phone.getByRole('button', { name: 'Send' }).click();
    await phone.getByText('Takk! Innlegget ditt er med.').waitFor();
    await screen.locator('.p-body', { hasText: 'Gjennom NOTIFY?' }).waitFor();
    await watcher.locator('.q-body', { hasText: 'Gjennom NOTIFY?' }).waitFor();

    const voter = await open(one.baseUrl);
    await voter.goto(`/q/${code}`);
    await voter.getByRole('button', { name: 'Stem på «Gjennom NOTIFY?»' }).click();
    await voter.getByText('Stemmen din er telt.').waitFor();
    await screen.locator('.p-item', { hasText: 'Gjennom NOTIFY?' }).locator('.p-count', { hasText: '1' }).waitFor();
    await watcher.locator('.q-item', { hasText: 'Gjennom NOTIFY?' }).getByText('1 stemme').waitFor();
    assert.ok(await stillSamePage(screen), 'the projector on process 2 updated in place');
  });
});
