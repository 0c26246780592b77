import { recordAudit } from '../../shared/audit.ts';
import type { Deps } from '../../shared/deps.ts';
import { fail, type Result } from '../../shared/result.ts';
import { promoteWaitlisted, releasePlace } from '../places.ts';
import { registrationOfEvent } from './choices.ts';

/**
 * Cancels a registration as an organiser (at any time): the person is told by e-mail, and the seat
 * goes to the first on the waiting list who can take it, who is told too.
 */
export async function cancelRegistrationByOrganiser(
  deps: Deps,
  input: { eventId: number; registrationId: number; actor: string },
  now: Date,
): Promise<Result<{ promoted: number[] }>> {
  return deps.adapter.capacityTransaction(deps.db, input.eventId, async (trx) => {
    const registration = await registrationOfEvent(trx, input.eventId, input.registrationId);
    if (!registration) return fail('not_found');
    if (registration.status === 'cancelled') return fail('already_cancelled');
    await releasePlace(trx, registration);
    const at = now.toISOString();
    await trx
      .updateTable('registrations')
      .set({ status: 'cancelled', waitlist_seq: null, cancelled_at: at, updated_at: at })
      .where('id', '=', registration.id)
      .execute();
    await recordAudit(
      trx,
      {
        actor: input.actor,
        action: 'registration.cancelled',
        eventId: input.eventId,
        subjectType: 'registration',
        subjectId: registration.id,
        data: { previousStatus: registration.status, byOrganiser: true },
      },
      now,
    );
    await deps.notifier.enqueue(trx, { kind: 'registration.cancelled', registrationId: registration.id }, now);
    const promoted = await promoteWaitlisted(trx, deps.notifier, input.eventId, 'system', now);
    return { ok: true as const, promoted };
  });
}
