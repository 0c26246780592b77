import { recordAudit } from '../shared/audit.ts';
import type { Deps } from '../shared/deps.ts';
import { fail } from '../shared/result.ts';
import { changes, type EditTarget, editEvent, nextPosition } from './event-edit.ts';

export interface LinkFields {
  label: string;
  url: string;
}

/** Adds a link shown on the event page (linkId null), or changes one. */
export async function saveEventLink(
  deps: Pick<Deps, 'db' | 'adapter'>,
  input: EditTarget & { linkId: number | null; fields: LinkFields },
  now: Date,
) {
  const values = { label: input.fields.label, url: input.fields.url };
  return editEvent(deps, input, now, async (trx) => {
    if (input.linkId === null) {
      const row = await trx
        .insertInto('event_links')
        .values({ ...values, event_id: input.eventId, position: await nextPosition(trx, 'event_links', input.eventId) })
        .returning('id')
        .executeTakeFirstOrThrow();
      await recordAudit(
        trx,
        {
          actor: input.actor,
          action: 'link.added',
          eventId: input.eventId,
          subjectType: 'event_link',
          subjectId: row.id,
          data: values,
        },
        now,
      );
      return { id: row.id };
    }
    const existing = await trx
      .selectFrom('event_links')
      .selectAll()
      .where('id', '=', input.linkId)
      .where('event_id', '=', input.eventId)
      .executeTakeFirst();
    if (!existing) return fail('not_found');
    await trx.updateTable('event_links').set(values).where('id', '=', existing.id).execute();
    await recordAudit(
      trx,
      {
        actor: input.actor,
        action: 'link.updated',
        eventId: input.eventId,
        subjectType: 'event_link',
        subjectId: existing.id,
        data: { changes: changes(existing, values) },
      },
      now,
    );
    return { id: existing.id };
  });
}
