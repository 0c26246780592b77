import type { AdminUser } from '../accounts/types.ts';
import { actorOf } from '../accounts/types.ts';
import { recordAudit } from '../shared/audit.ts';
import { fail, type Result } from '../shared/result.ts';
import { eventById, type MessageInput, messageProblems } from './send-message.ts';
import type { MessageDeps } from './types.ts';

/**
 * Puts one mail of a message, marked as a test and filled with sample values, in the outbox to
 * the logged-in user, so they see it as recipients will before sending.
 */
export async function sendTestMessage(
  deps: MessageDeps,
  input: Omit<MessageInput, 'segment'> & { user: Pick<AdminUser, 'id' | 'email' | 'name' | 'lang'> },
  now: Date,
): Promise<Result<{ to: string }>> {
  const fields = messageProblems(input);
  if (Object.keys(fields).length > 0) return fail('invalid', fields);
  return deps.adapter.transaction(deps.db, async (trx) => {
    const event = await eventById(trx, input.eventId);
    if (!event) return fail('not_found');
    await deps.mailer.enqueue(
      trx,
      {
        kind: 'test',
        event,
        batchId: null,
        recipient: {
          registrationId: null,
          name: input.user.name,
          email: input.user.email,
          lang: input.user.lang,
          sessionCode: event.sessions[0]?.code ?? null,
        },
        subject: input.subject,
        body: input.body,
        token: null,
      },
      now,
    );
    await recordAudit(
      trx,
      {
        actor: actorOf(input.user),
        action: 'message.test_sent',
        eventId: event.id,
        subjectType: 'event',
        subjectId: event.id,
        data: { to: input.user.email },
      },
      now,
    );
    return { ok: true as const, to: input.user.email };
  });
}
