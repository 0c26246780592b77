import type { IntakeState } from '../../db/schema.ts';
import { fail, type Result } from '../shared/result.ts';
import { cancelByMail, changeByMail, eventById, type MailChange, registerDrafts } from './act-on-message.ts';
import { threadOf } from './drafts.ts';
import { markHandled } from './receive-message.ts';
import type { IntakeDeps, PersonDraft, StoredParse } from './types.ts';

export type AcceptInput = {
  eventId: number;
  intakeId: number;
  userId: number;
  actor: string;
} & (
  | { action: 'register'; people: PersonDraft[]; lang: string }
  | { action: 'cancel'; registrationIds: number[] }
  | { action: 'change'; registrationId: number; change: MailChange }
  | { action: 'handled' }
);

const OPEN: IntakeState[] = ['pending_review', 'failed'];

/**
 * The organiser's decision on a message in the review queue: register the (corrected) people
 * with the same rules as the form, cancel the chosen registrations, make the change asked for
 * to one registration (the personal link's rules), or mark it handled (done by hand). The answer goes to the writer in the message's thread. A message is
 * decided once: a second organiser deciding at the same time gets `conflict`.
 */
export async function acceptIntakeMessage(
  deps: IntakeDeps,
  input: AcceptInput,
  now: Date,
): Promise<Result<{ state: IntakeState; registrationIds: number[] }>> {
  const row = await deps.db
    .selectFrom('intake_messages')
    .select(['id', 'state', 'parsed_json', 'sent_at', 'received_at'])
    .where('id', '=', input.intakeId)
    .where('event_id', '=', input.eventId)
    .executeTakeFirst();
  if (!row) return fail('not_found');
  if (!OPEN.includes(row.state)) return fail('conflict');
  const event = await eventById(deps, input.eventId);
  if (!event) return fail('not_found');
  const parsed = JSON.parse(row.parsed_json) as StoredParse;
  const thread = threadOf(parsed);
  const actor = input.actor;
  const target: IntakeState =
    input.action === 'cancel' ? 'cancelled' : input.action === 'change' ? 'changed' : 'accepted';
  if (input.action === 'change') {
    const registration = await deps.db
      .selectFrom('registrations')
      .select('id')
      .where('id', '=', input.registrationId)
      .where('event_id', '=', input.eventId)
      .where('status', '<>', 'cancelled')
      .executeTakeFirst();
    if (!registration) return fail('invalid', { registration: 'invalid_value' });
  }

  // Take the message first, so that two organisers cannot both act on it.
  const claimed = await deps.adapter.transaction(deps.db, async (trx) => {
    const result = await trx
      .updateTable('intake_messages')
      .set({ state: target, handled_by: input.userId, handled_at: now.toISOString() })
      .where('id', '=', row.id)
      .where('state', 'in', OPEN)
      .executeTakeFirst();
    return Number(result.numUpdatedRows) === 1;
  });
  if (!claimed) return fail('conflict');
  const giveBack = async () => {
    await deps.db
      .updateTable('intake_messages')
      .set({ state: row.state, handled_by: null, handled_at: null })
      .where('id', '=', row.id)
      .execute();
  };

  try {
    if (input.action === 'register') {
      // The message's Date decides the deadline, as for the automatic path.
      const received = new Date(row.received_at);
      const sent = row.sent_at ? new Date(row.sent_at) : null;
      const sentAt = sent && sent.getTime() <= received.getTime() + 10 * 60_000 ? sent : received;
      const result = await registerDrafts(
        deps,
        event,
        input.people,
        { writer: parsed.from?.email ?? null, lang: input.lang, sentAt, thread },
        now,
      );
      if (!result.ok) {
        await giveBack();
        return result;
      }
      await markHandled(
        deps,
        input.eventId,
        row.id,
        'accepted',
        result.registrationIds,
        actor,
        now,
        {
          alreadyRegistered: result.alreadyRegistered,
          people: input.people.length,
        },
        input.userId,
      );
      return { ok: true, state: 'accepted', registrationIds: result.registrationIds };
    }
    if (input.action === 'cancel') {
      const result = await cancelByMail(deps, input.eventId, input.registrationIds, { actor, thread }, now);
      if (!result.ok) {
        await giveBack();
        return result;
      }
      await markHandled(deps, input.eventId, row.id, 'cancelled', result.cancelled, actor, now, {}, input.userId);
      return { ok: true, state: 'cancelled', registrationIds: result.cancelled };
    }
    if (input.action === 'change') {
      const result = await changeByMail(deps, input.registrationId, input.change, { actor, thread }, now);
      if (!result.ok) {
        await giveBack();
        return result;
      }
      await markHandled(
        deps,
        input.eventId,
        row.id,
        'changed',
        [input.registrationId],
        actor,
        now,
        { status: result.status },
        input.userId,
      );
      return { ok: true, state: 'changed', registrationIds: [input.registrationId] };
    }
    await markHandled(deps, input.eventId, row.id, 'accepted', [], actor, now, { handledByHand: true }, input.userId);
    return { ok: true, state: 'accepted', registrationIds: [] };
  } catch (error) {
    await giveBack();
    throw error;
  }
}
