// The event editor (issue 4, item 2 and "Bad input"): create, copy, edit every part, validation,
// stale forms, capacity changes, extra questions on the sign-up form, preview and publishing.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { seedDemo } from '../src/core/demo/seed-demo.ts';
import { localParts } from '../src/core/events/event-times.ts';
import { getEventForEditing } from '../src/core/events/get-event-for-editing.ts';
import { registerParticipants } from '../src/core/registrations/register-participants.ts';
import type { Store } from '../src/db/connect.ts';
import { adminForm, organiser, postAdminForm, type TestOrganiser } from './support/admin.ts';
import { csrfFor, formBody, startApp, type TestApp } from './support/app.ts';
import { onEachDatabase } from './support/databases.ts';
import { addEvent, NOW, signUp, smallEvent, testDeps } from './support/fixtures.ts';

const TZ = 'Europe/Oslo';

async function eventRow(store: Store, slug: string) {
  return store.db.selectFrom('events').selectAll().where('slug', '=', slug).executeTakeFirstOrThrow();
}

async function editorData(store: Store, slug: string) {
  const row = await eventRow(store, slug);
  const data = await getEventForEditing(store.db, row.id);
  assert.ok(data);
  return data;
}

async function audit(store: Store, action: string, eventId?: number) {
  let q = store.db.selectFrom('audit_log').selectAll().where('action', '=', action);
  if (eventId !== undefined) q = q.where('event_id', '=', eventId);
  return q.execute();
}

type Data = Awaited<ReturnType<typeof editorData>>;

/** The fields an item's form posts, as the page renders them, with changes. */
function itemForm(data: Data, itemId: number, changes: Record<string, string> = {}) {
  const item = data.items.find((i) => i.id === itemId);
  assert.ok(item);
  const start = localParts(new Date(item.starts_at), TZ);
  const p = `i${itemId}`;
  const fields: Record<string, string> = {
    version: String(data.event.version),
    action: 'save',
    [`${p}.partId`]: String(item.part_id),
    [`${p}.date`]: start.date,
    [`${p}.startTime`]: start.time,
    [`${p}.endTime`]: localParts(new Date(item.ends_at), TZ).time,
    [`${p}.title`]: item.title,
    [`${p}.kind`]: item.kind,
    [`${p}.note`]: item.note,
    [`${p}.sessionId`]: item.session_id === null ? 'none' : String(item.session_id),
  };
  item.speakers.forEach((s, i) => {
    fields[`${p}.speakers.${i}.name`] = s.name;
    fields[`${p}.speakers.${i}.affiliation`] = s.affiliation;
  });
  for (const [k, v] of Object.entries(changes)) fields[k.startsWith('version') || k === 'action' ? k : `${p}.${k}`] = v;
  return fields;
}

function sessionForm(data: Data, code: string, changes: Record<string, string> = {}) {
  const s = data.sessions.find((x) => x.code === code);
  assert.ok(s);
  const p = `s${s.id}`;
  const fields: Record<string, string> = {
    version: String(data.event.version),
    action: 'save',
    [`${p}.code`]: s.code,
    [`${p}.title`]: s.title,
    [`${p}.description`]: s.description,
    [`${p}.facilitator`]: s.facilitator,
    [`${p}.partId`]: s.part_id === null ? 'none' : String(s.part_id),
    [`${p}.date`]: localParts(new Date(s.starts_at), TZ).date,
    [`${p}.startTime`]: localParts(new Date(s.starts_at), TZ).time,
    [`${p}.endTime`]: localParts(new Date(s.ends_at), TZ).time,
    [`${p}.capacity`]: s.capacity === null ? '' : String(s.capacity),
  };
  for (const [k, v] of Object.entries(changes)) fields[k === 'action' || k === 'version' ? k : `${p}.${k}`] = v;
  return { id: s.id, fields };
}

function detailsForm(data: Data, changes: Record<string, string> = {}) {
  const e = data.event;
  const start = localParts(new Date(e.starts_at), TZ);
  const end = localParts(new Date(e.ends_at), TZ);
  const closes = localParts(new Date(e.registration_closes_at), TZ);
  const fields: Record<string, string> = {
    version: String(e.version),
    action: 'save',
    title: e.title,
    slug: e.slug,
    summary: e.summary,
    descriptionMd: e.description_md,
    startDate: start.date,
    startTime: start.time,
    endDate: end.date,
    endTime: end.time,
    venueName: e.venue_name,
    venueRoom: e.venue_room,
    venueAddress: e.venue_address,
    audience: e.audience,
    contactEmail: e.contact_email,
    closesDate: closes.date,
    closesTime: closes.time,
    capacity: e.capacity === null ? '' : String(e.capacity),
    ...(e.is_free ? { isFree: 'on' } : {}),
    ...(e.is_open ? { isOpen: 'on' } : {}),
    ...(e.allow_no_session ? { allowNoSession: 'on' } : {}),
  };
  return { ...fields, ...changes };
}

/** The text of the field error beside the field `name`. */
function errorBeside(html: string, name: string): string | undefined {
  const id = `f-${name.replace(/[^A-Za-z0-9]+/g, '-')}-error`;
  const match = new RegExp(`id="${id}"[^>]*>[\\s\\S]*?<span>([^<]*)</span>`).exec(html);
  return match?.[1];
}

