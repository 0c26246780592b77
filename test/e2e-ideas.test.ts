// End-to-end in headless Chromium: the research-idea clinic (issue 8, DEL 2B). The owner submits
// an idea on the phone; the facilitator starts the pitch from the control view; three phones give
// feedback; the projector (a display link, no login) shows the distribution change live without a
// reload; the facilitator finishes; the owner's summary shows the feedback. axe checks each page,
// and screenshots of the main pages go to test-output/screenshots/. Then on PostgreSQL with two
// app processes: phones and the facilitator on process 1, the pitch board on process 2, so every
// change reaches the board through LISTEN/NOTIFY.
// biome-ignore-all lint/performance/useDomNodeTextContent: Playwright's Locator.innerText() is the rendered text a person sees, which is what these tests check.
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { after, before, describe, test } from 'node:test';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { createDisplayLink } from '../src/core/display-links/create-display-link.ts';
import { getRubric } from '../src/core/ideas/rubric.ts';
import { saveIdea } from '../src/core/ideas/save-idea.ts';
import { registerParticipants } from '../src/core/registrations/register-participants.ts';
import type { Store } from '../src/db/connect.ts';
import { ADMIN_COOKIE } from '../src/web/admin/auth.ts';
import { organiser } from './support/admin.ts';
import { startApp, type TestApp } from './support/app.ts';
import { getBrowser } from './support/browser.ts';
import { createTestDatabase, type TestDatabase } from './support/databases.ts';
import { addEvent, NOW, signUp, smallEvent, testDeps } from './support/fixtures.ts';
import {
  checkAxe,
  closeBrowser,
  liveOpen,
  markLoaded,
  needsBrowser,
  needsBrowserAndPostgres,
  pageOpener,
  stillSamePage,
  twoProcessesOnPostgres,
} from './support/live.ts';

const SCREEN = { width: 1280, height: 900 };

async function shot(p: Page, name: string) {
  mkdirSync('test-output/screenshots', { recursive: true });
  await p.screenshot({ path: `test-output/screenshots/ideas-${name}.png`, fullPage: true });
}

/** An event with sessions A and B of `seats` seats each; B is a pitch session. */
async function addPitchEvent(store: Store, seats: number): Promise<{ id: number; slug: string }> {
  const slug = await addEvent(store, smallEvent({ a: seats, b: seats }));
  const event = await store.db.selectFrom('events').select('id').where('slug', '=', slug).executeTakeFirstOrThrow();
  await store.db
    .updateTable('sessions')
    .set({ pitch: 1 })
    .where('event_id', '=', event.id)
    .where('code', '=', 'B')
    .execute();
  return { id: event.id, slug };
}

