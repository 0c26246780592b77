import { cancelRegistration } from '../registrations/cancel-registration.ts';
import { recordAudit } from '../shared/audit.ts';
import type { Deps } from '../shared/deps.ts';
import { fail, type Result } from '../shared/result.ts';
import { anonymiseRegistrations } from './anonymise.ts';

/**
 * A registrant deletes their registration: an active one is first cancelled through the
 * ordinary cancellation (its seat goes to the waiting list), then the registration is
 * anonymised and its personal links stop working. After the event has ended the status stays
 * as it was, so the event's counts do not change.
 */
export async function deleteMyRegistration(
  deps: Deps,
  input: { registrationId: number; actor: string },
  now: Date,
): Promise<Result<{ promoted: number[] }>> {
  const row = await deps.db
    .selectFrom('registrations')
    .innerJoin('events', 'events.id', 'registrations.event_id')
    .select(['registrations.status', 'registrations.event_id', 'registrations.anonymised_at', 'events.ends_at'])
    .where('registrations.id', '=', input.registrationId)
    .executeTakeFirst();
  if (!row || row.anonymised_at) return fail('not_found');
  const previousStatus = row.status;
  let promoted: number[] = [];
  if (row.status !== 'cancelled' && now.toISOString() <= row.ends_at) {
    const cancelled = await cancelRegistration(deps, input, now);
    if (cancelled.ok) promoted = cancelled.promoted;
    else if (cancelled.code !== 'already_cancelled' && cancelled.code !== 'change_closed') return cancelled;
  }
  return deps.adapter.transaction(deps.db, async (trx) => {
    const counts = await anonymiseRegistrations(trx, [input.registrationId], now);
    if (counts.registrations === 0) return fail('not_found');
    await recordAudit(
      trx,
      {
        actor: input.actor,
        action: 'registration.deleted_by_registrant',
        eventId: row.event_id,
        subjectType: 'registration',
        subjectId: input.registrationId,
        data: { previousStatus, promoted: promoted.length },
      },
      now,
    );
    return { ok: true as const, promoted };
  });
}
