// The back office's dashboard, event overview and numbers page (issue 4, items 4 and 6).
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { getEventNumbers, perDaySeries } from '../src/core/events/get-event-numbers.ts';
import { cancelRegistration } from '../src/core/registrations/cancel-registration.ts';
import { registerParticipants } from '../src/core/registrations/register-participants.ts';
import type { Store } from '../src/db/connect.ts';
import { organiser } from './support/admin.ts';
import { startApp, type TestApp } from './support/app.ts';
import { onEachDatabase } from './support/databases.ts';
import { addEvent, NOW, signUp, smallEvent, testDeps } from './support/fixtures.ts';

let orgCounter = 0;
function uniqueOrg(prefix: string): string {
  orgCounter++;
  return `${prefix}-${orgCounter}-${Math.random().toString(36).slice(2, 6)}`;
}

async function eventId(store: Store, slug: string): Promise<number> {
  const row = await store.db.selectFrom('events').select('id').where('slug', '=', slug).executeTakeFirstOrThrow();
  return row.id;
}

async function orgId(store: Store, slug: string): Promise<number> {
  const row = await store.db
    .selectFrom('organizations')
    .select('id')
    .where('slug', '=', slug)
    .executeTakeFirstOrThrow();
  return row.id;
}

function day(iso: string): Date {
  return new Date(iso);
}

/** An event of `org` on the given day (sessions keep the fixture's times; only the dates matter here). */
function eventOn(org: string, title: string, starts: string, extra: Parameters<typeof smallEvent>[0] = {}) {
  const startsAt = day(`${starts}T08:00:00.000Z`);
  return smallEvent({
    organizationSlug: org,
    organizationName: `Org ${org}`,
    title,
    startsAt,
    endsAt: day(`${starts}T14:00:00.000Z`),
    registrationClosesAt: new Date(startsAt.getTime() - 3 * 86_400_000),
    ...extra,
  });
}

