import { releasePlace } from '../registrations/places.ts';
import { recordAudit } from '../shared/audit.ts';
import type { DbDeps } from '../shared/deps.ts';
import { fail, type Result } from '../shared/result.ts';

/**
 * On the day, at or after the event's no-show release instant: cancels every confirmed person who
 * has not checked in and frees their seats, so that waitlisted people who came can be checked in
 * to them (nobody is promoted automatically: the seats are for those at the door). No e-mail.
 */
export async function releaseNoShows(
  deps: DbDeps,
  input: { eventId: number; actor: string },
  now: Date,
): Promise<Result<{ released: number }>> {
  return deps.adapter.capacityTransaction(deps.db, input.eventId, async (trx) => {
    const event = await trx
      .selectFrom('events')
      .select(['noshow_release_at', 'noshows_released_at'])
      .where('id', '=', input.eventId)
      .executeTakeFirst();
    if (!event) return fail('not_found');
    if (!event.noshow_release_at || now.toISOString() < event.noshow_release_at) return fail('forbidden');
    if (event.noshows_released_at) return fail('conflict');
    const absent = await trx
      .selectFrom('registrations')
      .select(['id', 'event_id', 'session_id', 'status'])
      .where('event_id', '=', input.eventId)
      .where('status', '=', 'confirmed')
      .where('checked_in_at', 'is', null)
      .orderBy('id')
      .execute();
    let released = 0;
    for (const registration of absent) {
      // Conditional: a check-in committed meanwhile (check-ins take no capacity lock) keeps its seat.
      const updated = await trx
        .updateTable('registrations')
        .set({
          status: 'cancelled',
          waitlist_seq: null,
          cancelled_at: now.toISOString(),
          updated_at: now.toISOString(),
        })
        .where('id', '=', registration.id)
        .where('status', '=', 'confirmed')
        .where('checked_in_at', 'is', null)
        .executeTakeFirst();
      if (Number(updated.numUpdatedRows) === 0) continue;
      await releasePlace(trx, registration);
      released++;
      await recordAudit(
        trx,
        {
          actor: input.actor,
          action: 'registration.cancelled',
          eventId: input.eventId,
          subjectType: 'registration',
          subjectId: registration.id,
          data: { previousStatus: 'confirmed', noShow: true },
        },
        now,
      );
    }
    await trx
      .updateTable('events')
      .set({ noshows_released_at: now.toISOString() })
      .where('id', '=', input.eventId)
      .execute();
    await recordAudit(
      trx,
      {
        actor: input.actor,
        action: 'event.noshows_released',
        eventId: input.eventId,
        subjectType: 'event',
        subjectId: input.eventId,
        data: { released },
      },
      now,
    );
    return { ok: true as const, released };
  });
}
