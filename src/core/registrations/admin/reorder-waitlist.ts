import { recordAudit } from '../../shared/audit.ts';
import type { DbDeps } from '../../shared/deps.ts';
import { fail, type Result } from '../../shared/result.ts';
import { registrationOfEvent } from './choices.ts';

/**
 * Moves a waitlisted person one place up or down in their own queue by swapping queue numbers with
 * the neighbour; `moved` is false at either end of the queue.
 */
export async function reorderWaitlist(
  deps: DbDeps,
  input: { eventId: number; registrationId: number; direction: 'up' | 'down'; actor: string },
  now: Date,
): Promise<Result<{ moved: boolean }>> {
  // The capacity transaction: promotion reads the queue order, so reordering serialises with it.
  return deps.adapter.capacityTransaction(deps.db, input.eventId, async (trx) => {
    const registration = await registrationOfEvent(trx, input.eventId, input.registrationId);
    if (!registration) return fail('not_found');
    if (registration.status !== 'waitlisted' || registration.waitlist_seq === null) return fail('conflict');
    const seq = registration.waitlist_seq;
    let query = trx
      .selectFrom('registrations')
      .select(['id', 'waitlist_seq'])
      .where('event_id', '=', input.eventId)
      .where('status', '=', 'waitlisted')
      .where('waitlist_seq', input.direction === 'up' ? '<' : '>', seq)
      .orderBy('waitlist_seq', input.direction === 'up' ? 'desc' : 'asc')
      .limit(1);
    query =
      registration.session_id === null
        ? query.where('session_id', 'is', null)
        : query.where('session_id', '=', registration.session_id);
    const neighbour = await query.executeTakeFirst();
    if (!neighbour || neighbour.waitlist_seq === null) return { ok: true as const, moved: false };
    const at = now.toISOString();
    await trx
      .updateTable('registrations')
      .set({ waitlist_seq: neighbour.waitlist_seq, updated_at: at })
      .where('id', '=', registration.id)
      .execute();
    await trx
      .updateTable('registrations')
      .set({ waitlist_seq: seq, updated_at: at })
      .where('id', '=', neighbour.id)
      .execute();
    for (const [id, direction] of [
      [registration.id, input.direction],
      [neighbour.id, input.direction === 'up' ? 'down' : 'up'],
    ] as const) {
      await recordAudit(
        trx,
        {
          actor: input.actor,
          action: 'registration.waitlist_moved',
          eventId: input.eventId,
          subjectType: 'registration',
          subjectId: id,
          data: { direction },
        },
        now,
      );
    }
    return { ok: true as const, moved: true };
  });
}
