import { recordAudit } from '../shared/audit.ts';
import type { Deps } from '../shared/deps.ts';
import { type FieldProblem, fail } from '../shared/result.ts';
import { changes, type EditTarget, editEvent, invalid, spanProblems } from './event-edit.ts';
import type { ItemKind } from './roles.ts';

export interface ItemFields {
  partId: number;
  startsAt: Date;
  endsAt: Date;
  title: string;
  kind: ItemKind;
  note: string;
  /** The parallel session whose content this item is, or null. */
  sessionId: number | null;
  /** In order; replaces the item's speakers. */
  speakers: { name: string; affiliation: string }[];
}

/** Adds a programme item (itemId null) or changes one, with its speakers. */
export async function saveProgrammeItem(
  deps: Pick<Deps, 'db' | 'adapter'>,
  input: EditTarget & { itemId: number | null; fields: ItemFields },
  now: Date,
) {
  const f = input.fields;
  return editEvent(deps, input, now, async (trx, event) => {
    const existing =
      input.itemId === null
        ? undefined
        : await trx
            .selectFrom('programme_items')
            .innerJoin('programme_parts', 'programme_parts.id', 'programme_items.part_id')
            .selectAll('programme_items')
            .where('programme_items.id', '=', input.itemId)
            .where('programme_parts.event_id', '=', input.eventId)
            .executeTakeFirst();
    if (input.itemId !== null && !existing) return fail('not_found');
    const fields: Record<string, FieldProblem> = spanProblems(f, event);
    const part = await trx
      .selectFrom('programme_parts')
      .select('id')
      .where('id', '=', f.partId)
      .where('event_id', '=', input.eventId)
      .executeTakeFirst();
    if (!part) fields.partId = 'invalid_value';
    if (f.sessionId !== null) {
      const session = await trx
        .selectFrom('sessions')
        .select('id')
        .where('id', '=', f.sessionId)
        .where('event_id', '=', input.eventId)
        .executeTakeFirst();
      if (!session) fields.sessionId = 'unknown_session';
    }
    if (Object.keys(fields).length > 0) return invalid(fields);

    const values = {
      part_id: f.partId,
      session_id: f.sessionId,
      starts_at: f.startsAt.toISOString(),
      ends_at: f.endsAt.toISOString(),
      title: f.title,
      kind: f.kind,
      note: f.note,
    };
    let id: number;
    let changed: Record<string, unknown> = values;
    if (existing) {
      id = existing.id;
      const oldSpeakers = await trx
        .selectFrom('item_speakers')
        .select(['name', 'affiliation'])
        .where('item_id', '=', id)
        .orderBy('position')
        .execute();
      changed = changes({ ...existing, speakers: oldSpeakers }, { ...values, speakers: f.speakers });
      await trx.updateTable('programme_items').set(values).where('id', '=', id).execute();
      await trx.deleteFrom('item_speakers').where('item_id', '=', id).execute();
    } else {
      const max = await trx
        .selectFrom('programme_items')
        .select((eb) => eb.fn.max('position').as('max'))
        .where('part_id', '=', f.partId)
        .executeTakeFirst();
      const position = max?.max === null || max?.max === undefined ? 0 : Number(max.max) + 1;
      const row = await trx
        .insertInto('programme_items')
        .values({ ...values, position })
        .returning('id')
        .executeTakeFirstOrThrow();
      id = row.id;
    }
    if (f.speakers.length > 0) {
      await trx
        .insertInto('item_speakers')
        .values(f.speakers.map((s, position) => ({ item_id: id, position, name: s.name, affiliation: s.affiliation })))
        .execute();
    }
    await recordAudit(
      trx,
      {
        actor: input.actor,
        action: existing ? 'programme.item_updated' : 'programme.item_added',
        eventId: input.eventId,
        subjectType: 'programme_item',
        subjectId: id,
        data: existing ? { changes: changed } : { ...values, speakers: f.speakers },
      },
      now,
    );
    return { id };
  });
}
