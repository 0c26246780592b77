import { recordAudit } from '../shared/audit.ts';
import type { DbDeps } from '../shared/deps.ts';
import { type FieldProblem, fail, type Result } from '../shared/result.ts';

export const EVALUATION_COMMENT_MAX = 4000;

/**
 * Saves a registrant's evaluation: a rating 1–5 per programme part (any may be left out) and
 * free text. Saving again replaces the earlier answer. Open from the event's start.
 */
export async function saveEvaluation(
  deps: DbDeps,
  input: { registrationId: number; ratings: Record<string, number>; comment: string },
  now: Date,
): Promise<Result<{ created: boolean }>> {
  const row = await deps.db
    .selectFrom('registrations')
    .innerJoin('events', 'events.id', 'registrations.event_id')
    .select(['registrations.id', 'registrations.event_id', 'registrations.status', 'events.starts_at'])
    .where('registrations.id', '=', input.registrationId)
    .executeTakeFirst();
  if (!row) return fail('not_found');
  if (row.status === 'cancelled') return fail('forbidden');
  if (now.toISOString() < row.starts_at) return fail('conflict');
  const parts = await deps.db.selectFrom('programme_parts').select('id').where('event_id', '=', row.event_id).execute();
  const partIds = new Set(parts.map((p) => String(p.id)));
  const fields: Record<string, FieldProblem> = {};
  for (const [part, rating] of Object.entries(input.ratings)) {
    if (!partIds.has(part) || !Number.isInteger(rating) || rating < 1 || rating > 5)
      fields[`rating.${part}`] = 'invalid_value';
  }
  if (input.comment.length > EVALUATION_COMMENT_MAX) fields.comment = 'invalid_value';
  if (Object.keys(fields).length > 0) return fail('invalid', fields);

  const at = now.toISOString();
  const ratingsJson = JSON.stringify(input.ratings);
  return deps.adapter.transaction(deps.db, async (trx) => {
    const existing = await trx
      .selectFrom('evaluations')
      .select('id')
      .where('registration_id', '=', row.id)
      .executeTakeFirst();
    await trx
      .insertInto('evaluations')
      .values({
        event_id: row.event_id,
        registration_id: row.id,
        ratings_json: ratingsJson,
        comment: input.comment,
        created_at: at,
        updated_at: at,
      })
      .onConflict((oc) =>
        oc.column('registration_id').doUpdateSet({ ratings_json: ratingsJson, comment: input.comment, updated_at: at }),
      )
      .execute();
    await recordAudit(
      trx,
      {
        actor: `registration:${row.id}`,
        action: existing ? 'evaluation.updated' : 'evaluation.saved',
        eventId: row.event_id,
        subjectType: 'registration',
        subjectId: row.id,
        data: { parts: Object.keys(input.ratings).length, comment: input.comment !== '' },
      },
      now,
    );
    return { ok: true as const, created: !existing };
  });
}
