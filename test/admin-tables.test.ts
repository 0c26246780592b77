// The co-creation meeting place: challenges proposed on the personal page, curated and published
// by organisers, ranked by registrants; table plans made, adjusted, locked and re-planned in the
// back office; each participant's table on their page; access control of every route.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { registerParticipants } from '../src/core/registrations/register-participants.ts';
import type { Store } from '../src/db/connect.ts';
import { organiser, postAdminForm, type TestOrganiser } from './support/admin.ts';
import { csrfFor, startApp, type TestApp } from './support/app.ts';
import { onEachDatabase } from './support/databases.ts';
import { addEvent, NOW, signUp, smallEvent, testDeps } from './support/fixtures.ts';

const ROLES = ['citizen', 'researcher', 'municipal_employee', 'politician'];

interface Person {
  id: number;
  token: string;
}

/** Signs up `n` people for session A with mixed roles and a few shared organisations. */
async function signUpMany(store: Store, slug: string, n: number): Promise<Person[]> {
  const people: Person[] = [];
  for (let i = 0; i < n; i++) {
    const result = await registerParticipants(
      testDeps(store),
      signUp(slug, `deltaker${i}-${Math.random().toString(36).slice(2, 7)}@example.no`, {
        name: `Deltaker ${String(i).padStart(2, '0')}`,
        role: ROLES[i % ROLES.length] ?? 'citizen',
        organization: `Org ${i % 5}`,
        session: 'A',
      }),
      NOW,
    );
    assert.ok(result.ok);
    assert.ok(result.booker.registrationId && result.booker.token);
    people.push({ id: result.booker.registrationId, token: result.booker.token });
  }
  return people;
}

async function postMine(app: FastifyInstance, token: string, path: string, fields: Record<string, string>) {
  const { token: csrf, cookie } = await csrfFor(app, `/m/${token}`);
  return app.inject({
    method: 'POST',
    url: `/m/${token}/${path}`,
    headers: { cookie, 'content-type': 'application/x-www-form-urlencoded' },
    payload: new URLSearchParams({ _csrf: csrf, ...fields }).toString(),
  });
}

