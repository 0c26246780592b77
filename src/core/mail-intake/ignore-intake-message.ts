import { recordAudit } from '../shared/audit.ts';
import type { DbDeps } from '../shared/deps.ts';
import { fail, type Result } from '../shared/result.ts';

/** Sets a message in the review queue aside without acting on it (a question answered by hand, spam). */
export async function ignoreIntakeMessage(
  deps: DbDeps,
  input: { eventId: number; intakeId: number; userId: number; actor: string },
  now: Date,
): Promise<Result<object>> {
  return deps.adapter.transaction(deps.db, async (trx) => {
    const result = await trx
      .updateTable('intake_messages')
      .set({ state: 'ignored', handled_by: input.userId, handled_at: now.toISOString() })
      .where('id', '=', input.intakeId)
      .where('event_id', '=', input.eventId)
      .where('state', 'in', ['pending_review', 'failed'])
      .executeTakeFirst();
    if (Number(result.numUpdatedRows) !== 1) {
      const exists = await trx
        .selectFrom('intake_messages')
        .select('id')
        .where('id', '=', input.intakeId)
        .where('event_id', '=', input.eventId)
        .executeTakeFirst();
      return fail(exists ? 'conflict' : 'not_found');
    }
    await recordAudit(
      trx,
      {
        actor: input.actor,
        action: 'mail_intake.ignored',
        eventId: input.eventId,
        subjectType: 'intake_message',
        subjectId: input.intakeId,
      },
      now,
    );
    return { ok: true as const };
  });
}
