import { recordAudit } from '../shared/audit.ts';
import type { Deps } from '../shared/deps.ts';
import { fail, type Result } from '../shared/result.ts';
import { acceptOfferedSeat } from './places.ts';
import { issueLink } from './tokens.ts';

/**
 * Accepts the seat offered to a waitlisted registrant close to the day: they are confirmed in
 * the seat held for them, and get the usual "you have a seat" mail with the calendar entry.
 */
export async function acceptOffer(
  deps: Deps,
  input: { registrationId: number; actor: string },
  now: Date,
): Promise<Result<object>> {
  const row = await deps.db
    .selectFrom('registrations')
    .select(['event_id'])
    .where('id', '=', input.registrationId)
    .executeTakeFirst();
  if (!row) return fail('not_found');
  return deps.adapter.capacityTransaction(deps.db, row.event_id, async (trx) => {
    const registration = await trx
      .selectFrom('registrations')
      .select(['id', 'event_id', 'session_id', 'status', 'offer_expires_at'])
      .where('id', '=', input.registrationId)
      .executeTakeFirstOrThrow();
    if (!(await acceptOfferedSeat(trx, registration, now))) return fail('offer_expired');
    await recordAudit(
      trx,
      {
        actor: input.actor,
        action: 'registration.offer_accepted',
        eventId: registration.event_id,
        subjectType: 'registration',
        subjectId: registration.id,
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
