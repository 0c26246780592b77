import { checkChoice, emailTaken } from '../registrations/admin/choices.ts';
import { seatFree, takeSeatRegardless } from '../registrations/places.ts';
import { normalizeEmail } from '../registrations/register-participants.ts';
import { recordAudit } from '../shared/audit.ts';
import type { DbDeps } from '../shared/deps.ts';
import { fail, type Result } from '../shared/result.ts';

export interface WalkInInput {
  eventId: number;
  /** Rendered into the form, so a form sent twice registers one person. */
  opId: string;
  name: string;
  organization: string;
  role: string;
  roleOther: string;
  /** A session code, or null for "only the shared programme". */
  session: string | null;
  /** '' when the person gives none: nothing is mailed, and the booking has no address. */
  email: string;
  /** The facilitator confirmed a seat although the session or the event is full. */
  overCapacity: boolean;
  lang: string;
  userId: number | null;
  actor: string;
}

/**
 * Registers someone who turns up without having signed up and checks them in at once. Takes a
 * seat; over capacity only with the facilitator's confirmation (else over_capacity). No e-mail
 * is sent: the person is standing at the door.
 */
export async function registerWalkIn(
  deps: DbDeps,
  input: WalkInInput,
  now: Date,
): Promise<Result<{ registrationId: number; repeated: boolean }>> {
  const choice = await checkChoice(deps.db, input.eventId, input);
  if (Object.keys(choice.fields).length > 0) return fail('invalid', choice.fields);
  const at = now.toISOString();
  const email = input.email.trim();
  const emailNorm = email === '' ? null : normalizeEmail(email);

  return deps.adapter.capacityTransaction(deps.db, input.eventId, async (trx) => {
    // The same form sent twice (a double tap, a retry): the person registered the first time.
    const seen = await trx
      .selectFrom('checkins')
      .select(['registration_id', 'event_id'])
      .where('op_id', '=', input.opId)
      .executeTakeFirst();
    if (seen) {
      return seen.event_id === input.eventId
        ? { ok: true as const, registrationId: seen.registration_id, repeated: true }
        : fail('conflict');
    }
    if (emailNorm !== null && (await emailTaken(trx, input.eventId, emailNorm)))
      return fail('invalid', { email: 'email_taken' });
    const free = await seatFree(trx, input.eventId, choice.sessionId);
    if (!free && !input.overCapacity) return fail('over_capacity');
    await takeSeatRegardless(trx, input.eventId, choice.sessionId);
    // bookings.booker_email is required: a walk-in without an address books with '' (no mail
    // is ever sent to it), rather than with the facilitator's address, which would send them
    // the person's mail.
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
    const row = await trx
      .insertInto('registrations')
      .values({
        event_id: input.eventId,
        booking_id: booking.id,
        name: input.name,
        email: email === '' ? null : email,
        email_norm: emailNorm,
        organization: input.organization,
        role: input.role,
        role_other: choice.asksText ? input.roleOther : '',
        session_id: choice.sessionId,
        needs: '',
        needs_consent_at: null,
        // The facilitator tells the person how their details are used, and records it.
        consent_at: at,
        public_listing: 0,
        status: 'confirmed',
        waitlist_seq: null,
        lang: input.lang,
        created_at: at,
        updated_at: at,
        checked_in_at: at,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await trx
      .insertInto('checkins')
      .values({
        op_id: input.opId,
        event_id: input.eventId,
        registration_id: row.id,
        action: 'in',
        at,
        received_at: at,
        user_id: input.userId,
        outcome: 'checked_in',
      })
      .execute();
    await recordAudit(
      trx,
      {
        actor: input.actor,
        action: 'registration.walk_in',
        eventId: input.eventId,
        subjectType: 'registration',
        subjectId: row.id,
        data: { session: input.session, withEmail: email !== '', ...(free ? {} : { overCapacity: true }) },
      },
      now,
    );
    await recordAudit(
      trx,
      {
        actor: input.actor,
        action: 'registration.checked_in',
        eventId: input.eventId,
        subjectType: 'registration',
        subjectId: row.id,
        data: { opId: input.opId, at, walkIn: true },
      },
      now,
    );
    return { ok: true as const, registrationId: row.id, repeated: false };
  });
}
