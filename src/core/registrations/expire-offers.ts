import { recordAudit } from '../shared/audit.ts';
import type { Deps } from '../shared/deps.ts';
import { promoteWaitlisted, releasePlace } from './places.ts';

/**
 * Ends the seat offers nobody answered in time: the registrant leaves the waiting list (and is
 * told), and the seat is offered to the next person. Safe to run from several processes: each
 * offer is re-checked inside its event's capacity transaction. Returns the ids that expired.
 */
export async function expireOffers(deps: Deps, now: Date): Promise<number[]> {
  const at = now.toISOString();
  const due = await deps.db
    .selectFrom('registrations')
    .select(['id', 'event_id'])
    .where('status', '=', 'waitlisted')
    .where('offer_expires_at', '<=', at)
    .orderBy('offer_expires_at')
    .limit(500)
    .execute();
  const expired: number[] = [];
  for (const { id, event_id: eventId } of due) {
    const done = await deps.adapter.capacityTransaction(deps.db, eventId, async (trx) => {
      const registration = await trx
        .selectFrom('registrations')
        .select(['id', 'event_id', 'session_id', 'status', 'offer_expires_at'])
        .where('id', '=', id)
        .executeTakeFirstOrThrow();
      if (registration.status !== 'waitlisted' || !registration.offer_expires_at || registration.offer_expires_at > at)
        return false;
      await releasePlace(trx, registration);
      await trx
        .updateTable('registrations')
        .set({ status: 'cancelled', waitlist_seq: null, cancelled_at: at, updated_at: at })
        .where('id', '=', id)
        .execute();
      await recordAudit(
        trx,
        {
          actor: 'system',
          action: 'registration.offer_expired',
          eventId,
          subjectType: 'registration',
          subjectId: id,
          data: { offerExpiredAt: registration.offer_expires_at },
        },
        now,
      );
      await deps.notifier.enqueue(trx, { kind: 'registration.offer_expired', registrationId: id }, now);
      await promoteWaitlisted(trx, deps.notifier, eventId, 'system', now);
      return true;
    });
    if (done) expired.push(id);
  }
  return expired;
}
