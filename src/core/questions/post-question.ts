// A participant posts a question or reflection from the phone, without an account. With
// moderation "pre" it waits for the facilitator; with "post" it shows at once (and can be hidden).
import { recordAudit } from '../shared/audit.ts';
import type { DbDeps } from '../shared/deps.ts';
import { fail, type Result } from '../shared/result.ts';
import { cleanText, normalizeQuestionBody, QUESTION_LIMITS, type QuestionStatus } from './types.ts';

export interface PostQuestionInput {
  roomId: number;
  body: string;
  /** Only used where the room allows names (named, or choice when given). */
  name: string;
  role: string;
  /** A hash of the poster's cookie id (never the id itself). */
  posterKey: string;
}

/**
 * Posts a question. Fails with `not_found`, `room_closed`, or `invalid` with `body`
 * (`text_required`, `too_long`, `duplicate_text`) or `name` (`name_required`,
 * `too_long`) / `role` (`too_long`).
 */
export async function postQuestion(
  deps: DbDeps,
  input: PostQuestionInput,
  now: Date,
): Promise<Result<{ id: number; status: QuestionStatus; roomId: number; eventId: number }>> {
  const body = cleanText(input.body);
  const norm = normalizeQuestionBody(body);
  if (norm === '') return fail('invalid', { body: 'text_required' });
  if (body.length > QUESTION_LIMITS.body) return fail('invalid', { body: 'too_long' });
  const room = await deps.db
    .selectFrom('question_rooms')
    .select(['id', 'event_id', 'open', 'identity_mode', 'moderation'])
    .where('id', '=', input.roomId)
    .executeTakeFirst();
  if (!room) return fail('not_found');
  if (room.open !== 1) return fail('room_closed');
  let name = '';
  let role = '';
  if (room.identity_mode !== 'anonymous') {
    name = cleanText(input.name).replace(/\s+/g, ' ');
    role = cleanText(input.role).replace(/\s+/g, ' ');
    if (name.length > QUESTION_LIMITS.name) return fail('invalid', { name: 'too_long' });
    if (role.length > QUESTION_LIMITS.role) return fail('invalid', { role: 'too_long' });
    if (room.identity_mode === 'named' && name === '') return fail('invalid', { name: 'name_required' });
    // A role without a name would be neither anonymous nor named.
    if (name === '') role = '';
  }
  const status: QuestionStatus = room.moderation === 'pre' ? 'pending' : 'visible';
  try {
    return await deps.adapter.transaction(deps.db, async (trx) => {
      // Checked again inside the transaction: the room may have closed meanwhile.
      const current = await trx
        .selectFrom('question_rooms')
        .select('open')
        .where('id', '=', room.id)
        .executeTakeFirst();
      if (current?.open !== 1) return fail('room_closed');
      const same = await trx
        .selectFrom('questions')
        .select('id')
        .where('room_id', '=', room.id)
        .where('body_norm', '=', norm)
        .executeTakeFirst();
      if (same) return fail('invalid', { body: 'duplicate_text' });
      const at = now.toISOString();
      const row = await trx
        .insertInto('questions')
        .values({
          room_id: room.id,
          event_id: room.event_id,
          body,
          body_norm: norm,
          author_name: name,
          author_role: role,
          status,
          pinned_at: null,
          answered_at: null,
          votes: 0,
          poster_key_hash: input.posterKey,
          created_at: at,
          updated_at: at,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      await recordAudit(
        trx,
        {
          actor: 'participant',
          action: 'question.posted',
          eventId: room.event_id,
          subjectType: 'question',
          subjectId: row.id,
          data: { roomId: room.id, status, named: name !== '' },
        },
        now,
      );
      return { ok: true as const, id: row.id, status, roomId: room.id, eventId: room.event_id };
    });
  } catch (error) {
    // Two phones sent the same text at the same moment: the unique index let one through.
    const again = await deps.db
      .selectFrom('questions')
      .select('id')
      .where('room_id', '=', room.id)
      .where('body_norm', '=', norm)
      .executeTakeFirst();
    if (again) return fail('invalid', { body: 'duplicate_text' });
    throw error;
  }
}
