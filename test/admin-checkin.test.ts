import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, test } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { checkInRegistration } from '../src/core/checkin/check-in-registration.ts';
import { cancelRegistration } from '../src/core/registrations/cancel-registration.ts';
import { registerParticipants } from '../src/core/registrations/register-participants.ts';
import { ticketCode, ticketKeyFrom, ticketQrPayload } from '../src/core/registrations/ticket-code.ts';
import type { Store } from '../src/db/connect.ts';
import { adminForm, organiser, postAdminForm, type TestOrganiser } from './support/admin.ts';
import { startApp } from './support/app.ts';
import { onEachDatabase } from './support/databases.ts';
import { addEvent, NOW, person, signUp, smallEvent, testDeps } from './support/fixtures.ts';

// The key startApp's secret gives: ticket codes in tests are the ones the app reads.
const TICKET_KEY = ticketKeyFrom('test-secret-test-secret-test-secret-0123456789');
const page = (slug: string) => `/admin/events/${slug}/checkin`;

async function eventId(store: Store, slug: string): Promise<number> {
  const row = await store.db.selectFrom('events').select('id').where('slug', '=', slug).executeTakeFirstOrThrow();
  return row.id;
}

async function signUpPerson(
  store: Store,
  slug: string,
  email: string,
  overrides: Parameters<typeof signUp>[2] = {},
): Promise<number> {
  const result = await registerParticipants(testDeps(store), signUp(slug, email, overrides), NOW);
  if (!result.ok || result.booker.registrationId === null) throw new Error(`sign-up failed: ${JSON.stringify(result)}`);
  return result.booker.registrationId;
}

async function registration(store: Store, id: number) {
  return store.db.selectFrom('registrations').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
}

async function checkins(store: Store, id: number) {
  return store.db.selectFrom('checkins').selectAll().where('registration_id', '=', id).orderBy('id').execute();
}

async function audits(store: Store, action: string, id: number) {
  return store.db
    .selectFrom('audit_log')
    .selectAll()
    .where('action', '=', action)
    .where('subject_id', '=', id)
    .execute();
}

async function session(store: Store, slug: string, code: string) {
  return store.db
    .selectFrom('sessions')
    .innerJoin('events', 'events.id', 'sessions.event_id')
    .select(['sessions.seats_taken', 'sessions.waitlist_length'])
    .where('events.slug', '=', slug)
    .where('sessions.code', '=', code)
    .executeTakeFirstOrThrow();
}

/** Names of the person cards on a check-in page, in order. */
function cards(body: string): string[] {
  return [...body.matchAll(/<h3 class="checkin-name">([^<]+)<\/h3>/g)].map((m) => m[1] ?? '');
}

