import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { cancelEvent } from '../src/core/events/cancel-event.ts';
import { sendDueReminders } from '../src/core/messages/send-due-reminders.ts';
import { sendDueThanks } from '../src/core/messages/send-due-thanks.ts';
import { sendMessage } from '../src/core/messages/send-message.ts';
import type { MessageDeps } from '../src/core/messages/types.ts';
import { registerParticipants } from '../src/core/registrations/register-participants.ts';
import type { Store } from '../src/db/connect.ts';
import { createMessageMailer } from '../src/mail/message-mail.tsx';
import { runScheduledMessages, startScheduler } from '../src/mail/scheduler.ts';
import { deliverDue, smtpTransport, startWorker } from '../src/mail/worker.ts';
import { adminForm, organiser, postAdminForm, type TestOrganiser } from './support/admin.ts';
import { csrfFor, formBody, startApp } from './support/app.ts';
import { onEachDatabase } from './support/databases.ts';
import { addEvent, NOW, person, signUp, smallEvent, testDeps } from './support/fixtures.ts';
import { startSmtp, type TestSmtp } from './support/smtp.ts';

const DAY = 86_400_000;
const BASE = 'http://samskap.test';
const messagesUrl = (slug: string) => `/admin/events/${slug}/messages`;

function mailer() {
  return createMessageMailer({ baseUrl: BASE, domain: 'samskap.test' });
}

function messageDeps(store: Store): MessageDeps {
  return { db: store.db, adapter: store.adapter, mailer: mailer() };
}

async function eventRow(store: Store, slug: string) {
  return store.db.selectFrom('events').selectAll().where('slug', '=', slug).executeTakeFirstOrThrow();
}

async function signUpPerson(
  store: Store,
  slug: string,
  email: string,
  overrides: Parameters<typeof signUp>[2] = {},
  others: Parameters<typeof signUp>[3] = [],
) {
  const result = await registerParticipants(testDeps(store), signUp(slug, email, overrides, others), NOW);
  if (!result.ok || result.booker.registrationId === null) throw new Error(`sign-up failed: ${JSON.stringify(result)}`);
  return { id: result.booker.registrationId, token: result.booker.token as string };
}

/** Outbox rows of message mails for an event (not the confirmations written at sign-up). */
async function messageMails(store: Store, slug: string, kind?: string) {
  const event = await eventRow(store, slug);
  let query = store.db
    .selectFrom('outbox')
    .selectAll()
    .where('event_id', '=', event.id)
    .where('kind', 'like', 'message.%');
  if (kind) query = query.where('kind', '=', kind);
  return query.orderBy('id').execute();
}

async function messageRows(store: Store, slug: string) {
  const event = await eventRow(store, slug);
  return store.db.selectFrom('messages').selectAll().where('event_id', '=', event.id).orderBy('id').execute();
}

function sorted(values: string[]): string[] {
  return [...values].sort();
}

/** The content lines of an iCalendar text, unfolded. */
function icsLines(ics: string): string[] {
  return ics
    .replace(/\r?\n[ \t]/g, '')
    .split(/\r?\n/)
    .filter((line) => line !== '');
}

function icsValue(ics: string, name: string): string | undefined {
  return icsLines(ics)
    .find((l) => l.startsWith(`${name}:`) || l.startsWith(`${name};`))
    ?.replace(/^[^:]*:/, '');
}

