// Sign-up by e-mail (issue 9), mailbox side: uploads of .eml and .mbox files become
// registrations through the form's rules, with the confirmation as a reply in the sender's
// thread; each message is processed once; the review queue shows the message as text beside the
// proposal for the organiser to correct and accept, cancel, or ignore; bad input never crashes;
// the mailbox password is stored encrypted; only the event's organisers get in.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { credentialKeyFrom, decryptCredential } from '../src/core/mail-intake/credentials.ts';
import { receiveMessage } from '../src/core/mail-intake/receive-message.ts';
import type { ParseFn } from '../src/core/mail-intake/types.ts';
import { erasePerson } from '../src/core/privacy/erase-person.ts';
import { purgeExpiredEvents } from '../src/core/privacy/purge-expired-events.ts';
import { registerParticipants } from '../src/core/registrations/register-participants.ts';
import type { Store } from '../src/db/connect.ts';
import { adminForm, organiser, postAdminForm, type TestOrganiser } from './support/admin.ts';
import { startApp, type TestApp } from './support/app.ts';
import { onEachDatabase } from './support/databases.ts';
import { addEvent, NOW, person, signUp, testDeps } from './support/fixtures.ts';
import { mail, mayorSignUp, mbox, multipartBody, seminarEvent } from './support/mails.ts';

const SECRET = 'test-secret-test-secret-test-secret-0123456789';

async function upload(
  app: FastifyInstance,
  who: TestOrganiser,
  slug: string,
  files: { filename: string; content: Buffer }[],
  options: { csrf?: string } = {},
) {
  const page = `/admin/events/${slug}/mail`;
  const { token, cookie } = await adminForm(app, page, who);
  const body = multipartBody(
    [['_csrf', options.csrf ?? token]],
    files.map((f) => ({ name: 'files', ...f })),
  );
  return app.inject({
    method: 'POST',
    url: `${page}/upload`,
    headers: { cookie, 'content-type': body.contentType },
    payload: body.payload,
  });
}

