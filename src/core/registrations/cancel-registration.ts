import { recordAudit } from '../shared/audit.ts';
import type { Deps } from '../shared/deps.ts';
import type { MailThread } from '../shared/notifications.ts';
import { fail, type Result } from '../shared/result.ts';
import { promoteWaitlisted, releasePlace } from './places.ts';

/**
 * Cancels a registration, gives its seat to the first on the waiting list that can take it,
 * and confirms the cancellation by e-mail. Allowed until the event ends.
 */
export async function cancelRegistration(
  deps: Deps,
  /** `thread`: the cancellation came by e-mail; the confirmation answers in its thread. */
  input: { registrationId: number; actor: string; thread?: MailThread },
  now: Date,
): Promise<Result<{ promoted: number[] }>> {
  const row = await deps.db
    .selectFrom('registrations')
    .innerJoin('events', 'events.id', 'registrations.event_id')
    .select(['registrations.event_id', 'events.ends_at'])
    .where('registrations.id', '=', input.registrationId)
    .executeTakeFirst();
  if (!row) return fail('not_found');
  if (now.toISOString() > row.ends_at) return fail('change_closed');

  return deps.adapter.capacityTransaction(deps.db, row.event_id, async (trx) => {
    // Re-read inside the transaction: the status may have changed since the guard above.
    const registration = await trx
      .selectFrom('registrations')
      .select(['id', 'event_id', 'session_id', 'status'])
      .where('id', '=', input.registrationId)
      .executeTakeFirstOrThrow();
    if (registration.status === 'cancelled') return fail('already_cancelled');
    await releasePlace(trx, registration);
    await trx
      .updateTable('registrations')
      .set({ status: 'cancelled', waitlist_seq: null, cancelled_at: now.toISOString(), updated_at: now.toISOString() })
      .where('id', '=', registration.id)
      .execute();
    await recordAudit(
      trx,
      {
        actor: input.actor,
        action: 'registration.cancelled',
        eventId: registration.event_id,
        subjectType: 'registration',
        subjectId: registration.id,
        data: { previousStatus: registration.status },
      },
      now,
    );
    await deps.notifier.enqueue(
      trx,
      {
        kind: 'registration.cancelled',
        registrationId: registration.id,
        ...(input.thread ? { thread: input.thread } : {}),
      },
      now,
    );
    const promoted = await promoteWaitlisted(trx, deps.notifier, registration.event_id, 'system', now);
    return { ok: true as const, promoted };
  });
}
