import assert from 'node:assert/strict';
import { test } from 'node:test';
import { getEvent } from '../src/core/events/get-event.ts';
import { cancelRegistration } from '../src/core/registrations/cancel-registration.ts';
import { changeSession } from '../src/core/registrations/change-session.ts';
import { getMyRegistration } from '../src/core/registrations/get-my-registration.ts';
import { registerParticipants } from '../src/core/registrations/register-participants.ts';
import { requestPersonalLink } from '../src/core/registrations/request-personal-link.ts';
import { updateDetails } from '../src/core/registrations/update-details.ts';
import { onEachDatabase } from './support/databases.ts';
import { addEvent, NOW, person, signUp, smallEvent, testDeps } from './support/fixtures.ts';

function ok<T extends { ok: boolean }>(result: T): Extract<T, { ok: true }> {
  assert.equal(result.ok, true, `expected ok, got ${JSON.stringify(result)}`);
  return result as Extract<T, { ok: true }>;
}

onEachDatabase('registration', (db, kind) => {
  test('confirms a sign-up, writes its confirmation mail and an audit row in the same transaction', async () => {
    const deps = testDeps(db().store);
    const slug = await addEvent(db().store);
    const result = ok(await registerParticipants(deps, signUp(slug, 'Kari@Example.no'), NOW));
    assert.equal(result.booker.status, 'confirmed');
    assert.equal(result.booker.session, 'A');
    assert.ok(result.booker.token && result.booker.token.length >= 43, 'token has at least 256 bits in base64url');
    const mails = await db()
      .store.db.selectFrom('outbox')
      .selectAll()
      .where('to_address', '=', 'Kari@Example.no')
      .execute();
    assert.equal(mails.length, 1);
    assert.match(mails[0]?.subject ?? '', /^Påmeldt: Testseminar/);
    assert.ok(mails[0]?.text_body.includes(`http://samskap.test/m/${result.booker.token}`));
    assert.match(mails[0]?.message_id ?? '', /^<[0-9a-f-]+@samskap\.test>$/);
    const attachments = JSON.parse(mails[0]?.attachments_json ?? '[]');
    assert.match(attachments[0].content, /BEGIN:VCALENDAR/);
    const audit = await db()
      .store.db.selectFrom('audit_log')
      .selectAll()
      .where('action', '=', 'registration.confirmed')
      .execute();
    assert.ok(audit.some((a) => a.subject_id === result.booker.registrationId));
  });

  test('stores only a hash of the personal link, and the link opens the registration', async () => {
    const deps = testDeps(db().store);
    const slug = await addEvent(db().store);
    const result = ok(await registerParticipants(deps, signUp(slug, 'hash@example.no'), NOW));
    const token = result.booker.token as string;
    const stored = await db().store.db.selectFrom('access_tokens').select('token_hash').execute();
    assert.ok(stored.every((row) => row.token_hash !== token));
    const mine = await getMyRegistration(db().store.db, token);
    assert.equal(mine?.own.name, 'Test Testesen');
    assert.equal(await getMyRegistration(db().store.db, `${token.slice(0, -2)}xx`), undefined);
  });

  test('puts sign-ups beyond a full session on its waiting list with positions in order', async () => {
    const deps = testDeps(db().store);
    const slug = await addEvent(db().store, smallEvent({ a: 2 }));
    const outcomes = [];
    for (let i = 0; i < 4; i++) {
      outcomes.push(ok(await registerParticipants(deps, signUp(slug, `p${i}@example.no`), NOW)).booker);
    }
    assert.deepEqual(
      outcomes.map((o) => [o.status, o.waitlistPosition]),
      [
        ['confirmed', null],
        ['confirmed', null],
        ['waitlisted', 1],
        ['waitlisted', 2],
      ],
    );
    const event = await getEvent(db().store.db, slug);
    assert.equal(event?.sessions[0]?.seatsLeft, 0);
    assert.equal(event?.sessions[0]?.waitlistLength, 2);
    const mail = await db()
      .store.db.selectFrom('outbox')
      .select('subject')
      .where('to_address', '=', 'p2@example.no')
      .executeTakeFirst();
    assert.match(mail?.subject ?? '', /^Venteliste:/);
  });

  test('waitlists when the event is full even if the session has seats', async () => {
    const deps = testDeps(db().store);
    const slug = await addEvent(db().store, smallEvent({ capacity: 1, a: 10, b: 10 }));
    ok(await registerParticipants(deps, signUp(slug, 'first@example.no', { session: 'A' }), NOW));
    const second = ok(await registerParticipants(deps, signUp(slug, 'second@example.no', { session: 'B' }), NOW));
    assert.equal(second.booker.status, 'waitlisted');
    assert.equal(second.booker.waitlistPosition, 1);
  });

  test('cancelling promotes the first on that session’s waiting list and tells them by e-mail', async () => {
    const deps = testDeps(db().store);
    const slug = await addEvent(db().store, smallEvent({ a: 1 }));
    const first = ok(await registerParticipants(deps, signUp(slug, 'one@example.no'), NOW));
    const second = ok(await registerParticipants(deps, signUp(slug, 'two@example.no'), NOW));
    const third = ok(await registerParticipants(deps, signUp(slug, 'three@example.no'), NOW));
    assert.equal(third.booker.waitlistPosition, 2);
    const cancelled = ok(
      await cancelRegistration(deps, { registrationId: first.booker.registrationId as number, actor: 'test' }, NOW),
    );
    assert.deepEqual(cancelled.promoted, [second.booker.registrationId]);
    const mine = await getMyRegistration(db().store.db, second.booker.token as string);
    assert.equal(mine?.own.status, 'confirmed');
    const stillWaiting = await getMyRegistration(db().store.db, third.booker.token as string);
    assert.equal(stillWaiting?.own.waitlistPosition, 1, 'the waiting list moved up');
    const promotedMail = await db()
      .store.db.selectFrom('outbox')
      .select('subject')
      .where('to_address', '=', 'two@example.no')
      .where('kind', '=', 'registration.promoted')
      .executeTakeFirst();
    assert.match(promotedMail?.subject ?? '', /^Du har fått plass/);
    const cancelMail = await db()
      .store.db.selectFrom('outbox')
      .select('subject')
      .where('to_address', '=', 'one@example.no')
      .where('kind', '=', 'registration.cancelled')
      .executeTakeFirst();
    assert.match(cancelMail?.subject ?? '', /^Avmeldt/);
    const again = await cancelRegistration(
      deps,
      { registrationId: first.booker.registrationId as number, actor: 'test' },
      NOW,
    );
    assert.deepEqual(again, { ok: false, code: 'already_cancelled' });
  });

  test('a repeated e-mail (any case) creates no duplicate and e-mails the personal link instead', async () => {
    const deps = testDeps(db().store);
    const slug = await addEvent(db().store);
    ok(await registerParticipants(deps, signUp(slug, 'same@example.no'), NOW));
    const again = ok(
      await registerParticipants(deps, signUp(slug, '  SAME@Example.NO ', { session: 'B', name: 'Someone Else' }), NOW),
    );
    assert.equal(again.booker.status, 'already_registered');
    assert.equal(again.booker.token, null, 'nothing about the existing registration is returned');
    assert.equal(again.bookingId, null);
    const count = await db()
      .store.db.selectFrom('registrations')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    const regs = await db()
      .store.db.selectFrom('registrations')
      .selectAll()
      .where('email_norm', '=', 'same@example.no')
      .execute();
    assert.equal(regs.length, 1);
    assert.equal(regs[0]?.session_id !== null, true);
    assert.ok(Number(count.n) >= 1);
    const linkMail = await db()
      .store.db.selectFrom('outbox')
      .selectAll()
      .where('kind', '=', 'registration.link_requested')
      .where('to_address', '=', 'same@example.no')
      .execute();
    assert.equal(linkMail.length, 1);
    assert.match(linkMail[0]?.text_body ?? '', /http:\/\/samskap\.test\/m\/[A-Za-z0-9_-]{43}/);
  });

  test('signing up again after cancelling is allowed and takes a new place', async () => {
    const deps = testDeps(db().store);
    const slug = await addEvent(db().store);
    const first = ok(await registerParticipants(deps, signUp(slug, 'back@example.no'), NOW));
    ok(await cancelRegistration(deps, { registrationId: first.booker.registrationId as number, actor: 'test' }, NOW));
    const again = ok(await registerParticipants(deps, signUp(slug, 'back@example.no'), NOW));
    assert.equal(again.booker.status, 'confirmed');
    assert.notEqual(again.booker.registrationId, first.booker.registrationId);
  });

  test('returns registration_closed after the deadline and registration_not_open before opening', async () => {
    const deps = testDeps(db().store);
    const slug = await addEvent(db().store);
    const late = await registerParticipants(
      deps,
      signUp(slug, 'late@example.no'),
      new Date('2030-11-01T23:00:00.000Z'),
    );
    assert.deepEqual(late, { ok: false, code: 'registration_closed' });
    const early = await addEvent(db().store, smallEvent({ registrationOpensAt: new Date('2030-10-15T08:00:00.000Z') }));
    assert.deepEqual(await registerParticipants(deps, signUp(early, 'early@example.no'), NOW), {
      ok: false,
      code: 'registration_not_open',
    });
    const onTime = await registerParticipants(
      deps,
      signUp(slug, 'ontime@example.no'),
      new Date('2030-11-01T22:58:59.000Z'),
    );
    assert.equal(onTime.ok, true);
  });

  test('refuses an unknown event, role or session, and a missing session, with field codes', async () => {
    const deps = testDeps(db().store);
    assert.deepEqual(await registerParticipants(deps, signUp('no-such-event', 'x@example.no'), NOW), {
      ok: false,
      code: 'not_found',
    });
    const slug = await addEvent(db().store, smallEvent({ allowNoSession: false }));
    const result = await registerParticipants(
      deps,
      signUp(slug, 'x@example.no', { role: 'astronaut', session: 'Z' }, [
        person({ session: undefined, role: 'other' }),
      ]),
      NOW,
    );
    assert.deepEqual(result, {
      ok: false,
      code: 'invalid',
      fields: {
        role: 'unknown_role',
        session: 'unknown_session',
        'others.0.session': 'session_required',
        'others.0.roleOther': 'role_other_required',
      },
    });
    const none = await registerParticipants(deps, signUp(slug, 'x@example.no', { session: null }), NOW);
    assert.deepEqual(none, { ok: false, code: 'invalid', fields: { session: 'no_session_not_allowed' } });
    assert.equal(
      await db()
        .store.db.selectFrom('registrations')
        .select('id')
        .where('email_norm', '=', 'x@example.no')
        .executeTakeFirst(),
      undefined,
    );
  });

  test('"only the shared programme" has its own waiting list when the event is full', async () => {
    const deps = testDeps(db().store);
    const slug = await addEvent(db().store, smallEvent({ capacity: 1 }));
    ok(await registerParticipants(deps, signUp(slug, 'a@example.no', { session: null }), NOW));
    const b = ok(await registerParticipants(deps, signUp(slug, 'b@example.no', { session: null }), NOW));
    const c = ok(await registerParticipants(deps, signUp(slug, 'c@example.no', { session: 'A' }), NOW));
    assert.equal(b.booker.session, null);
    assert.equal(b.booker.waitlistPosition, 1);
    assert.equal(c.booker.waitlistPosition, 1, 'session A counts its own positions');
    const event = await getEvent(db().store.db, slug);
    assert.equal(event?.noSessionWaitlistLength, 1);
  });

  test('one booker signs up colleagues; those without an address are managed through the booker', async () => {
    const deps = testDeps(db().store);
    const slug = await addEvent(db().store);
    const result = ok(
      await registerParticipants(
        deps,
        signUp(slug, 'assistent@example.no', { role: 'municipal_employee' }, [
          person({ name: 'Ordfører Olsen', role: 'politician', session: 'B' }),
          person({ name: 'Kollega Kvam', email: 'kollega@example.no', role: 'researcher' }),
        ]),
        NOW,
      ),
    );
    assert.deepEqual(
      result.others.map((o) => [o.name, o.status, o.session]),
      [
        ['Ordfører Olsen', 'confirmed', 'B'],
        ['Kollega Kvam', 'confirmed', 'A'],
      ],
    );
    const bookings = await db().store.db.selectFrom('registrations').select(['booking_id', 'email']).execute();
    const mine = bookings.filter((b) => b.booking_id === result.bookingId);
    assert.equal(mine.length, 3);
    const mails = await db()
      .store.db.selectFrom('outbox')
      .selectAll()
      .where('kind', '=', 'registration.confirmation')
      .execute();
    const toBooker = mails.filter((m) => m.to_address === 'assistent@example.no');
    const toColleague = mails.filter((m) => m.to_address === 'kollega@example.no');
    assert.equal(toBooker.length, 1);
    assert.equal(toColleague.length, 1);
    assert.match(toBooker[0]?.text_body ?? '', /Ordfører Olsen/);
    assert.match(toColleague[0]?.text_body ?? '', /assistent|Test Testesen har meldt deg på/);
    // The booker's link opens the mayor's registration (no address of their own), not the colleague's.
    const own = await getMyRegistration(db().store.db, result.booker.token as string);
    assert.deepEqual(
      own?.companions.map((c) => c.name),
      ['Ordfører Olsen'],
    );
    const mayorId = result.others[0]?.registrationId as number;
    const colleagueId = result.others[1]?.registrationId as number;
    assert.equal(
      (await getMyRegistration(db().store.db, result.booker.token as string, mayorId))?.target.name,
      'Ordfører Olsen',
    );
    assert.equal(await getMyRegistration(db().store.db, result.booker.token as string, colleagueId), undefined);
  });

  test('refuses the same address twice in one form', async () => {
    const deps = testDeps(db().store);
    const slug = await addEvent(db().store);
    const result = await registerParticipants(
      deps,
      signUp(slug, 'twice@example.no', {}, [person({ email: 'TWICE@example.no' })]),
      NOW,
    );
    assert.deepEqual(result, { ok: false, code: 'invalid', fields: { 'others.0.email': 'duplicate_email' } });
  });

  test('switching to a session with seats moves the seat; to a full one only with consent', async () => {
    const deps = testDeps(db().store);
    const slug = await addEvent(db().store, smallEvent({ a: 5, b: 1 }));
    const mover = ok(await registerParticipants(deps, signUp(slug, 'mover@example.no', { session: 'A' }), NOW));
    const id = mover.booker.registrationId as number;
    const moved = ok(
      await changeSession(deps, { registrationId: id, session: 'B', acceptWaitlist: false, actor: 'test' }, NOW),
    );
    assert.equal(moved.status, 'confirmed');
    let event = await getEvent(db().store.db, slug);
    assert.deepEqual(
      event?.sessions.map((s) => s.seatsTaken),
      [0, 1],
    );

    const other = ok(await registerParticipants(deps, signUp(slug, 'other@example.no', { session: 'A' }), NOW));
    const otherId = other.booker.registrationId as number;
    const refused = await changeSession(
      deps,
      { registrationId: otherId, session: 'B', acceptWaitlist: false, actor: 'test' },
      NOW,
    );
    assert.deepEqual(refused, { ok: false, code: 'session_full' });
    event = await getEvent(db().store.db, slug);
    assert.deepEqual(
      event?.sessions.map((s) => [s.seatsTaken, s.waitlistLength]),
      [
        [1, 0],
        [1, 0],
      ],
      'a refused switch changes nothing',
    );

    const queued = ok(
      await changeSession(deps, { registrationId: otherId, session: 'B', acceptWaitlist: true, actor: 'test' }, NOW),
    );
    assert.deepEqual([queued.status, queued.waitlistPosition], ['waitlisted', 1]);
    // When the mover leaves B, the queued person gets the seat.
    ok(await changeSession(deps, { registrationId: id, session: 'A', acceptWaitlist: false, actor: 'test' }, NOW));
    const after = await getMyRegistration(db().store.db, other.booker.token as string);
    assert.deepEqual([after?.own.status, after?.own.session], ['confirmed', 'B']);
    const closed = await changeSession(
      deps,
      { registrationId: id, session: 'B', acceptWaitlist: true, actor: 'test' },
      new Date('2030-11-05T00:00:00Z'),
    );
    assert.deepEqual(closed, { ok: false, code: 'change_closed' });
  });

  test('updates details and records it; refuses an unknown role', async () => {
    const deps = testDeps(db().store);
    const slug = await addEvent(db().store);
    const r = ok(await registerParticipants(deps, signUp(slug, 'edit@example.no'), NOW));
    const id = r.booker.registrationId as number;
    const base = {
      registrationId: id,
      name: 'Nytt Navn',
      organization: 'Ny org',
      role: 'other',
      roleOther: 'Journalist',
      needs: 'Teleslynge',
      needsConsent: true,
      publicListing: true,
      actor: 'test',
    };
    ok(await updateDetails(deps, base, NOW));
    const mine = await getMyRegistration(db().store.db, r.booker.token as string);
    assert.deepEqual(
      [mine?.own.name, mine?.own.roleOther, mine?.own.needs, mine?.own.publicListing],
      ['Nytt Navn', 'Journalist', 'Teleslynge', true],
    );
    assert.deepEqual(await updateDetails(deps, { ...base, role: 'astronaut' }, NOW), {
      ok: false,
      code: 'invalid',
      fields: { role: 'unknown_role' },
    });
    const withoutConsent = ok(await updateDetails(deps, { ...base, needs: 'Allergi', needsConsent: false }, NOW));
    assert.ok(withoutConsent);
    assert.equal(
      (await getMyRegistration(db().store.db, r.booker.token as string))?.own.needs,
      '',
      'needs are not kept without consent',
    );
  });

  test('a link request mails a fresh link for a registered address and nothing otherwise', async () => {
    const deps = testDeps(db().store);
    const slug = await addEvent(db().store);
    const r = ok(await registerParticipants(deps, signUp(slug, 'link@example.no'), NOW));
    await requestPersonalLink(deps, { eventSlug: slug, email: 'LINK@example.no' }, NOW);
    await requestPersonalLink(deps, { eventSlug: slug, email: 'nobody@example.no' }, NOW);
    const mails = await db()
      .store.db.selectFrom('outbox')
      .innerJoin('events', 'events.id', 'outbox.event_id')
      .selectAll('outbox')
      .where('outbox.kind', '=', 'registration.link_requested')
      .where('events.slug', '=', slug)
      .execute();
    assert.deepEqual(
      mails.map((m) => m.to_address),
      ['link@example.no'],
    );
    const token = /\/m\/([A-Za-z0-9_-]+)/.exec(mails[0]?.text_body ?? '')?.[1] as string;
    assert.notEqual(token, r.booker.token, 'a new link is issued');
    assert.equal((await getMyRegistration(db().store.db, token))?.own.id, r.booker.registrationId);
    assert.equal(
      (await getMyRegistration(db().store.db, r.booker.token as string))?.own.id,
      r.booker.registrationId,
      'the old link still works',
    );
  });

  test('a change to the event (its updated_at) is seen by the next sign-up', async () => {
    const deps = testDeps(db().store);
    const slug = await addEvent(db().store);
    ok(await registerParticipants(deps, signUp(slug, 'before@example.no'), NOW));
    await db()
      .store.db.updateTable('events')
      .set({ title: 'Nytt navn på seminaret', updated_at: new Date(NOW.getTime() + 1000).toISOString() })
      .where('slug', '=', slug)
      .execute();
    ok(await registerParticipants(deps, signUp(slug, 'after@example.no'), NOW));
    const mail = await db()
      .store.db.selectFrom('outbox')
      .select('subject')
      .where('to_address', '=', 'after@example.no')
      .executeTakeFirstOrThrow();
    assert.equal(mail.subject, 'Påmeldt: Nytt navn på seminaret');
  });

  test('200 concurrent sign-ups for 20 seats give exactly 20 confirmed and 180 waitlisted at 1..180; a cancellation promotes number 1', async () => {
    const slug = await addEvent(db().store, smallEvent({ a: 20 }));
    // On PostgreSQL several pools on one database, as several app processes would have. SQLite
    // serves one process (WORKERS > 1 requires PostgreSQL), so one connection there.
    const stores = kind === 'postgres' ? [db().store, db().open(4), db().open(4)] : [db().store];
    const results = await Promise.all(
      Array.from({ length: 200 }, (_, i) =>
        registerParticipants(
          testDeps(stores[i % stores.length] ?? db().store),
          signUp(slug, `rush${i}@example.no`),
          NOW,
        ),
      ),
    );
    const outcomes = results.map((r) => ok(r).booker);
    const confirmed = outcomes.filter((o) => o.status === 'confirmed');
    const waitlisted = outcomes.filter((o) => o.status === 'waitlisted');
    assert.equal(confirmed.length, 20);
    assert.equal(waitlisted.length, 180);
    assert.deepEqual(
      waitlisted.map((o) => o.waitlistPosition).sort((a, b) => (a ?? 0) - (b ?? 0)),
      Array.from({ length: 180 }, (_, i) => i + 1),
    );
    const event = await getEvent(db().store.db, slug);
    assert.equal(event?.sessions[0]?.seatsTaken, 20);
    assert.equal(event?.sessions[0]?.waitlistLength, 180);
    const rows = await db()
      .store.db.selectFrom('registrations')
      .innerJoin('events', 'events.id', 'registrations.event_id')
      .select('registrations.status')
      .where('events.slug', '=', slug)
      .execute();
    assert.equal(rows.filter((r) => r.status === 'confirmed').length, 20, 'the rows agree with the counters');

    const numberOne = waitlisted.find((o) => o.waitlistPosition === 1);
    const deps = testDeps(db().store);
    const cancelled = ok(
      await cancelRegistration(deps, { registrationId: confirmed[0]?.registrationId as number, actor: 'test' }, NOW),
    );
    assert.deepEqual(cancelled.promoted, [numberOne?.registrationId]);
    const numberTwo = waitlisted.find((o) => o.waitlistPosition === 2);
    assert.equal((await getMyRegistration(db().store.db, numberTwo?.token as string))?.own.waitlistPosition, 1);
  });
});
