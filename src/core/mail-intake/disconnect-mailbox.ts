import { recordAudit } from '../shared/audit.ts';
import type { DbDeps } from '../shared/deps.ts';
import { fail, type Result } from '../shared/result.ts';

/**
 * Stops reading the event's IMAP mailbox and forgets its password. The messages already read
 * (and the review queue) stay.
 */
export async function disconnectMailbox(
  deps: DbDeps,
  input: { eventId: number; actor: string },
  now: Date,
): Promise<Result<{ mailboxId: number }>> {
  return deps.adapter.transaction(deps.db, async (trx) => {
    const row = await trx
      .selectFrom('mailboxes')
      .select(['id', 'enabled'])
      .where('event_id', '=', input.eventId)
      .where('kind', '=', 'imap')
      .executeTakeFirst();
    if (!row || row.enabled === 0) return fail('not_found');
    await trx
      .updateTable('mailboxes')
      .set({
        enabled: 0,
        password_enc: '',
        status: 'new',
        last_error: null,
        last_error_detail: null,
        updated_at: now.toISOString(),
      })
      .where('id', '=', row.id)
      .execute();
    await recordAudit(
      trx,
      {
        actor: input.actor,
        action: 'mailbox.disconnected',
        eventId: input.eventId,
        subjectType: 'mailbox',
        subjectId: row.id,
      },
      now,
    );
    return { ok: true as const, mailboxId: row.id };
  });
}
