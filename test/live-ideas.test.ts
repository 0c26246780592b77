// The research-idea clinic (issue 8, DEL 2B) on both databases: registrants of a pitch session
// submit and edit ideas until the session starts and read each other's; the facilitator orders
// the pitches and runs the session; participants score the current pitch against the rubric;
// the owner's summary (numbers, page, PDF, one e-mail); the rubric editor; access control.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { createDisplayLink } from '../src/core/display-links/create-display-link.ts';
import { revokeDisplayLink } from '../src/core/display-links/revoke-display-link.ts';
import { finishDuePitchRuns, finishPitches } from '../src/core/ideas/finish-pitches.ts';
import { giveFeedback } from '../src/core/ideas/give-feedback.ts';
import { getIdeaSummary } from '../src/core/ideas/idea-summary.ts';
import { stepPitch } from '../src/core/ideas/run-pitches.ts';
import { anonymiseRegistrations } from '../src/core/privacy/anonymise.ts';
import { registerParticipants } from '../src/core/registrations/register-participants.ts';
import type { Store } from '../src/db/connect.ts';
import { createIdeaSummaryMailer } from '../src/mail/idea-summary-mail.tsx';
import { createMessageMailer } from '../src/mail/message-mail.tsx';
import { runScheduledMessages } from '../src/mail/scheduler.ts';
import { organiser, postAdminForm, type TestOrganiser } from './support/admin.ts';
import { csrfFor, startApp, type TestApp } from './support/app.ts';
import { onEachDatabase } from './support/databases.ts';
import { addEvent, NOW, signUp, smallEvent, testDeps } from './support/fixtures.ts';

interface Person {
  id: number;
  token: string;
}

async function signUpOne(store: Store, slug: string, key: string, name: string, session: string): Promise<Person> {
  const result = await registerParticipants(
    testDeps(store),
    signUp(slug, `${key}-${Math.random().toString(36).slice(2, 7)}@example.no`, {
      name,
      session,
      organization: `${name} AS`,
    }),
    NOW,
  );
  assert.ok(result.ok && result.booker.registrationId && result.booker.token, `sign-up of ${name}`);
  return { id: result.booker.registrationId, token: result.booker.token };
}

/** A page with a form whatever the clock says, for a CSRF token (the personal page may have none). */
let formPage = '/';

async function postMine(app: FastifyInstance, token: string, path: string, fields: Record<string, string>) {
  const { token: csrf, cookie } = await csrfFor(app, formPage);
  return app.inject({
    method: 'POST',
    url: `/m/${token}/${path}`,
    headers: { cookie, 'content-type': 'application/x-www-form-urlencoded' },
    payload: new URLSearchParams({ _csrf: csrf, ...fields }).toString(),
  });
}

/** Reads the text of a PDF page by page (pdfjs legacy build, no canvas). */
async function pdfText(bytes: Buffer): Promise<string[]> {
  const pdfjs = await import('pdfjs-dist/legacy/build/pdf.mjs');
  const doc = await pdfjs.getDocument({
    data: new Uint8Array(bytes),
    useSystemFonts: false,
    disableFontFace: true,
    isEvalSupported: false,
    verbosity: 0,
  }).promise;
  const pages: string[] = [];
  for (let n = 1; n <= doc.numPages; n++) {
    const content = await (await doc.getPage(n)).getTextContent();
    pages.push(
      content.items
        .map((i) => ('str' in i ? i.str : ''))
        .filter((s) => s.trim() !== '')
        .join(' '),
    );
  }
  await doc.destroy();
  return pages;
}

const IDEA = {
  title: 'Digital nabohjelp for eldre',
  problem: 'Eldre i distriktet får for lite hjelp i hverdagen. Kommunen og pårørende har nytte av en løsning.',
  novelty: 'Ingen kobler frivillige og hjemmetjenesten i sanntid i dag.',
  partnersResearch: 'Nord universitet',
  partnersPublic: 'Levanger kommune',
  partnersBusiness: '',
  partnersCivil: 'Frivilligsentralen',
  funding: 'Forskningsrådet: Innovasjonsprosjekt i offentlig sektor',
  stage: 'partners',
};

