import type { AdminUser } from '../accounts/types.ts';
import { actorOf } from '../accounts/types.ts';
import { segmentRecipients } from '../messages/segments.ts';
import { messageProblems } from '../messages/send-message.ts';
import type { MessageDeps } from '../messages/types.ts';
import { writeMessage } from '../messages/write-message.ts';
import { recordAudit } from '../shared/audit.ts';
import { fail, type Result } from '../shared/result.ts';
import { editEvent } from './event-edit.ts';
import { getEvent } from './get-event.ts';

/**
 * Cancels an event: sign-up closes, the public page says it is cancelled, and everyone
 * confirmed or waitlisted (with an address) gets the organiser's message with a calendar
 * cancellation (METHOD:CANCEL, same UID, next SEQUENCE). Registrations are kept as they are.
 */
export async function cancelEvent(
  deps: MessageDeps,
  input: { eventId: number; version: number; subject: string; body: string; user: Pick<AdminUser, 'id' | 'email'> },
  now: Date,
): Promise<Result<{ messageId: number; recipients: number }>> {
  const fields = messageProblems(input);
  if (Object.keys(fields).length > 0) return fail('invalid', fields);
  const actor = actorOf(input.user);
  return editEvent(deps, { eventId: input.eventId, version: input.version, actor }, now, async (trx, before) => {
    if (before.cancelled_at) return fail('conflict');
    const sequence = before.calendar_sequence + 1;
    await trx
      .updateTable('events')
      .set({ cancelled_at: now.toISOString(), calendar_sequence: sequence })
      .where('id', '=', before.id)
      .execute();
    await recordAudit(
      trx,
      {
        actor,
        action: 'event.cancelled',
        eventId: before.id,
        subjectType: 'event',
        subjectId: before.id,
        data: { wasPublished: before.published === 1 },
      },
      now,
    );
    const event = await getEvent(trx, before.slug, { includeUnpublished: true });
    if (!event) return fail('not_found');
    const segment = { kind: 'active' } as const;
    const { recipients } = await segmentRecipients(trx, event.id, segment);
    const messageId = await writeMessage(
      trx,
      deps.mailer,
      {
        kind: 'cancellation',
        event,
        segment,
        subject: input.subject,
        body: input.body,
        recipients,
        actor,
        userId: input.user.id,
        calendar: { sequence, method: 'CANCEL' },
      },
      now,
    );
    return { messageId, recipients: recipients.length };
  });
}