onEachDatabase('admin dashboard', (db) => {
  let t: TestApp;
  before(async () => {
    t = await startApp(db().store, { now: () => NOW });
  });
  after(async () => t.close());

  const get = (url: string, cookie?: string) => t.app.inject({ method: 'GET', url, headers: cookie ? { cookie } : {} });

  test('sends a visitor who is not logged in to the login page', async () => {
    for (const url of ['/admin', '/admin/events/whatever', '/admin/events/whatever/numbers']) {
      const res = await get(url);
      assert.equal(res.statusCode, 303, url);
      assert.match(res.headers.location ?? '', /^\/admin\/login\?next=/);
    }
  });

  test('lists only the events the user can open, upcoming soonest first, then past most recent first', async () => {
    const store = db().store;
    const own = uniqueOrg('dash-own');
    const other = uniqueOrg('dash-other');
    const partner = uniqueOrg('dash-partner');
    const who = await organiser(store, { org: own });
    await addEvent(store, eventOn(own, 'Seminar i desember', '2030-12-01'));
    await addEvent(store, eventOn(own, 'Seminar om to uker', '2030-10-15'));
    await addEvent(store, eventOn(own, 'Fjorårets seminar', '2029-11-12'));
    await addEvent(store, eventOn(own, 'Vårseminaret', '2030-04-20'));
    await addEvent(store, eventOn(own, 'Kladd til neste år', '2031-01-10', { published: false }));
    await addEvent(store, eventOn(other, 'Hemmelig seminar', '2030-10-20'));
    // Access through a grant to the user's organisation, and through a personal grant.
    const granted = await addEvent(store, eventOn(partner, 'Felles seminar med partner', '2030-11-01'));
    const personal = await addEvent(store, eventOn(other, 'Personlig invitert seminar', '2030-10-25'));
    await store.db
      .insertInto('event_access')
      .values([
        {
          event_id: await eventId(store, granted),
          organization_id: await orgId(store, own),
          user_id: null,
          role: 'organiser',
          created_at: NOW.toISOString(),
        },
        {
          event_id: await eventId(store, personal),
          organization_id: null,
          user_id: who.userId,
          role: 'facilitator',
          created_at: NOW.toISOString(),
        },
      ])
      .execute();

    const res = await get('/admin', who.cookie);
    assert.equal(res.statusCode, 200);
    const body = res.body;
    assert.ok(!body.includes('Hemmelig seminar'), 'another organisation’s event is not listed');
    const order = [
      'Seminar om to uker',
      'Personlig invitert seminar',
      'Felles seminar med partner',
      'Seminar i desember',
      'Kladd til neste år',
      'Vårseminaret',
      'Fjorårets seminar',
    ].map((title) => ({ title, at: body.indexOf(title) }));
    for (const { title, at } of order) assert.ok(at > 0, `${title} is listed`);
    for (let i = 1; i < order.length; i++)
      assert.ok((order[i - 1]?.at ?? 0) < (order[i]?.at ?? 0), `${order[i - 1]?.title} before ${order[i]?.title}`);
    assert.ok(body.indexOf('Kommende arrangementer') < body.indexOf('Seminar om to uker'));
    assert.ok(body.indexOf('Tidligere arrangementer') < body.indexOf('Vårseminaret'));
    assert.ok(body.indexOf('Tidligere arrangementer') > body.indexOf('Kladd til neste år'));
    // The draft is marked as not published, and only the draft.
    const draftCard = body.slice(body.indexOf('Kladd til neste år'), body.indexOf('Vårseminaret'));
    assert.match(draftCard, /Ikke publisert/);
    assert.equal(body.split('Ikke publisert').length - 1, 1);
    // Registration status and the button for a new event.
    assert.match(body, /Påmeldingen stenger om 11 dager/);
    assert.match(body, /Påmeldingen er stengt/);
    assert.match(body, /href="\/admin\/events\/new"/);
  });

  test('shows seats taken per session and in total, and waiting lists, from the counters', async () => {
    const store = db().store;
    const org = uniqueOrg('dash-seats');
    const who = await organiser(store, { org });
    const slug = await addEvent(store, smallEvent({ organizationSlug: org, a: 1, b: 5, capacity: 40 }));
    const deps = testDeps(store);
    await registerParticipants(deps, signUp(slug, 'a1@example.no', { session: 'A' }), NOW);
    await registerParticipants(deps, signUp(slug, 'a2@example.no', { session: 'A' }), NOW);
    await registerParticipants(deps, signUp(slug, 'b1@example.no', { session: 'B' }), NOW);
    await registerParticipants(deps, signUp(slug, 'n1@example.no', { session: null }), NOW);
    const res = await get('/admin', who.cookie);
    assert.equal(res.statusCode, 200);
    const cells = (label: string) => {
      const row = new RegExp(`<th scope="row">${label}</th>((?:<td[^>]*>[^<]*</td>)+)`).exec(res.body)?.[1] ?? '';
      return [...row.matchAll(/<td[^>]*>([^<]*)<\/td>/g)].map((m) => m[1]);
    };
    assert.deepEqual(cells('A: Sesjon A'), ['1', '1', '1']);
    assert.deepEqual(cells('B: Sesjon B'), ['1', '5', '0']);
    assert.deepEqual(cells('Bare fellesdelen'), ['1', '–', '0']);
    assert.deepEqual(cells('Hele arrangementet'), ['3', '40', '1']);
  });

  test('tells a new organiser how to start, and a new facilitator whom to ask', async () => {
    const store = db().store;
    const newOrganiser = await organiser(store, { org: uniqueOrg('dash-empty') });
    const res = await get('/admin', newOrganiser.cookie);
    assert.equal(res.statusCode, 200);
    assert.match(res.body, /Du har ingen arrangementer ennå/);
    assert.match(res.body, /kopier et tidligere arrangement/);
    assert.match(res.body, /href="\/admin\/events\/new"/);
    const facilitator = await organiser(store, { org: uniqueOrg('dash-empty'), role: 'facilitator' });
    const other = await get('/admin', facilitator.cookie);
    assert.match(other.body, /Be en arrangør om å gi deg tilgang/);
    assert.ok(!other.body.includes('href="/admin/events/new"'), 'facilitators cannot create events');
  });
});

onEachDatabase('admin event overview', (db) => {
  let t: TestApp;
  before(async () => {
    t = await startApp(db().store, { now: () => NOW });
  });
  after(async () => t.close());

  const get = (url: string, cookie?: string) => t.app.inject({ method: 'GET', url, headers: cookie ? { cookie } : {} });

  test('shows key facts, seats per session and links to the other pages', async () => {
    const store = db().store;
    const org = uniqueOrg('ov');
    const who = await organiser(store, { org });
    const slug = await addEvent(store, smallEvent({ organizationSlug: org, title: 'Oversiktsseminar' }));
    const res = await get(`/admin/events/${slug}`, who.cookie);
    assert.equal(res.statusCode, 200);
    assert.match(res.body, /<h1>Oversiktsseminar<\/h1>/);
    assert.match(res.body, /tirsdag 12\. november 2030/);
    assert.match(res.body, /Testbygget, Sal 1/);
    assert.match(res.body, /Påmeldingen stenger om 31 dager/);
    assert.match(res.body, /<th scope="row">A: Sesjon A<\/th>/);
    for (const href of ['/e/', '/preview', '/registrations', '/numbers', '/edit', '/access'])
      assert.ok(res.body.includes(href), href);
    assert.match(res.body, /aria-current="page"[^>]*>Oversikt</);
  });

  test('lets a facilitator see the overview but not the organiser-only pages', async () => {
    const store = db().store;
    const org = uniqueOrg('ov-fac');
    const facilitator = await organiser(store, { org, role: 'facilitator' });
    const slug = await addEvent(store, smallEvent({ organizationSlug: org }));
    const res = await get(`/admin/events/${slug}`, facilitator.cookie);
    assert.equal(res.statusCode, 200);
    assert.ok(!res.body.includes(`/admin/events/${slug}/numbers`), 'no link to numbers');
    assert.equal((await get(`/admin/events/${slug}/numbers`, facilitator.cookie)).statusCode, 403);
  });

  test('answers 404 to a user of another organisation, for an event that exists and one that does not', async () => {
    const store = db().store;
    const slug = await addEvent(store, smallEvent({ organizationSlug: uniqueOrg('ov-a') }));
    const stranger = await organiser(store, { org: uniqueOrg('ov-b') });
    for (const url of [
      `/admin/events/${slug}`,
      `/admin/events/${slug}/numbers`,
      '/admin/events/no-such-event',
      `/admin/events/${'x'.repeat(150)}/numbers`,
    ]) {
      const res = await get(url, stranger.cookie);
      assert.equal(res.statusCode, 404, url);
    }
  });
});