onEachDatabase('back office: check-in at the door', (db) => {
  let app: FastifyInstance;
  let close: () => Promise<void>;
  let clock = NOW;
  before(async () => {
    const started = await startApp(db().store, { now: () => clock });
    app = started.app;
    close = started.close;
  });
  after(async () => {
    await close();
  });

  const get = (url: string, who?: TestOrganiser) =>
    app.inject({ method: 'GET', url, headers: who ? { cookie: who.cookie } : {} });

  /** Session A has 2 seats: Åse and Dina confirmed, Eva waitlisted; Bjørn in B; Carl cancelled. */
  async function seeded() {
    clock = NOW;
    const store = db().store;
    const slug = await addEvent(store, smallEvent({ a: 2, b: 3 }));
    const ids = {
      aase: await signUpPerson(store, slug, 'aase@example.no', {
        name: 'Åse Ødegård',
        organization: 'Ærlig kommune',
        role: 'municipal_employee',
      }),
      bjorn: await signUpPerson(store, slug, 'bjorn@forsk.no', {
        name: 'Bjørn Berg',
        organization: 'Universitetet',
        role: 'researcher',
        session: 'B',
      }),
      dina: await signUpPerson(store, slug, 'dina@example.no', { name: 'Dina Dahl' }),
      eva: await signUpPerson(store, slug, 'eva@example.no', { name: 'Eva Eng' }),
      carl: await signUpPerson(store, slug, 'carl@example.no', { name: 'Carl Carlsen', session: 'B' }),
    };
    await cancelRegistration(testDeps(store), { registrationId: ids.carl, actor: 'test' }, NOW);
    return { store, slug, ids, id: await eventId(store, slug), who: await organiser(store) };
  }

  async function checkIn(who: TestOrganiser, slug: string, id: number, fields: Record<string, string> = {}) {
    return postAdminForm(app, who, page(slug), `${page(slug)}/${id}/in`, { opId: randomUUID(), ...fields });
  }

  async function sync(who: TestOrganiser, slug: string, ops: unknown[]) {
    const { token, cookie } = await adminForm(app, page(slug), who);
    return app.inject({
      method: 'POST',
      url: `${page(slug)}/sync`,
      headers: { cookie, 'content-type': 'application/json', 'x-csrf-token': token },
      payload: JSON.stringify({ ops }),
    });
  }

  test('finds people by name, organisation and e-mail, with role, session and status flags in words', async () => {
    const { slug, who } = await seeded();
    assert.deepEqual(cards((await get(`${page(slug)}?q=%C3%B8deg`, who)).body), ['Åse Ødegård']);
    assert.deepEqual(cards((await get(`${page(slug)}?q=universitet`, who)).body), ['Bjørn Berg']);
    assert.deepEqual(cards((await get(`${page(slug)}?q=FORSK.NO`, who)).body), ['Bjørn Berg']);
    const all = await get(`${page(slug)}?q=example.no`, who);
    assert.equal(all.statusCode, 200);
    // Where Å sorts depends on the engine's collation.
    assert.deepEqual(cards(all.body).sort(), ['Carl Carlsen', 'Dina Dahl', 'Eva Eng', 'Åse Ødegård']);
    assert.match(all.body, /Rolle: Kommuneansatt/);
    assert.match(all.body, /Sesjon: A: Sesjon A/);
    assert.match(all.body, /På venteliste \(nr\. 1\) – har ikke plass/);
    assert.match(all.body, /Avmeldt – har ikke plass/);
    assert.match(all.body, /Sjekk inn<\/span><span class="visually-hidden"> Åse Ødegård<\/span>/);
    assert.match((await get(`${page(slug)}?q=nobody-here`, who)).body, /Fant ingen som passer til søket/);
  });

  test('a valid ticket code goes straight to its person; a forged or other event’s code is refused', async () => {
    const { store, slug, ids, id, who } = await seeded();
    const code = ticketCode(TICKET_KEY, id, ids.dina);
    const found = await get(`${page(slug)}?q=${encodeURIComponent(code.toLowerCase())}`, who);
    assert.deepEqual(cards(found.body), ['Dina Dahl']);
    assert.match(found.body, /Billettkoden hører til denne personen/);
    const scanned = await get(`${page(slug)}?q=${encodeURIComponent(ticketQrPayload(TICKET_KEY, id, ids.dina))}`, who);
    assert.deepEqual(cards(scanned.body), ['Dina Dahl']);

    const otherSlug = await addEvent(store, smallEvent());
    const otherId = await eventId(store, otherSlug);
    const foreign = await get(
      `${page(slug)}?q=${encodeURIComponent(ticketQrPayload(TICKET_KEY, otherId, ids.dina))}`,
      who,
    );
    assert.match(foreign.body, /Koden er ikke en billett til dette arrangementet/);
    assert.deepEqual(cards(foreign.body), []);
    const forged = `${code.slice(0, -1)}${code.endsWith('Z') ? 'Y' : 'Z'}`;
    assert.match(
      (await get(`${page(slug)}?q=${forged}`, who)).body,
      /Koden er ikke en billett til dette arrangementet/,
    );
    // A name that happens to read as a code is just a name.
    assert.doesNotMatch((await get(`${page(slug)}?q=Dina%20Dahl`, who)).body, /role="alert">Koden er ikke/);
  });

  test('checks in with one tap, says "already checked in at" the second time, and undoes', async () => {
    const { store, slug, ids, who } = await seeded();
    const first = await checkIn(who, slug, ids.aase, { q: 'åse' });
    assert.equal(first.statusCode, 303);
    assert.match(first.headers.location as string, /\?q=%C3%A5se&done=in&id=\d+$/);
    const shown = await get(first.headers.location as string, who);
    // 12:00 UTC on 1 October is 14.00 in Oslo.
    assert.match(shown.body, /Åse Ødegård er sjekket inn kl\. 14\.00\./);
    assert.match(shown.body, /Sjekket inn kl\. 14\.00/);
    assert.match(shown.body, /Angre<\/span>/);
    assert.equal((await registration(store, ids.aase)).checked_in_at, NOW.toISOString());

    clock = new Date(NOW.getTime() + 5 * 60_000);
    const second = await checkIn(who, slug, ids.aase);
    assert.match(second.headers.location as string, /done=already/);
    assert.match((await get(second.headers.location as string, who)).body, /var allerede sjekket inn kl\. 14\.00/);
    assert.deepEqual(
      (await checkins(store, ids.aase)).map((r) => r.outcome),
      ['checked_in', 'already'],
    );
    assert.equal((await audits(store, 'registration.checked_in', ids.aase)).length, 1);

    // The same form sent twice (same op id) is recorded once.
    const opId = randomUUID();
    await checkIn(who, slug, ids.dina, { opId });
    await checkIn(who, slug, ids.dina, { opId });
    assert.equal((await checkins(store, ids.dina)).length, 1);

    const undo = await postAdminForm(app, who, page(slug), `${page(slug)}/${ids.aase}/undo`, { opId: randomUUID() });
    assert.equal(undo.statusCode, 303);
    assert.match((await get(undo.headers.location as string, who)).body, /Innsjekkingen av Åse Ødegård er angret/);
    assert.equal((await registration(store, ids.aase)).checked_in_at, null);
    assert.equal((await audits(store, 'registration.check_in_undone', ids.aase)).length, 1);
    const again = await postAdminForm(app, who, page(slug), `${page(slug)}/${ids.aase}/undo`, { opId: randomUUID() });
    assert.match(again.headers.location as string, /done=not_in/);
    assert.deepEqual(
      (await checkins(store, ids.aase)).map((r) => `${r.action}:${r.outcome}`),
      ['in:checked_in', 'in:already', 'undo:undone', 'undo:not_checked_in'],
    );
  });

  test('refuses a waitlisted or cancelled person until the facilitator confirms, then gives them a seat', async () => {
    const { store, slug, ids, who } = await seeded();
    const refused = await checkIn(who, slug, ids.eva);
    assert.equal(refused.statusCode, 409);
    assert.match(refused.body, /Eva Eng står på venteliste og har ikke plass/);
    assert.match(refused.body, /Sesjonen eller arrangementet er fullt/);
    assert.match(refused.body, /Sjekk inn Eva Eng likevel/);
    assert.equal((await registration(store, ids.eva)).checked_in_at, null);
    assert.deepEqual(
      (await checkins(store, ids.eva)).map((r) => r.outcome),
      ['refused'],
    );

    const confirmed = await checkIn(who, slug, ids.eva, { confirm: 'on' });
    assert.equal(confirmed.statusCode, 303);
    assert.match(confirmed.headers.location as string, /done=promoted/);
    const eva = await registration(store, ids.eva);
    assert.equal(eva.status, 'confirmed');
    assert.ok(eva.checked_in_at);
    assert.deepEqual(await session(store, slug, 'A'), { seats_taken: 3, waitlist_length: 0 });
    assert.equal(
      (await audits(store, 'registration.promoted', ids.eva))[0]?.data_json,
      '{"atCheckIn":true,"overCapacity":true}',
    );

    const cancelled = await checkIn(who, slug, ids.carl);
    assert.equal(cancelled.statusCode, 409);
    assert.match(cancelled.body, /Carl Carlsen har meldt seg av/);
    assert.match(cancelled.body, /Det er ledig plass i sesjonen/);
    assert.equal((await checkIn(who, slug, ids.carl, { confirm: 'on' })).statusCode, 303);
    assert.equal((await registration(store, ids.carl)).status, 'confirmed');
    assert.deepEqual(await session(store, slug, 'B'), { seats_taken: 2, waitlist_length: 0 });
  });

  test('sync applies each queued op once, in door order, and refuses foreign and forged codes', async () => {
    const { store, slug, ids, id, who } = await seeded();
    const otherId = await eventId(store, await addEvent(store, smallEvent()));
    const at = (minutes: number) => new Date(NOW.getTime() - minutes * 60_000).toISOString();
    const ops = [
      { opId: 'op-aaaaaaaa-1', action: 'in', registrationId: ids.aase, at: at(30) },
      { opId: 'op-aaaaaaaa-2', action: 'in', code: ticketQrPayload(TICKET_KEY, id, ids.bjorn), at: at(20) },
      { opId: 'op-aaaaaaaa-3', action: 'in', code: ticketQrPayload(TICKET_KEY, otherId, ids.dina), at: at(10) },
      { opId: 'op-aaaaaaaa-4', action: 'in', code: 'SAMSKAP:1-ZZZZ', at: at(10) },
      { opId: 'op-aaaaaaaa-5', action: 'in', registrationId: ids.eva, at: at(5) },
    ];
    const first = await sync(who, slug, ops);
    assert.equal(first.statusCode, 200, first.body);
    const results = first.json().results as { opId: string; outcome: string; reason: string | null }[];
    assert.deepEqual(
      results.map((r) => `${r.opId}:${r.outcome}:${r.reason}`),
      [
        'op-aaaaaaaa-1:checked_in:null',
        'op-aaaaaaaa-2:checked_in:null',
        'op-aaaaaaaa-3:refused:wrong_ticket',
        'op-aaaaaaaa-4:refused:wrong_ticket',
        'op-aaaaaaaa-5:refused:not_confirmed',
      ],
    );
    // The phone's clock is kept: checked in 30 minutes before the sync.
    assert.equal((await registration(store, ids.aase)).checked_in_at, at(30));
    assert.deepEqual(first.json().counts.attended, 2);

    // The same batch again (the answer was lost) changes nothing; a new undo is applied.
    const second = await sync(who, slug, [
      ...ops,
      { opId: 'op-aaaaaaaa-6', action: 'undo', registrationId: ids.bjorn },
    ]);
    const again = second.json().results as { opId: string; outcome: string; repeated: boolean }[];
    assert.deepEqual(
      again.slice(0, 2).map((r) => `${r.outcome}:${r.repeated}`),
      ['checked_in:true', 'checked_in:true'],
    );
    assert.equal(again.at(-1)?.outcome, 'undone');
    assert.equal((await checkins(store, ids.aase)).length, 1);
    assert.equal((await audits(store, 'registration.checked_in', ids.aase)).length, 1);
    assert.equal(second.json().counts.attended, 1);

    const bad = await sync(who, slug, [{ opId: 'x', action: 'jump' }]);
    assert.equal(bad.statusCode, 422);
    const noCsrf = await app.inject({
      method: 'POST',
      url: `${page(slug)}/sync`,
      headers: { cookie: who.cookie, 'content-type': 'application/json' },
      payload: JSON.stringify({ ops: [] }),
    });
    assert.equal(noCsrf.statusCode, 403);
  });

  test('two phones checking in one person at the same moment give one attendance', async () => {
    const { store, slug, ids, id } = await seeded();
    const other = db().open();
    try {
      const stores = [store, other];
      const results = await Promise.all(
        Array.from({ length: 6 }, (_, i) =>
          checkInRegistration(
            { db: (stores[i % 2] as Store).db, adapter: (stores[i % 2] as Store).adapter },
            {
              eventId: id,
              registrationId: ids.dina,
              opId: randomUUID(),
              at: null,
              userId: null,
              actor: 'test',
              confirm: false,
            },
            NOW,
          ),
        ),
      );
      const outcomes = results.map((r) => (r.ok ? r.outcome : r.code)).sort();
      assert.deepEqual(outcomes, ['already', 'already', 'already', 'already', 'already', 'checked_in']);
      assert.equal((await audits(store, 'registration.checked_in', ids.dina)).length, 1);
      assert.equal((await checkins(store, ids.dina)).length, 6);
      void slug;
    } finally {
      await other.close();
    }
  });

  test('registers a walk-in and checks them in at once; over capacity only when confirmed', async () => {
    const { store, slug, id, who } = await seeded();
    const form = `${page(slug)}/walk-in`;
    const bad = await postAdminForm(app, who, form, form, { opId: randomUUID(), name: '', role: 'citizen' });
    assert.equal(bad.statusCode, 422);
    assert.match(bad.body, /class="field-error" id="f-name-error"/);
    assert.match(bad.body, /Skriv inn navnet til personen/);
    assert.match(bad.body, /id="f-session-error"/);

    const fields = { name: 'Vera Walk', organization: 'Nabolaget', role: 'citizen', session: 'B', email: '' };
    const opId = randomUUID();
    const done = await postAdminForm(app, who, form, form, { ...fields, opId });
    assert.equal(done.statusCode, 303);
    assert.match(done.headers.location as string, /done=walkin&id=\d+/);
    assert.match(
      (await get(done.headers.location as string, who)).body,
      /Vera Walk er registrert og sjekket inn kl\. 14\.00/,
    );
    // The same form sent twice registers one person.
    await postAdminForm(app, who, form, form, { ...fields, opId });
    const walkIns = await store.db.selectFrom('registrations').selectAll().where('name', '=', 'Vera Walk').execute();
    assert.equal(walkIns.length, 1);
    const vera = walkIns[0];
    assert.ok(vera);
    assert.equal(vera.email, null);
    assert.equal(vera.status, 'confirmed');
    assert.equal(vera.checked_in_at, NOW.toISOString());
    const booking = await store.db
      .selectFrom('bookings')
      .selectAll()
      .where('id', '=', vera.booking_id)
      .executeTakeFirstOrThrow();
    assert.equal(booking.booker_email, '');
    assert.equal((await audits(store, 'registration.walk_in', vera.id)).length, 1);
    assert.equal((await audits(store, 'registration.checked_in', vera.id)).length, 1);
    assert.equal(
      await store.db.selectFrom('outbox').select('id').where('registration_id', '=', vera.id).executeTakeFirst(),
      undefined,
    );

    // B now has 3 of 3 seats (Bjørn, Vera, and one more): the next is refused unless confirmed.
    await postAdminForm(app, who, form, form, { ...fields, name: 'Walt Walk', opId: randomUUID() });
    const full = await postAdminForm(app, who, form, form, { ...fields, name: 'Wenche Walk', opId: randomUUID() });
    assert.equal(full.statusCode, 409);
    assert.match(full.body, /Det er fullt\. Kryss av for å registrere likevel/);
    assert.equal(
      await store.db.selectFrom('registrations').select('id').where('name', '=', 'Wenche Walk').executeTakeFirst(),
      undefined,
    );
    const over = await postAdminForm(app, who, form, form, {
      ...fields,
      name: 'Wenche Walk',
      email: 'wenche@example.no',
      overCapacity: 'on',
      opId: randomUUID(),
    });
    assert.equal(over.statusCode, 303);
    assert.deepEqual(await session(store, slug, 'B'), { seats_taken: 4, waitlist_length: 0 });
    const taken = await postAdminForm(app, who, form, form, {
      ...fields,
      email: 'AASE@example.no',
      opId: randomUUID(),
    });
    assert.equal(taken.statusCode, 422);
    assert.match(taken.body, /allerede påmeldt\. Søk opp personen/);
    void id;
  });

  test('counts attended and expected in total and per session, live in JSON too', async () => {
    const { slug, ids, who } = await seeded();
    await checkIn(who, slug, ids.aase);
    await checkIn(who, slug, ids.bjorn);
    const counts = (await get(`${page(slug)}/counts.json`, who)).json();
    assert.equal(counts.attended, 2);
    assert.equal(counts.expected, 3);
    assert.equal(counts.waitlisted, 1);
    assert.deepEqual(
      counts.sessions.map((s: { session: string; attended: number; expected: number }) => [
        s.session,
        s.attended,
        s.expected,
      ]),
      [
        ['A', 1, 2],
        ['B', 1, 1],
      ],
    );
    const body = (await get(page(slug), who)).body;
    assert.match(body, /2 av 3 har kommet/);
    const roster = (await get(`${page(slug)}/roster.json`, who)).json();
    assert.equal(roster.people.length, 5);
    const aase = roster.people.find((p: { id: number }) => p.id === ids.aase);
    assert.equal(aase.ticketCode.length > 5, true);
    assert.equal(aase.role, 'Kommuneansatt');
    assert.equal(aase.sessionLabel, 'A: Sesjon A');
    assert.ok(aase.checkedInAt);
    assert.equal(roster.people.find((p: { id: number }) => p.id === ids.carl).status, 'cancelled');
  });

  test('organisers release no-shows at the set time, and waitlisted people present take the freed seats', async () => {
    const { store, slug, ids, who } = await seeded();
    const bad = await postAdminForm(app, who, page(slug), `${page(slug)}/noshow`, { releaseAt: 'i morgen' });
    assert.equal(bad.statusCode, 422);
    assert.match(bad.body, /id="f-releaseAt-error"/);
    const set = await postAdminForm(app, who, page(slug), `${page(slug)}/noshow`, { releaseAt: '2030-10-01T15:00' });
    assert.equal(set.statusCode, 303);
    const row = await store.db
      .selectFrom('events')
      .select('noshow_release_at')
      .where('slug', '=', slug)
      .executeTakeFirstOrThrow();
    assert.equal(row.noshow_release_at, '2030-10-01T13:00:00.000Z');
    await checkIn(who, slug, ids.aase);
    const early = await postAdminForm(app, who, page(slug), `${page(slug)}/release-noshows`, { confirm: 'on' });
    assert.equal(early.statusCode, 409);
    assert.match(early.body, /for tidlig/);

    clock = new Date('2030-10-01T13:30:00.000Z');
    const released = await postAdminForm(app, who, page(slug), `${page(slug)}/release-noshows`, { confirm: 'on' });
    assert.equal(released.statusCode, 303);
    assert.match((await get(released.headers.location as string, who)).body, /2 personer som ikke kom, er meldt av/);
    assert.equal((await registration(store, ids.dina)).status, 'cancelled');
    assert.equal((await registration(store, ids.bjorn)).status, 'cancelled');
    assert.equal((await registration(store, ids.aase)).status, 'confirmed');
    assert.equal((await registration(store, ids.eva)).status, 'waitlisted', 'nobody is promoted automatically');
    assert.deepEqual(await session(store, slug, 'A'), { seats_taken: 1, waitlist_length: 1 });
    const eva = await checkIn(who, slug, ids.eva);
    assert.match(eva.body, /Det er ledig plass i sesjonen/);
    await checkIn(who, slug, ids.eva, { confirm: 'on' });
    assert.deepEqual(await session(store, slug, 'A'), { seats_taken: 2, waitlist_length: 0 });
    assert.equal(
      (await audits(store, 'registration.cancelled', ids.dina))[0]?.data_json,
      '{"previousStatus":"confirmed","noShow":true}',
    );
  });

  test('every check-in route: login required, other organisations see nothing, organiser-only for no-shows', async () => {
    const { store, slug, ids } = await seeded();
    const facilitator = await organiser(store, { role: 'facilitator' });
    const stranger = await organiser(store, { org: 'annen-org' });
    const gets = [page(slug), `${page(slug)}/walk-in`, `${page(slug)}/roster.json`, `${page(slug)}/counts.json`];
    for (const url of gets) {
      const anonymous = await get(url);
      assert.equal(anonymous.statusCode, 303, url);
      assert.match(anonymous.headers.location as string, /^\/admin\/login/);
      assert.equal((await get(url, stranger)).statusCode, 404, url);
      assert.equal((await get(url, facilitator)).statusCode, 200, url);
    }
    assert.equal((await get('/admin/checkin/jsqr.js', facilitator)).statusCode, 200);
    assert.equal((await get('/admin/checkin/jsqr.js')).statusCode, 303);

    const posts: [string, Record<string, string>][] = [
      [`${page(slug)}/${ids.aase}/in`, { opId: randomUUID() }],
      [`${page(slug)}/${ids.aase}/undo`, { opId: randomUUID() }],
      [`${page(slug)}/walk-in`, { opId: randomUUID(), name: 'X', role: 'citizen', session: 'A' }],
      [`${page(slug)}/noshow`, { releaseAt: '' }],
      [`${page(slug)}/release-noshows`, { confirm: 'on' }],
    ];
    for (const [url, fields] of posts) {
      const anonymous = await app.inject({
        method: 'POST',
        url,
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        payload: '',
      });
      assert.equal(anonymous.statusCode, 303, url);
      assert.match(anonymous.headers.location as string, /^\/admin\/login/);
      assert.equal((await postAdminForm(app, stranger, '/admin', url, fields)).statusCode, 404, url);
    }
    // Facilitators check in; only organisers set and use the no-show release.
    assert.equal(
      (await postAdminForm(app, facilitator, page(slug), posts[0]?.[0] as string, { opId: randomUUID() })).statusCode,
      303,
    );
    assert.equal(
      (await postAdminForm(app, facilitator, page(slug), `${page(slug)}/noshow`, { releaseAt: '' })).statusCode,
      403,
    );
    assert.equal(
      (await postAdminForm(app, facilitator, page(slug), `${page(slug)}/release-noshows`, { confirm: 'on' }))
        .statusCode,
      403,
    );
    assert.doesNotMatch((await get(page(slug), facilitator)).body, /Frigi plassene/);
    assert.match((await get(page(slug), await organiser(store))).body, /Frigi plassene/);
    const { token, cookie } = await adminForm(app, '/admin', stranger);
    const strangerSync = await app.inject({
      method: 'POST',
      url: `${page(slug)}/sync`,
      headers: { cookie, 'content-type': 'application/json', 'x-csrf-token': token },
      payload: JSON.stringify({ ops: [{ opId: randomUUID(), action: 'in', registrationId: ids.aase }] }),
    });
    assert.equal(strangerSync.statusCode, 404);
    assert.equal((await registration(store, ids.aase)).checked_in_at === null, false, 'the facilitator checked Åse in');
    // Bad input never writes or fails with 500.
    const badOp = await postAdminForm(app, facilitator, page(slug), `${page(slug)}/${ids.dina}/in`, { opId: '<x>' });
    assert.equal(badOp.statusCode, 422);
    assert.equal((await checkins(store, ids.dina)).length, 0);
    assert.equal((await get(`${page(slug)}/99999999/in`, facilitator)).statusCode, 404);
  });

  test('the personal page shows a ticket with its QR code and code, a companion their own, none when cancelled', async () => {
    const store = db().store;
    clock = NOW;
    const slug = await addEvent(store, smallEvent());
    const id = await eventId(store, slug);
    const result = await registerParticipants(
      testDeps(store),
      signUp(slug, 'tina@example.no', { name: 'Tina Ticket' }, [person({ name: 'Kari Kompanjong' })]),
      NOW,
    );
    assert.ok(result.ok && result.booker.registrationId !== null && result.booker.token);
    const own = await get(`/m/${result.booker.token}`);
    assert.equal(own.statusCode, 200);
    assert.match(own.body, /<svg[^>]*class="ticket-qr" aria-hidden="true" focusable="false"/);
    assert.match(own.body, /Vis denne QR-koden i døra/);
    assert.ok(own.body.includes(ticketCode(TICKET_KEY, id, result.booker.registrationId)));
    const companionId = result.others[0]?.registrationId;
    assert.ok(companionId);
    const companion = await get(`/m/${result.booker.token}?p=${companionId}`);
    assert.ok(companion.body.includes(ticketCode(TICKET_KEY, id, companionId)));
    assert.ok(!companion.body.includes(ticketCode(TICKET_KEY, id, result.booker.registrationId)));
    await cancelRegistration(testDeps(store), { registrationId: companionId, actor: 'test' }, NOW);
    assert.doesNotMatch((await get(`/m/${result.booker.token}?p=${companionId}`)).body, /class="ticket-qr"/);
  });
});
