// One vote per person and question: the person is a hash of a signed cookie id; a second vote is
// a no-op that says so (not a toggle: an accidental double tap must not take a vote away).
import { recordAudit } from '../shared/audit.ts';
import type { DbDeps } from '../shared/deps.ts';
import { fail, type Result } from '../shared/result.ts';

/**
 * Counts the person's vote for a visible question of an open room. `counted` is false when the
 * person had already voted for it. Fails with `not_found` (no such visible question in the
 * room) or `room_closed`.
 */
export async function voteQuestion(
  deps: DbDeps,
  input: { roomId: number; questionId: number; voterKey: string },
  now: Date,
): Promise<Result<{ counted: boolean; votes: number; eventId: number }>> {
  return deps.adapter.transaction(deps.db, async (trx) => {
    const q = await trx
      .selectFrom('questions')
      .innerJoin('question_rooms', 'question_rooms.id', 'questions.room_id')
      .select(['questions.id', 'questions.status', 'questions.votes', 'questions.event_id', 'question_rooms.open'])
      .where('questions.id', '=', input.questionId)
      .where('questions.room_id', '=', input.roomId)
      .executeTakeFirst();
    if (q?.status !== 'visible') return fail('not_found');
    if (q.open !== 1) return fail('room_closed');
    const inserted = await trx
      .insertInto('question_votes')
      .values({ question_id: q.id, voter_key: input.voterKey, created_at: now.toISOString() })
      .onConflict((oc) => oc.columns(['question_id', 'voter_key']).doNothing())
      .executeTakeFirst();
    if (Number(inserted.numInsertedOrUpdatedRows ?? 0) === 0) {
      return { ok: true as const, counted: false, votes: q.votes, eventId: q.event_id };
    }
    const updated = await trx
      .updateTable('questions')
      .set((eb) => ({ votes: eb('votes', '+', 1) }))
      .where('id', '=', q.id)
      .returning('votes')
      .executeTakeFirstOrThrow();
    await recordAudit(
      trx,
      {
        actor: 'participant',
        action: 'question.voted',
        eventId: q.event_id,
        subjectType: 'question',
        subjectId: q.id,
      },
      now,
    );
    return { ok: true as const, counted: true, votes: updated.votes, eventId: q.event_id };
  });
}