onEachDatabase('admin event editor', (db) => {
  let t: TestApp;
  let mailQueued = 0;
  before(async () => {
    t = await startApp(db().store, { now: () => NOW, onMailQueued: () => mailQueued++ });
  });
  after(async () => t.close());

  const get = (url: string, who?: TestOrganiser) =>
    t.app.inject({ method: 'GET', url, headers: who ? { cookie: who.cookie } : {} });

  test('an organiser creates an event from scratch; it starts unpublished with the standard roles', async () => {
    const store = db().store;
    const who = await organiser(store);
    const page = await get('/admin/events/new', who);
    assert.equal(page.statusCode, 200);
    assert.match(page.body, /Nytt arrangement/);
    const slug = `nytt-${Math.random().toString(36).slice(2, 8)}`;
    const res = await postAdminForm(t.app, who, '/admin/events/new', '/admin/events/new', {
      title: 'Frokostmøte om samskaping',
      slug,
      date: '2030-12-03',
      startTime: '08:00',
      endDate: '',
      endTime: '10:00',
      closesDate: '2030-12-01',
      venueName: 'Rådhuset',
      contactEmail: 'post@kommune.no',
    });
    assert.equal(res.statusCode, 303);
    assert.equal(res.headers.location, `/admin/events/${slug}/edit?ok=created`);
    const row = await eventRow(store, slug);
    assert.equal(row.published, 0);
    assert.equal(row.starts_at, '2030-12-03T07:00:00.000Z');
    assert.equal(row.ends_at, '2030-12-03T09:00:00.000Z');
    assert.equal(row.registration_closes_at, '2030-12-01T22:59:00.000Z', 'a closing date means 23:59 Oslo time');
    const data = await editorData(store, slug);
    assert.equal(data.roles.length, 7);
    assert.equal((await audit(store, 'event.created', row.id)).length, 1);
    const edit = await get(`/admin/events/${slug}/edit?ok=created`, who);
    assert.equal(edit.statusCode, 200);
    assert.match(edit.body, /Arrangementet er laget/);
  });

  test('someone in several organisations must choose one; bad input is refused beside the fields', async () => {
    const store = db().store;
    const who = await organiser(store);
    const email = who.email;
    await organiser(store, { org: `annen-${Math.random().toString(36).slice(2, 6)}`, email: `x${email}` });
    // The same person in a second organisation: add a membership directly.
    const other = await store.db
      .insertInto('organizations')
      .values({
        slug: `org2-${Math.random().toString(36).slice(2, 6)}`,
        name: 'Andre organisasjon',
        created_at: NOW.toISOString(),
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await store.db
      .insertInto('memberships')
      .values({ organization_id: other.id, user_id: who.userId, role: 'organiser', created_at: NOW.toISOString() })
      .execute();
    const page = await get('/admin/events/new', who);
    assert.match(page.body, /<select id="f-organizationId"/);
    const before = await store.db
      .selectFrom('events')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    const res = await postAdminForm(t.app, who, '/admin/events/new', '/admin/events/new', {
      organizationId: '',
      title: 'x'.repeat(300),
      slug: 'Ikke Gyldig',
      date: '2030-12-03',
      startTime: '10:00',
      endTime: '09:00',
      closesDate: '2030-13-01',
      venueName: 'Rådhuset',
      contactEmail: 'ikke-en-adresse',
    });
    assert.equal(res.statusCode, 422);
    assert.equal(errorBeside(res.body, 'organizationId'), 'Velg et av alternativene.');
    assert.equal(errorBeside(res.body, 'title'), 'Teksten kan være høyst 200 tegn.');
    assert.match(errorBeside(res.body, 'slug') ?? '', /små bokstaver/);
    assert.match(errorBeside(res.body, 'closesDate') ?? '', /dato/);
    assert.match(errorBeside(res.body, 'contactEmail') ?? '', /gyldig e-postadresse/);
    const after = await store.db
      .selectFrom('events')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    assert.equal(Number(after.n), Number(before.n), 'nothing written');

    const times = await postAdminForm(t.app, who, '/admin/events/new', '/admin/events/new', {
      organizationId: String(other.id),
      title: 'Tider',
      slug: `tider-${Math.random().toString(36).slice(2, 8)}`,
      date: '2030-12-03',
      startTime: '10:00',
      endTime: '09:00',
      closesDate: '2030-12-04',
      venueName: 'Rådhuset',
      contactEmail: 'post@kommune.no',
    });
    assert.equal(times.statusCode, 422);
    assert.equal(errorBeside(times.body, 'endTime'), 'Sluttidspunktet må være etter starttidspunktet.');
    assert.equal(
      errorBeside(times.body, 'closesDate'),
      'Påmeldingsfristen kan ikke være etter at arrangementet starter.',
    );
  });

  test('copying the 2019 seminar brings the whole programme to the new date at the same clock times', async () => {
    const store = db().store;
    await seedDemo(store, NOW);
    const who = await organiser(store, { org: 'demo' });
    const form = await get('/admin/events/samskaping-levanger-2019/copy', who);
    assert.equal(form.statusCode, 200);
    assert.match(form.body, /value="samskaping-levanger-2020"/, 'suggests next year in the slug');
    assert.match(form.body, /value="2020-11-10"/, 'suggests the same weekday a year later');

    const res = await postAdminForm(
      t.app,
      who,
      '/admin/events/samskaping-levanger-2019/copy',
      '/admin/events/samskaping-levanger-2019/copy',
      { title: 'Samskaping 2020', slug: 'samskaping-levanger-2020', startDate: '2020-11-10' },
    );
    assert.equal(res.statusCode, 303);
    assert.match(String(res.headers.location), /^\/admin\/events\/samskaping-levanger-2020\/edit\?ok=copied&days=364/);

    const source = await editorData(store, 'samskaping-levanger-2019');
    const copy = await editorData(store, 'samskaping-levanger-2020');
    const e = copy.event;
    assert.equal(e.title, 'Samskaping 2020');
    assert.equal(e.published, 0);
    assert.equal(e.seats_taken, 0);
    assert.equal(e.waitlist_seq, 0);
    assert.equal(e.copied_from_event_id, source.event.id);
    assert.equal(e.capacity, 150);
    assert.equal(e.starts_at, '2020-11-10T08:00:00.000Z');
    assert.equal(e.ends_at, '2020-11-10T14:30:00.000Z');
    assert.equal(e.registration_closes_at, '2020-10-30T22:59:00.000Z');
    assert.deepEqual(
      copy.parts.map((p) => [p.label, p.title, p.facilitators]),
      source.parts.map((p) => [p.label, p.title, p.facilitators]),
    );
    assert.equal(copy.items.length, source.items.length);
    assert.deepEqual(
      copy.items.map((i) => [localParts(new Date(i.starts_at), TZ).time, i.title, i.speakers.map((s) => s.name)]),
      source.items.map((i) => [localParts(new Date(i.starts_at), TZ).time, i.title, i.speakers.map((s) => s.name)]),
    );
    assert.ok(copy.items.every((i) => i.starts_at.startsWith('2020-11-10')));
    assert.deepEqual(
      copy.sessions.map((s) => [s.code, s.capacity, s.facilitator, s.seats_taken, s.waitlist_length, s.starts_at]),
      [
        ['2A', 80, 'Anne Romsås (KS)', 0, 0, '2020-11-10T12:00:00.000Z'],
        ['2B', 40, 'Jacob Torfing (RUC/Nord universitet)', 0, 0, '2020-11-10T12:00:00.000Z'],
      ],
    );
    assert.ok(
      copy.sessions.every((s) => copy.parts.some((p) => p.id === s.part_id)),
      'sessions keep their part',
    );
    assert.deepEqual(
      copy.roles.map((r) => r.code),
      source.roles.map((r) => r.code),
    );
    assert.deepEqual(
      copy.parties.map((p) => p.name),
      source.parties.map((p) => p.name),
    );
    assert.deepEqual(
      copy.links.map((l) => l.url),
      source.links.map((l) => l.url),
    );
    const registrations = await store.db
      .selectFrom('registrations')
      .select('id')
      .where('event_id', '=', e.id)
      .execute();
    assert.equal(registrations.length, 0);
    const copied = await audit(store, 'event.copied', e.id);
    assert.equal(copied.length, 1);
    assert.match(copied[0]?.data_json ?? '', /samskaping-levanger-2019/);

    // Into summer time: 09:00 stays 09:00 on the wall clock (07:00 UTC instead of 08:00).
    const summer = await postAdminForm(
      t.app,
      who,
      '/admin/events/samskaping-levanger-2019/copy',
      '/admin/events/samskaping-levanger-2019/copy',
      { title: 'Sommerseminar', slug: 'samskaping-sommer', startDate: '2021-06-08' },
    );
    assert.equal(summer.statusCode, 303);
    const s = await eventRow(store, 'samskaping-sommer');
    assert.equal(s.starts_at, '2021-06-08T07:00:00.000Z');

    const taken = await postAdminForm(
      t.app,
      who,
      '/admin/events/samskaping-levanger-2019/copy',
      '/admin/events/samskaping-levanger-2019/copy',
      { title: 'Igjen', slug: 'samskaping-levanger-2020', startDate: '2022-11-08' },
    );
    assert.equal(taken.statusCode, 422);
    assert.match(errorBeside(taken.body, 'slug') ?? '', /allerede i bruk/);
  });

  test('a changed speaker name and session capacity show on the public page', async () => {
    const store = db().store;
    const who = await organiser(store);
    const slug = await addEvent(store, smallEvent());
    let data = await editorData(store, slug);
    const item = data.items[0];
    assert.ok(item);
    const page = await get(`/admin/events/${slug}/edit/programme`, who);
    assert.equal(page.statusCode, 200);
    assert.match(page.body, /Kari Nordmann/);
    const res = await postAdminForm(
      t.app,
      who,
      `/admin/events/${slug}/edit/programme`,
      `/admin/events/${slug}/edit/items/${item.id}`,
      itemForm(data, item.id, {
        'speakers.0.name': 'Kari Nordkvinne',
        'speakers.1.name': 'Per Hansen',
        'speakers.1.affiliation': 'NTNU',
      }),
    );
    assert.equal(res.statusCode, 303, res.body.slice(0, 500));
    assert.equal(res.headers.location, `/admin/events/${slug}/edit/programme?ok=saved#i${item.id}`);
    data = await editorData(store, slug);
    const { id, fields } = sessionForm(data, 'A', { capacity: '35' });
    const cap = await postAdminForm(
      t.app,
      who,
      `/admin/events/${slug}/edit/sessions`,
      `/admin/events/${slug}/edit/sessions/${id}`,
      fields,
    );
    assert.equal(cap.statusCode, 303);
    const after = await editorData(store, slug);
    assert.equal(after.event.version, data.event.version + 1);
    assert.equal(after.event.updated_at, NOW.toISOString());
    const pub = await get(`/e/${slug}`);
    assert.match(pub.body, /Kari Nordkvinne/);
    assert.match(pub.body, /Per Hansen/);
    assert.match(pub.body, /35 plasser igjen/);
    assert.equal((await audit(store, 'programme.item_updated', after.event.id)).length, 1);
    const capacityAudit = await audit(store, 'session.capacity_changed', after.event.id);
    assert.equal(capacityAudit.length, 1);
    assert.deepEqual(JSON.parse(capacityAudit[0]?.data_json ?? '{}'), { code: 'A', from: 20, to: 35 });

    // Speaker order by buttons: move the second speaker up.
    const reordered = await postAdminForm(
      t.app,
      who,
      `/admin/events/${slug}/edit/programme`,
      `/admin/events/${slug}/edit/items/${item.id}`,
      itemForm(after, item.id, { action: 'speaker-up:1' }),
    );
    assert.equal(reordered.statusCode, 303);
    const final = await editorData(store, slug);
    assert.deepEqual(
      final.items[0]?.speakers.map((s) => s.name),
      ['Per Hansen', 'Kari Nordkvinne'],
    );
  });

  test('a form rendered before a colleague saved is refused and shows the saved values', async () => {
    const store = db().store;
    const who = await organiser(store);
    const colleague = await organiser(store);
    const slug = await addEvent(store, smallEvent());
    const old = await editorData(store, slug);
    const first = await postAdminForm(
      t.app,
      colleague,
      `/admin/events/${slug}/edit`,
      `/admin/events/${slug}/edit`,
      detailsForm(old, { title: 'Kollegaens tittel' }),
    );
    assert.equal(first.statusCode, 303);
    const stale = await postAdminForm(
      t.app,
      who,
      `/admin/events/${slug}/edit`,
      `/admin/events/${slug}/edit`,
      detailsForm(old, { title: 'Min tittel' }),
    );
    assert.equal(stale.statusCode, 409);
    assert.match(stale.body, /Noen andre har lagret endringer/);
    assert.match(stale.body, /value="Kollegaens tittel"/);
    assert.doesNotMatch(stale.body, /Min tittel/);
    const row = await eventRow(store, slug);
    assert.equal(row.title, 'Kollegaens tittel');
    assert.equal(row.version, old.event.version + 1);

    // Row forms too.
    const item = old.items[0];
    assert.ok(item);
    const staleItem = await postAdminForm(
      t.app,
      who,
      `/admin/events/${slug}/edit/programme`,
      `/admin/events/${slug}/edit/items/${item.id}`,
      itemForm(old, item.id, { title: 'Gammel' }),
    );
    assert.equal(staleItem.statusCode, 409);
    assert.equal((await editorData(store, slug)).items[0]?.title, 'Innledning');
  });

  test('invalid times, codes, capacities, lengths and addresses are refused with messages beside the fields', async () => {
    const store = db().store;
    const who = await organiser(store);
    const slug = await addEvent(store, smallEvent());
    const data = await editorData(store, slug);
    const item = data.items[0];
    assert.ok(item);
    const programme = `/admin/events/${slug}/edit/programme`;
    const itemUrl = `/admin/events/${slug}/edit/items/${item.id}`;

    const backwards = await postAdminForm(
      t.app,
      who,
      programme,
      itemUrl,
      itemForm(data, item.id, { startTime: '10:00', endTime: '09:30' }),
    );
    assert.equal(backwards.statusCode, 422);
    assert.equal(errorBeside(backwards.body, `i${item.id}.endTime`), 'Sluttidspunktet må være etter starttidspunktet.');
    assert.match(backwards.body, /<details open/, 'the refused item is open');

    const outside = await postAdminForm(
      t.app,
      who,
      programme,
      itemUrl,
      itemForm(data, item.id, { startTime: '07:00', endTime: '08:00' }),
    );
    assert.equal(outside.statusCode, 422);
    assert.equal(
      errorBeside(outside.body, `i${item.id}.startTime`),
      'Tidspunktet må ligge innenfor arrangementets start og slutt.',
    );

    const longName = await postAdminForm(
      t.app,
      who,
      programme,
      itemUrl,
      itemForm(data, item.id, { 'speakers.0.name': 'N'.repeat(5000) }),
    );
    assert.equal(longName.statusCode, 422);
    assert.equal(errorBeside(longName.body, `i${item.id}.speakers.0.name`), 'Teksten kan være høyst 200 tegn.');

    const details = `/admin/events/${slug}/edit`;
    const late = await postAdminForm(t.app, who, details, details, detailsForm(data, { closesDate: '2030-11-13' }));
    assert.equal(late.statusCode, 422);
    assert.equal(
      errorBeside(late.body, 'closesDate'),
      'Påmeldingsfristen kan ikke være etter at arrangementet starter.',
    );
    const opens = await postAdminForm(t.app, who, details, details, detailsForm(data, { opensDate: '2030-11-05' }));
    assert.equal(errorBeside(opens.body, 'opensDate'), 'Påmeldingen må åpne før fristen.');
    const bad = await postAdminForm(
      t.app,
      who,
      details,
      details,
      detailsForm(data, { capacity: '-1', contactEmail: 'ikke@', startTime: '25:00' }),
    );
    assert.equal(bad.statusCode, 422);
    assert.match(errorBeside(bad.body, 'capacity') ?? '', /helt tall/);
    assert.match(errorBeside(bad.body, 'contactEmail') ?? '', /gyldig e-postadresse/);
    assert.match(errorBeside(bad.body, 'startTime') ?? '', /klokkeslett/);
    const fraction = await postAdminForm(t.app, who, details, details, detailsForm(data, { capacity: '2.5' }));
    assert.match(errorBeside(fraction.body, 'capacity') ?? '', /helt tall/);
    const moved = await postAdminForm(
      t.app,
      who,
      details,
      details,
      detailsForm(data, { startDate: '2030-11-13', endDate: '2030-11-13' }),
    );
    assert.equal(moved.statusCode, 422);
    assert.match(errorBeside(moved.body, 'startDate') ?? '', /utenfor de nye tidspunktene/);

    const other = await addEvent(store, smallEvent());
    const slugTaken = await postAdminForm(t.app, who, details, details, detailsForm(data, { slug: other }));
    assert.match(errorBeside(slugTaken.body, 'slug') ?? '', /allerede i bruk/);

    const { id, fields } = sessionForm(data, 'B', { code: 'A' });
    const sessions = `/admin/events/${slug}/edit/sessions`;
    const dup = await postAdminForm(t.app, who, sessions, `${sessions}/${id}`, fields);
    assert.equal(dup.statusCode, 422);
    assert.match(errorBeside(dup.body, `s${id}.code`) ?? '', /allerede i bruk/);
    const late2 = sessionForm(data, 'B', { endTime: '16:00' });
    const sessionOutside = await postAdminForm(t.app, who, sessions, `${sessions}/${late2.id}`, late2.fields);
    assert.equal(
      errorBeside(sessionOutside.body, `s${late2.id}.endTime`),
      'Tidspunktet må ligge innenfor arrangementets start og slutt.',
    );

    const parties = `/admin/events/${slug}/edit/parties`;
    const badUrl = await postAdminForm(t.app, who, parties, `/admin/events/${slug}/edit/links`, {
      version: String(data.event.version),
      'lnew.label': 'Lenke',
      'lnew.url': 'javascript:alert(1)',
    });
    assert.equal(badUrl.statusCode, 422);
    assert.match(errorBeside(badUrl.body, 'lnew.url') ?? '', /https:\/\//);

    const unchanged = await editorData(store, slug);
    assert.equal(unchanged.event.version, data.event.version, 'nothing was written');
    assert.equal(unchanged.items[0]?.speakers[0]?.name, 'Kari Nordmann');
  });

  test('HTML typed into a speaker name is stored as text and shown escaped', async () => {
    const store = db().store;
    const who = await organiser(store);
    const slug = await addEvent(store, smallEvent());
    const data = await editorData(store, slug);
    const item = data.items[0];
    assert.ok(item);
    const res = await postAdminForm(
      t.app,
      who,
      `/admin/events/${slug}/edit/programme`,
      `/admin/events/${slug}/edit/items/${item.id}`,
      itemForm(data, item.id, { 'speakers.0.name': '<script>alert(1)</script>' }),
    );
    assert.equal(res.statusCode, 303);
    assert.equal((await editorData(store, slug)).items[0]?.speakers[0]?.name, '<script>alert(1)</script>');
    const pub = await get(`/e/${slug}`);
    assert.doesNotMatch(pub.body, /<script>alert/);
    assert.match(pub.body, /&lt;script>alert\(1\)&lt;\/script>/);
    const editor = await get(`/admin/events/${slug}/edit/programme`, who);
    assert.doesNotMatch(editor.body, /<script>alert/);
  });

  test('raising a session capacity confirms the first on its waiting list; lowering below seats taken is refused', async () => {
    const store = db().store;
    const who = await organiser(store);
    const slug = await addEvent(store, smallEvent({ b: 1 }));
    const deps = testDeps(store);
    const first = await registerParticipants(deps, signUp(slug, 'en@example.no', { session: 'B' }), NOW);
    const second = await registerParticipants(deps, signUp(slug, 'to@example.no', { session: 'B' }), NOW);
    assert.ok(first.ok && second.ok);
    assert.equal(second.booker.status, 'waitlisted');
    const data = await editorData(store, slug);
    const sessions = `/admin/events/${slug}/edit/sessions`;

    const lower = sessionForm(data, 'B', { capacity: '0' });
    const refused = await postAdminForm(t.app, who, sessions, `${sessions}/${lower.id}`, lower.fields);
    assert.equal(refused.statusCode, 422);
    assert.match(
      errorBeside(refused.body, `s${lower.id}.capacity`) ?? '',
      /lavere enn antall plasser som allerede er tatt/,
    );

    const queued = mailQueued;
    const raise = sessionForm(data, 'B', { capacity: '2' });
    const res = await postAdminForm(t.app, who, sessions, `${sessions}/${raise.id}`, raise.fields);
    assert.equal(res.statusCode, 303);
    assert.match(String(res.headers.location), /ok=saved&promoted=1/);
    assert.ok(mailQueued > queued, 'the mail worker is told');
    const reg = await store.db
      .selectFrom('registrations')
      .select(['status'])
      .where('id', '=', second.booker.registrationId as number)
      .executeTakeFirstOrThrow();
    assert.equal(reg.status, 'confirmed');
    const after = await editorData(store, slug);
    const b = after.sessions.find((s) => s.code === 'B');
    assert.equal(b?.seats_taken, 2);
    assert.equal(b?.waitlist_length, 0);
    const mail = await store.db
      .selectFrom('outbox')
      .select('subject')
      .where('to_address', '=', 'to@example.no')
      .where('kind', '=', 'registration.promoted')
      .execute();
    assert.equal(mail.length, 1);
    const notice = await get(String(res.headers.location).split('#')[0] as string, who);
    assert.match(notice.body, /1 person på ventelisten har fått plass/);

    // A session with registrations cannot be deleted.
    const del = await postAdminForm(t.app, who, sessions, `${sessions}/${raise.id}`, {
      version: String(after.event.version),
      action: 'delete',
    });
    assert.equal(del.statusCode, 409);
    assert.match(del.body, /har påmeldinger/);
    assert.equal((await editorData(store, slug)).sessions.length, 2);
  });

  test('raising the event capacity confirms people waiting for a seat in the event', async () => {
    const store = db().store;
    const who = await organiser(store);
    const slug = await addEvent(store, smallEvent({ capacity: 1 }));
    const deps = testDeps(store);
    await registerParticipants(deps, signUp(slug, 'a@example.no', { session: 'A' }), NOW);
    const waiting = await registerParticipants(deps, signUp(slug, 'b@example.no', { session: 'A' }), NOW);
    assert.ok(waiting.ok);
    assert.equal(waiting.booker.status, 'waitlisted');
    const data = await editorData(store, slug);
    const res = await postAdminForm(
      t.app,
      who,
      `/admin/events/${slug}/edit`,
      `/admin/events/${slug}/edit`,
      detailsForm(data, { capacity: '' }),
    );
    assert.equal(res.statusCode, 303);
    const reg = await store.db
      .selectFrom('registrations')
      .select('status')
      .where('id', '=', waiting.booker.registrationId as number)
      .executeTakeFirstOrThrow();
    assert.equal(reg.status, 'confirmed');
    assert.equal((await audit(store, 'event.capacity_changed', data.event.id)).length, 1);
  });

  test('extra questions appear on the sign-up form; a required one is enforced and answers are stored', async () => {
    const store = db().store;
    const who = await organiser(store);
    const slug = await addEvent(store, smallEvent());
    const questions = `/admin/events/${slug}/edit/questions`;
    let data = await editorData(store, slug);
    const add1 = await postAdminForm(t.app, who, questions, questions, {
      version: String(data.event.version),
      'qnew.label': 'Hvilken kommune kommer du fra?',
      'qnew.hint': '',
      'qnew.kind': 'text',
      'qnew.options': '',
      'qnew.required': 'on',
    });
    assert.equal(add1.statusCode, 303);
    data = await editorData(store, slug);
    const noOptions = await postAdminForm(t.app, who, questions, questions, {
      version: String(data.event.version),
      'qnew.label': 'Hva vil du snakke om?',
      'qnew.kind': 'checkboxes',
      'qnew.options': '',
    });
    assert.equal(noOptions.statusCode, 422);
    assert.match(errorBeside(noOptions.body, 'qnew.options') ?? '', /minst ett svaralternativ/);
    const add2 = await postAdminForm(t.app, who, questions, questions, {
      version: String(data.event.version),
      'qnew.label': 'Hva vil du snakke om?',
      'qnew.kind': 'checkboxes',
      'qnew.options': 'Helse\nSkole\nKlima',
    });
    assert.equal(add2.statusCode, 303);
    data = await editorData(store, slug);
    const [text, boxes] = data.questions;
    assert.ok(text && boxes);
    assert.deepEqual(boxes.options, ['Helse', 'Skole', 'Klima']);

    const form = await get(`/e/${slug}/register`);
    assert.match(form.body, /Hvilken kommune kommer du fra\?/);
    assert.match(form.body, new RegExp(`name="answers.${boxes.id}" value="Skole"`));

    const base = {
      name: 'Ola Deltaker',
      email: 'ola.deltaker@example.no',
      role: 'citizen',
      session: 'A',
      consent: 'on',
    };
    const { token, cookie } = await csrfFor(t.app, `/e/${slug}/register`);
    const missing = await t.app.inject({
      method: 'POST',
      url: `/e/${slug}/register`,
      headers: { cookie, 'content-type': 'application/x-www-form-urlencoded' },
      payload: formBody({ _csrf: token, ...base }),
    });
    assert.equal(missing.statusCode, 422);
    assert.equal(errorBeside(missing.body, `answers.${text.id}`), 'Svar på dette spørsmålet.');
    assert.match(missing.body, new RegExp(`href="#f-answers-${text.id}"`), 'listed in the error summary');

    const params = new URLSearchParams({ _csrf: token, ...base, [`answers.${text.id}`]: 'Levanger' });
    params.append(`answers.${boxes.id}`, 'Helse');
    params.append(`answers.${boxes.id}`, 'Klima');
    const ok = await t.app.inject({
      method: 'POST',
      url: `/e/${slug}/register`,
      headers: { cookie, 'content-type': 'application/x-www-form-urlencoded' },
      payload: params.toString(),
    });
    assert.equal(ok.statusCode, 303, ok.body.slice(0, 300));
    const stored = await store.db
      .selectFrom('registrations')
      .select('answers_json')
      .where('email_norm', '=', 'ola.deltaker@example.no')
      .executeTakeFirstOrThrow();
    assert.deepEqual(JSON.parse(stored.answers_json), { [text.id]: 'Levanger', [boxes.id]: ['Helse', 'Klima'] });
    const mine = await get(String(ok.headers.location));
    assert.match(mine.body, /Hvilken kommune kommer du fra\?<\/dt><dd>Levanger<\/dd>/, 'shown on the personal page');
    assert.match(mine.body, /Helse, Klima/);

    // The API takes answers keyed by question id too, and enforces required ones.
    const apiMissing = await t.app.inject({
      method: 'POST',
      url: `/api/v1/events/${slug}/registrations`,
      payload: { name: 'Kari API', email: 'kari.api@example.no', role: 'citizen', session: 'A', consent: true },
    });
    assert.equal(apiMissing.statusCode, 422);
    assert.equal(apiMissing.json().error.fields[`answers.${text.id}`], 'Svar på dette spørsmålet.');
    const apiBad = await t.app.inject({
      method: 'POST',
      url: `/api/v1/events/${slug}/registrations`,
      payload: {
        name: 'Kari API',
        email: 'kari.api@example.no',
        role: 'citizen',
        session: 'A',
        consent: true,
        answers: { [text.id]: 'Verdal', [boxes.id]: ['Ukjent'] },
      },
    });
    assert.equal(apiBad.statusCode, 422);
    assert.equal(apiBad.json().error.fields[`answers.${boxes.id}`], 'Velg blant alternativene som vises.');
    const apiOk = await t.app.inject({
      method: 'POST',
      url: `/api/v1/events/${slug}/registrations`,
      payload: {
        name: 'Kari API',
        email: 'kari.api@example.no',
        role: 'citizen',
        session: 'A',
        consent: true,
        answers: { [text.id]: 'Verdal' },
      },
    });
    assert.equal(apiOk.statusCode, 201);
    const apiStored = await store.db
      .selectFrom('registrations')
      .select('answers_json')
      .where('email_norm', '=', 'kari.api@example.no')
      .executeTakeFirstOrThrow();
    assert.deepEqual(JSON.parse(apiStored.answers_json), { [text.id]: 'Verdal' });
    const eventJson = await t.app.inject({ method: 'GET', url: `/api/v1/events/${slug}` });
    assert.equal(eventJson.json().questions.length, 2);
  });

  test('preview shows an unpublished event; publish and unpublish are audit-logged', async () => {
    const store = db().store;
    const who = await organiser(store);
    const slug = await addEvent(store, smallEvent({ published: false }));
    assert.equal((await get(`/e/${slug}`)).statusCode, 404);
    const preview = await get(`/admin/events/${slug}/preview`, who);
    assert.equal(preview.statusCode, 200);
    assert.match(preview.body, /Forhåndsvisning – arrangementet er ikke publisert/);
    assert.match(preview.body, /Testseminar om samskaping/);
    assert.match(preview.body, /<meta name="robots" content="noindex">/);

    let data = await editorData(store, slug);
    const pub = await postAdminForm(t.app, who, `/admin/events/${slug}/edit`, `/admin/events/${slug}/publish`, {
      version: String(data.event.version),
    });
    assert.equal(pub.statusCode, 303);
    assert.equal(pub.headers.location, `/admin/events/${slug}/edit?ok=published`);
    assert.equal((await eventRow(store, slug)).published, 1);
    assert.equal((await get(`/e/${slug}`)).statusCode, 200);
    data = await editorData(store, slug);
    const unpub = await postAdminForm(t.app, who, `/admin/events/${slug}/edit`, `/admin/events/${slug}/unpublish`, {
      version: String(data.event.version),
    });
    assert.equal(unpub.statusCode, 303);
    assert.equal((await eventRow(store, slug)).published, 0);
    assert.equal((await audit(store, 'event.published', data.event.id)).length, 1);
    assert.equal((await audit(store, 'event.unpublished', data.event.id)).length, 1);
  });

  test('parts, roles, organisers and links are added, renamed, reordered and removed', async () => {
    const store = db().store;
    const who = await organiser(store);
    const slug = await addEvent(store, smallEvent());
    const base = `/admin/events/${slug}/edit`;
    let data = await editorData(store, slug);
    const v = () => String(data.event.version);
    const refresh = async () => {
      data = await editorData(store, slug);
    };

    assert.equal(
      (
        await postAdminForm(t.app, who, `${base}/programme`, `${base}/parts`, {
          version: v(),
          'pnew.label': 'DEL 3',
          'pnew.title': 'Avslutning',
        })
      ).statusCode,
      303,
    );
    await refresh();
    const part3 = data.parts.find((p) => p.label === 'DEL 3');
    assert.ok(part3);
    const up = await postAdminForm(t.app, who, `${base}/programme`, `${base}/parts/${part3.id}`, {
      version: v(),
      action: 'up',
    });
    assert.equal(up.statusCode, 303);
    await refresh();
    assert.deepEqual(
      data.parts.map((p) => p.label),
      ['DEL 1', 'DEL 3', 'DEL 2'],
    );
    const newItem = await postAdminForm(t.app, who, `${base}/programme`, `${base}/items`, {
      version: v(),
      [`inew${part3.id}.partId`]: String(part3.id),
      [`inew${part3.id}.date`]: '2030-11-12',
      [`inew${part3.id}.startTime`]: '15:00',
      [`inew${part3.id}.endTime`]: '15:30',
      [`inew${part3.id}.title`]: 'Oppsummering',
      [`inew${part3.id}.kind`]: 'plenary',
      [`inew${part3.id}.sessionId`]: 'none',
      [`inew${part3.id}.speakers.0.name`]: 'Ola Nordmann',
      [`inew${part3.id}.speakers.0.affiliation`]: 'Levanger kommune',
    });
    assert.equal(newItem.statusCode, 303);
    assert.equal((await audit(store, 'programme.item_added', data.event.id)).length, 1);
    await refresh();
    const removePart = await postAdminForm(t.app, who, `${base}/programme`, `${base}/parts/${part3.id}`, {
      version: v(),
      action: 'delete',
    });
    assert.equal(removePart.statusCode, 303);
    await refresh();
    assert.equal(data.parts.length, 2);
    assert.ok(!data.items.some((i) => i.title === 'Oppsummering'), 'its items went with it');
    const part2 = data.parts.find((p) => p.label === 'DEL 2');
    assert.ok(part2);
    const keepPart = await postAdminForm(t.app, who, `${base}/programme`, `${base}/parts/${part2.id}`, {
      version: v(),
      action: 'delete',
    });
    assert.equal(keepPart.statusCode, 409, 'a part with sessions stays');
    assert.match(keepPart.body, /Flytt eller slett sesjonene først/);

    const role = await postAdminForm(t.app, who, `${base}/roles`, `${base}/roles`, {
      version: v(),
      'rnew.code': 'ungdom',
      'rnew.label': '',
    });
    assert.equal(role.statusCode, 422);
    assert.match(errorBeside(role.body, 'rnew.label') ?? '', /Skriv et navn/);
    const role2 = await postAdminForm(t.app, who, `${base}/roles`, `${base}/roles`, {
      version: v(),
      'rnew.code': 'ungdom',
      'rnew.label': 'Ungdomsrådet',
    });
    assert.equal(role2.statusCode, 303);
    await refresh();
    const dupRole = await postAdminForm(t.app, who, `${base}/roles`, `${base}/roles`, {
      version: v(),
      'rnew.code': 'ungdom',
      'rnew.label': 'Igjen',
    });
    assert.match(errorBeside(dupRole.body, 'rnew.code') ?? '', /allerede i bruk/);
    const politician = data.roles.find((r) => r.code === 'politician');
    assert.ok(politician);
    const rename = await postAdminForm(t.app, who, `${base}/roles`, `${base}/roles/${politician.id}`, {
      version: v(),
      [`r${politician.id}.label`]: 'Folkevalgt',
    });
    assert.equal(rename.statusCode, 303);

    await refresh();
    const party = await postAdminForm(t.app, who, `${base}/parties`, `${base}/parties`, {
      version: v(),
      'onew.kind': 'partner',
      'onew.name': 'KS',
      'onew.url': 'https://www.ks.no',
    });
    assert.equal(party.statusCode, 303);
    await refresh();
    const link = await postAdminForm(t.app, who, `${base}/parties`, `${base}/links`, {
      version: v(),
      'lnew.label': 'Program (PDF)',
      'lnew.url': 'https://example.no/program.pdf',
    });
    assert.equal(link.statusCode, 303);
    const pub = await get(`/e/${slug}`);
    assert.match(pub.body, /href="https:\/\/www.ks.no"/);
    assert.match(pub.body, /Program \(PDF\)/);
    const form = await get(`/e/${slug}/register`);
    assert.match(form.body, /Folkevalgt/);
    assert.match(form.body, /Ungdomsrådet/);
  });

  test('odd or crafted posts get a clear answer, never a server error', async () => {
    const store = db().store;
    const who = await organiser(store);
    const slug = await addEvent(store, smallEvent());
    const data = await editorData(store, slug);
    const base = `/admin/events/${slug}/edit`;
    const v = String(data.event.version);
    const cases: [string, Record<string, string | string[]>, number][] = [
      [`${base}/items/999999`, { version: v, 'i999999.title': 'x' }, 422],
      [`${base}/items/999999`, { version: v, action: 'delete' }, 404],
      [`${base}/items`, { version: v, 'inew.title': 'x' }, 404],
      [`${base}/sessions/abc`, { version: v }, 404],
      [`${base}/questions`, { version: v, 'qnew.label': 'Spørsmål', 'qnew.kind': 'bogus' }, 422],
      [`${base}/questions`, { version: v, 'qnew.label': ['a', 'b'], 'qnew.kind': 'text' }, 303],
      [base, { version: 'abc', title: 'x' }, 409],
      [base, { version: v, title: ['a', 'b'], startDate: ['x'] }, 422],
      [`${base}/roles`, { version: v, 'rnew.code': 'Not Valid!' }, 422],
      [`/admin/events/${slug}/publish`, {}, 409],
    ];
    for (const [url, fields, status] of cases) {
      const res = await postAdminForm(t.app, who, base, url, fields);
      assert.equal(res.statusCode, status, `${url} ${JSON.stringify(fields)}`);
    }
  });

  test('every editor route: login required, other organisations see nothing, facilitators are refused', async () => {
    const store = db().store;
    const slug = await addEvent(store, smallEvent());
    const stranger = await organiser(store, { org: `fremmed-${Math.random().toString(36).slice(2, 6)}` });
    const facilitator = await organiser(store, { role: 'facilitator' });
    const data = await editorData(store, slug);
    const base = `/admin/events/${slug}`;
    const gets = [
      `${base}/edit`,
      `${base}/edit/programme`,
      `${base}/edit/sessions`,
      `${base}/edit/roles`,
      `${base}/edit/questions`,
      `${base}/edit/parties`,
      `${base}/preview`,
      `${base}/copy`,
    ];
    const item = data.items[0];
    const posts = [
      `${base}/edit`,
      `${base}/publish`,
      `${base}/unpublish`,
      `${base}/copy`,
      `${base}/edit/parts`,
      `${base}/edit/parts/${data.parts[0]?.id}`,
      `${base}/edit/items`,
      `${base}/edit/items/${item?.id}`,
      `${base}/edit/sessions`,
      `${base}/edit/sessions/${data.sessions[0]?.id}`,
      `${base}/edit/roles`,
      `${base}/edit/roles/${data.roles[0]?.id}`,
      `${base}/edit/questions`,
      `${base}/edit/parties`,
      `${base}/edit/parties/${data.parties[0]?.id}`,
      `${base}/edit/links`,
    ];
    for (const url of gets) {
      const anon = await get(url);
      assert.equal(anon.statusCode, 303, url);
      assert.match(String(anon.headers.location), /^\/admin\/login/);
      assert.equal((await get(url, stranger)).statusCode, 404, url);
      assert.equal((await get(url, facilitator)).statusCode, 403, url);
    }
    const anonNew = await get('/admin/events/new');
    assert.equal(anonNew.statusCode, 303);
    assert.equal((await get('/admin/events/new', facilitator)).statusCode, 403);

    const strangerForm = await adminForm(t.app, '/admin', stranger);
    const facilitatorForm = await adminForm(t.app, '/admin', facilitator);
    const post = (url: string, form: { token: string; cookie: string } | null) =>
      t.app.inject({
        method: 'POST',
        url,
        headers: { ...(form ? { cookie: form.cookie } : {}), 'content-type': 'application/x-www-form-urlencoded' },
        payload: formBody({
          ...(form ? { _csrf: form.token } : {}),
          version: String(data.event.version),
          action: 'delete',
        }),
      });
    for (const url of posts) {
      const anon = await post(url, null);
      assert.equal(anon.statusCode, 303, url);
      assert.match(String(anon.headers.location), /^\/admin\/login/);
      assert.equal((await post(url, strangerForm)).statusCode, 404, url);
      assert.equal((await post(url, facilitatorForm)).statusCode, 403, url);
    }
    assert.equal((await post('/admin/events/new', facilitatorForm)).statusCode, 403);
    const after = await editorData(store, slug);
    assert.equal(after.event.version, data.event.version, 'nothing changed');
    assert.equal(after.parts.length, data.parts.length);
  });
});
