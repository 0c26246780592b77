// A participant scores the pitch that is on now: a score 1–5 and an optional comment for every
// criterion of the event's rubric. One set per participant and pitch; sending again replaces it.
import { recordAudit } from '../shared/audit.ts';
import type { DbDeps } from '../shared/deps.ts';
import { type FieldProblem, fail, type Result } from '../shared/result.ts';
import { findPitchParticipant } from './pitch-participant.ts';
import { getPitchRun } from './pitch-run.ts';
import { listCriteria } from './rubric.ts';
import { FEEDBACK_COMMENT_MAX } from './types.ts';

export interface FeedbackItem {
  criterionId: number;
  score: number;
  comment: string;
}

/**
 * Stores the participant's feedback on `ideaId`. Refuses: `not_in_session` (not a confirmed
 * registrant of the idea's session), `pitch_not_running` (the idea is not the current pitch of
 * a running session), `own_idea`, and `invalid` with a field per criterion (a missing or
 * out-of-range score, a comment over FEEDBACK_COMMENT_MAX, a criterion of another event).
 */
export async function giveFeedback(
  deps: DbDeps,
  input: { registrationId: number; ideaId: number; items: FeedbackItem[]; actor: string },
  now: Date,
): Promise<Result<{ updated: boolean }>> {
  const who = await findPitchParticipant(deps.db, input.registrationId);
  if (who?.status !== 'confirmed') return fail('not_in_session');
  const idea = await deps.db
    .selectFrom('ideas')
    .select(['id', 'session_id', 'registration_id'])
    .where('id', '=', input.ideaId)
    .executeTakeFirst();
  if (!idea || idea.session_id !== who.sessionId) return fail('not_in_session');
  const run = await getPitchRun(deps.db, who.sessionId);
  if (run.status !== 'running' || run.currentIdeaId !== idea.id) return fail('pitch_not_running');
  if (idea.registration_id === input.registrationId) return fail('own_idea');

  const criteria = await listCriteria(deps.db, who.eventId);
  const fields: Record<string, FieldProblem> = {};
  const given = new Map(input.items.map((i) => [i.criterionId, i]));
  for (const item of input.items) {
    if (!criteria.some((c) => c.id === item.criterionId)) fields[`score.${item.criterionId}`] = 'invalid_value';
  }
  for (const c of criteria) {
    const item = given.get(c.id);
    if (!item || !Number.isInteger(item.score) || item.score < 1 || item.score > 5) {
      fields[`score.${c.id}`] = 'score_required';
    } else if (item.comment.length > FEEDBACK_COMMENT_MAX) {
      fields[`comment.${c.id}`] = 'too_long';
    }
  }
  if (Object.keys(fields).length > 0) return fail('invalid', fields);

  return deps.adapter.transaction(deps.db, async (trx) => {
    // Looked at again inside the transaction, since the facilitator may have moved on meanwhile,
    // and held until the commit: a step ("next", "finish") waits for this feedback to be stored
    // or this waits for the step and sees it, so no feedback lands after its pitch ended.
    const current = await deps.adapter
      .holdRows(
        trx.selectFrom('pitch_runs').select(['status', 'current_idea_id']).where('session_id', '=', who.sessionId),
      )
      .executeTakeFirst();
    if (current?.status !== 'running' || current.current_idea_id !== idea.id) return fail('pitch_not_running');
    const at = now.toISOString();
    const before = await trx
      .selectFrom('idea_scores')
      .select('criterion_id')
      .where('idea_id', '=', idea.id)
      .where('registration_id', '=', input.registrationId)
      .limit(1)
      .executeTakeFirst();
    for (const c of criteria) {
      const item = given.get(c.id) as FeedbackItem;
      await trx
        .insertInto('idea_scores')
        .values({
          idea_id: idea.id,
          criterion_id: c.id,
          registration_id: input.registrationId,
          score: item.score,
          comment: item.comment,
          created_at: at,
          updated_at: at,
        })
        .onConflict((oc) =>
          oc
            .columns(['idea_id', 'criterion_id', 'registration_id'])
            .doUpdateSet({ score: item.score, comment: item.comment, updated_at: at }),
        )
        .execute();
    }
    await recordAudit(
      trx,
      {
        actor: input.actor,
        action: before ? 'idea.feedback_updated' : 'idea.feedback_given',
        eventId: who.eventId,
        subjectType: 'idea',
        subjectId: idea.id,
        // Scores are anonymous to the idea's owner; the audit log (organisers only) keeps who.
        data: { criteria: criteria.length },
      },
      now,
    );
    return { ok: true as const, updated: Boolean(before) };
  });
}
