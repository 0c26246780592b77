import { promoteWaitlisted } from '../registrations/places.ts';
import { recordAudit } from '../shared/audit.ts';
import type { Deps } from '../shared/deps.ts';
import type { FieldProblem } from '../shared/result.ts';
import { changes, type EditTarget, editEvent, invalid } from './event-edit.ts';
import { daysBetween, localParts, shiftIso } from './event-times.ts';

/** Everything about an event that is not its programme, roles or questions. */
export interface EventFields {
  title: string;
  slug: string;
  summary: string;
  descriptionMd: string;
  startsAt: Date;
  endsAt: Date;
  venueName: string;
  venueRoom: string;
  venueAddress: string;
  audience: string;
  isFree: boolean;
  isOpen: boolean;
  contactEmail: string;
  registrationOpensAt: Date | null;
  registrationClosesAt: Date;
  /** null: unlimited. */
  capacity: number | null;
  allowNoSession: boolean;
}

/** Problems with an event's own times, keyed by EventFields names. */
export function eventTimeProblems(
  f: Pick<EventFields, 'startsAt' | 'endsAt' | 'registrationOpensAt' | 'registrationClosesAt'>,
): Record<string, FieldProblem> {
  const fields: Record<string, FieldProblem> = {};
  if (f.endsAt <= f.startsAt) fields.endsAt = 'ends_before_start';
  if (f.registrationClosesAt > f.startsAt) fields.registrationClosesAt = 'deadline_after_start';
  if (f.registrationOpensAt && f.registrationOpensAt >= f.registrationClosesAt)
    fields.registrationOpensAt = 'opens_after_closes';
  return fields;
}

/**
 * Saves an event's details. Raising (or removing) the capacity confirms people from the waiting
 * list; lowering it below the seats already taken is refused. With `moveProgramme`, a new start
 * date moves every programme item and session by the same number of days, at the same clock
 * times.
 */
export async function updateEvent(
  deps: Deps,
  input: EditTarget & { fields: EventFields; moveProgramme: boolean },
  now: Date,
) {
  const f = input.fields;
  return editEvent(deps, input, now, async (trx, before) => {
    const fields = eventTimeProblems(f);
    if (f.slug !== before.slug) {
      const taken = await trx.selectFrom('events').select('id').where('slug', '=', f.slug).executeTakeFirst();
      if (taken) fields.slug = 'slug_taken';
    }
    if (f.capacity !== null && f.capacity < before.seats_taken) fields.capacity = 'below_seats_taken';
    if (Object.keys(fields).length > 0) return invalid(fields);

    const tz = before.time_zone;
    const days = input.moveProgramme
      ? daysBetween(localParts(new Date(before.starts_at), tz).date, localParts(f.startsAt, tz).date)
      : 0;
    const sessions = await trx
      .selectFrom('sessions')
      .select(['id', 'starts_at', 'ends_at'])
      .where('event_id', '=', input.eventId)
      .execute();
    const items = await trx
      .selectFrom('programme_items')
      .innerJoin('programme_parts', 'programme_parts.id', 'programme_items.part_id')
      .select(['programme_items.id', 'programme_items.starts_at', 'programme_items.ends_at'])
      .where('programme_parts.event_id', '=', input.eventId)
      .execute();
    const moved = (rows: { id: number; starts_at: string; ends_at: string }[]) =>
      rows.map((r) => ({
        id: r.id,
        starts_at: shiftIso(r.starts_at, days, tz),
        ends_at: shiftIso(r.ends_at, days, tz),
      }));
    const newSessions = moved(sessions);
    const newItems = moved(items);
    const start = f.startsAt.toISOString();
    const end = f.endsAt.toISOString();
    const all = [...newSessions, ...newItems];
    if (all.some((r) => r.starts_at < start)) fields.startsAt = 'programme_outside';
    if (all.some((r) => r.ends_at > end)) fields.endsAt = 'programme_outside';
    if (Object.keys(fields).length > 0) return invalid(fields);
    if (days !== 0) {
      for (const s of newSessions)
        await trx
          .updateTable('sessions')
          .set({ starts_at: s.starts_at, ends_at: s.ends_at })
          .where('id', '=', s.id)
          .execute();
      for (const i of newItems)
        await trx
          .updateTable('programme_items')
          .set({ starts_at: i.starts_at, ends_at: i.ends_at })
          .where('id', '=', i.id)
          .execute();
    }

    const after = {
      title: f.title,
      slug: f.slug,
      summary: f.summary,
      description_md: f.descriptionMd,
      starts_at: start,
      ends_at: end,
      venue_name: f.venueName,
      venue_room: f.venueRoom,
      venue_address: f.venueAddress,
      audience: f.audience,
      is_free: f.isFree ? 1 : 0,
      is_open: f.isOpen ? 1 : 0,
      contact_email: f.contactEmail,
      registration_opens_at: f.registrationOpensAt?.toISOString() ?? null,
      registration_closes_at: f.registrationClosesAt.toISOString(),
      capacity: f.capacity,
      allow_no_session: f.allowNoSession ? 1 : 0,
    };
    const changed = changes(before, after);
    await trx.updateTable('events').set(after).where('id', '=', input.eventId).execute();
    await recordAudit(
      trx,
      {
        actor: input.actor,
        action: 'event.updated',
        eventId: input.eventId,
        subjectType: 'event',
        subjectId: input.eventId,
        data: { changes: changed, ...(days !== 0 ? { programmeMovedDays: days } : {}) },
      },
      now,
    );
    let promoted: number[] = [];
    if (changed.capacity) {
      await recordAudit(
        trx,
        {
          actor: input.actor,
          action: 'event.capacity_changed',
          eventId: input.eventId,
          subjectType: 'event',
          subjectId: input.eventId,
          data: changed.capacity,
        },
        now,
      );
      promoted = await promoteWaitlisted(trx, deps.notifier, input.eventId, input.actor, now);
    }
    return { promoted, slug: f.slug };
  });
}
