import type { Db } from '../../db/adapter.ts';
import type { ItemKind } from './roles.ts';
import { loadEventTranslations } from './translations.ts';
import { type EventDetails, type ParallelSession, seatsLeft } from './types.ts';

/** Loads a published event with its programme, sessions and roles; null when there is none. */
export async function getEvent(db: Db, slug: string, options: { includeUnpublished?: boolean } = {}) {
  let query = db.selectFrom('events').selectAll().where('slug', '=', slug);
  if (!options.includeUnpublished) query = query.where('published', '=', 1);
  const row = await query.executeTakeFirst();
  if (!row) return null;

  const [parties, links, roles, parts, sessionRows, items, questions, organization, translations] = await Promise.all([
    db.selectFrom('event_parties').selectAll().where('event_id', '=', row.id).orderBy('position').execute(),
    db.selectFrom('event_links').selectAll().where('event_id', '=', row.id).orderBy('position').execute(),
    db.selectFrom('event_roles').selectAll().where('event_id', '=', row.id).orderBy('position').execute(),
    db.selectFrom('programme_parts').selectAll().where('event_id', '=', row.id).orderBy('position').execute(),
    db.selectFrom('sessions').selectAll().where('event_id', '=', row.id).orderBy('position').execute(),
    db
      .selectFrom('programme_items')
      .innerJoin('programme_parts', 'programme_parts.id', 'programme_items.part_id')
      .selectAll('programme_items')
      .where('programme_parts.event_id', '=', row.id)
      .orderBy('programme_items.starts_at')
      .orderBy('programme_items.position')
      .execute(),
    db.selectFrom('event_questions').selectAll().where('event_id', '=', row.id).orderBy('position').execute(),
    // The owner's slug and current privacy notice version (saving a notice touches the events,
    // so the cached definition below follows it).
    db
      .selectFrom('organizations')
      .select((eb) => [
        'organizations.slug',
        eb
          .selectFrom('privacy_notices')
          .select((sub) => sub.fn.max('privacy_notices.version').as('v'))
          .whereRef('privacy_notices.organization_id', '=', 'organizations.id')
          .as('privacy_version'),
      ])
      .where('organizations.id', '=', row.organization_id)
      .executeTakeFirst(),
    loadEventTranslations(db, row.id),
  ]);
  const itemIds = items.map((i) => i.id);
  const speakers =
    itemIds.length === 0
      ? []
      : await db.selectFrom('item_speakers').selectAll().where('item_id', 'in', itemIds).orderBy('position').execute();

  const eventSeatsLeft = seatsLeft(row.capacity, row.seats_taken);
  const sessions: (ParallelSession & { partId: number | null })[] = sessionRows.map((s) => {
    const own = seatsLeft(s.capacity, s.seats_taken);
    const left = own === null ? eventSeatsLeft : eventSeatsLeft === null ? own : Math.min(own, eventSeatsLeft);
    return {
      id: s.id,
      partId: s.part_id,
      code: s.code,
      title: s.title,
      description: s.description,
      facilitator: s.facilitator,
      startsAt: new Date(s.starts_at),
      endsAt: new Date(s.ends_at),
      capacity: s.capacity,
      seatsTaken: s.seats_taken,
      waitlistLength: s.waitlist_length,
      seatsLeft: left,
    };
  });
  const sessionCodeById = new Map(sessions.map((s) => [s.id, s.code]));

  const event: EventDetails = {
    id: row.id,
    organizationId: row.organization_id,
    slug: row.slug,
    mainLang: row.main_lang,
    title: row.title,
    summary: row.summary,
    descriptionMd: row.description_md,
    startsAt: new Date(row.starts_at),
    endsAt: new Date(row.ends_at),
    timeZone: row.time_zone,
    venueName: row.venue_name,
    venueRoom: row.venue_room,
    venueAddress: row.venue_address,
    audience: row.audience,
    isFree: row.is_free === 1,
    isOpen: row.is_open === 1,
    contactEmail: row.contact_email,
    registrationOpensAt: row.registration_opens_at ? new Date(row.registration_opens_at) : null,
    registrationClosesAt: new Date(row.registration_closes_at),
    capacity: row.capacity,
    seatsTaken: row.seats_taken,
    seatsLeft: eventSeatsLeft,
    noSessionWaitlistLength: row.no_session_waitlist_length,
    allowNoSession: row.allow_no_session === 1,
    published: row.published === 1,
    organisers: parties.filter((p) => p.kind === 'organiser').map((p) => ({ name: p.name, url: p.url })),
    partners: parties.filter((p) => p.kind === 'partner').map((p) => ({ name: p.name, url: p.url })),
    links: links.map((l) => ({ label: l.label, url: l.url })),
    roles: roles.map((r) => ({ code: r.code, label: r.label, asksText: r.asks_text === 1 })),
    questions: questions.map((q) => ({
      id: q.id,
      kind: q.kind,
      label: q.label,
      hint: q.hint,
      options: parseOptions(q.options_json),
      required: q.required === 1,
    })),
    parts: parts.map((p) => ({
      id: p.id,
      label: p.label,
      title: p.title,
      facilitators: p.facilitators,
      items: items
        .filter((i) => i.part_id === p.id)
        .map((i) => ({
          id: i.id,
          startsAt: new Date(i.starts_at),
          endsAt: new Date(i.ends_at),
          title: i.title,
          kind: i.kind as ItemKind,
          note: i.note,
          sessionCode: i.session_id === null ? null : (sessionCodeById.get(i.session_id) ?? null),
          speakers: speakers
            .filter((s) => s.item_id === i.id)
            .map((s) => ({ name: s.name, affiliation: s.affiliation })),
        })),
      sessions: sessions.filter((s) => s.partId === p.id),
    })),
    sessions,
    updatedAt: new Date(row.updated_at),
    cancelledAt: row.cancelled_at ? new Date(row.cancelled_at) : null,
    calendarSequence: row.calendar_sequence,
    organizationSlug: organization?.slug ?? '',
    privacyVersion:
      organization?.privacy_version === null || organization?.privacy_version === undefined
        ? null
        : Number(organization.privacy_version),
    publicList: row.public_list === 1,
    translations,
  };
  return event;
}

