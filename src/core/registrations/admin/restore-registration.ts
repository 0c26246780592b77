import { recordAudit } from '../../shared/audit.ts';
import type { Deps } from '../../shared/deps.ts';
import { fail, type Result } from '../../shared/result.ts';
import { takePlace } from '../places.ts';
import { issueLink } from '../tokens.ts';
import { emailTaken, registrationOfEvent, sessionCode } from './choices.ts';

/**
 * Restores a cancelled registration: a seat in its session when there is one, else a place at
 * the end of its waiting list. Refused when the address has signed up again meanwhile.
 */
export async function restoreRegistration(
  deps: Deps,
  input: { eventId: number; registrationId: number; actor: string },
  now: Date,
): Promise<Result<{ status: 'confirmed' | 'waitlisted'; waitlistPosition: number | null }>> {
  return deps.adapter.capacityTransaction(deps.db, input.eventId, async (trx) => {
    const registration = await registrationOfEvent(trx, input.eventId, input.registrationId);
    if (!registration) return fail('not_found');
    if (registration.status !== 'cancelled') return fail('conflict');
    if (registration.email_norm && (await emailTaken(trx, input.eventId, registration.email_norm, registration.id)))
      return fail('conflict', { email: 'email_taken' });
    const placement = await takePlace(trx, input.eventId, registration.session_id);
    await trx
      .updateTable('registrations')
      .set({
        status: placement.status,
        waitlist_seq: placement.waitlistSeq,
        cancelled_at: null,
        updated_at: now.toISOString(),
      })
      .where('id', '=', registration.id)
      .execute();
    await recordAudit(
      trx,
      {
        actor: input.actor,
        action: 'registration.restored',
        eventId: input.eventId,
        subjectType: 'registration',
        subjectId: registration.id,
        data: {
          session: await sessionCode(trx, registration.session_id),
          status: placement.status,
          waitlistPosition: placement.waitlistPosition,
        },
      },
      now,
    );
    await deps.notifier.enqueue(
      trx,
      { kind: 'registration.changed', link: await issueLink(trx, registration.id, now) },
      now,
    );
    return { ok: true as const, status: placement.status, waitlistPosition: placement.waitlistPosition };
  });
}
