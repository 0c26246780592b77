import { recordAudit } from '../shared/audit.ts';
import type { DbDeps } from '../shared/deps.ts';
import type { Result } from '../shared/result.ts';

/**
 * Sets (or clears, with null) the instant from which organisers may release the seats of
 * confirmed people who have not checked in. A new instant allows another release.
 */
export async function setNoShowRelease(
  deps: DbDeps,
  input: { eventId: number; releaseAt: Date | null; actor: string },
  now: Date,
): Promise<Result<object>> {
  return deps.adapter.transaction(deps.db, async (trx) => {
    await trx
      .updateTable('events')
      .set((eb) => ({
        noshow_release_at: input.releaseAt ? input.releaseAt.toISOString() : null,
        noshows_released_at: null,
        updated_at: now.toISOString(),
        version: eb('version', '+', 1),
      }))
      .where('id', '=', input.eventId)
      .execute();
    await recordAudit(
      trx,
      {
        actor: input.actor,
        action: 'event.noshow_release_set',
        eventId: input.eventId,
        subjectType: 'event',
        subjectId: input.eventId,
        data: { releaseAt: input.releaseAt ? input.releaseAt.toISOString() : null },
      },
      now,
    );
    return { ok: true as const };
  });
}
