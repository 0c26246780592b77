import { recordAudit } from '../shared/audit.ts';
import type { Deps } from '../shared/deps.ts';
import { DEFAULT_ROLE_CODES, type ItemKind, OTHER_ROLE } from './roles.ts';

export interface EventDraft {
  organizationSlug: string;
  organizationName: string;
  slug: string;
  mainLang?: string;
  title: string;
  summary: string;
  descriptionMd: string;
  startsAt: Date;
  endsAt: Date;
  timeZone?: string;
  venueName: string;
  venueRoom: string;
  venueAddress: string;
  audience: string;
  isFree: boolean;
  isOpen: boolean;
  contactEmail: string;
  registrationOpensAt: Date | null;
  registrationClosesAt: Date;
  capacity: number | null;
  allowNoSession: boolean;
  published: boolean;
  organisers: { name: string; url?: string }[];
  partners: { name: string; url?: string }[];
  links: { label: string; url: string }[];
  /** Defaults to DESIGN.md's role codes. */
  roles?: { code: string; label?: string; asksText?: boolean }[];
  parts: {
    label: string;
    title: string;
    facilitators: string;
    items: {
      startsAt: Date;
      endsAt: Date;
      title: string;
      kind: ItemKind;
      note?: string;
      speakers?: { name: string; affiliation: string }[];
      sessionCode?: string;
    }[];
    sessions?: {
      code: string;
      title: string;
      description: string;
      facilitator: string;
      startsAt: Date;
      endsAt: Date;
      capacity: number | null;
    }[];
  }[];
}

/** Creates an event with its whole programme in one transaction; returns its id. */
export async function createEvent(deps: Pick<Deps, 'db' | 'adapter'>, draft: EventDraft, actor: string, now: Date) {
  const at = now.toISOString();
  return deps.adapter.transaction(deps.db, async (trx) => {
    let org = await trx
      .selectFrom('organizations')
      .select('id')
      .where('slug', '=', draft.organizationSlug)
      .executeTakeFirst();
    if (!org) {
      org = await trx
        .insertInto('organizations')
        .values({ slug: draft.organizationSlug, name: draft.organizationName, created_at: at })
        .returning('id')
        .executeTakeFirstOrThrow();
    }
    const event = await trx
      .insertInto('events')
      .values({
        organization_id: org.id,
        slug: draft.slug,
        main_lang: draft.mainLang ?? 'nb',
        title: draft.title,
        summary: draft.summary,
        description_md: draft.descriptionMd,
        starts_at: draft.startsAt.toISOString(),
        ends_at: draft.endsAt.toISOString(),
        time_zone: draft.timeZone ?? 'Europe/Oslo',
        venue_name: draft.venueName,
        venue_room: draft.venueRoom,
        venue_address: draft.venueAddress,
        audience: draft.audience,
        is_free: draft.isFree ? 1 : 0,
        is_open: draft.isOpen ? 1 : 0,
        contact_email: draft.contactEmail,
        registration_opens_at: draft.registrationOpensAt?.toISOString() ?? null,
        registration_closes_at: draft.registrationClosesAt.toISOString(),
        capacity: draft.capacity,
        allow_no_session: draft.allowNoSession ? 1 : 0,
        published: draft.published ? 1 : 0,
        created_at: at,
        updated_at: at,
      })
      .returning('id')
      .executeTakeFirstOrThrow();

    const parties = [
      ...draft.organisers.map((p) => ({ ...p, kind: 'organiser' })),
      ...draft.partners.map((p) => ({ ...p, kind: 'partner' })),
    ];
    if (parties.length > 0) {
      await trx
        .insertInto('event_parties')
        .values(
          parties.map((p, i) => ({ event_id: event.id, kind: p.kind, name: p.name, url: p.url ?? null, position: i })),
        )
        .execute();
    }
    if (draft.links.length > 0) {
      await trx
        .insertInto('event_links')
        .values(draft.links.map((l, i) => ({ event_id: event.id, label: l.label, url: l.url, position: i })))
        .execute();
    }
    const roles = draft.roles ?? DEFAULT_ROLE_CODES.map((code) => ({ code }));
    await trx
      .insertInto('event_roles')
      .values(
        roles.map((r, i) => ({
          event_id: event.id,
          code: r.code,
          label: 'label' in r ? (r.label ?? null) : null,
          asks_text: ('asksText' in r ? r.asksText : r.code === OTHER_ROLE) ? 1 : 0,
          position: i,
        })),
      )
      .execute();

    let sessionPosition = 0;
    for (const [partIndex, part] of draft.parts.entries()) {
      const partRow = await trx
        .insertInto('programme_parts')
        .values({
          event_id: event.id,
          position: partIndex,
          label: part.label,
          title: part.title,
          facilitators: part.facilitators,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      const sessionIds = new Map<string, number>();
      for (const session of part.sessions ?? []) {
        const row = await trx
          .insertInto('sessions')
          .values({
            event_id: event.id,
            part_id: partRow.id,
            code: session.code,
            title: session.title,
            description: session.description,
            facilitator: session.facilitator,
            starts_at: session.startsAt.toISOString(),
            ends_at: session.endsAt.toISOString(),
            capacity: session.capacity,
            position: sessionPosition++,
          })
          .returning('id')
          .executeTakeFirstOrThrow();
        sessionIds.set(session.code, row.id);
      }
      for (const [itemIndex, item] of part.items.entries()) {
        const itemRow = await trx
          .insertInto('programme_items')
          .values({
            part_id: partRow.id,
            session_id: item.sessionCode ? (sessionIds.get(item.sessionCode) ?? null) : null,
            position: itemIndex,
            starts_at: item.startsAt.toISOString(),
            ends_at: item.endsAt.toISOString(),
            title: item.title,
            kind: item.kind,
            note: item.note ?? '',
          })
          .returning('id')
          .executeTakeFirstOrThrow();
        const speakers = item.speakers ?? [];
        if (speakers.length > 0) {
          await trx
            .insertInto('item_speakers')
            .values(
              speakers.map((s, i) => ({ item_id: itemRow.id, position: i, name: s.name, affiliation: s.affiliation })),
            )
            .execute();
        }
      }
    }
    await recordAudit(
      trx,
      {
        actor,
        action: 'event.created',
        eventId: event.id,
        subjectType: 'event',
        subjectId: event.id,
        data: { slug: draft.slug },
      },
      now,
    );
    return event.id;
  });
}
