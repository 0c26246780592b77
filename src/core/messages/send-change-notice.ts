import type { AdminUser } from '../accounts/types.ts';
import { actorOf } from '../accounts/types.ts';
import { fail, type Result } from '../shared/result.ts';
import { segmentRecipients } from './segments.ts';
import { eventById, messageProblems } from './send-message.ts';
import type { MessageDeps } from './types.ts';
import { writeMessage } from './write-message.ts';

/**
 * Tells everyone confirmed or waitlisted (with an address) that the time, venue or programme
 * has changed: the organiser's text, the event as it is now, and the calendar entry again with
 * the same UID and the next SEQUENCE, so calendar programs update the entry they have.
 */
export async function sendChangeNotice(
  deps: MessageDeps,
  input: { eventId: number; subject: string; body: string; user: Pick<AdminUser, 'id' | 'email'> },
  now: Date,
): Promise<Result<{ messageId: number; recipients: number; sequence: number }>> {
  const fields = messageProblems(input);
  if (Object.keys(fields).length > 0) return fail('invalid', fields);
  return deps.adapter.transaction(deps.db, async (trx) => {
    const bumped = await trx
      .updateTable('events')
      .set((eb) => ({ calendar_sequence: eb('calendar_sequence', '+', 1) }))
      .where('id', '=', input.eventId)
      .where('cancelled_at', 'is', null)
      .executeTakeFirst();
    if (Number(bumped.numUpdatedRows) === 0) {
      const exists = await trx.selectFrom('events').select('id').where('id', '=', input.eventId).executeTakeFirst();
      return fail(exists ? 'conflict' : 'not_found');
    }
    const event = await eventById(trx, input.eventId);
    if (!event) return fail('not_found');
    const segment = { kind: 'active' } as const;
    const { recipients } = await segmentRecipients(trx, event.id, segment);
    const messageId = await writeMessage(
      trx,
      deps.mailer,
      {
        kind: 'change',
        event,
        segment,
        subject: input.subject,
        body: input.body,
        recipients,
        actor: actorOf(input.user),
        userId: input.user.id,
        calendar: { sequence: event.calendarSequence, method: 'PUBLISH' },
      },
      now,
    );
    return { ok: true as const, messageId, recipients: recipients.length, sequence: event.calendarSequence };
  });
}