/** A question's stored options (a JSON list of strings); anything unreadable counts as none. */
export function parseOptions(json: string): string[] {
  try {
    const value: unknown = JSON.parse(json);
    return Array.isArray(value) ? value.filter((o): o is string => typeof o === 'string') : [];
  } catch {
    return [];
  }
}

const definitions = new WeakMap<Db, Map<string, { updatedAt: string; event: EventDetails }>>();

/**
 * A published event for deciding on a sign-up: like getEvent, but kept between calls while the
 * event's updated_at stays the same (one small query instead of seven). Every change to an
 * event, its programme, sessions or roles must touch events.updated_at. The seat counters in
 * the result can be stale: seats are decided only from the counters read inside the capacity
 * transaction.
 */
export async function getEventDefinition(db: Db, slug: string): Promise<EventDetails | null> {
  const head = await db
    .selectFrom('events')
    .select(['updated_at', 'version'])
    .where('slug', '=', slug)
    .where('published', '=', 1)
    .executeTakeFirst();
  if (!head) return null;
  // The version too: two edits within one millisecond (or under a fixed test clock) share an
  // updated_at, never a version.
  const key = `${head.updated_at}|${head.version}`;
  let cache = definitions.get(db);
  if (!cache) {
    cache = new Map();
    definitions.set(db, cache);
  }
  const hit = cache.get(slug);
  if (hit && hit.updatedAt === key) return hit.event;
  const event = await getEvent(db, slug);
  if (event) {
    if (cache.size >= 1000) cache.clear();
    cache.set(slug, { updatedAt: key, event });
  }
  return event;
}