onEachDatabase('back office: messages', (db) => {
  let app: FastifyInstance;
  let close: () => Promise<void>;
  let queued = 0;
  // The app's clock; a test that needs the day after the event moves it and puts it back.
  let clock = NOW;
  before(async () => {
    const started = await startApp(db().store, { now: () => clock, onMailQueued: () => queued++ });
    app = started.app;
    close = started.close;
  });
  after(async () => {
    await close();
  });

  const get = (url: string, who?: TestOrganiser) =>
    app.inject({ method: 'GET', url, headers: who ? { cookie: who.cookie } : {} });

  /**
   * An event with: Anne (A), Bård and Cecilie (B, Cecilie brings Dag without an address), Eva
   * (only the shared programme), Frode (B, his address bounced), Gro waitlisted for B, and
   * Hans who cancelled. Anne and Bård checked in.
   */
  async function seeded() {
    const store = db().store;
    const slug = await addEvent(store, smallEvent({ a: 10, b: 4 }));
    const ids = {
      anne: await signUpPerson(store, slug, 'anne@example.no', { name: 'Anne Aas', session: 'A' }),
      bard: await signUpPerson(store, slug, 'bard@example.no', { name: 'Bård Bø', session: 'B' }),
      cecilie: await signUpPerson(store, slug, 'cecilie@example.no', { name: 'Cecilie Cu', session: 'B' }, [
        person({ name: 'Dag Uten Adresse', session: 'B' }),
      ]),
      eva: await signUpPerson(store, slug, 'eva@example.no', { name: 'Eva Eng', session: null }),
      frode: await signUpPerson(store, slug, 'frode@example.no', { name: 'Frode Fall', session: 'B' }),
      gro: await signUpPerson(store, slug, 'gro@example.no', { name: 'Gro Gran', session: 'B' }),
      hans: await signUpPerson(store, slug, 'hans@example.no', { name: 'Hans Hope', session: 'A' }),
    };
    await store.db
      .updateTable('registrations')
      .set({ status: 'cancelled', cancelled_at: NOW.toISOString() })
      .where('id', '=', ids.hans.id)
      .execute();
    await store.db
      .updateTable('registrations')
      .set({ email_bounced_at: NOW.toISOString(), email_bounce_reason: '550 5.1.1 User unknown' })
      .where('id', '=', ids.frode.id)
      .execute();
    await store.db
      .updateTable('registrations')
      .set({ checked_in_at: NOW.toISOString() })
      .where('id', 'in', [ids.anne.id, ids.bard.id])
      .execute();
    const gro = await store.db
      .selectFrom('registrations')
      .select('status')
      .where('id', '=', ids.gro.id)
      .executeTakeFirstOrThrow();
    assert.equal(gro.status, 'waitlisted', 'B holds four: Bård, Cecilie, Dag and Frode');
    return { store, slug, ids, who: await organiser(store) };
  }

  async function send(who: TestOrganiser, slug: string, fields: Record<string, string>) {
    return postAdminForm(app, who, messagesUrl(slug), messagesUrl(slug), { action: 'send', ...fields });
  }

  test('a message to one session reaches exactly its confirmed people with an address, once each', async () => {
    const { store, slug, who } = await seeded();
    const res = await send(who, slug, { segment: 'session:B', subject: 'Om sesjon B', body: 'Hei {name}!' });
    assert.equal(res.statusCode, 303, res.body);
    assert.equal(res.headers.location, `${messagesUrl(slug)}?ok=sent&n=2`);
    const mails = await messageMails(store, slug, 'message.manual');
    assert.deepEqual(sorted(mails.map((m) => m.to_address)), ['bard@example.no', 'cecilie@example.no']);
    const [message] = await messageRows(store, slug);
    assert.deepEqual(
      [message?.kind, message?.segment, message?.subject, message?.recipients],
      ['manual', 'session:B', 'Om sesjon B', 2],
    );
    assert.ok(mails.every((m) => m.batch_id === message?.id && m.status === 'pending'));
    const audit = await store.db
      .selectFrom('audit_log')
      .selectAll()
      .where('action', '=', 'message.sent')
      .where('subject_id', '=', message?.id ?? 0)
      .execute();
    assert.equal(audit.length, 1);
    assert.deepEqual(JSON.parse(audit[0]?.data_json ?? '{}'), { kind: 'manual', segment: 'session:B', count: 2 });
    assert.ok(queued > 0, 'delivery is nudged after the commit');

    const page = await get(`${messagesUrl(slug)}?ok=sent&n=2`, who);
    assert.match(page.body, /Meldingen er sendt til 2 personer\./);
    assert.match(page.body, /Påmeldte til B: Sesjon B/);
    assert.match(page.body, /Om sesjon B/);
  });

  test('attended, not attended, the waiting list and the shared programme are each their own segment', async () => {
    const { store, slug, who } = await seeded();
    const cases: [string, string[]][] = [
      ['attended', ['anne@example.no', 'bard@example.no']],
      ['not_attended', ['cecilie@example.no', 'eva@example.no']],
      ['waitlisted', ['gro@example.no']],
      ['session:none', ['eva@example.no']],
      ['confirmed', ['anne@example.no', 'bard@example.no', 'cecilie@example.no', 'eva@example.no']],
    ];
    for (const [segment, expected] of cases) {
      const before = (await messageMails(store, slug)).length;
      const res = await send(who, slug, { segment, subject: `Til ${segment}`, body: 'Tekst' });
      assert.equal(res.statusCode, 303, `${segment}: ${res.body}`);
      const mails = (await messageMails(store, slug)).slice(before);
      assert.deepEqual(sorted(mails.map((m) => m.to_address)), expected, segment);
    }
  });

  test('fills the placeholders per recipient, and {link} opens that person’s own page', async () => {
    const { store, slug, who } = await seeded();
    const res = await send(who, slug, {
      segment: 'confirmed',
      subject: '{event}: hei {name}',
      body: 'Hei {name}!\n\nDu er påmeldt {session}.\n\nLenken din: {link}',
    });
    assert.equal(res.statusCode, 303, res.body);
    const mails = await messageMails(store, slug, 'message.manual');
    assert.equal(mails.length, 4);
    const anne = mails.find((m) => m.to_address === 'anne@example.no');
    const eva = mails.find((m) => m.to_address === 'eva@example.no');
    assert.equal(anne?.subject, 'Testseminar om samskaping: hei Anne Aas');
    assert.match(
      anne?.text_body ?? '',
      /^Hei Anne Aas!\n\nDu er påmeldt A: Sesjon A\.\n\nLenken din: http:\/\/samskap\.test\/m\/[A-Za-z0-9_-]+\n/,
    );
    assert.match(eva?.text_body ?? '', /Du er påmeldt Ingen sesjon – bare fellesdelen før lunsj\./);
    assert.match(
      anne?.html_body ?? '',
      /<a href="http:\/\/samskap\.test\/m\/[A-Za-z0-9_-]+">/,
      'the link is clickable',
    );
    assert.ok(!(anne?.text_body ?? '').includes('{'), 'no placeholder is left');
    for (const mail of mails) {
      const token = /\/m\/([A-Za-z0-9_-]+)/.exec(mail.text_body)?.[1] ?? '';
      const page = await app.inject({ method: 'GET', url: `/m/${token}` });
      assert.equal(page.statusCode, 200, mail.to_address);
      const name = (
        await store.db
          .selectFrom('registrations')
          .select('name')
          .where('id', '=', mail.registration_id ?? 0)
          .executeTakeFirstOrThrow()
      ).name;
      assert.ok(page.body.includes(name), `${mail.to_address}'s link opens ${name}'s page`);
    }
  });

  test('refuses an unknown or unclosed placeholder beside the field, and writes nothing', async () => {
    const { store, slug, who } = await seeded();
    for (const [fields, field, message] of [
      [{ subject: 'Hei', body: 'Hei {navn}!' }, 'body', /Ukjent plassholder: \{navn\}/],
      [{ subject: 'Hei', body: 'Lenke: {link' }, 'body', /Krøllparentesen i «\{link» er ikke lukket/],
      [{ subject: 'Hei {Name}', body: 'Tekst' }, 'subject', /Ukjent plassholder: \{Name\}/],
    ] as const) {
      for (const action of ['send', 'preview', 'test']) {
        const res = await postAdminForm(app, who, messagesUrl(slug), messagesUrl(slug), {
          action,
          segment: 'confirmed',
          ...fields,
        });
        assert.equal(res.statusCode, 422, `${action} ${JSON.stringify(fields)}`);
        assert.match(res.body, message);
        assert.match(res.body, new RegExp(`id="f-${field}-error"`), 'the message sits beside the field');
        assert.match(res.body, /class="error-summary"/);
      }
    }
    const empty = await postAdminForm(app, who, messagesUrl(slug), messagesUrl(slug), {
      action: 'send',
      segment: 'session:Z',
      subject: '',
      body: '',
    });
    assert.equal(empty.statusCode, 422);
    assert.match(empty.body, /Velg hvem meldingen skal til\./);
    assert.match(empty.body, /Skriv et emne\./);
    assert.match(empty.body, /Skriv en tekst\./);
    assert.equal((await messageMails(store, slug)).length, 0);
    assert.equal((await messageRows(store, slug)).length, 0);
  });

  test('preview shows the first recipient’s mail and who is skipped; a test goes only to the organiser', async () => {
    const { store, slug, who } = await seeded();
    const preview = await postAdminForm(app, who, messagesUrl(slug), messagesUrl(slug), {
      action: 'preview',
      segment: 'session:B',
      subject: 'Hei {name}',
      body: 'Velkommen til {session}, {name}.',
    });
    assert.equal(preview.statusCode, 200);
    assert.match(preview.body, /Meldingen går til 2 personer\./);
    assert.match(preview.body, /Uten egen e-postadresse: 1\. Med adresse som ikke virker: 1\./);
    assert.match(preview.body, /Slik får Bård Bø \(bard@example\.no\) e-posten:/);
    assert.match(preview.body, /Hei Bård Bø/);
    assert.match(preview.body, /Velkommen til B: Sesjon B, Bård Bø\./);
    assert.match(preview.body, /Velkommen til \{session\}, \{name\}\./, 'the form keeps what was written');
    assert.equal((await messageMails(store, slug)).length, 0, 'a preview writes nothing');

    const res = await postAdminForm(app, who, messagesUrl(slug), messagesUrl(slug), {
      action: 'test',
      segment: 'session:B',
      subject: 'Hei {name}',
      body: 'Velkommen til {session}. Lenke: {link}',
    });
    assert.equal(res.statusCode, 200);
    assert.ok(res.body.includes(`En test er sendt til ${who.email}.`));
    const mails = await store.db
      .selectFrom('outbox')
      .selectAll()
      .where('kind', '=', 'message.test')
      .where('to_address', '=', who.email)
      .execute();
    assert.equal(mails.length, 1);
    const mail = mails[0];
    assert.match(mail?.subject ?? '', /^\[TEST\] Hei Arrangør \d+$/);
    assert.match(mail?.text_body ?? '', /^Dette er en test som bare du har fått\./);
    assert.match(
      mail?.text_body ?? '',
      /Velkommen til A: Sesjon A\. Lenke: http:\/\/samskap\.test\/m\/eksempel-personlig-lenke/,
    );
    assert.equal(mail?.registration_id, null);
    assert.equal(mail?.batch_id, null);
    assert.equal((await messageRows(store, slug)).length, 0, 'a test is not a sent message');
    assert.equal((await messageMails(store, slug)).filter((m) => m.to_address !== who.email).length, 0);
  });

  test('the detail page lists every mail to the registration, with status and the bounce', async () => {
    const { store, slug, ids, who } = await seeded();
    await send(who, slug, { segment: 'confirmed', subject: 'Praktisk info', body: 'Tekst' });
    const page = await get(`/admin/events/${slug}/registrations/${ids.anne.id}`, who);
    assert.equal(page.statusCode, 200);
    assert.match(page.body, /E-post til denne personen/);
    assert.match(page.body, /<td>Praktisk info<\/td>\s*<td>Melding<\/td>\s*<td><span>Venter<\/span>/);
    assert.match(page.body, /<td>Påmeldt: Testseminar om samskaping<\/td>\s*<td>Bekreftelse<\/td>/);
    await store.db
      .updateTable('outbox')
      .set({ status: 'sent', sent_at: NOW.toISOString() })
      .where('registration_id', '=', ids.anne.id)
      .execute();
    assert.match((await get(`/admin/events/${slug}/registrations/${ids.anne.id}`, who)).body, /<span>Sendt<\/span>/);
    const frode = await get(`/admin/events/${slug}/registrations/${ids.frode.id}`, who);
    assert.match(frode.body, /E-postadressen virker ikke \(avvist [^)]+\): 550 5\.1\.1 User unknown\./);
    const facilitator = await organiser(store, { role: 'facilitator' });
    assert.match((await get(`/admin/events/${slug}/registrations/${ids.anne.id}`, facilitator)).body, /Praktisk info/);
  });

  test('sends the reminder once, with programme, venue and a working link, even run twice and from two processes', async () => {
    const store = db().store;
    const slug = await addEvent(store, smallEvent());
    const anne = await signUpPerson(store, slug, 'anne@example.no', { name: 'Anne Aas', session: 'A' });
    await signUpPerson(store, slug, 'bard@example.no', { name: 'Bård Bø', session: 'B' });
    const event = await eventRow(store, slug);
    const starts = new Date(event.starts_at).getTime();
    // Not yet: three days before, with the default of two.
    assert.deepEqual(await sendDueReminders(messageDeps(store), new Date(starts - 3 * DAY)), []);
    const due = new Date(starts - 2 * DAY + 60_000);
    const other = db().open();
    const results = await Promise.all([
      sendDueReminders(messageDeps(store), due),
      sendDueReminders(messageDeps(other), due),
      sendDueReminders(messageDeps(store), due),
    ]);
    assert.equal(results.filter((r) => r.includes(event.id)).length, 1, 'exactly one run sends it');
    assert.deepEqual(await sendDueReminders(messageDeps(store), new Date(due.getTime() + DAY)), []);
    const mails = await messageMails(store, slug, 'message.reminder');
    assert.deepEqual(sorted(mails.map((m) => m.to_address)), ['anne@example.no', 'bard@example.no']);
    const mail = mails.find((m) => m.to_address === 'anne@example.no');
    assert.equal(mail?.subject, 'Påminnelse: Testseminar om samskaping tirsdag 12. november 2030');
    const text = mail?.text_body ?? '';
    assert.match(text, /^Hei, Anne Aas!/);
    assert.match(text, /Hvor: Testbygget, Sal 1, Testveien 1, 7600 Levanger/);
    assert.match(text, /- 09\.00–10\.00 Innledning \(Kari Nordmann\)/);
    assert.match(text, /- 13\.00–15\.30 Din sesjon: A: Sesjon A/);
    assert.ok(!text.includes('Sesjon B'), 'only her own session');
    const token = /\/m\/([A-Za-z0-9_-]+)/.exec(text)?.[1] ?? '';
    assert.notEqual(token, anne.token, 'a fresh link');
    assert.equal((await app.inject({ method: 'GET', url: `/m/${token}` })).statusCode, 200);
    const after = await eventRow(store, slug);
    assert.equal(after.reminder_sent_at, due.toISOString());
    const rows = await messageRows(store, slug);
    assert.deepEqual(
      rows.map((r) => [r.kind, r.segment, r.recipients, r.created_by]),
      [['reminder', 'confirmed', 2, null]],
    );
    assert.equal(rows[0]?.subject, mail?.subject);
  });

  test('the scheduler sends a reminder that falls due on its own, and stops cleanly', async () => {
    const store = db().store;
    const slug = await addEvent(store, smallEvent());
    await signUpPerson(store, slug, 'planlagt@example.no', { session: 'A' });
    const event = await eventRow(store, slug);
    const due = new Date(new Date(event.starts_at).getTime() - DAY);
    let nudged = 0;
    const scheduler = startScheduler(
      store,
      {
        mailer: mailer(),
        now: () => due,
        onMailQueued: () => nudged++,
        onError: (error) => assert.fail(String(error)),
      },
      { intervalMs: 20 },
    );
    try {
      const deadline = Date.now() + 5_000;
      while ((await eventRow(store, slug)).reminder_sent_at === null && Date.now() < deadline)
        await new Promise((resolve) => setTimeout(resolve, 20));
    } finally {
      await scheduler.stop();
    }
    assert.equal((await eventRow(store, slug)).reminder_sent_at, due.toISOString());
    assert.equal((await messageMails(store, slug, 'message.reminder')).length, 1);
    assert.ok(nudged >= 1, 'the worker is nudged');
  });

  test('sends no reminder for a cancelled, unpublished or started event, or when the organiser set 0 days', async () => {
    const store = db().store;
    const who = await organiser(store);
    const off = await addEvent(store, smallEvent());
    const draft = await addEvent(store, smallEvent({ published: false }));
    for (const slug of [off, draft]) await signUpPerson(store, slug, 'x@example.no').catch(() => undefined);
    const page = await adminForm(app, messagesUrl(off), who);
    const version = /name="version" value="(\d+)"/.exec(page.body)?.[1] ?? '';
    const saved = await postAdminForm(app, who, messagesUrl(off), `${messagesUrl(off)}/settings`, {
      reminderDays: '0',
      version,
    });
    assert.equal(saved.statusCode, 303);
    assert.equal((await eventRow(store, off)).reminder_days, 0);
    assert.match((await get(`${messagesUrl(off)}?ok=settings`, who)).body, /Det sendes ingen påminnelse\./);
    const bad = await postAdminForm(app, who, messagesUrl(off), `${messagesUrl(off)}/settings`, {
      reminderDays: 'mange',
      version,
    });
    assert.equal(bad.statusCode, 422);
    assert.match(bad.body, /id="f-reminderDays-error"/);
    assert.match(bad.body, /Skriv et helt tall fra 0 til 60\./);
    const starts = new Date('2030-11-12T08:00:00.000Z').getTime();
    const reminded = await sendDueReminders(messageDeps(store), new Date(starts - DAY));
    for (const slug of [off, draft]) assert.ok(!reminded.includes((await eventRow(store, slug)).id), slug);
    // After the start, a reminder is too late.
    const late = await addEvent(store, smallEvent());
    assert.ok(
      !(await sendDueReminders(messageDeps(store), new Date(starts + 60_000))).includes(
        (await eventRow(store, late)).id,
      ),
    );
  });

  test('thanks those who came once after the event, and their evaluations are saved and summarised', async () => {
    const { store, slug, ids, who } = await seeded();
    const event = await eventRow(store, slug);
    const ended = new Date(new Date(event.ends_at).getTime() + 60_000);
    assert.ok(
      !(await sendDueThanks(messageDeps(store), new Date(event.starts_at))).includes(event.id),
      'not before the end',
    );
    const [first, second] = await Promise.all([
      runScheduledMessages(store, { mailer: mailer(), now: () => ended }),
      runScheduledMessages(db().open(), { mailer: mailer(), now: () => ended }),
    ]);
    assert.equal([...(first?.thanked ?? []), ...(second?.thanked ?? [])].filter((id) => id === event.id).length, 1);
    const mails = await messageMails(store, slug, 'message.thanks');
    assert.deepEqual(
      sorted(mails.map((m) => m.to_address)),
      ['anne@example.no', 'bard@example.no'],
      'those who checked in',
    );
    const anneMail = mails.find((m) => m.to_address === 'anne@example.no');
    assert.equal(anneMail?.subject, 'Takk for sist: Testseminar om samskaping');
    const evaluationUrl =
      /http:\/\/samskap\.test(\/m\/[A-Za-z0-9_-]+\/evaluation)/.exec(anneMail?.text_body ?? '')?.[1] ?? '';
    assert.ok(evaluationUrl, 'the mail links to the evaluation');

    // Anne answers, then changes her answer; Bård answers too.
    const parts = await store.db
      .selectFrom('programme_parts')
      .select('id')
      .where('event_id', '=', event.id)
      .orderBy('position')
      .execute();
    const [p1, p2] = parts.map((p) => String(p.id));
    clock = ended;
    const form = await app.inject({ method: 'GET', url: evaluationUrl });
    assert.equal(form.statusCode, 200);
    assert.match(form.body, /Hva syntes du om DEL 1: Felles\?/);
    assert.match(form.body, new RegExp(`name="rating.${p1}" value="5"`));
    const answer = async (url: string, fields: Record<string, string>) => {
      const { token, cookie } = await csrfFor(app, url);
      return app.inject({
        method: 'POST',
        url,
        headers: { cookie, 'content-type': 'application/x-www-form-urlencoded' },
        payload: formBody({ _csrf: token, ...fields }),
      });
    };
    const refused = await answer(evaluationUrl, { [`rating.${p1}`]: '9', comment: 'x' });
    assert.equal(refused.statusCode, 422);
    assert.match(refused.body, /Velg en karakter fra 1 til 5\./);
    assert.equal(
      await store.db
        .selectFrom('evaluations')
        .select('id')
        .where('event_id', '=', event.id)
        .execute()
        .then((r) => r.length),
      0,
    );
    assert.equal((await answer(evaluationUrl, { [`rating.${p1}`]: '2', comment: 'Først' })).statusCode, 303);
    const again = await answer(evaluationUrl, {
      [`rating.${p1}`]: '4',
      [`rating.${p2}`]: '5',
      comment: 'God dag <b>!</b>',
    });
    assert.equal(again.statusCode, 303);
    assert.equal(again.headers.location, `${evaluationUrl}?ok=saved`);
    const reopened = await app.inject({ method: 'GET', url: `${evaluationUrl}?ok=saved` });
    assert.match(reopened.body, /Takk for svaret!/);
    assert.match(reopened.body, new RegExp(`name="rating.${p1}" value="4" checked`));
    const bardMail = mails.find((m) => m.to_address === 'bard@example.no');
    const bardUrl =
      /http:\/\/samskap\.test(\/m\/[A-Za-z0-9_-]+\/evaluation)/.exec(bardMail?.text_body ?? '')?.[1] ?? '';
    assert.equal((await answer(bardUrl, { [`rating.${p1}`]: '5', comment: '' })).statusCode, 303);
    const rows = await store.db.selectFrom('evaluations').selectAll().where('event_id', '=', event.id).execute();
    assert.equal(rows.length, 2, 'saving again updates the answer');
    const hansUrl = `/m/${ids.hans.token}/evaluation`;
    assert.equal(
      (await app.inject({ method: 'GET', url: hansUrl })).statusCode,
      409,
      'a cancelled registration cannot answer',
    );
    clock = NOW;

    const summary = await get(`/admin/events/${slug}/evaluation`, who);
    assert.equal(summary.statusCode, 200);
    assert.match(summary.body, /2 svar\./);
    // DEL 1: 4 and 5 → 4,5; distribution 0 0 0 1 1. DEL 2: one 5.
    assert.match(
      summary.body,
      /DEL 1: Felles<\/th>\s*<td class="num">2<\/td>\s*<td class="num">4,5<\/td>\s*<td class="num">0<\/td>\s*<td class="num">0<\/td>\s*<td class="num">0<\/td>\s*<td class="num">1<\/td>\s*<td class="num">1<\/td>/,
    );
    assert.match(summary.body, /DEL 2: Parallelt<\/th>\s*<td class="num">1<\/td>\s*<td class="num">5<\/td>/);
    assert.ok(summary.body.includes('God dag &lt;b>!&lt;/b>'), 'comments are shown, escaped');
    assert.ok(!summary.body.includes('<b>!'));
    assert.ok(!summary.body.includes('Først'), 'the replaced answer is gone');

    // The manual button refuses a second thank-you.
    const thanks = await postAdminForm(app, who, messagesUrl(slug), `${messagesUrl(slug)}/thanks`, {});
    assert.equal(thanks.statusCode, 409);
    assert.match(thanks.body, /Takkemeldingen er allerede sendt\./);
  });

  test('organisers can send the thank-you by hand; with nobody checked in it goes to all confirmed', async () => {
    const store = db().store;
    const who = await organiser(store);
    const slug = await addEvent(store, smallEvent());
    await signUpPerson(store, slug, 'a@example.no', { session: 'A' });
    await signUpPerson(store, slug, 'b@example.no', { session: 'B' });
    const res = await postAdminForm(app, who, messagesUrl(slug), `${messagesUrl(slug)}/thanks`, {});
    assert.equal(res.statusCode, 303);
    assert.equal(res.headers.location, `${messagesUrl(slug)}?ok=thanks&n=2`);
    const event = await eventRow(store, slug);
    assert.equal(event.thanks_sent_at, NOW.toISOString());
    assert.equal((await messageMails(store, slug, 'message.thanks')).length, 2);
    assert.deepEqual(
      (await messageRows(store, slug)).map((r) => [r.kind, r.segment, r.created_by]),
      [['thanks', 'confirmed', who.userId]],
    );
    const ended = new Date(new Date(event.ends_at).getTime() + 60_000);
    assert.ok(!(await sendDueThanks(messageDeps(store), ended)).includes(event.id), 'not sent again automatically');
    // Before the event, the evaluation is not open yet.
    const url =
      /http:\/\/samskap\.test(\/m\/[^\s]+\/evaluation)/.exec(
        (await messageMails(store, slug, 'message.thanks'))[0]?.text_body ?? '',
      )?.[1] ?? '';
    const early = await app.inject({ method: 'GET', url });
    assert.equal(early.statusCode, 409);
    assert.match(early.body, /Evalueringen åpner når arrangementet begynner\./);
  });

  test('a change notice goes to confirmed and waitlisted with the same calendar UID and the next SEQUENCE', async () => {
    const { store, slug, who } = await seeded();
    const res = await postAdminForm(app, who, messagesUrl(slug), `${messagesUrl(slug)}/change`, {
      changeSubject: 'Endring: {event}',
      changeBody: 'Vi har flyttet til et større rom, {name}.',
    });
    assert.equal(res.statusCode, 303, res.body);
    assert.equal(res.headers.location, `${messagesUrl(slug)}?ok=change&n=5`);
    const mails = await messageMails(store, slug, 'message.change');
    assert.deepEqual(sorted(mails.map((m) => m.to_address)), [
      'anne@example.no',
      'bard@example.no',
      'cecilie@example.no',
      'eva@example.no',
      'gro@example.no',
    ]);
    const gro = mails.find((m) => m.to_address === 'gro@example.no');
    assert.equal(gro?.subject, 'Endring: Testseminar om samskaping');
    assert.match(gro?.text_body ?? '', /^Vi har flyttet til et større rom, Gro Gran\./);
    assert.match(gro?.text_body ?? '', /Slik er det nå:\n\nNår: tirsdag 12\. november 2030 kl\. 09\.00–15\.00/);
    const [attachment] = JSON.parse(gro?.attachments_json ?? '[]') as { contentType: string; content: string }[];
    assert.equal(attachment?.contentType, 'text/calendar; charset=utf-8; method=PUBLISH');
    const download = await app.inject({ method: 'GET', url: `/e/${slug}/calendar.ics` });
    const confirmation = await store.db
      .selectFrom('outbox')
      .select('attachments_json')
      .where('kind', '=', 'registration.confirmation')
      .where('registration_id', '=', gro?.registration_id ?? 0)
      .executeTakeFirstOrThrow();
    const original = (JSON.parse(confirmation.attachments_json) as { content: string }[])[0]?.content ?? '';
    assert.equal(
      icsValue(attachment?.content ?? '', 'UID'),
      icsValue(original, 'UID'),
      'the same UID as the confirmation',
    );
    assert.equal(icsValue(original, 'SEQUENCE'), '0');
    assert.equal(icsValue(attachment?.content ?? '', 'SEQUENCE'), '1');
    assert.equal(icsValue(attachment?.content ?? '', 'METHOD'), 'PUBLISH');
    assert.equal(icsValue(download.body, 'SEQUENCE'), '1', 'the public calendar file follows');
    assert.equal(icsValue(download.body, 'UID'), icsValue(original, 'UID'));
    assert.equal((await eventRow(store, slug)).calendar_sequence, 1);

    await postAdminForm(app, who, messagesUrl(slug), `${messagesUrl(slug)}/change`, {
      changeSubject: 'Igjen',
      changeBody: 'Ny tid.',
    });
    const second = (await messageMails(store, slug, 'message.change')).at(-1);
    assert.equal(
      icsValue((JSON.parse(second?.attachments_json ?? '[]') as { content: string }[])[0]?.content ?? '', 'SEQUENCE'),
      '2',
    );
    const bad = await postAdminForm(app, who, messagesUrl(slug), `${messagesUrl(slug)}/change`, {
      changeSubject: '',
      changeBody: '{tid}',
    });
    assert.equal(bad.statusCode, 422);
    assert.match(bad.body, /id="f-changeSubject-error"/);
    assert.match(bad.body, /id="f-changeBody-error"/);
    assert.equal((await eventRow(store, slug)).calendar_sequence, 2, 'nothing written after a refusal');
  });

  test('cancelling the event needs confirmation, sends METHOD:CANCEL, and the public page says it is cancelled', async () => {
    const { store, slug, who } = await seeded();
    const page = await adminForm(app, messagesUrl(slug), who);
    const version =
      /action="\/admin\/events\/[^"]+\/cancel-event"[\s\S]*?name="version" value="(\d+)"/.exec(page.body)?.[1] ?? '';
    const fields = { cancelSubject: 'Avlyst: {event}', cancelBody: 'Dessverre må vi avlyse, {name}.', version };
    const unconfirmed = await postAdminForm(app, who, messagesUrl(slug), `/admin/events/${slug}/cancel-event`, fields);
    assert.equal(unconfirmed.statusCode, 422);
    assert.match(unconfirmed.body, /id="f-confirm-error"/);
    assert.equal((await eventRow(store, slug)).cancelled_at, null);

    const res = await postAdminForm(app, who, messagesUrl(slug), `/admin/events/${slug}/cancel-event`, {
      ...fields,
      confirm: 'on',
    });
    assert.equal(res.statusCode, 303, res.body);
    assert.equal(res.headers.location, `${messagesUrl(slug)}?ok=cancelled&n=5`);
    const event = await eventRow(store, slug);
    assert.equal(event.cancelled_at, NOW.toISOString());
    assert.equal(event.calendar_sequence, 1);
    const mails = await messageMails(store, slug, 'message.cancellation');
    assert.equal(mails.length, 5);
    const mail = mails.find((m) => m.to_address === 'anne@example.no');
    assert.equal(mail?.subject, 'Avlyst: Testseminar om samskaping');
    assert.match(mail?.text_body ?? '', /^Dessverre må vi avlyse, Anne Aas\./);
    const [attachment] = JSON.parse(mail?.attachments_json ?? '[]') as { contentType: string; content: string }[];
    assert.equal(attachment?.contentType, 'text/calendar; charset=utf-8; method=CANCEL');
    assert.equal(icsValue(attachment?.content ?? '', 'METHOD'), 'CANCEL');
    assert.equal(icsValue(attachment?.content ?? '', 'STATUS'), 'CANCELLED');
    assert.equal(icsValue(attachment?.content ?? '', 'SEQUENCE'), '1');
    assert.equal(icsValue(attachment?.content ?? '', 'UID'), `event-${event.id}@samskap.test`);
    const audit = await store.db
      .selectFrom('audit_log')
      .select('action')
      .where('event_id', '=', event.id)
      .where('action', 'in', ['event.cancelled', 'message.sent'])
      .execute();
    assert.deepEqual(sorted(audit.map((a) => a.action)), ['event.cancelled', 'message.sent']);

    // The public page says so, and sign-up is refused.
    const publicPage = await app.inject({ method: 'GET', url: `/e/${slug}` });
    assert.match(
      publicPage.body,
      /<h1><span class="cancelled-badge">Avlyst<\/span> (?:<span>)?Testseminar om samskaping(?:<\/span>)?<\/h1>/,
    );
    assert.match(publicPage.body, /Arrangementet er avlyst\./);
    assert.ok(!publicPage.body.includes(`href="/e/${slug}/register"`), 'no sign-up button');
    assert.match(publicPage.body, /EventCancelled/);
    const form = await app.inject({ method: 'GET', url: `/e/${slug}/register` });
    assert.match(form.body, /Arrangementet er avlyst\./);
    const result = await registerParticipants(testDeps(store), signUp(slug, 'ny@example.no'), NOW);
    assert.deepEqual(result, { ok: false, code: 'registration_closed' });
    const api = await app.inject({
      method: 'POST',
      url: `/api/v1/events/${slug}/registrations`,
      payload: { name: 'Ny', email: 'ny2@example.no', role: 'citizen', session: 'A', consent: true },
    });
    assert.equal(api.statusCode, 409);

    // No reminder, thanks or second cancellation for a cancelled event.
    const starts = new Date(event.starts_at).getTime();
    assert.ok(!(await sendDueReminders(messageDeps(store), new Date(starts - DAY))).includes(event.id));
    assert.ok(
      !(await sendDueThanks(messageDeps(store), new Date(new Date(event.ends_at).getTime() + 1000))).includes(event.id),
    );
    const messages = await get(messagesUrl(slug), who);
    assert.match(messages.body, /Arrangementet ble avlyst/);
    assert.ok(!messages.body.includes('/cancel-event"'), 'the cancel form is gone');
    const again = await postAdminForm(app, who, messagesUrl(slug), `/admin/events/${slug}/cancel-event`, {
      ...fields,
      version: String(event.version),
      confirm: 'on',
    });
    assert.equal(again.statusCode, 409);
  });

  test('every messages route: not logged in → login, another organisation → 404, a facilitator → 403', async () => {
    const store = db().store;
    const slug = await addEvent(store, smallEvent());
    const stranger = await organiser(store, { org: `other-${Math.random().toString(36).slice(2, 8)}` });
    const facilitator = await organiser(store, { role: 'facilitator' });
    const gets = [messagesUrl(slug), `/admin/events/${slug}/evaluation`];
    const posts = [
      messagesUrl(slug),
      `${messagesUrl(slug)}/settings`,
      `${messagesUrl(slug)}/thanks`,
      `${messagesUrl(slug)}/change`,
      `/admin/events/${slug}/cancel-event`,
    ];
    const fields = {
      action: 'send',
      segment: 'confirmed',
      subject: 'x',
      body: 'y',
      reminderDays: '1',
      version: '1',
      changeSubject: 'x',
      changeBody: 'y',
      cancelSubject: 'x',
      cancelBody: 'y',
      confirm: 'on',
    };
    for (const url of gets) {
      const anonymous = await get(url);
      assert.equal(anonymous.statusCode, 303, url);
      assert.match(anonymous.headers.location ?? '', /^\/admin\/login/);
      assert.equal((await get(url, stranger)).statusCode, 404, url);
      assert.equal((await get(url, facilitator)).statusCode, 403, url);
    }
    for (const url of posts) {
      const anonymous = await app.inject({
        method: 'POST',
        url,
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        payload: formBody(fields),
      });
      assert.equal(anonymous.statusCode, 303, url);
      assert.match(anonymous.headers.location ?? '', /^\/admin\/login/);
      assert.equal((await postAdminForm(app, stranger, '/admin', url, fields)).statusCode, 404, url);
      assert.equal((await postAdminForm(app, facilitator, '/admin', url, fields)).statusCode, 403, url);
    }
    const event = await eventRow(store, slug);
    assert.equal(event.cancelled_at, null);
    assert.equal(event.reminder_days, 2);
    assert.equal((await messageRows(store, slug)).length, 0);
    const facilitatorPage = await get(`/admin/events/${slug}`, facilitator);
    assert.ok(!facilitatorPage.body.includes(messagesUrl(slug)), 'facilitators see no messages tab');
  });
});