describe('research-idea clinic end-to-end in Chromium', { skip: needsBrowser }, () => {
  let database: TestDatabase;
  let app: TestApp;
  let browser: Browser;
  let cookie: string;
  let slug: string;
  let displayToken: string;
  const tokens: Record<string, string> = {};
  const contexts: BrowserContext[] = [];

  before(async () => {
    database = await createTestDatabase('sqlite');
    const store = database.store;
    const event = await addPitchEvent(store, 20);
    slug = event.slug;
    const people: [string, string, string][] = [
      ['kari', 'Kari Nordmann', 'Nord universitet'],
      ['anne', 'Anne Aas', 'Levanger kommune'],
      ['bard', 'Bård Bø', 'Frivilligsentralen'],
      ['nils', 'Nils Ŋuolga', 'Sámediggi'],
    ];
    for (const [key, name, organization] of people) {
      const result = await registerParticipants(
        testDeps(store),
        signUp(slug, `${key}@example.no`, { name, organization, session: 'B', role: 'researcher' }),
        NOW,
      );
      if (!result.ok || !result.booker.token) throw new Error('sign-up failed');
      tokens[key] = result.booker.token;
    }
    const who = await organiser(store, { role: 'facilitator' });
    cookie = who.cookie.slice(ADMIN_COOKIE.length + 1);
    const link = await createDisplayLink(
      { db: store.db, adapter: store.adapter },
      { eventId: event.id, label: 'Salen', userId: null, actor: 'test' },
      NOW,
    );
    assert.ok(link.ok);
    displayToken = link.token;
    app = await startApp(store, { listen: true, now: () => NOW });
    browser = await getBrowser();
  });

  after(async () => {
    await closeBrowser(browser, contexts);
    await app?.close();
    await database?.dispose();
  });

  const open = pageOpener(contexts, () => ({ browser, baseUrl: app.baseUrl, adminCookie: cookie }));

  test('a pitch gets feedback from three phones, the projector shows it live, the owner reads the summary', async () => {
    // The owner submits her idea on the phone.
    const owner = await open();
    await owner.goto(`/m/${tokens.kari}`);
    await owner.getByRole('link', { name: 'Send inn en idé' }).click();
    await owner.getByLabel('Tittel på ideen').fill('Digital nabohjelp for eldre');
    await owner
      .getByLabel('Hvilket problem vil dere løse, og hvem vil ha nytte av det?')
      .fill('Eldre i distriktet får for lite hjelp i hverdagen.');
    await owner
      .getByLabel('Hva er nytt sammenlignet med det som finnes i dag?')
      .fill('Frivillige og hjemmetjenesten koblet i sanntid.');
    await owner.getByLabel('Forskning').fill('Nord universitet');
    await owner.getByLabel('Offentlig sektor').fill('Levanger kommune');
    await owner.getByLabel('Finansieringsordning dere sikter mot').fill('Regionale forskningsfond');
    await owner.getByLabel('Vi har funnet partnere').check();
    await checkAxe(owner, 'idea form');
    await shot(owner, 'phone-idea-form');
    await owner.getByRole('button', { name: 'Lagre ideen' }).click();
    await owner.getByText('Ideen er lagret.').waitFor();

    // Another participant reads it.
    const anne = await open();
    await anne.goto(`/m/${tokens.anne}`);
    await anne.getByRole('link', { name: 'Les ideene i sesjonen (1)' }).click();
    await anne.getByRole('heading', { name: 'Digital nabohjelp for eldre' }).waitFor();
    assert.match(await anne.locator('main').innerText(), /Pitch omtrent kl\. 13\.00/);
    await checkAxe(anne, 'ideas list');
    await shot(anne, 'phone-ideas-list');

    // The facilitator looks at the order and starts the first pitch.
    const control = await open({ admin: true, viewport: SCREEN });
    await control.goto(`/admin/events/${slug}/pitches`);
    await control.getByRole('link', { name: 'Rekkefølge og tider for sesjon B' }).click();
    await control.getByRole('table').getByText('13.00–13.15').waitFor();
    await checkAxe(control, 'plan page');
    await shot(control, 'desktop-plan');
    await control.getByRole('link', { name: 'Styr sesjon B' }).click();
    await control.getByRole('button', { name: 'Start første pitch' }).click();
    await control.getByText('Første pitch er i gang.').waitFor();
    await liveOpen(control);
    await checkAxe(control, 'control view');

    // The projector, through the display link.
    const screen = await open({ viewport: SCREEN });
    await screen.goto(`/vis/${displayToken}/pitch/B`);
    await screen.getByRole('heading', { name: 'Digital nabohjelp for eldre' }).waitFor();
    await liveOpen(screen);
    await markLoaded(screen);
    assert.match(await screen.locator('#pitch-board').innerText(), /0 av 3 har gitt tilbakemelding/);
    await checkAxe(screen, 'projector');

    // Three phones give feedback; the first opens the page before the pitch moves to feedback.
    const phones = [anne, await open(), await open()];
    const keys = ['anne', 'bard', 'nils'];
    const given = [
      { scores: [5, 4, 3], comment: 'Tydelig nytte for kommunen.' },
      { scores: [4, 4, 4], comment: '' },
      { scores: [4, 2, 5], comment: 'Hva med personvernet?' },
    ];
    await anne.goto(`/m/${tokens.anne}/feedback`);
    await liveOpen(anne);
    await markLoaded(anne);
    await control.getByRole('button', { name: 'Neste: tilbakemelding' }).click();
    await control.getByText('Neste fase er i gang.').waitFor();
    await anne.locator('#pitch-status', { hasText: 'Tilbakemelding' }).waitFor();
    assert.ok(await stillSamePage(anne), "the phone's status line changed without a reload");
    await screen.locator('#pitch-board', { hasText: 'Tilbakemelding' }).waitFor();

    for (const [i, phone] of phones.entries()) {
      if (i > 0) {
        await phone.goto(`/m/${tokens[keys[i] as string]}/feedback`);
      }
      const g = given[i]!;
      const fieldsets = phone.locator('fieldset.criterion');
      assert.equal(await fieldsets.count(), 3);
      for (const [c, score] of g.scores.entries()) {
        await fieldsets
          .nth(c)
          .getByRole('radio', { name: new RegExp(`^${score} –`) })
          .check();
      }
      if (g.comment) await phone.getByLabel('Kommentar: Samfunnsnytte/virkning').fill(g.comment);
      if (i === 0) {
        await checkAxe(phone, 'feedback form');
        await shot(phone, 'phone-feedback');
      }
      await phone.getByRole('button', { name: 'Send tilbakemeldingen' }).click();
      await phone.getByText('Takk! Tilbakemeldingen er lagret.').waitFor();
      await screen.locator('#pitch-board', { hasText: `${i + 1} av 3 har gitt tilbakemelding` }).waitFor();
    }
    assert.ok(await stillSamePage(screen), 'the projector updated in place');
    // The distribution of the first criterion: one 5, two 4s.
    const first = screen.locator('.pitch-board-criterion').first();
    const counts = await first.locator('td.distribution-count').allInnerTexts();
    assert.deepEqual(counts, ['0', '0', '0', '2', '1']);
    assert.match(await first.innerText(), /Snitt 4,3 av 5/);
    await checkAxe(screen, 'projector with scores');
    await shot(screen, 'desktop-projector');
    await shot(control, 'desktop-control');

    // The owner's phone says it is her own idea.
    await owner.goto(`/m/${tokens.kari}/feedback`);
    await owner.getByText('Dette er din egen idé.').waitFor();

    // The facilitator finishes; the owner reads the summary.
    await control.goto(`/admin/events/${slug}/pitches/run?session=B`);
    await control.getByRole('button', { name: 'Avslutt sesjonen og send oppsummeringene' }).click();
    await control.getByText('Oppsummeringen er sendt på e-post til 1 idéeier.').waitFor();
    await screen.locator('#pitch-board', { hasText: 'Takk for alle pitchene!' }).waitFor();

    await owner.goto(`/m/${tokens.kari}`);
    await owner.getByRole('link', { name: 'Se tilbakemeldingene på ideen din' }).click();
    const summary = await owner.locator('main').innerText();
    assert.match(summary, /3 personer ga tilbakemelding/);
    assert.match(summary, /Snitt 4,3 av 5/);
    assert.match(summary, /Tydelig nytte for kommunen\./);
    assert.match(summary, /Hva med personvernet\?/);
    assert.doesNotMatch(summary, /Anne|Bård|Nils/);
    await checkAxe(owner, 'summary');
    await shot(owner, 'phone-summary');
    const mail = await database.store.db
      .selectFrom('outbox')
      .select(['to_address', 'subject'])
      .where('kind', '=', 'idea.summary')
      .execute();
    assert.deepEqual(mail, [
      { to_address: 'kari@example.no', subject: 'Tilbakemeldinger på ideen din: Digital nabohjelp for eldre' },
    ]);
  });
});

