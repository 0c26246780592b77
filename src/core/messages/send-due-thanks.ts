import { writeThanks } from './send-thanks.ts';
import type { MessageDeps } from './types.ts';

const DAY_MS = 86_400_000;
/** Events that ended longer ago than this get no automatic thank-you (old events at first start). */
export const THANKS_WITHIN_DAYS = 7;

/**
 * Sends the thank-you with the evaluation link for every published, not cancelled event that
 * has ended (within the last week) and has had none. Safe in several processes at once (see
 * writeThanks). Returns the ids of the events thanked.
 */
export async function sendDueThanks(deps: MessageDeps, now: Date): Promise<number[]> {
  const candidates = await deps.db
    .selectFrom('events')
    .select('id')
    .where('published', '=', 1)
    .where('cancelled_at', 'is', null)
    .where('thanks_sent_at', 'is', null)
    .where('ends_at', '<=', now.toISOString())
    .where('ends_at', '>', new Date(now.getTime() - THANKS_WITHIN_DAYS * DAY_MS).toISOString())
    .execute();
  const thanked: number[] = [];
  for (const { id } of candidates) {
    const count = await deps.adapter.transaction(deps.db, (trx) =>
      writeThanks(trx, deps, { eventId: id, actor: 'system', userId: null }, now),
    );
    if (count !== null) thanked.push(id);
  }
  return thanked;
}
