import type { Selectable } from 'kysely';
import type { Db } from '../../db/adapter.ts';
import type {
  EventLinksTable,
  EventPartiesTable,
  EventQuestionsTable,
  EventRolesTable,
  ItemSpeakersTable,
  ProgrammeItemsTable,
  ProgrammePartsTable,
  SessionsTable,
} from '../../db/schema.ts';
import type { EventRow } from './event-edit.ts';
import { parseOptions } from './get-event.ts';

export interface EditorEvent {
  event: EventRow;
  parties: Selectable<EventPartiesTable>[];
  links: Selectable<EventLinksTable>[];
  roles: (Selectable<EventRolesTable> & { inUse: boolean })[];
  parts: Selectable<ProgrammePartsTable>[];
  items: (Selectable<ProgrammeItemsTable> & { speakers: Selectable<ItemSpeakersTable>[] })[];
  sessions: (Selectable<SessionsTable> & { registrations: number })[];
  questions: (Selectable<EventQuestionsTable> & { options: string[] })[];
}

/** Everything the editor shows of an event, as stored (published or not), with row ids. */
export async function getEventForEditing(db: Db, eventId: number): Promise<EditorEvent | null> {
  const event = await db.selectFrom('events').selectAll().where('id', '=', eventId).executeTakeFirst();
  if (!event) return null;
  const [parties, links, roles, parts, sessions, items, questions, sessionCounts, roleCounts] = await Promise.all([
    db
      .selectFrom('event_parties')
      .selectAll()
      .where('event_id', '=', eventId)
      .orderBy('position')
      .orderBy('id')
      .execute(),
    db
      .selectFrom('event_links')
      .selectAll()
      .where('event_id', '=', eventId)
      .orderBy('position')
      .orderBy('id')
      .execute(),
    db
      .selectFrom('event_roles')
      .selectAll()
      .where('event_id', '=', eventId)
      .orderBy('position')
      .orderBy('id')
      .execute(),
    db
      .selectFrom('programme_parts')
      .selectAll()
      .where('event_id', '=', eventId)
      .orderBy('position')
      .orderBy('id')
      .execute(),
    db.selectFrom('sessions').selectAll().where('event_id', '=', eventId).orderBy('position').orderBy('id').execute(),
    db
      .selectFrom('programme_items')
      .innerJoin('programme_parts', 'programme_parts.id', 'programme_items.part_id')
      .selectAll('programme_items')
      .where('programme_parts.event_id', '=', eventId)
      .orderBy('programme_items.starts_at')
      .orderBy('programme_items.position')
      .execute(),
    db
      .selectFrom('event_questions')
      .selectAll()
      .where('event_id', '=', eventId)
      .orderBy('position')
      .orderBy('id')
      .execute(),
    db
      .selectFrom('registrations')
      .select(['session_id', (eb) => eb.fn.countAll<number>().as('n')])
      .where('event_id', '=', eventId)
      .groupBy('session_id')
      .execute(),
    db
      .selectFrom('registrations')
      .select(['role', (eb) => eb.fn.countAll<number>().as('n')])
      .where('event_id', '=', eventId)
      .groupBy('role')
      .execute(),
  ]);
  const itemIds = items.map((i) => i.id);
  const speakers =
    itemIds.length === 0
      ? []
      : await db.selectFrom('item_speakers').selectAll().where('item_id', 'in', itemIds).orderBy('position').execute();
  const perSession = new Map(sessionCounts.map((c) => [c.session_id, Number(c.n)]));
  const usedRoles = new Set(roleCounts.map((c) => c.role));
  return {
    event,
    parties,
    links,
    roles: roles.map((r) => ({ ...r, inUse: usedRoles.has(r.code) })),
    parts,
    items: items.map((i) => ({ ...i, speakers: speakers.filter((s) => s.item_id === i.id) })),
    sessions: sessions.map((s) => ({ ...s, registrations: perSession.get(s.id) ?? 0 })),
    questions: questions.map((q) => ({ ...q, options: parseOptions(q.options_json) })),
  };
}
