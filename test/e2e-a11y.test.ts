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
import { createDisplayLink } from '../src/core/display-links/create-display-link.ts';
import { giveFeedback } from '../src/core/ideas/give-feedback.ts';
import { getRubric } from '../src/core/ideas/rubric.ts';
import { stepPitch } from '../src/core/ideas/run-pitches.ts';
import { saveIdea } from '../src/core/ideas/save-idea.ts';
import { importMessages } from '../src/core/mail-intake/import-messages.ts';
import { moderateQuestion } from '../src/core/questions/moderate-question.ts';
import { postQuestion } from '../src/core/questions/post-question.ts';
import { createQuestionRoom, setQuestionRoomOpen } from '../src/core/questions/save-question-room.ts';
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
  /** A plenary question room (open, with posts) and a display link of the demo event. */
  let room: { id: number; code: string };
  let displayToken: string;
  /** In the research workshop 2B (a pitch session): the owner of an idea, and a participant. */
  let ideaOwnerToken: string;
  let ideaVoterToken: string;
  /** A message waiting in the review queue of sign-up by e-mail. */
  let intakeId: number;
  /** A change waiting in the review queue, with the form that makes it. */
  let changeIntakeId: number;

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
    {
      const liveDeps = { db: database.store.db, adapter: database.store.adapter };
      const event = await database.store.db
        .selectFrom('events')
        .select('id')
        .where('slug', '=', SLUG)
        .executeTakeFirstOrThrow();
      const made = await createQuestionRoom(
        liveDeps,
        {
          eventId: event.id,
          settings: { programmeItemId: null, title: 'Dialog i plenum', identityMode: 'choice', moderation: 'pre' },
          userId: null,
          actor: 'test',
        },
        NOW,
      );
      assert.ok(made.ok);
      room = { id: made.id, code: made.code };
      await setQuestionRoomOpen(liveDeps, { eventId: event.id, roomId: room.id, open: true, actor: 'test' }, NOW);
      for (const [body, name] of [
        ['Hvordan blir innbyggerne hørt?', 'Kari Nordmann'],
        ['Hvem betaler for samskapingen?', ''],
      ] as const) {
        const posted = await postQuestion(
          liveDeps,
          { roomId: room.id, body, name, role: 'innbygger', posterKey: body },
          NOW,
        );
        assert.ok(posted.ok);
        // One approved (on the phone and the screen), one waiting (in moderation).
        if (name) {
          await moderateQuestion(
            liveDeps,
            { eventId: event.id, roomId: room.id, questionId: posted.id, action: 'approve', actor: 'test' },
            NOW,
          );
        }
      }
      const link = await createDisplayLink(
        liveDeps,
        { eventId: event.id, label: 'Salen', userId: null, actor: 'test' },
        NOW,
      );
      assert.ok(link.ok);
      displayToken = link.token;
    }
    // The research workshop (2B): an idea, its pitch running, and feedback on it.
    {
      const ideaDeps = { db: database.store.db, adapter: database.store.adapter };
      const people = [];
      for (const [email, name] of [
        ['ida@example.no', 'Ida Idé'],
        ['per@example.no', 'Per Pitch'],
      ] as const) {
        const s = await registerParticipants(
          deps,
          signUp(SLUG, email, { name, session: '2B', role: 'researcher' }),
          NOW,
        );
        assert.ok(s.ok && s.booker.registrationId && s.booker.token, 'a 2B registration');
        people.push({ id: s.booker.registrationId, token: s.booker.token });
      }
      const [owner, voter] = people as [{ id: number; token: string }, { id: number; token: string }];
      ideaOwnerToken = owner.token;
      ideaVoterToken = voter.token;
      const idea = await saveIdea(
        ideaDeps,
        {
          registrationId: owner.id,
          text: {
            title: 'Digital nabohjelp for eldre',
            problem: 'Eldre i distriktet får for lite hjelp i hverdagen.',
            novelty: 'Frivillige og hjemmetjenesten koblet i sanntid.',
            partners: { research: 'Nord universitet', public: 'Levanger kommune', business: '', civil: '' },
            funding: 'Regionale forskningsfond',
            stage: 'partners',
          },
          actor: 'test',
        },
        NOW,
      );
      assert.ok(idea.ok);
      const session = await database.store.db
        .selectFrom('sessions')
        .innerJoin('events', 'events.id', 'sessions.event_id')
        .select(['sessions.id', 'events.id as eventId'])
        .where('events.slug', '=', SLUG)
        .where('sessions.code', '=', '2B')
        .executeTakeFirstOrThrow();
      const criteria = await getRubric(
        ideaDeps,
        session.eventId,
        [
          { name: 'Samfunnsnytte/virkning', description: 'Hvem har nytte av resultatene?' },
          { name: 'Innovasjonsgrad', description: 'Hva er nytt?' },
        ],
        NOW,
      );
      const started = await stepPitch(
        ideaDeps,
        { eventId: session.eventId, sessionId: session.id, step: { op: 'start' }, version: 0, actor: 'test' },
        NOW,
      );
      assert.ok(started.ok);
      const fed = await giveFeedback(
        ideaDeps,
        {
          registrationId: voter.id,
          ideaId: idea.ideaId,
          items: criteria.map((c) => ({ criterionId: c.id, score: 4, comment: 'Godt forslag.' })),
          actor: 'test',
        },
        NOW,
      );
      assert.ok(fed.ok);
    }
    // Sign-up by e-mail: a question waits in the review queue, a clear sign-up was accepted.
    {
      const event = await database.store.db
        .selectFrom('events')
        .select('id')
        .where('slug', '=', SLUG)
        .executeTakeFirstOrThrow();
      const eml = (from: string, subject: string, body: string) =>
        Buffer.from(
          `From: ${from}\r\nTo: pamelding@example.no\r\nSubject: ${subject}\r\nDate: ${NOW.toUTCString()}\r\nMessage-ID: <${subject.length}-${Date.now()}@example.no>\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n${body}\r\n`,
        );
      const counts = await importMessages(
        deps,
        {
          eventId: event.id,
          files: [
            {
              name: 'a.eml',
              data: eml(
                'Per Olsen <per.olsen@example.org>',
                'Parkering?',
                'Hei! Er det parkering ved campus? Hilsen Per',
              ),
            },
            {
              name: 'b.eml',
              data: eml(
                'Berit Sandvik <berit.sandvik@example.no>',
                'Påmelding',
                'Hei! Jeg kommer som ordfører i Frosta kommune og vil delta på 2A.\r\n\r\nHilsen Berit Sandvik',
              ),
            },
            {
              name: 'c.eml',
              data: eml(
                'Berit Sandvik <berit.sandvik@example.no>',
                'Endringer i påmeldingen',
                'Hei! Jeg er påmeldt 2A, men vil bytte til 2B. Glemte å skrive at jeg er vegetarianer.\r\n\r\nHilsen Berit Sandvik',
              ),
            },
          ],
          actor: 'test',
        },
        NOW,
      );
      assert.equal(counts.messages, 3);
      const waiting = await database.store.db
        .selectFrom('intake_messages')
        .select('id')
        .where('state', '=', 'pending_review')
        .where('kind', '=', 'other')
        .executeTakeFirstOrThrow();
      intakeId = waiting.id;
      const change = await database.store.db
        .selectFrom('intake_messages')
        .select('id')
        .where('state', '=', 'pending_review')
        .where('kind', '=', 'change')
        .executeTakeFirstOrThrow();
      changeIntakeId = change.id;
    }
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
    // The markup is the same in every language, so the full WCAG rule set runs in Bokmål only; in
    // Nynorsk and English every page is still checked for its language, landmarks, one h1 and
    // reflow above (the text lengths differ), and src/web/i18n/catalogues.test.ts checks that no
    // text of a catalogue is empty. Axe in all three languages took over five minutes of the run.
    if (lang !== 'nb') return;
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
    `/q/${room.code}`,
    `/vis/${displayToken}`,
    `/vis/${displayToken}/q/${room.code}`,
    `/m/${ideaOwnerToken}`,
    `/m/${ideaOwnerToken}/idea`,
    `/m/${ideaOwnerToken}/idea/summary`,
    `/m/${ideaOwnerToken}/feedback`,
    `/m/${ideaVoterToken}/ideas`,
    `/m/${ideaVoterToken}/feedback`,
    `/vis/${displayToken}/pitch/2B`,
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
    `/admin/events/${SLUG}/questions`,
    `/admin/events/${SLUG}/questions/${room.id}`,
    `/admin/events/${SLUG}/questions/${room.id}/settings`,
    `/admin/events/${SLUG}/questions/${room.id}/projector`,
    '/admin/organizations/demo/privacy',
    '/admin/organizations/demo/erase',
    `/admin/events/${SLUG}/pitches`,
    `/admin/events/${SLUG}/pitches?session=2B`,
    `/admin/events/${SLUG}/pitches/run?session=2B`,
    `/admin/events/${SLUG}/pitches/projector?session=2B`,
    `/admin/events/${SLUG}/pitches/rubric`,
    `/admin/events/${SLUG}/mail`,
    `/admin/events/${SLUG}/mail/${intakeId}`,
    `/admin/events/${SLUG}/mail/${changeIntakeId}`,
  ];

  for (const lang of LANGS) {
    test(`every public page ${lang === 'nb' ? 'passes axe and ' : 'has its language, landmarks and '}reflows at 320px in ${lang}`, async () => {
      const page = await context.newPage();
      try {
        for (const path of publicPages()) await check(page, path, lang);
      } finally {
        await page.close();
      }
    });

    test(`every admin page ${lang === 'nb' ? 'passes axe and ' : 'has its language, landmarks and '}reflows at 320px in ${lang}`, async () => {
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
