// Organisers add a challenge of their own (accepted at once) or edit the text of any challenge.
import { recordAudit } from '../../shared/audit.ts';
import type { DbDeps } from '../../shared/deps.ts';
import { fail, type Result } from '../../shared/result.ts';
import type { ChallengeText } from './propose-challenge.ts';

/** Creates (no `challengeId`) or edits a challenge of one of the event's sessions. */
export async function saveChallenge(
  deps: DbDeps,
  input: ChallengeText & { eventId: number; sessionId: number; challengeId?: number; userId: number; actor: string },
  now: Date,
): Promise<Result<{ challengeId: number }>> {
  return deps.adapter.transaction(deps.db, async (trx) => {
    const session = await trx
      .selectFrom('sessions')
      .select('id')
      .where('id', '=', input.sessionId)
      .where('event_id', '=', input.eventId)
      .executeTakeFirst();
    if (!session) return fail('not_found');
    const at = now.toISOString();
    const text = { title: input.title, description: input.description, affected: input.affected };
    let id: number;
    if (input.challengeId === undefined) {
      const row = await trx
        .insertInto('challenges')
        .values({
          event_id: input.eventId,
          session_id: input.sessionId,
          ...text,
          status: 'accepted',
          merged_into: null,
          rejection_note: '',
          proposed_by_registration_id: null,
          created_by_user_id: input.userId,
          created_at: at,
          updated_at: at,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      id = row.id;
    } else {
      const result = await trx
        .updateTable('challenges')
        .set({ ...text, updated_at: at })
        .where('id', '=', input.challengeId)
        .where('session_id', '=', input.sessionId)
        .executeTakeFirst();
      if (Number(result.numUpdatedRows) === 0) return fail('not_found');
      id = input.challengeId;
    }
    await recordAudit(
      trx,
      {
        actor: input.actor,
        action: input.challengeId === undefined ? 'challenge.added' : 'challenge.edited',
        eventId: input.eventId,
        subjectType: 'challenge',
        subjectId: id,
        data: text,
      },
      now,
    );
    return { ok: true as const, challengeId: id };
  });
}
