import { cancelRegistrationByOrganiser } from '../registrations/admin/cancel-registration.ts';
import { normalizeEmail } from '../registrations/register-participants.ts';
import { recordAudit } from '../shared/audit.ts';
import type { DbDeps, Deps } from '../shared/deps.ts';
import { type AnonymisedCounts, anonymiseBooking, anonymiseRegistrations, clearMails } from './anonymise.ts';

export interface PersonInEvent {
  eventId: number;
  slug: string;
  title: string;
  startsAt: Date;
  /** Registrations with the address (not yet anonymised). */
  registrations: number;
  /** Bookings the person made (for themselves or others). */
  bookings: number;
}

/** Where an address appears in the organisation's own events: what erasePerson would anonymise. */
export async function findPersonInOrganization(
  deps: Pick<DbDeps, 'db'>,
  input: { organizationId: number; email: string },
): Promise<PersonInEvent[]> {
  const norm = normalizeEmail(input.email);
  const [registrations, bookings] = await Promise.all([
    deps.db
      .selectFrom('registrations')
      .innerJoin('events', 'events.id', 'registrations.event_id')
      .select(['events.id', 'events.slug', 'events.title', 'events.starts_at', 'registrations.id as registration_id'])
      .where('events.organization_id', '=', input.organizationId)
      .where('registrations.email_norm', '=', norm)
      .where('registrations.anonymised_at', 'is', null)
      .execute(),
    deps.db
      .selectFrom('bookings')
      .innerJoin('events', 'events.id', 'bookings.event_id')
      .select(['events.id', 'events.slug', 'events.title', 'events.starts_at', 'bookings.id as booking_id'])
      .where('events.organization_id', '=', input.organizationId)
      // Addresses are stored as typed; compare them as DESIGN.md says, case-insensitively.
      .where((eb) => eb(eb.fn('lower', [eb.fn('trim', ['bookings.booker_email'])]), '=', norm))
      .execute(),
  ]);
  const byEvent = new Map<number, PersonInEvent>();
  const entry = (r: { id: number; slug: string; title: string; starts_at: string }) => {
    let e = byEvent.get(r.id);
    if (!e) {
      e = {
        eventId: r.id,
        slug: r.slug,
        title: r.title,
        startsAt: new Date(r.starts_at),
        registrations: 0,
        bookings: 0,
      };
      byEvent.set(r.id, e);
    }
    return e;
  };
  for (const r of registrations) entry(r).registrations++;
  for (const b of bookings) entry(b).bookings++;
  return [...byEvent.values()].sort((a, b) => a.startsAt.getTime() - b.startsAt.getTime() || a.eventId - b.eventId);
}

/**
 * Erases a person on request across the organisation's own events: active registrations of
 * events that have not ended are cancelled first (their seats go to the waiting list), then every
 * registration with the address is anonymised, the bookings they made lose the booker's name and
 * address, and the mails to the address lose address and text. One audit row per event, without
 * the address.
 */
export async function erasePerson(
  deps: Deps,
  input: { organizationId: number; email: string; actor: string },
  now: Date,
): Promise<{ ok: true; events: number; counts: AnonymisedCounts; cancelled: number }> {
  const norm = normalizeEmail(input.email);
  const found = await findPersonInOrganization(deps, input);
  const totals: AnonymisedCounts = { registrations: 0, tokens: 0, mailsDeleted: 0, mailsCleared: 0, bookings: 0 };
  let cancelled = 0;
  for (const event of found) {
    const rows = await deps.db
      .selectFrom('registrations')
      .innerJoin('events', 'events.id', 'registrations.event_id')
      .select(['registrations.id', 'registrations.status', 'events.ends_at'])
      .where('registrations.event_id', '=', event.eventId)
      .where('registrations.email_norm', '=', norm)
      .where('registrations.anonymised_at', 'is', null)
      .execute();
    let cancelledHere = 0;
    for (const r of rows) {
      if (r.status === 'cancelled' || now.toISOString() > r.ends_at) continue;
      const result = await cancelRegistrationByOrganiser(
        deps,
        { eventId: event.eventId, registrationId: r.id, actor: input.actor },
        now,
      );
      if (result.ok) cancelledHere++;
    }
    cancelled += cancelledHere;
    await deps.adapter.transaction(deps.db, async (trx) => {
      const counts = await anonymiseRegistrations(
        trx,
        rows.map((r) => r.id),
        now,
      );
      const bookings = await trx
        .selectFrom('bookings')
        .select('id')
        .where('event_id', '=', event.eventId)
        .where('booker_email', '<>', '')
        .where((eb) => eb(eb.fn('lower', [eb.fn('trim', ['booker_email'])]), '=', norm))
        .execute();
      for (const b of bookings) await anonymiseBooking(trx, b.id);
      const pending = await trx
        .deleteFrom('outbox')
        .where('event_id', '=', event.eventId)
        .where('status', '=', 'pending')
        .where((eb) => eb(eb.fn('lower', [eb.fn('trim', ['to_address'])]), '=', norm))
        .executeTakeFirst();
      const cleared = await clearMails(trx, (eb) =>
        eb.and([eb('event_id', '=', event.eventId), eb(eb.fn('lower', [eb.fn('trim', ['to_address'])]), '=', norm)]),
      );
      // The sign-up e-mails they sent to the event's mailbox.
      await trx
        .deleteFrom('intake_messages')
        .where('event_id', '=', event.eventId)
        .where((eb) => eb(eb.fn('lower', ['from_email']), '=', norm))
        .execute();
      const here: AnonymisedCounts = {
        ...counts,
        bookings: counts.bookings + bookings.length,
        mailsDeleted: counts.mailsDeleted + Number(pending.numDeletedRows),
        mailsCleared: counts.mailsCleared + cleared,
      };
      for (const key of Object.keys(totals) as (keyof AnonymisedCounts)[]) totals[key] += here[key];
      await recordAudit(
        trx,
        {
          actor: input.actor,
          action: 'person.erased',
          eventId: event.eventId,
          subjectType: 'organization',
          subjectId: input.organizationId,
          data: { ...here, cancelled: cancelledHere },
        },
        now,
      );
    });
  }
  return { ok: true, events: found.length, counts: totals, cancelled };
}
