import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import ExcelJS from 'exceljs';
import type { FastifyInstance } from 'fastify';
import {
  DEFAULT_FILTER,
  findRegistrations,
  parseRegistrationFilter,
} from '../src/core/registrations/admin/registration-query.ts';
import { cancelRegistration } from '../src/core/registrations/cancel-registration.ts';
import { registerParticipants } from '../src/core/registrations/register-participants.ts';
import type { Store } from '../src/db/connect.ts';
import { organiser, postAdminForm, type TestOrganiser } from './support/admin.ts';
import { startApp } from './support/app.ts';
import { onEachDatabase } from './support/databases.ts';
import { addEvent, NOW, signUp, smallEvent, testDeps } from './support/fixtures.ts';

const list = (slug: string) => `/admin/events/${slug}/registrations`;

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

async function sessionCounters(store: Store, slug: string, code: string) {
  return store.db
    .selectFrom('sessions')
    .innerJoin('events', 'events.id', 'sessions.event_id')
    .select(['sessions.seats_taken', 'sessions.waitlist_length'])
    .where('events.slug', '=', slug)
    .where('sessions.code', '=', code)
    .executeTakeFirstOrThrow();
}

async function auditRows(store: Store, action: string, subjectId?: number) {
  let query = store.db.selectFrom('audit_log').selectAll().where('action', '=', action);
  if (subjectId !== undefined) query = query.where('subject_id', '=', subjectId);
  return query.orderBy('id').execute();
}

