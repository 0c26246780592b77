// Privacy (issue 6, item 3): privacy notices per organisation with versions, the acknowledged
// version stored at sign-up, "download my data" and "delete my registration", the retention job
// with the clock passed in, erasing a person across events, and the opt-in participant list.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { erasePerson } from '../src/core/privacy/erase-person.ts';
import { purgeExpiredEvents } from '../src/core/privacy/purge-expired-events.ts';
import { registerParticipants } from '../src/core/registrations/register-participants.ts';
import type { Store } from '../src/db/connect.ts';
import { organiser, postAdminForm, type TestOrganiser } from './support/admin.ts';
import { csrfFor, formBody, startApp, type TestApp } from './support/app.ts';
import { onEachDatabase } from './support/databases.ts';
import { addEvent, NOW, person, signUp, smallEvent, testDeps } from './support/fixtures.ts';

const DAY = 86_400_000;
let orgCounter = 0;

/** A fresh organisation (so that notices and retention of one test do not meet another's). */
function newOrg(): string {
  orgCounter++;
  return `personvern-${orgCounter}-${Math.random().toString(36).slice(2, 6)}`;
}

const NOTICE = {
  controller: 'Levanger kommune er behandlingsansvarlig.',
  contact: 'personvern@example.no',
  purpose: 'Administrere påmeldingen.',
  lawfulBasis: 'Allmennhetens interesse; samtykke for behov.',
  retention: 'Anonymiseres 90 dager etter arrangementet.',
  processors: 'Driftsleverandøren.',
};

function noticeForm(overrides: Record<string, string> = {}): Record<string, string> {
  return { ...NOTICE, retentionDays: '90', ...overrides };
}

async function orgId(store: Store, slug: string): Promise<number> {
  return (await store.db.selectFrom('organizations').select('id').where('slug', '=', slug).executeTakeFirstOrThrow())
    .id;
}

async function registration(store: Store, id: number) {
  return store.db.selectFrom('registrations').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
}

/** Confirmed/waitlisted/cancelled counts per (role, session), as the numbers page counts them. */
async function countsPerRoleAndSession(store: Store, eventId: number) {
  const rows = await store.db
    .selectFrom('registrations')
    .select(['role', 'session_id', 'status', 'checked_in_at'])
    .where('event_id', '=', eventId)
    .execute();
  const counts: Record<string, number> = {};
  for (const r of rows) {
    const key = `${r.role}|${r.session_id}|${r.status}|${r.checked_in_at ? 'in' : 'out'}`;
    counts[key] = (counts[key] ?? 0) + 1;
  }
  return counts;
}

