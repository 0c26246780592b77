// Organisers open a session for proposed challenges and publish its accepted ones to registrants.
import { recordAudit } from '../../shared/audit.ts';
import type { DbDeps } from '../../shared/deps.ts';
import { fail, type Result } from '../../shared/result.ts';

/** Sets whether registrants may propose challenges and whether the accepted ones are published. */
export async function setChallengeSettings(
  deps: DbDeps,
  input: { eventId: number; sessionId: number; open: boolean; published: boolean; actor: string },
  now: Date,
): Promise<Result<object>> {
  return deps.adapter.transaction(deps.db, async (trx) => {
    const result = await trx
      .updateTable('sessions')
      .set({ challenges_open: input.open ? 1 : 0, challenges_published: input.published ? 1 : 0 })
      .where('id', '=', input.sessionId)
      .where('event_id', '=', input.eventId)
      .executeTakeFirst();
    if (Number(result.numUpdatedRows) === 0) return fail('not_found');
    await recordAudit(
      trx,
      {
        actor: input.actor,
        action: 'challenge.settings_changed',
        eventId: input.eventId,
        subjectType: 'session',
        subjectId: input.sessionId,
        data: { open: input.open, published: input.published },
      },
      now,
    );
    return { ok: true as const };
  });
}