/** Names in the order they appear in the list table's rows. */
function listedNames(body: string): string[] {
  return [...body.matchAll(/<th scope="row"><a href="[^"]+">([^<]+)<\/a><\/th>/g)].map((m) => m[1] ?? '');
}

onEachDatabase('back office: registrations', (db) => {
  let app: FastifyInstance;
  let close: () => Promise<void>;
  before(async () => {
    const started = await startApp(db().store, { now: () => NOW });
    app = started.app;
    close = started.close;
  });
  after(async () => {
    await close();
  });

  const get = (url: string, who?: TestOrganiser) =>
    app.inject({ method: 'GET', url, headers: who ? { cookie: who.cookie } : {} });

  /** An event with A (capacity 2) and B, and five people: Åse and Dina in A, Eva waitlisted for A. */
  async function seeded() {
    const store = db().store;
    const slug = await addEvent(store, smallEvent({ a: 2, b: 10 }));
    const ids = {
      aase: await signUpPerson(store, slug, 'aase@example.no', {
        name: 'Åse Ødegård',
        organization: 'Ærlig kommune',
        role: 'municipal_employee',
        session: 'A',
        needsConsent: true,
        needs: 'Rullestolplass',
      }),
      bjorn: await signUpPerson(store, slug, 'bjorn@forsk.no', {
        name: 'Bjørn Berg',
        organization: 'Universitetet',
        role: 'researcher',
        session: 'B',
      }),
      carl: await signUpPerson(store, slug, 'carl@example.no', {
        name: 'Carl Carlsen',
        organization: '=HYPERLINK("http://evil")',
        role: 'politician',
        session: null,
      }),
      dina: await signUpPerson(store, slug, 'dina@example.no', { name: 'Dina Dahl', session: 'A' }),
      eva: await signUpPerson(store, slug, 'eva@example.no', { name: 'Eva Eng', session: 'A' }),
    };
    return { store, slug, ids, who: await organiser(store) };
  }

  test('lists registrations, searching name, e-mail and organisation case-insensitively with æøå', async () => {
    const { slug, who } = await seeded();
    const all = await get(list(slug), who);
    assert.equal(all.statusCode, 200);
    assert.match(all.body, /5 påmeldinger/);
    assert.deepEqual(listedNames(all.body), ['Åse Ødegård', 'Bjørn Berg', 'Carl Carlsen', 'Dina Dahl', 'Eva Eng']);
    assert.deepEqual(listedNames((await get(`${list(slug)}?q=%C3%B8DEG`, who)).body), ['Åse Ødegård']);
    assert.deepEqual(listedNames((await get(`${list(slug)}?q=%C3%A6RLIG`, who)).body), ['Åse Ødegård']);
    assert.deepEqual(listedNames((await get(`${list(slug)}?q=FORSK.NO`, who)).body), ['Bjørn Berg']);
    assert.deepEqual(listedNames((await get(`${list(slug)}?q=universitet`, who)).body), ['Bjørn Berg']);
    // LIKE wildcards in the search are taken literally.
    assert.deepEqual(listedNames((await get(`${list(slug)}?q=%25`, who)).body), []);
  });

  test('filters by role, session (also none), status and attendance', async () => {
    const { store, slug, who, ids } = await seeded();
    const names = async (query: string) => listedNames((await get(`${list(slug)}?${query}`, who)).body);
    assert.deepEqual(await names('role=researcher'), ['Bjørn Berg']);
    assert.deepEqual(await names('session=none'), ['Carl Carlsen']);
    assert.deepEqual(await names('session=A'), ['Åse Ødegård', 'Dina Dahl', 'Eva Eng']);
    assert.deepEqual(await names('status=waitlisted'), ['Eva Eng']);
    const waitlisted = await get(`${list(slug)}?status=waitlisted`, who);
    assert.match(waitlisted.body, /venteliste nr\. 1/);
    await cancelRegistration(testDeps(store), { registrationId: ids.bjorn, actor: 'test' }, NOW);
    assert.deepEqual(await names('status=cancelled'), ['Bjørn Berg']);
    assert.deepEqual(await names('status=active&session=A&role=citizen'), ['Dina Dahl', 'Eva Eng']);
    await store.db
      .updateTable('registrations')
      .set({ checked_in_at: NOW.toISOString() })
      .where('id', '=', ids.dina)
      .execute();
    assert.deepEqual(await names('attended=yes'), ['Dina Dahl']);
    assert.equal((await names('attended=no')).length, 4);
    // Unknown values are ignored rather than refused: a shared link never breaks.
    assert.equal((await names('status=bogus&sort=nope&page=-3')).length, 5);
  });

  test('sorts by name, organisation, session, status and waitlist position in both directions', async () => {
    const { slug, who } = await seeded();
    const names = async (query: string) => listedNames((await get(`${list(slug)}?${query}`, who)).body);
    // Where Å sorts depends on the engine's collation; the ASCII names' order does not.
    const ascii = (names: string[]) => names.filter((n) => n !== 'Åse Ødegård');
    const byName = await names('sort=name');
    assert.deepEqual(ascii(byName), ['Bjørn Berg', 'Carl Carlsen', 'Dina Dahl', 'Eva Eng']);
    assert.deepEqual(await names('sort=name&dir=desc'), [...byName].reverse());
    assert.deepEqual((await names('sort=session')).slice(-1), ['Carl Carlsen']);
    assert.deepEqual((await names('sort=status')).slice(-1), ['Eva Eng']);
    assert.deepEqual((await names('sort=status&dir=desc'))[0], 'Eva Eng');
    assert.deepEqual((await names('sort=waitlist'))[0], 'Eva Eng');
    assert.deepEqual(ascii(await names('sort=organization')), ['Carl Carlsen', 'Dina Dahl', 'Eva Eng', 'Bjørn Berg']);
  });

  test('pages 10,000 registrations with LIMIT/OFFSET and a count', async () => {
    const store = db().store;
    const slug = await addEvent(store, smallEvent({ a: null, b: null }));
    const id = await eventId(store, slug);
    const sessionA = await store.db
      .selectFrom('sessions')
      .select('id')
      .where('event_id', '=', id)
      .where('code', '=', 'A')
      .executeTakeFirstOrThrow();
    const booking = await store.db
      .insertInto('bookings')
      .values({
        event_id: id,
        booker_name: 'Mass',
        booker_email: 'mass@example.no',
        lang: 'nb',
        created_at: NOW.toISOString(),
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    const at = NOW.toISOString();
    const rows = Array.from({ length: 10_000 }, (_, i) => ({
      event_id: id,
      booking_id: booking.id,
      name: `Person ${String(i).padStart(5, '0')}`,
      email: `p${i}@example.no`,
      email_norm: `p${i}@example.no`,
      organization: i % 2 === 0 ? 'Partall kommune' : 'Oddetall kommune',
      role: i % 10 === 0 ? 'politician' : 'citizen',
      role_other: '',
      session_id: i % 3 === 0 ? null : sessionA.id,
      needs: '',
      needs_consent_at: null,
      consent_at: at,
      public_listing: 0,
      status: 'confirmed' as const,
      waitlist_seq: null,
      lang: 'nb',
      created_at: new Date(NOW.getTime() + i * 1000).toISOString(),
      updated_at: at,
    }));
    for (let i = 0; i < rows.length; i += 500) {
      await store.db
        .insertInto('registrations')
        .values(rows.slice(i, i + 500))
        .execute();
    }
    const who = await organiser(store);
    const page3 = await get(`${list(slug)}?sort=name&page=3`, who);
    assert.equal(page3.statusCode, 200);
    assert.match(page3.body, /10000 påmeldinger/);
    assert.match(page3.body, /Viser 101–150 av 10000/);
    assert.match(page3.body, /Side 3 av 200/);
    const names = listedNames(page3.body);
    assert.equal(names.length, 50);
    assert.equal(names[0], 'Person 00100');
    assert.equal(names[49], 'Person 00149');
    const last = listedNames((await get(`${list(slug)}?sort=created&dir=desc`, who)).body);
    assert.equal(last[0], 'Person 09999');
    const politicians = await get(`${list(slug)}?role=politician&session=none&sort=name&page=2`, who);
    // Politicians are every 10th, "none" every 3rd: every 30th, 334 people, 7 pages.
    assert.match(politicians.body, /334 påmeldinger/);
    assert.equal(listedNames(politicians.body)[0], `Person ${String(50 * 30).padStart(5, '0')}`);
    const one = await get(`${list(slug)}?q=p9999%40example`, who);
    assert.deepEqual(listedNames(one.body), ['Person 09999']);
  });

  // ---- detail and actions --------------------------------------------------------------

  test('shows a registration with its booking, needs for organisers only, and its history newest first', async () => {
    const { store, slug, ids, who } = await seeded();
    const url = `${list(slug)}/${ids.aase}`;
    const edited = await postAdminForm(app, who, url, `${url}/edit`, {
      name: 'Åse Ødegård Li',
      email: 'aase@example.no',
      organization: 'Ærlig kommune',
      role: 'municipal_employee',
      roleOther: '',
      needs: 'Rullestolplass og teleslynge',
    });
    assert.equal(edited.statusCode, 303);
    assert.equal(edited.headers.location, `${url}?done=edited`);
    const page = await get(`${url}?done=edited`, who);
    assert.equal(page.statusCode, 200);
    assert.match(page.body, /Opplysningene er lagret\./);
    // Needs (possibly health data) stay hidden until the organiser opens them (issue 6).
    assert.doesNotMatch(page.body, /Rullestolplass og teleslynge/);
    assert.match((await get(`${url}?needs=1`, who)).body, /Rullestolplass og teleslynge/);
    assert.match(page.body, /Meldte seg på selv\./);
    const history = page.body.slice(page.body.indexOf('id="history-title"'));
    const editedAt = history.indexOf('Opplysninger endret av arrangør');
    const confirmedAt = history.indexOf('Påmeldt med plass');
    assert.ok(editedAt > 0 && confirmedAt > editedAt, 'newest first');
    assert.match(history, /Navn: «Åse Ødegård» → «Åse Ødegård Li»/);
    assert.match(history, /Behov for tilrettelegging endret/);
    assert.ok(!history.includes('teleslynge'), 'needs stay out of the audit log');
    assert.ok(history.includes(who.email), 'who made the change');

    const facilitator = await organiser(store, { role: 'facilitator' });
    const seen = await get(url, facilitator);
    assert.equal(seen.statusCode, 200);
    assert.ok(!seen.body.includes('Rullestolplass'), 'facilitators do not see needs');
    assert.ok(!seen.body.includes(`${url}/edit`), 'facilitators get no action forms');
  });

  test('refuses bad details with messages beside the fields and writes nothing', async () => {
    const { store, slug, ids, who } = await seeded();
    const url = `${list(slug)}/${ids.dina}`;
    const before = await registration(store, ids.dina);
    const bad = await postAdminForm(app, who, url, `${url}/edit`, {
      name: '  ',
      email: 'not-an-address',
      role: 'astronaut',
      needs: 'x'.repeat(1001),
    });
    assert.equal(bad.statusCode, 422);
    assert.match(bad.body, /id="f-name-error"/);
    assert.match(bad.body, /Skriv inn navnet til personen\./);
    assert.match(bad.body, /id="f-email-error"/);
    const taken = await postAdminForm(app, who, url, `${url}/edit`, {
      name: 'Dina Dahl',
      email: 'EVA@example.no',
      role: 'citizen',
    });
    assert.equal(taken.statusCode, 422);
    assert.match(taken.body, /allerede påmeldt arrangementet/);
    const unknownRole = await postAdminForm(app, who, url, `${url}/edit`, { name: 'Dina', role: 'astronaut' });
    assert.equal(unknownRole.statusCode, 422);
    assert.match(unknownRole.body, /id="f-role-error"/);
    assert.deepEqual(await registration(store, ids.dina), before);
    assert.equal((await auditRows(store, 'registration.edited', ids.dina)).length, 0);
    const html = await postAdminForm(app, who, url, `${url}/edit`, {
      name: '<script>alert(1)</script>',
      role: 'citizen',
    });
    assert.equal(html.statusCode, 303);
    const shown = await get(url, who);
    assert.ok(!shown.body.includes('<script>alert(1)</script>'));
    assert.ok(shown.body.includes('&lt;script>alert(1)&lt;/script>'), 'shown escaped');
  });

  test('moves to a full session onto its waiting list, and over capacity only when confirmed', async () => {
    const { store, slug, ids, who } = await seeded();
    const url = `${list(slug)}/${ids.bjorn}`;
    const moved = await postAdminForm(app, who, url, `${url}/move`, { session: 'A' });
    assert.equal(moved.statusCode, 303);
    assert.match(moved.headers.location as string, /done=movedWaitlisted/);
    assert.equal((await registration(store, ids.bjorn)).status, 'waitlisted');
    assert.deepEqual(await sessionCounters(store, slug, 'A'), { seats_taken: 2, waitlist_length: 2 });
    assert.deepEqual(await sessionCounters(store, slug, 'B'), { seats_taken: 0, waitlist_length: 0 });
    const page = await get(`${url}?done=movedWaitlisted`, who);
    assert.match(page.body, /Nummer 2 på ventelisten til A: Sesjon A/);
    const mails = await store.db.selectFrom('outbox').select('kind').where('registration_id', '=', ids.bjorn).execute();
    assert.ok(mails.some((m) => m.kind === 'registration.changed'));

    const carl = `${list(slug)}/${ids.carl}`;
    const forced = await postAdminForm(app, who, carl, `${carl}/move`, { session: 'A', overCapacity: 'on' });
    assert.equal(forced.statusCode, 303);
    assert.match(forced.headers.location as string, /done=moved$/);
    assert.equal((await registration(store, ids.carl)).status, 'confirmed');
    assert.deepEqual(await sessionCounters(store, slug, 'A'), { seats_taken: 3, waitlist_length: 2 });
    const audit = await auditRows(store, 'registration.moved', ids.carl);
    assert.deepEqual(JSON.parse(audit[0]?.data_json ?? '{}'), {
      from: null,
      to: 'A',
      previousStatus: 'confirmed',
      status: 'confirmed',
      overCapacity: true,
    });

    const unknown = await postAdminForm(app, who, carl, `${carl}/move`, { session: 'Z' });
    assert.equal(unknown.statusCode, 422);
    assert.match(unknown.body, /Velg en av sesjonene i listen\./);
  });

  test('cancels, gives the seat to the next waitlisted person and queues the promotion mail', async () => {
    const { store, slug, ids, who } = await seeded();
    const url = `${list(slug)}/${ids.dina}`;
    const cancelled = await postAdminForm(app, who, url, `${url}/cancel`, {});
    assert.equal(cancelled.statusCode, 303);
    assert.match(cancelled.headers.location as string, /done=cancelled&promoted=1/);
    assert.equal((await registration(store, ids.dina)).status, 'cancelled');
    assert.equal((await registration(store, ids.eva)).status, 'confirmed');
    assert.deepEqual(await sessionCounters(store, slug, 'A'), { seats_taken: 2, waitlist_length: 0 });
    const promotion = await store.db
      .selectFrom('outbox')
      .selectAll()
      .where('registration_id', '=', ids.eva)
      .where('kind', '=', 'registration.promoted')
      .execute();
    assert.equal(promotion.length, 1);
    assert.equal(promotion[0]?.to_address, 'eva@example.no');
    assert.equal((await auditRows(store, 'registration.cancelled', ids.dina)).length, 1);
    const page = await get(cancelled.headers.location as string, who);
    assert.match(page.body, /Én person fikk plass fra ventelisten/);
    const again = await postAdminForm(app, who, url, `${url}/cancel`, {});
    assert.equal(again.statusCode, 409);
    assert.match(again.body, /allerede avmeldt/);
  });

  test('restores a cancelled registration, unless the address has signed up again', async () => {
    const { store, slug, ids, who } = await seeded();
    const deps = testDeps(store);
    await cancelRegistration(deps, { registrationId: ids.bjorn, actor: 'test' }, NOW);
    const url = `${list(slug)}/${ids.bjorn}`;
    const restored = await postAdminForm(app, who, url, `${url}/restore`, {});
    assert.equal(restored.statusCode, 303);
    assert.match(restored.headers.location as string, /done=restored$/);
    const row = await registration(store, ids.bjorn);
    assert.equal(row.status, 'confirmed');
    assert.equal(row.cancelled_at, null);
    assert.deepEqual(await sessionCounters(store, slug, 'B'), { seats_taken: 1, waitlist_length: 0 });

    // Dina cancels and signs up again; her old registration cannot come back.
    await cancelRegistration(deps, { registrationId: ids.dina, actor: 'test' }, NOW);
    await signUpPerson(store, slug, 'Dina@Example.no', { name: 'Dina Dahl', session: 'B' });
    const dina = `${list(slug)}/${ids.dina}`;
    const refused = await postAdminForm(app, who, dina, `${dina}/restore`, {});
    assert.equal(refused.statusCode, 409);
    assert.match(refused.body, /allerede påmeldt på nytt/);
    assert.equal((await registration(store, ids.dina)).status, 'cancelled');
    const notCancelled = await postAdminForm(app, who, url, `${url}/restore`, {});
    assert.equal(notCancelled.statusCode, 409);
  });

  test('promotes from the waiting list only with confirmation when full, and reorders the queue', async () => {
    const { store, slug, ids, who } = await seeded();
    await signUpPerson(store, slug, 'fay@example.no', { name: 'Fay Fredriksen', session: 'A' });
    const gro = await signUpPerson(store, slug, 'gro@example.no', { name: 'Gro Grønn', session: 'A' });
    const groUrl = `${list(slug)}/${gro}`;
    const up = await postAdminForm(app, who, groUrl, `${groUrl}/waitlist`, { direction: 'up' });
    assert.equal(up.statusCode, 303);
    const positions = await findRegistrations(
      store.db,
      await eventId(store, slug),
      { ...DEFAULT_FILTER, status: 'waitlisted', sort: 'waitlist' },
      { includeNeeds: false, paged: true },
    );
    assert.deepEqual(
      positions.map((p) => [p.name, p.waitlistPosition]),
      [
        ['Eva Eng', 1],
        ['Gro Grønn', 2],
        ['Fay Fredriksen', 3],
      ],
    );
    assert.equal((await auditRows(store, 'registration.waitlist_moved', gro)).length, 1);
    const evaUrl = `${list(slug)}/${ids.eva}`;
    const top = await postAdminForm(app, who, evaUrl, `${evaUrl}/waitlist`, { direction: 'up' });
    assert.equal(top.statusCode, 409);
    const badDirection = await postAdminForm(app, who, evaUrl, `${evaUrl}/waitlist`, { direction: 'sideways' });
    assert.equal(badDirection.statusCode, 422);

    const refused = await postAdminForm(app, who, evaUrl, `${evaUrl}/promote`, {});
    assert.equal(refused.statusCode, 409);
    assert.match(refused.body, /Kryss av for å gi plass likevel/);
    assert.equal((await registration(store, ids.eva)).status, 'waitlisted');
    const promoted = await postAdminForm(app, who, evaUrl, `${evaUrl}/promote`, { overCapacity: 'on' });
    assert.equal(promoted.statusCode, 303);
    assert.equal((await registration(store, ids.eva)).status, 'confirmed');
    assert.deepEqual(await sessionCounters(store, slug, 'A'), { seats_taken: 3, waitlist_length: 2 });
    const mail = await store.db
      .selectFrom('outbox')
      .select('kind')
      .where('registration_id', '=', ids.eva)
      .where('kind', '=', 'registration.promoted')
      .execute();
    assert.equal(mail.length, 1);
    const audit = await auditRows(store, 'registration.promoted', ids.eva);
    assert.deepEqual(JSON.parse(audit[0]?.data_json ?? '{}'), { byOrganiser: true, overCapacity: true });
  });

  test('adds a registration by hand after the deadline, waitlisted when full unless confirmed', async () => {
    const store = db().store;
    const slug = await addEvent(store, smallEvent({ a: 1, b: 10 }));
    const lateNow = new Date('2030-11-05T12:00:00.000Z');
    const late = await startApp(store, { now: () => lateNow });
    try {
      const who = await organiser(store, { now: lateNow });
      const form = `${list(slug)}/new`;
      const post = (fields: Record<string, string>) => postAdminForm(late.app, who, form, form, fields);
      const first = await post({
        name: 'Hilde Hånd',
        email: 'hilde@example.no',
        organization: 'Øvre kommune',
        role: 'politician',
        session: 'A',
        sendConfirmation: 'on',
      });
      assert.equal(first.statusCode, 303);
      assert.match(first.headers.location as string, /done=added$/);
      const hilde = await store.db
        .selectFrom('registrations')
        .selectAll()
        .where('email_norm', '=', 'hilde@example.no')
        .executeTakeFirstOrThrow();
      assert.equal(hilde.status, 'confirmed');
      const confirmation = await store.db
        .selectFrom('outbox')
        .selectAll()
        .where('to_address', '=', 'hilde@example.no')
        .execute();
      assert.equal(confirmation.length, 1);
      assert.match(confirmation[0]?.subject ?? '', /^Påmeldt:/);

      const second = await post({ name: 'Ivar Ivarsen', email: 'ivar@example.no', role: 'citizen', session: 'A' });
      assert.equal(second.statusCode, 303);
      assert.match(second.headers.location as string, /done=addedWaitlisted$/);
      assert.equal(
        (await store.db.selectFrom('outbox').select('id').where('to_address', '=', 'ivar@example.no').execute()).length,
        0,
        'no confirmation when unticked',
      );
      const third = await post({
        name: 'Jon Jonsen',
        email: 'jon@example.no',
        role: 'citizen',
        session: 'A',
        overCapacity: 'on',
      });
      assert.match(third.headers.location as string, /done=added$/);
      assert.deepEqual(await sessionCounters(store, slug, 'A'), { seats_taken: 2, waitlist_length: 1 });
      const audit = await auditRows(store, 'registration.added');
      assert.ok(audit.some((a) => a.subject_id === hilde.id && a.actor.includes(who.email)));

      const bad = await post({ name: '', email: 'nope', role: '', session: '' });
      assert.equal(bad.statusCode, 422);
      for (const field of ['name', 'email', 'role', 'session'])
        assert.match(bad.body, new RegExp(`id="f-${field}-error"`));
      const duplicate = await post({ name: 'Hilde igjen', email: 'HILDE@example.no', role: 'citizen', session: 'B' });
      assert.equal(duplicate.statusCode, 422);
      assert.match(duplicate.body, /allerede påmeldt arrangementet/);
      const count = await store.db
        .selectFrom('registrations')
        .select((eb) => eb.fn.countAll<number | string>().as('n'))
        .where('event_id', '=', await eventId(store, slug))
        .executeTakeFirstOrThrow();
      assert.equal(Number(count.n), 3);
    } finally {
      await late.close();
    }
  });

  // ---- exports ----------------------------------------------------------------------------

  test('exports CSV with BOM, semicolons, CRLF, Norwegian headers, æøå intact and formulas neutralised', async () => {
    const { store, slug, who } = await seeded();
    const csv = await get(`${list(slug)}.csv`, who);
    assert.equal(csv.statusCode, 200);
    assert.match(csv.headers['content-type'] as string, /^text\/csv; charset=utf-8/);
    assert.match(
      csv.headers['content-disposition'] as string,
      new RegExp(`^attachment; filename="${slug}-pamelde\\.csv"$`),
    );
    const bytes = csv.rawPayload;
    assert.deepEqual([...bytes.subarray(0, 3)], [0xef, 0xbb, 0xbf]);
    const text = bytes.subarray(3).toString('utf8');
    const lines = text.split('\r\n');
    assert.ok(lines[0]?.startsWith('Nr.;Navn;E-post;Organisasjon;Rolle;'));
    assert.ok(!lines[0]?.includes('Behov'), 'no needs unless asked for');
    assert.ok(text.includes('Åse Ødegård;aase@example.no;Ærlig kommune;Kommuneansatt'));
    assert.ok(text.includes(`'=HYPERLINK(`), 'formula neutralised');
    assert.ok(!/;=HYPERLINK/.test(text));
    assert.ok(text.includes('På venteliste'));
    assert.equal(lines.filter((l) => l !== '').length, 6);
    const audit = await auditRows(store, 'registrations.exported');
    const mine = audit.filter((a) => a.event_id === (audit.at(-1)?.event_id ?? -1));
    assert.deepEqual(JSON.parse(mine.at(-1)?.data_json ?? '{}'), { format: 'csv', filters: {}, needs: false, rows: 5 });
  });

  test('exports needs only for organisers who ask, and respects the list filters', async () => {
    const { store, slug, who } = await seeded();
    const withNeeds = await get(`${list(slug)}.csv?needs=1`, who);
    const text = withNeeds.rawPayload.toString('utf8');
    assert.ok(text.includes('Behov for tilrettelegging'));
    assert.ok(text.includes('Rullestolplass'));
    const facilitator = await organiser(store, { role: 'facilitator' });
    const theirs = await get(`${list(slug)}.csv?needs=1`, facilitator);
    assert.equal(theirs.statusCode, 200);
    assert.ok(!theirs.rawPayload.toString('utf8').includes('Behov'));
    assert.ok(!theirs.rawPayload.toString('utf8').includes('Rullestolplass'));
    const list2 = await get(list(slug), facilitator);
    assert.equal(list2.statusCode, 200);
    assert.ok(!list2.body.includes('Rullestolplass'));
    assert.ok(!list2.body.includes('name="needs"'));

    const filtered = await get(`${list(slug)}.csv?session=A&status=confirmed&sort=name&dir=desc`, who);
    const rows = filtered.rawPayload.subarray(3).toString('utf8').split('\r\n').filter(Boolean);
    assert.equal(rows.length, 3);
    assert.ok(rows[1]?.includes('Dina Dahl') || rows[1]?.includes('Åse'));
    const audit = await store.db
      .selectFrom('audit_log')
      .select('data_json')
      .where('action', '=', 'registrations.exported')
      .where('event_id', '=', await eventId(store, slug))
      .orderBy('id')
      .execute();
    assert.equal(audit.length, 3, 'one audit row per export');
    assert.deepEqual(JSON.parse(audit[2]?.data_json ?? '{}').filters, {
      session: 'A',
      status: 'confirmed',
      sort: 'name',
      dir: 'desc',
    });
    assert.equal(JSON.parse(audit[0]?.data_json ?? '{}').needs, true);
    assert.equal(JSON.parse(audit[1]?.data_json ?? '{}').needs, false);
  });

  test('exports XLSX with an overview sheet and one per session, readable by exceljs', async () => {
    const { store, slug, who } = await seeded();
    const res = await get(`${list(slug)}.xlsx?needs=1`, who);
    assert.equal(res.statusCode, 200);
    assert.match(res.headers['content-disposition'] as string, /\.xlsx"$/);
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
    assert.deepEqual(
      book.worksheets.map((s) => s.name),
      ['Alle', 'A Sesjon A', 'B Sesjon B', 'Bare fellesdelen'],
    );
    const all = book.getWorksheet('Alle');
    assert.ok(all);
    assert.equal(all.getCell('B1').value, 'Navn');
    assert.equal(all.getCell('B1').font?.bold, true);
    assert.equal(all.views[0]?.state, 'frozen');
    assert.equal(all.rowCount, 6);
    const header = (all.getRow(1).values as unknown[]).slice(1);
    assert.ok(header.includes('Behov for tilrettelegging'));
    const aase = all.getRow(2);
    assert.equal(aase.getCell(2).value, 'Åse Ødegård');
    assert.equal(aase.getCell(4).value, 'Ærlig kommune');
    assert.equal(aase.getCell(7).value, 'A');
    assert.ok(aase.getCell(11).value instanceof Date, 'registration time is a real date');
    const sessionA = book.getWorksheet('A Sesjon A');
    assert.equal(sessionA?.rowCount, 4);
    assert.equal(book.getWorksheet('Bare fellesdelen')?.getRow(2).getCell(2).value, 'Carl Carlsen');

    const facilitator = await organiser(store, { role: 'facilitator' });
    const theirs = await get(`${list(slug)}.xlsx?needs=1&session=B`, facilitator);
    const theirBook = new ExcelJS.Workbook();
    await theirBook.xlsx.load(theirs.rawPayload as unknown as ArrayBuffer);
    const overview = theirBook.getWorksheet('Alle');
    assert.ok(overview);
    assert.ok(!(overview.getRow(1).values as unknown[]).includes('Behov for tilrettelegging'));
    assert.equal(overview.rowCount, 2);
    assert.equal(theirBook.getWorksheet('Bare fellesdelen'), undefined);
  });

  test('prints a participant list per session with a signature column, and logs it', async () => {
    const { store, slug, who } = await seeded();
    const facilitator = await organiser(store, { role: 'facilitator' });
    const res = await get(`${list(slug)}/print?session=A`, facilitator);
    assert.equal(res.statusCode, 200);
    assert.match(res.body, /Deltakerliste: A: Sesjon A/);
    assert.match(res.body, /Signatur/);
    assert.ok(res.body.includes('Dina Dahl') && res.body.includes('Åse Ødegård'));
    assert.ok(!res.body.includes('Eva Eng'), 'only people with a seat');
    assert.equal((await get(`${list(slug)}/print?session=Z`, who)).statusCode, 404);
    const audit = await store.db
      .selectFrom('audit_log')
      .select('data_json')
      .where('action', '=', 'registrations.exported')
      .where('event_id', '=', await eventId(store, slug))
      .execute();
    assert.equal(JSON.parse(audit[0]?.data_json ?? '{}').format, 'print');
  });

  // ---- access -----------------------------------------------------------------------------

  test('every route sends visitors to the login page, hides the event from other organisations and keeps facilitators to reading', async () => {
    const { store, slug, ids, who } = await seeded();
    const detail = `${list(slug)}/${ids.dina}`;
    const reads = [list(slug), `${list(slug)}.csv`, `${list(slug)}.xlsx`, `${list(slug)}/print`, detail];
    const organiserPages = [`${list(slug)}/new`];
    const posts = ['edit', 'move', 'cancel', 'restore', 'promote', 'waitlist'].map((a) => `${detail}/${a}`);
    posts.push(`${list(slug)}/new`);

    for (const url of [...reads, ...organiserPages]) {
      const res = await get(url);
      assert.equal(res.statusCode, 303, url);
      assert.match(res.headers.location as string, /^\/admin\/login/);
    }
    for (const url of posts) {
      const res = await app.inject({ method: 'POST', url, payload: {} });
      assert.equal(res.statusCode, 303, url);
      assert.match(res.headers.location as string, /^\/admin\/login/);
    }

    const stranger = await organiser(store, { org: 'other-org' });
    for (const url of [...reads, ...organiserPages]) assert.equal((await get(url, stranger)).statusCode, 404, url);
    for (const url of posts) {
      const res = await postAdminForm(app, stranger, '/admin', url, { name: 'X', role: 'citizen', session: 'A' });
      assert.equal(res.statusCode, 404, url);
    }

    const facilitator = await organiser(store, { role: 'facilitator' });
    for (const url of reads) assert.equal((await get(url, facilitator)).statusCode, 200, url);
    for (const url of organiserPages) assert.equal((await get(url, facilitator)).statusCode, 403, url);
    for (const url of posts) {
      const res = await postAdminForm(app, facilitator, '/admin', url, {
        name: 'X',
        email: 'x@example.no',
        role: 'citizen',
        session: 'A',
        direction: 'up',
      });
      assert.equal(res.statusCode, 403, url);
    }
    assert.equal((await registration(store, ids.dina)).status, 'confirmed');

    // A registration of another event is not found through this one.
    const otherSlug = await addEvent(store);
    const other = await signUpPerson(store, otherSlug, 'other@example.no');
    assert.equal((await get(`${list(slug)}/${other}`, who)).statusCode, 404);
    const cross = await postAdminForm(app, who, detail, `${list(slug)}/${other}/cancel`, {});
    assert.equal(cross.statusCode, 404);
    assert.equal((await registration(store, other)).status, 'confirmed');
    assert.equal((await get(`${list(slug)}/abc`, who)).statusCode, 404);
  });

  test('shows answers to extra questions as columns in the list, the detail page and the exports', async () => {
    const { store, slug, ids, who } = await seeded();
    const id = await eventId(store, slug);
    const question = await store.db
      .insertInto('event_questions')
      .values({
        event_id: id,
        position: 1,
        kind: 'checkboxes',
        label: 'Hvilke temaer?',
        options_json: '["Klima","Helse"]',
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await store.db
      .updateTable('registrations')
      .set({ answers_json: JSON.stringify({ [question.id]: ['Klima', 'Helse'] }) })
      .where('id', '=', ids.dina)
      .execute();
    // The event definition is cached by updated_at.
    await store.db.updateTable('events').set({ updated_at: new Date().toISOString() }).where('id', '=', id).execute();
    const page = await get(list(slug), who);
    assert.match(page.body, /<th scope="col">Hvilke temaer\?<\/th>/);
    assert.match(page.body, /<td>Klima, Helse<\/td>/);
    assert.match((await get(`${list(slug)}/${ids.dina}`, who)).body, /Klima, Helse/);
    const csv = (await get(`${list(slug)}.csv`, who)).rawPayload.toString('utf8');
    assert.ok(csv.split('\r\n')[0]?.endsWith(';Hvilke temaer?'));
    assert.ok(csv.includes(';Klima, Helse'));
  });

  test('parses the list filter leniently', () => {
    assert.deepEqual(parseRegistrationFilter({ q: '  kari ', page: '2', sort: 'name', dir: 'desc', status: 'x' }), {
      ...DEFAULT_FILTER,
      q: 'kari',
      page: 2,
      sort: 'name',
      dir: 'desc',
    });
  });
});
