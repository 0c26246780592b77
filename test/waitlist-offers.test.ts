// Close to the day a freed seat is offered to the next person on the waiting list, who must
// accept it in time or it passes on; from the start on freed seats stay free for the door.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { acceptOffer } from '../src/core/registrations/accept-offer.ts';
import { cancelRegistration } from '../src/core/registrations/cancel-registration.ts';
import { expireOffers } from '../src/core/registrations/expire-offers.ts';
import { promotionMode } from '../src/core/registrations/places.ts';
import { registerParticipants } from '../src/core/registrations/register-participants.ts';
import type { Store } from '../src/db/connect.ts';
import { formBody, startApp } from './support/app.ts';
import { onEachDatabase } from './support/databases.ts';
import { addEvent, NOW, signUp, smallEvent, testDeps } from './support/fixtures.ts';
import { assertConsistent } from './support/invariants.ts';

const HOUR = 60 * 60 * 1000;
// smallEvent() starts 2030-11-12T08:00Z; the default is to offer from two days before.
const START = new Date('2030-11-12T08:00:00.000Z');
const THREE_DAYS_BEFORE = new Date(START.getTime() - 72 * HOUR);
const ONE_DAY_BEFORE = new Date(START.getTime() - 24 * HOUR);

test('the mode follows the clock: promote, then offer from auto_promote_days before, then nothing', () => {
  const event = { starts_at: START.toISOString(), auto_promote_days: 2 };
  assert.equal(promotionMode(event, THREE_DAYS_BEFORE), 'promote');
  assert.equal(promotionMode(event, ONE_DAY_BEFORE), 'offer');
  assert.equal(promotionMode(event, START), 'none');
  assert.equal(promotionMode({ ...event, auto_promote_days: 0 }, new Date(START.getTime() - 1)), 'promote');
});

