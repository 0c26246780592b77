import type { Db } from '../../db/adapter.ts';
import type { AdminUser } from '../accounts/types.ts';
import { actorOf } from '../accounts/types.ts';
import { getEvent } from '../events/get-event.ts';
import { fail, type Result } from '../shared/result.ts';
import { segmentRecipients } from './segments.ts';
import type { MessageDeps } from './types.ts';
import { writeMessage } from './write-message.ts';

/**
 * Claims the event's thank-you (a conditional UPDATE of thanks_sent_at) and writes it, with a
 * link to the evaluation, to everyone who checked in, or to all confirmed when nobody did.
 * Returns the recipients' count, or null when another process (or person) sent it already.
 */
export async function writeThanks(
  trx: Db,
  deps: Pick<MessageDeps, 'mailer'>,
  input: { eventId: number; actor: string; userId: number | null },
  now: Date,
): Promise<number | null> {
  const claimed = await trx
    .updateTable('events')
    .set({ thanks_sent_at: now.toISOString() })
    .where('id', '=', input.eventId)
    .where('thanks_sent_at', 'is', null)
    .where('cancelled_at', 'is', null)
    .executeTakeFirst();
  if (Number(claimed.numUpdatedRows) === 0) return null;
  const row = await trx.selectFrom('events').select('slug').where('id', '=', input.eventId).executeTakeFirstOrThrow();
  const event = await getEvent(trx, row.slug, { includeUnpublished: true });
  if (!event) return null;
  const attended = await trx
    .selectFrom('registrations')
    .select('id')
    .where('event_id', '=', event.id)
    .where('checked_in_at', 'is not', null)
    .where('status', '<>', 'cancelled')
    .limit(1)
    .executeTakeFirst();
  const segment = attended ? ({ kind: 'attended' } as const) : ({ kind: 'confirmed' } as const);
  const { recipients } = await segmentRecipients(trx, event.id, segment);
  await writeMessage(
    trx,
    deps.mailer,
    { kind: 'thanks', event, segment, subject: '', body: '', recipients, actor: input.actor, userId: input.userId },
    now,
  );
  return recipients.length;
}

/** Sends the thank-you and evaluation link now, at an organiser's request (once per event). */
export async function sendThanks(
  deps: MessageDeps,
  input: { eventId: number; user: Pick<AdminUser, 'id' | 'email'> },
  now: Date,
): Promise<Result<{ recipients: number }>> {
  return deps.adapter.transaction(deps.db, async (trx) => {
    const exists = await trx.selectFrom('events').select('id').where('id', '=', input.eventId).executeTakeFirst();
    if (!exists) return fail('not_found');
    const count = await writeThanks(
      trx,
      deps,
      { eventId: input.eventId, actor: actorOf(input.user), userId: input.user.id },
      now,
    );
    if (count === null) return fail('conflict');
    return { ok: true as const, recipients: count };
  });
}
