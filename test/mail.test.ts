import assert from 'node:assert/strict';
import { after, before, beforeEach, test } from 'node:test';
import jsQRModule from 'jsqr';
import { PNG } from 'pngjs';
import { registerParticipants } from '../src/core/registrations/register-participants.ts';
import { readTicketCode, ticketCode, ticketKeyFrom } from '../src/core/registrations/ticket-code.ts';
import type { Deps } from '../src/core/shared/deps.ts';
import type { Store } from '../src/db/connect.ts';
import { createOutboxNotifier } from '../src/mail/outbox-notifier.ts';
import { deliverDue, RateWindow, smtpTransport, startWorker, type WorkerOptions } from '../src/mail/worker.ts';
import { startApp } from './support/app.ts';
import { onEachDatabase } from './support/databases.ts';
import { addEvent, NOW, person, signUp, smallEvent, testDeps } from './support/fixtures.ts';
import { type ReceivedMail, startSmtp, type TestSmtp } from './support/smtp.ts';

const FROM = 'samskap <noreply@samskap.test>';
const SECOND = 1_000;
const MINUTE = 60 * SECOND;

function ok<T extends { ok: boolean }>(result: T): Extract<T, { ok: true }> {
  assert.equal(result.ok, true, `expected ok, got ${JSON.stringify(result)}`);
  return result as Extract<T, { ok: true }>;
}

function at(ms: number): Date {
  return new Date(NOW.getTime() + ms);
}

/** The content lines of an iCalendar text, unfolded (RFC 5545 §3.1). */
function icsLines(ics: string): string[] {
  return ics
    .replace(/\r?\n[ \t]/g, '')
    .split(/\r?\n/)
    .filter((line) => line !== '');
}

/** The lines between BEGIN:<name> and END:<name>, each block once. */
function icsBlocks(lines: string[], name: string): string[][] {
  const blocks: string[][] = [];
  let current: string[] | null = null;
  for (const line of lines) {
    if (line === `BEGIN:${name}`) current = [];
    else if (line === `END:${name}`) {
      if (current) blocks.push(current);
      current = null;
    } else current?.push(line);
  }
  return blocks;
}

function icsUid(ics: string): string | undefined {
  return icsLines(ics).find((line) => line.startsWith('UID:'));
}