onEachDatabase('waiting-list offers close to the day', (db) => {
  /** Session A with one seat: kari has it, then ola and per wait. */
  async function fullSession(store: Store) {
    const slug = await addEvent(store, smallEvent({ a: 1, registrationClosesAt: START }));
    const deps = testDeps(store);
    const ids: Record<string, number> = {};
    for (const name of ['kari', 'ola', 'per']) {
      const result = await registerParticipants(deps, signUp(slug, `${name}@example.no`, { session: 'A' }), NOW);
      assert.ok(result.ok);
      ids[name] = result.booker.registrationId as number;
    }
    return { slug, deps, ids };
  }

  async function row(store: Store, id: number) {
    return store.db
      .selectFrom('registrations')
      .select(['status', 'offer_expires_at', 'waitlist_seq'])
      .where('id', '=', id)
      .executeTakeFirstOrThrow();
  }

  /** Mails about one registration (each test has its own event; the addresses repeat). */
  async function mailsAbout(store: Store, registrationId: number) {
    return store.db
      .selectFrom('outbox')
      .select(['kind', 'subject', 'text_body'])
      .where('registration_id', '=', registrationId)
      .execute();
  }

  test('weeks before, a freed seat goes to the next person at once', async () => {
    const store = db().store;
    const { slug, deps, ids } = await fullSession(store);
    assert.ok(
      (await cancelRegistration(deps, { registrationId: ids.kari as number, actor: 't' }, THREE_DAYS_BEFORE)).ok,
    );
    assert.equal((await row(store, ids.ola as number)).status, 'confirmed');
    await assertConsistent(store, slug);
  });

  test('two days before, the seat is held for the next person, who is told the deadline and can accept it', async () => {
    const store = db().store;
    const { slug, deps, ids } = await fullSession(store);
    assert.ok((await cancelRegistration(deps, { registrationId: ids.kari as number, actor: 't' }, ONE_DAY_BEFORE)).ok);
    const offered = await row(store, ids.ola as number);
    assert.equal(offered.status, 'waitlisted', 'an offer is not yet a seat taken up');
    assert.equal(offered.offer_expires_at, new Date(ONE_DAY_BEFORE.getTime() + 24 * HOUR).toISOString());
    const mail = (await mailsAbout(store, ids.ola as number)).find((m) => m.kind === 'registration.offered');
    assert.ok(mail, 'the offer is mailed');
    assert.match(mail.subject, /Ledig plass til deg/);
    assert.match(mail.text_body, /Bekreft innen .*12\. november 2030 kl\. 09\.00/);
    await assertConsistent(store, slug);

    // The held seat is not up for grabs: a new sign-up waits behind.
    const late = await registerParticipants(deps, signUp(slug, 'sen@example.no', { session: 'A' }), ONE_DAY_BEFORE);
    assert.ok(late.ok);
    assert.equal(late.booker.status, 'waitlisted');

    assert.deepEqual(await acceptOffer(deps, { registrationId: ids.ola as number, actor: 't' }, ONE_DAY_BEFORE), {
      ok: true,
    });
    const accepted = await row(store, ids.ola as number);
    assert.deepEqual(accepted, { status: 'confirmed', offer_expires_at: null, waitlist_seq: null });
    assert.ok((await mailsAbout(store, ids.ola as number)).some((m) => m.kind === 'registration.promoted'));
    await assertConsistent(store, slug);
  });

  test('an offer not answered in time passes to the next person, and cannot be accepted afterwards', async () => {
    const store = db().store;
    const { slug, deps, ids } = await fullSession(store);
    await cancelRegistration(deps, { registrationId: ids.kari as number, actor: 't' }, ONE_DAY_BEFORE);
    const tooEarly = await expireOffers(deps, new Date(ONE_DAY_BEFORE.getTime() + 23 * HOUR));
    assert.deepEqual(tooEarly, [], 'nothing expires before the deadline');

    const later = new Date(ONE_DAY_BEFORE.getTime() + 24 * HOUR + 1000);
    // The event has started by then: the next person gets no offer, the seat stays free for the door.
    const atStart = await expireOffers(deps, later);
    assert.deepEqual(atStart, [ids.ola]);
    assert.equal((await row(store, ids.ola as number)).status, 'cancelled');
    assert.ok((await mailsAbout(store, ids.ola as number)).some((m) => m.kind === 'registration.offer_expired'));
    assert.equal((await row(store, ids.per as number)).offer_expires_at, null);
    assert.deepEqual(await acceptOffer(deps, { registrationId: ids.ola as number, actor: 't' }, later), {
      ok: false,
      code: 'offer_expired',
    });
    await assertConsistent(store, slug);
    assert.deepEqual(await expireOffers(deps, later), [], 'a second run changes nothing');
  });

  test('an expired offer moves on to the next person while there is still time before the start', async () => {
    const store = db().store;
    const { slug, deps, ids } = await fullSession(store);
    const twoDaysBefore = new Date(START.getTime() - 47 * HOUR);
    await cancelRegistration(deps, { registrationId: ids.kari as number, actor: 't' }, twoDaysBefore);
    const expired = await expireOffers(deps, new Date(twoDaysBefore.getTime() + 25 * HOUR));
    assert.deepEqual(expired, [ids.ola]);
    const next = await row(store, ids.per as number);
    assert.equal(next.status, 'waitlisted');
    assert.ok(next.offer_expires_at, 'per is offered the seat now');
    await assertConsistent(store, slug);
  });

  test('declining (cancelling) an offer releases the held seat to the next person', async () => {
    const store = db().store;
    const { slug, deps, ids } = await fullSession(store);
    await cancelRegistration(deps, { registrationId: ids.kari as number, actor: 't' }, ONE_DAY_BEFORE);
    assert.ok((await cancelRegistration(deps, { registrationId: ids.ola as number, actor: 't' }, ONE_DAY_BEFORE)).ok);
    assert.ok((await row(store, ids.per as number)).offer_expires_at, 'the offer passed on');
    await assertConsistent(store, slug);
  });

  test('the personal page shows the offer with its deadline, and accepting it there confirms the seat', async () => {
    const store = db().store;
    const { deps, ids } = await fullSession(store);
    await cancelRegistration(deps, { registrationId: ids.kari as number, actor: 't' }, ONE_DAY_BEFORE);
    const mail = (await mailsAbout(store, ids.ola as number)).find((m) => m.kind === 'registration.offered');
    const token = /\/m\/([A-Za-z0-9_-]+)/.exec(mail?.text_body ?? '')?.[1];
    assert.ok(token, 'the offer mail links to the personal page');
    const app = await startApp(store, { now: () => ONE_DAY_BEFORE });
    try {
      const page = await app.app.inject({ method: 'GET', url: `/m/${token}` });
      assert.equal(page.statusCode, 200);
      assert.match(page.body, /En plass er ledig for deg/);
      assert.match(page.body, /holdes for deg til .*12\. november 2030 kl\. 09\.00/);
      const csrf = /name="_csrf" value="([^"]+)"/.exec(page.body)?.[1] ?? '';
      const cookie = page.cookies.map((c) => `${c.name}=${c.value}`).join('; ');
      const accepted = await app.app.inject({
        method: 'POST',
        url: `/m/${token}/accept-offer`,
        headers: { cookie, 'content-type': 'application/x-www-form-urlencoded' },
        payload: formBody({ _csrf: csrf }),
      });
      assert.equal(accepted.statusCode, 303);
      assert.match(String(accepted.headers.location), /ok=offerAccepted/);
      assert.equal((await row(store, ids.ola as number)).status, 'confirmed');
      const again = await app.app.inject({ method: 'GET', url: String(accepted.headers.location) });
      assert.match(again.body, /Du har fått plassen/);
      assert.doesNotMatch(again.body, /En plass er ledig for deg/);
    } finally {
      await app.close();
    }
  });

  test('on the day a freed seat stays free for waitlisted people at the door', async () => {
    const store = db().store;
    const { slug, deps, ids } = await fullSession(store);
    await cancelRegistration(
      deps,
      { registrationId: ids.kari as number, actor: 't' },
      new Date(START.getTime() + HOUR),
    );
    const ola = await row(store, ids.ola as number);
    assert.deepEqual([ola.status, ola.offer_expires_at], ['waitlisted', null]);
    await assertConsistent(store, slug);
  });
});
