import type { AdminUser } from '../accounts/types.ts';
import { actorOf } from '../accounts/types.ts';
import { getEvent } from '../events/get-event.ts';
import { type FieldProblem, fail, type Result } from '../shared/result.ts';
import { placeholderProblems } from './placeholders.ts';
import { segmentRecipients } from './segments.ts';
import type { MessageDeps, Segment } from './types.ts';
import { writeMessage } from './write-message.ts';

export interface MessageInput {
  eventId: number;
  segment: Segment;
  subject: string;
  body: string;
}

/** Loads the event by id, for use inside or outside a transaction. */
export async function eventById(db: MessageDeps['db'], eventId: number) {
  const row = await db.selectFrom('events').select('slug').where('id', '=', eventId).executeTakeFirst();
  return row ? getEvent(db, row.slug, { includeUnpublished: true }) : null;
}

/** Problems with a message's text, as field problems (placeholders are checked before anything is sent). */
export function messageProblems(input: { subject: string; body: string }) {
  const fields: Record<string, FieldProblem> = {};
  if (placeholderProblems(input.subject)) fields.subject = 'unknown_placeholder';
  if (placeholderProblems(input.body)) fields.body = 'unknown_placeholder';
  return fields;
}

/**
 * Sends an organiser's message to a segment of an event's registrations: one messages row and
 * one outbox mail per recipient with their own address (not bounced), in one transaction.
 */
export async function sendMessage(
  deps: MessageDeps,
  input: MessageInput & { user: Pick<AdminUser, 'id' | 'email'> },
  now: Date,
): Promise<Result<{ messageId: number; recipients: number }>> {
  const fields = messageProblems(input);
  if (Object.keys(fields).length > 0) return fail('invalid', fields);
  return deps.adapter.transaction(deps.db, async (trx) => {
    const event = await eventById(trx, input.eventId);
    if (!event) return fail('not_found');
    const segment = input.segment;
    if (segment.kind === 'session' && !event.sessions.some((s) => s.code === segment.code))
      return fail('invalid', { segment: 'invalid_value' });
    const { recipients } = await segmentRecipients(trx, event.id, input.segment);
    const messageId = await writeMessage(
      trx,
      deps.mailer,
      {
        kind: 'manual',
        event,
        segment: input.segment,
        subject: input.subject,
        body: input.body,
        recipients,
        actor: actorOf(input.user),
        userId: input.user.id,
      },
      now,
    );
    return { ok: true as const, messageId, recipients: recipients.length };
  });
}