onEachDatabase('co-creation tables', (db) => {
  let t: TestApp;
  let store: Store;
  let slug: string;
  let org: TestOrganiser;
  let people: Person[];
  const base = () => `/admin/events/${slug}/tables`;
  const challengesUrl = () => `${base()}/challenges?session=A`;

  async function challengeIds(): Promise<{ id: number; title: string; status: string; rejection_note: string }[]> {
    return store.db
      .selectFrom('challenges')
      .select(['id', 'title', 'status', 'rejection_note'])
      .orderBy('id')
      .execute();
  }

  before(async () => {
    store = db().store;
    t = await startApp(store, { now: () => NOW });
    slug = await addEvent(store, smallEvent({ a: 40 }));
    org = await organiser(store);
    people = await signUpMany(store, slug, 14);
  });
  after(async () => t.close());

  test('a registrant proposes a challenge, the organiser accepts it, the registrant ranks it', async () => {
    const p = people[0]!;
    // Not open yet: the personal page shows no co-creation section.
    assert.doesNotMatch((await t.app.inject({ url: `/m/${p.token}` })).body, /Foreslå en floke/);
    const opened = await postAdminForm(t.app, org, challengesUrl(), challengesUrl(), { op: 'settings', open: 'on' });
    assert.equal(opened.statusCode, 303);
    const page = await t.app.inject({ url: `/m/${p.token}` });
    assert.match(page.body, /Foreslå en floke/);

    const empty = await postMine(t.app, p.token, 'challenge', { challengeTitle: '', challengeDescription: '' });
    assert.equal(empty.statusCode, 422);
    assert.match(empty.body, /Fyll ut feltet/);
    assert.equal((await challengeIds()).length, 0);

    const proposed = await postMine(t.app, p.token, 'challenge', {
      challengeTitle: 'Ensomhet blant eldre',
      challengeDescription: 'Mange eldre i kommunen sitter alene.',
      challengeAffected: 'Eldre, pårørende',
    });
    assert.equal(proposed.statusCode, 303);
    assert.match(String(proposed.headers.location), /ok=proposed/);
    const [c] = await challengeIds();
    assert.equal(c?.status, 'proposed');

    // Not yet published: no ranking form.
    assert.doesNotMatch((await t.app.inject({ url: `/m/${p.token}` })).body, /name="rank1"/);
    const accepted = await postAdminForm(t.app, org, challengesUrl(), challengesUrl(), {
      op: 'accept',
      id: String(c!.id),
    });
    assert.equal(accepted.statusCode, 303);
    const added = await postAdminForm(t.app, org, challengesUrl(), challengesUrl(), {
      op: 'add',
      title: 'Trafikk ved skolen',
      description: 'Foreldre kjører barna helt fram.',
      affected: 'Skolebarn',
    });
    assert.equal(added.statusCode, 303);
    await postAdminForm(t.app, org, challengesUrl(), challengesUrl(), { op: 'settings', open: 'on', published: 'on' });
    const all = await challengeIds();
    assert.deepEqual(
      all.map((x) => x.status),
      ['accepted', 'accepted'],
    );

    const mine = await t.app.inject({ url: `/m/${p.token}` });
    assert.match(mine.body, /name="rank1"/);
    const dup = await postMine(t.app, p.token, 'ranking', { rank1: String(all[0]!.id), rank2: String(all[0]!.id) });
    assert.equal(dup.statusCode, 422);
    assert.match(dup.body, /samme floken flere ganger/);
    const ranked = await postMine(t.app, p.token, 'ranking', { rank1: String(all[0]!.id), rank2: String(all[1]!.id) });
    assert.equal(ranked.statusCode, 303);
    const rows = await store.db
      .selectFrom('challenge_rankings')
      .select(['challenge_id', 'rank'])
      .where('registration_id', '=', p.id)
      .orderBy('rank')
      .execute();
    assert.deepEqual(rows, [
      { challenge_id: all[0]!.id, rank: 1 },
      { challenge_id: all[1]!.id, rank: 2 },
    ]);
    const audit = await store.db
      .selectFrom('audit_log')
      .select('action')
      .where('action', 'like', 'challenge.%')
      .execute();
    for (const action of ['challenge.proposed', 'challenge.accepted', 'challenge.added', 'challenge.ranked']) {
      assert.ok(
        audit.some((a) => a.action === action),
        action,
      );
    }
  });

  test('planning seats everyone once per round at the chosen number of tables, and the personal page shows the table', async () => {
    const bad = await postAdminForm(t.app, org, `${base()}?session=A`, `${base()}/plan?session=A`, {
      source: 'confirmed',
      sizeKind: 'tables',
      size: '0',
      rounds: '2',
    });
    assert.equal(bad.statusCode, 422);
    assert.match(bad.body, /helt tall fra 1 til 500/);
    assert.equal((await store.db.selectFrom('table_plans').select('id').execute()).length, 0);

    const planned = await postAdminForm(t.app, org, `${base()}?session=A`, `${base()}/plan?session=A`, {
      source: 'confirmed',
      sizeKind: 'tables',
      size: '3',
      rounds: '2',
    });
    assert.equal(planned.statusCode, 303);
    const seats = await store.db.selectFrom('table_seats').selectAll().execute();
    for (const round of [1, 2]) {
      const inRound = seats.filter((s) => s.round === round);
      assert.deepEqual(
        inRound.map((s) => s.registration_id).sort((a, b) => a - b),
        people.map((p) => p.id).sort((a, b) => a - b),
      );
      const sizes = [1, 2, 3].map((n) => inRound.filter((s) => s.table_no === n).length);
      assert.ok(Math.max(...sizes) - Math.min(...sizes) <= 1, `sizes ${sizes}`);
      assert.ok(inRound.every((s) => s.table_no >= 1 && s.table_no <= 3));
    }
    const page = await t.app.inject({ url: `${base()}?session=A`, headers: { cookie: org.cookie } });
    assert.equal(page.statusCode, 200);
    assert.match(page.body, /Runde 2/);
    assert.match(page.body, /<caption>Planens tall/);

    const p = people[0]!;
    const mine = seats.filter((s) => s.registration_id === p.id).sort((a, b) => a.round - b.round);
    const personal = await t.app.inject({ url: `/m/${p.token}` });
    assert.match(personal.body, new RegExp(`Runde 1: bord ${mine[0]!.table_no}`));
    assert.match(personal.body, new RegExp(`Runde 2: bord ${mine[1]!.table_no}`));

    for (const kind of ['cards', 'sheet', 'projector']) {
      const r = await t.app.inject({ url: `${base()}/${kind}?session=A`, headers: { cookie: org.cookie } });
      assert.equal(r.statusCode, 200, kind);
      assert.match(r.body, /Deltaker 00/);
    }
  });

  test('a moved and locked person stays at their table when the plan is made again', async () => {
    const p = people[3]!;
    const seat = await store.db
      .selectFrom('table_seats')
      .selectAll()
      .where('registration_id', '=', p.id)
      .where('round', '=', 1)
      .executeTakeFirstOrThrow();
    const to = (seat.table_no % 3) + 1;
    const moved = await postAdminForm(t.app, org, `${base()}?session=A`, `${base()}/move?session=A`, {
      round: '1',
      registration: String(p.id),
      table: String(to),
      fixed: 'on',
    });
    assert.equal(moved.statusCode, 303);
    const badMove = await postAdminForm(t.app, org, `${base()}?session=A`, `${base()}/move?session=A`, {
      round: '1',
      registration: String(p.id),
      table: '99',
    });
    assert.equal(badMove.statusCode, 422);
    // A walk-in joins the session; re-planning seats them and keeps the locked person.
    const [walkIn] = await signUpMany(store, slug, 1);
    const replanned = await postAdminForm(t.app, org, `${base()}?session=A`, `${base()}/replan?session=A`, {});
    assert.equal(replanned.statusCode, 303);
    const after = await store.db
      .selectFrom('table_seats')
      .selectAll()
      .where('registration_id', '=', p.id)
      .where('round', '=', 1)
      .executeTakeFirstOrThrow();
    assert.equal(after.table_no, to);
    assert.equal(after.fixed, 1);
    const walkInSeats = await store.db
      .selectFrom('table_seats')
      .select('round')
      .where('registration_id', '=', walkIn!.id)
      .execute();
    assert.equal(walkInSeats.length, 2);
  });

  test('organisers merge duplicates and reject with a note the proposer sees', async () => {
    const p = people[1]!;
    const q = people[2]!;
    for (const [who, title] of [
      [p, 'Ensomhet hos eldre'],
      [q, 'Boligmangel for unge'],
    ] as const) {
      const r = await postMine(t.app, who.token, 'challenge', {
        challengeTitle: title,
        challengeDescription: 'Noen setninger.',
        challengeAffected: '',
      });
      assert.equal(r.statusCode, 303);
    }
    const all = await challengeIds();
    const original = all.find((c) => c.title === 'Ensomhet blant eldre')!;
    const duplicate = all.find((c) => c.title === 'Ensomhet hos eldre')!;
    const other = all.find((c) => c.title === 'Boligmangel for unge')!;
    const merged = await postAdminForm(t.app, org, challengesUrl(), challengesUrl(), {
      op: 'merge',
      id: String(duplicate.id),
      [`into-${duplicate.id}`]: String(original.id),
    });
    assert.equal(merged.statusCode, 303);
    const noNote = await postAdminForm(t.app, org, challengesUrl(), challengesUrl(), {
      op: 'reject',
      id: String(other.id),
      [`note-${other.id}`]: '  ',
    });
    assert.equal(noNote.statusCode, 422);
    assert.match(noNote.body, /kort begrunnelse/);
    assert.equal((await challengeIds()).find((c) => c.id === other.id)?.status, 'proposed');
    const rejected = await postAdminForm(t.app, org, challengesUrl(), challengesUrl(), {
      op: 'reject',
      id: String(other.id),
      [`note-${other.id}`]: 'Passer bedre i sesjon B.',
    });
    assert.equal(rejected.statusCode, 303);
    const now = await challengeIds();
    assert.equal(now.find((c) => c.id === duplicate.id)?.status, 'merged');
    assert.equal(now.find((c) => c.id === other.id)?.rejection_note, 'Passer bedre i sesjon B.');
    const page = await t.app.inject({ url: `/m/${q.token}` });
    assert.match(page.body, /Passer bedre i sesjon B\./);
    const list = await t.app.inject({ url: challengesUrl(), headers: { cookie: org.cookie } });
    assert.match(list.body, /Slått sammen med «Ensomhet blant eldre»/);
  });

  test('every route refuses visitors, other organisations and facilitators on organiser actions', async () => {
    const facilitator = await organiser(store, { role: 'facilitator' });
    const stranger = await organiser(store, { org: 'annen-org' });
    const gets = [
      '',
      '?session=A',
      '/challenges?session=A',
      '/cards?session=A',
      '/sheet?session=A',
      '/projector?session=A',
    ];
    const posts = ['/challenges?session=A', '/plan?session=A', '/move?session=A', '/replan?session=A'];
    for (const path of gets) {
      const anon = await t.app.inject({ url: `${base()}${path}` });
      assert.equal(anon.statusCode, 303, path);
      assert.match(String(anon.headers.location), /^\/admin\/login/);
      const other = await t.app.inject({ url: `${base()}${path}`, headers: { cookie: stranger.cookie } });
      assert.equal(other.statusCode, 404, path);
      const fac = await t.app.inject({ url: `${base()}${path}`, headers: { cookie: facilitator.cookie } });
      assert.equal(fac.statusCode, 200, path);
    }
    const unknown = await t.app.inject({ url: `${base()}?session=ZZ`, headers: { cookie: org.cookie } });
    assert.equal(unknown.statusCode, 404);
    const before = (await store.db.selectFrom('audit_log').select('id').execute()).length;
    for (const path of posts) {
      const anon = await t.app.inject({ method: 'POST', url: `${base()}${path}`, payload: {} });
      assert.equal(anon.statusCode, 303, path);
      const other = await postAdminForm(t.app, stranger, '/admin', `${base()}${path}`, { op: 'accept', id: '1' });
      assert.equal(other.statusCode, 404, path);
      const fac = await postAdminForm(t.app, facilitator, '/admin', `${base()}${path}`, { op: 'accept', id: '1' });
      assert.equal(fac.statusCode, 403, path);
    }
    assert.equal((await store.db.selectFrom('audit_log').select('id').execute()).length, before);
    // The personal page's forms refuse an unknown link.
    const bogus = await t.app.inject({ method: 'POST', url: '/m/bogus-token/ranking', payload: {} });
    assert.ok([403, 404].includes(bogus.statusCode));
  });
});