describe('research-idea clinic over two processes on PostgreSQL', { skip: needsBrowserAndPostgres }, () => {
  const live = twoProcessesOnPostgres();

  test('feedback given on process 1 reaches the pitch board on process 2; the owner reads the summary', async () => {
    const { one, two, open } = live;
    const store = live.database.store;
    const deps = { db: store.db, adapter: store.adapter };
    const event = await addPitchEvent(store, 10);
    const { slug } = event;
    const people: { id: number; token: string }[] = [];
    for (const key of ['eier', 'en', 'to', 'tre']) {
      const r = await registerParticipants(testDeps(store), signUp(slug, `${key}@example.no`, { session: 'B' }), NOW);
      assert.ok(r.ok && r.booker.registrationId && r.booker.token);
      people.push({ id: r.booker.registrationId, token: r.booker.token });
    }
    const [owner, ...voters] = people as [{ id: number; token: string }, ...{ id: number; token: string }[]];
    const idea = await saveIdea(
      deps,
      {
        registrationId: owner.id,
        text: {
          title: 'Gjennom NOTIFY',
          problem: 'Prosjektoren står på en annen prosess.',
          novelty: 'Endringene går gjennom PostgreSQL.',
          partners: { research: '', public: '', business: '', civil: '' },
          funding: '',
          stage: 'idea',
        },
        actor: 'test',
      },
      new Date(),
    );
    assert.ok(idea.ok);
    await getRubric(deps, event.id, [{ name: 'Samfunnsnytte/virkning', description: '' }], new Date());
    const link = await createDisplayLink(deps, { eventId: event.id, label: 'Salen', userId: null, actor: 'test' }, NOW);
    assert.ok(link.ok);

    const screen = await open(two.baseUrl, SCREEN);
    await screen.goto(`/vis/${link.token}/pitch/B`);
    await screen.getByText('Pitchene begynner snart.').waitFor();
    await liveOpen(screen);
    await markLoaded(screen);
    // The facilitator starts the pitch on process 1; the board on process 2 hears it.
    const who = await organiser(store, { role: 'facilitator' });
    const control = await open(one.baseUrl, SCREEN);
    await control
      .context()
      .addCookies([
        { name: ADMIN_COOKIE, value: who.cookie.slice(ADMIN_COOKIE.length + 1), url: `${one.baseUrl}/admin` },
      ]);
    await control.goto(`/admin/events/${slug}/pitches/run?session=B`);
    await control.getByRole('button', { name: 'Start første pitch' }).click();
    await control.getByText('Første pitch er i gang.').waitFor();
    await screen.getByRole('heading', { name: 'Gjennom NOTIFY' }).waitFor();
    for (const [i, voter] of voters.entries()) {
      const phone = await open(one.baseUrl);
      await phone.goto(`/m/${voter.token}/feedback`);
      await phone.getByRole('radio', { name: `${[5, 4, 4][i]} – ${['svært sterk', 'sterk', 'sterk'][i]}` }).check();
      await phone.getByRole('button', { name: 'Send tilbakemeldingen' }).click();
      await phone.getByText('Takk! Tilbakemeldingen er lagret.').waitFor();
      await screen.locator('#pitch-board', { hasText: `${i + 1} av 3 har gitt tilbakemelding` }).waitFor();
    }
    assert.ok(await stillSamePage(screen), 'the board on process 2 updated in place');
    assert.deepEqual(await screen.locator('td.distribution-count').allInnerTexts(), ['0', '0', '0', '2', '1']);

    const summary = await open(two.baseUrl);
    await summary.goto(`/m/${owner.token}/idea/summary`);
    assert.match(await summary.locator('main').innerText(), /3 personer ga tilbakemelding/);
  });
});
