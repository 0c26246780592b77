// The frame every edit of an existing event runs in: one capacity transaction (edits may change
// seats, and they serialise with sign-ups), a version check against the form that was shown,
// and events.version + 1 and updated_at = now on success (the public page's cache key).

import type { Selectable } from 'kysely';
import type { Db } from '../../db/adapter.ts';
import type { EventsTable } from '../../db/schema.ts';
import type { Deps } from '../shared/deps.ts';
import { type Failure, type FieldProblem, fail, type Result } from '../shared/result.ts';

export type EventRow = Selectable<EventsTable>;

/** Which event a form edits, and the version the form was rendered from. */
export interface EditTarget {
  eventId: number;
  version: number;
  actor: string;
}

/** Thrown inside the transaction to roll it back and answer with a failure value. */
class Refused extends Error {
  constructor(readonly failure: Failure) {
    super(failure.code);
  }
}

/**
 * Runs `change` for one event when its version is still `target.version`. `change` gets the
 * event row as it was before and returns a failure (everything is rolled back) or a value.
 */
export async function editEvent<T extends object>(
  deps: Pick<Deps, 'db' | 'adapter'>,
  target: EditTarget,
  now: Date,
  change: (trx: Db, before: EventRow) => Promise<Failure | T>,
): Promise<Result<T>> {
  try {
    return await deps.adapter.capacityTransaction(deps.db, target.eventId, async (trx) => {
      const before = await trx.selectFrom('events').selectAll().where('id', '=', target.eventId).executeTakeFirst();
      if (!before) return fail('not_found');
      // The conditional update is the check: under concurrency only one form of a version wins.
      const bumped = await trx
        .updateTable('events')
        .set({ version: before.version + 1, updated_at: now.toISOString() })
        .where('id', '=', target.eventId)
        .where('version', '=', target.version)
        .executeTakeFirst();
      if (Number(bumped.numUpdatedRows) === 0) return fail('stale_version');
      const result = await change(trx, before);
      if ('ok' in result && result.ok === false) throw new Refused(result as Failure);
      return { ok: true as const, ...(result as T) };
    });
  } catch (error) {
    if (error instanceof Refused) return error.failure;
    throw error;
  }
}

/** A failure about one or more fields. */
export function invalid(fields: Parameters<typeof fail>[1]): Failure {
  return fail('invalid', fields);
}

/** Renumbers positions 0..n-1 in the given order. */
export async function renumber(
  trx: Db,
  table: 'programme_parts' | 'sessions' | 'event_roles' | 'event_questions' | 'event_parties' | 'event_links',
  ids: number[],
) {
  for (const [position, id] of ids.entries()) {
    await trx.updateTable(table).set({ position }).where('id', '=', id).execute();
  }
}

/** Field → { from, to } for the values that differ, for the audit log. */
export function changes(before: Record<string, unknown>, after: Record<string, unknown>) {
  const out: Record<string, { from: unknown; to: unknown }> = {};
  for (const [key, to] of Object.entries(after)) {
    const from = before[key];
    if (JSON.stringify(from) !== JSON.stringify(to)) out[key] = { from, to };
  }
  return out;
}

/**
 * Problems with a time span inside the event: it must end after it starts and lie within the
 * event's own start and end. Keys are "startsAt" and "endsAt".
 */
export function spanProblems(
  span: { startsAt: Date; endsAt: Date },
  event: { starts_at: string; ends_at: string },
): Record<string, FieldProblem> {
  const fields: Record<string, FieldProblem> = {};
  if (span.endsAt <= span.startsAt) fields.endsAt = 'ends_before_start';
  if (span.startsAt.toISOString() < event.starts_at || span.startsAt.toISOString() > event.ends_at)
    fields.startsAt = 'outside_event';
  if (!fields.endsAt && (span.endsAt.toISOString() > event.ends_at || span.endsAt.toISOString() < event.starts_at))
    fields.endsAt = 'outside_event';
  return fields;
}

/** The next free position at the end of a list. */
export async function nextPosition(
  trx: Db,
  table: 'programme_parts' | 'sessions' | 'event_roles' | 'event_questions' | 'event_parties' | 'event_links',
  eventId: number,
): Promise<number> {
  const row = await trx
    .selectFrom(table)
    .select((eb) => eb.fn.max('position').as('max'))
    .where('event_id', '=', eventId)
    .executeTakeFirst();
  const max = row?.max;
  return max === null || max === undefined ? 0 : Number(max) + 1;
}