onEachDatabase('privacy', (db) => {
  let t: TestApp;
  before(async () => {
    t = await startApp(db().store, { now: () => NOW });
  });
  after(async () => t.close());

  const get = (url: string, who?: TestOrganiser) =>
    t.app.inject({ method: 'GET', url, headers: who ? { cookie: who.cookie } : {} });

  async function eventId(slug: string): Promise<number> {
    return (await db().store.db.selectFrom('events').select('id').where('slug', '=', slug).executeTakeFirstOrThrow())
      .id;
  }

  async function signUpByForm(slug: string, fields: Record<string, string>) {
    const { token, cookie } = await csrfFor(t.app, `/e/${slug}/register`);
    return t.app.inject({
      method: 'POST',
      url: `/e/${slug}/register`,
      headers: { cookie, 'content-type': 'application/x-www-form-urlencoded' },
      payload: formBody({ _csrf: token, role: 'citizen', session: 'A', consent: 'on', ...fields }),
    });
  }

  /** Posts a form of the personal page, with the CSRF token of the page at the same address. */
  async function postPersonal(url: string, fields: Record<string, string> = {}) {
    const { token, cookie } = await csrfFor(t.app, url);
    return t.app.inject({
      method: 'POST',
      url,
      headers: { cookie, 'content-type': 'application/x-www-form-urlencoded' },
      payload: formBody({ _csrf: token, ...fields }),
    });
  }

  test('owners write the privacy notice; every change is a new version shown on /personvern/:org', async () => {
    const org = newOrg();
    const owner = await organiser(db().store, { org, role: 'owner' });
    const form = `/admin/organizations/${org}/privacy`;

    const empty = await get(`/personvern/${org}`);
    assert.equal(empty.statusCode, 200);
    assert.match(empty.body, /har ikke skrevet en egen personvernerklæring/);

    const first = await postAdminForm(t.app, owner, form, form, noticeForm({ retentionDays: '30' }));
    assert.equal(first.statusCode, 303);
    assert.equal(first.headers.location, `${form}?done=saved&version=1`);
    assert.match((await get(String(first.headers.location), owner)).body, /Versjon 1 er lagret/);
    const page1 = await get(`/personvern/${org}`);
    assert.match(page1.body, /Levanger kommune er behandlingsansvarlig\./);
    assert.match(page1.body, /Versjon 1, gjeldende fra tirsdag 1\. oktober 2030/);
    assert.match(page1.body, /anonymiseres automatisk 30 dager etter arrangementet/);
    const retention = await db()
      .store.db.selectFrom('organizations')
      .select('retention_days')
      .where('slug', '=', org)
      .executeTakeFirstOrThrow();
    assert.equal(retention.retention_days, 30);

    // The same text again makes no new version.
    const same = await postAdminForm(t.app, owner, form, form, noticeForm({ retentionDays: '30' }));
    assert.equal(same.headers.location, `${form}?done=unchanged`);

    const second = await postAdminForm(t.app, owner, form, form, noticeForm({ contact: 'ny-kontakt@example.no' }));
    assert.equal(second.headers.location, `${form}?done=saved&version=2`);
    const page2 = await get(`/personvern/${org}`);
    assert.match(page2.body, /Versjon 2,/);
    assert.match(page2.body, /ny-kontakt@example\.no/);
    assert.doesNotMatch(page2.body, /<p[^>]*>personvern@example\.no<\/p>/);
    const versions = await db()
      .store.db.selectFrom('privacy_notices')
      .select(['version', 'contact'])
      .where('organization_id', '=', await orgId(db().store, org))
      .orderBy('version')
      .execute();
    assert.deepEqual(
      versions.map((v) => [v.version, v.contact]),
      [
        [1, 'personvern@example.no'],
        [2, 'ny-kontakt@example.no'],
      ],
      'the old version is kept',
    );
    assert.match((await get(form, owner)).body, /Versjon 1: /, 'earlier versions listed');
    assert.equal((await get('/personvern/finnes-ikke')).statusCode, 404);
  });

  test('a privacy notice with a missing field or a bad retention is refused beside the field', async () => {
    const org = newOrg();
    const owner = await organiser(db().store, { org, role: 'owner' });
    const form = `/admin/organizations/${org}/privacy`;
    const res = await postAdminForm(
      t.app,
      owner,
      form,
      form,
      noticeForm({ purpose: '  ', retentionDays: '0', processors: 'x'.repeat(4001) }),
    );
    assert.equal(res.statusCode, 422);
    assert.match(res.body, /id="f-purpose-error"[\s\S]*?Fyll ut feltet\./);
    assert.match(res.body, /id="f-retentionDays-error"[\s\S]*?Skriv et helt tall fra 1 til 3650\./);
    assert.match(res.body, /id="f-processors-error"[\s\S]*?høyst 4000 tegn/);
    assert.match(res.body, /href="#f-purpose"/, 'listed in the error summary');
    const notices = await db()
      .store.db.selectFrom('privacy_notices')
      .select('id')
      .where('organization_id', '=', await orgId(db().store, org))
      .execute();
    assert.equal(notices.length, 0, 'nothing written');
    const bad = await postAdminForm(t.app, owner, form, form, noticeForm({ retentionDays: 'nitti' }));
    assert.equal(bad.statusCode, 422);
  });

  test('sign-up by form and API stores the privacy version shown (null before there is a notice)', async () => {
    const org = newOrg();
    const slug = await addEvent(db().store, smallEvent({ organizationSlug: org, organizationName: 'Kommune' }));
    const owner = await organiser(db().store, { org, role: 'owner' });

    // No notice yet: the form links to the general page, and no version is stored.
    assert.match((await get(`/e/${slug}/register`)).body, /href="\/personvern" target="_blank"/);
    const before1 = await signUpByForm(slug, { name: 'Før Versjon', email: 'for@example.no' });
    assert.equal(before1.statusCode, 303);
    const early = await db()
      .store.db.selectFrom('registrations')
      .select('privacy_version')
      .where('email_norm', '=', 'for@example.no')
      .executeTakeFirstOrThrow();
    assert.equal(early.privacy_version, null);

    const form = `/admin/organizations/${org}/privacy`;
    await postAdminForm(t.app, owner, form, form, noticeForm());
    await postAdminForm(t.app, owner, form, form, noticeForm({ purpose: 'Nytt formål.' }));

    // The cached event definition follows the new version (saving touched the events).
    const registerPage = await get(`/e/${slug}/register`);
    assert.match(registerPage.body, new RegExp(`href="/personvern/${org}" target="_blank"`));
    assert.match((await get(`/e/${slug}`)).body, new RegExp(`href="/personvern/${org}"`));
    const byForm = await signUpByForm(slug, { name: 'Skjema Person', email: 'skjema@example.no' });
    assert.equal(byForm.statusCode, 303);
    const byApi = await t.app.inject({
      method: 'POST',
      url: `/api/v1/events/${slug}/registrations`,
      payload: { name: 'Api Person', email: 'api@example.no', role: 'citizen', session: 'B', consent: true },
    });
    assert.equal(byApi.statusCode, 201);
    const rows = await db()
      .store.db.selectFrom('registrations')
      .select(['email_norm', 'privacy_version', 'id'])
      .where('email_norm', 'in', ['skjema@example.no', 'api@example.no'])
      .orderBy('email_norm')
      .execute();
    assert.deepEqual(
      rows.map((r) => [r.email_norm, r.privacy_version]),
      [
        ['api@example.no', 2],
        ['skjema@example.no', 2],
      ],
    );

    // The organiser sees the acknowledged version on the registration's page.
    const detail = await get(`/admin/events/${slug}/registrations/${rows[0]?.id}`, owner);
    assert.match(detail.body, /Versjon 2 \(vist ved påmelding\)/);
  });

  test('data.json holds everything about the registrant, and nobody else’s', async () => {
    const org = newOrg();
    const slug = await addEvent(db().store, smallEvent({ organizationSlug: org, organizationName: 'Kommune' }));
    const deps = testDeps(db().store);
    const booked = await registerParticipants(
      deps,
      signUp(slug, 'Kari.Data@example.no', { name: 'Kari Data', needs: 'Rullestol', needsConsent: true }, [
        person({ name: 'Følge Uten Adresse' }),
      ]),
      NOW,
    );
    assert.ok(booked.ok);
    const other = await registerParticipants(deps, signUp(slug, 'annen@example.no', { name: 'Annen Person' }), NOW);
    assert.ok(other.ok);
    const token = String(booked.booker.token);

    const res = await get(`/m/${token}/data.json`);
    assert.equal(res.statusCode, 200);
    assert.match(String(res.headers['content-type']), /^application\/json/);
    assert.match(String(res.headers['content-disposition']), /^attachment; filename="samskap-.*\.json"$/);
    assert.equal(res.headers['cache-control'], 'no-store');
    const data = res.json();
    assert.equal(data.registration.name, 'Kari Data');
    assert.equal(data.registration.email, 'Kari.Data@example.no');
    assert.equal(data.registration.needs, 'Rullestol');
    assert.equal(data.registration.session.code, 'A');
    assert.equal(data.booking.madeByYou, true);
    assert.equal(data.booking.bookerEmail, 'Kari.Data@example.no');
    assert.equal(data.event.slug, slug);
    assert.ok(data.history.some((h: { action: string }) => h.action === 'registration.confirmed'));
    assert.ok(data.mails.length >= 1, 'the confirmation mail is listed');
    assert.ok(data.mails.every((m: { subject: string; createdAt: string }) => m.subject && m.createdAt));
    assert.deepEqual(data.checkIns, []);
    assert.equal(data.evaluation, null);
    assert.doesNotMatch(res.body, /Annen Person|annen@example\.no/);

    // The companion's data through the booker's link; another person's id is refused.
    const companionId = booked.others[0]?.registrationId;
    const companion = await get(`/m/${token}/data.json?p=${companionId}`);
    assert.equal(companion.statusCode, 200);
    assert.equal(companion.json().registration.name, 'Følge Uten Adresse');
    const foreign = await get(`/m/${token}/data.json?p=${other.booker.registrationId}`);
    assert.equal(foreign.statusCode, 404);
    assert.doesNotMatch(foreign.body, /Annen Person/);
    const wrongToken = await get(`/m/${'x'.repeat(43)}/data.json`);
    assert.equal(wrongToken.statusCode, 404);
    // Someone signed up by the other person, with their own address, does not see the booker's details.
    const otherData = (await get(`/m/${other.booker.token}/data.json`)).json();
    assert.equal(otherData.registration.name, 'Annen Person');
    assert.doesNotMatch(JSON.stringify(otherData), /Kari/);

    // The personal page links both.
    const page = await get(`/m/${token}`);
    assert.match(page.body, new RegExp(`href="/m/${token}/data.json"`));
    assert.match(page.body, new RegExp(`href="/m/${token}/delete"`));
  });

  test('delete my registration anonymises it, frees the seat for the next on the waiting list, and kills the link', async () => {
    const org = newOrg();
    const slug = await addEvent(db().store, smallEvent({ organizationSlug: org, organizationName: 'Kommune', a: 1 }));
    const deps = testDeps(db().store);
    const first = await registerParticipants(
      deps,
      signUp(slug, 'forst@example.no', {
        name: 'Først Påmeldt',
        organization: 'Verdal kommune',
        needs: 'Tolk',
        needsConsent: true,
        publicListing: true,
      }),
      NOW,
    );
    const second = await registerParticipants(deps, signUp(slug, 'nummer2@example.no', { name: 'Nummer To' }), NOW);
    assert.ok(first.ok && second.ok);
    assert.equal(second.booker.status, 'waitlisted');
    const token = String(first.booker.token);
    const id = Number(first.booker.registrationId);

    const confirm = await get(`/m/${token}/delete`);
    assert.equal(confirm.statusCode, 200);
    assert.match(confirm.body, /Slette påmeldingen\?/);
    const res = await postPersonal(`/m/${token}/delete`);
    assert.equal(res.statusCode, 303);
    assert.equal(res.headers.location, `/personvern/slettet?e=${slug}`);
    assert.match((await get(String(res.headers.location))).body, /Påmeldingen er slettet/);

    const gone = await registration(db().store, id);
    assert.equal(gone.name, 'Slettet');
    assert.equal(gone.email, null);
    assert.equal(gone.email_norm, null);
    assert.equal(gone.organization, '');
    assert.equal(gone.needs, '');
    assert.equal(gone.answers_json, '{}');
    assert.equal(gone.public_listing, 0);
    assert.equal(gone.status, 'cancelled');
    assert.equal(gone.role, 'citizen', 'role kept for the counts');
    assert.ok(gone.anonymised_at);
    const booking = await db()
      .store.db.selectFrom('bookings')
      .selectAll()
      .where('id', '=', gone.booking_id)
      .executeTakeFirstOrThrow();
    assert.equal(booking.booker_email, '');
    assert.equal(booking.booker_name, 'Slettet');
    const promoted = await registration(db().store, Number(second.booker.registrationId));
    assert.equal(promoted.status, 'confirmed', 'the next on the waiting list got the seat');
    const tokens = await db()
      .store.db.selectFrom('access_tokens')
      .select('id')
      .where('registration_id', '=', id)
      .execute();
    assert.equal(tokens.length, 0);
    const pending = await db()
      .store.db.selectFrom('outbox')
      .select('id')
      .where('registration_id', '=', id)
      .where('status', '=', 'pending')
      .execute();
    assert.equal(pending.length, 0, 'unsent mails to the person are deleted');
    const audit = await db()
      .store.db.selectFrom('audit_log')
      .select('data_json')
      .where('action', '=', 'registration.deleted_by_registrant')
      .where('subject_id', '=', id)
      .executeTakeFirstOrThrow();
    assert.doesNotMatch(audit.data_json, /forst|Først|Verdal|Tolk/);
    assert.equal((await get(`/m/${token}`)).statusCode, 404, 'the link no longer works');
    assert.equal((await get(`/m/${token}/data.json`)).statusCode, 404);
  });

  test('purge: nothing before the retention period; after it personal data is gone, counts stay, a second run is a no-op', async () => {
    const org = newOrg();
    const slug = await addEvent(db().store, smallEvent({ organizationSlug: org, organizationName: 'Kommune' }));
    const id = await eventId(slug);
    const store = db().store;
    await store.db.updateTable('organizations').set({ retention_days: 30 }).where('slug', '=', org).execute();
    const deps = testDeps(store);
    const a = await registerParticipants(
      deps,
      signUp(slug, 'purge.a@example.no', { name: 'Anne Purge', needs: 'Allergi', needsConsent: true }, [
        person({ name: 'Bjørn Følge', role: 'researcher', session: 'B' }),
      ]),
      NOW,
    );
    const b = await registerParticipants(
      deps,
      signUp(slug, 'purge.b@example.no', { name: 'Berit Purge', role: 'politician', session: 'B' }),
      NOW,
    );
    assert.ok(a.ok && b.ok);
    await store.db
      .updateTable('registrations')
      .set({ checked_in_at: '2030-11-12T07:55:00.000Z' })
      .where('id', '=', Number(b.booker.registrationId))
      .execute();
    const countsBefore = await countsPerRoleAndSession(store, id);
    const ends = new Date('2030-11-12T14:30:00.000Z');

    // Within the retention period (and with --dry-run after it) nothing changes.
    assert.deepEqual(await purgeExpiredEvents(store, new Date(ends.getTime() + 29 * DAY)), []);
    const dry = await purgeExpiredEvents(store, new Date(ends.getTime() + 31 * DAY), { dryRun: true });
    const dryOne = dry.find((e) => e.eventId === id);
    assert.equal(dryOne?.registrations, 3);
    assert.equal(dryOne?.needs, 1);
    const untouched = await registration(store, Number(a.booker.registrationId));
    assert.equal(untouched.name, 'Anne Purge');
    assert.equal(untouched.needs, 'Allergi');

    const at = new Date(ends.getTime() + 31 * DAY);
    const report = await purgeExpiredEvents(store, at);
    const mine = report.find((e) => e.eventId === id);
    assert.ok(mine, 'the event was purged');
    assert.equal(mine.registrations, 3);
    assert.equal(mine.needs, 1);
    assert.ok(mine.tokens >= 3);

    const rows = await store.db.selectFrom('registrations').selectAll().where('event_id', '=', id).execute();
    for (const r of rows) {
      assert.equal(r.name, 'Slettet');
      assert.equal(r.email, null);
      assert.equal(r.organization, '');
      assert.equal(r.needs, '');
      assert.equal(r.answers_json, '{}');
      assert.ok(r.anonymised_at);
    }
    assert.deepEqual(await countsPerRoleAndSession(store, id), countsBefore, 'counts per role and session unchanged');
    const bookings = await store.db.selectFrom('bookings').selectAll().where('event_id', '=', id).execute();
    assert.ok(bookings.every((x) => x.booker_email === '' && x.booker_name === 'Slettet'));
    const mails = await store.db.selectFrom('outbox').selectAll().where('event_id', '=', id).execute();
    assert.ok(mails.every((m) => m.to_address === '' && m.text_body === '' && m.html_body === ''));
    const tokens = await store.db
      .selectFrom('access_tokens')
      .innerJoin('registrations', 'registrations.id', 'access_tokens.registration_id')
      .select('access_tokens.id')
      .where('registrations.event_id', '=', id)
      .execute();
    assert.equal(tokens.length, 0);
    const event = await store.db
      .selectFrom('events')
      .select('purged_at')
      .where('id', '=', id)
      .executeTakeFirstOrThrow();
    assert.equal(event.purged_at, at.toISOString());
    const audit = await store.db
      .selectFrom('audit_log')
      .select('data_json')
      .where('action', '=', 'event.purged')
      .where('event_id', '=', id)
      .execute();
    assert.equal(audit.length, 1);
    assert.equal(JSON.parse(audit[0]?.data_json ?? '{}').registrations, 3);
    assert.equal((await get(`/m/${a.booker.token}`)).statusCode, 404);

    // Idempotent: a second run (even later) finds nothing and writes nothing.
    const snapshot = JSON.stringify(rows);
    assert.deepEqual(
      (await purgeExpiredEvents(store, new Date(at.getTime() + DAY))).filter((e) => e.eventId === id),
      [],
    );
    const again = await store.db.selectFrom('registrations').selectAll().where('event_id', '=', id).execute();
    assert.equal(JSON.stringify(again), snapshot);
    const auditAgain = await store.db
      .selectFrom('audit_log')
      .select('id')
      .where('action', '=', 'event.purged')
      .where('event_id', '=', id)
      .execute();
    assert.equal(auditAgain.length, 1);
  });

  test('owners erase a person across the organisation’s events after a confirmation step', async () => {
    const org = newOrg();
    const otherOrg = newOrg();
    const store = db().store;
    const s1 = await addEvent(store, smallEvent({ organizationSlug: org, organizationName: 'Kommune' }));
    const s2 = await addEvent(store, smallEvent({ organizationSlug: org, organizationName: 'Kommune', a: 1 }));
    const s3 = await addEvent(store, smallEvent({ organizationSlug: otherOrg, organizationName: 'Annen' }));
    const owner = await organiser(store, { org, role: 'owner' });
    const deps = testDeps(store);
    const r1 = await registerParticipants(deps, signUp(s1, 'slett.meg@example.no', { name: 'Slett Meg' }), NOW);
    const r2 = await registerParticipants(deps, signUp(s2, 'Slett.Meg@Example.no', { name: 'Slett Meg' }), NOW);
    const waiting = await registerParticipants(deps, signUp(s2, 'venter@example.no', { name: 'Venter' }), NOW);
    const r3 = await registerParticipants(deps, signUp(s3, 'slett.meg@example.no', { name: 'Slett Meg' }), NOW);
    assert.ok(r1.ok && r2.ok && r3.ok && waiting.ok);
    assert.equal(waiting.booker.status, 'waitlisted');
    const url = `/admin/organizations/${org}/erase`;

    const preview = await postAdminForm(t.app, owner, url, url, { action: 'find', email: 'SLETT.meg@example.no' });
    assert.equal(preview.statusCode, 200);
    assert.match(preview.body, /Dette blir slettet for SLETT\.meg@example\.no/);
    assert.equal((preview.body.match(/<th scope="row">Testseminar om samskaping<\/th>/g) ?? []).length, 2);
    assert.equal((await registration(store, Number(r1.booker.registrationId))).name, 'Slett Meg', 'nothing yet');

    const done = await postAdminForm(t.app, owner, url, url, { action: 'confirm', email: 'slett.meg@example.no' });
    assert.equal(done.statusCode, 303);
    assert.match(String(done.headers.location), /done=erased&registrations=2&events=2/);
    assert.match(
      (await get(String(done.headers.location), owner)).body,
      /2 påmeldinger i 2 arrangementer er anonymisert/,
    );
    for (const r of [r1, r2]) {
      const row = await registration(store, Number(r.booker.registrationId));
      assert.equal(row.name, 'Slettet');
      assert.equal(row.email, null);
    }
    assert.equal((await registration(store, Number(r2.booker.registrationId))).status, 'cancelled');
    assert.equal((await registration(store, Number(waiting.booker.registrationId))).status, 'confirmed');
    assert.equal(
      (await registration(store, Number(r3.booker.registrationId))).name,
      'Slett Meg',
      'other org untouched',
    );
    const audit = await store.db
      .selectFrom('audit_log')
      .select('data_json')
      .where('action', '=', 'person.erased')
      .where('subject_id', '=', await orgId(store, org))
      .execute();
    assert.equal(audit.length, 2);
    assert.ok(audit.every((a) => !a.data_json.includes('slett')));

    const nothing = await postAdminForm(t.app, owner, url, url, { action: 'find', email: 'ingen@example.no' });
    assert.match(nothing.body, /Fant ingen påmeldinger/);
    const bad = await postAdminForm(t.app, owner, url, url, { action: 'find', email: 'ikke-en-adresse' });
    assert.equal(bad.statusCode, 422);
    assert.match(bad.body, /id="f-email-error"/);

    // The use case is idempotent too.
    const again = await erasePerson(
      deps,
      { organizationId: await orgId(store, org), email: 'slett.meg@example.no', actor: 'test' },
      NOW,
    );
    assert.equal(again.counts.registrations, 0);
  });

  test('the event page lists only opted-in confirmed registrants, and only when the organiser turns it on', async () => {
    const org = newOrg();
    const store = db().store;
    const slug = await addEvent(store, smallEvent({ organizationSlug: org, organizationName: 'Kommune', b: 1 }));
    const owner = await organiser(store, { org, role: 'organiser' });
    const deps = testDeps(store);
    await registerParticipants(
      deps,
      signUp(slug, 'synlig@example.no', {
        name: 'Synlig Deltaker',
        organization: 'Levanger kommune',
        publicListing: true,
        needs: 'Hemmelig behov',
        needsConsent: true,
      }),
      NOW,
    );
    await registerParticipants(deps, signUp(slug, 'skjult@example.no', { name: 'Skjult Deltaker' }), NOW);
    await registerParticipants(
      deps,
      signUp(slug, 'plass@example.no', { name: 'Har Plass', session: 'B', publicListing: true }),
      NOW,
    );
    await registerParticipants(
      deps,
      signUp(slug, 'venter.b@example.no', { name: 'Venter Listet', session: 'B', publicListing: true }),
      NOW,
    );
    // The event page is cached for a second (real time): wait past it after each change.
    const eventPage = async () => (await get(`/e/${slug}`)).body;
    {
      const off = await eventPage();
      assert.doesNotMatch(off, /Synlig Deltaker/);
      assert.doesNotMatch(off, /participants-title/);

      const overview = `/admin/events/${slug}`;
      assert.match((await get(overview, owner)).body, /Vis deltakerlisten på arrangementssiden/);
      const on = await postAdminForm(t.app, owner, overview, `${overview}/public-list`, { enabled: 'on' });
      assert.equal(on.statusCode, 303);
      assert.match(
        (await get(String(on.headers.location), owner)).body,
        /Deltakerlisten vises nå på arrangementssiden/,
      );
      await new Promise((resolve) => setTimeout(resolve, 1_100));
      const listed = await eventPage();
      assert.match(listed, /<span>Synlig Deltaker<\/span><span>, Levanger kommune<\/span>/);
      assert.match(listed, /Har Plass/);
      assert.doesNotMatch(listed, /Skjult Deltaker/, 'not opted in');
      assert.doesNotMatch(listed, /Venter Listet/, 'waitlisted, not confirmed');
      assert.doesNotMatch(listed, /synlig@example\.no|Hemmelig behov/, 'names and organisations only');

      const offAgain = await postAdminForm(t.app, owner, overview, `${overview}/public-list`, { enabled: 'off' });
      assert.equal(offAgain.statusCode, 303);
      await new Promise((resolve) => setTimeout(resolve, 1_100));
      assert.doesNotMatch(await eventPage(), /Synlig Deltaker/);
      const bad = await postAdminForm(t.app, owner, overview, `${overview}/public-list`, { enabled: 'kanskje' });
      assert.equal(bad.statusCode, 422);
    }
  });

  test('needs are hidden in the list and on the detail page until an organiser opens them, which is logged', async () => {
    const org = newOrg();
    const store = db().store;
    const slug = await addEvent(store, smallEvent({ organizationSlug: org, organizationName: 'Kommune' }));
    const owner = await organiser(store, { org, role: 'organiser' });
    const r = await registerParticipants(
      testDeps(store),
      signUp(slug, 'behov@example.no', { name: 'Med Behov', needs: 'Trenger teleslynge', needsConsent: true }),
      NOW,
    );
    assert.ok(r.ok);
    const id = Number(r.booker.registrationId);
    const list = await get(`/admin/events/${slug}/registrations`, owner);
    assert.doesNotMatch(list.body, /Trenger teleslynge/);
    assert.match(list.body, /Vis behov i tabellen/);
    const listOpen = await get(`/admin/events/${slug}/registrations?needs=1`, owner);
    assert.match(listOpen.body, /Trenger teleslynge/);

    const detailUrl = `/admin/events/${slug}/registrations/${id}`;
    const detail = await get(detailUrl, owner);
    assert.doesNotMatch(detail.body, /Trenger teleslynge/);
    assert.match(detail.body, /Vis behov for tilrettelegging/);
    const opened = await get(`${detailUrl}?needs=1`, owner);
    assert.match(opened.body, /Trenger teleslynge/);
    const viewed = await store.db
      .selectFrom('audit_log')
      .select(['subject_type', 'actor'])
      .where('action', '=', 'registration.needs_viewed')
      .where('event_id', '=', await eventId(slug))
      .execute();
    assert.deepEqual(viewed.map((v) => v.subject_type).sort(), ['event', 'registration']);

    // Saving the details without the needs shown keeps them.
    const saved = await postAdminForm(t.app, owner, detailUrl, `${detailUrl}/edit`, {
      name: 'Med Behov Endret',
      email: 'behov@example.no',
      organization: '',
      role: 'citizen',
      roleOther: '',
    });
    assert.equal(saved.statusCode, 303);
    const row = await registration(store, id);
    assert.equal(row.name, 'Med Behov Endret');
    assert.equal(row.needs, 'Trenger teleslynge');
  });

  test('the new admin routes: login required, other organisations 404, non-owners and facilitators 403', async () => {
    const org = newOrg();
    const store = db().store;
    const slug = await addEvent(store, smallEvent({ organizationSlug: org, organizationName: 'Kommune' }));
    const owner = await organiser(store, { org, role: 'owner' });
    const plain = await organiser(store, { org, role: 'organiser' });
    const facilitator = await organiser(store, { org, role: 'facilitator' });
    const stranger = await organiser(store, { org: newOrg(), role: 'owner' });
    const pages = [`/admin/organizations/${org}/privacy`, `/admin/organizations/${org}/erase`];

    for (const url of pages) {
      const anonymous = await get(url);
      assert.equal(anonymous.statusCode, 303, url);
      assert.match(String(anonymous.headers.location), /^\/admin\/login/);
      assert.equal((await get(url, stranger)).statusCode, 404, url);
      assert.equal((await get(url, plain)).statusCode, 403, url);
      assert.equal((await get(url, facilitator)).statusCode, 403, url);
      assert.equal((await get(url, owner)).statusCode, 200, url);
    }
    assert.equal((await get('/admin/organizations/finnes-ikke/privacy', owner)).statusCode, 404);
    const posted = await t.app.inject({
      method: 'POST',
      url: `/admin/organizations/${org}/privacy`,
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: formBody(noticeForm()),
    });
    assert.equal(posted.statusCode, 303);
    assert.match(String(posted.headers.location), /^\/admin\/login/);
    // A non-owner's post is refused before anything is written (CSRF token from their own page).
    const overview = `/admin/events/${slug}`;
    const byPlain = await postAdminForm(t.app, plain, overview, `/admin/organizations/${org}/privacy`, noticeForm());
    assert.equal(byPlain.statusCode, 403);
    const byStranger = await postAdminForm(t.app, stranger, '/admin/members', `/admin/organizations/${org}/erase`, {
      action: 'confirm',
      email: 'x@example.no',
    });
    assert.equal(byStranger.statusCode, 404);
    assert.equal(
      (
        await store.db
          .selectFrom('privacy_notices')
          .select('id')
          .where('organization_id', '=', await orgId(store, org))
          .execute()
      ).length,
      0,
    );

    // The public list toggle is for the event's organisers.
    const toggle = `${overview}/public-list`;
    const anonymousToggle = await t.app.inject({
      method: 'POST',
      url: toggle,
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: formBody({ enabled: 'on' }),
    });
    assert.equal(anonymousToggle.statusCode, 303);
    assert.equal((await postAdminForm(t.app, facilitator, overview, toggle, { enabled: 'on' })).statusCode, 403);
    assert.equal((await postAdminForm(t.app, stranger, '/admin/members', toggle, { enabled: 'on' })).statusCode, 404);
    const event = await store.db
      .selectFrom('events')
      .select('public_list')
      .where('slug', '=', slug)
      .executeTakeFirstOrThrow();
    assert.equal(event.public_list, 0);

    // The owner finds the privacy page from the members page.
    assert.match((await get('/admin/members', owner)).body, new RegExp(`href="/admin/organizations/${org}/privacy"`));
  });

  test('the demo organisation gets a privacy notice when the demo is seeded', async () => {
    const { seedDemo } = await import('../src/core/demo/seed-demo.ts');
    await seedDemo(db().store, NOW);
    await seedDemo(db().store, NOW);
    const page = await get('/personvern/demo');
    assert.equal(page.statusCode, 200);
    assert.match(page.body, /Nord universitet er behandlingsansvarlig/);
    assert.match(page.body, /personvern@example\.no/);
    assert.match(page.body, /Versjon 1,/);
    const demo = await get('/e/samskaping-levanger/register');
    assert.match(demo.body, /href="\/personvern\/demo" target="_blank"/);
  });
});
