// Reading question rooms: by short code (participants), by id within an event (back office), an
// event's list.
import type { Db } from '../../db/adapter.ts';
import type { QuestionRoomsTable } from '../../db/schema.ts';
import { normalizeRoomCode, type QuestionRoom } from './types.ts';

type RoomRow = Pick<
  QuestionRoomsTable,
  'event_id' | 'programme_item_id' | 'code' | 'title' | 'identity_mode' | 'moderation' | 'opened_at'
> & { id: number; open: number; item_title: string | null; item_starts_at: string | null };

function roomsQuery(db: Db) {
  return db
    .selectFrom('question_rooms')
    .leftJoin('programme_items', 'programme_items.id', 'question_rooms.programme_item_id')
    .select([
      'question_rooms.id',
      'question_rooms.event_id',
      'question_rooms.programme_item_id',
      'question_rooms.code',
      'question_rooms.title',
      'question_rooms.identity_mode',
      'question_rooms.moderation',
      'question_rooms.open',
      'question_rooms.opened_at',
      'programme_items.title as item_title',
      'programme_items.starts_at as item_starts_at',
    ]);
}

function toRoom(r: RoomRow): QuestionRoom {
  return {
    id: r.id,
    eventId: r.event_id,
    programmeItemId: r.programme_item_id,
    item:
      r.item_title !== null && r.item_starts_at !== null ? { title: r.item_title, startsAt: r.item_starts_at } : null,
    code: r.code,
    title: r.title,
    identityMode: r.identity_mode,
    moderation: r.moderation,
    open: r.open === 1,
    openedAt: r.opened_at,
  };
}

/** The room a short code names (any case), or null. */
export async function findRoomByCode(db: Db, code: string): Promise<QuestionRoom | null> {
  const c = normalizeRoomCode(code);
  if (!c) return null;
  const row = await roomsQuery(db).where('question_rooms.code', '=', c).executeTakeFirst();
  return row ? toRoom(row) : null;
}

/** One of the event's rooms, or null. */
export async function getQuestionRoom(db: Db, eventId: number, roomId: number): Promise<QuestionRoom | null> {
  const row = await roomsQuery(db)
    .where('question_rooms.id', '=', roomId)
    .where('question_rooms.event_id', '=', eventId)
    .executeTakeFirst();
  return row ? toRoom(row) : null;
}

/** The event's rooms in programme order (rooms without an item last), with their counts. */
export async function listQuestionRooms(
  db: Db,
  eventId: number,
): Promise<(QuestionRoom & { counts: { pending: number; visible: number; hidden: number } })[]> {
  const rows = await roomsQuery(db).where('question_rooms.event_id', '=', eventId).execute();
  const counts = await db
    .selectFrom('questions')
    .select(['room_id', 'status', (eb) => eb.fn.countAll<number | string>().as('n')])
    .where('event_id', '=', eventId)
    .groupBy(['room_id', 'status'])
    .execute();
  const rooms = rows.map(toRoom);
  rooms.sort((a, b) => (a.item?.startsAt ?? '9999').localeCompare(b.item?.startsAt ?? '9999') || a.id - b.id);
  return rooms.map((room) => {
    const c = { pending: 0, visible: 0, hidden: 0 };
    for (const row of counts) if (row.room_id === room.id) c[row.status] = Number(row.n);
    return { ...room, counts: c };
  });
}

/** The event's programme items (shared and parallel), in time order, for the room form. */
export async function listProgrammeItemsForRooms(
  db: Db,
  eventId: number,
): Promise<{ id: number; title: string; startsAt: string; kind: string }[]> {
  const rows = await db
    .selectFrom('programme_items')
    .innerJoin('programme_parts', 'programme_parts.id', 'programme_items.part_id')
    .select(['programme_items.id', 'programme_items.title', 'programme_items.starts_at', 'programme_items.kind'])
    .where('programme_parts.event_id', '=', eventId)
    .orderBy('programme_items.starts_at')
    .orderBy('programme_items.position')
    .execute();
  return rows.map((r) => ({ id: r.id, title: r.title, startsAt: r.starts_at, kind: r.kind }));
}

/** The event's open rooms, most recently opened first (what a display link offers). */
export async function listOpenRooms(db: Db, eventId: number): Promise<{ id: number; code: string; title: string }[]> {
  return db
    .selectFrom('question_rooms')
    .select(['id', 'code', 'title'])
    .where('event_id', '=', eventId)
    .where('open', '=', 1)
    .orderBy('opened_at', 'desc')
    .orderBy('id', 'desc')
    .execute();
}
