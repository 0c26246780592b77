// Sign-up by e-mail against a real IMAP server: a private Dovecot (Debian's dovecot-imapd),
// started by the test. Messages delivered into its INBOX are fetched by the poller once, become
// registrations, and the confirmations reach a real SMTP server as replies in the senders'
// threads; the mailbox is only flagged; one process reads a mailbox at a time; a wrong password
// and a server that is down show a clear status and are retried.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { credentialKeyFrom } from '../src/core/mail-intake/credentials.ts';
import type { Store } from '../src/db/connect.ts';
import { type PollerDeps, pollDueMailboxes, pollMailbox } from '../src/mail/mailbox-poller.ts';
import { deliverDue, smtpTransport } from '../src/mail/worker.ts';
import { organiser, postAdminForm, type TestOrganiser } from './support/admin.ts';
import { startApp, type TestApp } from './support/app.ts';
import { onEachDatabase } from './support/databases.ts';
import { DOVECOT, startDovecot, type TestDovecot } from './support/dovecot.ts';
import { addEvent, NOW, testDeps } from './support/fixtures.ts';
import { mail, mayorSignUp, seminarEvent } from './support/mails.ts';
import { startSmtp, type TestSmtp } from './support/smtp.ts';

const SECRET = 'test-secret-test-secret-test-secret-0123456789';
const MINUTE = 60_000;

if (!DOVECOT && process.env.CI === 'true') {
  throw new Error(
    'CI=true but dovecot is not installed: the IMAP test would be skipped (apt-get install dovecot-imapd).',
  );
}