onEachDatabase('sign-up by e-mail', (db) => {
  let t: TestApp;
  let store: Store;
  let slug: string;
  let eventId: number;
  let org: TestOrganiser;
  let clock = NOW;
  const page = () => `/admin/events/${slug}/mail`;

  const registrations = (email: string) =>
    store.db
      .selectFrom('registrations')
      .leftJoin('sessions', 'sessions.id', 'registrations.session_id')
      .select([
        'registrations.id',
        'registrations.name',
        'registrations.email',
        'registrations.role',
        'registrations.status',
        'registrations.booking_id',
        'registrations.lang',
        'registrations.organization',
        'sessions.code as session',
      ])
      .where('registrations.event_id', '=', eventId)
      .where((eb) =>
        eb.or([
          eb('registrations.email_norm', '=', email),
          // Companions without an address of their own, on this booker's booking.
          eb.and([
            eb('registrations.email', 'is', null),
            eb('registrations.booking_id', 'in', (sub) =>
              sub.selectFrom('registrations as b').select('b.booking_id').where('b.email_norm', '=', email),
            ),
          ]),
        ]),
      )
      .orderBy('registrations.id')
      .execute();
  const outboxTo = (email: string) =>
    store.db.selectFrom('outbox').selectAll().where('to_address', '=', email).orderBy('id').execute();
  const intake = () =>
    store.db.selectFrom('intake_messages').selectAll().where('event_id', '=', eventId).orderBy('id').execute();

  before(async () => {
    store = db().store;
    t = await startApp(store, { now: () => clock });
    slug = await addEvent(store, seminarEvent());
    eventId = (await store.db.selectFrom('events').select('id').where('slug', '=', slug).executeTakeFirstOrThrow()).id;
    org = await organiser(store);
  });
  after(async () => t.close());

  test('an uploaded .eml sign-up becomes a registration, answered in the sender’s thread, once', async () => {
    const signup = mayorSignUp();
    const res = await upload(t.app, org, slug, [{ filename: 'berit.eml', content: signup.raw }]);
    assert.equal(res.statusCode, 200, res.body);
    assert.match(res.body, /Lest 1 meldinger: 1 påmeldinger godtatt/);
    const [reg, ...none] = await registrations('berit.sandvik@frosta.example.no');
    assert.equal(none.length, 0);
    assert.ok(reg);
    assert.equal(reg.name, 'Berit Sandvik');
    assert.equal(reg.role, 'politician');
    assert.equal(reg.session, '2A');
    assert.equal(reg.status, 'confirmed');
    assert.equal(reg.lang, 'nb');
    const [reply] = await outboxTo('berit.sandvik@frosta.example.no');
    assert.ok(reply);
    assert.equal(reply.kind, 'registration.confirmation');
    assert.equal(reply.subject, 'Re: Påmelding til seminaret');
    assert.equal(reply.in_reply_to, signup.messageId);
    assert.equal(reply.references_ids, signup.messageId);
    assert.match(reply.text_body, /http:\/\/[^ ]+\/m\//); // the personal link
    const [row] = await intake();
    assert.equal(row?.state, 'accepted');
    assert.deepEqual(JSON.parse(row?.registration_ids_json ?? '[]'), [reg.id]);
    const audit = await store.db
      .selectFrom('audit_log')
      .select('action')
      .where('subject_type', '=', 'intake_message')
      .where('subject_id', '=', row?.id ?? 0)
      .execute();
    assert.deepEqual(audit.map((a) => a.action).sort(), ['mail_intake.accepted', 'mail_intake.received']);

    // The same message again (an export uploaded twice) is recognised and skipped.
    const again = await upload(t.app, org, slug, [{ filename: 'igjen.mbox', content: mbox([signup.raw]) }]);
    assert.match(again.body, /1 allerede lest/);
    assert.equal((await registrations('berit.sandvik@frosta.example.no')).length, 1);
    assert.equal((await outboxTo('berit.sandvik@frosta.example.no')).length, 1);
    assert.equal((await intake()).length, 1);
  });

  test('a role outside the list ("masterstudent") is signed up as "other" with the writer’s own words', async () => {
    const student = mail({
      from: 'Emma Strand <emma.strand@student.example.no>',
      subject: 'Påmelding – student',
      body: 'Hei!\n\nJeg er masterstudent i offentlig ledelse og skriver masteroppgave om samskaping. Jeg vil gjerne melde meg på seminaret og være med på møteplassen (2A) etter lunsj.\n\nMvh\nEmma Strand',
    });
    // An event of its own, so the other tests' counts stay as they are.
    const own = await addEvent(store, seminarEvent());
    const res = await upload(t.app, org, own, [{ filename: 'emma.eml', content: student.raw }]);
    assert.equal(res.statusCode, 200, res.body);
    const row = await store.db
      .selectFrom('registrations')
      .innerJoin('events', 'events.id', 'registrations.event_id')
      .select(['registrations.role', 'registrations.role_other'])
      .where('events.slug', '=', own)
      .where('registrations.email_norm', '=', 'emma.strand@student.example.no')
      .executeTakeFirst();
    assert.ok(row, 'signed up without review');
    assert.equal(row.role, 'other');
    assert.equal(row.role_other, 'masterstudent');
  });

  test('when the automatic sign-up is refused for a field, the review page says which and why', async () => {
    const question = mail({
      from: 'Per Lie <per.lie@example.no>',
      subject: 'Påmelding',
      body: 'Hei, jeg melder meg på 2A. Er det parkering ved Rådhuset?\n\nPer Lie',
    });
    const own = await addEvent(store, seminarEvent());
    await upload(t.app, org, own, [{ filename: 'per.eml', content: question.raw }]);
    const stored = await store.db
      .selectFrom('intake_messages')
      .innerJoin('events', 'events.id', 'intake_messages.event_id')
      .select(['intake_messages.id', 'intake_messages.state'])
      .where('events.slug', '=', own)
      .executeTakeFirst();
    assert.ok(stored && stored.state === 'pending_review');
    // As the automatic attempt leaves it when the sign-up refuses the first person's role.
    await store.db
      .updateTable('intake_messages')
      .set({ outcome: 'invalid', outcome_fields: JSON.stringify({ 'p.0.roleOther': 'role_other_required' }) })
      .where('id', '=', stored.id)
      .execute();
    const ownPage = `/admin/events/${own}/mail`;
    const { cookie } = await adminForm(t.app, ownPage, org);
    const view = await t.app.inject({ url: `${ownPage}/${stored.id}`, headers: { cookie } });
    assert.equal(view.statusCode, 200);
    assert.match(view.body, /Beskriv rollen når du har valgt «Annet»\./, 'the problem stands beside the field');
  });

  test('an .mbox export is split into its messages; people without an address hang on the booker', async () => {
    const pair = mail({
      from: 'Randi Hoel <randi.hoel@example.com>',
      subject: 'Påmelding for to frivillige',
      body: [
        'Hei,',
        '',
        'Vi er to frivillige fra Levanger Frivilligsentral som gjerne vil komme:',
        '',
        '- Randi Hoel (meg)',
        '- Kåre Bjerkan (han har ikke e-post)',
        '',
        'Vi kommer begge som frivillige og vil delta på 2A, møteplassen.',
        '',
        'Hilsen Randi Hoel',
        'Levanger Frivilligsentral',
      ].join('\n'),
    });
    const question = mail({
      from: 'Per Olsen <per.olsen@example.org>',
      subject: 'Parkering?',
      body: 'Hei! Er det parkering ved campus, og blir det servert lunsj? Hilsen Per',
    });
    const ooo = mail({
      from: 'Lise Berg <lise.berg@example.org>',
      subject: 'Automatisk svar: Invitasjon til seminar',
      body: 'Jeg er på ferie til 20. september og leser ikke e-post. Hilsen Lise',
      headers: ['Auto-Submitted: auto-replied'],
    });
    const res = await upload(t.app, org, slug, [
      { filename: 'innboks.mbox', content: mbox([pair.raw, question.raw, ooo.raw]) },
    ]);
    assert.equal(res.statusCode, 200, res.body);
    assert.match(
      res.body,
      /Lest 3 meldinger: 1 påmeldinger godtatt, 0 avmeldinger, 0 endringer, 1 til gjennomgang, 1 ignorert/,
    );
    const people = await registrations('randi.hoel@example.com');
    assert.deepEqual(
      people.map((p) => [p.name, p.email, p.role, p.session]),
      [
        ['Randi Hoel', 'randi.hoel@example.com', 'volunteer', '2A'],
        ['Kåre Bjerkan', null, 'volunteer', '2A'],
      ],
    );
    assert.equal(people[0]?.booking_id, people[1]?.booking_id);
    const replies = await outboxTo('randi.hoel@example.com');
    assert.equal(replies.length, 1);
    assert.equal(replies[0]?.in_reply_to, pair.messageId);
    assert.match(replies[0]?.text_body ?? '', /Kåre Bjerkan/);
    // The question waits in the review queue; the auto-reply is set aside.
    const listed = await t.app.inject({ url: page(), headers: { cookie: org.cookie } });
    assert.match(listed.body, /Til gjennomgang \(1\)/);
    assert.match(listed.body, /Parkering\?/);
    const states = (await intake()).map((r) => [r.subject, r.state]);
    assert.deepEqual(states.slice(1), [
      ['Påmelding for to frivillige', 'accepted'],
      ['Parkering?', 'pending_review'],
      ['Automatisk svar: Invitasjon til seminar', 'ignored'],
    ]);
    assert.equal((await outboxTo('lise.berg@example.org')).length, 0);
    assert.equal((await outboxTo('per.olsen@example.org')).length, 0);
  });

  test('the organiser corrects a proposal in the review queue and accepts it in one click', async () => {
    const question = (await intake()).find((r) => r.subject === 'Parkering?');
    assert.ok(question);
    const url = `${page()}/${question.id}`;
    const view = await t.app.inject({ url, headers: { cookie: org.cookie } });
    assert.equal(view.statusCode, 200);
    assert.match(view.body, /Er det parkering ved campus/);
    assert.match(view.body, /name="p\.0\.name"/);
    // A wrong field comes back beside the field, and nothing is registered.
    const wrong = await postAdminForm(t.app, org, url, `${url}/accept`, {
      'p.0.name': 'Per Olsen',
      'p.0.email': 'per.olsen@example.org',
      'p.0.role': '',
      'p.0.session': '2B',
      lang: 'nb',
    });
    assert.equal(wrong.statusCode, 422);
    assert.match(wrong.body, /Velg hvilken rolle du kommer i\./);
    assert.equal((await registrations('per.olsen@example.org')).length, 0);
    const ok = await postAdminForm(t.app, org, url, `${url}/accept`, {
      'p.0.name': 'Per Olsen',
      'p.0.email': 'per.olsen@example.org',
      'p.0.role': 'citizen',
      'p.0.session': '2B',
      'p.0.organization': '',
      'p.0.needs': 'Glutenfri lunsj',
      'p.1.name': '',
      'p.1.email': '',
      lang: 'nn',
    });
    assert.equal(ok.statusCode, 303, ok.body);
    const [per] = await registrations('per.olsen@example.org');
    assert.ok(per);
    assert.deepEqual([per.name, per.role, per.session, per.lang], ['Per Olsen', 'citizen', '2B', 'nn']);
    const [reply] = await outboxTo('per.olsen@example.org');
    assert.equal(reply?.subject, 'Re: Parkering?');
    assert.equal(reply?.in_reply_to, question.message_id);
    const row = (await intake()).find((r) => r.id === question.id);
    assert.equal(row?.state, 'accepted');
    assert.equal(row?.handled_by, org.userId);
    const audit = await store.db
      .selectFrom('audit_log')
      .select(['action', 'actor'])
      .where('subject_type', '=', 'intake_message')
      .where('subject_id', '=', question.id)
      .where('action', '=', 'mail_intake.accepted')
      .executeTakeFirst();
    assert.match(audit?.actor ?? '', new RegExp(`^user:${org.userId}:`));
    // Decided once: a second accept is refused.
    const twice = await postAdminForm(t.app, org, url, `${url}/accept`, {
      'p.0.name': 'Per Olsen',
      'p.0.email': 'per.olsen@example.org',
      'p.0.role': 'citizen',
      'p.0.session': '2B',
      lang: 'nb',
    });
    assert.equal(twice.statusCode, 409);
  });

  test('ignore sets a message aside with an audit row', async () => {
    const q = mail({ from: 'Ola <ola@example.org>', subject: 'Spørsmål om program', body: 'Når starter dere?' });
    await upload(t.app, org, slug, [{ filename: 'q.eml', content: q.raw }]);
    const row = (await intake()).find((r) => r.message_id === q.messageId);
    assert.equal(row?.state, 'pending_review');
    const url = `${page()}/${row?.id}`;
    const res = await postAdminForm(t.app, org, url, `${url}/ignore`, {});
    assert.equal(res.statusCode, 303);
    const after = (await intake()).find((r) => r.id === row?.id);
    assert.equal(after?.state, 'ignored');
    const audit = await store.db
      .selectFrom('audit_log')
      .select('action')
      .where('subject_type', '=', 'intake_message')
      .where('subject_id', '=', row?.id ?? 0)
      .where('action', '=', 'mail_intake.ignored')
      .execute();
    assert.equal(audit.length, 1);
  });

  test('the review page gives the parser’s reasons in the organiser’s language, with the person’s name', async () => {
    const asks = mail({
      from: 'Marit Holm <marit.holm@example.org>',
      subject: 'Påmelding',
      body: 'Hei! Jeg melder meg på 2A. Blir det servert lunsj?\n\nHilsen Marit Holm',
    });
    await upload(t.app, org, slug, [{ filename: 'asks.eml', content: asks.raw }]);
    const row = (await intake()).find((r) => r.message_id === asks.messageId);
    assert.ok(row);
    assert.equal(row.state, 'pending_review');
    // Stored as codes (for the page) and as the English texts of the CLI.
    const stored = JSON.parse(row.parsed_json) as { reasonCodes: unknown[]; reasons: string[] };
    assert.deepEqual(stored.reasonCodes, [{ code: 'asks_question' }, { code: 'no_role', person: 'Marit Holm' }]);
    assert.deepEqual(stored.reasons, ['asks a question that needs an answer', 'Marit Holm: no role found']);
    const url = `${page()}/${row.id}`;
    const nb = await t.app.inject({ url, headers: { cookie: org.cookie } });
    assert.equal(nb.statusCode, 200);
    assert.match(nb.body, /<h3>Begrunnelse<\/h3><ul><li>Stiller et spørsmål som trenger svar\.<\/li>/);
    assert.match(nb.body, /<li>Marit Holm: Fant ingen rolle\.<\/li>/);
    assert.doesNotMatch(nb.body, /asks a question|no role found/);
    const nn = await t.app.inject({ url: `${url}?lang=nn`, headers: { cookie: org.cookie } });
    assert.match(nn.body, /<li>Stiller eit spørsmål som treng svar\.<\/li>/);
    assert.match(nn.body, /<li>Marit Holm: Fann inga rolle\.<\/li>/);
    const en = await t.app.inject({ url: `${url}?lang=en`, headers: { cookie: org.cookie } });
    assert.match(en.body, /<li>Marit Holm: No role found\.<\/li>/);
    // A message stored before reasons had codes shows its texts; the early codes are translated.
    await store.db
      .updateTable('intake_messages')
      .set({ parsed_json: JSON.stringify({ ...stored, reasonCodes: undefined, reasons: ['a question', 'too_large'] }) })
      .where('id', '=', row.id)
      .execute();
    const old = await t.app.inject({ url, headers: { cookie: org.cookie } });
    assert.equal(old.statusCode, 200);
    assert.match(old.body, /<li>a question<\/li>/);
    assert.match(old.body, /<li>Meldingen er for stor \(et stort vedlegg\)\. Bare begynnelsen er lest\.<\/li>/);
  });

  test('a cancellation from the registered address cancels, answered in the thread', async () => {
    const [before] = await registrations('berit.sandvik@frosta.example.no');
    assert.equal(before?.status, 'confirmed');
    const cancel = mail({
      from: 'Berit Sandvik <berit.sandvik@frosta.example.no>',
      subject: 'Avmelding',
      date: 'Fri, 20 Sep 2030 08:00:00 +0200',
      body: 'Hei,\n\nJeg må dessverre melde meg av seminaret, det har kommet noe i veien.\n\nHilsen Berit Sandvik',
    });
    const res = await upload(t.app, org, slug, [{ filename: 'avmelding.eml', content: cancel.raw }]);
    assert.match(res.body, /1 avmeldinger/);
    const [afterCancel] = await registrations('berit.sandvik@frosta.example.no');
    assert.equal(afterCancel?.status, 'cancelled');
    const mails = await outboxTo('berit.sandvik@frosta.example.no');
    const last = mails[mails.length - 1];
    assert.equal(last?.kind, 'registration.cancelled');
    assert.equal(last?.in_reply_to, cancel.messageId);
    assert.equal(last?.subject, 'Re: Avmelding');
  });

  test('a change of session from the registered address is made like the personal link does, answered in the thread', async () => {
    const reg = await registerParticipants(
      testDeps(store),
      signUp(slug, 'ola.bytte@example.com', { name: 'Ola Bytte', session: '2A', role: 'citizen' }),
      NOW,
    );
    assert.ok(reg.ok);
    const change = mail({
      from: 'Ola Bytte <ola.bytte@example.com>',
      subject: 'Bytte sesjon',
      body: 'Hei,\n\nJeg er påmeldt møteplassen, men vil gjerne bytte til workshopen om forskningssøknader.\n\nHilsen Ola Bytte',
    });
    const res = await upload(t.app, org, slug, [{ filename: 'bytte.eml', content: change.raw }]);
    assert.match(res.body, /0 avmeldinger, 1 endringer, 0 til gjennomgang/);
    const [ola] = await registrations('ola.bytte@example.com');
    assert.equal(ola?.session, '2B');
    assert.equal(ola?.status, 'confirmed');
    const replies = (await outboxTo('ola.bytte@example.com')).filter((m) => m.kind === 'registration.changed');
    assert.equal(replies.length, 1);
    assert.equal(replies[0]?.in_reply_to, change.messageId);
    assert.equal(replies[0]?.subject, 'Re: Bytte sesjon');
    assert.match(replies[0]?.text_body ?? '', /http:\/\/[^ ]+\/m\//);
    const row = (await intake()).find((r) => r.message_id === change.messageId);
    assert.equal(row?.state, 'changed');
    assert.deepEqual(JSON.parse(row?.registration_ids_json ?? '[]'), [ola?.id]);
    const audit = await store.db
      .selectFrom('audit_log')
      .select('action')
      .where('subject_type', '=', 'registration')
      .where('subject_id', '=', ola!.id)
      .execute();
    assert.ok(audit.some((a) => a.action === 'registration.session_changed'));

    // A need is added to those given, not put in their place; the answer is in the thread.
    await store.db.updateTable('registrations').set({ needs: 'Rullestol' }).where('id', '=', ola!.id).execute();
    const need = mail({
      from: 'Ola Bytte <ola.bytte@example.com>',
      subject: 'Glemte noe',
      body: 'Hei igjen,\n\nGlemte å skrive at jeg er vegetarianer.\n\nOla Bytte',
    });
    await upload(t.app, org, slug, [{ filename: 'behov.eml', content: need.raw }]);
    const details = await store.db
      .selectFrom('registrations')
      .select(['needs', 'needs_consent_at', 'role'])
      .where('id', '=', ola!.id)
      .executeTakeFirstOrThrow();
    assert.match(details.needs, /^Rullestol\n.*vegetarianer/);
    assert.ok(details.needs_consent_at);
    assert.equal(details.role, 'citizen');
    const answered = (await outboxTo('ola.bytte@example.com')).filter((m) => m.in_reply_to === need.messageId);
    assert.equal(answered[0]?.kind, 'registration.changed');
  });

  test('a change goes to review when the sender has no registration, asks for a full session or for someone else', async () => {
    const stranger = mail({
      from: 'Kari Ukjent <kari.ukjent@example.com>',
      subject: 'Bytte',
      body: 'Hei,\n\nJeg er påmeldt 2A, men vil heller bytte til 2B.\n\nKari Ukjent',
    });
    const colleague = mail({
      from: 'Per Kollega <per.kollega@example.com>',
      subject: 'Bytte for kollega',
      body: 'Hei,\n\nKollegaen min er påmeldt 2A, men vil bytte til 2B.\n\nPer Kollega',
    });
    await upload(t.app, org, slug, [
      { filename: 'a.eml', content: stranger.raw },
      { filename: 'b.eml', content: colleague.raw },
    ]);
    const rows = await intake();
    const strangerRow = rows.find((r) => r.message_id === stranger.messageId);
    assert.equal(strangerRow?.state, 'pending_review');
    assert.equal(strangerRow?.outcome, 'not_registered');
    assert.equal(rows.find((r) => r.message_id === colleague.messageId)?.state, 'pending_review');

    // A full session: nothing changes, and the review page says why.
    const small = await addEvent(store, seminarEvent({ a: 5, b: 1 }));
    await registerParticipants(testDeps(store), signUp(small, 'fyller@example.com', { session: '2B' }), NOW);
    const reg = await registerParticipants(
      testDeps(store),
      signUp(small, 'siri.full@example.com', { name: 'Siri Full', session: '2A' }),
      NOW,
    );
    assert.ok(reg.ok);
    const full = mail({
      from: 'Siri Full <siri.full@example.com>',
      subject: 'Bytte',
      body: 'Hei,\n\nJeg er påmeldt 2A, men vil bytte til 2B om det er plass.\n\nSiri Full',
    });
    const res = await upload(t.app, org, small, [{ filename: 'full.eml', content: full.raw }]);
    assert.match(res.body, /0 endringer, 1 til gjennomgang/);
    const siri = await store.db
      .selectFrom('registrations')
      .innerJoin('sessions', 'sessions.id', 'registrations.session_id')
      .select(['sessions.code', 'registrations.status'])
      .where('registrations.email_norm', '=', 'siri.full@example.com')
      .executeTakeFirstOrThrow();
    assert.deepEqual([siri.code, siri.status], ['2A', 'confirmed']);
    const row = await store.db
      .selectFrom('intake_messages')
      .select(['id', 'state', 'outcome'])
      .where('message_id', '=', full.messageId)
      .executeTakeFirstOrThrow();
    assert.deepEqual([row.state, row.outcome], ['pending_review', 'session_full']);
    const view = await t.app.inject({ url: `/admin/events/${small}/mail/${row.id}`, headers: { cookie: org.cookie } });
    assert.match(view.body, /Sesjonen avsenderen vil bytte til, er full\./);
  });

  test('the organiser makes a change from the review queue in one click, answered in the thread', async () => {
    const reg = await registerParticipants(
      testDeps(store),
      signUp(slug, 'mona.to@example.com', { name: 'Mona To', session: '2A', role: 'citizen' }),
      NOW,
    );
    assert.ok(reg.ok && reg.booker.registrationId);
    const id = reg.booker.registrationId;
    // Two changes at once: the parser leaves it to a person.
    const twice = mail({
      from: 'Mona To <mona.to@example.com>',
      subject: 'Endringer',
      body: 'Hei,\n\nJeg er påmeldt 2A, men vil bytte til 2B. Glemte å skrive at jeg er vegetarianer.\n\nMona To',
    });
    await upload(t.app, org, slug, [{ filename: 'to-endringer.eml', content: twice.raw }]);
    const row = (await intake()).find((r) => r.message_id === twice.messageId);
    assert.equal(row?.state, 'pending_review');
    const url = `${page()}/${row!.id}`;
    const view = await t.app.inject({ url, headers: { cookie: org.cookie } });
    assert.match(view.body, /<h3 id="change-title">Gjør endringen<\/h3>/);
    assert.match(view.body, new RegExp(`name="registration" value="${id}"[^>]*checked`));
    assert.match(view.body, /<option value="2B" selected/);

    const nothing = await postAdminForm(t.app, org, url, `${url}/change`, { registration: String(id) });
    assert.equal(nothing.statusCode, 422);
    assert.match(nothing.body, /Velg en ny sesjon eller rolle, eller skriv et behov som skal legges til\./);

    const res = await postAdminForm(t.app, org, url, `${url}/change`, {
      registration: String(id),
      session: '2B',
      role: '',
      needs: 'Vegetarianer',
    });
    assert.equal(res.statusCode, 303, res.body);
    const [mona] = await registrations('mona.to@example.com');
    assert.equal(mona?.session, '2B');
    const needs = await store.db
      .selectFrom('registrations')
      .select('needs')
      .where('id', '=', id)
      .executeTakeFirstOrThrow();
    assert.equal(needs.needs, 'Vegetarianer');
    const answers = (await outboxTo('mona.to@example.com')).filter((m) => m.in_reply_to === twice.messageId);
    assert.deepEqual(
      answers.map((m) => m.kind),
      ['registration.changed'],
    );
    assert.equal((await intake()).find((r) => r.id === row!.id)?.state, 'changed');
    const again = await postAdminForm(t.app, org, url, `${url}/change`, { registration: String(id), session: '2A' });
    assert.equal(again.statusCode, 409);
  });

  test('"both of us cancel" cancels everyone on the sender’s address, and only when that is all of them', async () => {
    const couple = await registerParticipants(
      testDeps(store),
      signUp(slug, 'harald.par@example.org', { name: 'Harald Par', session: '2A' }, [
        { ...person({ name: 'Jorid Par', session: '2A' }), email: null },
      ]),
      NOW,
    );
    assert.ok(couple.ok);
    const both = mail({
      from: 'Harald Par <harald.par@example.org>',
      subject: 'Avmelding',
      body: 'Hei\n\nVi må dessverre melde oss av begge to, både jeg og Jorid Par.\n\nHilsen Harald Par',
    });
    await upload(t.app, org, slug, [{ filename: 'begge.eml', content: both.raw }]);
    const after = await registrations('harald.par@example.org');
    assert.deepEqual(
      after.map((r) => [r.name, r.status]),
      [
        ['Harald Par', 'cancelled'],
        ['Jorid Par', 'cancelled'],
      ],
    );

    // Three on the address, two named: the third would be left out, so a person decides.
    const trio = await registerParticipants(
      testDeps(store),
      signUp(slug, 'liv.trio@example.org', { name: 'Liv Trio', session: '2A' }, [
        { ...person({ name: 'Ane Trio', session: '2A' }), email: null },
        { ...person({ name: 'Eva Trio', session: '2A' }), email: null },
      ]),
      NOW,
    );
    assert.ok(trio.ok);
    const two = mail({
      from: 'Liv Trio <liv.trio@example.org>',
      subject: 'Avmelding',
      body: 'Hei\n\nVi må dessverre melde oss av begge to, både jeg og Ane Trio.\n\nHilsen Liv Trio',
    });
    await upload(t.app, org, slug, [{ filename: 'to.eml', content: two.raw }]);
    assert.deepEqual(
      (await registrations('liv.trio@example.org')).map((r) => r.status),
      ['confirmed', 'confirmed', 'confirmed'],
    );
    const row = (await intake()).find((r) => r.message_id === two.messageId);
    assert.deepEqual([row?.state, row?.outcome], ['pending_review', 'not_all_on_address']);
  });

  test('a cancellation in the review queue cancels the registrations the organiser picks', async () => {
    const reg = await registerParticipants(
      testDeps(store),
      signUp(slug, 'jon@example.no', { session: '2A', role: 'citizen' }),
      NOW,
    );
    assert.ok(reg.ok && reg.booker.registrationId);
    // A parser that is unsure: the message waits for a person.
    const unsure: ParseFn = async () => ({
      messageId: '<unsure-1@example.no>',
      inReplyTo: null,
      references: [],
      date: new Date('2030-09-20T08:00:00Z'),
      from: { name: 'Jon', email: 'jon@example.no' },
      subject: 'Kan ikke komme likevel',
      text: 'Jeg og kanskje en kollega kan ikke komme.',
      kind: 'cancellation',
      people: [{ name: 'Jon', email: 'jon@example.no', role: null, session: null, organization: null, needs: null }],
      confidence: 0.5,
      decision: 'review',
      reasonCodes: [{ code: 'cancels_others' }],
      reasons: ['cancels someone other than the sender alone'],
    });
    const mailbox = await store.db
      .selectFrom('mailboxes')
      .select('id')
      .where('event_id', '=', eventId)
      .where('kind', '=', 'upload')
      .executeTakeFirstOrThrow();
    const outcome = await receiveMessage(
      { ...testDeps(store), parse: unsure },
      { eventId, mailboxId: mailbox.id, message: { raw: Buffer.from('x'), size: 1, receivedAt: NOW } },
      NOW,
    );
    assert.equal(outcome.status, 'pending_review');
    assert.ok('intakeId' in outcome);
    const url = `${page()}/${outcome.intakeId}`;
    const view = await t.app.inject({ url, headers: { cookie: org.cookie } });
    assert.match(view.body, new RegExp(`name="registration" value="${reg.booker.registrationId}"`));
    const none = await postAdminForm(t.app, org, url, `${url}/cancel`, {});
    assert.equal(none.statusCode, 422);
    const res = await postAdminForm(t.app, org, url, `${url}/cancel`, {
      registration: String(reg.booker.registrationId),
    });
    assert.equal(res.statusCode, 303, res.body);
    const [jon] = await registrations('jon@example.no');
    assert.equal(jon?.status, 'cancelled');
    const [last] = (await outboxTo('jon@example.no')).filter((m) => m.kind === 'registration.cancelled');
    assert.equal(last?.in_reply_to, '<unsure-1@example.no>');
    assert.equal((await intake()).find((r) => r.id === outcome.intakeId)?.state, 'cancelled');
  });

  test('the deadline is judged by the message’s Date, not by when it is read', async () => {
    clock = new Date('2030-11-05T10:00:00Z'); // after the deadline (1 November)
    const later = await organiser(store, { now: clock });
    try {
      const inTime = mail({
        from: 'Astrid Kleven <astrid.kleven@nord.example.no>',
        subject: 'Påmelding workshop',
        date: 'Wed, 30 Oct 2030 10:00:00 +0100',
        body: 'Hei! Jeg er forsker ved Nord universitet og melder meg på 2B, workshopen om forskningssøknader.\n\nHilsen Astrid Kleven\nNord universitet',
      });
      const late = mail({
        from: 'Sverre Lian <sverre.lian@example.com>',
        subject: 'Påmelding',
        date: 'Mon, 4 Nov 2030 10:00:00 +0100',
        body: 'Hei! Jeg kommer som innbygger og vil delta på 2A.\n\nHilsen Sverre Lian',
      });
      const res = await upload(t.app, later, slug, [
        { filename: 'a.eml', content: inTime.raw },
        { filename: 'b.eml', content: late.raw },
      ]);
      assert.equal(res.statusCode, 200);
      const [astrid] = await registrations('astrid.kleven@nord.example.no');
      assert.equal(astrid?.status, 'confirmed');
      assert.equal(astrid?.session, '2B');
      assert.equal((await registrations('sverre.lian@example.com')).length, 0);
      const lateRow = (await intake()).find((r) => r.message_id === late.messageId);
      assert.equal(lateRow?.state, 'pending_review');
    } finally {
      clock = NOW;
    }
  });

  test('bad input: HTML with scripts, broken MIME, unknown charsets and huge mails never crash or run', async () => {
    const script = mail({
      from: 'Tone Myhre <tone.myhre@example.org>',
      subject: 'Påmelding <script>alert(1)</script>',
      contentType: 'text/html; charset=utf-8',
      body: '<html><body onload="alert(2)"><p>Jeg vil delta på 2A som frivillig.</p><script>alert(3)</script><a href="javascript:alert(4)">x</a><img src=x onerror=alert(5)></body></html>',
    });
    const broken = Buffer.from(
      'From: Sverre <sverre@example.com>\r\nSubject: =?utf-8?B?broken\r\nContent-Type: multipart/mixed; boundary="AAA"\r\nNoColonHeader\r\n\r\n--BBB\r\nContent-Type: text/plain; charset=x-unknown-8bit\r\nContent-Transfer-Encoding: base64\r\n\r\n!!!not base64!!!\r\n',
      'latin1',
    );
    const cp1252 = Buffer.concat([
      Buffer.from(
        'From: Kari <kari@example.org>\r\nSubject: P\xe5melding\r\nMessage-ID: <cp1252@example.org>\r\nContent-Type: text/plain; charset=windows-1252\r\nContent-Transfer-Encoding: 8bit\r\n\r\n',
        'latin1',
      ),
      Buffer.from('Hei, jeg vil gjerne v\xe6re med p\xe5 2A som frivillig \x93Kari\x94.\r\n', 'latin1'),
    ]);
    const attachment = Buffer.alloc(6 * 1024 * 1024, 'QUJD').toString('latin1');
    const huge = Buffer.from(
      [
        'From: Astrid <astrid2@example.org>',
        'Subject: Stort vedlegg',
        'Message-ID: <huge@example.org>',
        'MIME-Version: 1.0',
        'Content-Type: multipart/mixed; boundary="b1"',
        '',
        '--b1',
        'Content-Type: text/plain; charset=utf-8',
        '',
        'Jeg melder meg på 2B som forsker.',
        '--b1',
        'Content-Type: application/pdf; name="cv.pdf"',
        'Content-Transfer-Encoding: base64',
        '',
        attachment,
        '--b1--',
        '',
      ].join('\r\n'),
      'latin1',
    );
    const res = await upload(t.app, org, slug, [
      { filename: 'script.eml', content: script.raw },
      { filename: 'broken.eml', content: broken },
      { filename: 'cp1252.eml', content: cp1252 },
      { filename: 'huge.eml', content: huge },
    ]);
    assert.equal(res.statusCode, 200, res.body.slice(0, 500));
    assert.match(res.body, /Lest 4 meldinger/);
    const rows = await intake();
    const hugeRow = rows.find((r) => r.message_id === '<huge@example.org>');
    assert.equal(hugeRow?.state, 'pending_review');
    assert.equal(hugeRow?.raw_truncated, 1);
    assert.ok((hugeRow?.raw.length ?? 0) <= 256 * 1024);
    assert.ok((hugeRow?.raw_size ?? 0) > 6 * 1024 * 1024);
    assert.equal((await registrations('astrid2@example.org')).length, 0);
    // The script mail is never auto-accepted, and its page shows the text with no markup.
    const scriptRow = rows.find((r) => r.message_id === script.messageId);
    assert.equal(scriptRow?.state, 'pending_review');
    const view = await t.app.inject({ url: `${page()}/${scriptRow?.id}`, headers: { cookie: org.cookie } });
    assert.equal(view.statusCode, 200);
    assert.doesNotMatch(view.body, /<script>alert|onload="alert|onerror=alert|href="javascript:/);
    assert.match(view.body, /<h1>Påmelding &lt;script>alert\(1\)&lt;\/script><\/h1>/);
    assert.match(view.body, /<li>Aktivt innhold i HTML-delen \(skript, hendelseshåndterer, skriptlenke\)\./);
    const brokenRow = rows.find((r) => r.from_email === 'sverre@example.com');
    assert.ok(brokenRow);
    assert.notEqual(brokenRow.state, 'accepted');
    const brokenView = await t.app.inject({ url: `${page()}/${brokenRow.id}`, headers: { cookie: org.cookie } });
    assert.equal(brokenView.statusCode, 200);
    assert.match(brokenView.body, /<li>Feil i oppbygningen av e-posten \(MIME\): [^<]*en ødelagt base64-del/);
    const cpView = await t.app.inject({
      url: `${page()}/${rows.find((r) => r.message_id === '<cp1252@example.org>')?.id}`,
      headers: { cookie: org.cookie },
    });
    assert.match(cpView.body, /være med på 2A/);
    const hugeView = await t.app.inject({ url: `${page()}/${hugeRow?.id}`, headers: { cookie: org.cookie } });
    assert.match(hugeView.body, /Meldingen er for stor/);
  });

  test('uploads are refused with a reason: no file, not a mail, no CSRF token', async () => {
    const empty = await upload(t.app, org, slug, []);
    assert.equal(empty.statusCode, 422);
    assert.match(empty.body, /Velg minst én fil/);
    const pdf = await upload(t.app, org, slug, [{ filename: 'cv.pdf', content: Buffer.from('%PDF-1.4\n\0\0binary') }]);
    assert.equal(pdf.statusCode, 422);
    assert.match(pdf.body, /ser ikke ut som en e-post/);
    const forged = await upload(t.app, org, slug, [{ filename: 'a.eml', content: mayorSignUp().raw }], {
      csrf: 'forged',
    });
    assert.equal(forged.statusCode, 403);
  });

  test('the mailbox password is stored encrypted, never shown, and its errors are explained', async () => {
    const res = await postAdminForm(t.app, org, page(), `${page()}/mailbox`, {
      host: '127.0.0.1',
      port: '1',
      tls: 'none',
      username: 'pamelding@example.no',
      password: 'hemmelig-passord-123',
      folder: 'INBOX',
      address: 'pamelding@example.no',
      action: 'save',
    });
    assert.equal(res.statusCode, 303, res.body);
    const row = await store.db
      .selectFrom('mailboxes')
      .selectAll()
      .where('event_id', '=', eventId)
      .where('kind', '=', 'imap')
      .executeTakeFirstOrThrow();
    assert.doesNotMatch(row.password_enc, /hemmelig/);
    assert.equal(decryptCredential(credentialKeyFrom(SECRET), eventId, row.password_enc), 'hemmelig-passord-123');
    // Another event's key (or another SECRET) does not open it.
    assert.equal(decryptCredential(credentialKeyFrom(SECRET), eventId + 1, row.password_enc), null);
    assert.equal(decryptCredential(credentialKeyFrom(`${SECRET}x`), eventId, row.password_enc), null);
    const view = await t.app.inject({ url: page(), headers: { cookie: org.cookie } });
    assert.doesNotMatch(view.body, /hemmelig-passord-123/);
    assert.match(view.body, /Et passord er lagret/);
    const audit = await store.db
      .selectFrom('audit_log')
      .select('data_json')
      .where('action', '=', 'mailbox.connected')
      .execute();
    assert.equal(audit.length, 1);
    assert.doesNotMatch(audit[0]?.data_json ?? '', /hemmelig/);
    // Nothing listens on port 1: the test says so in words, and "read now" records the status.
    const tested = await postAdminForm(t.app, org, page(), `${page()}/mailbox`, {
      host: '127.0.0.1',
      port: '1',
      tls: 'none',
      username: 'pamelding@example.no',
      password: '',
      folder: 'INBOX',
      action: 'test',
    });
    assert.equal(tested.statusCode, 200);
    assert.match(tested.body, /Tilkoblingen virker ikke\. Fikk ikke kontakt med tjeneren/);
    const polled = await postAdminForm(t.app, org, page(), `${page()}/poll`, {});
    assert.equal(polled.statusCode, 303);
    const status = await t.app.inject({ url: page(), headers: { cookie: org.cookie } });
    assert.match(status.body, /Fikk ikke kontakt med tjeneren/);
    assert.match(status.body, /Vi prøver igjen hvert minutt/);
    const en = await t.app.inject({ url: `${page()}?lang=en`, headers: { cookie: org.cookie } });
    assert.match(en.body, /Could not reach the server/);
    // A form without a host comes back with the problem beside the field.
    const bad = await postAdminForm(t.app, org, page(), `${page()}/mailbox`, {
      host: '',
      port: 'x',
      tls: 'tls',
      username: 'u',
      folder: 'INBOX',
      action: 'save',
    });
    assert.equal(bad.statusCode, 422);
    assert.match(bad.body, /id="f-host-error"/);
    assert.match(bad.body, /id="f-port-error"/);
    const off = await postAdminForm(t.app, org, page(), `${page()}/disconnect`, {});
    assert.equal(off.statusCode, 303);
    const gone = await store.db
      .selectFrom('mailboxes')
      .select(['enabled', 'password_enc'])
      .where('id', '=', row.id)
      .executeTakeFirstOrThrow();
    assert.deepEqual([gone.enabled, gone.password_enc], [0, '']);
  });

  test('only the event’s organisers get in: visitors, facilitators and other organisations are refused', async () => {
    const facilitator = await organiser(store, { role: 'facilitator' });
    const stranger = await organiser(store, { org: 'annen-org' });
    const [first] = await intake();
    const gets = ['', `/${first?.id}`];
    for (const path of gets) {
      const anon = await t.app.inject({ url: `${page()}${path}` });
      assert.equal(anon.statusCode, 303, path);
      assert.match(String(anon.headers.location), /^\/admin\/login/);
      const other = await t.app.inject({ url: `${page()}${path}`, headers: { cookie: stranger.cookie } });
      assert.equal(other.statusCode, 404, path);
      const fac = await t.app.inject({ url: `${page()}${path}`, headers: { cookie: facilitator.cookie } });
      assert.equal(fac.statusCode, 403, path);
    }
    const before = (await store.db.selectFrom('audit_log').select('id').execute()).length;
    for (const path of ['/mailbox', '/poll', '/disconnect', `/${first?.id}/accept`, `/${first?.id}/ignore`]) {
      const anon = await t.app.inject({ method: 'POST', url: `${page()}${path}`, payload: {} });
      assert.equal(anon.statusCode, 303, path);
      const other = await postAdminForm(t.app, stranger, '/admin', `${page()}${path}`, { action: 'save' });
      assert.equal(other.statusCode, 404, path);
      const fac = await postAdminForm(t.app, facilitator, '/admin', `${page()}${path}`, { action: 'save' });
      assert.equal(fac.statusCode, 403, path);
    }
    const facUpload = await upload(t.app, facilitator, slug, [{ filename: 'x.eml', content: mayorSignUp().raw }]);
    assert.equal(facUpload.statusCode, 403);
    const strangerUpload = await upload(t.app, stranger, slug, [{ filename: 'x.eml', content: mayorSignUp().raw }]);
    assert.equal(strangerUpload.statusCode, 404);
    assert.equal((await store.db.selectFrom('audit_log').select('id').execute()).length, before);
  });

  test('erasing a person removes their mails; the retention job removes the event’s mails and stops reading', async () => {
    const orgId = (
      await store.db.selectFrom('events').select('organization_id').where('id', '=', eventId).executeTakeFirstOrThrow()
    ).organization_id;
    const fromRandi = () =>
      store.db.selectFrom('intake_messages').select('id').where('from_email', '=', 'randi.hoel@example.com').execute();
    assert.equal((await fromRandi()).length, 1);
    await erasePerson(testDeps(store), { organizationId: orgId, email: 'Randi.Hoel@example.com', actor: 'test' }, NOW);
    assert.equal((await fromRandi()).length, 0);
    assert.ok((await intake()).length > 0);
    // Long after the event (retention 90 days by default).
    await purgeExpiredEvents({ db: store.db, adapter: store.adapter }, new Date('2031-06-01T00:00:00Z'));
    assert.equal((await intake()).length, 0);
    const boxes = await store.db
      .selectFrom('mailboxes')
      .select(['enabled', 'password_enc'])
      .where('event_id', '=', eventId)
      .execute();
    assert.ok(boxes.every((b) => b.enabled === 0 && b.password_enc === ''));
  });
});
