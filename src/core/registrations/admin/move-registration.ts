import { recordAudit } from '../../shared/audit.ts';
import type { Deps } from '../../shared/deps.ts';
import { fail, type Result } from '../../shared/result.ts';
import { promoteWaitlisted, releasePlace, takePlace, takeSeatRegardless } from '../places.ts';
import { issueLink } from '../tokens.ts';
import { checkChoice, registrationOfEvent, sessionCode } from './choices.ts';

export interface MoveRegistrationInput {
  eventId: number;
  registrationId: number;
  /** A session code, or null for "only the shared programme". */
  session: string | null;
  /** The organiser confirmed a seat even when the session or the event is full. */
  overCapacity: boolean;
  actor: string;
}

/**
 * Moves a registration to another session as an organiser (at any time): a seat when there is one
 * (or when the organiser confirmed going over capacity), else that session's waiting list. The
 * place given up goes to the next in line.
 */
export async function moveRegistration(
  deps: Deps,
  input: MoveRegistrationInput,
  now: Date,
): Promise<
  Result<{ status: 'confirmed' | 'waitlisted' | 'unchanged'; waitlistPosition: number | null; promoted: number[] }>
> {
  const choice = await checkChoice(deps.db, input.eventId, { session: input.session });
  if (choice.fields.session) return fail('invalid', { session: choice.fields.session });
  const targetId = choice.sessionId;

  return deps.adapter.capacityTransaction(deps.db, input.eventId, async (trx) => {
    const registration = await registrationOfEvent(trx, input.eventId, input.registrationId);
    if (!registration) return fail('not_found');
    if (registration.status === 'cancelled') return fail('already_cancelled');
    if (registration.session_id === targetId)
      return { ok: true as const, status: 'unchanged' as const, waitlistPosition: null, promoted: [] };

    await releasePlace(trx, registration);
    let placement: { status: 'confirmed' | 'waitlisted'; waitlistSeq: number | null; waitlistPosition: number | null };
    if (input.overCapacity) {
      await takeSeatRegardless(trx, input.eventId, targetId);
      placement = { status: 'confirmed', waitlistSeq: null, waitlistPosition: null };
    } else {
      placement = await takePlace(trx, input.eventId, targetId);
    }
    await trx
      .updateTable('registrations')
      .set({
        session_id: targetId,
        status: placement.status,
        waitlist_seq: placement.waitlistSeq,
        updated_at: now.toISOString(),
      })
      .where('id', '=', registration.id)
      .execute();
    await recordAudit(
      trx,
      {
        actor: input.actor,
        action: 'registration.moved',
        eventId: input.eventId,
        subjectType: 'registration',
        subjectId: registration.id,
        data: {
          from: await sessionCode(trx, registration.session_id),
          to: input.session,
          previousStatus: registration.status,
          status: placement.status,
          ...(input.overCapacity ? { overCapacity: true } : {}),
        },
      },
      now,
    );
    await deps.notifier.enqueue(
      trx,
      { kind: 'registration.changed', link: await issueLink(trx, registration.id, now) },
      now,
    );
    const promoted = await promoteWaitlisted(trx, deps.notifier, input.eventId, 'system', now);
    return { ok: true as const, status: placement.status, waitlistPosition: placement.waitlistPosition, promoted };
  });
}