onEachDatabase('outbox and mail worker', (db, kind) => {
  let smtp: TestSmtp;
  const errors: unknown[] = [];

  /** Worker options for the test SMTP server on a fixed clock (the fixtures' NOW by default). */
  function worker(now: Date = NOW, extra: Partial<WorkerOptions> = {}): WorkerOptions {
    return {
      transport: smtpTransport(smtp.url),
      from: FROM,
      now: () => now,
      onError: (error) => errors.push(error),
      ...extra,
    };
  }

  async function outbox(store: Store = db().store) {
    return store.db.selectFrom('outbox').selectAll().orderBy('id').execute();
  }

  before(async () => {
    smtp = await startSmtp();
  });
  after(async () => {
    await smtp.close();
  });
  beforeEach(async () => {
    // Each test starts with an empty outbox and mailbox, so a worker round sends only its mail.
    await db().store.db.deleteFrom('outbox').execute();
    smtp.received.length = 0;
    smtp.failing = false;
    smtp.rejected.clear();
    errors.length = 0;
  });

  test('an address the SMTP server refuses for good fails at once, is marked on the registration, and does not hold up the rest', async () => {
    const store = db().store;
    const slug = await addEvent(store);
    const deps = testDeps(store);
    for (const email of ['en@example.no', 'finnes.ikke@example.no', 'to@example.no'])
      ok(await registerParticipants(deps, signUp(slug, email), NOW));
    smtp.rejected.add('finnes.ikke@example.no');

    assert.equal(await deliverDue(store, worker()), 2, 'the two good addresses are sent in the same round');
    assert.deepEqual(smtp.received.map((m) => m.to).sort(), ['en@example.no', 'to@example.no']);
    const rows = await outbox();
    const bad = rows.find((r) => r.to_address === 'finnes.ikke@example.no');
    assert.equal(bad?.status, 'failed', 'no retries for a permanent refusal');
    assert.equal(bad?.attempts, 1);
    assert.match(bad?.last_error ?? '', /No such mailbox/);
    const registration = await store.db
      .selectFrom('registrations')
      .select(['email_bounced_at', 'email_bounce_reason'])
      .where('email', '=', 'finnes.ikke@example.no')
      .executeTakeFirstOrThrow();
    assert.ok(registration.email_bounced_at, 'the registration is marked as bouncing');
    assert.match(registration.email_bounce_reason, /550|No such mailbox/);
    const others = await store.db
      .selectFrom('registrations')
      .select('email_bounced_at')
      .where('email', 'in', ['en@example.no', 'to@example.no'])
      .execute();
    assert.deepEqual(others, [{ email_bounced_at: null }, { email_bounced_at: null }]);
    // A temporary refusal is retried, not marked.
    smtp.failing = true;
    ok(await registerParticipants(deps, signUp(slug, 'tre@example.no'), NOW));
    assert.equal(await deliverDue(store, worker()), 0);
    const retry = (await outbox()).find((r) => r.to_address === 'tre@example.no');
    assert.equal(retry?.status, 'pending');
  });

  test('sends no more than MAIL_RATE_PER_MINUTE a minute and leaves the rest for later rounds', async () => {
    const store = db().store;
    const slug = await addEvent(store);
    const deps = testDeps(store);
    for (let i = 0; i < 5; i++) ok(await registerParticipants(deps, signUp(slug, `rate${i}@example.no`), NOW));
    const rate = new RateWindow(3);
    assert.equal(await deliverDue(store, worker(NOW, { rate })), 3);
    assert.equal(await deliverDue(store, worker(NOW, { rate })), 0, 'the window is full');
    const rows = await outbox();
    assert.equal(rows.filter((r) => r.status === 'pending').length, 2);
    assert.ok(
      rows.every((r) => r.status === 'sent' || r.locked_until === null),
      'mails not sent are not left claimed',
    );
    assert.equal(smtp.received.length, 3);
  });

  test('the rate window opens again after a minute', () => {
    const rate = new RateWindow(2);
    rate.record(0);
    rate.record(10_000);
    assert.equal(rate.allowance(30_000), 0);
    assert.equal(rate.waitMs(30_000), 30_000);
    assert.equal(rate.allowance(60_001), 1);
    assert.equal(rate.allowance(70_001), 2);
  });

  test('delivers a confirmation over SMTP with the outbox row’s Message-ID, both bodies and a valid calendar file', async () => {
    const store = db().store;
    const slug = await addEvent(store);
    const signed = ok(
      await registerParticipants(
        testDeps(store),
        signUp(slug, 'kari@example.no', { name: 'Kari Nordmann' }, [person({ name: 'Ordfører Olsen', session: 'B' })]),
        NOW,
      ),
    );
    const rows = await outbox();
    assert.equal(rows.length, 1, 'one mail: the companion has no address and is listed in the booker’s');
    const row = rows[0] as (typeof rows)[number];
    assert.deepEqual(
      [row.kind, row.status, row.attempts, row.to_address],
      ['registration.confirmation', 'pending', 0, 'kari@example.no'],
    );

    assert.equal(await deliverDue(store, worker()), 1);
    assert.equal(smtp.received.length, 1);
    const mail = smtp.received[0] as ReceivedMail;
    assert.equal(mail.messageId, row.message_id);
    assert.match(mail.messageId, /^<[0-9a-f-]{36}@samskap\.test>$/);
    assert.equal(mail.to, 'kari@example.no');
    assert.equal(mail.raw.from?.value[0]?.address, 'noreply@samskap.test');
    assert.equal(mail.subject, 'Påmeldt: Testseminar om samskaping');
    assert.equal(mail.text, row.text_body, 'the text body arrives as written to the outbox');
    assert.equal(mail.html, row.html_body, 'the HTML body arrives as written to the outbox');

    // What Kari reads.
    const manageUrl = `http://samskap.test/m/${signed.booker.token}`;
    const mayorUrl = `${manageUrl}?p=${signed.others[0]?.registrationId}`;
    assert.equal(
      mail.text,
      [
        'Hei, Kari Nordmann!',
        '',
        'Du er påmeldt Testseminar om samskaping.',
        '',
        'Når: tirsdag 12. november 2030 kl. 09.00–15.30',
        'Hvor: Testbygget, Sal 1, Testveien 1, 7600 Levanger',
        'Etter lunsj: A: Sesjon A',
        '',
        'Se, endre eller meld deg av her:',
        manageUrl,
        'Lenken er personlig. Ikke del den med andre.',
        '',
        'Du meldte også på:',
        '- Ordfører Olsen – påmeldt, B: Sesjon B',
        `  Endre eller meld av: ${mayorUrl}`,
        '',
        'Spørsmål? Skriv til kontakt@example.no.',
        '',
        'Vennlig hilsen',
        'arrangøren av Testseminar om samskaping',
        '',
        `http://samskap.test/e/${slug}`,
      ].join('\n'),
    );
    assert.match(mail.html, /^<!doctype html><html lang="nb">/);
    assert.ok(mail.html.includes(`<a href="${manageUrl}"`), 'the button links to the personal page');
    assert.ok(
      mail.html.includes(`<a href="${mayorUrl}">Endre eller meld av Ordfører Olsen</a>`),
      'a companion’s link names them',
    );
    assert.equal(mail.raw.replyTo, undefined, 'no Reply-To, so the mail must not ask for a reply');

    // The calendar file.
    assert.equal(mail.attachments.length, 1);
    const attachment = mail.attachments[0] as ReceivedMail['attachments'][number];
    assert.equal(attachment.filename, 'arrangement.ics');
    assert.equal(attachment.contentType, 'text/calendar');
    const ics = attachment.content;
    assert.ok(ics.includes('\r\n'), 'content lines end in CRLF');
    const lines = icsLines(ics);
    assert.equal(lines[0], 'BEGIN:VCALENDAR');
    assert.equal(lines.at(-1), 'END:VCALENDAR');
    assert.ok(lines.includes('VERSION:2.0'));
    assert.ok(lines.some((l) => l.startsWith('PRODID:')));
    const zones = icsBlocks(lines, 'VTIMEZONE');
    assert.equal(zones.length, 1);
    assert.ok(zones[0]?.includes('TZID:Europe/Oslo'));
    const events = icsBlocks(lines, 'VEVENT');
    assert.equal(events.length, 1);
    const vevent = events[0] as string[];
    // 08:00 UTC on 12 November is 09:00 in Oslo (CET, +01:00); session A ends 14:30 UTC = 15:30.
    assert.ok(vevent.includes('DTSTART;TZID=Europe/Oslo:20301112T090000'), vevent.join('\n'));
    assert.ok(vevent.includes('DTEND;TZID=Europe/Oslo:20301112T153000'), vevent.join('\n'));
    assert.match(vevent.find((l) => l.startsWith('DTSTAMP')) ?? '', /^DTSTAMP:\d{8}T\d{6}Z$/);
    assert.match(vevent.find((l) => l.startsWith('UID:')) ?? '', /^UID:event-\d+@samskap\.test$/);
    assert.ok(vevent.includes('SUMMARY:Testseminar om samskaping'));

    // Downloading the event's calendar twice gives the same UID as the mail, so calendar programs
    // update one entry instead of adding copies.
    const web = await startApp(store, { now: () => NOW });
    try {
      const downloads = [];
      for (let i = 0; i < 2; i++) {
        const response = await web.app.inject({ method: 'GET', url: `/e/${slug}/calendar.ics` });
        assert.equal(response.statusCode, 200);
        assert.match(String(response.headers['content-type']), /^text\/calendar/);
        downloads.push(response.body);
      }
      assert.equal(icsUid(downloads[0] ?? ''), icsUid(ics));
      assert.equal(icsUid(downloads[1] ?? ''), icsUid(ics));
    } finally {
      await web.close();
    }

    const [sent] = await outbox();
    assert.deepEqual(
      [sent?.status, sent?.attempts, sent?.locked_until, sent?.last_error, sent?.sent_at],
      ['sent', 1, null, null, NOW.toISOString()],
    );
    assert.equal(await deliverDue(store, worker(at(MINUTE))), 0, 'a sent mail is not sent again');
    assert.equal(smtp.received.length, 1);
  });

  test('keeps every mail while the SMTP server refuses, backs off, then delivers each exactly once with the same Message-ID', async () => {
    const store = db().store;
    const slug = await addEvent(store, smallEvent({ a: 1 }));
    for (const email of ['en@example.no', 'to@example.no', 'tre@example.no']) {
      ok(await registerParticipants(testDeps(store), signUp(slug, email, { name: email.split('@')[0] }), NOW));
    }
    const queued = await outbox();
    assert.equal(queued.length, 3);
    const messageIds = queued.map((r) => r.message_id);
    // Linear backoff keeps the arithmetic readable: retry n waits n minutes.
    const backoffMs = (attempt: number) => attempt * MINUTE;

    smtp.failing = true;
    assert.equal(await deliverDue(store, worker(NOW, { backoffMs })), 0);
    assert.equal(errors.length, 3, 'each refusal is reported');
    for (const row of await outbox()) {
      assert.equal(row.status, 'pending');
      assert.equal(row.attempts, 1);
      assert.match(row.last_error ?? '', /451/);
      assert.equal(row.next_attempt_at, at(MINUTE).toISOString());
      assert.equal(row.locked_until, null, 'a failed attempt gives the row back');
    }

    // Before the backoff has passed, a round does not even try.
    assert.equal(await deliverDue(store, worker(at(MINUTE - SECOND), { backoffMs })), 0);
    assert.equal(errors.length, 3);
    assert.deepEqual(
      (await outbox()).map((r) => r.attempts),
      [1, 1, 1],
    );

    // The second attempt fails too and waits longer.
    assert.equal(await deliverDue(store, worker(at(MINUTE), { backoffMs })), 0);
    assert.equal(errors.length, 6);
    for (const row of await outbox()) {
      assert.deepEqual([row.status, row.attempts], ['pending', 2]);
      assert.equal(row.next_attempt_at, at(3 * MINUTE).toISOString());
    }
    assert.equal(smtp.received.length, 0);

    // The server is back; the rows are retried when due, not before.
    smtp.failing = false;
    assert.equal(await deliverDue(store, worker(at(3 * MINUTE - SECOND), { backoffMs })), 0);
    assert.equal(await deliverDue(store, worker(at(3 * MINUTE), { backoffMs })), 3);
    assert.equal(await deliverDue(store, worker(at(60 * MINUTE), { backoffMs })), 0);
    assert.deepEqual(
      smtp.received.map((m) => m.messageId).sort(),
      [...messageIds].sort(),
      'each message once, same Message-ID',
    );
    for (const row of await outbox()) {
      assert.deepEqual(
        [row.status, row.attempts, row.last_error, row.sent_at],
        ['sent', 3, null, at(3 * MINUTE).toISOString()],
      );
    }

    // The two who did not get a seat read why, in plain Bokmål.
    const waitlisted = smtp.received.find((m) => m.to === 'tre@example.no');
    assert.equal(waitlisted?.subject, 'Venteliste: Testseminar om samskaping');
    assert.ok(
      waitlisted?.text.includes(
        'Takk for påmeldingen til Testseminar om samskaping. Det er dessverre fullt, så du står som nummer 2 på ventelisten til A: Sesjon A. Vi sender deg e-post hvis du får plass.',
      ),
      waitlisted?.text,
    );
  });

  test('marks a message failed after the last allowed attempt and keeps it in the outbox', async () => {
    const store = db().store;
    const slug = await addEvent(store);
    ok(await registerParticipants(testDeps(store), signUp(slug, 'gives-up@example.no'), NOW));
    smtp.failing = true;
    const options = { backoffMs: () => MINUTE, maxAttempts: 2 };
    assert.equal(await deliverDue(store, worker(NOW, options)), 0);
    assert.equal(await deliverDue(store, worker(at(MINUTE), options)), 0);
    const [row] = await outbox();
    assert.deepEqual([row?.status, row?.attempts], ['failed', 2]);
    assert.match(row?.last_error ?? '', /451/);
    smtp.failing = false;
    assert.equal(
      await deliverDue(store, worker(at(60 * MINUTE), options)),
      0,
      'a failed row waits for a person to look at it',
    );
    assert.equal(smtp.received.length, 0);
  });

  test('a message claimed by a worker that crashed is left alone until the lease ends, then sent with the same Message-ID', async () => {
    const store = db().store;
    const slug = await addEvent(store);
    ok(await registerParticipants(testDeps(store), signUp(slug, 'lease@example.no'), NOW));
    const [row] = await outbox();
    assert.ok(row);

    // Worker 1 claims the row for a minute, exactly as deliverDue does, and dies before sending.
    const claimed = await store.adapter.claimOutbox(store.db, NOW.toISOString(), at(MINUTE).toISOString(), 20);
    assert.deepEqual(claimed, [row.id]);

    // Worker 2, on its own connection (another process), finds nothing to do during the lease.
    const other = db().open(2);
    assert.equal(await deliverDue(other, worker(at(30 * SECOND))), 0);
    assert.equal(await deliverDue(other, worker(at(MINUTE))), 0, 'the lease runs until its last instant');
    assert.equal(smtp.received.length, 0);
    const held = (await outbox())[0];
    assert.deepEqual([held?.status, held?.attempts, held?.locked_until], ['pending', 0, at(MINUTE).toISOString()]);

    // Once the lease has expired, worker 2 delivers it: the same message, once.
    assert.equal(await deliverDue(other, worker(at(MINUTE + SECOND))), 1);
    assert.deepEqual(
      smtp.received.map((m) => m.messageId),
      [row.message_id],
    );
    const done = (await outbox())[0];
    assert.deepEqual([done?.status, done?.attempts, done?.locked_until], ['sent', 1, null]);
  });

  test('two workers on separate pools share one outbox of 60 mails and send each exactly once', {
    skip: kind === 'postgres' ? false : 'several processes share an outbox only on PostgreSQL (WORKERS > 1)',
  }, async () => {
    const store = db().store;
    const slug = await addEvent(store, smallEvent({ a: null }));
    await Promise.all(
      Array.from({ length: 60 }, (_, i) =>
        registerParticipants(testDeps(store), signUp(slug, `bulk${i}@example.no`), NOW),
      ),
    );
    const queued = await outbox();
    assert.equal(queued.length, 60);
    const messageIds = queued.map((r) => r.message_id).sort();
    assert.equal(new Set(messageIds).size, 60);

    // Two "processes", each with its own pool, each draining in small batches at the same time.
    const pools = [db().open(3), db().open(3)];
    const sentBy = await Promise.all(
      pools.map(async (pool) => {
        let sent = 0;
        for (;;) {
          const n = await deliverDue(pool, worker(NOW, { batchSize: 4 }));
          if (n === 0) return sent;
          sent += n;
        }
      }),
    );
    assert.equal(errors.length, 0, String(errors[0]));
    assert.equal((sentBy[0] ?? 0) + (sentBy[1] ?? 0), 60);
    assert.ok(
      sentBy.every((n) => n > 0),
      `both workers took a share (${sentBy.join(' + ')})`,
    );
    const received = smtp.received.map((m) => m.messageId).sort();
    assert.equal(received.length, 60, 'no message sent twice');
    assert.deepEqual(received, messageIds);
    const rows = await outbox();
    assert.ok(rows.every((r) => r.status === 'sent' && r.attempts === 1 && r.locked_until === null));
  });

  test('the confirmation carries the ticket: its code in the text and a QR image inline that reads back to it', async () => {
    const store = db().store;
    const slug = await addEvent(store);
    const key = ticketKeyFrom('the installation secret for this test, long enough');
    const deps: Deps = {
      db: store.db,
      adapter: store.adapter,
      notifier: createOutboxNotifier({ baseUrl: 'http://samskap.test', domain: 'samskap.test', ticketKey: key }),
    };
    const signed = ok(await registerParticipants(deps, signUp(slug, 'billett@example.no'), NOW));
    const [row] = await outbox();
    assert.ok(row, 'a confirmation in the outbox');
    const stored = JSON.parse(row.attachments_json) as { contentType: string; qr?: string; content?: string }[];
    const qr = stored.find((a) => a.contentType === 'image/png');
    assert.ok(qr?.qr && qr.content === undefined, 'the stored row holds the QR payload, not a picture');
    const event = await store.db.selectFrom('events').select('id').where('slug', '=', slug).executeTakeFirstOrThrow();
    const code = ticketCode(key, event.id, signed.booker.registrationId as number);

    assert.equal(await deliverDue(store, worker()), 1);
    const mail = smtp.received[0] as ReceivedMail;
    assert.match(mail.text, new RegExp(`Billettkode: ${code}`));
    const image = mail.raw.attachments.find((a) => a.contentType === 'image/png');
    assert.ok(image, 'an inline PNG');
    // mailparser turns cid: links into data: URLs, so look at what was sent.
    assert.ok(image.cid && row.html_body.includes(`cid:${image.cid}`), 'the HTML shows the image by its Content-ID');
    assert.equal(image.contentDisposition, 'inline');
    const png = PNG.sync.read(image.content);
    // jsQR is CommonJS: under tsx its function is the default export's default.
    type Decode = (data: Uint8ClampedArray, width: number, height: number) => { data: string } | null;
    const jsQR = ((jsQRModule as unknown as { default?: Decode }).default ?? jsQRModule) as unknown as Decode;
    const decoded = jsQR(new Uint8ClampedArray(png.data), png.width, png.height);
    assert.equal(decoded?.data, `SAMSKAP:${code}`);
    assert.deepEqual(readTicketCode(key, event.id, decoded?.data ?? ''), {
      ok: true,
      registrationId: signed.booker.registrationId,
    });
  });

  test('no outbox row exists when the registration transaction rolls back', async () => {
    const store = db().store;
    const slug = await addEvent(store, smallEvent({ a: 5 }));
    const real = createOutboxNotifier({ baseUrl: 'http://samskap.test', domain: 'samskap.test' });
    let writtenBeforeFailure = 0;
    // The mail is written, then the transaction fails after it (as any later error would).
    const deps: Deps = {
      db: store.db,
      adapter: store.adapter,
      notifier: {
        async enqueue(trx, notification, now) {
          await real.enqueue(trx, notification, now);
          writtenBeforeFailure = (await trx.selectFrom('outbox').select('id').execute()).length;
          throw new Error('failure after the mail was written');
        },
      },
    };
    await assert.rejects(
      registerParticipants(deps, signUp(slug, 'rollback@example.no'), NOW),
      /failure after the mail/,
    );
    assert.equal(writtenBeforeFailure, 1, 'the row existed inside the transaction');
    assert.deepEqual(await outbox(), []);
    assert.equal(
      await store.db
        .selectFrom('registrations')
        .select('id')
        .where('email_norm', '=', 'rollback@example.no')
        .executeTakeFirst(),
      undefined,
    );
    const session = await store.db
      .selectFrom('sessions')
      .innerJoin('events', 'events.id', 'sessions.event_id')
      .select(['sessions.seats_taken', 'sessions.waitlist_length'])
      .where('events.slug', '=', slug)
      .where('sessions.code', '=', 'A')
      .executeTakeFirstOrThrow();
    assert.deepEqual([session.seats_taken, session.waitlist_length], [0, 0], 'the seat was given back too');

    // A sign-up refused by validation writes no mail either.
    const refused = await registerParticipants(
      testDeps(store),
      signUp(slug, 'refused@example.no', { role: 'astronaut' }),
      NOW,
    );
    assert.equal(refused.ok, false);
    assert.deepEqual(await outbox(), []);
    assert.equal(await deliverDue(store, worker(at(60 * MINUTE))), 0);
    assert.equal(smtp.received.length, 0);
  });

  test('the running worker sends a new mail soon after it is nudged', async () => {
    const store = db().store;
    const slug = await addEvent(store);
    // A long interval: only the nudge can explain a quick delivery.
    const running = startWorker(store, { ...worker(), intervalMs: 60 * MINUTE });
    try {
      // Let the round every worker runs at start pass, with nothing to send.
      await new Promise((resolve) => setTimeout(resolve, 200));
      ok(await registerParticipants(testDeps(store), signUp(slug, 'nudge@example.no'), NOW));
      running.nudge();
      await smtp.waitFor((mails) => mails.length === 1, 5_000);
      const [row] = await outbox();
      assert.equal(smtp.received[0]?.messageId, row?.message_id);
    } finally {
      await running.stop();
    }
  });
});