onEachDatabase('messages over SMTP', (db) => {
  let smtp: TestSmtp;
  before(async () => {
    smtp = await startSmtp();
  });
  after(async () => {
    await smtp.close();
  });

  test('a segment message and a cancellation arrive over SMTP at exactly the segment, once each', async () => {
    const store = db().store;
    const slug = await addEvent(store, smallEvent());
    const who = await organiser(store);
    const user = { id: who.userId, email: who.email };
    await signUpPerson(store, slug, 'a1@example.no', { name: 'A En', session: 'A' });
    await signUpPerson(store, slug, 'b1@example.no', { name: 'B En', session: 'B' });
    await signUpPerson(store, slug, 'b2@example.no', { name: 'B To', session: 'B' }, [
      person({ name: 'B Tre', session: 'B' }),
    ]);
    const event = await eventRow(store, slug);
    // Only the messages of this test go out.
    await store.db.deleteFrom('outbox').execute();
    smtp.received.length = 0;

    const sent = await sendMessage(
      messageDeps(store),
      {
        eventId: event.id,
        segment: { kind: 'session', code: 'B' },
        subject: 'Til B, {name}',
        body: 'Hei {name}, velkommen til {session}.',
        user,
      },
      NOW,
    );
    assert.equal(sent.ok, true);
    const worker = startWorker(store, {
      transport: smtpTransport(smtp.url),
      from: 'samskap <noreply@samskap.test>',
      now: () => new Date(NOW.getTime() + 60_000),
      intervalMs: 100,
    });
    try {
      worker.nudge();
      await smtp.waitFor((mails) => mails.length >= 2);
      // Give a wrongly duplicated mail the chance to arrive before counting.
      await new Promise((resolve) => setTimeout(resolve, 300));
      assert.deepEqual(sorted(smtp.received.map((m) => m.to)), ['b1@example.no', 'b2@example.no']);
      const b2 = smtp.received.find((m) => m.to === 'b2@example.no');
      assert.equal(b2?.subject, 'Til B, B To');
      assert.match(b2?.text ?? '', /^Hei B To, velkommen til B: Sesjon B\./);
      const rows = await store.db.selectFrom('outbox').selectAll().where('event_id', '=', event.id).execute();
      assert.deepEqual(sorted(rows.map((r) => r.message_id)), sorted(smtp.received.map((m) => m.messageId)));
      assert.ok(rows.every((r) => r.status === 'sent'));

      smtp.received.length = 0;
      const cancelled = await cancelEvent(
        messageDeps(store),
        {
          eventId: event.id,
          version: event.version,
          subject: 'Avlyst: {event}',
          body: 'Vi må dessverre avlyse.',
          user,
        },
        NOW,
      );
      assert.equal(cancelled.ok, true);
      worker.nudge();
      await smtp.waitFor((mails) => mails.length >= 3);
      await new Promise((resolve) => setTimeout(resolve, 300));
      assert.deepEqual(sorted(smtp.received.map((m) => m.to)), ['a1@example.no', 'b1@example.no', 'b2@example.no']);
      const mail = smtp.received.find((m) => m.to === 'a1@example.no');
      assert.equal(mail?.subject, 'Avlyst: Testseminar om samskaping');
      const attachment = mail?.raw.attachments[0];
      assert.equal(attachment?.contentType, 'text/calendar');
      const header = attachment?.headers.get('content-type') as { params?: Record<string, string> } | undefined;
      assert.equal(header?.params?.method, 'CANCEL');
      const ics = attachment?.content.toString('utf8') ?? '';
      assert.equal(icsValue(ics, 'METHOD'), 'CANCEL');
      assert.equal(icsValue(ics, 'UID'), `event-${event.id}@samskap.test`);
      assert.equal(icsValue(ics, 'SEQUENCE'), '1');
    } finally {
      await worker.stop();
    }
  });

  test('an SMTP outage in the middle of a batch loses no mail and sends none twice', async () => {
    const store = db().store;
    const slug = await addEvent(store, smallEvent({ a: null }));
    const who = await organiser(store);
    const user = { id: who.userId, email: who.email };
    for (let i = 0; i < 12; i++) await signUpPerson(store, slug, `batch${i}@example.no`, { name: `Deltaker ${i}` });
    const event = await eventRow(store, slug);
    await store.db.deleteFrom('outbox').execute();
    smtp.received.length = 0;
    const sent = await sendMessage(
      messageDeps(store),
      { eventId: event.id, segment: { kind: 'confirmed' }, subject: 'Viktig', body: 'Hei {name}.', user },
      NOW,
    );
    assert.equal(sent.ok, true);
    const later = new Date(NOW.getTime() + 60_000);
    const options = {
      transport: smtpTransport(smtp.url),
      from: 'samskap <noreply@samskap.test>',
      batchSize: 5,
      backoffMs: () => 0,
    };
    // Five go out, then the server refuses everything for a while.
    assert.equal(await deliverDue(store, { ...options, now: () => later }), 5);
    smtp.failing = true;
    assert.equal(await deliverDue(store, { ...options, now: () => later }), 0);
    smtp.failing = false;
    // Back up: the rest goes out, each once.
    let rounds = 0;
    while ((await deliverDue(store, { ...options, now: () => new Date(later.getTime() + 1_000) })) > 0) rounds++;
    assert.ok(rounds >= 1);
    const rows = await store.db.selectFrom('outbox').selectAll().where('event_id', '=', event.id).execute();
    assert.equal(rows.length, 12);
    assert.ok(
      rows.every((r) => r.status === 'sent'),
      'every mail of the batch is sent in the end',
    );
    const ids = smtp.received.map((m) => m.messageId);
    assert.equal(new Set(ids).size, ids.length, 'no Message-ID arrived twice');
    assert.deepEqual(sorted(ids), sorted(rows.map((r) => r.message_id)), 'every row arrived');
    assert.deepEqual(
      sorted(smtp.received.map((m) => m.to)),
      sorted(Array.from({ length: 12 }, (_, i) => `batch${i}@example.no`)),
    );
  });
});