onEachDatabase('research-idea clinic', (db) => {
  let t: TestApp;
  let store: Store;
  let slug: string;
  let eventId: number;
  let sessionB: number;
  let org: TestOrganiser;
  let facilitator: TestOrganiser;
  let invited: TestOrganiser;
  let stranger: TestOrganiser;
  let kari: Person; // owner of the first idea
  let ola: Person; // owner of the second idea
  const voters: Person[] = [];
  let outsider: Person; // in session A
  const clock = { now: NOW };
  const base = () => `/admin/events/${slug}/pitches`;
  const run = () => `${base()}/run?session=B`;

  async function runRow() {
    return store.db.selectFrom('pitch_runs').selectAll().where('session_id', '=', sessionB).executeTakeFirstOrThrow();
  }

  async function ideaIds(): Promise<{ id: number; title: string; position: number; registration_id: number }[]> {
    return store.db
      .selectFrom('ideas')
      .select(['id', 'title', 'position', 'registration_id'])
      .orderBy('position')
      .execute();
  }

  async function criteria() {
    return store.db
      .selectFrom('rubric_criteria')
      .select(['id', 'name', 'position'])
      .where('event_id', '=', eventId)
      .orderBy('position')
      .execute();
  }

  async function step(op: string, extra: Record<string, string> = {}, who = facilitator) {
    const version = String((await runRow().catch(() => ({ version: 0 }))).version);
    return postAdminForm(t.app, who, run(), run(), { op, version, ...extra });
  }

  before(async () => {
    store = db().store;
    t = await startApp(store, { now: () => clock.now });
    slug = await addEvent(store, smallEvent({ a: 40, b: 40 }));
    formPage = `/e/${slug}/link`;
    const event = await store.db.selectFrom('events').select('id').where('slug', '=', slug).executeTakeFirstOrThrow();
    eventId = event.id;
    const b = await store.db
      .updateTable('sessions')
      .set({ pitch: 1 })
      .where('event_id', '=', eventId)
      .where('code', '=', 'B')
      .returning('id')
      .executeTakeFirstOrThrow();
    sessionB = b.id;
    org = await organiser(store);
    facilitator = await organiser(store, { role: 'facilitator' });
    stranger = await organiser(store, { org: 'annen-org' });
    invited = await organiser(store, { org: 'gjest-org', role: 'facilitator' });
    await store.db
      .insertInto('event_access')
      .values({
        event_id: eventId,
        organization_id: null,
        user_id: invited.userId,
        role: 'facilitator',
        created_at: NOW.toISOString(),
      })
      .execute();
    kari = await signUpOne(store, slug, 'kari', 'Kari Nordmann', 'B');
    ola = await signUpOne(store, slug, 'ola', 'Ola Nordmann', 'B');
    for (const name of ['Anne', 'Bård', 'Cecilie'])
      voters.push(await signUpOne(store, slug, name.toLowerCase(), name, 'B'));
    outsider = await signUpOne(store, slug, 'siri', 'Siri Sørli', 'A');
  });
  after(async () => t.close());

  test('a registrant of a pitch session submits an idea and edits it until the session starts', async () => {
    const page = await t.app.inject({ url: `/m/${kari.token}` });
    assert.match(page.body, /Forskningsidé/);
    assert.match(page.body, new RegExp(`href="/m/${kari.token}/idea"`));
    assert.doesNotMatch((await t.app.inject({ url: `/m/${outsider.token}` })).body, /Forskningsidé/);

    const form = await t.app.inject({ url: `/m/${kari.token}/idea` });
    assert.equal(form.statusCode, 200);
    assert.match(form.body, /<datalist id="funding-suggestions">/);
    assert.match(form.body, /Horisont Europa/);

    const empty = await postMine(t.app, kari.token, 'idea', { title: ' ', problem: '', novelty: '' });
    assert.equal(empty.statusCode, 422);
    assert.match(empty.body, /Fyll ut feltet/);
    assert.match(empty.body, /Velg hvor langt dere har kommet/);
    const long = await postMine(t.app, kari.token, 'idea', { ...IDEA, title: 'x'.repeat(201) });
    assert.equal(long.statusCode, 422);
    assert.match(long.body, /Skriv høyst 200 tegn/);
    const badStage = await postMine(t.app, kari.token, 'idea', { ...IDEA, stage: 'funded' });
    assert.equal(badStage.statusCode, 422);
    assert.equal((await ideaIds()).length, 0, 'nothing stored from refused forms');

    const saved = await postMine(t.app, kari.token, 'idea', { ...IDEA, title: 'Nabohjelp <script>alert(1)</script>' });
    assert.equal(saved.statusCode, 303);
    assert.match(String(saved.headers.location), /\/idea\?ok=saved$/);
    const edited = await postMine(t.app, kari.token, 'idea', IDEA);
    assert.equal(edited.statusCode, 303);
    const [idea] = await ideaIds();
    assert.equal(idea?.title, IDEA.title, 'the edit replaced the text');
    assert.equal((await ideaIds()).length, 1, 'one idea per registration');
    const row = await store.db.selectFrom('ideas').selectAll().where('id', '=', idea!.id).executeTakeFirstOrThrow();
    assert.equal(row.partners_civil, 'Frivilligsentralen');
    assert.equal(row.stage, 'partners');
    const audit = await store.db
      .selectFrom('audit_log')
      .select('action')
      .where('subject_type', '=', 'idea')
      .where('subject_id', '=', idea!.id)
      .orderBy('id')
      .execute();
    assert.deepEqual(
      audit.map((a) => a.action),
      ['idea.submitted', 'idea.edited'],
    );

    const second = await postMine(t.app, ola.token, 'idea', {
      ...IDEA,
      title: 'Samskaping i barnehagen',
      stage: 'idea',
      partnersResearch: '',
      partnersPublic: '',
      partnersCivil: '',
      funding: '',
    });
    assert.equal(second.statusCode, 303);
    assert.deepEqual(
      (await ideaIds()).map((i) => i.position),
      [1, 2],
      'a new idea joins the end of the order',
    );

    // Someone in session A has no idea form.
    assert.equal((await t.app.inject({ url: `/m/${outsider.token}/idea` })).statusCode, 403);
    const csrf = await csrfFor(t.app, formPage);
    const refused = await t.app.inject({
      method: 'POST',
      url: `/m/${outsider.token}/idea`,
      headers: { cookie: csrf.cookie, 'content-type': 'application/x-www-form-urlencoded' },
      payload: new URLSearchParams({ _csrf: csrf.token, ...IDEA }).toString(),
    });
    assert.equal(refused.statusCode, 403);
    assert.equal((await ideaIds()).length, 2);

    // Once the session has started, ideas cannot be changed.
    clock.now = new Date('2030-11-12T12:00:00.000Z');
    try {
      const late = await postMine(t.app, kari.token, 'idea', { ...IDEA, title: 'For sent' });
      assert.equal(late.statusCode, 409);
      assert.match(late.body, /Sesjonen har startet/);
      assert.doesNotMatch((await t.app.inject({ url: `/m/${kari.token}/idea` })).body, /name="title"/);
      const latecomer = await postMine(t.app, voters[0]!.token, 'idea', IDEA);
      assert.equal(latecomer.statusCode, 409);
    } finally {
      clock.now = NOW;
    }
    assert.equal((await ideaIds())[0]?.title, IDEA.title);
  });

  test('participants of the session read all ideas with planned times; others cannot', async () => {
    const list = await t.app.inject({ url: `/m/${voters[0]!.token}/ideas` });
    assert.equal(list.statusCode, 200);
    assert.match(list.body, /Digital nabohjelp for eldre/);
    assert.match(list.body, /Samskaping i barnehagen/);
    assert.match(list.body, /Pitch omtrent kl\. 13\.00/);
    assert.match(list.body, /Pitch omtrent kl\. 13\.15/);
    assert.ok(list.body.indexOf('Digital nabohjelp') < list.body.indexOf('Samskaping i barnehagen'), 'in order');
    assert.match(list.body, /Frivilligsentralen/);
    assert.equal((await t.app.inject({ url: `/m/${outsider.token}/ideas` })).statusCode, 403);
    assert.equal((await t.app.inject({ url: '/m/not-a-token-at-all-000000/ideas' })).statusCode, 404);
    // The earlier refused title never reached the list, and what is stored shows as text.
    await postMine(t.app, ola.token, 'idea', { ...IDEA, title: 'Barnehage <b>fet</b>', stage: 'idea' });
    const escaped = await t.app.inject({ url: `/m/${voters[0]!.token}/ideas` });
    assert.match(escaped.body, /Barnehage &lt;b>fet&lt;\/b>/);
    assert.doesNotMatch(escaped.body, /<b>fet<\/b>/);
    await postMine(t.app, ola.token, 'idea', { ...IDEA, title: 'Samskaping i barnehagen', stage: 'idea' });
  });

  test('every back-office route refuses visitors and other organisations; invited facilitators get in', async () => {
    const paths = ['', '?session=B', '/run?session=B', '/projector?session=B', '/rubric'];
    for (const path of paths) {
      const anonymous = await t.app.inject({ url: `${base()}${path}` });
      assert.equal(anonymous.statusCode, 303, `${path}: to the login`);
      assert.match(String(anonymous.headers.location), /^\/admin\/login/);
      const other = await t.app.inject({ url: `${base()}${path}`, headers: { cookie: stranger.cookie } });
      assert.equal(other.statusCode, 404, `${path}: another organisation learns nothing`);
      for (const who of [org, facilitator, invited]) {
        const ok = await t.app.inject({ url: `${base()}${path}`, headers: { cookie: who.cookie } });
        assert.equal(ok.statusCode, 200, `${path} for ${who.email}`);
      }
    }
    assert.equal(
      (await t.app.inject({ url: `${base()}?session=A`, headers: { cookie: org.cookie } })).statusCode,
      404,
      'session A is no pitch session',
    );
    const post = await postAdminForm(t.app, stranger, '/admin', run(), { op: 'start', version: '0' });
    assert.equal(post.statusCode, 404);
    assert.equal(
      (await store.db.selectFrom('pitch_runs').select('status').where('session_id', '=', sessionB).executeTakeFirst())
        ?.status ?? 'ready',
      'ready',
    );
  });

  test('the facilitator orders the pitches and sets the minutes; the times follow', async () => {
    const plan = `${base()}?session=B`;
    const page = await t.app.inject({ url: plan, headers: { cookie: invited.cookie } });
    assert.match(page.body, /13\.00–13\.15/);
    assert.match(page.body, /13\.15–13\.30/);
    const [first, second] = await ideaIds();
    const moved = await postAdminForm(t.app, invited, plan, `${base()}/move?session=B`, {
      idea: String(second!.id),
      direction: 'up',
    });
    assert.equal(moved.statusCode, 303);
    assert.deepEqual(
      (await ideaIds()).map((i) => i.id),
      [second!.id, first!.id],
    );
    const bad = await postAdminForm(t.app, facilitator, plan, `${base()}/timing?session=B`, {
      pitchMinutes: '0',
      feedbackMinutes: 'ti',
      offsetMinutes: '-5',
    });
    assert.equal(bad.statusCode, 422);
    assert.match(bad.body, /Skriv et helt tall fra 1 til 120/);
    assert.match(bad.body, /Skriv et helt tall fra 0 til 600/);
    const timed = await postAdminForm(t.app, facilitator, plan, `${base()}/timing?session=B`, {
      pitchMinutes: '4',
      feedbackMinutes: '6',
      offsetMinutes: '30',
    });
    assert.equal(timed.statusCode, 303);
    const after = await t.app.inject({ url: plan, headers: { cookie: facilitator.cookie } });
    assert.match(after.body, /13\.30–13\.40/);
    assert.match(after.body, /13\.40–13\.50/);
    // Back to the first order for the rest of the tests.
    await postAdminForm(t.app, facilitator, plan, `${base()}/move?session=B`, {
      idea: String(first!.id),
      direction: 'up',
    });
    assert.deepEqual(
      (await ideaIds()).map((i) => i.id),
      [first!.id, second!.id],
    );
  });

  test('the run steps pitch → feedback → next and back, and a stale or impossible press is refused', async () => {
    const [first, second] = await ideaIds();
    assert.equal((await step('next')).statusCode, 409, 'nothing to step before the start');
    const started = await step('start');
    assert.equal(started.statusCode, 303);
    let r = await runRow();
    assert.deepEqual([r.status, r.current_idea_id, r.phase], ['running', first!.id, 'pitch']);
    assert.ok(r.phase_started_at, 'the phase clock started');

    // A second press made on the same page (the old version) does not skip the feedback.
    const stale = await postAdminForm(t.app, facilitator, run(), run(), { op: 'next', version: String(r.version - 1) });
    assert.equal(stale.statusCode, 409);
    assert.match(stale.body, /Noen andre styrte sesjonen/);
    assert.equal((await runRow()).phase, 'pitch');

    assert.equal((await step('next')).statusCode, 303);
    r = await runRow();
    assert.deepEqual([r.current_idea_id, r.phase], [first!.id, 'feedback']);
    assert.equal((await step('next')).statusCode, 303);
    r = await runRow();
    assert.deepEqual([r.current_idea_id, r.phase], [second!.id, 'pitch']);
    assert.equal((await step('back')).statusCode, 303);
    r = await runRow();
    assert.deepEqual([r.current_idea_id, r.phase], [first!.id, 'feedback']);
    assert.equal((await step('back')).statusCode, 303);
    assert.equal((await step('back')).statusCode, 409, 'nothing before the first pitch');
    assert.equal((await step('goto', { idea: String(second!.id) })).statusCode, 303);
    assert.equal((await step('next')).statusCode, 303);
    assert.equal((await step('next')).statusCode, 409, 'nothing after the last pitch');
    assert.equal((await step('start')).statusCode, 409, 'started already');
    assert.equal((await step('goto', { idea: '999999' })).statusCode, 409);
    // The control view shows where it stands; back to the first pitch.
    assert.equal((await step('goto', { idea: String(first!.id) })).statusCode, 303);
    const page = await t.app.inject({ url: run(), headers: { cookie: facilitator.cookie } });
    assert.match(page.body, /Digital nabohjelp for eldre/);
    assert.match(page.body, /Neste: tilbakemelding/);
    assert.match(page.body, /data-live-src="\/admin\/events\/[^"]+\/pitches\/run\/live\?session=B"/);
    assert.match(page.body, /role="timer"/);
    assert.match(page.body, /4:00 igjen/, 'the four-minute pitch has just started');
  });

  test('feedback: the current pitch only, 1–5 per criterion, not by the owner or outsiders, sent again replaces', async () => {
    const [first, second] = await ideaIds();
    const rubric = await criteria();
    assert.deepEqual(
      rubric.map((c) => c.name),
      ['Samfunnsnytte/virkning', 'Innovasjonsgrad', 'Gjennomføring og partnere'],
      'the default rubric was seeded when the run was shown',
    );
    const [c1, c2, c3] = rubric;
    const scores = (a: number | string, b: number | string, c: number | string, comment = '') => ({
      [`score.${c1!.id}`]: String(a),
      [`score.${c2!.id}`]: String(b),
      [`score.${c3!.id}`]: String(c),
      [`comment.${c1!.id}`]: comment,
    });

    const phone = await t.app.inject({ url: `/m/${voters[0]!.token}/feedback` });
    assert.equal(phone.statusCode, 200);
    assert.match(phone.body, /Din tilbakemelding på «Digital nabohjelp for eldre»/);
    assert.match(phone.body, /<fieldset[^>]*criterion/);
    assert.match(phone.body, /<legend>Samfunnsnytte\/virkning<\/legend>/);
    assert.match(phone.body, /data-live-src="\/m\/[^"]+\/feedback\/live"/);
    assert.doesNotMatch(phone.body, /http-equiv="refresh"/, 'a form being filled in never reloads by itself');

    const own = await postMine(t.app, kari.token, 'feedback', { idea: String(first!.id), ...scores(5, 5, 5) });
    assert.equal(own.statusCode, 403);
    assert.match(own.body, /din egen idé/);
    assert.match((await t.app.inject({ url: `/m/${kari.token}/feedback` })).body, /Dette er din egen idé/);
    const outside = await postMine(t.app, outsider.token, 'feedback', { idea: String(first!.id), ...scores(1, 1, 1) });
    assert.equal(outside.statusCode, 403);
    const notOn = await postMine(t.app, voters[0]!.token, 'feedback', { idea: String(second!.id), ...scores(3, 3, 3) });
    assert.equal(notOn.statusCode, 409);
    assert.match(notOn.body, /Pitchen du skrev om, er over/);
    const outOfRange = await postMine(t.app, voters[0]!.token, 'feedback', {
      idea: String(first!.id),
      ...scores(6, 0, 3),
    });
    assert.equal(outOfRange.statusCode, 422);
    assert.match(outOfRange.body, /Velg en poengsum fra 1 til 5/);
    const missing = await postMine(t.app, voters[0]!.token, 'feedback', {
      idea: String(first!.id),
      [`score.${c1!.id}`]: '4',
    });
    assert.equal(missing.statusCode, 422);
    const tooLong = await postMine(t.app, voters[0]!.token, 'feedback', {
      idea: String(first!.id),
      ...scores(4, 4, 4, 'x'.repeat(1001)),
    });
    assert.equal(tooLong.statusCode, 422);
    assert.match(tooLong.body, /Skriv høyst 1000 tegn/);
    const unknownCriterion = await postMine(t.app, voters[0]!.token, 'feedback', {
      idea: String(first!.id),
      ...scores(4, 4, 4),
      'score.999999': '3',
    });
    assert.equal(unknownCriterion.statusCode, 422);
    const count = async () =>
      Number(
        (
          await store.db
            .selectFrom('idea_scores')
            .select((eb) => eb.fn.countAll<number>().as('n'))
            .executeTakeFirstOrThrow()
        ).n,
      );
    assert.equal(await count(), 0, 'nothing stored from refused feedback');

    const given = await postMine(t.app, voters[0]!.token, 'feedback', {
      idea: String(first!.id),
      ...scores(2, 3, 3, 'Hvem eier <em>dataene</em>?'),
    });
    assert.equal(given.statusCode, 303);
    assert.match(String(given.headers.location), /feedback\?ok=sent$/);
    const again = await postMine(t.app, voters[0]!.token, 'feedback', {
      idea: String(first!.id),
      ...scores(5, 4, 3, 'Hvem eier <em>dataene</em>?'),
    });
    assert.equal(again.statusCode, 303);
    assert.equal(await count(), 3, 'sending again replaced the set');
    const back = await t.app.inject({ url: `/m/${voters[0]!.token}/feedback?ok=sent` });
    assert.match(back.body, /Takk! Tilbakemeldingen er lagret/);
    assert.match(back.body, /Oppdater tilbakemeldingen/);
    assert.match(back.body, new RegExp(`id="f-score-${c1!.id}-5"[^>]*checked|checked[^>]*id="f-score-${c1!.id}-5"`));

    assert.equal(
      (await postMine(t.app, voters[1]!.token, 'feedback', { idea: String(first!.id), ...scores(3, 4, 4, 'God idé') }))
        .statusCode,
      303,
    );
    assert.equal(
      (await postMine(t.app, voters[2]!.token, 'feedback', { idea: String(first!.id), ...scores(4, 5, 2) })).statusCode,
      303,
    );
    assert.equal(
      (await postMine(t.app, ola.token, 'feedback', { idea: String(first!.id), ...scores(4, 3, 4, 'Bra først') }))
        .statusCode,
      303,
    );
    // The projector and the control view show the distribution.
    const projector = await t.app.inject({
      url: `${base()}/projector?session=B`,
      headers: { cookie: facilitator.cookie },
    });
    assert.match(projector.body, /4 av 4 har gitt tilbakemelding/, 'everyone but the owner');
    assert.match(projector.body, /http-equiv="refresh"/, 'the projector refreshes itself without JavaScript');
    assert.match(projector.body, /Snitt 4,0 av 5/);
  });

  test('feedback sent for a pitch the facilitator has just left is refused, checked inside the write', async () => {
    const [first, second] = await ideaIds();
    const items = (await criteria()).map((c) => ({ criterionId: c.id, score: 1, comment: 'For sent' }));
    const deps = { db: store.db, adapter: store.adapter };
    const scoresOf = async (registrationId: number) =>
      store.db
        .selectFrom('idea_scores')
        .select(['criterion_id', 'score', 'comment'])
        .where('registration_id', '=', registrationId)
        .orderBy('criterion_id')
        .execute();
    const before = await scoresOf(voters[1]!.id);
    const goto = async (ideaId: number) => {
      const version = (await runRow()).version;
      const moved = await stepPitch(
        deps,
        { eventId, sessionId: sessionB, step: { op: 'goto', ideaId }, version, actor: 'test' },
        clock.now,
      );
      assert.ok(moved.ok);
    };
    assert.equal((await runRow()).current_idea_id, first!.id, 'the first pitch is on when the phone sends');

    // "Next" lands between the checks before the transaction and the transaction itself.
    const racing = {
      ...deps,
      adapter: {
        ...store.adapter,
        async transaction<T>(db: typeof store.db, fn: (trx: typeof store.db) => Promise<T>) {
          await goto(second!.id);
          return store.adapter.transaction(db, fn);
        },
      },
    };
    const late = await giveFeedback(
      racing,
      { registrationId: voters[1]!.id, ideaId: first!.id, items, actor: 'test' },
      clock.now,
    );
    assert.deepEqual(late, { ok: false, code: 'pitch_not_running' });
    assert.deepEqual(await scoresOf(voters[1]!.id), before, 'nothing stored');
    await goto(first!.id);

    if (db().kind === 'postgres') {
      // A step still uncommitted when the feedback's transaction reads the run: the feedback
      // waits for it and then sees the new pitch (without the lock it would read the old one).
      let release = () => {};
      let moved = () => {};
      const hasMoved = new Promise<void>((resolve) => (moved = resolve));
      const step = store.db.transaction().execute(async (trx) => {
        await trx
          .updateTable('pitch_runs')
          .set((eb) => ({ current_idea_id: second!.id, version: eb('version', '+', 1) }))
          .where('session_id', '=', sessionB)
          .execute();
        moved();
        await new Promise<void>((resolve) => (release = resolve));
      });
      await hasMoved;
      let settled = false;
      const feedback = giveFeedback(
        deps,
        { registrationId: voters[1]!.id, ideaId: first!.id, items, actor: 'test' },
        clock.now,
      ).finally(() => {
        settled = true;
      });
      await new Promise((resolve) => setTimeout(resolve, 300));
      assert.equal(settled, false, 'the feedback waits for the step');
      release();
      await step;
      assert.deepEqual(await feedback, { ok: false, code: 'pitch_not_running' });
      assert.deepEqual(await scoresOf(voters[1]!.id), before);
      await goto(first!.id);
    }
  });

  test('the summary has the mean, spread, distribution and every comment, anonymous', async () => {
    const [first] = await ideaIds();
    const summary = await getIdeaSummary(store.db, first!.id);
    assert.ok(summary);
    assert.equal(summary.respondents, 4);
    const [impact, innovation, delivery] = summary.criteria;
    assert.deepEqual(impact?.counts, [0, 0, 1, 2, 1], 'scores 5, 3, 4, 4');
    assert.equal(impact?.average, 4);
    assert.ok(Math.abs((impact?.spread ?? 0) - Math.SQRT1_2) < 1e-9, 'population standard deviation');
    assert.deepEqual([impact?.min, impact?.max], [3, 5]);
    assert.deepEqual(innovation?.counts, [0, 0, 1, 2, 1]);
    assert.deepEqual(delivery?.counts, [0, 1, 1, 2, 0], 'scores 3, 4, 2, 4');
    assert.equal(delivery?.average, 3.25);
    assert.deepEqual(impact?.comments, ['Bra først', 'God idé', 'Hvem eier <em>dataene</em>?'], 'sorted by text');
    assert.deepEqual(innovation?.comments, []);

    const page = await t.app.inject({ url: `/m/${kari.token}/idea/summary` });
    assert.equal(page.statusCode, 200);
    assert.match(page.body, /4 personer ga tilbakemelding/);
    assert.match(page.body, /Snitt 4,0 av 5 · spredning \(standardavvik\) 0,7 · fra 3 til 5/);
    assert.match(page.body, /Hvem eier &lt;em>dataene&lt;\/em>\?/);
    assert.doesNotMatch(page.body, /Anne|Bård|Cecilie|Ola Nordmann/, 'no names of who gave feedback');
    assert.match((await t.app.inject({ url: `/m/${kari.token}` })).body, /Se tilbakemeldingene på ideen din/);
    // Someone without an idea has no summary.
    assert.equal((await t.app.inject({ url: `/m/${voters[0]!.token}/idea/summary` })).statusCode, 404);
    assert.equal((await t.app.inject({ url: `/m/${voters[0]!.token}/idea/summary.pdf` })).statusCode, 404);
  });

  test('the summary PDF says the same, in the embedded font', async () => {
    const pdf = await t.app.inject({ url: `/m/${kari.token}/idea/summary.pdf` });
    assert.equal(pdf.statusCode, 200);
    assert.equal(pdf.headers['content-type'], 'application/pdf');
    assert.match(
      String(pdf.headers['content-disposition']),
      /attachment; filename="test-event-[^"]+-tilbakemeldinger\.pdf"/,
    );
    const text = (await pdfText(pdf.rawPayload)).join(' ');
    assert.match(text, /Tilbakemeldinger: Digital nabohjelp for eldre/);
    assert.match(text, /4 personer ga tilbakemelding/);
    assert.match(text, /Samfunnsnytte\/virkning/);
    assert.match(text, /Gjennomføring og partnere/);
    assert.match(text, /Snitt 4,0 av 5/);
    assert.match(text, /Hvem eier <em>dataene<\/em>\?/);
    assert.match(text, /Side 1 av 1/);
    const english = await t.app.inject({ url: `/m/${kari.token}/idea/summary.pdf?lang=en` });
    assert.match((await pdfText(english.rawPayload)).join(' '), /Mean 4\.0 out of 5/);
  });

  test('finishing sends each owner with feedback one summary mail, exactly once', async () => {
    const [first] = await ideaIds();
    const finished = await step('finish');
    assert.equal(finished.statusCode, 303);
    assert.match(String(finished.headers.location), /done=finished&mailed=1/);
    const r = await runRow();
    assert.deepEqual([r.status, r.current_idea_id, r.phase], ['finished', null, null]);
    assert.ok(r.summaries_sent_at);
    const mails = async () =>
      store.db.selectFrom('outbox').selectAll().where('kind', '=', 'idea.summary').orderBy('id').execute();
    const sent = await mails();
    assert.equal(sent.length, 1, 'Ola got no feedback, so no mail');
    const mail = sent[0]!;
    assert.equal(mail.registration_id, kari.id);
    assert.equal(mail.subject, 'Tilbakemeldinger på ideen din: Digital nabohjelp for eldre');
    assert.match(mail.text_body, /Snitt 4,0 av 5/);
    assert.match(mail.text_body, /- Hvem eier <em>dataene<\/em>\?/);
    assert.match(mail.html_body, /Hvem eier &lt;em>dataene&lt;\/em>\?/);
    assert.doesNotMatch(mail.html_body, /<em>/);
    const link = /http:\/\/samskap\.test(\/m\/[A-Za-z0-9_-]+\/idea\/summary)/.exec(mail.text_body)?.[1];
    assert.ok(link, 'the mail links to the summary page');
    assert.equal((await t.app.inject({ url: link })).statusCode, 200, 'with a working personal link');

    // Again, by a facilitator, by the scheduler, or concurrently from another process: nothing more.
    assert.equal((await step('finish')).statusCode, 409);
    const mailer = createIdeaSummaryMailer({ baseUrl: 'http://samskap.test', domain: 'samskap.test' });
    const later = new Date('2030-11-13T12:00:00.000Z');
    assert.deepEqual(await finishDuePitchRuns({ db: store.db, adapter: store.adapter, mailer }, later), []);
    const other = db().open();
    const twice = await Promise.all(
      [store, other].map((s) =>
        finishPitches(
          { db: s.db, adapter: s.adapter, mailer },
          { eventId, sessionId: sessionB, version: r.version, actor: 'test' },
          later,
        ),
      ),
    );
    assert.ok(twice.every((x) => !x.ok));
    assert.equal((await mails()).length, 1);
    // Feedback after the end is refused.
    const [c1] = await criteria();
    const late = await postMine(t.app, voters[0]!.token, 'feedback', {
      idea: String(first!.id),
      [`score.${c1!.id}`]: '1',
    });
    assert.equal(late.statusCode, 409);
    assert.match((await t.app.inject({ url: `/m/${voters[0]!.token}/feedback` })).body, /Sesjonen er avsluttet/);
  });

  test('the scheduler finishes a run left going an hour after the session, and mails once', async () => {
    const slug2 = await addEvent(store, smallEvent({ a: 10, b: 10 }));
    const ev = await store.db.selectFrom('events').select('id').where('slug', '=', slug2).executeTakeFirstOrThrow();
    const s = await store.db
      .updateTable('sessions')
      .set({ pitch: 1 })
      .where('event_id', '=', ev.id)
      .where('code', '=', 'B')
      .returning(['id', 'ends_at'])
      .executeTakeFirstOrThrow();
    const owner = await signUpOne(store, slug2, 'eier', 'Eva Eier', 'B');
    const voter = await signUpOne(store, slug2, 'velger', 'Vera Velger', 'B');
    assert.equal((await postMine(t.app, owner.token, 'idea', IDEA)).statusCode, 303);
    const who = await organiser(store);
    const runUrl = `/admin/events/${slug2}/pitches/run?session=B`;
    assert.equal((await postAdminForm(t.app, who, runUrl, runUrl, { op: 'start', version: '0' })).statusCode, 303);
    const crit = await store.db.selectFrom('rubric_criteria').select('id').where('event_id', '=', ev.id).execute();
    const idea = await store.db
      .selectFrom('ideas')
      .select('id')
      .where('registration_id', '=', owner.id)
      .executeTakeFirstOrThrow();
    const form: Record<string, string> = { idea: String(idea.id) };
    for (const c of crit) form[`score.${c.id}`] = '4';
    assert.equal((await postMine(t.app, voter.token, 'feedback', form)).statusCode, 303);
    const mailer = createIdeaSummaryMailer({ baseUrl: 'http://samskap.test', domain: 'samskap.test' });
    const deps = { db: store.db, adapter: store.adapter, mailer };
    const ends = new Date(s.ends_at).getTime();
    assert.deepEqual(await finishDuePitchRuns(deps, new Date(ends + 30 * 60_000)), [], 'not yet');
    const [a, b] = await Promise.all([
      finishDuePitchRuns(deps, new Date(ends + 61 * 60_000)),
      finishDuePitchRuns({ ...deps, ...db().open() }, new Date(ends + 61 * 60_000)),
    ]);
    assert.deepEqual([...a, ...b], [s.id]);
    const mails = await store.db
      .selectFrom('outbox')
      .select('to_address')
      .where('kind', '=', 'idea.summary')
      .where('event_id', '=', ev.id)
      .execute();
    assert.equal(mails.length, 1);
    assert.match(mails[0]!.to_address, /^eier-/);
  });

  test('the scheduler tells the open boards and phones about a run it finished', async () => {
    const slug3 = await addEvent(store, smallEvent({ a: 10, b: 10 }));
    const ev = await store.db.selectFrom('events').select('id').where('slug', '=', slug3).executeTakeFirstOrThrow();
    const s = await store.db
      .updateTable('sessions')
      .set({ pitch: 1 })
      .where('event_id', '=', ev.id)
      .where('code', '=', 'B')
      .returning(['id', 'ends_at'])
      .executeTakeFirstOrThrow();
    const owner = await signUpOne(store, slug3, 'eier3', 'Eli Eier', 'B');
    assert.equal((await postMine(t.app, owner.token, 'idea', IDEA)).statusCode, 303);
    const who = await organiser(store);
    const runUrl = `/admin/events/${slug3}/pitches/run?session=B`;
    assert.equal((await postAdminForm(t.app, who, runUrl, runUrl, { op: 'start', version: '0' })).statusCode, 303);
    const published: string[] = [];
    const round = (now: Date) =>
      runScheduledMessages(store, {
        mailer: createMessageMailer({ baseUrl: 'http://samskap.test', domain: 'samskap.test' }),
        ideaMailer: createIdeaSummaryMailer({ baseUrl: 'http://samskap.test', domain: 'samskap.test' }),
        now: () => now,
        publish: (topic) => published.push(topic),
      });
    const ends = new Date(s.ends_at).getTime();
    assert.deepEqual((await round(new Date(ends + 30 * 60_000))).pitchesFinished, []);
    assert.deepEqual(published, [], 'nothing finished, nothing told');
    assert.deepEqual((await round(new Date(ends + 61 * 60_000))).pitchesFinished, [s.id]);
    assert.deepEqual(published, [`pitches:${s.id}`, `pitchrun:${s.id}`]);
  });

  test('organisers edit the rubric; facilitators may only look; a scored criterion stays', async () => {
    const rubric = `${base()}/rubric`;
    const page = await t.app.inject({ url: rubric, headers: { cookie: facilitator.cookie } });
    assert.match(page.body, /Bare arrangører kan endre kriteriene/);
    const refused = await postAdminForm(t.app, facilitator, rubric, rubric, {
      op: 'add',
      'new.name': 'Etikk',
      'new.description': '',
    });
    assert.equal(refused.statusCode, 403);
    const empty = await postAdminForm(t.app, org, rubric, rubric, {
      op: 'add',
      'new.name': '  ',
      'new.description': '',
    });
    assert.equal(empty.statusCode, 422);
    assert.match(empty.body, /Fyll ut feltet/);
    const added = await postAdminForm(t.app, org, rubric, rubric, {
      op: 'add',
      'new.name': 'Etikk og personvern',
      'new.description': 'Er dataene trygge?',
    });
    assert.equal(added.statusCode, 303);
    let list = await criteria();
    assert.deepEqual(
      list.map((c) => c.name),
      ['Samfunnsnytte/virkning', 'Innovasjonsgrad', 'Gjennomføring og partnere', 'Etikk og personvern'],
    );
    const ethics = list[3]!;
    assert.equal(
      (await postAdminForm(t.app, org, rubric, rubric, { op: 'up', id: String(ethics.id) })).statusCode,
      303,
    );
    const renamed = await postAdminForm(t.app, org, rubric, rubric, {
      op: 'save',
      id: String(ethics.id),
      [`c${ethics.id}.name`]: 'Etikk',
      [`c${ethics.id}.description`]: '',
    });
    assert.equal(renamed.statusCode, 303);
    list = await criteria();
    assert.deepEqual(
      list.map((c) => c.name),
      ['Samfunnsnytte/virkning', 'Innovasjonsgrad', 'Etikk', 'Gjennomføring og partnere'],
    );
    const used = await postAdminForm(t.app, org, rubric, rubric, { op: 'remove', id: String(list[0]!.id) });
    assert.equal(used.statusCode, 409);
    assert.match(used.body, /har fått poeng/);
    const removed = await postAdminForm(t.app, org, rubric, rubric, { op: 'remove', id: String(ethics.id) });
    assert.equal(removed.statusCode, 303);
    assert.equal((await criteria()).length, 3);
    const strangerPost = await postAdminForm(t.app, stranger, '/admin', rubric, {
      op: 'remove',
      id: String(list[1]!.id),
    });
    assert.equal(strangerPost.statusCode, 404);
  });

  test('the display link shows the pitch board without a login, until it is revoked', async () => {
    const link = await createDisplayLink(
      { db: store.db, adapter: store.adapter },
      { eventId, label: 'Salen', userId: org.userId, actor: 'test' },
      NOW,
    );
    assert.ok(link.ok);
    const index = await t.app.inject({ url: `/vis/${link.token}` });
    assert.equal(index.statusCode, 200);
    assert.match(index.body, new RegExp(`href="/vis/${link.token}/pitch/B"`), 'the index leads to the pitch board');
    assert.doesNotMatch(index.body, new RegExp(`/vis/${link.token}/pitch/A`), 'only pitch sessions are listed');
    const page = await t.app.inject({ url: `/vis/${link.token}/pitch/B` });
    assert.equal(page.statusCode, 200);
    assert.match(page.body, /Pitcher i sesjon B/);
    assert.match(page.body, /Takk for alle pitchene!/, 'the session is over');
    assert.match(page.body, new RegExp(`data-live-src="/vis/${link.token}/pitch/B/live"`));
    assert.equal((await t.app.inject({ url: `/vis/${link.token}/pitch/A` })).statusCode, 404);
    assert.equal((await t.app.inject({ url: '/vis/feil-lenke-0000000000000000000/pitch/B' })).statusCode, 404);
    await revokeDisplayLink({ db: store.db, adapter: store.adapter }, { eventId, linkId: link.id, actor: 'test' }, NOW);
    assert.equal((await t.app.inject({ url: `/vis/${link.token}/pitch/B` })).statusCode, 404);
  });

  test('the editor marks a session as a pitch session', async () => {
    const sessions = `/admin/events/${slug}/edit/sessions`;
    const page = await t.app.inject({ url: sessions, headers: { cookie: org.cookie } });
    assert.match(page.body, /Pitchesesjon \(forskningsverksted\)/);
    const row = await store.db
      .selectFrom('sessions')
      .selectAll()
      .where('event_id', '=', eventId)
      .where('code', '=', 'A')
      .executeTakeFirstOrThrow();
    const version = String(
      (await store.db.selectFrom('events').select('version').where('id', '=', eventId).executeTakeFirstOrThrow())
        .version,
    );
    const key = `s${row.id}`;
    const saved = await postAdminForm(t.app, org, sessions, `${sessions}/${row.id}`, {
      version,
      action: 'save',
      [`${key}.code`]: 'A',
      [`${key}.title`]: row.title,
      [`${key}.description`]: '',
      [`${key}.facilitator`]: row.facilitator,
      [`${key}.partId`]: String(row.part_id),
      [`${key}.date`]: '2030-11-12',
      [`${key}.startTime`]: '13:00',
      [`${key}.endTime`]: '15:30',
      [`${key}.capacity`]: '40',
      [`${key}.pitch`]: 'on',
    });
    assert.ok([302, 303].includes(saved.statusCode), `saved (${saved.statusCode}): ${saved.body.slice(0, 300)}`);
    const after = await store.db
      .selectFrom('sessions')
      .select('pitch')
      .where('id', '=', row.id)
      .executeTakeFirstOrThrow();
    assert.equal(after.pitch, 1);
    assert.match((await t.app.inject({ url: `/m/${outsider.token}` })).body, /Forskningsidé/);
  });

  test('deleting a registration takes its idea and comments along', async () => {
    await store.adapter.transaction(store.db, (trx) => anonymiseRegistrations(trx, [kari.id, voters[0]!.id], NOW));
    assert.equal(
      (await store.db.selectFrom('ideas').select('id').where('registration_id', '=', kari.id).execute()).length,
      0,
    );
    const left = await store.db
      .selectFrom('idea_scores')
      .select('comment')
      .where('registration_id', '=', voters[0]!.id)
      .execute();
    assert.ok(left.every((s) => s.comment === ''));
  });
});
