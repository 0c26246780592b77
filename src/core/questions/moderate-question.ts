// The facilitator's moderation: approve (show), hide, mark answered (or not), pin and un-pin.
import { recordAudit } from '../shared/audit.ts';
import type { DbDeps } from '../shared/deps.ts';
import { fail, type Result } from '../shared/result.ts';

export const MODERATION_ACTIONS = ['approve', 'hide', 'answer', 'unanswer', 'pin', 'unpin'] as const;
export type ModerationAction = (typeof MODERATION_ACTIONS)[number];

export function isModerationAction(value: unknown): value is ModerationAction {
  return typeof value === 'string' && (MODERATION_ACTIONS as readonly string[]).includes(value);
}

/**
 * Applies one moderation action to a question of the event's room. Pinning shows a pending
 * question too (a pinned question is on the projector); hiding un-pins it. Repeating an action is
 * a no-op.
 */
export async function moderateQuestion(
  deps: DbDeps,
  input: { eventId: number; roomId: number; questionId: number; action: ModerationAction; actor: string },
  now: Date,
): Promise<Result<object>> {
  return deps.adapter.transaction(deps.db, async (trx) => {
    const q = await trx
      .selectFrom('questions')
      .select(['id', 'status', 'pinned_at', 'answered_at'])
      .where('id', '=', input.questionId)
      .where('room_id', '=', input.roomId)
      .where('event_id', '=', input.eventId)
      .executeTakeFirst();
    if (!q) return fail('not_found');
    const at = now.toISOString();
    const change: {
      status?: 'visible' | 'hidden';
      pinned_at?: string | null;
      answered_at?: string | null;
    } = {};
    switch (input.action) {
      case 'approve':
        if (q.status !== 'visible') change.status = 'visible';
        break;
      case 'hide':
        if (q.status !== 'hidden') change.status = 'hidden';
        if (q.pinned_at) change.pinned_at = null;
        break;
      case 'answer':
        if (!q.answered_at) change.answered_at = at;
        // An answered question leaves the top of the screen.
        if (q.pinned_at) change.pinned_at = null;
        break;
      case 'unanswer':
        if (q.answered_at) change.answered_at = null;
        break;
      case 'pin':
        if (!q.pinned_at) change.pinned_at = at;
        if (q.status !== 'visible') change.status = 'visible';
        if (q.answered_at) change.answered_at = null;
        break;
      case 'unpin':
        if (q.pinned_at) change.pinned_at = null;
        break;
    }
    if (Object.keys(change).length === 0) return { ok: true as const };
    await trx
      .updateTable('questions')
      .set({ ...change, updated_at: at })
      .where('id', '=', q.id)
      .execute();
    await recordAudit(
      trx,
      {
        actor: input.actor,
        action: `question.${input.action === 'approve' ? 'approved' : input.action === 'hide' ? 'hidden' : input.action === 'answer' ? 'answered' : input.action === 'unanswer' ? 'unanswered' : input.action === 'pin' ? 'pinned' : 'unpinned'}`,
        eventId: input.eventId,
        subjectType: 'question',
        subjectId: q.id,
        data: { roomId: input.roomId },
      },
      now,
    );
    return { ok: true as const };
  });
}
