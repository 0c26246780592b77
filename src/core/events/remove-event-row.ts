import type { Db } from '../../db/adapter.ts';
import { recordAudit } from '../shared/audit.ts';
import type { Deps } from '../shared/deps.ts';
import { fail } from '../shared/result.ts';
import { type EditTarget, editEvent } from './event-edit.ts';

/** The kinds of rows that make up an event besides the event itself. */
export type EventRowKind = 'part' | 'item' | 'session' | 'role' | 'question' | 'party' | 'link';

export const ROW_AUDIT: Record<EventRowKind, { removed: string; moved: string; subjectType: string }> = {
  part: { removed: 'programme.part_removed', moved: 'programme.part_moved', subjectType: 'programme_part' },
  item: { removed: 'programme.item_removed', moved: 'programme.item_moved', subjectType: 'programme_item' },
  session: { removed: 'session.removed', moved: 'session.moved', subjectType: 'session' },
  role: { removed: 'role.removed', moved: 'role.moved', subjectType: 'event_role' },
  question: { removed: 'question.removed', moved: 'question.moved', subjectType: 'event_question' },
  party: { removed: 'party.removed', moved: 'party.moved', subjectType: 'event_party' },
  link: { removed: 'link.removed', moved: 'link.moved', subjectType: 'event_link' },
};

const TABLE = {
  part: 'programme_parts',
  session: 'sessions',
  role: 'event_roles',
  question: 'event_questions',
  party: 'event_parties',
  link: 'event_links',
} as const;

/** The row, when it belongs to the event. */
export async function findEventRow(trx: Db, kind: EventRowKind, eventId: number, id: number) {
  if (kind === 'item') {
    return trx
      .selectFrom('programme_items')
      .innerJoin('programme_parts', 'programme_parts.id', 'programme_items.part_id')
      .selectAll('programme_items')
      .where('programme_items.id', '=', id)
      .where('programme_parts.event_id', '=', eventId)
      .executeTakeFirst() as Promise<Record<string, unknown> | undefined>;
  }
  return trx
    .selectFrom(TABLE[kind])
    .selectAll()
    .where('id', '=', id)
    .where('event_id', '=', eventId)
    .executeTakeFirst() as Promise<Record<string, unknown> | undefined>;
}

/**
 * Removes a part, item, session, role, question, organiser or link from an event. A session or
 * role that registrations refer to stays (move or change those registrations first), and so
 * does a part that still holds sessions.
 */
export async function removeEventRow(
  deps: Pick<Deps, 'db' | 'adapter'>,
  input: EditTarget & { kind: EventRowKind; id: number },
  now: Date,
) {
  return editEvent(deps, input, now, async (trx) => {
    const row = await findEventRow(trx, input.kind, input.eventId, input.id);
    if (!row) return fail('not_found');
    if (input.kind === 'session') {
      const used = await trx
        .selectFrom('registrations')
        .select('id')
        .where('session_id', '=', input.id)
        .limit(1)
        .executeTakeFirst();
      if (used) return fail('conflict', { row: 'has_registrations' });
    }
    if (input.kind === 'role') {
      const used = await trx
        .selectFrom('registrations')
        .select('id')
        .where('event_id', '=', input.eventId)
        .where('role', '=', String(row.code))
        .limit(1)
        .executeTakeFirst();
      if (used) return fail('conflict', { row: 'role_in_use' });
    }
    if (input.kind === 'part') {
      const sessions = await trx
        .selectFrom('sessions')
        .select('id')
        .where('part_id', '=', input.id)
        .limit(1)
        .executeTakeFirst();
      if (sessions) return fail('conflict', { row: 'part_has_sessions' });
    }
    if (input.kind === 'item') await trx.deleteFrom('programme_items').where('id', '=', input.id).execute();
    else await trx.deleteFrom(TABLE[input.kind]).where('id', '=', input.id).execute();
    const audit = ROW_AUDIT[input.kind];
    await recordAudit(
      trx,
      {
        actor: input.actor,
        action: audit.removed,
        eventId: input.eventId,
        subjectType: audit.subjectType,
        subjectId: input.id,
        data: { removed: row },
      },
      now,
    );
    return { id: input.id };
  });
}
