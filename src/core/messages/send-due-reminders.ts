import { getEvent } from '../events/get-event.ts';
import { segmentRecipients } from './segments.ts';
import type { MessageDeps } from './types.ts';
import { writeMessage } from './write-message.ts';

const DAY_MS = 86_400_000;
/** The longest reminder lead the settings form accepts. */
export const MAX_REMINDER_DAYS = 60;

/**
 * Sends the reminder of every published, not cancelled event that starts within its
 * reminder_days (and has not started): the programme, venue and a fresh personal link to each
 * confirmed registrant with an address. Safe to run in several processes at once: the event is
 * claimed by a conditional UPDATE of reminder_sent_at in the transaction that writes the mails.
 * Returns the ids of the events reminded.
 */
export async function sendDueReminders(deps: MessageDeps, now: Date): Promise<number[]> {
  const candidates = await deps.db
    .selectFrom('events')
    .select(['id', 'slug', 'starts_at', 'reminder_days'])
    .where('published', '=', 1)
    .where('cancelled_at', 'is', null)
    .where('reminder_sent_at', 'is', null)
    .where('reminder_days', '>', 0)
    .where('starts_at', '>', now.toISOString())
    .where('starts_at', '<=', new Date(now.getTime() + MAX_REMINDER_DAYS * DAY_MS).toISOString())
    .execute();
  const reminded: number[] = [];
  for (const candidate of candidates) {
    if (new Date(candidate.starts_at).getTime() - candidate.reminder_days * DAY_MS > now.getTime()) continue;
    const sent = await deps.adapter.transaction(deps.db, async (trx) => {
      const claimed = await trx
        .updateTable('events')
        .set({ reminder_sent_at: now.toISOString() })
        .where('id', '=', candidate.id)
        .where('reminder_sent_at', 'is', null)
        .where('cancelled_at', 'is', null)
        .executeTakeFirst();
      if (Number(claimed.numUpdatedRows) === 0) return false;
      const event = await getEvent(trx, candidate.slug, { includeUnpublished: true });
      if (!event) return false;
      const segment = { kind: 'confirmed' } as const;
      const { recipients } = await segmentRecipients(trx, event.id, segment);
      await writeMessage(
        trx,
        deps.mailer,
        { kind: 'reminder', event, segment, subject: '', body: '', recipients, actor: 'system', userId: null },
        now,
      );
      return true;
    });
    if (sent) reminded.push(candidate.id);
  }
  return reminded;
}