onEachDatabase('admin numbers', (db) => {
  let t: TestApp;
  before(async () => {
    t = await startApp(db().store, { now: () => NOW });
  });
  after(async () => t.close());

  /** An event with sign-ups on three Oslo days, one cancelled, one waitlisted. */
  async function eventWithSignUps() {
    const store = db().store;
    const org = uniqueOrg('num');
    const who = await organiser(store, { org });
    const slug = await addEvent(store, smallEvent({ organizationSlug: org, a: 2, b: 10 }));
    const deps = testDeps(store);
    const on = (iso: string) => new Date(iso);
    // 22:30 UTC on 29 September is 00:30 on 30 September in Oslo (summer time).
    await registerParticipants(
      deps,
      signUp(slug, 'p1@example.no', { session: 'A', role: 'politician' }),
      on('2030-09-28T10:00:00.000Z'),
    );
    await registerParticipants(
      deps,
      signUp(slug, 'r1@example.no', { session: 'A', role: 'researcher' }),
      on('2030-09-29T22:30:00.000Z'),
    );
    await registerParticipants(
      deps,
      signUp(slug, 'r2@example.no', { session: 'A', role: 'researcher' }),
      on('2030-09-30T08:00:00.000Z'),
    );
    await registerParticipants(
      deps,
      signUp(slug, 'c1@example.no', { session: 'B', role: 'citizen' }),
      on('2030-09-30T09:00:00.000Z'),
    );
    await registerParticipants(deps, signUp(slug, 'r3@example.no', { session: 'B', role: 'researcher' }), NOW);
    const cancelled = await registerParticipants(
      deps,
      signUp(slug, 'x1@example.no', { session: 'B', role: 'citizen' }),
      NOW,
    );
    await registerParticipants(
      deps,
      signUp(slug, 'o1@example.no', { session: null, role: 'other', roleOther: 'Student' }),
      NOW,
    );
    assert.ok(cancelled.ok);
    if (cancelled.ok)
      await cancelRegistration(deps, { registrationId: cancelled.booker.registrationId ?? 0, actor: 'test' }, NOW);
    return { who, slug, id: await eventId(store, slug) };
  }

  test('counts confirmed, waitlisted and cancelled per session, including only the shared programme', async () => {
    const { id } = await eventWithSignUps();
    const numbers = await getEventNumbers(db().store.db, id, NOW);
    assert.ok(numbers);
    assert.deepEqual(
      numbers.sessions.map((s) => s.code),
      ['A', 'B', null],
    );
    assert.deepEqual(numbers.status, [
      { confirmed: 2, waitlisted: 1, cancelled: 0 },
      { confirmed: 2, waitlisted: 0, cancelled: 1 },
      { confirmed: 1, waitlisted: 0, cancelled: 0 },
    ]);
    assert.deepEqual(numbers.statusTotal, { confirmed: 5, waitlisted: 1, cancelled: 1 });
  });

  test('builds the role × session matrix of confirmed people in the event’s role order, with totals', async () => {
    const { id } = await eventWithSignUps();
    const numbers = await getEventNumbers(db().store.db, id, NOW);
    assert.ok(numbers);
    const row = (code: string) => numbers.roles.find((r) => r.code === code);
    assert.deepEqual(
      numbers.roles.map((r) => r.code),
      ['politician', 'researcher', 'municipal_employee', 'citizen', 'volunteer', 'business', 'other'],
    );
    // A: the politician and one researcher are confirmed, the second researcher waits.
    assert.deepEqual(row('politician')?.counts, [1, 0, 0]);
    assert.deepEqual(row('researcher')?.counts, [1, 1, 0]);
    assert.deepEqual(row('citizen')?.counts, [0, 1, 0]);
    assert.deepEqual(row('other')?.counts, [0, 0, 1]);
    assert.equal(row('researcher')?.total, 2);
    assert.deepEqual(numbers.sessionTotals, [2, 2, 1]);
    assert.equal(numbers.confirmedTotal, 5);
  });

  test('counts registrations per Oslo day since the first, cumulative and per day', async () => {
    const { id } = await eventWithSignUps();
    const numbers = await getEventNumbers(db().store.db, id, NOW);
    assert.ok(numbers);
    assert.deepEqual(numbers.perDay, [
      { date: '2030-09-28', count: 1, cumulative: 1 },
      { date: '2030-09-29', count: 0, cumulative: 1 },
      { date: '2030-09-30', count: 3, cumulative: 4 },
      { date: '2030-10-01', count: 3, cumulative: 7 },
    ]);
  });

  test('shows the numbers with accessible SVG charts and the same numbers in tables', async () => {
    const { who, slug } = await eventWithSignUps();
    const res = await t.app.inject({
      method: 'GET',
      url: `/admin/events/${slug}/numbers`,
      headers: { cookie: who.cookie },
    });
    assert.equal(res.statusCode, 200);
    const body = res.body;
    // Charts: images with an accessible name and a description that states the numbers.
    const svgs = [...body.matchAll(/<svg[^>]*>/g)].map((m) => m[0]);
    assert.equal(svgs.length, 3);
    for (const svg of svgs) {
      assert.match(svg, /role="img"/);
      assert.match(svg, /aria-labelledby="[a-z-]+-title [a-z-]+-desc"/);
    }
    assert.match(body, /<title id="status-chart-title">Påmeldte per sesjon<\/title>/);
    assert.match(body, /<desc id="status-chart-desc">[^<]*A 2 bekreftet, 1 på venteliste, 0 avmeldt/);
    assert.match(body, /<title id="perday-chart-title">Påmeldinger per dag<\/title>/);
    // Tables with captions and header cells.
    for (const id of ['status-table', 'matrix-table', 'perday-table']) {
      const table = new RegExp(`<table[^>]*id="${id}"[^>]*><caption>[^<]+</caption>`).exec(body);
      assert.ok(table, `${id} has a caption`);
    }
    assert.match(body, /<th scope="col"[^>]*>Bekreftet<\/th>/);
    assert.match(
      body,
      /<th scope="row">A: Sesjon A<\/th><td class="num">2<\/td><td class="num">2<\/td><td class="num">1<\/td><td class="num">0<\/td>/,
    );
    assert.match(body, /<th scope="row">Bare fellesdelen<\/th><td class="num">1<\/td>/);
    // The matrix flags roles that nobody brings to a session, in words.
    assert.match(body, /B: Sesjon B: ingen politiker/);
    assert.match(body, /Ingen med rollen politiker i B/);
    // The per-day table lists the days with sign-ups.
    assert.match(body, /<time datetime="2030-09-30">[^<]+<\/time><\/th><td class="num">3<\/td><td class="num">4<\/td>/);
    assert.ok(!body.includes('datetime="2030-09-29"'), 'days without sign-ups are left out of the table');
  });

  test('shows a friendly page for an event without sign-ups', async () => {
    const store = db().store;
    const org = uniqueOrg('num-empty');
    const who = await organiser(store, { org });
    const slug = await addEvent(store, smallEvent({ organizationSlug: org }));
    const res = await t.app.inject({
      method: 'GET',
      url: `/admin/events/${slug}/numbers`,
      headers: { cookie: who.cookie },
    });
    assert.equal(res.statusCode, 200);
    assert.match(res.body, /Ingen påmeldinger ennå/);
    assert.match(res.body, /Ingen har bekreftet plass ennå/);
  });
});

test('the per-day series starts at the opening, fills empty days and stops at the deadline', () => {
  const series = perDaySeries(
    [
      { hour: '2030-09-02T10', n: 2 },
      { hour: '2030-09-03T23', n: 1 }, // 01:00 on 4 September in Oslo
    ],
    {
      timeZone: 'Europe/Oslo',
      opensAt: new Date('2030-09-01T08:00:00.000Z'),
      closesAt: new Date('2030-09-05T21:59:00.000Z'),
      now: NOW,
    },
  );
  assert.deepEqual(
    series.map((d) => [d.date, d.count, d.cumulative]),
    [
      ['2030-09-01', 0, 0],
      ['2030-09-02', 2, 2],
      ['2030-09-03', 0, 2],
      ['2030-09-04', 1, 3],
      ['2030-09-05', 0, 3],
    ],
  );
  assert.deepEqual(
    perDaySeries([], { timeZone: 'Europe/Oslo', opensAt: new Date('2031-01-01T00:00:00Z'), closesAt: NOW, now: NOW }),
    [],
  );
});
