import { recordAudit } from '../shared/audit.ts';
import type { Deps } from '../shared/deps.ts';
import { fail } from '../shared/result.ts';
import { changes, type EditTarget, editEvent, nextPosition } from './event-edit.ts';

export interface PartyFields {
  kind: 'organiser' | 'partner';
  name: string;
  url: string | null;
}

/** Adds an organiser or partner shown on the event page (partyId null), or changes one. */
export async function saveEventParty(
  deps: Pick<Deps, 'db' | 'adapter'>,
  input: EditTarget & { partyId: number | null; fields: PartyFields },
  now: Date,
) {
  const values = { kind: input.fields.kind, name: input.fields.name, url: input.fields.url };
  return editEvent(deps, input, now, async (trx) => {
    if (input.partyId === null) {
      const row = await trx
        .insertInto('event_parties')
        .values({
          ...values,
          event_id: input.eventId,
          position: await nextPosition(trx, 'event_parties', input.eventId),
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      await recordAudit(
        trx,
        {
          actor: input.actor,
          action: 'party.added',
          eventId: input.eventId,
          subjectType: 'event_party',
          subjectId: row.id,
          data: values,
        },
        now,
      );
      return { id: row.id };
    }
    const existing = await trx
      .selectFrom('event_parties')
      .selectAll()
      .where('id', '=', input.partyId)
      .where('event_id', '=', input.eventId)
      .executeTakeFirst();
    if (!existing) return fail('not_found');
    await trx.updateTable('event_parties').set(values).where('id', '=', existing.id).execute();
    await recordAudit(
      trx,
      {
        actor: input.actor,
        action: 'party.updated',
        eventId: input.eventId,
        subjectType: 'event_party',
        subjectId: existing.id,
        data: { changes: changes(existing, values) },
      },
      now,
    );
    return { id: existing.id };
  });
}
