// Organisers make a room for an interactive programme item (or change its settings): its title,
// whether posts are anonymous, named or either, and whether they are checked before they show.
import { randomInt } from 'node:crypto';
import type { Db } from '../../db/adapter.ts';
import { recordAudit } from '../shared/audit.ts';
import type { DbDeps } from '../shared/deps.ts';
import { fail, type Result } from '../shared/result.ts';
import {
  IDENTITY_MODES,
  MODERATIONS,
  QUESTION_LIMITS,
  type QuestionIdentityMode,
  type QuestionModeration,
  ROOM_CODE_ALPHABET,
  ROOM_CODE_LENGTH,
} from './types.ts';

export interface RoomSettings {
  /** The interactive programme item, or null for a room of its own. */
  programmeItemId: number | null;
  /** Empty: the programme item's title. */
  title: string;
  identityMode: QuestionIdentityMode;
  moderation: QuestionModeration;
}

function newCode(): string {
  let code = '';
  for (let i = 0; i < ROOM_CODE_LENGTH; i++) code += ROOM_CODE_ALPHABET[randomInt(ROOM_CODE_ALPHABET.length)];
  return code;
}

async function checkSettings(
  trx: Db,
  eventId: number,
  s: RoomSettings,
): Promise<{ ok: true; title: string } | ReturnType<typeof fail>> {
  if (!IDENTITY_MODES.includes(s.identityMode)) return fail('invalid', { identityMode: 'invalid_value' });
  if (!MODERATIONS.includes(s.moderation)) return fail('invalid', { moderation: 'invalid_value' });
  let title = s.title.trim();
  if (s.programmeItemId !== null) {
    const item = await trx
      .selectFrom('programme_items')
      .innerJoin('programme_parts', 'programme_parts.id', 'programme_items.part_id')
      .select('programme_items.title')
      .where('programme_items.id', '=', s.programmeItemId)
      .where('programme_parts.event_id', '=', eventId)
      .executeTakeFirst();
    if (!item) return fail('invalid', { programmeItemId: 'invalid_value' });
    if (title === '') title = item.title;
  }
  if (title === '') return fail('invalid', { title: 'name_required' });
  if (title.length > QUESTION_LIMITS.title) return fail('invalid', { title: 'invalid_value' });
  return { ok: true, title };
}

/** Creates a (closed) room with a fresh short code. */
export async function createQuestionRoom(
  deps: DbDeps,
  input: { eventId: number; settings: RoomSettings; userId: number | null; actor: string },
  now: Date,
): Promise<Result<{ id: number; code: string }>> {
  // A code already taken (rare: 31^5 codes) is drawn again.
  for (let attempt = 0; ; attempt++) {
    const code = newCode();
    try {
      return await deps.adapter.transaction(deps.db, async (trx) => {
        const checked = await checkSettings(trx, input.eventId, input.settings);
        if (!checked.ok) return checked;
        const taken = await trx.selectFrom('question_rooms').select('id').where('code', '=', code).executeTakeFirst();
        if (taken) throw new CodeTaken();
        const at = now.toISOString();
        const row = await trx
          .insertInto('question_rooms')
          .values({
            event_id: input.eventId,
            programme_item_id: input.settings.programmeItemId,
            code,
            title: checked.title,
            identity_mode: input.settings.identityMode,
            moderation: input.settings.moderation,
            open: 0,
            opened_at: null,
            created_by: input.userId,
            created_at: at,
            updated_at: at,
          })
          .returning('id')
          .executeTakeFirstOrThrow();
        await recordAudit(
          trx,
          {
            actor: input.actor,
            action: 'question_room.created',
            eventId: input.eventId,
            subjectType: 'question_room',
            subjectId: row.id,
            data: { code, ...input.settings, title: checked.title },
          },
          now,
        );
        return { ok: true as const, id: row.id, code };
      });
    } catch (error) {
      if (error instanceof CodeTaken && attempt < 10) continue;
      throw error;
    }
  }
}

class CodeTaken extends Error {}

/** Changes a room's settings; posts already made keep the name they were made with. */
export async function updateQuestionRoom(
  deps: DbDeps,
  input: { eventId: number; roomId: number; settings: RoomSettings; actor: string },
  now: Date,
): Promise<Result<object>> {
  return deps.adapter.transaction(deps.db, async (trx) => {
    const room = await trx
      .selectFrom('question_rooms')
      .select('id')
      .where('id', '=', input.roomId)
      .where('event_id', '=', input.eventId)
      .executeTakeFirst();
    if (!room) return fail('not_found');
    const checked = await checkSettings(trx, input.eventId, input.settings);
    if (!checked.ok) return checked;
    await trx
      .updateTable('question_rooms')
      .set({
        programme_item_id: input.settings.programmeItemId,
        title: checked.title,
        identity_mode: input.settings.identityMode,
        moderation: input.settings.moderation,
        updated_at: now.toISOString(),
      })
      .where('id', '=', room.id)
      .execute();
    await recordAudit(
      trx,
      {
        actor: input.actor,
        action: 'question_room.updated',
        eventId: input.eventId,
        subjectType: 'question_room',
        subjectId: room.id,
        data: { ...input.settings, title: checked.title },
      },
      now,
    );
    return { ok: true as const };
  });
}

/** Opens a room for posts and votes, or closes it (what was posted stays readable). */
export async function setQuestionRoomOpen(
  deps: DbDeps,
  input: { eventId: number; roomId: number; open: boolean; actor: string },
  now: Date,
): Promise<Result<object>> {
  return deps.adapter.transaction(deps.db, async (trx) => {
    const room = await trx
      .selectFrom('question_rooms')
      .select(['id', 'open'])
      .where('id', '=', input.roomId)
      .where('event_id', '=', input.eventId)
      .executeTakeFirst();
    if (!room) return fail('not_found');
    if ((room.open === 1) === input.open) return { ok: true as const };
    const at = now.toISOString();
    await trx
      .updateTable('question_rooms')
      .set({ open: input.open ? 1 : 0, updated_at: at, ...(input.open ? { opened_at: at } : {}) })
      .where('id', '=', room.id)
      .execute();
    await recordAudit(
      trx,
      {
        actor: input.actor,
        action: input.open ? 'question_room.opened' : 'question_room.closed',
        eventId: input.eventId,
        subjectType: 'question_room',
        subjectId: room.id,
      },
      now,
    );
    return { ok: true as const };
  });
}
