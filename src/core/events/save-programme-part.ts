import { recordAudit } from '../shared/audit.ts';
import type { Deps } from '../shared/deps.ts';
import { fail } from '../shared/result.ts';
import { changes, type EditTarget, editEvent, nextPosition } from './event-edit.ts';

export interface PartFields {
  /** "DEL 1". */
  label: string;
  title: string;
  facilitators: string;
}

/** Adds a part of the programme (partId null) or changes its label, title and facilitators. */
export async function saveProgrammePart(
  deps: Pick<Deps, 'db' | 'adapter'>,
  input: EditTarget & { partId: number | null; fields: PartFields },
  now: Date,
) {
  const f = input.fields;
  return editEvent(deps, input, now, async (trx) => {
    const values = { label: f.label, title: f.title, facilitators: f.facilitators };
    if (input.partId === null) {
      const row = await trx
        .insertInto('programme_parts')
        .values({
          ...values,
          event_id: input.eventId,
          position: await nextPosition(trx, 'programme_parts', input.eventId),
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      await recordAudit(
        trx,
        {
          actor: input.actor,
          action: 'programme.part_added',
          eventId: input.eventId,
          subjectType: 'programme_part',
          subjectId: row.id,
          data: values,
        },
        now,
      );
      return { id: row.id };
    }
    const existing = await trx
      .selectFrom('programme_parts')
      .selectAll()
      .where('id', '=', input.partId)
      .where('event_id', '=', input.eventId)
      .executeTakeFirst();
    if (!existing) return fail('not_found');
    await trx.updateTable('programme_parts').set(values).where('id', '=', existing.id).execute();
    await recordAudit(
      trx,
      {
        actor: input.actor,
        action: 'programme.part_updated',
        eventId: input.eventId,
        subjectType: 'programme_part',
        subjectId: existing.id,
        data: { changes: changes(existing, values) },
      },
      now,
    );
    return { id: existing.id };
  });
}
