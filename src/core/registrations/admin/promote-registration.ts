import { recordAudit } from '../../shared/audit.ts';
import type { Deps } from '../../shared/deps.ts';
import { fail, type Result } from '../../shared/result.ts';
import { releasePlace, seatFree, takeSeatRegardless } from '../places.ts';
import { issueLink } from '../tokens.ts';
import { registrationOfEvent } from './choices.ts';

/**
 * Gives a waitlisted person a seat now, ahead of anyone before them. When the session or the event
 * is full this needs the organiser's explicit confirmation (`overCapacity`), else over_capacity.
 */
export async function promoteRegistration(
  deps: Deps,
  input: { eventId: number; registrationId: number; overCapacity: boolean; actor: string },
  now: Date,
): Promise<Result<object>> {
  return deps.adapter.capacityTransaction(deps.db, input.eventId, async (trx) => {
    const registration = await registrationOfEvent(trx, input.eventId, input.registrationId);
    if (!registration) return fail('not_found');
    if (registration.status !== 'waitlisted') return fail('conflict');
    const free = await seatFree(trx, input.eventId, registration.session_id);
    if (!free && !input.overCapacity) return fail('over_capacity');
    await releasePlace(trx, registration);
    await takeSeatRegardless(trx, input.eventId, registration.session_id);
    await trx
      .updateTable('registrations')
      .set({ status: 'confirmed', waitlist_seq: null, updated_at: now.toISOString() })
      .where('id', '=', registration.id)
      .execute();
    await recordAudit(
      trx,
      {
        actor: input.actor,
        action: 'registration.promoted',
        eventId: input.eventId,
        subjectType: 'registration',
        subjectId: registration.id,
        data: { byOrganiser: true, ...(free ? {} : { overCapacity: true }) },
      },
      now,
    );
    await deps.notifier.enqueue(
      trx,
      { kind: 'registration.promoted', link: await issueLink(trx, registration.id, now) },
      now,
    );
    return { ok: true as const };
  });
}
