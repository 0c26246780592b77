import { recordAudit } from '../../shared/audit.ts';
import type { Deps } from '../../shared/deps.ts';
import { fail, type Result } from '../../shared/result.ts';
import { takePlace, takeSeatRegardless } from '../places.ts';
import { normalizeEmail } from '../register-participants.ts';
import { issueLink } from '../tokens.ts';
import { checkChoice, emailTaken } from './choices.ts';

export interface AddRegistrationInput {
  eventId: number;
  name: string;
  email: string;
  organization: string;
  role: string;
  roleOther: string;
  /** A session code, or null for "only the shared programme". */
  session: string | null;
  needs: string;
  /** The organiser confirmed a seat even when the session or the event is full. */
  overCapacity: boolean;
  /** Send the ordinary confirmation mail with the personal link. */
  sendConfirmation: boolean;
  lang: string;
  actor: string;
}

/**
 * Adds a registration by hand: also before registration opens and after the deadline. A seat
 * when there is one or the organiser confirmed going over capacity, else the waiting list.
 */
export async function addRegistration(
  deps: Deps,
  input: AddRegistrationInput,
  now: Date,
): Promise<Result<{ registrationId: number; status: 'confirmed' | 'waitlisted'; waitlistPosition: number | null }>> {
  const choice = await checkChoice(deps.db, input.eventId, input);
  if (Object.keys(choice.fields).length > 0) return fail('invalid', choice.fields);
  const at = now.toISOString();
  const email = input.email.trim();
  const emailNorm = normalizeEmail(email);

  return deps.adapter.capacityTransaction(deps.db, input.eventId, async (trx) => {
    if (await emailTaken(trx, input.eventId, emailNorm)) return fail('invalid', { email: 'email_taken' });
    const booking = await trx
      .insertInto('bookings')
      .values({
        event_id: input.eventId,
        booker_name: input.name,
        booker_email: email,
        lang: input.lang,
        created_at: at,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    let placement: { status: 'confirmed' | 'waitlisted'; waitlistSeq: number | null; waitlistPosition: number | null };
    if (input.overCapacity) {
      await takeSeatRegardless(trx, input.eventId, choice.sessionId);
      placement = { status: 'confirmed', waitlistSeq: null, waitlistPosition: null };
    } else {
      placement = await takePlace(trx, input.eventId, choice.sessionId);
    }
    const row = await trx
      .insertInto('registrations')
      .values({
        event_id: input.eventId,
        booking_id: booking.id,
        name: input.name,
        email,
        email_norm: emailNorm,
        organization: input.organization,
        role: input.role,
        role_other: choice.asksText ? input.roleOther : '',
        session_id: choice.sessionId,
        needs: input.needs,
        needs_consent_at: input.needs ? at : null,
        // Given to the organiser, who records it on the person's behalf.
        consent_at: at,
        public_listing: 0,
        status: placement.status,
        waitlist_seq: placement.waitlistSeq,
        lang: input.lang,
        created_at: at,
        updated_at: at,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await recordAudit(
      trx,
      {
        actor: input.actor,
        action: 'registration.added',
        eventId: input.eventId,
        subjectType: 'registration',
        subjectId: row.id,
        data: {
          session: input.session,
          status: placement.status,
          waitlistPosition: placement.waitlistPosition,
          confirmationSent: input.sendConfirmation,
          ...(input.overCapacity ? { overCapacity: true } : {}),
        },
      },
      now,
    );
    if (input.sendConfirmation) {
      const link = await issueLink(trx, row.id, now);
      await deps.notifier.enqueue(
        trx,
        {
          kind: 'booking.created',
          eventId: input.eventId,
          lang: input.lang,
          booker: { name: input.name, email },
          people: [
            {
              ...link,
              name: input.name,
              email,
              status: placement.status,
              session: input.session,
              waitlistPosition: placement.waitlistPosition,
            },
          ],
        },
        now,
      );
    }
    return {
      ok: true as const,
      registrationId: row.id,
      status: placement.status,
      waitlistPosition: placement.waitlistPosition,
    };
  });
}