if (!DOVECOT) {
  describe('sign-up by e-mail over IMAP', {
    skip: 'dovecot is not installed (apt-get install dovecot-imapd)',
  }, () => {});
} else {
  onEachDatabase('sign-up by e-mail over IMAP', (db, kind) => {
    let t: TestApp;
    let store: Store;
    let slug: string;
    let eventId: number;
    let org: TestOrganiser;
    let imap: TestDovecot;
    let smtp: TestSmtp;
    let clock = NOW;
    const page = () => `/admin/events/${slug}/mail`;
    const deps = (): PollerDeps => ({
      notifier: testDeps(store).notifier,
      credentialKey: credentialKeyFrom(SECRET),
      now: () => clock,
    });
    const mailbox = () =>
      store.db
        .selectFrom('mailboxes')
        .selectAll()
        .where('event_id', '=', eventId)
        .where('kind', '=', 'imap')
        .executeTakeFirstOrThrow();
    const registrationsOf = (email: string) =>
      store.db
        .selectFrom('registrations')
        .select(['id', 'name', 'role', 'status'])
        .where('event_id', '=', eventId)
        .where('email_norm', '=', email)
        .execute();
    const saveMailbox = (password: string) =>
      postAdminForm(t.app, org, page(), `${page()}/mailbox`, {
        host: imap.host,
        port: String(imap.port),
        tls: 'none',
        username: imap.user,
        password,
        folder: 'INBOX',
        address: 'pamelding@example.no',
        flag: 'on',
        action: 'save',
      });

    before(async () => {
      store = db().store;
      imap = await startDovecot();
      smtp = await startSmtp();
      t = await startApp(store, { now: () => clock });
      slug = await addEvent(store, seminarEvent());
      eventId = (await store.db.selectFrom('events').select('id').where('slug', '=', slug).executeTakeFirstOrThrow())
        .id;
      org = await organiser(store);
    });
    after(async () => {
      await t?.close();
      await smtp?.close();
      await imap?.dispose();
    });

    test('"test connection" logs in to the real server and says how many messages the folder holds', async () => {
      await imap.deliver(mail({ from: 'Noen <noen@example.org>', subject: 'Før tilkobling', body: 'Hei' }).raw);
      const res = await postAdminForm(t.app, org, page(), `${page()}/mailbox`, {
        host: imap.host,
        port: String(imap.port),
        tls: 'none',
        username: imap.user,
        password: imap.password,
        folder: 'INBOX',
        action: 'test',
      });
      assert.equal(res.statusCode, 200);
      assert.match(res.body, /Tilkoblingen virker\. Mappen har 1 melding\./);
      const missing = await postAdminForm(t.app, org, page(), `${page()}/mailbox`, {
        host: imap.host,
        port: String(imap.port),
        tls: 'none',
        username: imap.user,
        password: imap.password,
        folder: 'Finnes-ikke',
        action: 'test',
      });
      assert.match(missing.body, /Fant ikke mappen i postkassen/);
    });

    test('delivered messages are fetched once, become registrations, and the replies arrive in the thread', async () => {
      assert.equal((await saveMailbox(imap.password)).statusCode, 303);
      const signup = mayorSignUp();
      const question = mail({
        from: 'Per Olsen <per.olsen@example.org>',
        subject: 'Parkering?',
        body: 'Hei! Er det parkering ved campus? Hilsen Per',
      });
      const uid1 = await imap.deliver(signup.raw, new Date('2030-09-10T07:15:00Z'));
      await imap.deliver(question.raw);
      const [result] = await pollDueMailboxes(store, deps());
      assert.ok(result?.claimed && result.ok, JSON.stringify(result));
      // The message that was there before connecting is read too (from the folder's start).
      assert.equal(result.handled, 3);
      const [berit] = await registrationsOf('berit.sandvik@frosta.example.no');
      assert.deepEqual([berit?.name, berit?.role, berit?.status], ['Berit Sandvik', 'politician', 'confirmed']);
      const rows = await store.db
        .selectFrom('intake_messages')
        .select(['message_id', 'imap_uid', 'uidvalidity', 'state'])
        .where('event_id', '=', eventId)
        .orderBy('id')
        .execute();
      assert.deepEqual(
        rows.map((r) => [Number(r.imap_uid), r.state]),
        [
          [1, 'pending_review'],
          [uid1, 'accepted'],
          [uid1 + 1, 'pending_review'],
        ],
      );
      const box = await mailbox();
      assert.equal(Number(box.last_uid), uid1 + 1);
      assert.equal(box.status, 'ok');
      assert.equal(box.lease_until, null);
      // The mailbox is changed only by the flag: the messages stay unread.
      const flags = await imap.flags(uid1);
      assert.ok(flags.includes('\\Flagged'), flags.join(' '));
      assert.ok(!flags.includes('\\Seen'), flags.join(' '));

      // The reply goes out over SMTP as an answer in the sender's thread.
      await deliverDue(store, {
        transport: smtpTransport(smtp.url),
        from: 'samskap <noreply@samskap.test>',
        now: () => clock,
      });
      const received = await smtp.waitFor((mails) =>
        mails.some((m) => m.to.includes('berit.sandvik@frosta.example.no')),
      );
      const reply = received.find((m) => m.to.includes('berit.sandvik@frosta.example.no'));
      assert.equal(reply?.subject, 'Re: Påmelding til seminaret');
      assert.equal(reply?.raw.inReplyTo, signup.messageId);
      const references = reply?.raw.references;
      assert.deepEqual(Array.isArray(references) ? references : [references], [signup.messageId]);
      assert.match(reply?.text ?? '', /\/m\//);

      // Read again: nothing new, nothing twice.
      clock = new Date(clock.getTime() + MINUTE);
      const [again] = await pollDueMailboxes(store, deps());
      assert.ok(again?.claimed && again.ok);
      assert.equal(again.handled, 0);
      assert.equal((await registrationsOf('berit.sandvik@frosta.example.no')).length, 1);

      // A new message is picked up next round; only it is read.
      const second = mail({
        from: 'Astrid Kleven <astrid.kleven@nord.example.no>',
        subject: 'Påmelding',
        body: 'Hei! Jeg er forsker ved Nord universitet og melder meg på 2B, workshopen om forskningssøknader.\n\nHilsen Astrid Kleven\nNord universitet',
      });
      await imap.deliver(second.raw);
      clock = new Date(clock.getTime() + MINUTE);
      const [third] = await pollDueMailboxes(store, deps());
      assert.ok(third?.claimed && third.ok);
      assert.equal(third.handled, 1);
      assert.equal((await registrationsOf('astrid.kleven@nord.example.no')).length, 1);
    });

    test('one process reads a mailbox at a time', async () => {
      const other = kind === 'postgres' ? db().open(2) : store;
      const id = (await mailbox()).id;
      clock = new Date(clock.getTime() + MINUTE);
      const results = await Promise.all([pollMailbox(store, deps(), id), pollMailbox(other, deps(), id)]);
      assert.equal(results.filter((r) => r.claimed).length, 1, JSON.stringify(results));
    });

    test('a refused login and a server that is down show a clear status and are retried', async () => {
      assert.equal((await saveMailbox('feil-passord')).statusCode, 303);
      clock = new Date(clock.getTime() + MINUTE);
      const [refused] = await pollDueMailboxes(store, deps());
      assert.ok(refused?.claimed && !refused.ok);
      assert.equal(refused.error, 'auth_failed');
      const view = await t.app.inject({ url: page(), headers: { cookie: org.cookie } });
      assert.match(view.body, /Tjeneren avviste brukernavnet eller passordet\./);
      assert.match(view.body, /Vi prøver igjen hvert minutt/);
      assert.doesNotMatch(view.body, /feil-passord/);
      // Retried: due again a minute later.
      clock = new Date(clock.getTime() + 30_000);
      assert.equal((await pollDueMailboxes(store, deps())).length, 0);
      clock = new Date(clock.getTime() + 31_000);
      assert.equal((await pollDueMailboxes(store, deps())).length, 1);

      assert.equal((await saveMailbox(imap.password)).statusCode, 303);
      await imap.stop();
      try {
        clock = new Date(clock.getTime() + MINUTE);
        const [down] = await pollDueMailboxes(store, deps());
        assert.ok(down?.claimed && !down.ok);
        assert.equal(down.error, 'connect_failed');
        const nn = await t.app.inject({ url: `${page()}?lang=nn`, headers: { cookie: org.cookie } });
        assert.match(nn.body, /Fekk ikkje kontakt med tenaren/);
      } finally {
        await imap.start();
      }
      clock = new Date(clock.getTime() + MINUTE);
      const [back] = await pollDueMailboxes(store, deps());
      assert.ok(back?.claimed && back.ok, JSON.stringify(back));
      const view2 = await t.app.inject({ url: page(), headers: { cookie: org.cookie } });
      assert.match(view2.body, /Tilkoblet\. Sist lest/);
    });
  });
}
