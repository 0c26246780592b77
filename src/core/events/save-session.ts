import { promoteWaitlisted } from '../registrations/places.ts';
import { recordAudit } from '../shared/audit.ts';
import type { Deps } from '../shared/deps.ts';
import { type FieldProblem, fail } from '../shared/result.ts';
import { changes, type EditTarget, editEvent, invalid, nextPosition, spanProblems } from './event-edit.ts';

export interface SessionFields {
  code: string;
  title: string;
  description: string;
  facilitator: string;
  /** The programme part the session runs in. */
  partId: number | null;
  startsAt: Date;
  endsAt: Date;
  /** null: unlimited. */
  capacity: number | null;
  /** A pitch session (research workshop): registrants submit ideas and give feedback. Undefined: unchanged. */
  pitch?: boolean;
}

/**
 * Adds a parallel session (sessionId null) or changes one. Raising its capacity confirms people
 * from its waiting list; lowering it below the seats already taken is refused.
 */
export async function saveSession(
  deps: Deps,
  input: EditTarget & { sessionId: number | null; fields: SessionFields },
  now: Date,
) {
  const f = input.fields;
  return editEvent(deps, input, now, async (trx, event) => {
    const existing =
      input.sessionId === null
        ? undefined
        : await trx
            .selectFrom('sessions')
            .selectAll()
            .where('id', '=', input.sessionId)
            .where('event_id', '=', input.eventId)
            .executeTakeFirst();
    if (input.sessionId !== null && !existing) return fail('not_found');
    const fields: Record<string, FieldProblem> = spanProblems(f, event);
    const sameCode = await trx
      .selectFrom('sessions')
      .select('id')
      .where('event_id', '=', input.eventId)
      .where('code', '=', f.code)
      .executeTakeFirst();
    if (sameCode && sameCode.id !== input.sessionId) fields.code = 'duplicate_code';
    if (f.partId !== null) {
      const part = await trx
        .selectFrom('programme_parts')
        .select('id')
        .where('id', '=', f.partId)
        .where('event_id', '=', input.eventId)
        .executeTakeFirst();
      if (!part) fields.partId = 'invalid_value';
    }
    if (existing && f.capacity !== null && f.capacity < existing.seats_taken) fields.capacity = 'below_seats_taken';
    if (Object.keys(fields).length > 0) return invalid(fields);

    const values = {
      code: f.code,
      title: f.title,
      description: f.description,
      facilitator: f.facilitator,
      part_id: f.partId,
      starts_at: f.startsAt.toISOString(),
      ends_at: f.endsAt.toISOString(),
      capacity: f.capacity,
      ...(f.pitch === undefined ? {} : { pitch: f.pitch ? 1 : 0 }),
    };
    if (!existing) {
      const row = await trx
        .insertInto('sessions')
        .values({ ...values, event_id: input.eventId, position: await nextPosition(trx, 'sessions', input.eventId) })
        .returning('id')
        .executeTakeFirstOrThrow();
      await recordAudit(
        trx,
        {
          actor: input.actor,
          action: 'session.added',
          eventId: input.eventId,
          subjectType: 'session',
          subjectId: row.id,
          data: values,
        },
        now,
      );
      return { id: row.id, promoted: [] as number[] };
    }
    const changed = changes(existing, values);
    await trx.updateTable('sessions').set(values).where('id', '=', existing.id).execute();
    await recordAudit(
      trx,
      {
        actor: input.actor,
        action: 'session.updated',
        eventId: input.eventId,
        subjectType: 'session',
        subjectId: existing.id,
        data: { code: f.code, changes: changed },
      },
      now,
    );
    let promoted: number[] = [];
    if (changed.capacity) {
      await recordAudit(
        trx,
        {
          actor: input.actor,
          action: 'session.capacity_changed',
          eventId: input.eventId,
          subjectType: 'session',
          subjectId: existing.id,
          data: { code: f.code, ...changed.capacity },
        },
        now,
      );
      promoted = await promoteWaitlisted(trx, deps.notifier, input.eventId, input.actor, now);
    }
    return { id: existing.id, promoted };
  });
}
